using EcoLedger.Quantities;
using EcoLedger.Valuation;
using static EcoLedger.Tests.TestUnits;
using F = EcoLedger.Valuation.MonitoringField;

namespace EcoLedger.Tests.Valuation;

public class GepEngineTests
{
    private sealed class ListSink : IGepSink
    {
        public List<GepRow> Rows { get; } = [];
        public List<NotComputed> Gaps { get; } = [];
        public List<UnitWarning> Warnings { get; } = [];

        public void Row(in GepRow row) => Rows.Add(row);

        public void NotComputed(in NotComputed item) => Gaps.Add(item);

        public void Warning(in UnitWarning warning) => Warnings.Add(warning);
    }

    private static AccountingUnit U(string id, Ecosystem eco, double ha, params (F, double)[] m) =>
        Unit(eco, eco == Ecosystem.Wetland ? EcosystemSubtype.Marsh : EcosystemSubtype.None, ha, m) with { UnitId = id };

    private static RegionStatistic Stat(RegionStatKind kind, string item, decimal qty, decimal? price, params Ecosystem[] suppliedBy) =>
        new("R", kind, item, qty, "t", price, suppliedBy);

    [Fact]
    public void Material_products_are_allocated_by_supplying_area_without_losing_a_fen()
    {
        // 1 t × 100 CNY over three 1-ha forest units: 33.33 + 33.34 + 33.33 = 100.00; the wetland supplies nothing.
        var sink = new ListSink();
        var stats = new RegionStatistics([Stat(RegionStatKind.MaterialProduct, "fungi", 1m, 100m, Ecosystem.Forest)]);
        new GepEngine(Defaults, stats).Run([U("a", Ecosystem.Forest, 1), U("b", Ecosystem.Forest, 1), U("c", Ecosystem.Forest, 1), U("w", Ecosystem.Wetland, 5)], sink);
        var material = sink.Rows.Where(r => r.Indicator == "material_products").ToList();
        Assert.Equal(["a", "b", "c"], material.Select(r => r.UnitId));
        Assert.Equal([33.33m, 33.34m, 33.33m], material.Select(r => r.ValueCny));
    }

    [Fact]
    public void Recreation_is_allocated_by_visits_when_units_record_them()
    {
        // 1,000 visits × 395.80 (default cost) = 395,800.00; visits 300 : 100 → 296,850.00 and 98,950.00; the unit without visits gets no row.
        var sink = new ListSink();
        var stats = new RegionStatistics([Stat(RegionStatKind.Recreation, "visits", 1000m, null)]);
        new GepEngine(Defaults, stats).Run([U("a", Ecosystem.Forest, 1, (F.VisitsPerYear, 300)), U("b", Ecosystem.Forest, 9, (F.VisitsPerYear, 100)), U("c", Ecosystem.Forest, 5)], sink);
        var rec = sink.Rows.Where(r => r.Indicator == "recreation").ToList();
        Assert.Equal([296_850.00m, 98_950.00m], rec.Select(r => r.ValueCny));
        Assert.Equal([750d, 250d], rec.Select(r => r.Quantity!.Value));
    }

    [Fact]
    public void Air_purification_is_capped_by_the_regions_actual_emissions()
    {
        // Two grassland units of 100 ha: 12 t dust each = 24 t; the cap of 6 t scales both to 3 t; 3 × 150 = 450.00 each.
        var sink = new ListSink();
        var stats = new RegionStatistics([Stat(RegionStatKind.EmissionCap, "dust", 6m, null)]);
        new GepEngine(Defaults, stats).Run([U("a", Ecosystem.Grassland, 100), U("b", Ecosystem.Grassland, 100)], sink);
        var air = sink.Rows.Where(r => r.Indicator == "air_purification").ToList();
        Assert.Equal([3d, 3d], air.Select(r => Math.Round(r.Quantity!.Value, 9)));
        Assert.Equal([450.00m, 450.00m], air.Select(r => r.ValueCny));
    }

