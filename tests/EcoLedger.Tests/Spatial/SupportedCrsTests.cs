using EcoLedger.Spatial;

namespace EcoLedger.Tests.Spatial;

public class SupportedCrsTests
{
    [Theory]
    // code, central meridian, zone width, zone number before the easting (0: none)
    [InlineData(4491, 75, 6, 13)]
    [InlineData(4501, 135, 6, 23)]
    [InlineData(4502, 75, 6, 0)]
    [InlineData(4512, 135, 6, 0)]
    [InlineData(4513, 75, 3, 25)]
    [InlineData(4527, 117, 3, 39)]
    [InlineData(4533, 135, 3, 45)]
    [InlineData(4534, 75, 3, 0)]
    [InlineData(4547, 114, 3, 0)]
    [InlineData(4554, 135, 3, 0)]
    public void Should_know_the_cgcs2000_gauss_kruger_zones_as_the_epsg_registry_defines_them(int epsg, double cm, int width, int zone)
    {
        var crs = SupportedCrs.Find(epsg)!;
        Assert.False(crs.IsGeographic);
        Assert.Equal((cm, width, zone == 0 ? null : (int?)zone), (crs.CentralMeridian, crs.ZoneWidthDegrees, crs.Zone));
        Assert.Equal(500_000d + zone * 1_000_000d, crs.FalseEasting);
    }

    [Theory]
    [InlineData(4326)]
    [InlineData(4490)]
    public void Should_know_the_geographic_systems(int epsg) => Assert.True(SupportedCrs.Find(epsg)!.IsGeographic);

    [Theory]
    [InlineData(9999)]
    [InlineData(3857)]
    [InlineData(4555)]
    [InlineData(32650)]
    public void Should_not_know_other_codes(int epsg) => Assert.Null(SupportedCrs.Find(epsg));

    [Theory]
    // Reference values from PROJ 9 (pyproj, EPSG database): lon/lat in EPSG:4490 → easting/northing in the zone.
    // (117°E, 45°N) is on zone 39's central meridian: easting = the false easting, northing = the meridian arc to 45°
    // on the GRS80/CGCS2000 ellipsoid, 4,984,944.378 m (the textbook value).
    [InlineData(4527, 39_500_000.0, 4_984_944.3779, 117.0, 45.0)]
    [InlineData(4527, 39_590_411.7135, 5_263_532.9622, 118.2, 47.5)]
    [InlineData(4547, 548_122.0631, 3_347_932.8162, 114.5, 30.25)]
    [InlineData(4500, 22_462_149.7825, 5_235_161.6055, 128.5, 47.25)]
    [InlineData(4531, 43_492_494.3031, 5_285_076.2188, 128.9, 47.7)]
    public void Should_reproject_gauss_kruger_to_lon_lat_as_proj_does(int epsg, double x, double y, double lon, double lat)
    {
        var (actualLon, actualLat) = SupportedCrs.Find(epsg)!.ToLonLat(x, y);

        // 1e-8° is about 1 mm.
        Assert.Equal(lon, actualLon, 1e-8);
        Assert.Equal(lat, actualLat, 1e-8);
    }

    [Fact]
    public void Should_accept_coordinates_inside_the_zone() =>
        Assert.Null(SupportedCrs.Find(4527)!.WhyImpossible(39_590_411.7135, 5_263_532.9622));

    /// <summary>128.5 m east of the false easting is 499,871.5 m west of 114°E: about 4.49° of equator (111.32 km/°).</summary>
    [Fact]
    public void Should_refuse_lon_lat_degrees_read_as_gauss_kruger_metres() =>
        Assert.Equal("(128.5, 47.5) lies at 109.514°E, 0°N, outside the zone's band 111.5°E–116.5°E, 0°–60°N",
            SupportedCrs.Find(4547)!.WhyImpossible(128.5, 47.5));

    [Fact]
    public void Should_refuse_an_easting_without_the_zone_number() =>
        Assert.Equal("easting 590411.714 does not start with the zone number 39 that EPSG:4527 puts before it (expected 39,000,000–39,999,999 m)",
            SupportedCrs.Find(4527)!.WhyImpossible(590_411.7135, 5_263_532.9622));

    [Fact]
    public void Should_refuse_lon_lat_out_of_range() =>
        Assert.Equal("(500000, 4000000) is outside ±180° longitude / ±90° latitude", SupportedCrs.Find(4490)!.WhyImpossible(500_000, 4_000_000));
}
