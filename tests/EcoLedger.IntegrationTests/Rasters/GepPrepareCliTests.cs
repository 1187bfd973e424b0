using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EcoLedger.Rasters;
using EcoLedger.Spatial;
using static EcoLedger.IntegrationTests.CliRunner;

namespace EcoLedger.IntegrationTests.Rasters;

public sealed class GepPrepareCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-prepare-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static readonly string SampleConfig = Repo("samples", "yichun", "rasters", "rasters.json");
    private static readonly string SampleUnits = Repo("samples", "yichun", "units.geojson");

    // Two 0.01° units in lon/lat (EPSG:4490 assumed): A at 128.50–128.51°E, B at 128.60–128.61°E, both 47.50–47.51°N.
    private string TwoUnits()
    {
        string path = Path.Combine(_dir, "two.geojson");
        static string Cell(string id, double x) => string.Create(CultureInfo.InvariantCulture,
            $$$"""{"type":"Feature","properties":{"unit_id":"{{{id}}}","region":"R","ecosystem":"forest"},"geometry":{"type":"Polygon","coordinates":[[[{{{x}}},47.5],[{{{x + 0.01}}},47.5],[{{{x + 0.01}}},47.51],[{{{x}}},47.51],[{{{x}}},47.5]]]}}""");
        File.WriteAllText(path, $$"""{"type":"FeatureCollection","features":[{{Cell("A", 128.50)}},{{Cell("B", 128.60)}}]}""");
        return path;
    }

    private string Config(string fieldJson, string extra = "")
    {
        string path = Path.Combine(_dir, "rasters.json");
        File.WriteAllText(path, $$"""{ {{extra}} "fields": { {{fieldJson}} } }""");
        return path;
    }

    /// <summary>A 10 × 10 float32 raster of 0.01° pixels (or <paramref name="pixel"/>), all 500, with its top-left corner at (<paramref name="lon"/>, <paramref name="lat"/>).</summary>
    private string Raster(string name, double lon, double lat, int epsg = 4490, double pixel = 0.01)
    {
        string path = Path.Combine(_dir, name);
        var values = new float[10, 10];
        for (int r = 0; r < 10; r++)
        {
            for (int c = 0; c < 10; c++)
            {
                values[r, c] = 500;
            }
        }
        GeoTiffWriter.WriteFloat32(path, values, new GeoTransform(lon, pixel, 0, lat, 0, -pixel), SupportedCrs.Find(epsg)!);
        return path;
    }

    [Fact]
    public void Should_prepare_the_Yichun_units_from_the_sample_rasters_as_GDAL_averages_them()
    {
        // Given the sample (its 0.05° units cover whole 0.005° precipitation pixels, so the exact-coverage mean is the plain
        // mean of the 10 × 10 valid pixels under each unit, which GDAL computes independently through a window read)
        string csv = Path.Combine(_dir, "units.csv");

        // When
        var r = Run("gep", "prepare", "--units", SampleUnits, "--rasters", SampleConfig, "--out", csv);

        // Then
        Assert.Equal(0, r.ExitCode);
        var rows = File.ReadAllLines(csv);
        Assert.Equal(301, rows.Length);
        var header = rows[0].Split(',');
        var first = rows[1].Split(',');
        Assert.Equal("YC-0001", first[0]);
        double ours = double.Parse(first[Array.IndexOf(header, "precipitation_mm")], CultureInfo.InvariantCulture);
        using var units = JsonDocument.Parse(File.ReadAllBytes(SampleUnits));
        var ring = units.RootElement.GetProperty("features")[0].GetProperty("geometry").GetProperty("coordinates")[0];
        double[] xs = [.. ring.EnumerateArray().Select(p => p[0].GetDouble())], ys = [.. ring.EnumerateArray().Select(p => p[1].GetDouble())];
        string gdal = Python("""
import sys, rasterio, numpy as np
from rasterio.windows import from_bounds
with rasterio.open(sys.argv[1]) as d:
    w = from_bounds(*map(float, sys.argv[2:6]), d.transform).round_offsets().round_lengths()
    a = d.read(1, window=w).astype('float64')
    print(repr(a[a != d.nodata].mean()))
""", Repo("samples", "yichun", "rasters", "precipitation_mm.tif"), Inv(xs.Min()), Inv(ys.Min()), Inv(xs.Max()), Inv(ys.Max()));
        Assert.Equal(1, ours / double.Parse(gdal, CultureInfo.InvariantCulture), 1e-9);
        // The provenance names each field's raster with its SHA-256.
        using var provenance = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir, "units.provenance.json")));
        var npp = provenance.RootElement.GetProperty("fields").GetProperty("npp_t_c_per_ha");
        Assert.Equal(RasterPreparation.Sha256(Repo("samples", "yichun", "rasters", "npp_mod17_kgc_m2.tif")), npp.GetProperty("sha256").GetString());
        Assert.Equal(("EPSG:4531", 0.0001, "kg C/m2/yr", 10d), (npp.GetProperty("crs").GetString(), npp.GetProperty("scale").GetDouble(), npp.GetProperty("unit").GetString(), npp.GetProperty("unit_factor").GetDouble()));
    }

    [Fact]
    public void Should_put_every_rasters_SHA256_into_the_summary_when_computing_from_rasters()
    {
        string outDir = Path.Combine(_dir, "out");

        var r = Run("gep", "compute", "--units", SampleUnits, "--region-stats", Repo("samples", "yichun", "region-stats.csv"), "--rasters", SampleConfig, "--out", outDir, "--json");

        Assert.Equal(0, r.ExitCode);
        using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "gep-summary.json")));
        var rasters = summary.RootElement.GetProperty("rasters").EnumerateArray().ToDictionary(e => e.GetProperty("path").GetString()!, e => e.GetProperty("sha256").GetString());
        Assert.Equal(5, rasters.Count); // four fields and the land cover
        foreach (var (name, sha) in rasters)
        {
            Assert.Equal(RasterPreparation.Sha256(Repo("samples", "yichun", "rasters", name)), sha);
        }
        Assert.Equal(SampleUnits, summary.RootElement.GetProperty("inputs")[0].GetProperty("path").GetString());
        // Every raster, the land cover included, records its CRS and size (the land cover's were once missing).
        Assert.Equal(
            [
                ("precipitation_mm.tif", "China Geodetic Coordinate System 2000", "220x170"),
                ("evapotranspiration_mm.tif", "China Geodetic Coordinate System 2000", "220x170"),
                ("npp_mod17_kgc_m2.tif", "CGCS2000 3° Gauss–Krüger zone 43 (CM 129°E)", "360x420"),
                ("soil_erosion_potential_t_per_km2.tif", "China Geodetic Coordinate System 2000", "220x170"),
                ("landcover_cnlucc.tif", "China Geodetic Coordinate System 2000", "440x340"),
            ],
            summary.RootElement.GetProperty("rasters").EnumerateArray().Select(e => (e.GetProperty("path").GetString(), e.GetProperty("crs").GetString(), e.GetProperty("size").GetString())));
        Assert.True(File.Exists(Path.Combine(outDir, "raster-provenance.json")));
        using var provenance = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "raster-provenance.json")));
        var landcover = provenance.RootElement.GetProperty("landcover");
        Assert.Equal(("landcover_cnlucc.tif", "EPSG:4490", "440x340"), (landcover.GetProperty("raster").GetString(), landcover.GetProperty("crs").GetString(), landcover.GetProperty("size").GetString()));
        // The report's input appendix lists each raster with the fields it gave and its SHA-256.
        var report = Run("report", "gep", "--gep", outDir, "--out", Path.Combine(_dir, "report"), "--lang", "en", "--json");
        Assert.Equal(0, report.ExitCode);
        using var reportJson = JsonDocument.Parse(report.Out);
        var inputs = reportJson.RootElement.GetProperty("inputs").EnumerateArray().ToDictionary(i => i.GetProperty("path").GetString()!, i => i.GetProperty("sha256").GetString());
        Assert.Equal(rasters["npp_mod17_kgc_m2.tif"], inputs["npp_mod17_kgc_m2.tif → npp_t_c_per_ha"]);
    }

    [Fact]
    public void Should_refuse_a_field_without_scale_and_write_nothing()
    {
        Raster("npp.tif", 128.45, 47.55);
        string config = Config("""  "npp_t_c_per_ha": { "raster": "npp.tif", "statistic": "mean", "unit": "kg C/m2/yr" }  """);
        string csv = Path.Combine(_dir, "units.csv");

        var r = Run("gep", "prepare", "--units", TwoUnits(), "--rasters", config, "--out", csv);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal([
            $"error: {config}, field 'fields.npp_t_c_per_ha.scale': missing; expected the multiplier of the stored values (1 when they are stored as is; MODIS NPP, for instance, is 0.0001). Without it the values' size is unknown.",
            $"error: nothing was written to {csv}.",
        ], r.ErrLines);
        Assert.False(File.Exists(csv));
    }

    [Fact]
    public void Should_refuse_a_field_without_unit_and_write_nothing()
    {
        Raster("p.tif", 128.45, 47.55);
        string config = Config("""  "precipitation_mm": { "raster": "p.tif", "statistic": "mean", "scale": 1 }  """);
        string outDir = Path.Combine(_dir, "gep");

        var r = Run("gep", "compute", "--units", TwoUnits(), "--rasters", config, "--out", outDir);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: {config}, field 'fields.precipitation_mm.unit': missing; expected the unit of the scaled values, one of mm, cm, m (a trailing /yr is allowed).", r.ErrLines[0]);
        Assert.False(Directory.Exists(outDir));
    }

    [Theory]
    [InlineData("""{ "fields": { "npp_t_c_per_ha": { "raster": "npp.tif", "band": "1", "statistic": "mean", "scale": 0.0001, "unit": "kg C/m2/yr" } } }""",
        ", field 'fields.npp_t_c_per_ha.band': expected a band number from 1, found \"1\".")]
    [InlineData("""{ "cache_mb": "64", "fields": { "precipitation_mm": { "raster": "p.tif", "statistic": "mean", "scale": 1, "unit": "mm" } } }""",
        ", field 'cache_mb': expected a whole number of megabytes from 1 to 65536, found \"64\".")]
    [InlineData("""{ "fields": { "precipitation_mm": { "raster": "p.tif", "statistic": 1, "scale": 1, "unit": "mm" } } }""",
        ", field 'fields.precipitation_mm.statistic': expected mean, sum, min or max as text, found 1.")]
    [InlineData("""{ "landcover": "lc.tif" }""",
        ", field 'landcover': expected an object with raster and classes (and optionally band and crs), found \"lc.tif\".")]
    [InlineData("""{ "landcover": { "raster": "lc.tif", "bnd": 2, "classes": "cnlucc.csv", "statistic": "majority" } }""",
        ", field 'landcover.bnd': unknown key (did you mean 'band'?); expected raster, band, classes, crs.")]
    [InlineData("""{ "fields": { "precipitation_mm": { "raster": "p.tif", "statistic": "mean", "scale": 1, "unit": "mm" }, "precipitation_mm": { "raster": "p.tif", "statistic": "max", "scale": 1, "unit": "mm" } } }""",
        ", field 'fields.precipitation_mm': the key appears twice; expected each key once.")]
    [InlineData("{\n  \"fields\": }",
        ": line 2, column 13: not valid JSON ('}' is an invalid start of a value).")]
    public void Should_refuse_a_configuration_of_wrong_JSON_as_bad_input_and_write_nothing(string json, string expected)
    {
        string config = Path.Combine(_dir, "rasters.json");
        File.WriteAllText(config, json);
        string csv = Path.Combine(_dir, "units.csv");

        var r = Run("gep", "prepare", "--units", TwoUnits(), "--rasters", config, "--out", csv);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal([$"error: {config}{expected}", $"error: nothing was written to {csv}."], r.ErrLines);
        Assert.False(File.Exists(csv));
        Assert.False(File.Exists(Path.Combine(_dir, "units.provenance.json")));
    }

    [Fact]
    public void Should_refuse_a_unit_the_configuration_cannot_convert()
    {
        string config = Config("""  "precipitation_mm": { "raster": "p.tif", "statistic": "mean", "scale": 1, "unit": "inch" }  """);

        var r = Run("gep", "prepare", "--units", TwoUnits(), "--rasters", config, "--out", Path.Combine(_dir, "u.csv"));

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: {config}, field 'fields.precipitation_mm.unit': 'inch' cannot be converted to precipitation_mm's unit mm; expected one of mm, cm, m (a trailing /yr is allowed).", r.ErrLines[0]);
    }

    [Fact]
    public void Should_name_the_raster_and_the_unit_it_misses()
    {
        // The raster covers 128.45–128.55°E, 47.45–47.55°N: unit A (128.50–128.51) lies inside, B (128.60–128.61) east of it.
        Raster("p.tif", 128.45, 47.55);
        string config = Config("""  "precipitation_mm": { "raster": "p.tif", "statistic": "mean", "scale": 1, "unit": "mm" }  """);
        string outDir = Path.Combine(_dir, "gep");

        var r = Run("gep", "compute", "--units", TwoUnits(), "--rasters", config, "--out", outDir);

        Assert.Equal(2, r.ExitCode);
        Assert.Equal([
            "error: p.tif: unit 'B': the unit lies outside the raster's extent (x 128.45–128.55, y 47.45–47.55 in EPSG:4490); expected a raster covering every unit.",
            "error: 1 input problem.",
            $"error: nothing was written to {outDir}.",
        ], r.ErrLines);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Should_refuse_units_whose_coordinates_contradict_the_declared_CRS()
    {
        Raster("p.tif", 128.45, 47.55);
        string config = Config("""  "precipitation_mm": { "raster": "p.tif", "statistic": "mean", "scale": 1, "unit": "mm" }  """, """ "units_crs": "EPSG:4527", """);
        string units = TwoUnits();

        var r = Run("gep", "prepare", "--units", units, "--rasters", config, "--out", Path.Combine(_dir, "u.csv"));

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: {config}, field 'units_crs': CRS mismatch: the units in {units} cannot be in EPSG:4527 (CGCS2000 3° Gauss–Krüger zone 39 (CM 117°E)): easting 128.5 does not start with the zone number 39 that EPSG:4527 puts before it (expected 39,000,000–39,999,999 m).", r.ErrLines[0]);
    }

    [Fact]
    public void Should_refuse_a_raster_in_Beijing_1954_for_CGCS2000_units()
    {
        Raster("p54.tif", 128.45, 47.55, epsg: 4214);
        string config = Config("""  "precipitation_mm": { "raster": "p54.tif", "statistic": "mean", "scale": 1, "unit": "mm" }  """);

        var r = Run("gep", "prepare", "--units", TwoUnits(), "--rasters", config, "--out", Path.Combine(_dir, "u.csv"));

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: p54.tif: CRS mismatch: the units are in EPSG:4490 (China Geodetic Coordinate System 2000) and the raster in EPSG:4214 (Beijing 1954); Beijing 1954 is up to about 100 m from CGCS2000/WGS 84 and EcoLedger has no datum shift for it: reproject one of them (e.g. gdalwarp -t_srs EPSG:4490).", r.ErrLines[0]);
    }

    [Fact]
    public void Should_refuse_a_raster_whose_CRS_is_unknown()
    {
        string path = Path.Combine(_dir, "utm.tif");
        Python("import sys, numpy as np, rasterio\nfrom rasterio.transform import from_origin\nwith rasterio.open(sys.argv[1], 'w', driver='GTiff', width=4, height=4, count=1, dtype='float32', crs='EPSG:32652', transform=from_origin(500000, 5300000, 30, 30)) as d: d.write(np.zeros((4, 4), 'float32'), 1)", path);
        string config = Config("""  "precipitation_mm": { "raster": "utm.tif", "statistic": "mean", "scale": 1, "unit": "mm" }  """);

        var r = Run("gep", "prepare", "--units", TwoUnits(), "--rasters", config, "--out", Path.Combine(_dir, "u.csv"));

        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: {config}: fields.precipitation_mm: utm.tif: ProjectedCSTypeGeoKey (3072) = 32652: EPSG:32652 is not a CRS EcoLedger can reproject; expected "
            + "EPSG:4326 or EPSG:4490 (lon/lat), EPSG:4491–4512 (CGCS2000 6° Gauss–Krüger) or EPSG:4513–4554 (CGCS2000 3° Gauss–Krüger) (e.g. gdalwarp -t_srs EPSG:4490).", r.ErrLines[0]);
    }

    [Fact]
    public void Should_refuse_an_output_that_is_the_units_or_the_configuration_and_leave_both_unchanged()
    {
        // Given units and a configuration that prepare fine
        Raster("p.tif", 128.45, 47.55, pixel: 0.02);
        string units = TwoUnits();
        string config = Config("""  "precipitation_mm": { "raster": "p.tif", "statistic": "mean", "scale": 1, "unit": "mm" }  """);
        byte[] unitsBytes = File.ReadAllBytes(units), configBytes = File.ReadAllBytes(config);
        string[] before = Directory.GetFiles(_dir);

        // When --out names the units file, or the configuration by another spelling of its path
        string configAgain = Path.Combine(_dir, ".", "rasters.json");
        var overUnits = Run("gep", "prepare", "--units", units, "--rasters", config, "--out", units);
        var overConfig = Run("gep", "prepare", "--units", units, "--rasters", config, "--out", configAgain);

        // Then both are refused naming the input, and no file was changed or added
        Assert.Equal(2, overUnits.ExitCode);
        Assert.Equal([$"error: --out: '{units}': would overwrite --units '{units}'; expected an output file that is none of the command's inputs."], overUnits.ErrLines);
        Assert.Equal(2, overConfig.ExitCode);
        Assert.Equal([$"error: --out: '{configAgain}': would overwrite --rasters '{config}'; expected an output file that is none of the command's inputs."], overConfig.ErrLines);
        Assert.Equal(unitsBytes, File.ReadAllBytes(units));
        Assert.Equal(configBytes, File.ReadAllBytes(config));
        Assert.Equal(before, Directory.GetFiles(_dir));
    }

    [Fact]
    public void Should_refuse_an_output_that_is_a_file_the_configuration_names()
    {
        // Given a configuration naming a raster, a class table and a .prj, in a folder of their own beside the units
        string inputs = Directory.CreateDirectory(Path.Combine(_dir, "inputs")).FullName;
        string raster = Raster("p.tif", 128.45, 47.55, pixel: 0.02);
        File.Move(raster, Path.Combine(inputs, "p.tif"));
        string classes = Path.Combine(inputs, "classes.csv"), prj = Path.Combine(inputs, "units.prj");
        File.WriteAllText(classes, "code,name,ecosystem,subtype\n500,Forest,forest,\n");
        File.WriteAllText(prj, SupportedCrs.Cgcs2000Wkt);
        string config = Path.Combine(inputs, "rasters.json");
        File.WriteAllText(config, """
            { "units_crs": "units.prj",
              "fields": { "precipitation_mm": { "raster": "p.tif", "statistic": "mean", "scale": 1, "unit": "mm" } },
              "landcover": { "raster": "p.tif", "classes": "../inputs/classes.csv" } }
            """);
        string units = TwoUnits();
        var bytes = new[] { classes, prj, Path.Combine(inputs, "p.tif") }.ToDictionary(f => f, File.ReadAllBytes);

        // When --out names each of them, as a path relative to the current folder would reach them
        var results = bytes.Keys.Select(f => (File: f, Run: Run("gep", "prepare", "--units", units, "--rasters", config, "--out", Path.Combine(_dir, "x", "..", "inputs", Path.GetFileName(f))))).ToList();

        // Then each is refused naming the configuration's key and the file (as a full path, not relative to the configuration), and none is changed
        Assert.All(results, r => Assert.Equal(2, r.Run.ExitCode));
        Assert.Equal(
            [
                $"error: --out: '{Path.Combine(_dir, "x", "..", "inputs", "classes.csv")}': would overwrite landcover.classes of --rasters '{config}' ('{classes}'); expected an output file that is none of the command's inputs.",
                $"error: --out: '{Path.Combine(_dir, "x", "..", "inputs", "units.prj")}': would overwrite units_crs of --rasters '{config}' ('{prj}'); expected an output file that is none of the command's inputs.",
                $"error: --out: '{Path.Combine(_dir, "x", "..", "inputs", "p.tif")}': would overwrite fields.precipitation_mm.raster of --rasters '{config}' ('{Path.Combine(inputs, "p.tif")}'); expected an output file that is none of the command's inputs.",
            ],
            results.Select(r => r.Run.Err.TrimEnd()));
        Assert.All(bytes, kv => Assert.Equal(kv.Value, File.ReadAllBytes(kv.Key)));
        Assert.Equal(["classes.csv", "p.tif", "rasters.json", "units.prj"], Directory.GetFiles(inputs).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        // The same configuration prepares into a new file: the land cover, the .prj and the raster are all read.
        Assert.Equal(0, Run("gep", "prepare", "--units", units, "--rasters", config, "--out", Path.Combine(_dir, "units.csv")).ExitCode);
    }

    [Fact]
    public void Should_refuse_an_output_that_is_not_a_csv_file_or_is_a_folder()
    {
        Raster("p.tif", 128.45, 47.55, pixel: 0.02);
        string units = TwoUnits();
        string config = Config("""  "precipitation_mm": { "raster": "p.tif", "statistic": "mean", "scale": 1, "unit": "mm" }  """);
        string geojson = Path.Combine(_dir, "inputs.geojson");
        string folder = Directory.CreateDirectory(Path.Combine(_dir, "adir")).FullName;

        var notCsv = Run("gep", "prepare", "--units", units, "--rasters", config, "--out", geojson);
        var intoFolder = Run("gep", "prepare", "--units", units, "--rasters", config, "--out", folder);

        Assert.Equal(2, notCsv.ExitCode);
        Assert.Equal([$"error: --out: '{geojson}': expected a .csv file; gep prepare writes the units' inputs as CSV."], notCsv.ErrLines);
        Assert.False(File.Exists(geojson));
        Assert.False(File.Exists(Path.Combine(_dir, "inputs.provenance.json")));
        Assert.Equal(2, intoFolder.ExitCode);
        Assert.Equal([$"error: --out: '{folder}': is a folder; expected the CSV file to write."], intoFolder.ErrLines);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
        Assert.False(File.Exists(Path.Combine(_dir, "adir.provenance.json")));
        // Any case of the extension is a CSV file.
        var upper = Run("gep", "prepare", "--units", units, "--rasters", config, "--out", Path.Combine(_dir, "UNITS.CSV"));
        Assert.True(upper.ExitCode == 0, upper.Err);
    }

    private static string Inv(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static string Python(string script, params string[] args)
    {
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, "/usr/bin/python3 with rasterio failed; run scripts/install-test-deps.sh");
        return output.Trim();
    }
}