    [Fact]
    public void Water_purification_defaults_to_the_discharged_load_by_wetland_area()
    {
        // COD 10 t × 700 = 7,000.00 over marshes of 1 and 3 ha → 1,750.00 and 5,250.00 (2.5 t and 7.5 t).
        var sink = new ListSink();
        var stats = new RegionStatistics([Stat(RegionStatKind.DischargeCap, "cod", 10m, null)]);
        new GepEngine(Defaults, stats).Run([U("w1", Ecosystem.Wetland, 1), U("w2", Ecosystem.Wetland, 3)], sink);
        var water = sink.Rows.Where(r => r.Indicator == "water_purification").ToList();
        Assert.Equal([1_750.00m, 5_250.00m], water.Select(r => r.ValueCny));
        Assert.Equal([2.5d, 7.5d], water.Select(r => r.Quantity!.Value));
    }

    [Fact]
    public void Discharged_loads_in_a_region_without_wetlands_are_reported()
    {
        var sink = new ListSink();
        var stats = new RegionStatistics([Stat(RegionStatKind.DischargeCap, "cod", 10m, null)]);
        new GepEngine(Defaults, stats).Run([U("a", Ecosystem.Forest, 1)], sink);
        Assert.Equal("region 'R': the discharged loads (cod) are not valued: the region has no wetland units", sink.Warnings.Single().Message);
    }

    [Fact]
    public void Missing_inputs_are_listed_as_not_computed_never_as_zero()
    {
        var sink = new ListSink();
        new GepEngine(Defaults, RegionStatistics.Empty).Run([U("a", Ecosystem.Forest, 1)], sink);
        Assert.DoesNotContain(sink.Rows, r => r.Indicator == "water_conservation");
        Assert.Contains(new NotComputed("a", "water_conservation", "missing precipitation_mm, evapotranspiration_mm"), sink.Gaps);
        Assert.Contains(new NotComputed("a", "material_products", "no --region-stats given"), sink.Gaps);
    }

    [Fact]
    public void Each_row_is_rounded_to_the_fen_half_away_from_zero()
    {
        // Sand fixation 2,929.6875 → 2,929.69.
        var sink = new ListSink();
        new GepEngine(Defaults, RegionStatistics.Empty).Run([U("g", Ecosystem.Grassland, 10, (F.WindErosionPotentialTPerHa, 12), (F.WindErosionActualTPerHa, 2))], sink);
        Assert.Equal(2_929.69m, sink.Rows.Single(r => r.Indicator == "sand_fixation").ValueCny);
        Assert.Equal(0.01m, GepEngine.RoundToFen(0.005m));
    }

    [Fact]
    public void A_material_product_with_no_supplying_units_is_reported_not_dropped_silently()
    {
        var sink = new ListSink();
        var stats = new RegionStatistics([Stat(RegionStatKind.MaterialProduct, "fish", 2m, 10m, Ecosystem.Wetland)]);
        new GepEngine(Defaults, stats).Run([U("a", Ecosystem.Forest, 1)], sink);
        Assert.Equal("region 'R': material product 'fish' (20.00 CNY) is not allocated: the region has no units of wetland", sink.Warnings.Single().Message);
        Assert.DoesNotContain(sink.Rows, r => r.Indicator == "material_products");
    }

    [Fact]
    public void Area_is_carried_in_hectares_from_the_unit()
    {
        Assert.Equal(0.01, U("a", Ecosystem.Forest, 1).Area.SquareKilometres, 12);
        Assert.Equal(Area.FromHectares(1), U("a", Ecosystem.Forest, 1).Area);
    }

    [Fact]
    public void Pollutants_without_a_capacity_are_named_once_per_run()
    {
        // Defaults: no NOx capacity for any vegetation, no SO2 capacity for grassland.
        var summary = new GepSummary();
        summary.AddUnit(U("g", Ecosystem.Grassland, 1));
        Assert.Equal(
        [
            "air_purification: so2 is not counted for grassland units: the parameter table has no so2_capacity_kg_per_ha value for them (set one with --parameters).",
            "air_purification: nox is not counted for grassland units: the parameter table has no nox_capacity_kg_per_ha value for them (set one with --parameters).",
        ], GepRun.UncountedPollutants(Defaults, summary));
        Assert.Empty(GepRun.UncountedPollutants(With("\"so2_capacity_kg_per_ha.grassland\": 10, \"nox_capacity_kg_per_ha.grassland\": 5"), summary));
    }
}
