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

    [Theory]
    // A parallel at the Yichun zone boundary, 1° long.
    [InlineData(128.0, 47.6, 1.0, 0.0)]
    // The worst case found over 0°–55° N, 73°–135° E: a 45° diagonal at the equator, at the edge of the projection's meridians.
    [InlineData(135.0, 0.0, 0.7, 0.7)]
    // Far north and far west.
    [InlineData(73.0, 55.0, 2.0, -1.0)]
    public void Should_keep_a_densified_lon_lat_edge_within_4_4_mm_of_its_true_curve(double lon, double lat, double dLon, double dLat)
    {
        // Given an edge straight in lon/lat, projected densified (≤ 0.005° pieces)
        var factory = new GeometryFactory();
        var edge = factory.CreateLineString([new(lon, lat), new(lon + dLon, lat + dLat)]);
        var projected = AlbersEqualArea.China.ProjectDensified(edge);

        // Then every point of the true curve (the edge's points projected one by one) lies within 4.4 mm of it:
        // the chord of a piece of length s bows ρ·(n·s)²/8 from a parallel, 7,462 km × (0.5771 × 0.005 × π/180)²/8 = 2.4 mm at 47.6° N.
        double worst = 0;
        for (int i = 0; i <= 2000; i++)
        {
            double t = i / 2000d;
            var (x, y) = AlbersEqualArea.China.Forward(lon + t * dLon, lat + t * dLat);
            worst = Math.Max(worst, projected.Distance(factory.CreatePoint(new Coordinate(x, y))));
        }
        Assert.InRange(worst, 0, 0.0044);
        Assert.Equal(0.005, AlbersEqualArea.DensifyStepDegrees);
    }

    [Fact]
    public void Should_bow_95_m_from_a_one_degree_parallel_when_projected_as_one_chord()
    {
        // Why densify: the 1° edge 128–129° E on 47.6° N as one chord lies ρ·(1 − cos(n·Δλ/2)) ≈ 7,462 km × (0.5771 × 0.017453)²/8
        // ≈ 95 m from the parallel at its middle, 128.5° E.
        var factory = new GeometryFactory();
        var chord = AlbersEqualArea.China.Project(factory.CreateLineString([new(128.0, 47.6), new(129.0, 47.6)]));
        var (x, y) = AlbersEqualArea.China.Forward(128.5, 47.6);

        Assert.InRange(chord.Distance(factory.CreatePoint(new Coordinate(x, y))), 94, 96);
    }
}
