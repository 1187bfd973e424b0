using System.Globalization;
using EcoLedger.Rasters;
using EcoLedger.Spatial;

namespace EcoLedger.Tests.Rasters;

/// <summary>
/// A CRS without an EPSG code EcoLedger knows, given as OGC WKT 1 (in rasters.json or a .prj file) and read with ProjNET:
/// a CGCS2000 Gauss–Krüger zone with a local false easting, as bureaus' own grids often are.
/// </summary>
public sealed class UserDefinedCrsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-wkt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string GaussKruger(double centralMeridian, double falseEasting, string name = "CGCS2000 local GK") => string.Create(CultureInfo.InvariantCulture,
        $"PROJCS[\"{name}\",{SupportedCrs.Cgcs2000Wkt},PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",{centralMeridian}]," +
        $"PARAMETER[\"scale_factor\",1],PARAMETER[\"false_easting\",{falseEasting}],PARAMETER[\"false_northing\",0],UNIT[\"metre\",1]]");

    private const string Beijing1954 =
        "GEOGCS[\"Beijing 1954\",DATUM[\"Beijing_1954\",SPHEROID[\"Krassowsky 1940\",6378245,298.3]],PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]";

    [Fact]
    public void A_Gauss_Kruger_zone_from_WKT_projects_as_the_EPSG_zone_with_the_same_parameters()
    {
        // CM 129°E, false easting 500 km: the parameters of EPSG:4552 (CGCS2000 / 3-degree Gauss-Kruger CM 129E: 4534 + (129 − 75) ÷ 3).
        var crs = SupportedCrs.FromWkt(GaussKruger(129, 500_000));
        var epsg = SupportedCrs.Find(4552)!;

        Assert.True(crs.IsUserDefined);
        Assert.False(crs.IsGeographic);
        Assert.Equal(129, crs.CentralMeridian);
        Assert.Equal("user-defined (CGCS2000 local GK)", crs.Code);
        foreach (var (x, y) in new[] { (500_000d, 5_300_000d), (431_250.5, 5_212_000.25), (620_000d, 5_400_000d) })
        {
            var (lon, lat) = crs.ToLonLat(x, y);
            var (lonE, latE) = epsg.ToLonLat(x, y);
            Assert.Equal(lonE, lon, 1e-10);
            Assert.Equal(latE, lat, 1e-10);
        }
        // On the central meridian the longitude is the meridian itself.
        Assert.Equal(129, crs.ToLonLat(500_000, 5_300_000).Lon, 1e-10);
        Assert.Null(crs.WhyImpossible(500_000, 5_300_000));
        Assert.False(crs.SameAs(epsg));
        Assert.True(crs.SameAs(SupportedCrs.FromWkt(GaussKruger(129, 500_000))));
    }

    [Fact]
    public void A_GeoTIFF_with_a_user_defined_CRS_is_read_with_the_WKT_the_configuration_gives()
    {
        // GDAL writes a Transverse Mercator with a local false easting (300 km) as ProjectedCSTypeGeoKey = 32767.
        string path = Path.Combine(_dir, "gk.tif");
        ReferencePython.Run(ReferencePython.WriteVariant, path,
            """{"height":4,"width":4,"dtype":"float32","crs":"+proj=tmerc +lat_0=0 +lon_0=129 +k=1 +x_0=300000 +y_0=0 +ellps=GRS80 +units=m +no_defs","x0":300000,"y0":5300000,"px":30,"py":30}""");
        Assert.Throws<RasterInputException>(() => GeoTiffRaster.Open(path, "gk.tif"));

        using var raster = GeoTiffRaster.Open(path, "gk.tif", SupportedCrs.FromWkt(GaussKruger(129, 300_000)));

        Assert.True(raster.Crs.IsUserDefined);
        // The raster's top-left corner in lon/lat agrees with GDAL's own reprojection of it (rasterio.warp.transform).
        var (lon, lat) = raster.Crs.ToLonLat(300_000, 5_300_000);
        string gdal = ReferencePython.Run(
            "import sys, rasterio\nfrom rasterio.warp import transform\nd = rasterio.open(sys.argv[1])\nxs, ys = transform(d.crs, 'EPSG:4490', [d.transform.c], [d.transform.f])\nprint(repr(xs[0]), repr(ys[0]))", path);
        var parts = gdal.Trim().Split(' ');
        Assert.Equal(double.Parse(parts[0], CultureInfo.InvariantCulture), lon, 1e-8);
        Assert.Equal(double.Parse(parts[1], CultureInfo.InvariantCulture), lat, 1e-8);
        Assert.Equal(129, lon, 1e-9); // x = false easting: on the central meridian
    }

    [Fact]
    public void A_GeoTIFF_that_states_an_EPSG_code_refuses_a_declared_CRS()
    {
        string path = Path.Combine(_dir, "p.tif");
        GeoTiffWriter.WriteFloat32(path, new float[2, 2], new GeoTransform(128.45, 0.01, 0, 47.55, 0, -0.01), SupportedCrs.Find(4490)!);

        var e = Assert.Throws<RasterInputException>(() => GeoTiffRaster.Open(path, "p.tif", SupportedCrs.FromWkt(GaussKruger(129, 300_000))));

        Assert.Equal("p.tif: the configuration gives crs CGCS2000 local GK (user-defined, from WKT), but the GeoTIFF states EPSG:4490; expected 'crs' only for a raster whose GeoKeys define no EPSG code (drop it, or fix the file).", e.Message);
    }

    private string Config(string unitsCrsJson)
    {
        string path = Path.Combine(_dir, "rasters.json");
        File.WriteAllText(path, "{\"units_crs\": " + unitsCrsJson + """, "fields": {"precipitation_mm": {"raster": "p.tif", "statistic": "mean", "scale": 1, "unit": "mm"}}}""");
        return path;
    }

    [Fact]
    public void Units_crs_is_read_from_WKT_text_or_a_prj_file_next_to_the_configuration()
    {
        string wkt = GaussKruger(129, 300_000, "Yichun forestry grid");
        var fromText = RasterConfig.Load(Config(System.Text.Json.JsonSerializer.Serialize(wkt)));
        File.WriteAllText(Path.Combine(_dir, "units.prj"), wkt);
        var fromPrj = RasterConfig.Load(Config("\"units.prj\""));

        Assert.Equal("user-defined (Yichun forestry grid)", fromText.UnitsCrs!.Code);
        Assert.True(fromText.UnitsCrs.SameAs(fromPrj.UnitsCrs!));
        Assert.Equal(129, fromPrj.UnitsCrs!.ToLonLat(300_000, 5_300_000).Lon, 1e-9);
    }

    [Fact]
    public void WKT_that_cannot_be_parsed_is_refused_naming_the_file_and_field()
    {
        string config = Config("\"PROJCS[\\\"broken\\\",GEOGCS[\\\"x\\\"\"");

        var e = Assert.Throws<RasterInputException>(() => RasterConfig.Load(config));

        Assert.StartsWith($"{config}, field 'units_crs': the WKT cannot be used: it is not WKT that ProjNET can parse (", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("); expected OGC WKT 1 (PROJCS[...] or GEOGCS[...]).", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WKT_on_another_ellipsoid_is_refused_for_want_of_a_datum_shift()
    {
        File.WriteAllText(Path.Combine(_dir, "bj54.prj"), Beijing1954);
        string config = Config("\"bj54.prj\"");

        var e = Assert.Throws<RasterInputException>(() => RasterConfig.Load(config));

        Assert.Equal($"{config}, field 'units_crs': the WKT in bj54.prj cannot be used: its ellipsoid 'Krassowsky 1940' (a = 6378245 m, 1/f = 298.3) is neither CGCS2000 nor WGS 84, and EcoLedger has no datum shift; reproject to CGCS2000 (e.g. gdalwarp -t_srs EPSG:4490).", e.Message);
    }

    [Fact]
    public void WKT_2_and_a_missing_prj_file_are_refused_with_what_is_expected()
    {
        string wkt2 = Config("\"PROJCRS[\\\"x\\\",BASEGEOGCRS[\\\"y\\\"]]\"");
        var e2 = Assert.Throws<RasterInputException>(() => RasterConfig.Load(wkt2));
        Assert.Equal($"{wkt2}, field 'units_crs': the WKT cannot be used: it is WKT 2, which ProjNET does not read; expected OGC WKT 1 (PROJCS[...] or GEOGCS[...], e.g. gdalsrsinfo -o wkt1 or an ESRI .prj).", e2.Message);

        string missing = Config("\"nowhere.prj\"");
        var e3 = Assert.Throws<RasterInputException>(() => RasterConfig.Load(missing));
        Assert.Equal($"{missing}, field 'units_crs': the .prj file 'nowhere.prj' is not found (looked at {Path.Combine(_dir, "nowhere.prj")}).", e3.Message);
    }
}
