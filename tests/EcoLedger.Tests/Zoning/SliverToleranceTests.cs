using EcoLedger.Zoning;

namespace EcoLedger.Tests.Zoning;

public class SliverToleranceTests
{
    [Theory]
    // A 13,581 km² plan area over a 1 km² unit: 0.01 % of the unit, 1,000,000 m² × 0.0001 = 100 m² (not 0.01 % of the site, 1.3581 km²).
    [InlineData(13_581e6, 1e6, 100)]
    // The same plan area over the 83.570217 km² demo zone's area: 83,570,217 m² × 0.0001 = 8,357.0217 m².
    [InlineData(13_581e6, 83_570_217, 8_357.0217)]
    // A 1 km² site over a 100 km² unit: 0.01 % of the site, 100 m².
    [InlineData(1e6, 100e6, 100)]
    // A 1,000 m² site: 0.01 % is 0.1 m², below the 1 m² floor.
    [InlineData(1_000, 1e6, 1)]
    public void Should_take_the_share_of_the_smaller_of_site_and_unit_but_at_least_one_square_metre(double siteM2, double unitM2, double expectedM2)
    {
        Assert.Equal(expectedM2, SliverTolerance.Default.For(siteM2, unitM2), 6);
    }

    [Fact]
    public void Should_state_the_rule_in_one_sentence()
    {
        Assert.Equal("Overlaps below 1 m² or 0.01 % of the smaller of the site and the zone's unit are slivers: counted as touching, not as overlap.",
            SliverTolerance.Default.Describe());
    }
}
