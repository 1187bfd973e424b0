using System.Globalization;
using System.Text.Json.Nodes;
using EcoLedger.IntegrationTests.Ledger;
using EcoLedger.Ledger;
using EcoLedger.Pricing;
using EcoLedger.Storage;

namespace EcoLedger.IntegrationTests.Pricing;

/// <summary>A loan is recorded only on a credits pledge still in force: a loan on released credits secured nothing and vanished from the pledge book.</summary>
public sealed class PledgeLoanTests
{
    private static string S(long n) => n.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void Should_record_a_loan_on_a_partly_released_pledge_and_refuse_one_on_a_released_pledge()
    {
        // Given 50 t of farm pledged to the bank
        using var t = new LedgerTestDb();
        t.SeedFast();
        long pledge, firstRelease;
        using (var db = LedgerDatabase.Open(t.Path))
        {
            pledge = db.Commands.Run(new CreditCommand(CreditOperation.Pledge, "farm", 50, "bank", RequestId: "p1"), "farm").Entry.Seq;

            // When 20 t are released, then the pledge is still in force for the other 30 t: a loan is recorded
            firstRelease = db.Commands.Run(new CreditCommand(CreditOperation.Release, "farm", 20, RequestId: "r1"), "bank").Entry.Seq;
            db.Commands.Run(new RecordLoan(pledge, EcoLedger.Money.Money.Cny(1_000m), null), "bank");

            // When the last 30 t are released, then a loan on the pledge is refused and nothing is written
            db.Commands.Run(new CreditCommand(CreditOperation.Release, "farm", 30, RequestId: "r2"), "bank");
            long head = db.JournalEntries().Count;
            var e = Assert.Throws<LedgerException>(() => db.Commands.Run(new RecordLoan(pledge, EcoLedger.Money.Money.Cny(5_000m), null), "bank"));
            Assert.Equal($"Pledge {S(pledge)} is no longer in force: its 50 credits were released (20 by journal entry {S(firstRelease)}; now 50 active); " +
                "a loan is recorded only on a pledge whose credits are still pledged to 'bank'.", e.Message);
            Assert.Equal(head, db.JournalEntries().Count);
        }

        // And through the CLI the same refusal exits 2
        var (code, _, err) = t.Cli("bank", "loan", "record", "--pledge", S(pledge), "--principal", "5000", "--actor", "bank");
        Assert.Equal(2, code);
        Assert.Equal($"error: Pledge {S(pledge)} is no longer in force: its 50 credits were released (20 by journal entry {S(firstRelease)}; now 50 active); " +
            "a loan is recorded only on a pledge whose credits are still pledged to 'bank'.", err.Trim());
    }

    [Fact]
    public void Should_keep_the_stored_haircut_when_a_loan_is_recorded_again_without_one()
    {
        // Given 50 t of farm pledged to the bank, CEA at 72.40 CNY/t, and a loan of 250 CNY recorded with haircut 1 (100 %)
        using var t = new LedgerTestDb();
        t.SeedFast();
        t.Ok("ledger", "credits", "pledge", "--holder", "farm", "--to", "bank", "--quantity", "50", "--request-id", "p1", "--actor", "farm");
        long pledge;
        using (var db = LedgerDatabase.Open(t.Path))
        {
            pledge = db.JournalEntries()[^1].Seq;
        }
        string prices = Path.Combine(t.Dir, "prices.csv");
        File.WriteAllText(prices, "date,market,price_cny_per_t_co2e,source\n2025-06-27,CEA,72.40,test\n");
        t.Ok("price", "import", prices, "--actor", "reg");
        t.Ok("bank", "loan", "record", "--pledge", S(pledge), "--principal", "250", "--haircut", "1", "--actor", "bank", "--request-id", "lr6");

        // When the bank records the loan again without --haircut
        t.Ok("bank", "loan", "record", "--pledge", S(pledge), "--principal", "250", "--actor", "bank", "--request-id", "lr7");

        // Then the haircut stays 10,000 bp: MV = 50 × 72.40 = 3,620.00, collateral = 3,620 × (1 − 1) = 0, a loan on zero collateral is called.
        // (With the default 0.3 the collateral would be 2,534.00 and LTV 250 / 2,534 ≈ 0.099 ≤ 0.8: no call.)
        using (var db = LedgerDatabase.Open(t.Path))
        {
            Assert.Equal((25_000L, (int?)10_000), (db.Loans()[pledge].PrincipalFen, db.Loans()[pledge].HaircutBasisPoints));
        }
        var value = JsonNode.Parse(t.Ok("value", "pledges", "--market", "CEA", "--as-of", "2025-06-30", "--json"))!;
        var credit = value["pledges"]!.AsArray().Single(p => (string)p!["kind"]! == "credits")!;
        Assert.Equal((3620.00m, 0m, true), ((decimal)credit["market_value_cny"]!, (decimal)credit["collateral_cny"]!, (bool)credit["margin_call"]!));
        t.Ok("ledger", "verify");
    }

