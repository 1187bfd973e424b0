using System.Globalization;
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
}
