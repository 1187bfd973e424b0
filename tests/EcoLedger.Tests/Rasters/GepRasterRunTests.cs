using System.Globalization;
using EcoLedger.Rasters;
using EcoLedger.Spatial;
using EcoLedger.Valuation;
using EcoLedger.Valuation.Files;
using EcoLedger.Valuation.Uncertainty;

namespace EcoLedger.Tests.Rasters;

/// <summary>
/// <c>gep compute --rasters</c> in the application layer: the summary names the user's units file and every raster with
/// its hash (so any host offers the same provenance), and a failed phase writes nothing.
/// </summary>
public sealed class GepRasterRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-raster-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    // A 10 × 10 raster of 0.01° pixels, all 500 mm, top-left at 128.45°E 47.55°N (covers 128.45–128.55°E, 47.45–47.55°N).
    private string Raster()
    {
        string path = Path.Combine(_dir, "p.tif");
        var values = new float[10, 10];
        for (int r = 0; r < 10; r++)
        {
            for (int c = 0; c < 10; c++)
            {
                values[r, c] = 500;
            }
        }
        GeoTiffWriter.WriteFloat32(path, values, new GeoTransform(128.45, 0.01, 0, 47.55, 0, -0.01), SupportedCrs.Find(4490)!);
        return path;
    }

    private string Units(params double[] westEdges)
    {
        string path = Path.Combine(_dir, "units.geojson");
        var features = westEdges.Select((x, i) => string.Create(CultureInfo.InvariantCulture,
            $$$"""{"type":"Feature","properties":{"unit_id":"U{{{i}}}","region":"R","ecosystem":"forest"},"geometry":{"type":"Polygon","coordinates":[[[{{{x}}},47.5],[{{{x + 0.01}}},47.5],[{{{x + 0.01}}},47.51],[{{{x}}},47.51],[{{{x}}},47.5]]]}}"""));
        File.WriteAllText(path, $$"""{"type":"FeatureCollection","features":[{{string.Join(",", features)}}]}""");
        return path;
    }

    private string Config()
    {
        string path = Path.Combine(_dir, "rasters.json");
        File.WriteAllText(path, """{ "fields": { "precipitation_mm": { "raster": "p.tif", "statistic": "mean", "scale": 1, "unit": "mm" } } }""");
        return path;
    }

    [Fact]
    public void Gep_prepare_writes_the_units_csv_and_its_provenance_together_and_nothing_when_refused()
    {
        _ = Raster();
        string units = Units(128.50), config = Config(), csv = Path.Combine(_dir, "out", "units.csv");

        var run = RasterPreparation.Execute(units, config, csv);

        Assert.True(run.Written);
        Assert.Equal(Path.Combine(_dir, "out", "units.provenance.json"), run.ProvenancePath);
        // One unit of 0.01° × 0.01° inside the 500 mm raster: every pixel covering it is 500, so its mean is 500.
        Assert.Equal(["unit_id,region,ecosystem,subtype,area_ha,precipitation_mm", $"U0,R,forest,,{run.Preparation!.Units[0].Area.Hectares.ToString("R", CultureInfo.InvariantCulture)},500"],
            File.ReadAllLines(csv));
        Assert.Equal("p.tif", run.Provenance!["fields"]!["precipitation_mm"]!["raster"]!.GetValue<string>());
        Assert.True(File.Exists(run.ProvenancePath));

        // The units file as --out is refused before any raster is read; the units are left as they were.
        string before = File.ReadAllText(units);
        var refused = RasterPreparation.Execute(units, config, units);
        Assert.False(refused.Written);
        Assert.Null(refused.Preparation);
        Assert.Equal($"--out: '{units}': would overwrite --units '{units}'; expected an output file that is none of the command's inputs.", refused.OutputError);
        Assert.Equal(before, File.ReadAllText(units));
    }

    [Fact]
    public void Should_name_the_users_units_file_and_every_raster_with_its_hash_in_the_summary()
    {
        string raster = Raster(), units = Units(128.50), config = Config(), outDir = Path.Combine(_dir, "gep");

        var run = GepRasterRun.Execute(new GepRunRequest(units, null, null, 2023, outDir), config);

        Assert.True(run.Succeeded);
        var summary = run.Accounting!.SummaryJson!;
        Assert.Equal(units, summary["inputs"]![0]!["path"]!.GetValue<string>());
        Assert.Equal(GepOutputWriter.Sha256(units), summary["inputs"]![0]!["sha256"]!.GetValue<string>());
        Assert.Equal(config, summary["inputs"]![0]!["prepared_with"]!.GetValue<string>());
        Assert.Equal(GepOutputWriter.Sha256(config), summary["raster_config"]!["sha256"]!.GetValue<string>());
        var rasters = summary["rasters"]!.AsArray();
        Assert.Single(rasters);
        Assert.Equal(("p.tif", GepOutputWriter.Sha256(raster), "precipitation_mm"),
            (rasters[0]!["path"]!.GetValue<string>(), rasters[0]!["sha256"]!.GetValue<string>(), rasters[0]!["fields"]![0]!.GetValue<string>()));
        // The written summary is the returned one, and the per-field provenance lies beside it.
        Assert.Equal(RasterPreparation.ToJson(summary) + "\n", File.ReadAllText(Path.Combine(outDir, "gep-summary.json")));
        Assert.Contains("\"precipitation_mm\"", File.ReadAllText(Path.Combine(outDir, GepRasterRun.ProvenanceFileName)), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_read_a_configuration_written_on_Windows_whose_paths_separate_folders_with_backslashes()
    {
        // Given the raster in a folder "inputs" and a configuration naming it as Windows writes paths: "inputs\p.tif" (JSON "inputs\\p.tif")
        string raster = Raster(), units = Units(128.50), outDir = Path.Combine(_dir, "gep");
        Directory.CreateDirectory(Path.Combine(_dir, "inputs"));
        File.Move(raster, Path.Combine(_dir, "inputs", "p.tif"));
        string config = Path.Combine(_dir, "rasters.json");
        File.WriteAllText(config, """{ "fields": { "precipitation_mm": { "raster": "inputs\\p.tif", "statistic": "mean", "scale": 1, "unit": "mm" } } }""");

        // When the run reads it on this (Linux) machine
        var run = GepRasterRun.Execute(new GepRunRequest(units, null, null, 2023, outDir), config);

        // Then the raster is found, the unit gets its 500 mm, and the summary names the raster as the configuration does
        Assert.True(run.Succeeded, run.ConfigError);
        Assert.Equal(500.0, Assert.Single(run.Preparation!.Units).Monitoring[MonitoringField.PrecipitationMm]);
        Assert.Equal(@"inputs\p.tif", run.Accounting!.SummaryJson!["rasters"]![0]!["path"]!.GetValue<string>());
    }

    [Fact]
    public void Should_write_nothing_when_a_unit_lies_outside_a_raster()
    {
        Raster();
        string units = Units(128.50, 128.60), config = Config(), outDir = Path.Combine(_dir, "gep");

        var run = GepRasterRun.Execute(new GepRunRequest(units, null, null, 2023, outDir), config);

        Assert.False(run.Succeeded);
        Assert.Null(run.Accounting);
        Assert.Equal("p.tif: unit 'U1': the unit lies outside the raster's extent (x 128.45–128.55, y 47.45–47.55 in EPSG:4490); expected a raster covering every unit.",
            Assert.Single(run.Preparation!.Problems).ToString());
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Should_refuse_a_unit_partly_beyond_a_raster_saying_how_much_of_it_and_write_nothing()
    {
        // Given U1 from 128.545° to 128.555° E, and the raster ending at 128.55° E: half of U1 is beyond it. Valued from the half
        // inside, a sum would be half what it is and a mean would stand for land the raster does not see.
        Raster();
        string units = Units(128.50, 128.545), config = Config(), outDir = Path.Combine(_dir, "gep");

        var run = GepRasterRun.Execute(new GepRunRequest(units, null, null, 2023, outDir), config);

        Assert.False(run.Succeeded);
        Assert.Equal("p.tif: unit 'U1': 50% of the unit lies beyond the raster's extent (x 128.45–128.55, y 47.45–47.55 in EPSG:4490), which says nothing of that part; " +
            "expected a raster covering every unit.", Assert.Single(run.Preparation!.Problems).ToString());
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Should_report_the_units_outside_a_raster_once_with_examples_not_once_per_unit()
    {
        // Given four units east of the raster (128.60°–128.94° E) and three units partly beyond its north edge (47.545°–47.555° N)
        Raster();
        string units = Path.Combine(_dir, "units.geojson");
        var squares = new[] { (128.60, 47.50), (128.70, 47.50), (128.80, 47.50), (128.93, 47.50), (128.46, 47.545), (128.48, 47.549), (128.50, 47.5499) };
        File.WriteAllText(units, $$"""{"type":"FeatureCollection","features":[{{string.Join(",", squares.Select((q, i) => string.Create(CultureInfo.InvariantCulture,
            $$$"""{"type":"Feature","properties":{"unit_id":"U{{{i}}}","region":"R","ecosystem":"forest"},"geometry":{"type":"Polygon","coordinates":[[[{{{q.Item1}}},{{{q.Item2}}}],[{{{q.Item1 + 0.01}}},{{{q.Item2}}}],[{{{q.Item1 + 0.01}}},{{{q.Item2 + 0.01}}}],[{{{q.Item1}}},{{{q.Item2 + 0.01}}}],[{{{q.Item1}}},{{{q.Item2}}}]]]}}""")))}}]}""");

        var run = GepRasterRun.Execute(new GepRunRequest(units, null, null, 2023, Path.Combine(_dir, "gep")), Config());

        // Then one problem for the units outside and one for those partly beyond, the largest shares first: U4 (47.545 + 0.01 − 47.55)/0.01
        // = 50%, U5 (47.549 + 0.01 − 47.55)/0.01 = 90%, U6 99%
        Assert.Equal([
            "p.tif: 4 units lie outside the raster's extent (x 128.45–128.55, y 47.45–47.55 in EPSG:4490) (e.g. 'U0', 'U1', 'U2'); expected a raster covering every unit.",
            "p.tif: 3 units lie partly beyond the raster's extent (x 128.45–128.55, y 47.45–47.55 in EPSG:4490), which says nothing of those parts " +
                "(e.g. 'U6' 99%, 'U5' 90%, 'U4' 50% of the unit beyond); expected a raster covering every unit.",
        ], run.Preparation!.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Should_leave_the_field_empty_with_a_warning_for_a_unit_that_holds_no_pixel_centre_under_centre_coverage()
    {
        // Given U0 over the pixel 128.50–128.51° E × 47.50–47.51° N (centre 128.505°, 47.505°) and U1, a 0.003° square inside the same
        // pixel that misses its centre: inside the raster, yet with centre coverage it has no pixel (it used to be called outside)
        Raster();
        string units = Path.Combine(_dir, "units.geojson");
        File.WriteAllText(units, """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"unit_id":"U0","region":"R","ecosystem":"forest"},"geometry":{"type":"Polygon","coordinates":[[[128.50,47.50],[128.51,47.50],[128.51,47.51],[128.50,47.51],[128.50,47.50]]]}},
            {"type":"Feature","properties":{"unit_id":"U1","region":"R","ecosystem":"forest"},"geometry":{"type":"Polygon","coordinates":[[[128.501,47.501],[128.504,47.501],[128.504,47.504],[128.501,47.504],[128.501,47.501]]]}}]}
            """);
        string config = Path.Combine(_dir, "rasters.json");
        File.WriteAllText(config, """{ "coverage": "centre", "fields": { "precipitation_mm": { "raster": "p.tif", "statistic": "mean", "scale": 1, "unit": "mm" } } }""");

        var run = GepRasterRun.Execute(new GepRunRequest(units, null, null, 2023, Path.Combine(_dir, "gep")), config);

        Assert.True(run.Succeeded, string.Join("; ", run.Preparation!.Problems));
        Assert.Equal<double?>([500.0, null], run.Preparation.Units.Select(u => u.Monitoring[MonitoringField.PrecipitationMm]));
        Assert.Contains("precipitation_mm: 1 unit contains no pixel centre of p.tif (\"coverage\": \"centre\"); the field is left empty for it (e.g. 'U1'); " +
            "exact coverage gives every unit the pixels it overlaps.", run.Preparation.Warnings);
    }

    /// <summary>p.tif as <see cref="Raster"/>, with the pixels of columns below <paramref name="firstValid"/> at the nodata value −9999.</summary>
    private void RasterWithNoData(int firstValid, bool declared = true)
    {
        var values = new float[10, 10];
        for (int r = 0; r < 10; r++)
        {
            for (int c = 0; c < 10; c++)
            {
                values[r, c] = c < firstValid ? -9999 : 500;
            }
        }
        GeoTiffWriter.WriteFloat32(Path.Combine(_dir, "p.tif"), values, new GeoTransform(128.45, 0.01, 0, 47.55, 0, -0.01), SupportedCrs.Find(4490)!, noData: declared ? -9999 : null);
    }

    [Fact]
    public void Should_say_that_units_with_latitude_first_may_have_their_coordinates_swapped()
    {
        // Given U0 written latitude first: (47.50, 128.50) … — x within ±90 and y beyond it, which no lon/lat and no metres are
        Raster();
        string units = Path.Combine(_dir, "units.geojson");
        File.WriteAllText(units, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"unit_id":"U0","region":"R","ecosystem":"forest"},"geometry":{"type":"Polygon","coordinates":[[[47.50,128.50],[47.50,128.51],[47.51,128.51],[47.51,128.50],[47.50,128.50]]]}}]}""");
        string config = Config();

        var run = GepRasterRun.Execute(new GepRunRequest(units, null, null, 2023, Path.Combine(_dir, "gep")), config);

        Assert.Equal($"{config}, field 'units_crs': the units in {units} have projected coordinates (x 47.5–47.51) and neither the file nor the configuration says which CRS; " +
            $"expected units_crs, one of {SupportedCrs.SupportedText}; or, if x is the latitude and y (128.5–128.51) the longitude, swap them: GeoJSON and GeoPackage store the longitude first.",
            Assert.Single(run.Preparation!.Problems).ToString());
    }

    [Fact]
    public void Should_report_the_units_out_of_a_fields_range_in_one_problem_and_hint_at_an_undeclared_nodata_value()
    {
        // Given columns 0–4 at −9999 in a raster that declares no nodata value, and three units over them: their mean precipitation is
        // −9999 mm, out of the field's range, for the same reason
        RasterWithNoData(firstValid: 5, declared: false);
        string units = Units(128.45, 128.46, 128.47), config = Config();

        var run = GepRasterRun.Execute(new GepRunRequest(units, null, null, 2023, Path.Combine(_dir, "gep")), config);

        // Then one problem, the first unit's figures and the others counted, with the hint
        Assert.False(run.Succeeded);
        Assert.Equal($"{config}: unit 'U0' (2 more units likewise, e.g. 'U1', 'U2'), field 'precipitation_mm': the mean of p.tif band 1 is -9999, which with scale 1, offset 0 " +
            "and unit mm gives -9999 mm; expected a number from 0 to 30000: check scale and unit in the configuration; p.tif declares no nodata value: if -9999 marks missing data, " +
            "declare it (gdal_edit.py -a_nodata VALUE).", Assert.Single(run.Preparation!.Problems).ToString());
    }

    [Fact]
    public void Should_refuse_a_field_that_no_unit_gets_a_value_for_as_a_wrong_band_file_or_nodata_value()
    {
        // Given a raster whose every pixel is nodata: no unit can get a value, which is a wrong file, band or nodata value, not a gap
        RasterWithNoData(firstValid: 10);
        string units = Units(128.46, 128.50), config = Config();

        var run = GepRasterRun.Execute(new GepRunRequest(units, null, null, 2023, Path.Combine(_dir, "gep")), config);

        Assert.False(run.Succeeded);
        Assert.Equal($"{config}: fields.precipitation_mm: every unit covers only nodata pixels of p.tif band 1 (nodata -9999), so no unit gets precipitation_mm; " +
            "expected the raster and band that hold precipitation_mm: check the file, its band and its nodata value.", Assert.Single(run.Preparation!.Problems).ToString());
    }

    [Fact]
    public void Should_warn_that_a_sum_leaves_out_the_nodata_pixels_of_a_unit()
    {
        // Given columns 0–4 (128.45°–128.50° E) nodata and U0 from 128.495° to 128.505° E: half of its one pixel's worth of area is
        // over nodata, so its sum of visits is 500 × 0.5 = 250, half of what the land would have
        RasterWithNoData(firstValid: 5);
        string units = Units(128.495), config = Path.Combine(_dir, "rasters.json");
        File.WriteAllText(config, """{ "fields": { "visits_per_year": { "raster": "p.tif", "statistic": "sum", "scale": 1, "unit": "visits" } } }""");

        var run = GepRasterRun.Execute(new GepRunRequest(units, null, null, 2023, Path.Combine(_dir, "gep")), config);

        Assert.True(run.Succeeded, string.Join("; ", run.Preparation!.Problems));
        Assert.Equal(250.0, Assert.Single(run.Preparation.Units).Monitoring[MonitoringField.VisitsPerYear]!.Value, 1e-6);
        Assert.Contains("visits_per_year: 1 unit lies partly over nodata pixels of p.tif, which the sum leaves out, so its visits_per_year counts only the rest " +
            "(e.g. 'U0' 50% nodata).", run.Preparation.Warnings);
    }

    [Fact]
    public void Should_refuse_a_land_cover_whose_values_under_the_units_are_not_whole_class_codes()
    {
        // Given a float land cover of 21.5 everywhere (between forest 21 and shrub 22, as bilinear resampling leaves an edge)
        Raster();
        var values = new float[10, 10];
        for (int r = 0; r < 10; r++)
        {
            for (int c = 0; c < 10; c++)
            {
                values[r, c] = 21.5f;
            }
        }
        GeoTiffWriter.WriteFloat32(Path.Combine(_dir, "lc.tif"), values, new GeoTransform(128.45, 0.01, 0, 47.55, 0, -0.01), SupportedCrs.Find(4490)!);
        File.WriteAllText(Path.Combine(_dir, "classes.csv"), "code,name,ecosystem,subtype\n21,Forest,forest,\n22,Shrub,shrub,\n");
        string config = Path.Combine(_dir, "rasters.json");
        File.WriteAllText(config, """
            { "fields": { "precipitation_mm": { "raster": "p.tif", "statistic": "mean", "scale": 1, "unit": "mm" } },
              "landcover": { "raster": "lc.tif", "classes": "classes.csv" } }
            """);

        var run = GepRasterRun.Execute(new GepRunRequest(Units(128.50), null, null, 2023, Path.Combine(_dir, "gep")), config);

        Assert.Equal("lc.tif: pixel value 21.5 under the units is not a whole class code; expected a land cover of class codes (a resampled land cover must be " +
            "resampled by nearest neighbour, e.g. gdalwarp -r near, not bilinear or cubic).", Assert.Single(run.Preparation!.Problems).ToString());
    }

    [Fact]
    public void Should_report_a_configuration_that_cannot_be_loaded_and_write_nothing()
    {
        string units = Units(128.50), config = Path.Combine(_dir, "missing.json"), outDir = Path.Combine(_dir, "gep");

        var run = GepRasterRun.Execute(new GepRunRequest(units, null, null, 2023, outDir), config);

        Assert.Equal($"{config}: file not found.", run.ConfigError);
        Assert.Null(run.Preparation);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void Should_leave_only_the_last_runs_files_in_a_reused_output_folder_and_keep_the_users_own()
    {
        // Given an output folder written by a run from rasters, holding a file of the user's too
        Raster();
        string units = Units(128.50), config = Config(), outDir = Path.Combine(_dir, "gep"), notes = Path.Combine(outDir, "notes.txt");
        Assert.True(GepRasterRun.Execute(new GepRunRequest(units, null, null, 2023, outDir), config).Succeeded);
        File.WriteAllText(notes, "field visit 2023-07");

        // When a run without rasters, with uncertainty draws, writes into it
        var plain = GepRun.Execute(new GepRunRequest(units, null, null, 2023, outDir, Uncertainty: new UncertaintyRequest(100, 1, DistributionTable.Defaults(), null)));

        // Then the first run's raster provenance is gone (the summary beside it names no raster), the user's file is kept
        Assert.True(plain.Succeeded);
        Assert.Equal(["gep-not-computed-reasons.csv", "gep-not-computed.csv", "gep-summary.json", "gep-uncertainty-parameters.csv", "gep-uncertainty.csv",
            "gep-units.csv", "gep-warnings.csv", "notes.txt"], Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // And a run from rasters again removes the uncertainty tables of the second
        Assert.True(GepRasterRun.Execute(new GepRunRequest(units, null, null, 2023, outDir), config).Succeeded);
        Assert.Equal(["gep-not-computed-reasons.csv", "gep-not-computed.csv", "gep-summary.json", "gep-units.csv", "gep-warnings.csv", "notes.txt",
            "raster-provenance.json"], Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("field visit 2023-07", File.ReadAllText(notes));
        // (no staging folder is left beside it)
        Assert.Equal(["gep", "p.tif", "rasters.json", "units.geojson"], Directory.GetFileSystemEntries(_dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Should_refuse_an_output_folder_where_the_run_would_replace_a_file_the_configuration_names()
    {
        // Given a land-cover class table kept in the output folder under the name of the run's warnings file
        Raster();
        string units = Units(128.50), outDir = Directory.CreateDirectory(Path.Combine(_dir, "gep")).FullName;
        string classes = Path.Combine(outDir, "gep-warnings.csv");
        File.WriteAllText(classes, "code,name,ecosystem,subtype\n500,Forest,forest,\n");
        string config = Path.Combine(_dir, "rasters.json");
        File.WriteAllText(config, """
            { "fields": { "precipitation_mm": { "raster": "p.tif", "statistic": "mean", "scale": 1, "unit": "mm" } },
              "landcover": { "raster": "p.tif", "classes": "gep/gep-warnings.csv" } }
            """);
        byte[] before = File.ReadAllBytes(classes);

        // When
        var run = GepRasterRun.Execute(new GepRunRequest(units, null, null, 2023, outDir), config);
        var intoFile = GepRasterRun.Execute(new GepRunRequest(units, null, null, 2023, units), config);

        // Then the run is refused before the zonal statistics, naming the configuration's key, and the table is as it was
        Assert.Equal($"--out: '{outDir}': gep compute would replace or remove its gep-warnings.csv, which is landcover.classes of --rasters '{config}' ('{classes}'); " +
            "expected an output folder that holds none of the inputs under a name gep compute writes.", run.ConfigError);
        Assert.Null(run.Preparation);
        Assert.Equal(before, File.ReadAllBytes(classes));
        Assert.Equal([classes], Directory.GetFileSystemEntries(outDir));
        Assert.Equal($"--out: '{units}': is a file; expected the folder to write the results into.", intoFile.ConfigError);
        // The folder holding the units, the raster and the configuration is a fine output folder: no input has a name the run writes.
        var inPlace = GepRasterRun.Execute(new GepRunRequest(units, null, null, 2023, _dir), config);
        Assert.True(inPlace.Succeeded, inPlace.ConfigError);
        Assert.Equal(before, File.ReadAllBytes(classes));
    }

    [Fact]
    public void Should_refuse_units_without_polygons_naming_the_first_and_the_files_that_have_them()
    {
        // Given the units as a CSV (attributes only): zonal statistics need each unit's polygon
        Raster();
        string units = Path.Combine(_dir, "units.csv"), config = Config(), outDir = Path.Combine(_dir, "gep");
        File.WriteAllText(units, "unit_id,region,ecosystem,area_ha\nU0,R,forest,12\nU1,R,forest,8\n");

        var run = GepRasterRun.Execute(new GepRunRequest(units, null, null, 2023, outDir), config);

        Assert.False(run.Succeeded);
        Assert.Equal($"{units}: unit 'U0', field 'geometry': raster statistics need each unit's polygon; expected a GeoJSON FeatureCollection or a GeoPackage layer of Polygons or MultiPolygons, found a unit without geometry.",
            Assert.Single(run.Preparation!.Problems).ToString());
        Assert.False(Directory.Exists(outDir));
    }

    /// <summary>A configuration reading p.tif into the fields named, each "field:band".</summary>
    private string Config(params string[] fields)
    {
        string path = Path.Combine(_dir, "rasters.json");
        File.WriteAllText(path, "{ \"fields\": { " + string.Join(", ", fields.Select(f => f.Split(':')).Select(f =>
            $"\"{f[0]}\": {{ \"raster\": \"p.tif\", \"band\": {f[1]}, \"statistic\": \"mean\", \"scale\": 1, \"unit\": \"mm\" }}")) + " } }");
        return path;
    }

    [Fact]
    public void Should_report_each_pass_of_the_zonal_step_as_it_begins_and_after_each_unit()
    {
        Raster();
        string units = Units(128.46, 128.48, 128.50), config = Config("precipitation_mm:1", "evapotranspiration_mm:1");
        var seen = new List<ZonalProgress>();

        var run = GepRasterRun.Execute(new GepRunRequest(units, null, null, 2023, Path.Combine(_dir, "gep")), config, onZonal: seen.Add);

        Assert.True(run.Succeeded);
        // Two fields of one band share one pass over the three units, reported at 0 and after each unit: 1 + 3 reports,
        // done counting unit visits (3 in all).
        Assert.Equal([(1, 0), (1, 1), (1, 2), (1, 3)], seen.Select(z => (z.Pass, z.UnitsDone)));
        Assert.Equal([0L, 1, 2, 3], seen.Select(z => z.Done));
        Assert.All(seen, z => Assert.Equal((3L, 1, 3, "p.tif", 1), (z.Total, z.Passes, z.Units, z.Raster, z.Band)));
        Assert.Equal("zonal statistics: p.tif band 1 (1 of 1)", seen[^1].Describe());
        // Both fields take the mean of the same band (every pixel 500, scale 1, mm): the one statistic serves both.
        Assert.All(run.Preparation!.Units, u => Assert.Equal<(double?, double?)>((500.0, 500.0), (u.Monitoring[MonitoringField.PrecipitationMm], u.Monitoring[MonitoringField.EvapotranspirationMm])));
        Assert.Equal(3, run.Preparation.Units.Count);
    }

    [Fact]
    public void Should_give_each_field_of_a_shared_band_its_own_statistic()
    {
        // Given p.tif with pixel (row r, column c) = 10 r + c, and one unit covering exactly the pixels of rows 1–2 and
        // columns 1–2 (128.46–128.48°E, 47.52–47.54°N): 11, 12, 21 and 22
        string raster = Path.Combine(_dir, "p.tif");
        var values = new float[10, 10];
        for (int r = 0; r < 10; r++)
        {
            for (int c = 0; c < 10; c++)
            {
                values[r, c] = (10 * r) + c;
            }
        }
        GeoTiffWriter.WriteFloat32(raster, values, new GeoTransform(128.45, 0.01, 0, 47.55, 0, -0.01), SupportedCrs.Find(4490)!);
        string units = Path.Combine(_dir, "units.geojson");
        File.WriteAllText(units, """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"unit_id":"U0","region":"R","ecosystem":"forest"},"geometry":{"type":"Polygon","coordinates":[[[128.46,47.52],[128.48,47.52],[128.48,47.54],[128.46,47.54],[128.46,47.52]]]}}]}""");
        string config = Path.Combine(_dir, "rasters.json");
        File.WriteAllText(config, """
            { "fields": {
                "precipitation_mm": { "raster": "p.tif", "band": 1, "statistic": "mean", "scale": 1, "unit": "mm" },
                "evapotranspiration_mm": { "raster": "p.tif", "band": 1, "statistic": "max", "scale": 1, "unit": "mm" },
                "water_evaporation_mm": { "raster": "p.tif", "band": 1, "statistic": "min", "scale": 10, "unit": "mm" } } }
            """);
        var seen = new List<ZonalProgress>();

        // When the three fields are prepared from the one band
        var run = GepRasterRun.Execute(new GepRunRequest(units, null, null, 2023, Path.Combine(_dir, "gep")), config, onZonal: seen.Add);

        // Then in one pass, each gets its statistic: mean (11 + 12 + 21 + 22) / 4 = 16.5, max 22, min 11 × scale 10 = 110
        Assert.True(run.Succeeded);
        Assert.All(seen, z => Assert.Equal(1, z.Passes));
        var m = Assert.Single(run.Preparation!.Units).Monitoring;
        // (the mean weights each pixel by its covered fraction, 1 up to the rounding of the polygon's edges in pixel space)
        Assert.Equal(16.5, m[MonitoringField.PrecipitationMm]!.Value, 1e-9);
        Assert.Equal<(double?, double?)>((22, 110), (m[MonitoringField.EvapotranspirationMm], m[MonitoringField.WaterEvaporationMm]));
        // and the provenance keeps the configuration's order
        Assert.Equal([MonitoringField.PrecipitationMm, MonitoringField.EvapotranspirationMm, MonitoringField.WaterEvaporationMm],
            run.Preparation.Fields.Select(f => f.Source.Field));
    }

    [Fact]
    public void Should_count_a_pass_whose_band_is_missing_as_done_so_the_counts_add_up()
    {
        Raster();
        string units = Units(128.46, 128.48), config = Config("precipitation_mm:1", "evapotranspiration_mm:2");
        var seen = new List<ZonalProgress>();

        var run = GepRasterRun.Execute(new GepRunRequest(units, null, null, 2023, Path.Combine(_dir, "gep")), config, onZonal: seen.Add);

        Assert.False(run.Succeeded);
        Assert.Contains(run.Preparation!.Problems, p => p.ToString().Contains("evapotranspiration_mm", StringComparison.Ordinal));
        // pass 1 reads band 1 (0, 1, 2 units); band 2 does not exist, so pass 2 is reported once, finished: 4 of 4 visits
        Assert.Equal([(1, 0, 0L), (1, 1, 1), (1, 2, 2), (2, 2, 4)], seen.Select(z => (z.Pass, z.UnitsDone, z.Done)));
        Assert.Equal(4, seen[^1].Total);
        Assert.Equal(2, seen[^1].Band);
    }

    [Fact]
    public void Should_stop_between_units_when_cancelled_and_write_nothing()
    {
        Raster();
        string units = Units(128.46, 128.48, 128.50), config = Config("precipitation_mm:1"), outDir = Path.Combine(_dir, "gep");
        using var cancel = new CancellationTokenSource();
        var seen = new List<ZonalProgress>();
        void CancelAfterTheFirstUnit(ZonalProgress z)
        {
            seen.Add(z);
            if (z.UnitsDone == 1)
            {
                cancel.Cancel();
            }
        }

        Assert.Throws<OperationCanceledException>(() =>
            GepRasterRun.Execute(new GepRunRequest(units, null, null, 2023, outDir), config, onZonal: CancelAfterTheFirstUnit, cancel: cancel.Token));

        // the second unit was never read: the last report is the one that cancelled
        Assert.Equal([0, 1], seen.Select(z => z.UnitsDone));
        Assert.False(Directory.Exists(outDir));
    }
}
