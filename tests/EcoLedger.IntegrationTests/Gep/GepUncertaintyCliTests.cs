using System.Text.Json;
using static EcoLedger.IntegrationTests.CliRunner;

namespace EcoLedger.IntegrationTests.Gep;

/// <summary><c>gep compute --price-year --uncertainty</c> on the Yichun sample, and the report that shows it.</summary>
public class GepUncertaintyCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-mc-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private CliRunner.Result Compute(string outDir, params string[] extra) =>
        Run([.. new[] { "gep", "compute", "--units", Repo("samples", "yichun", "units.geojson"), "--region-stats", Repo("samples", "yichun", "region-stats.csv"), "--year", "2023", "--out", outDir }, .. extra]);

    [Fact]
    public void The_same_seed_gives_the_same_intervals_and_the_report_shows_them_with_the_price_basis()
    {
        string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b"), report = Path.Combine(_dir, "report");
        var ra = Compute(a, "--price-year", "2024", "--uncertainty", "300", "--seed", "3");
        var rb = Compute(b, "--price-year", "2024", "--uncertainty", "300", "--seed", "3");

        Assert.True(ra.ExitCode == 0, ra.Err);
        Assert.True(rb.ExitCode == 0, rb.Err);
        Assert.Equal(File.ReadAllText(Path.Combine(a, "gep-uncertainty.csv")), File.ReadAllText(Path.Combine(b, "gep-uncertainty.csv")));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(a, "gep-summary.json")));
        var mc = summary.RootElement.GetProperty("uncertainty");
        Assert.Equal("linear", mc.GetProperty("method").GetString());
        var total = mc.GetProperty("total");
        Assert.True(total.GetProperty("p5_cny").GetDecimal() < total.GetProperty("p95_cny").GetDecimal());
        Assert.Equal("constant 2024 prices", summary.RootElement.GetProperty("prices").GetProperty("label").GetString());
        Assert.Contains("GEP 90% interval", ra.Out);

        var r = Run("report", "gep", "--gep", a, "--out", report, "--lang", "en");
        Assert.True(r.ExitCode == 0, r.Err);
        string html = File.ReadAllText(Path.Combine(report, "report.html"));
        Assert.Contains("GEP 90% interval", html);
        Assert.Contains("Prices: constant 2024 prices", html);
        // The indicator chart draws each indicator's P5–P95 as a whisker, and its caption says so.
        Assert.Contains("Whiskers: P5–P95 of 300 Monte Carlo draws", html);
        // and it states the distributions drawn from (methodology/parameters/gep-uncertainty.json), carbon price first among them.
        Assert.Contains("table-uncertainty", html);
        Assert.Contains("<code>carbon_price_cny_per_t_co2</code>", html);
    }

    [Fact]
    public void Too_few_draws_and_a_price_year_without_the_accounting_year_are_refused()
    {
        var few = Compute(Path.Combine(_dir, "few"), "--uncertainty", "50");
        Assert.Equal(2, few.ExitCode);
        Assert.Contains("--uncertainty: expected from 100 to 1,000,000 draws, got 50.", few.Err);

        string outDir = Path.Combine(_dir, "noyear");
        var r = Run("gep", "compute", "--units", Repo("samples", "yichun", "units.geojson"), "--region-stats", Repo("samples", "yichun", "region-stats.csv"), "--price-year", "2024", "--out", outDir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--year: expected the accounting year: with --price-year the prices in the region statistics are moved from the accounting year's price level, so the year must be given.", r.Err);
        Assert.False(Directory.Exists(outDir));
    }
}
