using System.Text.Json;
using static EcoLedger.IntegrationTests.CliRunner;

namespace EcoLedger.IntegrationTests.Rasters;

public sealed class UnitsGridCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-grid-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string[] GridArgs(string output) =>
    [
        "units", "grid", "--boundary", Repo("samples", "yichun", "rasters", "boundary.geojson"), "--cell", "5000",
        "--landcover", Repo("samples", "yichun", "rasters", "landcover_cnlucc.tif"),
        "--classes", Repo("methodology", "parameters", "landcover", "cnlucc.csv"), "--region", "伊春", "--out", output,
    ];

    [Fact]
    public void Should_build_units_that_gep_prepare_fills_from_the_rasters()
    {
        // Given the Yichun boundary and land cover, 5 km cells, written into a folder that does not exist yet
        string grid = Path.Combine(_dir, "grids", "grid.geojson");

        // When
        var r = Run(GridArgs(grid));
        var prepared = Run("gep", "prepare", "--units", grid, "--rasters", Repo("samples", "yichun", "rasters", "rasters.json"), "--out", Path.Combine(_dir, "units.csv"));

        // Then every unit is a (cell, ecosystem) of the region, and the raster route reads them
        Assert.Equal(0, r.ExitCode);
        // The units are streamed into a temporary file beside the output, which becomes the output: nothing else is left
        Assert.Equal(["grid.geojson"], Directory.GetFiles(Path.GetDirectoryName(grid)!).Select(Path.GetFileName));
        using var doc = JsonDocument.Parse(File.ReadAllBytes(grid));
        var units = doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        Assert.NotEmpty(units);
        Assert.All(units, u => Assert.Equal("伊春", u.GetProperty("region").GetString()));
        Assert.Equal(units.Count, units.Select(u => u.GetProperty("unit_id").GetString()).Distinct().Count());
        Assert.Contains(units, u => u.GetProperty("ecosystem").GetString() == "wetland" && u.GetProperty("subtype").GetString() == "lake");
        Assert.Equal(0, prepared.ExitCode);
        Assert.Equal(units.Count + 1, File.ReadAllLines(Path.Combine(_dir, "units.csv")).Length);
    }

    [Fact]
    public void Should_prepare_Gauss_Kruger_units_in_the_CRS_their_GeoPackage_states_and_refuse_a_units_crs_that_contradicts_it()
    {
        // Given the 5 km grid units in lon/lat, and the same units as a bureau's GIS keeps them: reprojected by GDAL to CGCS2000 3° zone 43
        // (EPSG:4531), a GeoPackage whose srs says so, and a configuration that says nothing of the units' CRS
        string grid = Path.Combine(_dir, "grid.gpkg"), gk = Path.Combine(_dir, "grid-gk.gpkg");
        Assert.Equal(0, Run(GridArgs(grid)).ExitCode);
        Ogr2ogr("-f", "GPKG", "-t_srs", "EPSG:4531", gk, grid);
        string config = Repo("samples", "yichun", "rasters", "rasters.json");

        // When both are prepared
        var lonLat = Run("gep", "prepare", "--units", grid, "--rasters", config, "--out", Path.Combine(_dir, "ll.csv"));
        var projected = Run("gep", "prepare", "--units", gk, "--rasters", config, "--out", Path.Combine(_dir, "gk.csv"));

        // Then the zone-43 units are read in the CRS their file states (they used to be refused for want of units_crs) and get the
        // lon/lat units' precipitation: the same land, its vertices taken to lon/lat and back, within 0.01 mm of a few hundred
        Assert.True(projected.ExitCode == 0, projected.Err);
        Assert.Equal(0, lonLat.ExitCode);
        static Dictionary<string, double> Precipitation(string csv)
        {
            var lines = File.ReadAllLines(csv);
            int id = Array.IndexOf(lines[0].Split(','), "unit_id"), p = Array.IndexOf(lines[0].Split(','), "precipitation_mm");
            return lines.Skip(1).Select(l => l.Split(',')).ToDictionary(f => f[id], f => double.Parse(f[p], System.Globalization.CultureInfo.InvariantCulture));
        }
        var expected = Precipitation(Path.Combine(_dir, "ll.csv"));
        var actual = Precipitation(Path.Combine(_dir, "gk.csv"));
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        Assert.All(expected, kv => Assert.Equal(kv.Value, actual[kv.Key], 0.01));

        // And a units_crs that contradicts the file (zone 44 for zone-43 units) is refused, naming both, rather than taken on trust
        string contradicting = Path.Combine(_dir, "rasters-zone44.json");
        File.WriteAllText(contradicting, File.ReadAllText(config)
            .Replace("\"coverage\"", "\"units_crs\": \"EPSG:4532\", \"coverage\"", StringComparison.Ordinal)
            .Replace("\"raster\": \"", $"\"raster\": \"{Repo("samples", "yichun", "rasters").Replace("\\", "/", StringComparison.Ordinal)}/", StringComparison.Ordinal)
            .Replace("../../../methodology", Repo("methodology").Replace("\\", "/", StringComparison.Ordinal), StringComparison.Ordinal));
        var refused = Run("gep", "prepare", "--units", gk, "--rasters", contradicting, "--out", Path.Combine(_dir, "refused.csv"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"error: {contradicting}, field 'units_crs': CRS mismatch: units_crs is EPSG:4532 (CGCS2000 3° Gauss–Krüger zone 44 (CM 132°E)), but {gk} states " +
            "EPSG:4531 (CGCS2000 3° Gauss–Krüger zone 43 (CM 129°E)); expected one CRS: leave units_crs out to use the file's, or correct it.\nerror: 1 input problem.\n" +
            $"error: nothing was written to {Path.Combine(_dir, "refused.csv")}.",
            refused.Err.Trim().ReplaceLineEndings("\n"));
        Assert.False(File.Exists(Path.Combine(_dir, "refused.csv")));
    }

    private string Townships(params (string Name, double West, double East)[] strips)
    {
        // Strips of the sample region from 47.5°N to 48.0°N (inside the land cover, which spans 128.4–129.4°E, 47.4–48.15°N).
        string path = Path.Combine(_dir, "townships.geojson");
        var features = strips.Select(s => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{{\"type\":\"Feature\",\"properties\":{{\"name\":\"{s.Name}\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[[{s.West},47.5],[{s.East},47.5],[{s.East},48.0],[{s.West},48.0],[{s.West},47.5]]]}}}}"));
        File.WriteAllText(path, "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", features) + "]}");
        return path;
    }

    private static string[] PolygonArgs(string boundary, string output) =>
    [
        "units", "grid", "--boundary", boundary, "--cells-from", "name",
        "--landcover", Repo("samples", "yichun", "rasters", "landcover_cnlucc.tif"),
        "--classes", Repo("methodology", "parameters", "landcover", "cnlucc.csv"), "--region", "伊春", "--out", output,
    ];

    [Fact]
    public void Should_build_one_unit_per_administrative_polygon_and_ecosystem_whose_areas_add_up_to_the_polygon()
    {
        // Given two townships side by side (a shared edge at 128.9°E)
        string boundary = Townships(("东林", 128.5, 128.9), ("西岭", 128.9, 129.3));
        string output = Path.Combine(_dir, "townships-units.geojson");

        var r = Run(PolygonArgs(boundary, output));

        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(output));
        var units = doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        var ids = units.Select(u => u.GetProperty("unit_id").GetString()!).ToList();
        Assert.All(ids, id => Assert.True(id.StartsWith("东林-", StringComparison.Ordinal) || id.StartsWith("西岭-", StringComparison.Ordinal), id));
        Assert.Contains("东林-forest", ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        // The units of a township tile it exactly: in their own lon/lat coordinates their areas add up to the township's,
        // 0.4° × 0.5° = 0.2 square degrees each (no gap, no overlap; equal-area hectares would add the chord-versus-parallel
        // error of the measure, which depends on where the union keeps vertices).
        var options = new JsonSerializerOptions();
        options.Converters.Add(new NetTopologySuite.IO.Converters.GeoJsonConverterFactory());
        var collection = JsonSerializer.Deserialize<NetTopologySuite.Features.FeatureCollection>(File.ReadAllText(output), options)!;
        var byTownship = collection.ToLookup(f => ((string)f.Attributes["unit_id"]).Split('-')[0], f => f.Geometry.Area);
        Assert.Equal(0.2, byTownship["东林"].Sum(), 1e-9);
        Assert.Equal(0.2, byTownship["西岭"].Sum(), 1e-9);
        // And gep prepare reads them.
        Assert.Equal(0, Run("gep", "prepare", "--units", output, "--rasters", Repo("samples", "yichun", "rasters", "rasters.json"), "--out", Path.Combine(_dir, "townships.csv")).ExitCode);
    }

    [Fact]
    public void Should_take_administrative_polygons_from_a_Gauss_Kruger_shapefile_as_from_lon_lat_GeoJSON()
    {
        // Given the two townships as GeoJSON in lon/lat, and the same layer as a bureau keeps it: a Shapefile in CGCS2000 3° zone 43
        // (central meridian 129°E, EPSG:4531), written by GDAL with its .prj, and a GeoJSON of those metres that states no CRS
        string lonLat = Townships(("东林", 128.5, 128.9), ("西岭", 128.9, 129.3));
        string shp = Path.Combine(_dir, "townships-gk.shp"), metres = Path.Combine(_dir, "townships-gk.geojson");
        Ogr2ogr("-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8", "-t_srs", "EPSG:4531", shp, lonLat);
        Ogr2ogr("-f", "GeoJSON", "-lco", "RFC7946=NO", "-lco", "WRITE_NAME=NO", "-t_srs", "EPSG:4531", metres, lonLat);
        File.WriteAllText(metres, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(metres), "\"crs\":\\s*\\{[^}]*\\}\\s*\\},?", ""));

        // When units grid takes each polygon as a cell from each file
        string fromLonLat = Path.Combine(_dir, "ll.geojson"), fromShp = Path.Combine(_dir, "shp.geojson"), fromMetres = Path.Combine(_dir, "m.geojson");
        Assert.Equal(0, Run(PolygonArgs(lonLat, fromLonLat)).ExitCode);
        var shpRun = Run(PolygonArgs(shp, fromShp));
        var undeclared = Run(PolygonArgs(metres, Path.Combine(_dir, "undeclared.geojson")));
        var declared = Run([.. PolygonArgs(metres, fromMetres), "--crs", "EPSG:4531"]);

        // Then the Shapefile (CRS from its .prj) and the declared GeoJSON give the same units as the lon/lat layer: the same ids, and
        // each township tiled to its 0.4° × 0.5° = 0.2 square degrees (the corners go to metres and back, within 1e-9°)
        Assert.True(shpRun.ExitCode == 0, shpRun.Err);
        Assert.True(declared.ExitCode == 0, declared.Err);
        var options = new JsonSerializerOptions();
        options.Converters.Add(new NetTopologySuite.IO.Converters.GeoJsonConverterFactory());
        NetTopologySuite.Features.FeatureCollection Units(string path) =>
            JsonSerializer.Deserialize<NetTopologySuite.Features.FeatureCollection>(File.ReadAllText(path), options)!;
        var expected = Units(fromLonLat).Select(f => (string)f.Attributes["unit_id"]).Order(StringComparer.Ordinal).ToList();
        foreach (var file in new[] { fromShp, fromMetres })
        {
            var units = Units(file);
            Assert.Equal(expected, units.Select(f => (string)f.Attributes["unit_id"]).Order(StringComparer.Ordinal));
            var byTownship = units.ToLookup(f => ((string)f.Attributes["unit_id"]).Split('-')[0], f => f.Geometry.Area);
            Assert.Equal(0.2, byTownship["东林"].Sum(), 1e-8);
            Assert.Equal(0.2, byTownship["西岭"].Sum(), 1e-8);
        }
        // Beijing 1954 lon/lat is refused as for rasters (about 100 m off CGCS2000, and no datum shift)
        var beijing = Run([.. PolygonArgs(lonLat, Path.Combine(_dir, "bj.geojson")), "--crs", "EPSG:4214"]);
        Assert.Equal(2, beijing.ExitCode);
        Assert.Equal($"error: {lonLat}: is in EPSG:4214 (Beijing 1954), up to about 100 m from CGCS2000/WGS 84, and EcoLedger has no datum shift for it; " +
            "reproject it (e.g. ogr2ogr -t_srs EPSG:4490).", beijing.Err.Trim());
        // and metres that state no CRS are refused, naming what would do
        Assert.Equal(2, undeclared.ExitCode);
        Assert.Equal($"error: {metres}: has projected coordinates, CRS (projected, detected), in no system EcoLedger can take to longitude/latitude; expected CGCS2000 or WGS 84 lon/lat, " +
            "or a CGCS2000 Gauss–Krüger zone stated by the file (.prj, GeoPackage) or by --crs EPSG:<code>; or reproject it (e.g. ogr2ogr -t_srs EPSG:4490).", undeclared.Err.Trim());
    }

    [Fact]
    public void Should_read_the_Chinese_names_of_a_GBK_shapefile_and_refuse_one_whose_encoding_nothing_states()
    {
        // Given the two townships as GDAL writes a Shapefile for Chinese GIS software: attribute text in GBK, declared by a .cpg of "CP936"
        string lonLat = Townships(("东林", 128.5, 128.9), ("西岭", 128.9, 129.3));
        string shp = Path.Combine(_dir, "townships-gbk.shp");
        Ogr2ogr("-f", "ESRI Shapefile", "-lco", "ENCODING=CP936", shp, lonLat);
        Assert.Equal("CP936", File.ReadAllText(Path.ChangeExtension(shp, ".cpg")).Trim());

        // When units grid names each cell by the township's name
        string fromLonLat = Path.Combine(_dir, "ll.geojson"), fromShp = Path.Combine(_dir, "gbk.geojson");
        Assert.Equal(0, Run(PolygonArgs(lonLat, fromLonLat)).ExitCode);
        var read = Run(PolygonArgs(shp, fromShp));

        // Then the units are those of the UTF-8 layer, named 东林-… and 西岭-… (before, GBK was read as UTF-8 into "??")
        Assert.True(read.ExitCode == 0, read.Err);
        static List<string> Ids(string path) => [.. JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").GetProperty("unit_id").GetString()!).Order(StringComparer.Ordinal)];
        Assert.Equal(Ids(fromLonLat), Ids(fromShp));
        Assert.Contains(Ids(fromShp), id => id.StartsWith("东林-", StringComparison.Ordinal));
        // written as it reads, not as \u escapes
        Assert.Contains("\"东林-", File.ReadAllText(fromShp), StringComparison.Ordinal);

        // And without the .cpg (GDAL writes no language driver byte for GBK) the text is refused, saying how to declare it
        File.Delete(Path.ChangeExtension(shp, ".cpg"));
        var undeclared = Run(PolygonArgs(shp, Path.Combine(_dir, "undeclared.geojson")));
        Assert.Equal(2, undeclared.ExitCode);
        Assert.Equal($"error: townships-gbk.dbf: holds text that is not UTF-8, and no .cpg file or language driver byte says its encoding. Chinese GIS software usually writes GBK: " +
            "put a .cpg file containing 936 next to the .shp (65001 if it is UTF-8), or convert the layer with ogr2ogr -lco ENCODING=UTF-8.", undeclared.Err.Trim());
    }

    private static void Ogr2ogr(params string[] args) => Gdal("ogr2ogr", warningsFail: false, args);

    [Fact]
    public void Should_refuse_administrative_polygons_that_overlap_or_lack_an_id()
    {
        var overlap = Run(PolygonArgs(Townships(("东林", 128.5, 129.0), ("西岭", 128.9, 129.3)), Path.Combine(_dir, "o.geojson")));

        Assert.Equal(2, overlap.ExitCode);
        Assert.StartsWith("error: polygons '东林' and '西岭' overlap by ", overlap.Err, StringComparison.Ordinal);
        Assert.Contains(" ha; expected polygons that do not overlap (their units would count that land twice).", overlap.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "o.geojson")));

        string noId = Townships(("东林", 128.5, 128.9));
        File.WriteAllText(noId, File.ReadAllText(noId).Replace("\"name\"", "\"town\"", StringComparison.Ordinal));
        var missing = Run(PolygonArgs(noId, Path.Combine(_dir, "m.geojson")));
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal($"error: {noId}: feature #1: --cells-from name: the attribute is missing or empty; expected every polygon to have an id in 'name' (its attributes are town).",
            missing.Err.Trim());

        var both = Run([.. PolygonArgs(noId, Path.Combine(_dir, "b.geojson")), "--cell", "1000"]);
        Assert.Equal(2, both.ExitCode);
        Assert.Equal("error: expected either --cell METRES (a square grid) or --cells-from FIELD (the boundary's polygons as cells), not both or neither.", both.Err.Trim());
    }

    [Fact]
    public void Should_write_a_GeoPackage_that_GDAL_reads_and_gep_prepare_reads_as_it_reads_the_GeoJSON()
    {
        // Given the same grid written as GeoJSON and as GeoPackage
        string geojson = Path.Combine(_dir, "grid.geojson"), gpkg = Path.Combine(_dir, "grid.gpkg");
        Assert.Equal(0, Run(GridArgs(geojson)).ExitCode);

        var r = Run(GridArgs(gpkg));

        // Then GDAL reads one MultiPolygon layer in EPSG:4490 with every unit and its attributes, and an R-tree index
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(geojson));
        int count = doc.RootElement.GetProperty("features").GetArrayLength();
        string info = Ogrinfo("-so", "-al", gpkg);
        Assert.Contains("Layer name: grid", info, StringComparison.Ordinal);
        Assert.Contains("Geometry: Multi Polygon", info, StringComparison.Ordinal);
        Assert.Contains($"Feature Count: {count}", info, StringComparison.Ordinal);
        Assert.Contains("ID[\"EPSG\",4490]", info, StringComparison.Ordinal);
        Assert.Contains("unit_id: String", info, StringComparison.Ordinal);
        Assert.Contains("HasSpatialIndex (Integer) = 1",
            Ogrinfo(gpkg, "-sql", "SELECT HasSpatialIndex('grid', 'geom')"), StringComparison.Ordinal);
        // (Ogrinfo fails the test on any warning GDAL prints about the file.)
        var first = Ogrinfo(gpkg, "-sql", "SELECT unit_id, region, ecosystem, subtype FROM grid WHERE fid = 1");
        var props = doc.RootElement.GetProperty("features")[0].GetProperty("properties");
        Assert.Contains($"unit_id (String) = {props.GetProperty("unit_id").GetString()}", first, StringComparison.Ordinal);
        Assert.Contains("region (String) = 伊春", first, StringComparison.Ordinal);

        // And gep prepare makes the same unit inputs from either file
        string rasters = Repo("samples", "yichun", "rasters", "rasters.json");
        string fromJson = Path.Combine(_dir, "from-geojson.csv"), fromGpkg = Path.Combine(_dir, "from-gpkg.csv");
        Assert.Equal(0, Run("gep", "prepare", "--units", geojson, "--rasters", rasters, "--out", fromJson).ExitCode);
        var p = Run("gep", "prepare", "--units", gpkg, "--rasters", rasters, "--out", fromGpkg);
        Assert.True(p.ExitCode == 0, string.Join("\n", p.ErrLines));
        // (the same values; the area of a one-part MultiPolygon may differ from its Polygon's in the last bit)
        var a = File.ReadAllLines(fromJson);
        var b = File.ReadAllLines(fromGpkg);
        Assert.Equal(a.Length, b.Length);
        for (int i = 0; i < a.Length; i++)
        {
            var (x, y) = (a[i].Split(','), b[i].Split(','));
            Assert.Equal(x.Length, y.Length);
            for (int k = 0; k < x.Length; k++)
            {
                if (double.TryParse(x[k], System.Globalization.CultureInfo.InvariantCulture, out double u) && double.TryParse(y[k], System.Globalization.CultureInfo.InvariantCulture, out double v))
                {
                    Assert.Equal(u, v, Math.Abs(u) * 1e-12);
                }
                else
                {
                    Assert.Equal(x[k], y[k]);
                }
            }
        }
    }

    private static string Ogrinfo(params string[] args) => Gdal("ogrinfo", warningsFail: true, args);

    /// <summary>Runs a GDAL tool and returns what it printed; fails the test when it fails (or, with <paramref name="warningsFail"/>, warns).</summary>
    private static string Gdal(string tool, bool warningsFail, string[] args)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = System.Diagnostics.Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0 && (!warningsFail || err.Result.Length == 0),
            $"{tool} {string.Join(' ', args)} failed or warned (run scripts/install-test-deps.sh for GDAL):\n{err.Result}");
        return output;
    }

    [Fact]
    public void Should_refuse_an_output_that_is_its_boundary_and_leave_the_boundary_unchanged()
    {
        // Given the sample boundary, copied
        string boundary = Path.Combine(_dir, "boundary.geojson");
        File.Copy(Repo("samples", "yichun", "rasters", "boundary.geojson"), boundary);
        byte[] before = File.ReadAllBytes(boundary);
        string[] args = GridArgs(boundary);
        args[Array.IndexOf(args, "--boundary") + 1] = boundary;

        // When the units would be written over it
        var r = Run(args);

        // Then
        Assert.Equal(2, r.ExitCode);
        Assert.Equal([$"error: --out: '{boundary}': would overwrite --boundary '{boundary}'; expected an output file that is none of the command's inputs."], r.ErrLines);
        Assert.Equal(before, File.ReadAllBytes(boundary));
        Assert.Equal(["boundary.geojson"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Should_refuse_an_output_that_is_a_folder()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_dir, "grid.geojson")).FullName;

        var r = Run(GridArgs(folder));

        Assert.Equal(2, r.ExitCode);
        Assert.Equal([$"error: --out: '{folder}': is a folder; expected the .geojson or .gpkg file to write."], r.ErrLines);
        Assert.Equal([folder], Directory.GetFileSystemEntries(_dir, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Should_refuse_an_output_it_cannot_write()
    {
        string shp = Path.Combine(_dir, "grid.shp");

        var r = Run(GridArgs(shp));

        Assert.Equal(2, r.ExitCode);
        Assert.Equal([$"error: --out: '{shp}': expected a .geojson or .gpkg file."], r.ErrLines);
        Assert.False(File.Exists(shp));
    }
}
