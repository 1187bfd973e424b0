using System.Text.Json.Nodes;
using EcoLedger.Cli;
using EcoLedger.Cli.Commands;
using EcoLedger.Cli.Hosting;
using EcoLedger.Storage;

namespace EcoLedger.IntegrationTests.Pricing;

/// <summary>The finance sample end to end through Program.Run, in-process, on a temporary database.</summary>
public sealed class PricingCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-pricing-").FullName;

    private string Db => Path.Combine(_dir, "ledger.db");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private CliRunner.Result Run(params string[] args) => CliRunner.Run([.. args, "--db", Db]);

    [Fact]
    public void Should_run_the_finance_sample_and_value_it_through_the_cli()
    {
        // Given the finance sample run against a fresh database
        var o = new StringWriter();
        var e = new StringWriter();
        Assert.Equal(0, EcoLedger.Cli.Demo.FinanceDemo.RunFinanceSample(new CliIo(o, e, false), Db, CliRunner.Repo("samples"), EcoLedger.Cli.Program.Run));
        Assert.Equal("", e.ToString());
        string text = o.ToString();
        Assert.Contains("margin calls", text);
        Assert.Contains("NPV", text);

        // Then the pledge of 18,294 t carries the 5 million loan, valued on CEA's 2025-06-27 quote (72.40 CNY/t, vintage 2016–2020 aged 5 → 0.85):
        // MV = 18,294 × 72.40 = 1,324,485.60, × 0.85 = 1,125,812.76; collateral = × 0.7 = 788,068.932 → 788,068.93; LTV = 5,000,000 / 788,068.93 ≈ 6.3446 > 0.8 → margin call.
        var pledges = JsonNode.Parse(Run("value", "pledges", "--market", "CEA", "--as-of", "2025-06-30", "--discounts",
            CliRunner.Repo("samples", "finance", "vintage-discounts.csv"), "--json").Out)!;
        var credit = pledges["pledges"]!.AsArray().First(p => (string)p!["kind"]! == "credits")!;
        Assert.Equal(1125812.76m, (decimal)credit["market_value_cny"]!);
        Assert.Equal(788068.93m, (decimal)credit["collateral_cny"]!);
        Assert.Equal(5000000m, (decimal)credit["loan_cny"]!);
        Assert.True((bool)credit["margin_call"]!);
        Assert.Contains(pledges["pledges"]!.AsArray(), p => (string)p!["pledge"]! == "SC_PKG_1_C01");

        // And the 2025 distribution (income 5,000 below the minimums 6,400) was paid pro rata with the shortfall owed
        var show = JsonNode.Parse(Run("bank", "package", "show", "--id", "SC_PKG_1", "--json").Out)!;
        var d2025 = show["distributions"]!.AsArray().Where(d => (int)d!["year"]! == 2025).ToList();
        Assert.Equal(5000m, d2025.Sum(d => (decimal)d!["total_cny"]!));
        Assert.Equal(1400m, d2025.Sum(d => (decimal)d!["owed_cny"]!));

        // And a certificate transfer is refused, and the ledger (with the pricing events in its journal) still verifies
        var transfer = Run("bank", "certificate", "transfer", "--id", "SC_PKG_1_C01", "--to", "hh_lin", "--actor", "hh_chen");
        Assert.Equal(2, transfer.ExitCode);
        Assert.Equal("error: Share certificate 'SC_PKG_1_C01' cannot be transferred from 'hh_chen' to 'hh_lin': ecological-bank certificates stay with the " +
            "contributing household; they may be pledged, never transferred (trigger 'transfer', state 'pledged', actor 'hh_chen').", transfer.ErrLines[0]);
        Assert.Equal(0, Run("ledger", "verify").ExitCode);

        // And running the sample again writes nothing new (request ids)
        long before;
        using (var db = LedgerDatabase.Open(Db))
        {
            before = db.JournalEntries().Count;
        }
        Assert.Equal(0, EcoLedger.Cli.Demo.FinanceDemo.RunFinanceSample(new CliIo(TextWriter.Null, TextWriter.Null, false), Db, CliRunner.Repo("samples"), EcoLedger.Cli.Program.Run));
        using (var db = LedgerDatabase.Open(Db))
        {
            Assert.Equal(before, db.JournalEntries().Count);
        }
    }

    [Fact]
    public void Should_journal_nothing_when_the_same_price_file_is_imported_again()
    {
        // Before: a second "event N price.imported" with "imported 2 quotes (0 new)" and a new checkpoint.
        string csv = Path.Combine(_dir, "p.csv");
        File.WriteAllText(csv, "date,market,price_cny_per_t_co2e,source\n2024-01-02,CEA,80.00,test\n2024-01-03,CEA,81.00,test\n");
        Assert.Equal(0, Run("ledger", "init").ExitCode);
        Assert.Equal(0, Run("ledger", "participant", "add", "--id", "registry", "--role", "registry").ExitCode);
        Assert.Equal(0, Run("price", "import", csv, "--actor", "registry").ExitCode);
        string checkpoint = Run("audit", "checkpoint", "--json").Out;
        long before;
        using (var db = LedgerDatabase.Open(Db))
        {
            before = db.JournalEntries().Count;
        }

        var again = Run("price", "import", csv, "--actor", "registry");

        Assert.Equal(0, again.ExitCode);
        Assert.Equal("0 new quotes of CEA, 2024-01-02..2024-01-03, 2 already recorded (skipped)", again.Out.TrimEnd());
        Assert.True((bool)JsonNode.Parse(Run("price", "import", csv, "--actor", "registry", "--json").Out)!["unchanged"]!);
        using (var db = LedgerDatabase.Open(Db))
        {
            Assert.Equal(before, db.JournalEntries().Count);
        }
        Assert.Equal(checkpoint, Run("audit", "checkpoint", "--json").Out);
        Assert.Equal(0, Run("audit", "verify").ExitCode);
    }

    [Fact]
    public void Should_refuse_a_valuation_when_the_last_quote_is_too_old()
    {
        File.WriteAllText(Path.Combine(_dir, "p.csv"), "date,market,price_cny_per_t_co2e,source\n2024-01-02,CEA,80.00,test\n");
        Assert.Equal(0, Run("ledger", "init").ExitCode);
        Assert.Equal(0, Run("ledger", "participant", "add", "--id", "registry", "--role", "registry").ExitCode);
        Assert.Equal(0, Run("price", "import", Path.Combine(_dir, "p.csv"), "--actor", "registry").ExitCode);
        var r = Run("price", "show", "--as-of", "2024-06-30");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: The last quote of market 'CEA' on or before 2024-06-30 is of 2024-01-02, 180 days old; the limit is 90 days (--max-age-days).", r.ErrLines[0]);
        var early = Run("price", "show", "--as-of", "2023-12-31");
        Assert.Equal("error: Market 'CEA' has no quote on or before 2023-12-31; its first quote is of 2024-01-02, and a later quote is never used.", early.ErrLines[0]);
    }
}
