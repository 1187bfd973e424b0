using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Esri;
using Xunit.Abstractions;

namespace EcoLedger.IntegrationTests.BadInput;

/// <summary>Generated bad polygon layers (GeoJSON, GeoPackage, Shapefile) and options through <c>zones mark</c> and <c>zones screen</c>.</summary>
public sealed class LayerBadInputTests(ITestOutputHelper output)
{
    private static readonly string[] ZoneOutputs = ["zones.geojson", "units-classified.geojson", "zones-summary.json", "zones-map.svg"];

    private const string Cgcs2000Wkt =
        "GEOGCS[\"China Geodetic Coordinate System 2000\",DATUM[\"China_2000\",SPHEROID[\"CGCS2000\",6378137,298.257222101]],PRIMEM[\"Greenwich\",0]," +
        "UNIT[\"degree\",0.0174532925199433],AUTHORITY[\"EPSG\",\"4490\"]]";

    private static readonly GeometryFactory Factory = new();

    /// <summary>Two 0.01° cells near Yichun, A rich (about 10.8 M yuan/km²) and B poor.</summary>
    private static (string Id, Geometry Geometry)[] GoodFeatures() =>
        [("A", Cell(128.9, 47.7)), ("B", Cell(128.91, 47.7))];

    private static Polygon Cell(double x, double y, double d = 0.01) => Factory.CreatePolygon(
    [
        new Coordinate(x, y), new Coordinate(x + d, y), new Coordinate(x + d, y + d), new Coordinate(x, y + d), new Coordinate(x, y),
    ]);

    private static string GepDir(BadInputSuite suite)
    {
        string gep = Path.Combine(suite.Dir, "gep");
        Directory.CreateDirectory(gep);
        File.WriteAllText(Path.Combine(gep, "gep-units.csv"),
            "unit_id,region,ecosystem,indicator,quantity,quantity_unit,value_cny\nA,yichun,forest,climate_regulation,,,9000000.00\nB,yichun,forest,climate_regulation,,,1000000.00\n");
        return gep;
    }

