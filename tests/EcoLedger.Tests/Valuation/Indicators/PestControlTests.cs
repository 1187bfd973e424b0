using EcoLedger.Valuation;
using EcoLedger.Valuation.Accounting;
using EcoLedger.Valuation.Indicators;
using static EcoLedger.Tests.TestUnits;
using F = EcoLedger.Valuation.MonitoringField;

namespace EcoLedger.Tests.Valuation.Indicators;

/// <summary>Pest and disease control as G17 values it: the natural area at the cost of controlling pests by hand.</summary>
public class PestControlTests
{
    private static readonly PestControl Indicator = new();

    [Fact]
    public void Should_value_the_natural_part_of_a_forest_unit_at_the_forest_cost()
    {
        // 80 ha, 75 % natural → 60 ha; × 375 CNY/ha (G17, 2010) = 22,500.00 CNY.
        var r = Indicator.Compute(Forest(80, (F.NaturalSharePct, 75)), Defaults);
        Assert.Equal(60d, r.Quantity, 9);
        Assert.Equal(22_500.00m, decimal.Round(r.ValueCny, 2));
    }

    [Fact]
    public void Should_value_natural_grassland_at_the_grassland_cost()
    {
        // 33.3 ha, 100 % natural × 112.5 CNY/ha = 3,746.25 CNY.
        var r = Indicator.Compute(Unit(Ecosystem.Grassland, EcosystemSubtype.None, 33.3, (F.NaturalSharePct, 100)), Defaults);
        Assert.Equal(3_746.25m, decimal.Round(r.ValueCny, 2));
    }

    [Fact]
    public void Should_give_a_plantation_nothing()
    {
        // 0 % natural: a plantation's pests are controlled by people, not by the ecosystem.
        var r = Indicator.Compute(Forest(120, (F.NaturalSharePct, 0)), Defaults);
        Assert.True(r.IsComputed);
        Assert.Equal(0m, r.ValueCny);
    }

    [Fact]
    public void Should_not_compute_without_the_natural_share()
    {
        var r = Indicator.Compute(Forest(120), Defaults);
        Assert.False(r.IsComputed);
        Assert.Equal("missing natural_share_pct", r.NotComputedReason);
    }

    [Fact]
    public void Should_use_the_bureaus_own_control_cost_when_overridden()
    {
        // 120 ha × 100 % × 200 CNY/ha (a bureau's cost) = 24,000.00 CNY.
        var r = Indicator.Compute(Forest(120, (F.NaturalSharePct, 100)), With("\"pest_control_cost_cny_per_ha.forest\": 200"));
        Assert.Equal(24_000.00m, decimal.Round(r.ValueCny, 2));
    }

    [Fact]
    public void Should_apply_to_forest_and_grassland_only_as_g17_does()
    {
        Assert.True(Indicator.AppliesTo(Ecosystem.Forest, EcosystemSubtype.Mixed));
        Assert.True(Indicator.AppliesTo(Ecosystem.Grassland, EcosystemSubtype.None));
        Assert.False(Indicator.AppliesTo(Ecosystem.Shrub, EcosystemSubtype.None));
        Assert.False(Indicator.AppliesTo(Ecosystem.Wetland, EcosystemSubtype.Marsh));
    }

    [Fact]
    public void Should_be_counted_only_when_the_user_opts_in()
    {
        Assert.All(MethodProfile.All, p => Assert.False(p.Includes("pest_control")));
        Assert.True((GepOptions.Default with { OptIn = ["pest_control"] }).Counts("pest_control"));
    }
}
