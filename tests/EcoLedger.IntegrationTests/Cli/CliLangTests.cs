using EcoLedger.Cli;
using EcoLedger.Cli.Demo;
using EcoLedger.Cli.Hosting;
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
    public void Should_say_the_method_and_price_years_under_the_chinese_table_in_chinese()
    {
        // The Yichun sample's prices are of 2010, 2011 and 2025 (not converted: no --price-year).
        var r = Compute("--lang", "zh");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("  核算规范：生态产品总值核算规范（试行）（2022 (发改基础〔2022〕481号)；配置 spec-2022）", r.Out, StringComparison.Ordinal);
        Assert.Contains("  价格年份：2010、2011、2025（混用：本核算加总了不同年份的价格，尚未换算到同一价格年，见 gep-summary.json 的 price_years）", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("method:", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("price years", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_say_the_price_basis_under_the_chinese_table_in_chinese()
    {
        var constant = Compute("--year", "2023", "--price-year", "2024", "--lang", "zh");

        Assert.Equal(0, constant.ExitCode);
        Assert.Contains("  价格基础：2024年不变价（cpi 指数；换算系数见 gep-summary.json 的 prices）", constant.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("prices:", constant.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("constant 2024 prices", constant.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_switch_the_gep_table_to_wan_yuan_when_yi_yuan_would_show_zero()
    {
        // Given one 0.01° × 0.01° forest unit (about 0.83 km²)
        string units = Path.Combine(_dir, "small.geojson");
        File.WriteAllText(units, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"unit_id\":\"T-01\",\"region\":\"伊春\"," +
            "\"ecosystem\":\"forest\",\"subtype\":\"broadleaf\",\"precipitation_mm\":774.0,\"days_above_26c\":64,\"evapotranspiration_mm\":470.0," +
            "\"npp_t_c_per_ha\":5.2,\"heterotrophic_respiration_t_c_per_ha\":2.0},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" +
            "[[[128.4,47.4],[128.41,47.4],[128.41,47.41],[128.4,47.41],[128.4,47.4]]]}}]}");
        string outDir = Path.Combine(_dir, "small");

        // When it is computed with the Chinese table
        var r = CliRunner.Run("gep", "compute", "--units", units, "--region-stats", CliRunner.Repo("tests", "EcoLedger.IntegrationTests", "Reports", "Fixture", "region-stats.csv"),
            "--out", outDir, "--lang", "zh");

        // Then the value column is in 万元, and the GEP row is the total / 10,000 to 2 decimals
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("价值（万元）", r.Out, StringComparison.Ordinal);
        var summary = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "gep-summary.json")))!;
        decimal total = summary["total_cny"]!.GetValue<decimal>();
        // The region-level items (material products, recreation) all fall on the one unit, but carbon sequestration of
        // 0.83 km² is a few thousand yuan: 0.00 亿元, so the table switches.
        decimal carbon = summary["by_indicator"]!["carbon_sequestration"]!["value_cny"]!.GetValue<decimal>();
        Assert.InRange(carbon, 0.01m, 499_999m);
        var gep = System.Text.RegularExpressions.Regex.Match(r.Out, @"^\s+GEP\s+([\d,]+\.\d\d)\s+100\.0%", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.Equal((total / 10_000m).ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture), gep.Groups[1].Value);
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