    [Fact]
    public void Should_refuse_a_loan_on_a_pledge_released_whole_through_the_cli()
    {
        // Given 50 t pledged to the bank and all of them released, as 'ledger credits release' does in the demo
        using var t = new LedgerTestDb();
        t.SeedFast();
        t.Ok("ledger", "credits", "pledge", "--holder", "farm", "--to", "bank", "--quantity", "50", "--request-id", "p1", "--actor", "farm");
        long pledge;
        using (var db = LedgerDatabase.Open(t.Path))
        {
            pledge = db.JournalEntries()[^1].Seq;
        }
        t.Ok("ledger", "credits", "release", "--holder", "farm", "--quantity", "50", "--request-id", "rel1", "--actor", "bank");

        // When the bank records a loan on it, then it is refused (exit 2) and the pledge book has no loan
        var (code, _, err) = t.Cli("bank", "loan", "record", "--pledge", S(pledge), "--principal", "5000", "--actor", "bank");
        Assert.Equal(2, code);
        Assert.Equal($"error: Pledge {S(pledge)} is no longer in force: its 50 credits were released (now 50 active); " +
            "a loan is recorded only on a pledge whose credits are still pledged to 'bank'.", err.Trim());
        using var after = LedgerDatabase.Open(t.Path);
        Assert.Empty(after.Loans());
    }

    [Fact]
    public void Should_refuse_a_loan_on_a_pledge_whose_block_was_released_whole_and_pledged_whole_again()
    {
        // Given 50 t pledged to the bank, released whole and pledged whole again: the same block, so the first pledge looked in force and
        // a loan on it was recorded, while the pledge book shows the block under the second pledge only and the loan vanished from it
        using var t = new LedgerTestDb();
        t.SeedFast();
        using var db = LedgerDatabase.Open(t.Path);
        long first = db.Commands.Run(new CreditCommand(CreditOperation.Pledge, "farm", 50, "bank", RequestId: "p1"), "farm").Entry.Seq;
        db.Commands.Run(new CreditCommand(CreditOperation.Release, "farm", 50, RequestId: "r1"), "bank");
        var second = db.Commands.Run(new CreditCommand(CreditOperation.Pledge, "farm", 50, "bank", RequestId: "p2"), "farm").Entry;
        var moves = ((CreditsMoved)Journal.ReadPayload(second.Kind, second.Payload)).Moves;
        Assert.Null(Assert.Single(moves).NewBlock); // the whole block, pledged in place

        // When the bank records a loan on the first pledge, then it is refused, naming the second
        var e = Assert.Throws<LedgerException>(() => db.Commands.Run(new RecordLoan(first, EcoLedger.Money.Money.Cny(5_000m), null), "bank"));
        Assert.Equal($"Pledge {S(first)} is no longer in force: its 50 credits were released (now 50 pledged again (journal entry {S(second.Seq)})); " +
            "a loan is recorded only on a pledge whose credits are still pledged to 'bank'.", e.Message);

        // And a loan on the second pledge is recorded, and the pledge book shows it
        db.Commands.Run(new RecordLoan(second.Seq, EcoLedger.Money.Money.Cny(5_000m), null), "bank");
        Assert.Equal(second.Seq, Assert.Single(db.Loans()).Key);
        Assert.Equal($"credits@{S(second.Seq)}", Assert.Single(db.PledgeOfBlocks()).Value);
        Assert.Empty(db.Verify());
    }
}
