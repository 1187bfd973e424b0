using System.Globalization;
using System.Text;
using System.Text.Json;
using EcoLedger.Cli;
using EcoLedger.Cli.Hosting;

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
        // Three 0.01° cells at 47.7°N: 3 × 0.75 km × 1.11 km ≈ 2.50 km², printed with 2 decimals (the JSON keeps 6).
        Assert.Matches(@"^priority \(≥ 5,000,000 yuan/km²\): 1 zone, 2\.\d\d km², 27,000,000\.00 yuan$", mark.Out.ReplaceLineEndings("\n").Split('\n')[1]);
        Assert.StartsWith("9 units, ", mark.Out, StringComparison.Ordinal);
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
        Assert.Equal("outside_accounted_area", verdicts["OUT"]);
        Assert.Equal(1, json.RootElement.GetProperty("sliver_tolerance").GetProperty("min_m2").GetDouble());
        Assert.Equal(0.0001, json.RootElement.GetProperty("sliver_tolerance").GetProperty("site_share").GetDouble());
        Assert.Equal(0, table.Exit);
        Assert.EndsWith("2 sites: 1 intersects_priority, 0 touches_important, 0 clear, 1 outside_accounted_area\n" +
            "Overlaps below 1 m² or 0.01 % of the smaller of the site and the zone's unit are slivers: counted as touching, not as overlap.\n", table.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    /// <summary>
    /// The grid's 4 × 4 vertices (128.90°E–128.93°E, 47.70°N–47.73°N) in EPSG:4531 (CGCS2000 3° Gauss–Krüger zone 43,
    /// CM 129°E), computed with PROJ 9 (pyproj, EPSG database), row by row from the south.
    /// </summary>
    private static readonly (double X, double Y)[][] GridIn4531 =
    [
        [(43492494.3031, 5285076.2188), (43493244.8727, 5285075.2983), (43493995.4424, 5285074.4747), (43494746.0120, 5285073.7481)],
        [(43492495.7385, 5286188.0644), (43493246.1646, 5286187.1440), (43493996.5907, 5286186.3205), (43494747.0168, 5286185.5938)],
        [(43492497.1741, 5287299.9120), (43493247.4566, 5287298.9916), (43493997.7392, 5287298.1681), (43494748.0217, 5287297.4415)],
        [(43492498.6100, 5288411.7616), (43493248.7489, 5288410.8412), (43493998.8879, 5288410.0177), (43494749.0268, 5288409.2911)],
    ];

    private static string Ring(params (double X, double Y)[] corners) =>
        "[[" + string.Join(',', corners.Append(corners[0]).Select(c => string.Create(CultureInfo.InvariantCulture, $"[{c.X},{c.Y}]"))) + "]]";

    [Fact]
    public void Should_reproject_gauss_kruger_units_and_sites_and_measure_them_as_their_lon_lat_twins()
    {
        // Given the same grid in CGCS2000 lon/lat and in EPSG:4531, and the IN site (128.902–128.907°E, 47.702–47.707°N) in EPSG:4531
        var (lonLatUnits, gep) = WriteYichunLikeGrid();
        var features = new List<string>();
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                var g = GridIn4531;
                features.Add($"{{\"type\":\"Feature\",\"properties\":{{\"unit_id\":\"YC-{i}{j}\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":" +
                    Ring(g[j][i], g[j][i + 1], g[j + 1][i + 1], g[j + 1][i]) + "}}");
            }
        }
        string gkUnits = Path.Combine(_root, "units-4531.geojson");
        File.WriteAllText(gkUnits, "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(',', features) + "]}");
        string gkSites = Path.Combine(_root, "sites-4531.geojson");
        File.WriteAllText(gkSites, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"site_id\":\"IN\"},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":" +
            Ring((43492644.6983, 5285298.3959), (43493019.9688, 5285297.9333), (43493020.6362, 5285853.8561), (43492645.4017, 5285854.3187)) + "}}]}");

        // When both are marked, the Gauss–Krüger one with its code declared, and the sites are screened in EPSG:4531
        var lonLat = Run("zones", "mark", "--units", lonLatUnits, "--gep", gep, "--out", Path.Combine(_root, "z-lonlat"), "--json");
        var gk = Run("zones", "mark", "--units", gkUnits, "--gep", gep, "--out", Path.Combine(_root, "z-gk"), "--crs", "EPSG:4531", "--json");
        var screen = Run("zones", "screen", "--zones", Path.Combine(_root, "z-gk"), "--sites", gkSites, "--crs", "EPSG:4531", "--json");

        // Then the areas agree to 1e-6 km² (1 m²), the summary says where the coordinates came from, and the site is screened
        Assert.Equal((0, ""), (lonLat.Exit, lonLat.Err));
        Assert.Equal((0, ""), (gk.Exit, gk.Err));
        using var a = JsonDocument.Parse(lonLat.Out);
        using var b = JsonDocument.Parse(gk.Out);
        double AreaOf(JsonDocument d) => d.RootElement.GetProperty("zones")[0].GetProperty("area_km2").GetDouble();
        Assert.Equal(AreaOf(a), AreaOf(b), 1e-6);
        // Three 0.01° cells at 47.7°N: 3 × (0.75 km × 1.11 km) ≈ 2.5 km².
        Assert.InRange(AreaOf(b), 2.45, 2.55);
        var crs = b.RootElement.GetProperty("crs");
        Assert.Equal(("geographic", 4490, 4531), (crs.GetProperty("kind").GetString(), crs.GetProperty("epsg").GetInt32(), crs.GetProperty("reprojected_from_epsg").GetInt32()));
        Assert.Equal((0, ""), (screen.Exit, screen.Err));
        using var s = JsonDocument.Parse(screen.Out);
        Assert.Equal("intersects_priority", s.RootElement.GetProperty("sites")[0].GetProperty("verdict").GetString());
    }

    [Theory]
    [InlineData("projected", "error: 2 problems in the input:\n" +
        "  units.geojson: the file states EPSG:4490 (geographic, file) but --crs declares (projected, declared); remove --crs or fix the file.\n" +
        "  units.geojson: unit YC-00: has coordinates within ±180 / ±90, impossible for (projected, declared): read as metres, " +
        "every feature would lie within 180 m of the origin; these are lon/lat degrees: declare --crs EPSG:4490 (or auto).")]
    [InlineData("EPSG:9999", "error: --crs: EPSG:9999 is not a coordinate reference system EcoLedger can reproject; expected EPSG:4326 or EPSG:4490 (lon/lat), " +
        "EPSG:4491–4512 (CGCS2000 6° Gauss–Krüger) or EPSG:4513–4554 (CGCS2000 3° Gauss–Krüger), or projected for metres of an equal-area projection.")]
    public void Should_refuse_a_crs_the_coordinates_cannot_be_in_and_write_nothing(string crs, string error)
    {
        var (units, gep) = WriteYichunLikeGrid();
        string zones = Path.Combine(_root, "zones");

        var result = Run("zones", "mark", "--units", units, "--gep", gep, "--out", zones, "--crs", crs);

        Assert.Equal((2, ""), (result.Exit, result.Out));
        Assert.Equal(error + "\n", result.Err.ReplaceLineEndings("\n"));
        Assert.False(Directory.Exists(zones));
    }

    [Fact]
    public void Should_give_each_sample_site_its_verdict_against_the_yichun_zones()
    {
        string gep = Path.Combine(_root, "gep-yichun"), zones = Path.Combine(_root, "zones-yichun");
        Assert.Equal(0, Run("gep", "compute", "--units", CliRunner.Repo("samples", "yichun", "units.geojson"), "--region-stats",
            CliRunner.Repo("samples", "yichun", "region-stats.csv"), "--out", gep).Exit);
        Assert.Equal(0, Run("zones", "mark", "--units", CliRunner.Repo("samples", "yichun", "units.geojson"), "--gep", gep, "--out", zones).Exit);

        var screen = Run("zones", "screen", "--zones", zones, "--sites", CliRunner.Repo("samples", "yichun", "sites.geojson"), "--json");

        Assert.Equal((0, ""), (screen.Exit, screen.Err));
        using var json = JsonDocument.Parse(screen.Out);
        var verdicts = json.RootElement.GetProperty("sites").EnumerateArray()
            .Select(s => (s.GetProperty("site_id").GetString(), s.GetProperty("verdict").GetString())).ToList();
        Assert.Equal([("YC-S01", "intersects_priority"), ("YC-S02", "clear"), ("YC-S03", "outside_accounted_area"), ("YC-S04", "touches_important")], verdicts);
        var table = Run("zones", "screen", "--zones", zones, "--sites", CliRunner.Repo("samples", "yichun", "sites.geojson"));
        decimal risk = json.RootElement.GetProperty("sites")[0].GetProperty("value_at_risk_cny").GetDecimal();
        double area = json.RootElement.GetProperty("sites")[0].GetProperty("area_km2").GetDouble();
        string s01 = table.Out.ReplaceLineEndings("\n").Split('\n').Single(l => l.StartsWith("YC-S01", StringComparison.Ordinal));
        Assert.Contains(area.ToString("#,0.00", CultureInfo.InvariantCulture) + "  priority-", s01, StringComparison.Ordinal);
        Assert.Contains(risk.ToString("#,0.00", CultureInfo.InvariantCulture), s01, StringComparison.Ordinal);
        Assert.Contains(",", risk.ToString("#,0.00", CultureInfo.InvariantCulture), StringComparison.Ordinal);
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
    public void Should_refuse_tier_names_out_of_rank_order_with_one_line_and_write_nothing()
    {
        var (units, gep) = WriteYichunLikeGrid();
        string zones = Path.Combine(_root, "zones");

        // "important" given the higher threshold would be counted as priority (verdicts and priority_* go by rank).
        var result = Run("zones", "mark", "--units", units, "--gep", gep, "--out", zones, "--tiers", "priority:2e6,important:5e6");

        Assert.Equal(2, result.Exit);
        Assert.Equal("error: --tiers: 'priority:2e6,important:5e6' makes important the highest tier, which screening and the summary count as priority; " +
            "expected priority to have the highest threshold and important a lower one, e.g. priority:5e6,important:2e6.\n", result.Err.ReplaceLineEndings("\n"));
        Assert.False(Directory.Exists(zones));
    }

    [Fact]
    public void Should_refuse_the_gep_run_folder_as_out_and_leave_it_as_it_was()
    {
        var (units, gep) = WriteYichunLikeGrid();

        var result = Run("zones", "mark", "--units", units, "--gep", gep, "--out", gep);

        Assert.Equal(2, result.Exit);
        Assert.Equal($"error: --out: '{gep}': is --gep '{gep}', an input folder; expected an output folder that is none of the run folders the command reads.\n",
            result.Err.ReplaceLineEndings("\n"));
        Assert.Equal(["gep-units.csv"], Directory.GetFileSystemEntries(gep).Select(Path.GetFileName));
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
