using EcoLedger.Valuation;
using EcoLedger.Valuation.Accounting;
using EcoLedger.Valuation.Indicators;
using static EcoLedger.Tests.TestUnits;
using F = EcoLedger.Valuation.MonitoringField;

namespace EcoLedger.Tests.Valuation.Indicators;

/// <summary>Marsh soil flood storage: the room left in the peat and grass-root layer before the flood.</summary>
public class MarshSoilStorageTests
{
    private static readonly MarshSoilStorage Indicator = new();

    private static AccountingUnit Marsh(double ha, double depthM, double bulkT, double saturatedGPerKg, double beforeGPerKg) =>
        Unit(Ecosystem.Wetland, EcosystemSubtype.Marsh, ha,
            (F.SoilDepthM, depthM), (F.SoilBulkDensityTPerM3, bulkT), (F.SoilSaturatedWaterGPerKg, saturatedGPerKg), (F.SoilWaterGPerKg, beforeGPerKg));

    [Fact]
    public void Should_reproduce_the_sanjiang_plain_peat_bog_soil_estimate()
    {
        // 湿地中国 (2009), Sanjiang Plain table, peat-bog soil (泥炭沼泽土) grass-root layer: 24.40 × 10⁴ ha, 0.55 m,
        // bulk density 0.1–0.2 t/m³ (0.15 used), saturated holding 6,500 g/kg, dry start (E = 0):
        // 2.44 × 10⁹ m² × 0.55 m × 0.15 t/m³ × 6.5 = 1,308,450,000 t = m³ of water; the source prints 13.08 × 10⁸ m³.
        var r = Indicator.Compute(Marsh(244_000, 0.55, 0.15, 6_500, 0), Defaults);
        Assert.Equal(1_308_450_000d, r.Quantity, 0);
        Assert.InRange(r.Quantity, 13.075e8, 13.085e8);
        // Its gley layer: 0.25 m × 1.1 t/m³ × 0.5 = 335,500,000 m³ (printed 3.36 × 10⁸, i.e. 3.355 rounded up).
        Assert.Equal(335_500_000d, Indicator.Compute(Marsh(244_000, 0.25, 1.1, 500, 0), Defaults).Quantity, 0);
    }

    [Fact]
    public void Should_count_only_the_room_left_before_the_flood()
    {
        // 100 ha, 0.5 m, 0.2 t/m³, saturated 5,000 g/kg, 3,000 g/kg already held:
        // 1,000,000 m² × 0.5 × 0.2 × (5,000 − 3,000) / 1,000 = 200,000 m³; × 7.06 = 1,412,000.00 CNY.
        var r = Indicator.Compute(Marsh(100, 0.5, 0.2, 5_000, 3_000), Defaults);
        Assert.Equal(200_000d, r.Quantity, 6);
        Assert.Equal(1_412_000.00m, decimal.Round(r.ValueCny, 2));
        Assert.Null(r.Warning);
    }

    [Fact]
    public void Should_give_a_saturated_marsh_nothing_and_say_why()
    {
        var r = Indicator.Compute(Marsh(100, 0.5, 0.2, 5_000, 5_200), Defaults);
        Assert.True(r.IsComputed);
        Assert.Equal(0m, r.ValueCny);
        Assert.Equal("soil_water_g_per_kg 5200 is above soil_saturated_water_g_per_kg 5000; marsh soil storage valued at 0", r.Warning);
    }

    [Fact]
    public void Should_not_compute_without_the_soil_measurements()
    {
        var r = Indicator.Compute(Unit(Ecosystem.Wetland, EcosystemSubtype.Marsh, 100), Defaults);
        Assert.False(r.IsComputed);
        Assert.Equal("missing soil_depth_m, soil_bulk_density_t_per_m3, soil_saturated_water_g_per_kg, soil_water_g_per_kg", r.NotComputedReason);
    }

    private sealed class Rows : IGepSink
    {
        public List<GepRow> All { get; } = [];

        public void Row(in GepRow row) => All.Add(row);

        public void NotComputed(in NotComputed item)
        {
        }

        public void Warning(in UnitWarning warning)
        {
        }
    }

    [Fact]
    public void Marsh_storage_through_the_engine_is_surface_detention_plus_soil_storage_when_opted_in()
    {
        // 100 ha marsh: surface detention 0.3 m × 1,000,000 m² = 300,000 m³ → 2,118,000.00 CNY (flood_regulation);
        // soil 1,000,000 × 0.5 × 0.2 × (5,000 − 3,000) / 1,000 = 200,000 m³ → 1,412,000.00 CNY; together 3,530,000.00 CNY.
        var marsh = Marsh(100, 0.5, 0.2, 5_000, 3_000);
        var opted = new Rows();
        new GepEngine(Defaults, RegionStatistics.Empty, GepOptions.Default with { OptIn = ["marsh_soil_storage"] }).Run([marsh], opted);
        var storage = opted.All.Where(r => r.Indicator is "flood_regulation" or "marsh_soil_storage").ToDictionary(r => r.Indicator);
        Assert.Equal(2_118_000.00m, storage["flood_regulation"].ValueCny);
        Assert.Equal(1_412_000.00m, storage["marsh_soil_storage"].ValueCny);
        Assert.Equal(500_000d, storage.Values.Sum(r => r.Quantity!.Value), 6);
        // Without the opt-in only the surface detention is counted.
        var plain = new Rows();
        new GepEngine(Defaults, RegionStatistics.Empty, GepOptions.Default).Run([marsh], plain);
        Assert.DoesNotContain(plain.All, r => r.Indicator == "marsh_soil_storage");
    }

    [Fact]
    public void Should_apply_to_marshes_only_and_be_counted_only_on_opt_in()
    {
        Assert.True(Indicator.AppliesTo(Ecosystem.Wetland, EcosystemSubtype.Marsh));
        Assert.False(Indicator.AppliesTo(Ecosystem.Wetland, EcosystemSubtype.Lake));
        Assert.False(Indicator.AppliesTo(Ecosystem.Forest, EcosystemSubtype.Mixed));
        Assert.All(MethodProfile.All, p => Assert.False(p.Includes("marsh_soil_storage")));
        Assert.Contains("marsh_soil_storage", GepOptions.OptInIndicators);
    }
}
