using EcoLedger.Valuation;
using EcoLedger.Valuation.Accounting;
using EcoLedger.Valuation.Indicators;
using static EcoLedger.Tests.TestUnits;
using F = EcoLedger.Valuation.MonitoringField;

namespace EcoLedger.Tests.Valuation.Indicators;

/// <summary>Vegetation flood storage by the comprehensive storage-capacity method (马维玲 et al. 2017, eqs. 2–5).</summary>
public class VegetationFloodStorageTests
{
    private static readonly VegetationFloodStorage Indicator = new();

    private static (F, double)[] Stand(double canopyMm, double litterT, double holdingPct, double porosityPct, double depthM) =>
    [
        (F.CanopyInterceptionMm, canopyMm), (F.LitterStockTPerHa, litterT), (F.LitterMaxWaterHoldingPct, holdingPct),
        (F.SoilNoncapillaryPorosityPct, porosityPct), (F.SoilDepthM, depthM),
    ];

    [Fact]
    public void Should_add_canopy_litter_and_soil_storage_of_one_storm()
    {
        // 100 ha of conifers with the Taihang means of 马维玲 et al. (canopy 2.18 mm, litter 14.75 t/ha holding 232.54 %)
        // on a 0.4 m soil with 8.5 % non-capillary porosity:
        // canopy 2.18 + litter 14.75 × 232.54 / 1000 = 3.429965 + soil 10 × 8.5 × 0.4 = 34 → 39.609965 mm;
        // Q = 1,000,000 m² × 0.039609965 m = 39,609.965 m³; V = 39,609.965 × 7.06 = 279,646.35 CNY.
        var r = Indicator.Compute(Forest(100, Stand(2.18, 14.75, 232.54, 8.5, 0.4)), Defaults);
        Assert.Equal(39_609.965, r.Quantity, 6);
        Assert.Equal(279_646.35m, decimal.Round(r.ValueCny, 2));
    }

    [Fact]
    public void Should_count_grassland_with_no_canopy_from_its_litter_and_soil()
    {
        // 50 ha, no canopy (0 mm), litter 2 t/ha × 300 % = 0.6 mm, soil 10 × 12 × 0.3 = 36 mm → 36.6 mm;
        // Q = 500,000 × 0.0366 = 18,300 m³; at J17's 6.11 CNY/m³: 111,813.00 CNY.
        var r = Indicator.Compute(Unit(Ecosystem.Grassland, EcosystemSubtype.None, 50, Stand(0, 2, 300, 12, 0.3)), With("\"reservoir_cost_cny_per_m3\": 6.11"));
        Assert.Equal(18_300d, r.Quantity, 6);
        Assert.Equal(111_813.00m, decimal.Round(r.ValueCny, 2));
    }

    [Fact]
    public void Should_not_compute_without_every_layer_and_say_which_is_missing()
    {
        var r = Indicator.Compute(Forest(100, (F.CanopyInterceptionMm, 2), (F.SoilDepthM, 0.4)), Defaults);
        Assert.False(r.IsComputed);
        Assert.Equal("missing litter_stock_t_per_ha, litter_max_water_holding_pct, soil_noncapillary_porosity_pct", r.NotComputedReason);
        Assert.Equal("incomplete input group: canopy_interception_mm, soil_depth_m given without litter_stock_t_per_ha, litter_max_water_holding_pct, soil_noncapillary_porosity_pct", r.Warning);
    }

    [Fact]
    public void Should_apply_to_vegetation_and_be_counted_only_on_opt_in()
    {
        Assert.True(Indicator.AppliesTo(Ecosystem.Shrub, EcosystemSubtype.None));
        Assert.False(Indicator.AppliesTo(Ecosystem.Wetland, EcosystemSubtype.Marsh));
        Assert.All(MethodProfile.All, p => Assert.False(p.Includes("vegetation_flood_storage")));
        Assert.Contains("vegetation_flood_storage", GepOptions.OptInIndicators);
    }
}
