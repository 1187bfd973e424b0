using EcoLedger.IO;
using EcoLedger.Valuation.Files;

namespace EcoLedger.Tests.Valuation;

/// <summary>
/// A stated <c>area_ha</c> against the area of the unit's own polygon: GEP took the stated area and zoning the polygon's, so a value in m²
/// (10,000 × too large) gave a GEP 10,000 times too large, a priority zone, and no word (docs/input-limits.md).
/// </summary>
public sealed class UnitAreaOutlineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-unit-area-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    // A 1,000 m × 1,000 m square in CGCS2000 / 3-degree Gauss-Krüger CM 129E: 1,000,000 m² = 100 ha.
    private UnitFileReader Read(string areaHa, out List<AccountingUnitView> units)
    {
        string feature = $$$"""{"type":"Feature","properties":{"unit_id":"U0","region":"R","ecosystem":"forest","area_ha":{{{areaHa}}}},"geometry":{"type":"Polygon","coordinates":[[[429000,5262000],[430000,5262000],[430000,5263000],[429000,5263000],[429000,5262000]]]}}""";
        string path = Path.Combine(_dir, "units.geojson");
        File.WriteAllText(path, $$$"""{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4531"}},"features":[{{{feature}}}]}""");
        var reader = new UnitFileReader(path, "units.geojson");
        units = [.. reader.Read().Select(u => new AccountingUnitView(u.UnitId, u.Area.Hectares))];
        return reader;
    }

    public sealed record AccountingUnitView(string Id, double Hectares);

    [Theory]
    [InlineData("100")]
    [InlineData("150")] // 1.5 × the polygon: the margin, still taken
    [InlineData("2.5")] // 2.5 % of the polygon: a unit may value part of its outline
    public void A_stated_area_up_to_one_and_a_half_times_the_polygon_is_taken_as_stated(string areaHa)
    {
        var reader = Read(areaHa, out var units);

        Assert.Empty(reader.Problems);
        Assert.Empty(reader.Warnings);
        Assert.Equal(double.Parse(areaHa, System.Globalization.CultureInfo.InvariantCulture), Assert.Single(units).Hectares, 9);
    }

    [Theory]
    // m² given as ha: 1,000,000 / 100 = 10,000 times the polygon
    [InlineData("1000000", "got 1,000,000 ha, 10,000 times more")]
    // mu given as ha: 1,500 / 100 = 15 times
    [InlineData("1500", "got 1,500 ha, 15 times more")]
    [InlineData("150.5", "got 150.5 ha, 1.5 times more")]
    public void A_stated_area_beyond_the_margin_over_the_polygon_is_refused_naming_both_areas(string areaHa, string got)
    {
        var reader = Read(areaHa, out var units);

        Assert.Empty(units);
        var problem = Assert.Single(reader.Problems);
        Assert.Equal(new InputProblem("units.geojson", "feature #1, unit 'U0'", "area_ha",
            $"expected at most the area of the unit's polygon (100 ha, with a margin of 1.5 ×), {got}; area_ha is in hectares " +
            "(a value in m² is 10,000 times too large, in mu 15 times), or drop the column to take the polygon's area."), problem);
    }

    [Fact]
    public void A_stated_area_under_two_per_cent_of_the_polygon_is_taken_with_a_warning()
    {
        // km² given as ha: 1 km² = 100 ha written as 1, 1 % of the polygon
        var reader = Read("1", out var units);

        Assert.Empty(reader.Problems);
        Assert.Equal(1.0, Assert.Single(units).Hectares, 9);
        Assert.Equal(["units.geojson: 1 unit has an area_ha under 2 % of the unit's polygon (first: unit 'U0': 1 ha against 100 ha); area_ha is in hectares " +
            "(a value in km² is 100 times too small); drop the column to take the polygons' areas."], reader.Warnings);
    }
}
