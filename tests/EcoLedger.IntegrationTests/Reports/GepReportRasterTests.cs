using System.Text.Json;
using EcoLedger.Rasters;
using EcoLedger.Reports.Charts;
using EcoLedger.Spatial;
using SkiaSharp;
using static EcoLedger.IntegrationTests.CliRunner;

namespace EcoLedger.IntegrationTests.Reports;

/// <summary>The GEP report of a raster run: the rasters' provenance in the appendix and a preview of one layer in the map section.</summary>
public class GepReportRasterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-report-raster-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Preview_samples_the_centre_pixel_of_each_block_and_draws_no_data_transparent()
    {
        // 100 columns × 4 rows: column c holds c (0–99), except column 55, which is no-data (-9999).
        string path = Path.Combine(_dir, "ramp.tif");
        var values = new float[4, 100];
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 100; c++)
            {
                values[r, c] = c == 55 ? -9999 : c;
            }
        }
        GeoTiffWriter.WriteFloat32(path, values, new GeoTransform(128.0, 0.01, 0, 47.0, 0, -0.01), SupportedCrs.Find(4490)!, -9999);

        var image = RasterPreview.Render(path, 1, maxSide: 10);

        // step = ⌈100 / 10⌉ = 10: 10 × 1 pixels, each the raster pixel at column 10·x + 5 (5, 15, …, 95) of row 5 → min(3, 5) = 3.
        Assert.Equal((10, 1, 10), (image.Width, image.Height, image.Step));
        Assert.False(image.Categorical); // a float band is a quantity: a ramp, even with whole values.
        using var bitmap = SKBitmap.Decode(image.Png);
        // Column 55 is no-data: preview pixel 5 is transparent.
        Assert.Equal(0, bitmap.GetPixel(5, 0).Alpha);
        // The sampled values run 5…95 (55 left out): 5 takes the ramp's first stop, 95 its last (viridis #440154, #fde725).
        Assert.Equal(new SKColor(0x44, 0x01, 0x54), bitmap.GetPixel(0, 0));
        Assert.Equal(new SKColor(0xfd, 0xe7, 0x25), bitmap.GetPixel(9, 0));
        // Legend: five values from min to max in quarters: 5, 27.5, 50, 72.5, 95.
        Assert.Equal(["5", "27.5", "50", "72.5", "95"], image.Legend.Select(x => x.Label));
    }

    [Fact]
    public void Preview_of_few_integer_classes_is_categorical_with_one_colour_per_class()
    {
        string path = Path.Combine(_dir, "lc.tif");
        var values = new byte[2, 3] { { 21, 21, 41 }, { 64, 0, 21 } };
        GeoTiffWriter.WriteByte(path, values, new GeoTransform(128.0, 0.01, 0, 47.0, 0, -0.01), SupportedCrs.Find(4490)!, 0);

        var image = RasterPreview.Render(path, 1);

        Assert.True(image.Categorical);
        Assert.Equal(1, image.Step);
        Assert.Equal(["21", "41", "64"], image.Legend.Select(x => x.Label));
        using var bitmap = SKBitmap.Decode(image.Png);
        Assert.Equal(bitmap.GetPixel(0, 0), bitmap.GetPixel(2, 1)); // both class 21
        Assert.NotEqual(bitmap.GetPixel(0, 0), bitmap.GetPixel(2, 0)); // 21 and 41
        Assert.Equal(0, bitmap.GetPixel(1, 1).Alpha); // no-data 0
        Assert.Throws<RasterInputException>(() => RasterPreview.Render(path, 2));
    }

    [Fact]
    public void Land_cover_preview_draws_each_class_in_its_table_colour_and_the_legend_in_the_same_colours()
    {
        // Given ESA WorldCover codes: tree cover 10, cropland 40, water 80, and 77, a code the table does not list; 0 no-data.
        string path = Path.Combine(_dir, "worldcover.tif");
        var values = new byte[2, 3] { { 10, 40, 80 }, { 77, 0, 10 } };
        GeoTiffWriter.WriteByte(path, values, new GeoTransform(128.0, 0.01, 0, 47.0, 0, -0.01), SupportedCrs.Find(4490)!, 0);
        var table = LandCoverTable.Load(Repo("methodology", "parameters", "landcover", "esa-worldcover.csv"), "esa-worldcover.csv");

        var image = RasterPreview.Render(path, 1, className: code => table.Find(code)?.Name, classColour: code => table.Find(code)?.Colour);

        // Then ESA's legend colours (tree cover #006400, cropland #f096ff, permanent water bodies #0064c8), and the unlisted code
        // in the unlisted grey #808080, labelled by its code.
        Assert.True(image.Categorical);
        Assert.Equal([("#006400", "Tree cover"), ("#f096ff", "Cropland"), ("#808080", "77"), ("#0064c8", "Permanent water bodies")], image.Legend);
        Assert.Equal([10L, 40, 77, 80], image.Classes);
        // The PNG's pixels are the legend's colours, class by class.
        using var bitmap = SKBitmap.Decode(image.Png);
        string Hex(int x, int y) => $"#{bitmap.GetPixel(x, y).Red:x2}{bitmap.GetPixel(x, y).Green:x2}{bitmap.GetPixel(x, y).Blue:x2}";
        Assert.Equal(["#006400", "#f096ff", "#0064c8", "#808080", "#006400"], new[] { Hex(0, 0), Hex(1, 0), Hex(2, 0), Hex(0, 1), Hex(2, 1) });
        Assert.Equal(0, bitmap.GetPixel(1, 1).Alpha);
    }

    [Fact]
    public void Land_cover_with_more_than_sixteen_classes_stays_categorical_when_its_class_colours_are_given()
    {
        // 20 CNLUCC-like codes 1…20 in one row: more than MaxClasses (16), which without class colours is drawn as a ramp.
        string path = Path.Combine(_dir, "many.tif");
        var values = new byte[1, 20];
        for (int c = 0; c < 20; c++)
        {
            values[0, c] = (byte)(c + 1);
        }
        GeoTiffWriter.WriteByte(path, values, new GeoTransform(128.0, 0.01, 0, 47.0, 0, -0.01), SupportedCrs.Find(4490)!, 0);

        var plain = RasterPreview.Render(path, 1);
        var coloured = RasterPreview.Render(path, 1, classColour: code => new RgbColour((byte)code, 0, 0));

        Assert.False(plain.Categorical);
        Assert.True(coloured.Categorical);
        Assert.Equal(20, coloured.Legend.Count);
        Assert.Equal(("#140000", "20"), coloured.Legend[19]); // code 20 → red 20 = 0x14
    }

    private string ComputeYichunFromRasters(string rastersDir)
    {
        string outDir = Path.Combine(_dir, "gep");
        var r = Run("gep", "compute", "--units", Repo("samples", "yichun", "units.geojson"), "--region-stats", Repo("samples", "yichun", "region-stats.csv"),
            "--year", "2023", "--rasters", Path.Combine(rastersDir, "rasters.json"), "--out", outDir);
        Assert.True(r.ExitCode == 0, r.Err);
        return outDir;
    }

    private string CopyOfSampleRasters()
    {
        // The sample's rasters.json names its class table three folders up: keep that layout.
        string root = Path.Combine(_dir, "repo");
        string rasters = Path.Combine(root, "samples", "yichun", "rasters");
        Directory.CreateDirectory(rasters);
        foreach (var f in Directory.GetFiles(Repo("samples", "yichun", "rasters")))
        {
            File.Copy(f, Path.Combine(rasters, Path.GetFileName(f)));
        }
        string classes = Path.Combine(root, "methodology", "parameters", "landcover");
        Directory.CreateDirectory(classes);
        foreach (var f in Directory.GetFiles(Repo("methodology", "parameters", "landcover")))
        {
            File.Copy(f, Path.Combine(classes, Path.GetFileName(f)));
        }
        return rasters;
    }

    [Fact]
    public void Report_of_a_raster_run_lists_each_raster_with_provenance_and_previews_the_chosen_layer()
    {
        string gep = ComputeYichunFromRasters(Repo("samples", "yichun", "rasters"));
        string outDir = Path.Combine(_dir, "report");

        var r = Run("report", "gep", "--gep", gep, "--out", outDir, "--lang", "en", "--map-raster", "landcover");

        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        var root = doc.RootElement;
        var rasters = root.GetProperty("rasters").EnumerateArray().ToList();
        Assert.Equal(["precipitation_mm.tif", "evapotranspiration_mm.tif", "npp_mod17_kgc_m2.tif", "soil_erosion_potential_t_per_km2.tif", "landcover_cnlucc.tif"],
            rasters.Select(x => x.GetProperty("path").GetString()));
        // Each raster's CRS as the run recorded it, the land cover's included.
        Assert.Equal(["China Geodetic Coordinate System 2000", "China Geodetic Coordinate System 2000", "CGCS2000 3° Gauss–Krüger zone 43 (CM 129°E)",
                "China Geodetic Coordinate System 2000", "China Geodetic Coordinate System 2000"],
            rasters.Select(x => x.GetProperty("crs").GetString()));
        var npp = rasters[2];
        Assert.Equal(GepReportRasterSha(Repo("samples", "yichun", "rasters", "npp_mod17_kgc_m2.tif")), npp.GetProperty("sha256").GetString());
        Assert.Equal("CGCS2000 3° Gauss–Krüger zone 43 (CM 129°E)", npp.GetProperty("crs").GetString());
        var source = npp.GetProperty("sources")[0];
        Assert.Equal(("npp_t_c_per_ha", 1, "mean"), (source.GetProperty("field").GetString(), source.GetProperty("band").GetInt32(), source.GetProperty("statistic").GetString()));
        Assert.StartsWith("× 0.0001 kg C/m2/yr → ", source.GetProperty("conversion").GetString(), StringComparison.Ordinal);

        // The sample's land cover is 440 × 340 pixels (under 480): drawn pixel for pixel, in its six CNLUCC classes.
        var map = root.GetProperty("map_raster");
        Assert.Equal(("landcover", "landcover_cnlucc.tif", 1, 440, 340, 1, true),
            (map.GetProperty("field").GetString(), map.GetProperty("path").GetString(), map.GetProperty("band").GetInt32(), map.GetProperty("width_px").GetInt32(),
             map.GetProperty("height_px").GetInt32(), map.GetProperty("step").GetInt32(), map.GetProperty("categorical").GetBoolean()));
        // The legend names the classes from the CNLUCC table the run used (name, then the code stored in the file), each in the
        // colour of the ecosystem it maps to (CNLUCC publishes no citable legend colours): farmland wheat, forest dark green,
        // shrub olive, river, lake and marsh in their wetland blues (EcosystemPalette).
        Assert.Equal([("Dry land (12)", "#f3d26b"), ("Forest (21)", "#1b5e20"), ("Shrubland (22)", "#8a9a2b"), ("River and canal (41)", "#1e88e5"), ("Lake (42)", "#1565c0"), ("Marsh (64)", "#4db6ac")],
            map.GetProperty("legend").EnumerateArray().Select(x => (x.GetProperty("label").GetString(), x.GetProperty("colour").GetString())));

        string html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("<figure id=\"raster-preview\"><img width=\"440\" alt=\"Downsampled preview of the raster behind landcover\" src=\"data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.Contains("Monitoring raster preview: landcover (landcover_cnlucc.tif, band 1, China Geodetic Coordinate System 2000; the centre pixel of every 1 &#215; 1 block, "
            + "no-data transparent; legend: class names with the codes stored in the file (class table ../../../methodology/parameters/landcover/cnlucc.csv); "
            + "colours of the ecosystem each class is accounted as (EcoLedger&#39;s ecosystem palette; the class table gives no colours); SHA-256 766d5e694507…)",
            html, StringComparison.Ordinal);
        Assert.Contains("<table id=\"table-rasters\">", html, StringComparison.Ordinal);
        Assert.Contains("<td>landcover_cnlucc.tif</td><td>China Geodetic Coordinate System 2000</td><td>440x340</td>", html, StringComparison.Ordinal);

        // The figures are reproduced only with the same configuration (which raster, band, statistic and conversion; exact or centre
        // coverage) and the class table the units were checked against: both are inputs with their SHA-256, and the coverage is said
        string config = Repo("samples", "yichun", "rasters", "rasters.json"), table = Repo("methodology", "parameters", "landcover", "cnlucc.csv");
        var inputs = root.GetProperty("inputs").EnumerateArray().Select(i => (i.GetProperty("path").GetString(), i.GetProperty("sha256").GetString())).ToList();
        Assert.Contains((config, GepReportRasterSha(config)), inputs);
        Assert.Contains(("../../../methodology/parameters/landcover/cnlucc.csv", GepReportRasterSha(table)), inputs);
        Assert.Contains("Every statistic weighs each pixel by the exact fraction of it the unit covers (&quot;coverage&quot;: &quot;exact&quot;).", html, StringComparison.Ordinal);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(gep, "gep-summary.json")));
        Assert.Equal("exact", summary.RootElement.GetProperty("raster_config").GetProperty("coverage").GetString());
    }

    [Fact]
    public void Land_cover_legend_names_the_classes_in_the_report_language_as_the_golden_file_shows()
    {
        string gep = ComputeYichunFromRasters(Repo("samples", "yichun", "rasters"));
        var parts = new List<string>();
        foreach (string lang in new[] { "en", "zh" })
        {
            string outDir = Path.Combine(_dir, "report-" + lang);
            var r = Run("report", "gep", "--gep", gep, "--out", outDir, "--lang", lang, "--map-raster", "landcover");
            Assert.True(r.ExitCode == 0, r.Err);
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")))!;
            parts.Add($"== {lang}: report.json rasters and map_raster ==");
            parts.Add(json["rasters"]!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            parts.Add(json["map_raster"]!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            string html = File.ReadAllText(Path.Combine(outDir, "report.html"));
            parts.Add($"== {lang}: report.html raster preview and raster list ==");
            foreach (string id in new[] { "<figure id=\"raster-preview\">", "<table id=\"table-rasters\">" })
            {
                int start = html.IndexOf(id, StringComparison.Ordinal);
                Assert.True(start >= 0, id);
                string end = id.StartsWith("<figure", StringComparison.Ordinal) ? "</figure>" : "</table>";
                parts.Add(System.Text.RegularExpressions.Regex.Replace(html[start..(html.IndexOf(end, start, StringComparison.Ordinal) + end.Length)],
                    "data:image/png;base64,[A-Za-z0-9+/=]+", "data:image/png;base64,<png>"));
            }
        }
        // The Chinese report names the classes as the table's name_zh column gives them (RESDC's CNLUCC names).
        Assert.Contains("\"label\": \"有林地（21）\"", parts[8], StringComparison.Ordinal);
        Golden.Assert("gep-report-rasters.txt", string.Join("\n", parts) + "\n");
    }

    [Fact]
    public void A_bureaus_own_class_colours_are_recorded_by_the_run_and_drawn_by_the_report_even_if_the_table_changes_later()
    {
        // Given the sample's CNLUCC table with a colour column: forest (21) in the bureau's own #228b22, the other classes left
        // empty (their ecosystem's colour).
        string rasters = CopyOfSampleRasters();
        string table = Path.Combine(rasters, "..", "..", "..", "methodology", "parameters", "landcover", "cnlucc.csv");
        string Recolour(string forest) => string.Join('\n', File.ReadAllLines(table).Select(l =>
            l.StartsWith("code,", StringComparison.Ordinal) ? l + ",colour" : l.StartsWith('#') || l.Length == 0 ? l : l + (l.StartsWith("21,", StringComparison.Ordinal) ? "," + forest : ","))) + "\n";
        File.WriteAllText(table, Recolour("#228b22"));
        string gep = ComputeYichunFromRasters(rasters);
        // The run records each class's colour and where it came from.
        using (var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(gep, "gep-summary.json"))))
        {
            var classes = summary.RootElement.GetProperty("rasters").EnumerateArray().Single(r => r.GetProperty("path").GetString() == "landcover_cnlucc.tif")
                .GetProperty("sources")[0].GetProperty("class_names");
            Assert.Equal(("Forest", "有林地", "#228b22", "table"), (classes.GetProperty("21").GetProperty("en").GetString(), classes.GetProperty("21").GetProperty("zh").GetString(),
                classes.GetProperty("21").GetProperty("colour").GetString(), classes.GetProperty("21").GetProperty("colour_source").GetString()));
            Assert.Equal(("#4db6ac", "ecosystem"), (classes.GetProperty("64").GetProperty("colour").GetString(), classes.GetProperty("64").GetProperty("colour_source").GetString()));
        }
        // When the table is changed after the run, then the report is made
        File.WriteAllText(table, Recolour("#ff0000"));
        string outDir = Path.Combine(_dir, "report");
        var r = Run("report", "gep", "--gep", gep, "--out", outDir, "--lang", "en", "--map-raster", "landcover");

        // Then forest is drawn in the colour the run used, the others in their ecosystem's, and the caption says both sources.
        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")));
        Assert.Equal(["#f3d26b", "#228b22", "#8a9a2b", "#1e88e5", "#1565c0", "#4db6ac"],
            doc.RootElement.GetProperty("map_raster").GetProperty("legend").EnumerateArray().Select(x => x.GetProperty("colour").GetString()));
        Assert.Contains("(class table ../../../methodology/parameters/landcover/cnlucc.csv); colours from the class table, else of the ecosystem the class is accounted as; SHA-256",
            File.ReadAllText(Path.Combine(outDir, "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_recorded_before_class_colours_keeps_the_generic_palette()
    {
        string gep = ComputeYichunFromRasters(Repo("samples", "yichun", "rasters"));
        // A gep-summary.json written before colours were recorded: class_names hold names only.
        string summaryPath = Path.Combine(gep, "gep-summary.json");
        var summary = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(summaryPath))!;
        foreach (var cls in summary["rasters"]!.AsArray().SelectMany(x => x!["sources"]!.AsArray()).Select(x => x!["class_names"]).OfType<System.Text.Json.Nodes.JsonObject>()
            .SelectMany(names => names.Select(n => n.Value!.AsObject())))
        {
            cls.Remove("colour");
            cls.Remove("colour_source");
        }
        File.WriteAllText(summaryPath, summary.ToJsonString());

        var r = Run("report", "gep", "--gep", gep, "--out", Path.Combine(_dir, "report"), "--lang", "en", "--map-raster", "landcover");

        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "report", "report.json")));
        // Tableau's first six colours, in class order, as reports made before showed them; the names still come from the run.
        Assert.Equal([("Dry land (12)", "#1f77b4"), ("Forest (21)", "#ff7f0e"), ("Shrubland (22)", "#2ca02c"), ("River and canal (41)", "#d62728"), ("Lake (42)", "#9467bd"), ("Marsh (64)", "#8c564b")],
            doc.RootElement.GetProperty("map_raster").GetProperty("legend").EnumerateArray().Select(x => (x.GetProperty("label").GetString(), x.GetProperty("colour").GetString())));
    }

    [Fact]
    public void With_zones_the_chosen_raster_is_the_zone_maps_base_layer_under_the_outlines()
    {
        string gep = ComputeYichunFromRasters(Repo("samples", "yichun", "rasters"));
        string zones = Path.Combine(_dir, "zones"), outDir = Path.Combine(_dir, "report");
        Assert.Equal(0, Run("zones", "mark", "--units", Repo("samples", "yichun", "units.geojson"), "--gep", gep, "--out", zones).ExitCode);

        var r = Run("report", "gep", "--gep", gep, "--zones", zones, "--out", outDir, "--lang", "en", "--map-raster", "landcover");

        Assert.True(r.ExitCode == 0, r.Err);
        string html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        // one map: the raster drawn first (under), then the units (outlined, not filled), then the zones; no separate preview
        int image = html.IndexOf("<image id=\"map-raster\"", StringComparison.Ordinal), units = html.IndexOf("<g id=\"map-units\"", StringComparison.Ordinal);
        Assert.True(image > 0 && units > image, "the raster is not drawn under the units");
        Assert.Contains("<path fill=\"none\" d=\"", html, StringComparison.Ordinal);
        // Yichun's land cover is mostly dark-green forest (#1b5e20): the unit outlines are drawn light over it, so they stay visible.
        Assert.Contains("<g id=\"map-units\" stroke=\"#ffffff\" stroke-opacity=\"0.7\" stroke-width=\"0.5\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<figure id=\"raster-preview\">", html, StringComparison.Ordinal);
        Assert.Contains("Base layer: the monitoring raster landcover (landcover_cnlucc.tif, band 1, China Geodetic Coordinate System 2000; the centre pixel of every 1 &#215; 1 block", html, StringComparison.Ordinal);

        // The picture covers the map: the units lie inside the land-cover raster, so most of it is a class colour of the legend.
        int start = html.IndexOf("base64,", image, StringComparison.Ordinal) + "base64,".Length;
        var png = Convert.FromBase64String(html[start..html.IndexOf('"', start)]);
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        // The six CNLUCC classes' ecosystem colours (12 farmland, 21 forest, 22 shrub, 41 river, 42 lake, 64 marsh).
        var legend = new HashSet<string>(["#f3d26b", "#1b5e20", "#8a9a2b", "#1e88e5", "#1565c0", "#4db6ac"]);
        int coloured = 0, other = 0;
        for (int y = 0; y < bitmap.Height; y += 4)
        {
            for (int x = 0; x < bitmap.Width; x += 4)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Alpha == 0)
                {
                    continue;
                }
                if (legend.Contains($"#{c.Red:x2}{c.Green:x2}{c.Blue:x2}"))
                {
                    coloured++;
                }
                else
                {
                    other++;
                }
            }
        }
        Assert.Equal(0, other); // nearest neighbour: never a blend of classes
        Assert.True(coloured > bitmap.Width * bitmap.Height / 16 / 2, $"{coloured} coloured samples of {bitmap.Width * bitmap.Height / 16}");
    }

    private static string GepReportRasterSha(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public void Map_raster_that_no_raster_gave_is_refused_with_the_fields_there_are()
    {
        string gep = ComputeYichunFromRasters(Repo("samples", "yichun", "rasters"));

        var r = Run("report", "gep", "--gep", gep, "--out", Path.Combine(_dir, "report"), "--map-raster", "ndvi");

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: --map-raster ndvi: no raster of the run gave that field; expected one of precipitation_mm, evapotranspiration_mm, npp_t_c_per_ha, soil_erosion_potential_t_per_ha, landcover.",
            r.Err.Trim());
    }

    [Fact]
    public void Map_raster_changed_since_the_run_is_refused()
    {
        string rasters = CopyOfSampleRasters();
        string gep = ComputeYichunFromRasters(rasters);
        string path = Path.Combine(rasters, "precipitation_mm.tif");
        string before = GepReportRasterSha(path);
        File.AppendAllText(path, "x");

        var r = Run("report", "gep", "--gep", gep, "--out", Path.Combine(_dir, "report"), "--map-raster", "precipitation_mm");

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: --map-raster precipitation_mm: {path} has changed since the run (SHA-256 {GepReportRasterSha(path)}, the run read {before}); expected the raster that was accounted.",
            r.Err.Trim());
    }

    [Fact]
    public void Map_raster_of_a_run_without_rasters_is_refused()
    {
        string gep = Path.Combine(_dir, "plain");
        Assert.Equal(0, Run("gep", "compute", "--units", Repo("samples", "yichun", "units.geojson"), "--year", "2023", "--out", gep).ExitCode);

        var r = Run("report", "gep", "--gep", gep, "--out", Path.Combine(_dir, "report"), "--map-raster", "npp_t_c_per_ha");

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: --map-raster npp_t_c_per_ha: the run in {gep} used no rasters; expected the output of 'gep compute --rasters'.", r.Err.Trim());
    }
}
