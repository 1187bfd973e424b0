using EcoLedger.Cli;
using EcoLedger.Cli.Demo;
using EcoLedger.Reports;

namespace EcoLedger.IntegrationTests.Cli;

public sealed class CliLangTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-lang-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private CliRunner.Result Compute(params string[] extra) =>
        CliRunner.Run(["gep", "compute", "--units", CliRunner.Repo("samples", "yichun", "units.geojson"), "--region-stats",
            CliRunner.Repo("samples", "yichun", "region-stats.csv"), "--out", Path.Combine(_dir, "gep"), .. extra]);

    [Fact]
    public void Should_print_the_gep_table_in_english_with_codes_by_default()
    {
        var r = Compute();
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("GEP of 300 units", r.Out, StringComparison.Ordinal);
        Assert.Contains("  water_conservation     regulating ", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_print_the_gep_table_in_chinese_with_lang_zh()
    {
        var r = Compute("--lang", "zh");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("GEP 核算：300 个单元", r.Out, StringComparison.Ordinal);
        Assert.Contains("水源涵养", r.Out, StringComparison.Ordinal);
        Assert.Contains("调节服务", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("water_conservation", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_an_unknown_language()
    {
        var r = Compute("--lang", "fr");
        Assert.NotEqual(0, r.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(_dir, "gep")));
    }

    [Fact]
    public void Should_have_every_cli_label_in_both_languages()
    {
        var zh = new CliLabels(ReportLanguage.Zh);
        foreach (string key in CliLabels.Keys)
        {
            Assert.False(string.IsNullOrWhiteSpace(zh[key]), key);
            Assert.False(string.IsNullOrWhiteSpace(CliLabels.En[key]), key);
        }
    }

    [Fact]
    public void Should_label_the_ledger_supply_table_in_chinese_with_lang_zh()
    {
        string db = Path.Combine(_dir, "ledger.db");
        EcoLedger.Cli.Demo.LedgerDemo.Build(db, ["U1"], 1_000);
        var r = CliRunner.Run("ledger", "supply", "--db", db, "--lang", "zh");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("项目         年份                    签发", r.Out, StringComparison.Ordinal);
        var en = CliRunner.Run("ledger", "supply", "--db", db);
        Assert.StartsWith("project      vintage ", en.Out, StringComparison.Ordinal);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
