using EcoLedger.Quantities;
using EcoLedger.Valuation;
using EcoLedger.Valuation.Accounting;
using EcoLedger.Valuation.Files;
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
        Assert.Equal("region 'R': the discharged loads (cod) are not valued: the region has no wetland units", sink.Warnings.Single(w => w.Indicator == "water_purification").Message);
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
        Assert.Equal("region 'R': material product 'fish' (20.00 CNY) is not allocated: the region has no units of wetland", sink.Warnings.Single(w => w.Indicator == "material_products").Message);
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
        // Defaults: no NOx capacity for any vegetation, no SO2 capacity for grassland. NOx is missing for every ecosystem of
        // the run, which the engine already says per region (naming the emission row too), so only SO2 is named here.
        var summary = new GepSummary();
        summary.AddUnit(U("g", Ecosystem.Grassland, 1));
        summary.AddUnit(U("f", Ecosystem.Forest, 1));
        Assert.Equal(
        [
            "air_purification: so2 is not counted for grassland units: the parameter table has no so2_capacity_kg_per_ha value for them (set one with --parameters).",
        ], GepRun.UncountedPollutants(Defaults, summary));
        Assert.Empty(GepRun.UncountedPollutants(With("\"so2_capacity_kg_per_ha.grassland\": 10, \"nox_capacity_kg_per_ha.grassland\": 5, \"nox_capacity_kg_per_ha.forest\": 5"), summary));
    }

    private static AccountingUnit LakePart(string id, double ha, string? waterBody = "L1", string? lakeRegion = "tibetan_plateau") =>
        Unit(Ecosystem.Wetland, EcosystemSubtype.Lake, ha, (F.LakeTurnoverPerYear, 1)) with { UnitId = id, WaterBodyId = waterBody, LakeRegion = lakeRegion };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void A_lake_split_into_units_gets_the_flood_storage_of_the_whole_lake(int parts)
    {
        // One 165.10 km² plateau lake, T = 1: C = e^6.636 × 165.10^0.678 = 762.04073 × 31.888384 = 24,300.2475 × 10⁴ m³
        // = 243,002,475.36 m³ (2.43亿); × 7.06 = 1,715,597,476.01 CNY. Valued unit by unit, two halves would give
        // 2 × 762.04073 × 82.55^0.678 × 10⁴ = 303,768,233.88 m³ (3.04亿, +25 %). Allocated by area, the units add up to the fen.
        var sink = new ListSink();
        double ha = 16_510d / parts;
        new GepEngine(Defaults, RegionStatistics.Empty).Run(Enumerable.Range(1, parts).Select(i => LakePart($"L1-{i}", ha)), sink);
        var flood = sink.Rows.Where(r => r.Indicator == "flood_regulation").ToList();
        Assert.Equal(parts, flood.Count);
        Assert.Equal(1_715_597_476.01m, flood.Sum(r => r.ValueCny));
        Assert.Equal(243_002_475.36d, flood.Sum(r => r.Quantity!.Value), 1);
    }

    [Fact]
    public void Lakes_are_aggregated_by_water_body_and_units_without_an_id_are_whole_lakes()
    {
        // L1 = two units of 1 km² → one 2 km² lake: 762.04073 × 2^0.678 = 762.04073 × 1.599920 = 1,219.2044 × 10⁴ m³;
        // the unit without an id is a 1 km² lake by itself: 762.04073 × 10⁴ m³. Total 1,981.2451 × 10⁴ m³ (valued unit by unit: 3 × 762.04 = 2,286.12).
        var sink = new ListSink();
        new GepEngine(Defaults, RegionStatistics.Empty).Run([LakePart("a", 100), LakePart("b", 100), LakePart("c", 100, waterBody: null)], sink);
        var flood = sink.Rows.Where(r => r.Indicator == "flood_regulation").ToDictionary(r => r.UnitId, r => r.Quantity!.Value);
        Assert.Equal(12_192_043.93d, flood["a"] + flood["b"], 1);
        Assert.Equal(flood["a"], flood["b"], 3);
        Assert.Equal(7_620_407.26d, flood["c"], 1);
    }

    [Fact]
    public void A_lake_without_a_lake_region_or_sourced_coefficients_is_not_computed()
    {
        // The plateau's a, b are never applied silently to, e.g., a Heilongjiang lake.
        var sink = new ListSink();
        new GepEngine(Defaults, RegionStatistics.Empty).Run([LakePart("x", 100, "X", null), LakePart("y", 100, "Y", "northeast_plain_mountain")], sink);
        Assert.DoesNotContain(sink.Rows, r => r.Indicator == "flood_regulation");
        Assert.Equal(
            "missing lake_region (one of tibetan_plateau, eastern_plain, northeast_plain_mountain, inner_mongolia_xinjiang, yunnan_guizhou): the lake regression's coefficients differ by region",
            sink.Gaps.Single(g => g.UnitId == "x" && g.Indicator == "flood_regulation").Reason);
        Assert.Equal(
            "no value for lake_regression_a.northeast_plain_mountain and lake_regression_b.northeast_plain_mountain: no sourced coefficients for this lake region are in the table; set them",
            sink.Gaps.Single(g => g.UnitId == "y" && g.Indicator == "flood_regulation").Reason);
    }

    [Fact]
    public void Units_of_one_lake_with_different_turnovers_are_reported()
    {
        var sink = new ListSink();
        var other = Unit(Ecosystem.Wetland, EcosystemSubtype.Lake, 100, (F.LakeTurnoverPerYear, 2)) with { UnitId = "b", WaterBodyId = "L1", LakeRegion = "tibetan_plateau" };
        new GepEngine(Defaults, RegionStatistics.Empty).Run([LakePart("a", 100), other], sink);
        Assert.All(sink.Gaps.Where(g => g.Indicator == "flood_regulation"), g =>
            Assert.Equal("the units of water body 'L1' give different lake_turnover_per_year values; one lake has one turnover", g.Reason));
        Assert.Equal(2, sink.Gaps.Count(g => g.Indicator == "flood_regulation"));
    }

    [Fact]
    public void Garze_air_purification_by_the_emissions_method()
    {
        // G17 2010: SO₂ 1,137 t × 1,200 = 1,364,400; NOx 2,772 t × 630 = 1,746,360; dust 941 t × 150 = 141,150;
        // total 3,251,910.00 CNY for 4,850 t, allocated to the units by area (1 : 2 : 3 ha) without losing a fen.
        var sink = new ListSink();
        var stats = new RegionStatistics([Stat(RegionStatKind.EmissionCap, "so2", 1_137m, null), Stat(RegionStatKind.EmissionCap, "nox", 2_772m, null), Stat(RegionStatKind.EmissionCap, "dust", 941m, null)]);
        var options = GepOptions.Default with { AirMethod = AirPurificationMethod.Emissions };
        new GepEngine(Defaults, stats, options).Run([U("f", Ecosystem.Forest, 1), U("s", Ecosystem.Shrub, 2), U("g", Ecosystem.Grassland, 3)], sink);
        var air = sink.Rows.Where(r => r.Indicator == "air_purification").ToList();
        Assert.Equal(3_251_910.00m, air.Sum(r => r.ValueCny));
        // 3,251,910 × 1/6 = 541,985.00; × 3/6 cumulative = 1,625,955.00 → 1,083,970.00; remainder 1,625,955.00.
        Assert.Equal([541_985.00m, 1_083_970.00m, 1_625_955.00m], air.Select(r => r.ValueCny));
        Assert.Equal(4_850d, air.Sum(r => r.Quantity!.Value), 6);
    }

    [Fact]
    public void The_default_air_method_counts_an_emitted_pollutant_without_a_capacity()
    {
        // Two grassland units of 100 ha. Dust: 12 t capacity each, capped at 6 t for the region → 3 t × 150 = 450.00 each.
        // NOx: no sourced capacity, 10 t emitted → 5 t each by area × 630 = 3,150.00 each (v1 dropped it). Row: 3,600.00.
        var sink = new ListSink();
        var stats = new RegionStatistics([Stat(RegionStatKind.EmissionCap, "dust", 6m, null), Stat(RegionStatKind.EmissionCap, "nox", 10m, null)]);
        new GepEngine(Defaults, stats).Run([U("a", Ecosystem.Grassland, 100), U("b", Ecosystem.Grassland, 100)], sink);
        var air = sink.Rows.Where(r => r.Indicator == "air_purification").ToList();
        Assert.Equal([3_600.00m, 3_600.00m], air.Select(r => r.ValueCny));
        Assert.Equal([8d, 8d], air.Select(r => Math.Round(r.Quantity!.Value, 9)));
        Assert.Equal(
            "region 'R': air_purification does not count so2: no unit of the region has a so2_capacity_kg_per_ha value and the region statistics have no emission_cap row for it",
            sink.Warnings.Single(w => w.Indicator == "air_purification").Message);
    }

    [Fact]
    public void An_uncapped_capacity_is_said_once_per_region()
    {
        // 100 ha grassland × 120 kg/ha dust = 12 t, no emission_cap row: counted, with a warning.
        var sink = new ListSink();
        new GepEngine(Defaults, RegionStatistics.Empty).Run([U("a", Ecosystem.Grassland, 100)], sink);
        Assert.Contains(sink.Warnings, w => w.Message == "region 'R': air_purification counts dust as capacity × area (12 t) without a cap: the region statistics have no emission_cap row for dust");
        Assert.Equal(1_800.00m, sink.Rows.Single(r => r.Indicator == "air_purification").ValueCny);
    }

    [Fact]
    public void The_profile_decides_which_indicators_are_counted()
    {
        // NEP 2 t C/ha × 10 ha: the 2020 guide counts oxygen release (20 × 32/12 = 53.33 t × 1,000 = 53,333.33), the 2022 specification does not.
        var unit = U("a", Ecosystem.Forest, 10, (F.NepTCPerHa, 2));
        var spec = new ListSink();
        new GepEngine(Defaults, RegionStatistics.Empty).Run([unit], spec);
        var guide = new ListSink();
        new GepEngine(Defaults, RegionStatistics.Empty, new GepOptions(MethodProfile.Guide2020)).Run([unit], guide);
        Assert.DoesNotContain(spec.Rows, r => r.Indicator == "oxygen_release");
        Assert.Equal(53_333.33m, guide.Rows.Single(r => r.Indicator == "oxygen_release").ValueCny);
        Assert.Contains(spec.Rows, r => r.Indicator == "carbon_sequestration");
    }

    [Fact]
    public void Other_land_gets_only_the_material_products_that_name_it()
    {
        // Farmland of 3 ha next to 1 ha of forest. Grain 10 t × 100 = 1,000.00 supplied by `other` → all to the farmland;
        // recreation 1,000 visits × 395.80 = 395,800.00 by area over the natural ecosystems only → all to the forest.
        var sink = new ListSink();
        var stats = new RegionStatistics([Stat(RegionStatKind.MaterialProduct, "grain", 10m, 100m, Ecosystem.Other), Stat(RegionStatKind.Recreation, "visits", 1000m, null)]);
        var farmland = Unit(Ecosystem.Other, EcosystemSubtype.Farmland, 3) with { UnitId = "farm" };
        new GepEngine(Defaults, stats).Run([U("f", Ecosystem.Forest, 1), farmland], sink);
        Assert.Equal([("farm", "material_products", 1_000.00m)], sink.Rows.Where(r => r.UnitId == "farm").Select(r => (r.UnitId, r.Indicator, r.ValueCny)));
        Assert.Equal(395_800.00m, sink.Rows.Single(r => r.Indicator == "recreation").ValueCny);
        Assert.DoesNotContain(sink.Gaps, g => g.UnitId == "farm");
        Assert.True(EcosystemCodes.TryParseEcosystem("other", out var other) && other == Ecosystem.Other);
        Assert.Equal([EcosystemSubtype.Farmland, EcosystemSubtype.Urban, EcosystemSubtype.BareLand], EcosystemCodes.AllowedSubtypes(Ecosystem.Other));
    }

    [Fact]
    public void Landscape_premium_is_allocated_over_the_providing_ecosystems()
    {
        // 20,000 m² of housing × 150 CNY/m² premium = 3,000,000.00, provided by forest and wetland (1 ha + 2 ha):
        // forest 1/3 → 1,000,000.00 and 6,666.67 m²; wetland 2/3 → 2,000,000.00 and 13,333.33 m²; the grassland gets nothing.
        var sink = new ListSink();
        var stats = new RegionStatistics([Stat(RegionStatKind.LandscapePremium, "lakeside_housing", 20_000m, 150m, Ecosystem.Forest, Ecosystem.Wetland)]);
        new GepEngine(Defaults, stats).Run([U("f", Ecosystem.Forest, 1), U("w", Ecosystem.Wetland, 2), U("g", Ecosystem.Grassland, 5)], sink);
        var rows = sink.Rows.Where(r => r.Indicator == "landscape_value").ToList();
        Assert.Equal([("f", 1_000_000.00m), ("w", 2_000_000.00m)], rows.Select(r => (r.UnitId, r.ValueCny)));
        Assert.Equal(6_666.667d, rows[0].Quantity!.Value, 3);
        Assert.DoesNotContain(sink.Gaps, g => g.Indicator == "landscape_value");
    }

    [Fact]
    public void Landscape_value_without_premium_rows_is_listed_not_zero()
    {
        var sink = new ListSink();
        var stats = new RegionStatistics([Stat(RegionStatKind.Recreation, "visits", 10m, null)]);
        new GepEngine(Defaults, stats).Run([U("f", Ecosystem.Forest, 1)], sink);
        Assert.Contains(new NotComputed("f", "landscape_value", "no landscape_premium rows for region 'R' in the region statistics"), sink.Gaps);
    }
}
