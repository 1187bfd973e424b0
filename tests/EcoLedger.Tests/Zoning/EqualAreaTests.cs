using EcoLedger.Spatial;
using EcoLedger.Zoning;

namespace EcoLedger.Tests.Zoning;

public class EqualAreaTests
{
    private const double A = 6_378_137d, F = 1 / 298.257222101;

    /// <summary>
    /// Geodesic reference, computed here independently of the projection: the area of the ellipsoid between two meridians
    /// Δλ apart and two parallels is Δλ ∫ M(φ) N(φ) cos φ dφ, with M = a(1−e²)/(1−e² sin²φ)^{3/2} and
    /// N = a/(1−e² sin²φ)^{1/2} (meridian and prime-vertical radii). Simpson's rule, 2,000 intervals.
    /// For 45–46° N, 1° of longitude on GRS80/CGCS2000 this gives 8,686.49 km².
    /// </summary>
    private static double GeodesicCellKm2(double lat1, double lat2, double dLonDeg)
    {
        double e2 = 2 * F - F * F;
        double G(double phi)
        {
            double s = Math.Sin(phi), w = 1 - e2 * s * s;
            return A * (1 - e2) / Math.Pow(w, 1.5) * (A / Math.Sqrt(w)) * Math.Cos(phi);
        }
        const int n = 2000;
        double p1 = lat1 * Math.PI / 180, p2 = lat2 * Math.PI / 180, h = (p2 - p1) / n;
        double sum = G(p1) + G(p2);
        for (int i = 1; i < n; i++)
        {
            sum += (i % 2 == 1 ? 4 : 2) * G(p1 + i * h);
        }
        return sum * h / 3 * (dLonDeg * Math.PI / 180) / 1e6;
    }

    [Theory]
    [InlineData(120, 45)]
    [InlineData(128, 45)]
    [InlineData(85, 45)]
    public void Should_measure_a_one_degree_cell_at_45N_within_0_1_percent_of_the_geodesic_area(double lon, double lat)
    {
        // Given a 1° × 1° cell in lon/lat degrees
        var cell = ZoningFixture.Read(FormattableString.Invariant(
            $"POLYGON(({lon} {lat}, {lon + 1} {lat}, {lon + 1} {lat + 1}, {lon} {lat + 1}, {lon} {lat}))"));

        // When it is measured through the equal-area projection
        double km2 = EqualAreaMeasure.AreaOf(cell, CoordinateKind.Geographic).SquareKilometres;

        // Then it matches the geodesic area (8,686.49 km²) within 0.1 %
        double reference = GeodesicCellKm2(lat, lat + 1, 1);
        Assert.InRange(reference, 8686.0, 8687.0);
        Assert.InRange(Math.Abs(km2 - reference) / reference, 0, 0.001);
    }

    [Fact]
    public void Should_measure_geographic_units_in_the_equal_area_plane_when_reading_a_layer()
    {
        using var fx = new ZoningFixture();
        string path = fx.WriteGeoJson("cells.geojson", "unit_id",
            [("C1", "POLYGON((120 45, 121 45, 121 46, 120 46, 120 45))")], crs: "urn:ogc:def:crs:EPSG::4490");

        var layer = PolygonLayer.Load(path, "unit_id", "unit", null, fix: false);

        Assert.Equal(CoordinateKind.Geographic, layer.Crs.Kind);
        Assert.Equal(4490, layer.Crs.Epsg);
        Assert.InRange(Math.Abs(layer.Features[0].AreaKm2 - GeodesicCellKm2(45, 46, 1)) / GeodesicCellKm2(45, 46, 1), 0, 0.001);
    }
}
