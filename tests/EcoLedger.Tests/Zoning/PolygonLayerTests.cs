using EcoLedger.Spatial;
using EcoLedger.Zoning;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Esri;
using static EcoLedger.Tests.Zoning.ZoningFixture;

namespace EcoLedger.Tests.Zoning;

public class PolygonLayerTests
{
    private const string Gk114Prj =
        "PROJCS[\"CGCS2000 / 3-degree Gauss-Kruger CM 114E\",GEOGCS[\"China Geodetic Coordinate System 2000\",DATUM[\"China_2000\"," +
        "SPHEROID[\"CGCS2000\",6378137,298.257222101,AUTHORITY[\"EPSG\",\"1024\"]],AUTHORITY[\"EPSG\",\"1043\"]],PRIMEM[\"Greenwich\",0]," +
        "UNIT[\"degree\",0.0174532925199433],AUTHORITY[\"EPSG\",\"4490\"]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0]," +
        "PARAMETER[\"central_meridian\",114],PARAMETER[\"scale_factor\",1],PARAMETER[\"false_easting\",500000],PARAMETER[\"false_northing\",0]," +
        "UNIT[\"metre\",1],AUTHORITY[\"EPSG\",\"4547\"]]";

    /// <summary>
    /// Two 1 km Gauss–Krüger grid squares on the equator just east of the central meridian, reprojected to CGCS2000
    /// lon/lat and measured in Albers: true area = grid area / k², with the Gauss–Krüger scale k ≈ 1 + x²/(2ρν) and
    /// ρν ≈ (6,356.8 km)² at the equator, so A (x 0–1 km) is 1 − (1/3)/40.4e6 ≈ 1 − 0.8e-8 km² and B (x 1–2 km)
    /// 1 − (7/3)/40.4e6 ≈ 1 − 5.8e-8 km² (to 2e-9 km², 0.002 m²).
    /// </summary>
    private static void AssertTwoSquares(PolygonLayer layer, int? epsg)
    {
        Assert.Equal(["A", "B"], layer.Features.Select(f => f.Id));
        const double RhoNu = 6356.8 * 6356.8;
        Assert.Equal(1 - (1d / 3) / RhoNu, layer.Features[0].AreaKm2, 2e-9);
        Assert.Equal(1 - (7d / 3) / RhoNu, layer.Features[1].AreaKm2, 2e-9);
        Assert.Equal(CoordinateKind.Geographic, layer.Crs.Kind);
        Assert.Equal(SupportedCrs.Cgcs2000, layer.Crs.Epsg);
        Assert.Equal(epsg, layer.Crs.ReprojectedFrom);
        // The first corner of A, (500000, 0), is on the central meridian 114°E at the equator.
        Assert.Equal(114.0, layer.Features[0].Geometry.Coordinates[0].X, 9);
        Assert.Equal(0.0, layer.Features[0].Geometry.Coordinates[0].Y, 9);
    }

    [Fact]
    public void Should_read_geojson_with_its_crs_member()
    {
        using var fx = new ZoningFixture();
        string path = fx.WriteGeoJson("u.geojson", "unit_id", [("A", Square(500000, 0)), ("B", Square(501000, 0))], crs: "urn:ogc:def:crs:EPSG::4547");

        AssertTwoSquares(PolygonLayer.Load(path, "unit_id", "unit", null, false), 4547);
    }

    [Fact]
    public void Should_read_a_shapefile_and_its_prj()
    {
        using var fx = new ZoningFixture();
        string path = fx.PathOf("u.shp");
        var features = new[] { ("A", Square(500000, 0)), ("B", Square(501000, 0)) }
            .Select(f => (IFeature)new Feature(Read(f.Item2), new AttributesTable { { "unit_id", f.Item1 } }));
        Shapefile.WriteAllFeatures(features, path, Gk114Prj);

        var layer = PolygonLayer.Load(path, "unit_id", "unit", null, false);

        AssertTwoSquares(layer, 4547);
        Assert.Equal("file", layer.Crs.Source);
    }

    [Fact]
    public void Should_read_a_geopackage_feature_table_and_its_srs()
    {
        using var fx = new ZoningFixture();
        string path = fx.PathOf("u.gpkg");
        using (var c = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText =
                "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);" +
                "CREATE TABLE gpkg_contents (table_name TEXT PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT, description TEXT DEFAULT '', last_change DATETIME, min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);" +
                "CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL);" +
                "INSERT INTO gpkg_spatial_ref_sys VALUES ('CGCS2000 / 3-degree Gauss-Kruger CM 114E', 4547, 'EPSG', 4547, $prj, NULL);" +
                "INSERT INTO gpkg_contents (table_name, data_type, srs_id) VALUES ('units', 'features', 4547);" +
                "INSERT INTO gpkg_geometry_columns VALUES ('units', 'geom', 'POLYGON', 4547, 0, 0);" +
                "CREATE TABLE units (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom BLOB, unit_id TEXT);";
            cmd.Parameters.AddWithValue("$prj", Gk114Prj);
            cmd.ExecuteNonQuery();
            var writer = new GeoPackageGeoWriter { HandleOrdinates = Ordinates.XY };
            foreach (var (id, wkt) in new[] { ("A", Square(500000, 0)), ("B", Square(501000, 0)) })
            {
                using var insert = c.CreateCommand();
                var g = Read(wkt);
                g.SRID = 4547;
                insert.CommandText = "INSERT INTO units (geom, unit_id) VALUES ($g, $id)";
                insert.Parameters.AddWithValue("$g", writer.Write(g));
                insert.Parameters.AddWithValue("$id", id);
                insert.ExecuteNonQuery();
            }
        }

        AssertTwoSquares(PolygonLayer.Load(path, "unit_id", "unit", null, false), 4547);
    }

