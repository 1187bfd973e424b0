using System.Text.Json.Nodes;
using EcoLedger.Reports;
using EcoLedger.Reports.Gep;

namespace EcoLedger.IntegrationTests.Reports;

/// <summary>
/// The report of a run at one price year lists the prices the run computed with (converted), and says where each came from, so a
/// reader multiplying a quantity by the listed price gets the listed value.
/// </summary>
public sealed class GepReportPriceYearTests(GepReportFixture fx) : IClassFixture<GepReportFixture>
{
    [Theory]
    [InlineData(ReportLanguage.Zh, "2024（由 2010 年公布价格 7.06 &#215; CPI 价格指数换算系数 1.323302 换算）")]
    [InlineData(ReportLanguage.En, "2024 (the 2010 published price 7.06 &#215; the CPI index factor 1.323302)")]
    public void A_run_at_constant_prices_lists_its_converted_prices_and_their_published_origin(ReportLanguage language, string priceYearCell)
    {
        // Given the fixture's units accounted for 2024 at constant 2024 prices
        string fixture = CliRunner.Repo("tests", "EcoLedger.IntegrationTests", "Reports", "Fixture");
        string root = Path.Combine(fx.Root, $"price-year-{language}"), gep = Path.Combine(root, "gep");
        var run = CliRunner.Run("gep", "compute", "--units", Path.Combine(fixture, "units.geojson"), "--region-stats", Path.Combine(fixture, "region-stats.csv"),
            "--year", "2024", "--price-year", "2024", "--out", gep);
        Assert.True(run.ExitCode == 0, run.Err);

        // When its report is written
        var files = GepReport.Write(new GepReportRequest(gep, null, null, Path.Combine(root, "report"), language),
            new GepReportFixture.FixedClock(GepReportFixture.Generated));

        // Then the parameter table is the run's converted one: reservoir storage 7.06 CNY/m³ (2010) × 1.323302 (CPI 2010→2024,
        // methodology/parameters/price-index.json) = 9.34251212 CNY/m³, in the indicator details and in the appendix
        var json = JsonNode.Parse(File.ReadAllText(files.Json))!;
        Assert.Equal("2026.2@cpi-2024", json["parameters_version"]!.GetValue<string>());
        Assert.True(json["parameters_resolved"]!.GetValue<bool>());
        var reservoir = json["indicators"]!.AsArray().SelectMany(i => i!["parameters"]!.AsArray()).First(p => p!["key"]!.GetValue<string>() == "reservoir_cost_cny_per_m3")!;
        Assert.Equal(9.34251212m, reservoir["value"]!.GetValue<decimal>());
        string html = File.ReadAllText(files.Html);
        Assert.Contains($"reservoir_cost_cny_per_m3</code></td><td class=\"num\">9.34251212</td><td>{(language == ReportLanguage.Zh ? "元" : "CNY")}/m&#179;</td><td>{priceYearCell}</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain(language == ReportLanguage.Zh ? "未能找到对应的覆盖文件" : "its override file could not be found", html, StringComparison.Ordinal);
    }
}