    /// <summary>Accepted means every unit of the layer that has a GEP figure is classified, each once.</summary>
    private static Func<CliRunner.Result, string?> Classified(string outDir, int expected) => _ =>
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "units-classified.geojson")));
        int n = doc.RootElement.GetProperty("features").GetArrayLength();
        return n == expected ? null : $"units-classified.geojson has {n} features; expected {expected}";
    };

    private static string GeoJson(IEnumerable<(string Id, string GeometryJson)> features, string? crs = "EPSG:4490") =>
        "{\"type\":\"FeatureCollection\"" + (crs is null ? "" : ",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"" + crs + "\"}}") + ",\"features\":[" +
        string.Join(',', features.Select(f => "{\"type\":\"Feature\",\"properties\":{\"unit_id\":" + JsonSerializer.Serialize(f.Id) + "},\"geometry\":" + f.GeometryJson + "}")) + "]}";

    private static string Json(Geometry g) =>
        "{\"type\":\"Polygon\",\"coordinates\":[[" + string.Join(',', g.Coordinates.Select(c => FormattableString.Invariant($"[{c.X:R},{c.Y:R}]"))) + "]]}";

    [Fact]
    public void Generated_geojson_layers_are_zoned_right_or_refused_with_error_lines()
    {
        using var suite = new BadInputSuite("zones mark, GeoJSON", 20261209, output);
        string gep = GepDir(suite);
        var good = GoodFeatures().Select(f => (f.Id, Json(f.Geometry))).ToList();
        (string What, string Text, bool Refuse)[] cases =
        [
            ("valid", GeoJson(good), false),
            ("latitude 200", GeoJson([good[0], ("B", Json(Cell(128.91, 200)))]), true),
            ("latitude 200 everywhere, declared EPSG:4490", GeoJson([("A", Json(Cell(128.9, 200))), ("B", Json(Cell(128.91, 200)))]), true),
            ("lon/lat declared as a Gauss-Krüger zone", GeoJson(good, "EPSG:4547"), true),
            ("an unknown EPSG code", GeoJson(good, "EPSG:9999"), true),
            ("no crs member", GeoJson(good, null), false),
            ("coordinate 1e308", GeoJson([good[0], ("B", Json(Cell(1e308, 47.7)))]), true),
            ("an unclosed ring", GeoJson([good[0], ("B", "{\"type\":\"Polygon\",\"coordinates\":[[[128.91,47.7],[128.92,47.7],[128.92,47.71],[128.91,47.71]]]}")]), true),
            ("a bow tie", GeoJson([good[0], ("B", "{\"type\":\"Polygon\",\"coordinates\":[[[128.91,47.7],[128.92,47.71],[128.92,47.7],[128.91,47.71],[128.91,47.7]]]}")]), true),
            ("a line", GeoJson([good[0], ("B", "{\"type\":\"LineString\",\"coordinates\":[[128.91,47.7],[128.92,47.71]]}")]), true),
            ("a NUL in a unit id", GeoJson([good[0], ("B\0", good[1].Item2)]), true),
            ("an escape sequence in a unit id", GeoJson([good[0], ("\u001b[2J", good[1].Item2)]), true),
            ("a 10 MB unit id", GeoJson([good[0], (new string('B', 10 * 1024 * 1024), good[1].Item2)]), true),
            ("a duplicate unit id", GeoJson([good[0], ("A", good[1].Item2)]), true),
            ("a unit without GEP", GeoJson([good[0], good[1], ("C", Json(Cell(128.92, 47.7)))]), true),
            ("no features", GeoJson([]), true),
            ("not JSON", "unit_id,geometry", true),
            ("empty", "", true),
            ("a BOM", "\uFEFF" + GeoJson(good), false),
        ];
        foreach (var (what, text, refuse) in cases)
        {
            Mark(suite, gep, what, "units.geojson", Encoding.UTF8.GetBytes(text), refuse, expected: 2);
        }
        byte[] valid = Encoding.UTF8.GetBytes(GeoJson(good));
        int at = Array.IndexOf(valid, (byte)'B');
        Mark(suite, gep, "a byte that is not UTF-8 in a unit id", "units.geojson", [.. valid[..at], 0xFF, .. valid[(at + 1)..]], true, 2);
        var r = suite.Random;
        for (int i = 0; i < 12; i++)
        {
            double x = Math.Round(r.NextDouble() * 400 - 200, 3), y = Math.Round(r.NextDouble() * 200 - 100, 3);
            bool inside = x >= -180 && x + 0.01 <= 180 && y >= -90 && y + 0.01 <= 90;
            Mark(suite, gep, FormattableString.Invariant($"unit B at ({x}, {y})"), "units.geojson", Encoding.UTF8.GetBytes(GeoJson([good[0], ("B", Json(Cell(x, y)))])), !inside, 2);
        }
        suite.AssertAllHeld();
    }

    [Fact]
    public void Generated_geopackages_are_zoned_right_or_refused_with_error_lines()
    {
        using var suite = new BadInputSuite("zones mark, GeoPackage", 20261210, output);
        string gep = GepDir(suite);
        var writer = new GeoPackageGeoWriter { HandleOrdinates = Ordinates.XY };
        byte[] Blob(Geometry g)
        {
            g.SRID = 4490;
            return writer.Write(g);
        }
        var good = GoodFeatures().Select(f => ((object?)f.Id, (byte[]?)Blob(f.Geometry))).ToArray();
        Run("valid", Gpkg(suite, good), false);
        Run("latitude 200", Gpkg(suite, [good[0], ("B", Blob(Cell(128.91, 200)))]), true);
        var nan = Cell(128.91, 47.7);
        nan.ExteriorRing.CoordinateSequence.SetOrdinate(1, Ordinate.X, double.NaN);
        Run("a NaN coordinate", Gpkg(suite, [good[0], ("B", Blob(nan))]), true);
        Run("a garbage geometry blob", Gpkg(suite, [good[0], ("B", [0x47, 0x50, 0x00, 0x01, 0xFF, 0xFF])]), true);
        Run("random bytes as geometry", Gpkg(suite, [good[0], ("B", RandomBytes(suite.Random, 64))]), true);
        Run("a null geometry", Gpkg(suite, [good[0], ("B", null)]), true);
        Run("a numeric unit id", Gpkg(suite, [good[0], (2L, good[1].Item2)]), true);
        Run("a NUL in a unit id", Gpkg(suite, [good[0], ("B\0", good[1].Item2)]), true);
        Run("a 10 MB unit id", Gpkg(suite, [good[0], (new string('B', 10 * 1024 * 1024), good[1].Item2)]), true);
        Run("an unknown srs code", Gpkg(suite, good, srs: 9999), true);
        Run("two feature tables", Gpkg(suite, good, secondTable: true), true);
        Run("no feature table", Gpkg(suite, [], noContents: true), true);
        string notSqlite = suite.PathOf("units.gpkg");
        File.WriteAllBytes(notSqlite, RandomBytes(suite.Random, 4096));
        Run("random bytes", notSqlite, true);
        string empty = suite.PathOf("units.gpkg");
        File.WriteAllBytes(empty, []);
        Run("an empty file", empty, true);
        suite.AssertAllHeld();

        void Run(string what, string path, bool refuse) => Mark(suite, gep, what, path, null, refuse, 2);
    }

    private static byte[] RandomBytes(Random random, int n)
    {
        var b = new byte[n];
        random.NextBytes(b);
        return b;
    }

    private static string Gpkg(BadInputSuite suite, (object? Id, byte[]? Geometry)[] rows, int srs = 4490, bool secondTable = false, bool noContents = false)
    {
        string path = suite.PathOf("units.gpkg");
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText =
            "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);" +
            "CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT, description TEXT DEFAULT '', last_change DATETIME, min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);" +
            "CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL);" +
            "INSERT INTO gpkg_spatial_ref_sys VALUES ('CGCS2000', $srs, 'EPSG', $srs, $wkt, NULL);" +
            (noContents ? "" : "INSERT INTO gpkg_contents (table_name, data_type, srs_id) VALUES ('units', 'features', $srs);") +
            "INSERT INTO gpkg_geometry_columns VALUES ('units', 'geom', 'POLYGON', $srs, 0, 0);" +
            (secondTable ? "INSERT INTO gpkg_contents (table_name, data_type, srs_id) VALUES ('more', 'features', $srs); INSERT INTO gpkg_geometry_columns VALUES ('more', 'geom', 'POLYGON', $srs, 0, 0); CREATE TABLE more (fid INTEGER PRIMARY KEY, geom BLOB);" : "") +
            "CREATE TABLE units (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom BLOB, unit_id);";
        cmd.Parameters.AddWithValue("$srs", srs);
        cmd.Parameters.AddWithValue("$wkt", Cgcs2000Wkt);
        cmd.ExecuteNonQuery();
        foreach (var (id, blob) in rows)
        {
            using var insert = c.CreateCommand();
            insert.CommandText = "INSERT INTO units (geom, unit_id) VALUES ($g, $id)";
            insert.Parameters.AddWithValue("$g", (object?)blob ?? DBNull.Value);
            insert.Parameters.AddWithValue("$id", id ?? DBNull.Value);
            insert.ExecuteNonQuery();
        }
        return path;
    }

    [Fact]
    public void Generated_shapefiles_are_zoned_right_or_refused_with_error_lines()
    {
        using var suite = new BadInputSuite("zones mark, Shapefile", 20261211, output);
        string gep = GepDir(suite);
        string Shp(IEnumerable<(string Id, Geometry Geometry)> features, string? prj = Cgcs2000Wkt)
        {
            string dir = Path.Combine(suite.Dir, $"shp{suite.Tried}");
            Directory.CreateDirectory(dir);
            string path = Path.Combine(dir, "units.shp");
            Shapefile.WriteAllFeatures(features.Select(f => (IFeature)new Feature(f.Geometry, new AttributesTable { { "unit_id", f.Id } })), path, prj);
            return path;
        }
        var good = GoodFeatures();
        Run("valid", Shp(good), false);
        Run("no .prj", Shp(good, null), false);
        Run("latitude 200", Shp([good[0], ("B", Cell(128.91, 200))]), true);
        Run("a garbage .prj", Shp(good, "GEOGCS[nonsense"), true);
        Run("a NUL in a unit id", Shp([good[0], ("B\0x", good[1].Geometry)]), true);
        string truncated = Shp(good);
        using (var f = File.OpenWrite(truncated))
        {
            f.SetLength(f.Length - 20);
        }
        Run("a truncated .shp", truncated, true);
        string noDbf = Shp(good);
        File.Delete(Path.ChangeExtension(noDbf, ".dbf"));
        Run("no .dbf", noDbf, true);
        string garbage = Shp(good);
        File.WriteAllBytes(garbage, RandomBytes(suite.Random, 512));
        Run("random bytes as .shp", garbage, true);
        string garbageDbf = Shp(good);
        File.WriteAllBytes(Path.ChangeExtension(garbageDbf, ".dbf"), RandomBytes(suite.Random, 512));
        Run("random bytes as .dbf", garbageDbf, true);
        suite.AssertAllHeld();

        void Run(string what, string path, bool refuse) => Mark(suite, gep, what, path, null, refuse, 2);
    }

    [Fact]
    public void Generated_options_and_sites_are_handled_right_or_refused_with_error_lines()
    {
        using var suite = new BadInputSuite("zones mark and screen, options and sites", 20261212, output);
        string gep = GepDir(suite);
        var good = GoodFeatures().Select(f => (f.Id, Json(f.Geometry))).ToList();
        string units = suite.PathOf("units.geojson");
        File.WriteAllText(units, GeoJson(good));
        string[] tierTexts = ["priority:5e6", "priority:5e6,important:2e6", "priority:-1", "priority:NaN", "priority:1e309", "priority:123456789012345678901234567890",
            ":5e6", "prio rity:5e6", "priority", "priority:5e6,priority:4e6", "", "priority:5e6,", "PRIORITY:5e6", "a\u0000:5"];
        foreach (string tiers in tierTexts)
        {
            bool ok = tiers is "priority:5e6" or "priority:5e6,important:2e6" or "priority:5e6,";
            string outDir = suite.PathOf("zones");
            suite.Case($"--tiers '{tiers}'", ["zones", "mark", "--units", units, "--gep", gep, "--out", outDir, "--tiers", tiers], outDir, ZoneOutputs, Classified(outDir, 2), !ok);
        }
        foreach (string snap in new[] { "0", "10", "-1", "NaN", "1e308", "Infinity", "abc" })
        {
            bool ok = snap is "0" or "10";
            string outDir = suite.PathOf("zones");
            suite.Case($"--snap-m {snap}", ["zones", "mark", "--units", units, "--gep", gep, "--out", outDir, "--snap-m", snap], outDir, ZoneOutputs, Classified(outDir, 2), !ok);
        }
        foreach (string crs in new[] { "auto", "geographic", "projected", "EPSG:4490", "EPSG:4326", "EPSG:9999", "EPSG:-1", "EPSG:", "wgs84", "EPSG:99999999999" })
        {
            bool ok = crs is "auto" or "geographic" or "EPSG:4490" or "EPSG:4326";
            string outDir = suite.PathOf("zones");
            suite.Case($"--crs {crs}", ["zones", "mark", "--units", units, "--gep", gep, "--out", outDir, "--crs", crs], outDir, ZoneOutputs, Classified(outDir, 2), !ok);
        }
        string zones = suite.PathOf("zones");
        Assert.Equal(0, CliRunner.Run("zones", "mark", "--units", units, "--gep", gep, "--out", zones).ExitCode);
        (string What, string Sites, string[] Extra, bool Refuse)[] screens =
        [
            ("a site in A", GeoJsonSites([("S1", Json(Cell(128.902, 47.702, 0.001)))]), [], false),
            ("a site at latitude 200", GeoJsonSites([("S1", Json(Cell(128.902, 200, 0.001)))]), [], true),
            ("a site with a NUL id", GeoJsonSites([("S\0", Json(Cell(128.902, 47.702, 0.001)))]), [], true),
            ("a site without an id", GeoJsonSites([("", Json(Cell(128.902, 47.702, 0.001)))]), [], true),
            ("an unclosed site ring", GeoJsonSites([("S1", "{\"type\":\"Polygon\",\"coordinates\":[[[128.902,47.702],[128.903,47.702],[128.903,47.703]]]}")]), [], true),
            ("--sliver-m2 -1", GeoJsonSites([("S1", Json(Cell(128.902, 47.702, 0.001)))]), ["--sliver-m2", "-1"], true),
            ("--sliver-m2 NaN", GeoJsonSites([("S1", Json(Cell(128.902, 47.702, 0.001)))]), ["--sliver-m2", "NaN"], true),
            ("--sliver-pct 1e308", GeoJsonSites([("S1", Json(Cell(128.902, 47.702, 0.001)))]), ["--sliver-pct", "1e308"], true),
            ("--sliver-pct 101", GeoJsonSites([("S1", Json(Cell(128.902, 47.702, 0.001)))]), ["--sliver-pct", "101"], true),
        ];
        foreach (var (what, text, extra, refuse) in screens)
        {
            string sites = suite.PathOf("sites.geojson");
            File.WriteAllText(sites, text);
            suite.Case(what, ["zones", "screen", "--zones", zones, "--sites", sites, "--json", .. extra], mustRefuse: refuse);
        }
        suite.AssertAllHeld();

        static string GeoJsonSites(IEnumerable<(string Id, string Geometry)> sites) =>
            "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(',', sites.Select(s =>
                "{\"type\":\"Feature\",\"properties\":{\"site_id\":" + JsonSerializer.Serialize(s.Id) + "},\"geometry\":" + s.Geometry + "}")) + "]}";
    }

    private static void Mark(BadInputSuite suite, string gep, string what, string fileOrName, byte[]? bytes, bool refuse, int expected)
    {
        string units = fileOrName;
        if (bytes is not null)
        {
            units = suite.PathOf(fileOrName);
            File.WriteAllBytes(units, bytes);
        }
        string outDir = suite.PathOf("zones");
        suite.Case(what, ["zones", "mark", "--units", units, "--gep", gep, "--out", outDir], outDir, ZoneOutputs, Classified(outDir, expected), refuse);
    }
}