    [Fact]
    public void Should_detect_geographic_and_projected_coordinates_when_nothing_is_declared()
    {
        using var fx = new ZoningFixture();
        string lonLat = fx.WriteGeoJson("g.geojson", "unit_id", [("A", "POLYGON((120 45, 120.01 45, 120.01 45.01, 120 45.01, 120 45))")], crs: null);
        string metres = fx.WriteGeoJson("p.geojson", "unit_id", [("A", Square(500000, 0))], crs: null);

        Assert.Equal(new LayerCrs(CoordinateKind.Geographic, null, "detected"), PolygonLayer.Load(lonLat, "unit_id", "unit", null, false).Crs);
        Assert.Equal(new LayerCrs(CoordinateKind.ProjectedMetres, null, "detected"), PolygonLayer.Load(metres, "unit_id", "unit", null, false).Crs);
        Assert.Equal(4490, PolygonLayer.Load(lonLat, "unit_id", "unit", LayerCrs.ParseOption("EPSG:4490"), false).Crs.Epsg);
    }

    [Fact]
    public void Should_report_mixed_crss_in_one_layer()
    {
        using var fx = new ZoningFixture();
        string path = fx.WriteGeoJson("u.geojson", "unit_id",
            [("G", "POLYGON((120 45, 120.01 45, 120.01 45.01, 120 45.01, 120 45))"), ("P", Square(500000, 0))], crs: null);

        var e = Assert.Throws<ZoningInputException>(() => PolygonLayer.Load(path, "unit_id", "unit", null, false));

        Assert.Equal("u.geojson: mixed coordinate reference systems: unit G has lon/lat degrees but unit P has projected coordinates; " +
            "put all features in one CRS.", e.Message);
    }

    [Fact]
    public void Should_report_a_self_intersection_with_the_unit_id_and_repair_it_with_fix()
    {
        using var fx = new ZoningFixture();
        // A bow-tie: the edges cross at (500, 500).
        string path = fx.WriteGeoJson("u.geojson", "unit_id", [("OK", Square(5000, 0)), ("BOW", "POLYGON((0 0, 1000 1000, 1000 0, 0 1000, 0 0))")]);

        var e = Assert.Throws<ZoningInputException>(() => PolygonLayer.Load(path, "unit_id", "unit", null, false));
        Assert.Equal("u.geojson: unit BOW: invalid polygon: Self-intersection at (500, 500); --fix repairs it with MakeValid (GeometryFixer).", e.Message);

        var fixedLayer = PolygonLayer.Load(path, "unit_id", "unit", null, true);
        Assert.Equal(["unit BOW: Self-intersection at (500, 500); repaired with MakeValid (GeometryFixer)."], fixedLayer.Repairs);
        var bow = fixedLayer.Features.Single(f => f.Id == "BOW");
        Assert.True(bow.Geometry.IsValid);
        // Two triangles of 1000 × 500 / 2 m² each = 0.5 km².
        Assert.Equal(0.5, bow.AreaKm2, 9);
    }

    [Fact]
    public void Should_report_an_unclosed_ring_and_close_it_with_fix()
    {
        using var fx = new ZoningFixture();
        string path = fx.PathOf("u.geojson");
        File.WriteAllText(path, """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"unit_id":"OPEN"},
             "geometry":{"type":"Polygon","coordinates":[[[500000,0],[501000,0],[501000,1000],[500000,1000]]]}}]}
            """);

        var e = Assert.Throws<ZoningInputException>(() => PolygonLayer.Load(path, "unit_id", "unit", null, false));
        Assert.Equal("u.geojson: unit OPEN: invalid polygon: a ring is not closed (its last point differs from its first); --fix closes it.", e.Message);

        var layer = PolygonLayer.Load(path, "unit_id", "unit", null, true);
        Assert.Equal(["unit OPEN: closed an unclosed ring by repeating its first point."], layer.Repairs);
        Assert.Equal(1.0, layer.Features[0].AreaKm2, 9);
    }

    [Fact]
    public void Should_report_every_feature_problem_at_once()
    {
        using var fx = new ZoningFixture();
        string path = fx.PathOf("u.geojson");
        File.WriteAllText(path, """
            {"type":"FeatureCollection","features":[
             {"type":"Feature","properties":{"name":"x"},"geometry":{"type":"Polygon","coordinates":[[[500000,0],[501000,0],[501000,1000],[500000,0]]]}},
             {"type":"Feature","properties":{"unit_id":"L"},"geometry":{"type":"LineString","coordinates":[[500000,0],[501000,0]]}},
             {"type":"Feature","properties":{"unit_id":"N"},"geometry":null},
             {"type":"Feature","properties":{"unit_id":7},"geometry":{"type":"Polygon","coordinates":[[[500000,0],[501000,0],[501000,1000],[500000,0]]]}},
             {"type":"Feature","properties":{"unit_id":7},"geometry":{"type":"Polygon","coordinates":[[[500000,0],[501000,0],[501000,1000],[500000,0]]]}}
            ]}
            """);

        var e = Assert.Throws<ZoningInputException>(() => PolygonLayer.Load(path, "unit_id", "unit", null, false));

        Assert.Equal(
            "4 problems in the input:\n" +
            "  u.geojson: feature 1: has no 'unit_id' property.\n" +
            "  u.geojson: unit L: has a LineString geometry; expected Polygon or MultiPolygon.\n" +
            "  u.geojson: unit N: has no geometry.\n" +
            "  u.geojson: unit 7: 'unit_id' 7 appears more than once.", e.Message);
    }
}
