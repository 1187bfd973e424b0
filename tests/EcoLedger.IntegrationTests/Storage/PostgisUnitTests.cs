using System.Globalization;
using System.Text;
using System.Text.Json;
using EcoLedger.IntegrationTests.Ledger;
using EcoLedger.Storage;
using Npgsql;

namespace EcoLedger.IntegrationTests.Storage;

/// <summary>
/// Unit outlines as PostGIS geometry: the "units in a polygon" query and <c>zones screen</c> run in PostGIS on a PostgreSQL store
/// and give what the in-memory NTS path gives on SQLite (same unit ids, same areas within 1e-9 km² = 0.001 m²).
/// </summary>
public sealed class PostgisUnitTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ecoledger-postgis-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    /// <summary>A lon/lat square ring of side <paramref name="d"/> degrees, rounded to 1e-6° so neighbours share vertices.</summary>
    private static string Cell(double lon, double lat, double d) => Ring((lon, lat), (lon + d, lat), (lon + d, lat + d), (lon, lat + d));

    private static string Ring(params (double X, double Y)[] corners) =>
        "[[" + string.Join(',', corners.Append(corners[0]).Select(c => string.Create(CultureInfo.InvariantCulture, $"[{Math.Round(c.X, 6)},{Math.Round(c.Y, 6)}]"))) + "]]";

    private static string Collection(string idField, IEnumerable<(string Id, string Ring)> features) =>
        "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:4490\"}},\"features\":[" +
        string.Join(',', features.Select(f => $"{{\"type\":\"Feature\",\"properties\":{{\"{idField}\":\"{f.Id}\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":{f.Ring}}}}}")) + "]}";

    /// <summary>
    /// 12 × 12 cells of 0.005° from 104.97° E, 30° N, plus a triangle TRI and MID, a 0.02° × 0.01° cell centred on 105° E at 30.2° N.
    /// </summary>
    private string WriteUnits()
    {
        var cells = new List<(string, string)>();
        for (int i = 0; i < 12; i++)
        {
            for (int j = 0; j < 12; j++)
            {
                cells.Add(($"U-{i:00}-{j:00}", Cell(104.97 + i * 0.005, 30 + j * 0.005, 0.005)));
            }
        }
        cells.Add(("TRI", Ring((105.2, 30.0), (105.21, 30.0), (105.205, 30.01))));
        cells.Add(("MID", Ring((104.99, 30.2), (105.01, 30.2), (105.01, 30.21), (104.99, 30.21))));
        string path = Path.Combine(_root, "units.geojson");
        File.WriteAllText(path, Collection("unit_id", cells));
        return path;
    }

    private static string Create(LedgerTestDb t, string units)
    {
        t.Ok("ledger", "init");
        t.Ok("ledger", "participant", "add", "--id", "reg", "--role", "registry");
        t.Ok("ledger", "participant", "add", "--id", "farm", "--role", "project_owner", "--actor", "reg");
        return t.Ok("ledger", "project", "create", "--id", "P1", "--owner", "farm", "--region", "GX", "--methodology", "CCER-14-001-V01", "--buffer-pct", "10",
            "--period-start", "2020-01-01", "--period-end", "2049-12-31", "--units-file", units, "--actor", "farm");
    }

    private static List<(string Unit, double UnitKm2, double InsideKm2)> Query(LedgerTestDb t, string wkt)
    {
        var area = new NetTopologySuite.IO.WKTReader().Read(wkt);
        area.SRID = 4490;
        using var db = LedgerDatabase.Open(t.Path);
        return [.. db.UnitsIntersecting(area).Select(u => (u.Unit, u.UnitAreaKm2, u.OverlapKm2))];
    }

    [Fact]
    public void Units_in_a_polygon_run_in_postgis_and_match_the_in_memory_path()
    {
        // Given the same project with 146 unit outlines on PostgreSQL and on SQLite, and an irregular pentagon over part of the grid
        string units = WriteUnits();
        const string area = "POLYGON((104.981 30.003, 105.013 30.011, 105.021 30.037, 104.996 30.052, 104.977 30.029, 104.981 30.003))";
        const string half = "POLYGON((104.9 30.19, 105 30.19, 105 30.22, 104.9 30.22, 104.9 30.19))";
        using var pg = new LedgerTestDb("postgres");
        using var lite = new LedgerTestDb("sqlite");
        Create(pg, units);
        Create(lite, units);

        // When the query runs on each store
        var onPg = Query(pg, area);
        var inMemory = Query(lite, area);
        var halfPg = Query(pg, half);
        var halfMemory = Query(lite, half);
        string areaFile = Path.Combine(_root, "area.geojson");
        File.WriteAllText(areaFile, Collection("id", [("H", Ring((104.9, 30.19), (105.0, 30.19), (105.0, 30.22), (104.9, 30.22)))]));
        string table = pg.Ok("ledger", "project", "units", "--within", areaFile);

        // Then the same units, in the same order, with the same areas within 1e-9 km² (0.001 m²)
        Assert.True(onPg.Count > 20, $"{onPg.Count} units");
        Assert.Equal(inMemory.Select(u => u.Unit), onPg.Select(u => u.Unit));
        foreach (var (m, p) in inMemory.Zip(onPg))
        {
            Assert.Equal(m.UnitKm2, p.UnitKm2, 1e-9);
            Assert.Equal(m.InsideKm2, p.InsideKm2, 1e-9);
        }
        Assert.Contains(onPg, u => u.InsideKm2 > 0 && u.InsideKm2 < u.UnitKm2 * 0.99); // cut units, not only whole ones
        // MID (104.99°–105.01° E) is symmetric about the Albers central meridian 105° E, so the meridian halves it exactly:
        // 0.02° × 0.01° at 30.2° N ≈ 1.925 km × 1.109 km ≈ 2.13 km², half ≈ 1.07 km² (and the JSON rounds to 1e-6 km²).
        var mid = Assert.Single(halfPg);
        Assert.Equal("MID", mid.Unit);
        Assert.Equal(mid.UnitKm2 / 2, mid.InsideKm2, 1e-9);
        Assert.InRange(mid.UnitKm2, 2.10, 2.16);
        Assert.Equal(halfMemory.Select(u => u.Unit), halfPg.Select(u => u.Unit));
        Assert.Equal(halfMemory[0].InsideKm2, mid.InsideKm2, 1e-9);
        Assert.Matches(@"P1 +MID +2\.1\d{5} +1\.0\d{5} +50\.00", table);

        // And the outlines are a typed PostGIS column (SRID 4490) with a GiST index that the planner uses
        using var c = new NpgsqlConnection(pg.Path);
        c.Open();
        Assert.Equal(4490, Convert.ToInt32(Scalar(c, "SELECT Find_SRID('public', 'project_units', 'geom')"), CultureInfo.InvariantCulture));
        Assert.Contains("USING gist (geom)", (string)Scalar(c, "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_project_units_geom'"), StringComparison.Ordinal);
        Scalar(c, "SET enable_seqscan = off");
        string plan = string.Join('\n', Rows(c, "EXPLAIN SELECT unit_id FROM project_units WHERE ST_Intersects(geom, ST_MakeEnvelope(104.98, 30.0, 105.0, 30.02, 4490))"));
        Assert.Contains("ix_project_units_geom", plan, StringComparison.Ordinal);
    }

    [Fact]
    public void Units_in_a_Gauss_Kruger_polygon_whose_file_states_no_CRS_are_found_with_crs_and_the_file_is_refused_without()
    {
        // Given the project on SQLite, and the area west of 105° E around MID as a bureau might keep it: metres of CGCS2000
        // Gauss–Krüger CM 105° E (EPSG:4544) in a GeoJSON that states no CRS. x = 500,000 m is the central meridian itself, so the
        // area's east edge is 105° E, which halves MID (104.99°–105.01° E); y 3,330–3,355 km (about 30.09°–30.31° N) holds MID
        // (30.20°–30.21° N) and none of the grid (30.00°–30.06° N)
        string units = WriteUnits();
        using var lite = new LedgerTestDb("sqlite");
        Create(lite, units);
        string metres = Path.Combine(_root, "west-of-105.geojson");
        File.WriteAllText(metres, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"id\":\"W\"},\"geometry\":" +
            "{\"type\":\"Polygon\",\"coordinates\":[[[490000,3330000],[500000,3330000],[500000,3355000],[490000,3355000],[490000,3330000]]]}}]}");

        // When the units in it are asked for with --crs, and without
        var declared = lite.Json("ledger", "project", "units", "--within", metres, "--crs", "EPSG:4544").AsArray();
        var undeclared = lite.Cli("ledger", "project", "units", "--within", metres);

        // Then with --crs only MID is found, with half its area inside (to the JSON's 1e-6 km²)
        var mid = Assert.Single(declared)!;
        Assert.Equal("MID", (string?)mid["unit"]);
        Assert.Equal((double)mid["unit_area_km2"]! / 2, (double)mid["overlap_km2"]!, 1e-6);
        // and without, the file is refused, naming --crs
        Assert.Equal(2, undeclared.Code);
        Assert.Equal($"error: {metres}: has projected coordinates, CRS (projected, detected), in no system EcoLedger can take to longitude/latitude; expected CGCS2000 or WGS 84 lon/lat, " +
            "or a CGCS2000 Gauss–Krüger zone stated by the file (.prj, GeoPackage) or by --crs EPSG:<code>; or reproject it (e.g. ogr2ogr -t_srs EPSG:4490).", undeclared.Err.Trim());
    }

    [Fact]
    public void An_edited_unit_outline_is_named_by_the_verification_on_postgres()
    {
        using var pg = new LedgerTestDb("postgres");
        Create(pg, WriteUnits());
        using (var db = LedgerDatabase.Open(pg.Path))
        {
            Assert.Empty(db.Verify());
            Assert.Empty(db.VerifyLive().Differences);
        }
        using (var c = new NpgsqlConnection(pg.Path))
        {
            c.Open();
            // move TRI's outline onto another unit's: the generated PostGIS column follows, the journal does not
            Scalar(c, "UPDATE project_units SET geometry_wkb = (SELECT geometry_wkb FROM project_units WHERE unit_id = 'MID') WHERE unit_id = 'TRI'");
            Assert.Equal("MID", (string)Scalar(c, "SELECT string_agg(unit_id, ',' ORDER BY unit_id) FROM project_units WHERE ST_Intersects(geom, ST_MakeEnvelope(104.999, 30.201, 105.001, 30.202, 4490)) AND unit_id <> 'TRI' OR unit_id = 'MID'"));
        }
        using (var db = LedgerDatabase.Open(pg.Path))
        {
            Assert.Contains("unit 'TRI' of project 'P1': geometry_wkb differs from the outline in the journal", db.VerifyLive().Differences);
            Assert.Equal("unit 'TRI' of project 'P1': geometry_wkb differs from the outline in the journal", Assert.Single(db.Verify()));
        }
    }

    [Fact]
    public void Zones_screen_in_postgis_gives_the_in_memory_screening()
    {
        // Given a 6 × 6 grid of 0.01° cells near Yichun with rich (9 M yuan) and poor (1 M yuan) columns, marked into zones, and
        // sites that cross zone edges, touch a corner, lie inside one cell and lie outside the accounted area
        var features = new List<(string, string)>();
        var csv = new StringBuilder("unit_id,region,ecosystem,indicator,quantity,quantity_unit,value_cny\n");
        for (int i = 0; i < 6; i++)
        {
            for (int j = 0; j < 6; j++)
            {
                string id = $"YC-{i}{j}";
                features.Add((id, Cell(128.9 + i / 100.0, 47.7 + j / 100.0, 0.01)));
                csv.Append(CultureInfo.InvariantCulture, $"{id},yichun,forest,climate_regulation,,,{(i % 3 == 0 ? 9_000_000m : i % 3 == 1 ? 3_000_000m : 500_000m):0.00}\n");
            }
        }
        string unitsPath = Path.Combine(_root, "yc.geojson");
        File.WriteAllText(unitsPath, Collection("unit_id", features));
        string gep = Path.Combine(_root, "gep");
        Directory.CreateDirectory(gep);
        File.WriteAllText(Path.Combine(gep, "gep-units.csv"), csv.ToString());
        string sites = Path.Combine(_root, "sites.geojson");
        File.WriteAllText(sites, Collection("site_id",
        [
            ("CROSS", Ring((128.905, 47.703), (128.927, 47.708), (128.921, 47.733), (128.902, 47.729))),
            ("INSIDE", Cell(128.932, 47.742, 0.004)),
            ("CORNER", Cell(128.96, 47.76, 0.01)),
            ("WIDE", Ring((128.891, 47.695), (128.965, 47.701), (128.958, 47.768), (128.899, 47.761))),
            ("OUT", Cell(129.5, 47.7, 0.01)),
        ]));
        string zones = Path.Combine(_root, "zones");
        using var pg = new LedgerTestDb("postgres");

        // When screened in memory and in PostGIS
        var mark = CliRunner.Run("zones", "mark", "--units", unitsPath, "--gep", gep, "--out", zones, "--tiers", "priority:8e6,important:3e6");
        var memory = CliRunner.Run("zones", "screen", "--zones", zones, "--sites", sites, "--json");
        var postgis = CliRunner.Run("zones", "screen", "--zones", zones, "--sites", sites, "--json", "--db", pg.Path);

        // Then the same verdicts, zones, overlaps (within the JSON's 1e-6 km²) and values at risk (to the fen)
        Assert.Equal((0, ""), (mark.ExitCode, mark.Err));
        Assert.Equal((0, ""), (memory.ExitCode, memory.Err));
        Assert.Equal((0, ""), (postgis.ExitCode, postgis.Err));
        using var a = JsonDocument.Parse(memory.Out);
        using var b = JsonDocument.Parse(postgis.Out);
        var sa = a.RootElement.GetProperty("sites").EnumerateArray().ToList();
        var sb = b.RootElement.GetProperty("sites").EnumerateArray().ToList();
        Assert.Equal(5, sa.Count);
        Assert.Equal(sa.Select(s => (s.GetProperty("site_id").GetString(), s.GetProperty("verdict").GetString())),
            sb.Select(s => (s.GetProperty("site_id").GetString(), s.GetProperty("verdict").GetString())));
        Assert.Contains(sa, s => s.GetProperty("verdict").GetString() == "intersects_priority");
        Assert.Contains(sa, s => s.GetProperty("verdict").GetString() == "outside_accounted_area");
        foreach (var (x, y) in sa.Zip(sb))
        {
            var zx = x.GetProperty("zones").EnumerateArray().ToList();
            var zy = y.GetProperty("zones").EnumerateArray().ToList();
            Assert.Equal(zx.Select(z => z.GetProperty("zone_id").GetString()), zy.Select(z => z.GetProperty("zone_id").GetString()));
            foreach (var (p, q) in zx.Zip(zy))
            {
                Assert.Equal(p.GetProperty("overlap_km2").GetDouble(), q.GetProperty("overlap_km2").GetDouble(), 1.000001e-6);
                Assert.Equal(p.GetProperty("value_at_risk_cny").GetDecimal(), q.GetProperty("value_at_risk_cny").GetDecimal());
            }
        }
    }

    [Fact]
    public void Unit_outlines_in_another_crs_or_for_units_the_project_does_not_cover_are_refused_and_nothing_is_written()
    {
        using var t = new LedgerTestDb();
        string wgs = Path.Combine(_root, "wgs84.geojson");
        File.WriteAllText(wgs, Collection("unit_id", [("U1", Cell(105, 30, 0.01))]).Replace("EPSG:4490", "EPSG:4326", StringComparison.Ordinal));
        t.Ok("ledger", "init");
        t.Ok("ledger", "participant", "add", "--id", "reg", "--role", "registry");
        t.Ok("ledger", "participant", "add", "--id", "farm", "--role", "project_owner", "--actor", "reg");
        string[] create = ["ledger", "project", "create", "--id", "P1", "--owner", "farm", "--region", "GX", "--methodology", "CCER-14-001-V01",
            "--buffer-pct", "10", "--period-start", "2020-01-01", "--period-end", "2049-12-31", "--actor", "farm"];

        var crs = t.Cli([.. create, "--units-file", wgs]);
        var extra = t.Cli([.. create, "--units-file", WriteUnits(), "--units", "U-00-00"]);

        Assert.Equal(2, crs.Code);
        Assert.StartsWith($"error: {wgs}: is in EPSG:4326 (geographic, file); unit outlines are stored in CGCS2000 lon/lat: give EPSG:4490", crs.Err, StringComparison.Ordinal);
        Assert.Equal(2, extra.Code);
        Assert.Contains("Unit 'U-00-01' has a geometry but is not one of the project's units.", extra.Err, StringComparison.Ordinal);
        using var db = LedgerDatabase.Open(t.Path);
        Assert.DoesNotContain(db.JournalEntries(), e => e.Kind == "project.created");
    }

    private static object Scalar(NpgsqlConnection c, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, c);
        return cmd.ExecuteScalar()!;
    }

    private static List<string> Rows(NpgsqlConnection c, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, c);
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
        {
            rows.Add(r.GetString(0));
        }
        return rows;
    }
}
