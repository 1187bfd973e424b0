using System.Text.Json;

namespace EcoLedger.IntegrationTests.Demo;

[Collection(DemoRunFixture.Collection)]
public class DemoCliTests(DemoRunFixture demo)
{
    private readonly string _dir = demo.Root;

    [Fact]
    public void Demo_runs_every_stage_on_the_samples()
    {
        var r = demo.Result; // ecoledger demo --samples samples --out _dir
        Assert.True(r.ExitCode == 0, r.Err);
        foreach (var region in new[] { "yichun", "lueliang" })
        {
            Assert.True(File.Exists(Path.Combine(_dir, region, "gep", "gep-summary.json")), region);
            Assert.True(File.Exists(Path.Combine(_dir, region, "zones", "zones-map.svg")), region);
            using var zones = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, region, "zones", "zones-summary.json")));
            // Under methodology v2 the samples' climate regulation of vegetation is not computed (no sourced transpiration
            // input), so Lüliang's density (about 1.2 million CNY/km²) has no unit above 5,000,000: no zone there.
            Assert.True(zones.RootElement.GetProperty("zones").GetArrayLength() >= (region == "yichun" ? 1 : 0), region);
        }
        Assert.Contains("== yichun: zones mark", r.Out);
        // The ledger story: buffer = floor(issued × 10 %), transfer 40 %, pledge 20 %, retire half of the transfer; the supply check adds up.
        var supply = r.Out[(r.Out.IndexOf("\nproject ", StringComparison.Ordinal) + 1)..].Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long issued = long.Parse(supply[2]);
        Assert.Equal(issued / 10, long.Parse(supply[3]));
        Assert.Equal(issued * 2 / 10, long.Parse(supply[5]));
        Assert.Equal("ok", supply[^1]);
        // Compensation: one Xin'an round settled; finance: the Sanming pledge is on the margin-call list.
        Assert.Contains("| sum of all postings | 0.00 |", r.Out);
        Assert.Contains("margin calls (LTV above 80.00%): credits@", r.Out);
        // The audit trail verifies live and offline, with signed checkpoints.
        Assert.Contains($"verified: {Path.Combine(_dir, "ledger.bundle")}: ledger ecoledger-demo", r.Out);
        Assert.True(File.Exists(Path.Combine(_dir, "audit-report", "audit-report.html")));
        // The registry's project goes out as CAD Trust records: one project, its blocks as units, validated against schemas/cadt.
        using (var cadtProjects = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "cadt", "projects.json"))))
        {
            var project = Assert.Single(cadtProjects.RootElement.EnumerateArray());
            Assert.Equal("YC_FOREST_1", project.GetProperty("projectId").GetString());
            Assert.Equal("China", project.GetProperty("projectLocations")[0].GetProperty("country").GetString());
        }
        using (var cadtUnits = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "cadt", "units.json"))))
        {
            Assert.Equal(issued, cadtUnits.RootElement.EnumerateArray().Sum(u => u.GetProperty("unitCount").GetInt64()));
        }
        // It ends by writing the ledger report and saying where it is.
        Assert.Contains($"== ledger: report ledger → {Path.Combine(_dir, "ledger-report", "report.html")}", r.Out);
        Assert.True(File.Exists(Path.Combine(_dir, "yichun", "gep-rasters", "raster-provenance.json")));
        foreach (var file in new[] { "report.html", "report.xlsx", "report.json" })
        {
            Assert.True(File.Exists(Path.Combine(_dir, "ledger-report", file)), file);
        }
        // Then Yichun 2023 → 2024 at constant 2024 prices: the change adds up, and the 2024 report shows the change account.
        using var change = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "yichun", "years", "compare", "gep-change-summary.json")));
        var total = change.RootElement.GetProperty("total");
        Assert.Equal("constant 2024 prices", change.RootElement.GetProperty("prices").GetString());
        Assert.Equal(total.GetProperty("change_cny").GetDecimal(),
            total.GetProperty("quantity_effect_cny").GetDecimal() + total.GetProperty("price_effect_cny").GetDecimal() + total.GetProperty("not_decomposed_cny").GetDecimal());
        string report = File.ReadAllText(Path.Combine(_dir, "yichun", "years", "report", "report.html"));
        Assert.Contains("table-change-account", report);
        // The SEEA extent account is in the report and its workbook as gep compare wrote it: closing = opening + additions − reductions
        // for every type, exactly (km² to 1 m²).
        Assert.Contains("table-extent-account", report);
        Assert.Contains("table-extent-matrix", report);
        Assert.Contains("table-condition-account", report);
        var csv = File.ReadAllLines(Path.Combine(_dir, "yichun", "years", "compare", "gep-extent-account.csv")).Select(l => l.Split(',')).ToList();
        decimal Cell(string item, int col) => decimal.Parse(csv.Single(r => r[0] == item)[col], System.Globalization.CultureInfo.InvariantCulture);
        var sheet = MiniExcelLibs.MiniExcel.Query(Path.Combine(_dir, "yichun", "years", "report", "report.xlsx"), useHeaderRow: true, sheetName: "Extent")
            .Cast<IDictionary<string, object?>>().ToList();
        for (int col = 1; col < csv[0].Length; col++)
        {
            Assert.Equal(Cell("closing_km2", col), Cell("opening_km2", col) + Cell("additions_km2", col) - Cell("reductions_km2", col));
            var closing = sheet.Single(r => (string?)r["item"] == "closing_km2");
            Assert.Equal((double)Cell("closing_km2", col), Convert.ToDouble(closing[csv[0][col]], System.Globalization.CultureInfo.InvariantCulture), 6);
        }
    }
}
