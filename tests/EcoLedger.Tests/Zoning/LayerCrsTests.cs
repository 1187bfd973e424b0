using EcoLedger.Spatial;
using EcoLedger.Zoning;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Esri;
using static EcoLedger.Tests.Zoning.ZoningFixture;

namespace EcoLedger.Tests.Zoning;

/// <summary>A declared or stated CRS is checked against the coordinates; Gauss–Krüger layers are reprojected.</summary>
public class LayerCrsTests
{
    private const string LonLatSquare = "POLYGON((128.5 47.5, 128.51 47.5, 128.51 47.51, 128.5 47.51, 128.5 47.5))";

    [Fact]
    public void Should_refuse_projected_metres_declared_on_lon_lat_data()
    {
        using var fx = new ZoningFixture();
        string path = fx.WriteGeoJson("u.geojson", "unit_id", [("A", LonLatSquare), ("B", LonLatSquare.Replace("128.5", "128.6", StringComparison.Ordinal))], crs: null);

        var e = Assert.Throws<ZoningInputException>(() => PolygonLayer.Load(path, "unit_id", "unit", LayerCrs.ParseOption("projected"), false));

        Assert.Equal("u.geojson: unit A: has coordinates within ±180 / ±90, impossible for (projected, declared): read as metres, every feature " +
            "would lie within 180 m of the origin; these are lon/lat degrees: declare --crs EPSG:4490 (or auto).", e.Message);
    }

    [Fact]
    public void Should_refuse_a_gauss_kruger_code_declared_on_lon_lat_data()
    {
        using var fx = new ZoningFixture();
        string path = fx.WriteGeoJson("u.geojson", "unit_id", [("A", LonLatSquare), ("B", LonLatSquare)], crs: null);

        var e = Assert.Throws<ZoningInputException>(() => PolygonLayer.Load(path, "unit_id", "unit", LayerCrs.ParseOption("EPSG:4547"), false));

        Assert.StartsWith("u.geojson: unit A: has coordinates impossible in EPSG:4547 (CGCS2000 3° Gauss–Krüger (CM 114°E), declared): " +
            "(128.5, 47.5) lies at 109.514°E, 0°N, outside the zone's band 111.5°E–116.5°E, 0°–60°N (1 more features likewise); " +
            "these look like lon/lat degrees: declare --crs EPSG:4490.", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("EPSG:9999")]
    [InlineData("EPSG:3857")]
    public void Should_refuse_an_unknown_epsg_code(string option)
    {
        var e = Assert.Throws<ZoningInputException>(() => LayerCrs.ParseOption(option));

        Assert.Equal($"--crs: {option} is not a coordinate reference system EcoLedger can reproject; expected EPSG:4326 or EPSG:4490 (lon/lat), " +
            "EPSG:4491–4512 (CGCS2000 6° Gauss–Krüger) or EPSG:4513–4554 (CGCS2000 3° Gauss–Krüger), or projected for metres of an " +
            "equal-area projection.", e.Message);
    }

    [Fact]
    public void Should_refuse_a_file_in_an_unknown_epsg_code()
    {
        using var fx = new ZoningFixture();
        string path = fx.WriteGeoJson("u.geojson", "unit_id", [("A", Square(500000, 4000000))], crs: "EPSG:32650");

        var e = Assert.Throws<ZoningInputException>(() => PolygonLayer.Load(path, "unit_id", "unit", null, false));

        Assert.Equal("u.geojson: is in EPSG:32650, which EcoLedger cannot reproject; expected EPSG:4326 or EPSG:4490 (lon/lat), " +
            "EPSG:4491–4512 (CGCS2000 6° Gauss–Krüger) or EPSG:4513–4554 (CGCS2000 3° Gauss–Krüger): reproject the file, or declare " +
            "--crs projected if it is an equal-area projection in metres.", e.Message);
    }

    /// <summary>The .prj ArcGIS writes for CGCS2000 3° Gauss–Krüger CM 117°E: no EPSG authority anywhere.</summary>
    private const string EsriGk117Prj =
        "PROJCS[\"CGCS2000_3_Degree_GK_CM_117E\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\",DATUM[\"D_China_2000\"," +
        "SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]," +
        "PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0]," +
        "PARAMETER[\"Central_Meridian\",117.0],PARAMETER[\"Scale_Factor\",1.0],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";

    [Fact]
    public void Should_recognise_an_esri_gauss_kruger_prj_without_an_epsg_code_and_reproject_it()
    {
        // Given a shapefile of one 1 km square on the central meridian at 45°N (northing 4,984,944.378 m) with Esri's .prj
        using var fx = new ZoningFixture();
        string path = fx.PathOf("u.shp");
        Shapefile.WriteAllFeatures([new Feature(Read(Square(500_000, 4_984_944.378)), new AttributesTable { { "unit_id", "A" } })], path, EsriGk117Prj);

        // When it is loaded
        var layer = PolygonLayer.Load(path, "unit_id", "unit", null, false);

        // Then it is EPSG:4548 (3° CM 117°E), reprojected: its corner is at 117°E, 45°N and it measures 1 km²
        Assert.Equal(4548, layer.Crs.ReprojectedFrom);
        Assert.Equal(117.0, layer.Features[0].Geometry.Coordinates[0].X, 1e-8);
        Assert.Equal(45.0, layer.Features[0].Geometry.Coordinates[0].Y, 1e-8);
        Assert.Equal(1.0, layer.Features[0].AreaKm2, 1e-7);
    }

    [Fact]
    public void Should_reproject_a_zone_numbered_3_degree_layer_to_cgcs2000_and_measure_it_in_albers()
    {
        // Given a 1 km square with its south-west corner at (39,500,000, 4,984,944.378): 117°E, 45°N on zone 39's
        // central meridian, where the Gauss–Krüger scale is 1 (1 km east it is 1 + 1/(2·6,378²) ≈ 1 + 1.2e-8)
        using var fx = new ZoningFixture();
        string path = fx.WriteGeoJson("u.geojson", "unit_id", [("A", Square(39_500_000, 4_984_944.378))], crs: "EPSG:4527");

        // When it is loaded
        var layer = PolygonLayer.Load(path, "unit_id", "unit", null, false);

        // Then it is in CGCS2000 lon/lat, says where it came from, and measures 1 km² to within 1e-7 km² (0.1 m²)
        Assert.Equal(new LayerCrs(CoordinateKind.Geographic, 4490, "file", 4527), layer.Crs);
        Assert.Equal("EPSG:4527 (CGCS2000 3° Gauss–Krüger zone 39 (CM 117°E), file), reprojected to EPSG:4490", layer.Crs.Describe());
        var corner = layer.Features[0].Geometry.Coordinates[0];
        Assert.Equal(117.0, corner.X, 1e-8);
        Assert.Equal(45.0, corner.Y, 1e-8);
        Assert.Equal(1.0, layer.Features[0].AreaKm2, 1e-7);
    }

    /// <summary>A bureau's own grid: CGCS2000 Transverse Mercator on CM 117°E with a local false easting of 300 km (no EPSG code).</summary>
    private static readonly string LocalGk117Prj = "PROJCS[\"CGCS2000 local GK\"," + SupportedCrs.Cgcs2000Wkt +
        ",PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",117]," +
        "PARAMETER[\"scale_factor\",1],PARAMETER[\"false_easting\",300000],PARAMETER[\"false_northing\",0],UNIT[\"metre\",1]]";

