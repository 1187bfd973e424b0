using EcoLedger.Spatial;
using NetTopologySuite.Geometries;

namespace EcoLedger.Tests.Spatial;

public class AlbersEqualAreaTests
{
    [Theory]
    [InlineData(128.9, 47.7)]
    [InlineData(111.1, 37.5)]
    [InlineData(87.6, 43.8)]
    public void Inverse_recovers_longitude_and_latitude(double lon, double lat)
    {
        var (x, y) = AlbersEqualArea.China.Forward(lon, lat);
        var (lon2, lat2) = AlbersEqualArea.China.Inverse(x, y);
        Assert.Equal(lon, lon2, 9);
        Assert.Equal(lat, lat2, 9);
    }

    [Fact]
    public void A_one_degree_cell_at_45_north_has_its_ellipsoidal_area()
    {
        // Ellipsoidal area of a lat/lon cell (GRS80): A = b²/2 · Δλ · [F(φ2) − F(φ1)],
        // F(φ) = sinφ/(1 − e² sin²φ) + (1/2e)·ln((1 + e sinφ)/(1 − e sinφ)), b² = a²(1 − e²).
        // For 45°–46° N, Δλ = 1° (0.0174533 rad): 8,686.49 km² (a sphere of radius 6,371 km gives 8,663).
        var cell = new GeometryFactory().CreatePolygon([new(128, 45), new(129, 45), new(129, 46), new(128, 46), new(128, 45)]);
        double km2 = EqualAreaMeasure.AreaOf(cell, CoordinateKind.Geographic).SquareKilometres;
        Assert.InRange(km2, 8686.49 * 0.999, 8686.49 * 1.001);
    }

    [Fact]
    public void Projected_coordinates_are_measured_as_they_are()
    {
        var square = new GeometryFactory().CreatePolygon([new(500_000, 4_000_000), new(501_000, 4_000_000), new(501_000, 4_001_000), new(500_000, 4_001_000), new(500_000, 4_000_000)]);
        Assert.Equal(CoordinateKind.ProjectedMetres, EqualAreaMeasure.Detect(square.EnvelopeInternal));
        Assert.Equal(1d, EqualAreaMeasure.AreaOf(square, CoordinateKind.ProjectedMetres).SquareKilometres, 9);
    }
}
