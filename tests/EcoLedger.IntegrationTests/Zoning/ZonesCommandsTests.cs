using System.Globalization;
using System.Text;
using System.Text.Json;
using EcoLedger.Cli;

namespace EcoLedger.IntegrationTests.Zoning;

public sealed class ZonesCommandsTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ecoledger-zones-cli-" + Guid.NewGuid().ToString("N"));

    public ZonesCommandsTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Program.Run(args, new CliIo(output, error, false));
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>A lon/lat square ring; coordinates rounded to 1e-6° so that neighbours share their vertices exactly.</summary>
    private static string Cell(double lon, double lat, double d)
    {
        double x0 = Math.Round(lon, 6), y0 = Math.Round(lat, 6), x1 = Math.Round(lon + d, 6), y1 = Math.Round(lat + d, 6);
        return string.Create(CultureInfo.InvariantCulture, $"[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]");
    }

    /// <summary>A 3 × 3 grid of 0.01° cells near Yichun (128.9° E, 47.7° N) in CGCS2000 lon/lat; the left column is rich.</summary>
    private (string Units, string Gep) WriteYichunLikeGrid()
    {
        var features = new List<string>();
        var csv = new StringBuilder("unit_id,region,ecosystem,indicator,quantity,quantity_unit,value_cny\n");
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                string id = $"YC-{i}{j}";
                features.Add($"{{\"type\":\"Feature\",\"properties\":{{\"unit_id\":\"{id}\",\"region\":\"yichun\",\"ecosystem\":\"forest\"}}," +
                    $"\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":{Cell(128.9 + i / 100.0, 47.7 + j / 100.0, 0.01)}}}}}");
                // About 0.83 km² each: 9,000,000 yuan is ≈ 10.8 M yuan/km²; 1,000,000 yuan ≈ 1.2 M yuan/km².
                csv.Append(CultureInfo.InvariantCulture, $"{id},yichun,forest,climate_regulation,,,{(i == 0 ? 9_000_000m : 1_000_000m):0.00}\n");
            }
        }
        string units = Path.Combine(_root, "units.geojson");
        File.WriteAllText(units, "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:4490\"}},\"features\":[" +
            string.Join(',', features) + "]}");
        string gep = Path.Combine(_root, "gep");
        Directory.CreateDirectory(gep);
        File.WriteAllText(Path.Combine(gep, "gep-units.csv"), csv.ToString());
        return (units, gep);
    }

    [Fact]
    public void Should_mark_zones_and_screen_sites_end_to_end()
    {
        // Given
        var (units, gep) = WriteYichunLikeGrid();
        string zones = Path.Combine(_root, "zones");
        string sites = Path.Combine(_root, "sites.geojson");
        File.WriteAllText(sites, "{\"type\":\"FeatureCollection\",\"features\":[" +
            $"{{\"type\":\"Feature\",\"properties\":{{\"site_id\":\"IN\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":{Cell(128.902, 47.702, 0.005)}}}}}," +
            $"{{\"type\":\"Feature\",\"properties\":{{\"site_id\":\"OUT\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":{Cell(129.5, 47.7, 0.01)}}}}}]}}");

        // When
        var mark = Run("zones", "mark", "--units", units, "--gep", gep, "--out", zones);
        var screen = Run("zones", "screen", "--zones", zones, "--sites", sites, "--json");
        var table = Run("zones", "screen", "--zones", zones, "--sites", sites);

        // Then
        Assert.Equal((0, ""), (mark.Exit, mark.Err));
        Assert.Contains("priority (≥ 5,000,000 yuan/km²): 1 zones", mark.Out, StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(zones, "zones-summary.json")));
        var zone = Assert.Single(summary.RootElement.GetProperty("zones").EnumerateArray());
        Assert.Equal(["YC-00", "YC-01", "YC-02"], zone.GetProperty("units").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(5_000_000m, summary.RootElement.GetProperty("threshold_cny_per_km2").GetDecimal());
        Assert.Equal(27_000_000m, zone.GetProperty("value_cny").GetDecimal());
        Assert.StartsWith("<svg", File.ReadAllText(Path.Combine(zones, "zones-map.svg")), StringComparison.Ordinal);

        Assert.Equal((0, ""), (screen.Exit, screen.Err));
        using var json = JsonDocument.Parse(screen.Out);
        var verdicts = json.RootElement.GetProperty("sites").EnumerateArray().ToDictionary(s => s.GetProperty("site_id").GetString()!, s => s.GetProperty("verdict").GetString());
        Assert.Equal("intersects_priority", verdicts["IN"]);
        Assert.Equal("clear", verdicts["OUT"]);
        Assert.Equal(0, table.Exit);
        Assert.Contains("2 sites: 1 intersects_priority, 0 touches_important, 1 clear", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_fail_with_one_error_line_and_write_nothing_on_bad_input()
    {
        var (units, gep) = WriteYichunLikeGrid();
        string zones = Path.Combine(_root, "zones");

        var result = Run("zones", "mark", "--units", units, "--gep", gep, "--out", zones, "--tiers", "");

        Assert.Equal(2, result.Exit);
        Assert.Equal("error: --tiers: the tier list is empty; give at least one tier as name:threshold, e.g. priority:5e6.\n", result.Err.ReplaceLineEndings("\n"));
        Assert.False(Directory.Exists(zones));
        Assert.Equal(["gep", "units.geojson"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Should_fail_on_a_missing_zones_folder()
    {
        var result = Run("zones", "screen", "--zones", Path.Combine(_root, "none"), "--sites", Path.Combine(_root, "s.geojson"));

        Assert.Equal(2, result.Exit);
        Assert.Equal($"error: zones-summary.json: not found in {Path.Combine(_root, "none")}; expected the output folder of 'zones mark'.\n",
            result.Err.ReplaceLineEndings("\n"));
    }
}