    [Fact]
    public void Should_read_a_prj_of_no_epsg_code_as_wkt_and_reproject_the_layer_as_gep_compute_does()
    {
        // Given a 1 km square whose south-west corner is (300,000, 4,984,944.378) in the local grid: 117°E, 45°N on its central meridian
        using var fx = new ZoningFixture();
        string path = fx.PathOf("u.shp");
        Shapefile.WriteAllFeatures([new Feature(Read(Square(300_000, 4_984_944.378)), new AttributesTable { { "unit_id", "A" } })], path, LocalGk117Prj);

        // When it is loaded
        var layer = PolygonLayer.Load(path, "unit_id", "unit", null, false);

        // Then it went through CGCS2000 lon/lat (the corner is at 117°E, 45°N) and measures 1 km² in Albers, as for EPSG:4548 with 500 km
        Assert.Equal("user-defined (CGCS2000 local GK) (projected, file), reprojected to EPSG:4490", layer.Crs.Describe());
        Assert.Null(layer.Crs.ReprojectedFrom);
        Assert.Equal(117.0, layer.Features[0].Geometry.Coordinates[0].X, 1e-8);
        Assert.Equal(45.0, layer.Features[0].Geometry.Coordinates[0].Y, 1e-8);
        Assert.Equal(1.0, layer.Features[0].AreaKm2, 1e-7);
    }

    [Theory]
    [InlineData("GEOGCS[\"Beijing 1954\",DATUM[\"Beijing_1954\",SPHEROID[\"Krassowsky 1940\",6378245,298.3]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]",
        "u.prj: cannot be used: its ellipsoid 'Krassowsky 1940' (a = 6378245 m, 1/f = 298.3) is neither CGCS2000 nor WGS 84, and EcoLedger has no datum shift; " +
        "reproject to CGCS2000 (e.g. gdalwarp -t_srs EPSG:4490).")]
    [InlineData("PROJCRS[\"local\",BASEGEOGCRS[\"CGCS2000\"]]",
        "u.prj: cannot be used: it is WKT 2, which ProjNET does not read; expected OGC WKT 1 (PROJCS[...] or GEOGCS[...], e.g. gdalsrsinfo -o wkt1 or an ESRI .prj).")]
    public void Should_refuse_a_prj_of_no_epsg_code_that_gep_compute_would_refuse_with_its_sentence(string prj, string message)
    {
        using var fx = new ZoningFixture();
        string path = fx.PathOf("u.shp");
        Shapefile.WriteAllFeatures([new Feature(Read(LonLatSquare), new AttributesTable { { "unit_id", "A" } })], path, prj);

        var e = Assert.Throws<ZoningInputException>(() => PolygonLayer.Load(path, "unit_id", "unit", null, false));

        Assert.Equal(message, e.Message);
    }
}
