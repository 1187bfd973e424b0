using EcoLedger.Valuation;
using EcoLedger.Valuation.Indicators;
using static EcoLedger.Tests.TestUnits;
using F = EcoLedger.Valuation.MonitoringField;

namespace EcoLedger.Tests.Valuation.Indicators;

/// <summary>Each indicator against values computed by hand with the default parameters.</summary>
public class IndicatorTests
{
    [Fact]
    public void Water_conservation_uses_measured_runoff()
    {
        // 100 ha × (800 − 50 − 500) mm × 10 = 250,000 m³; × 7.06 = 1,765,000 CNY.
        var r = new WaterConservation().Compute(Forest(100, (F.PrecipitationMm, 800), (F.StormRunoffMm, 50), (F.EvapotranspirationMm, 500)), Defaults);
        Assert.Equal(250_000d, r.Quantity, 6);
        Assert.Equal(1_765_000m, decimal.Round(r.ValueCny, 2));
    }

    [Fact]
    public void Water_conservation_estimates_runoff_from_the_coefficient_when_not_measured()
    {
        // Coniferous α = 4.52 %: R = 800 × 0.0452 = 36.16 mm; 100 ha × (800 − 36.16 − 500) × 10 = 263,840 m³; × 7.06 = 1,862,710.40.
        var r = new WaterConservation().Compute(Forest(100, (F.PrecipitationMm, 800), (F.EvapotranspirationMm, 500)), Defaults);
        Assert.Equal(263_840d, r.Quantity, 6);
        Assert.Equal(1_862_710.40m, decimal.Round(r.ValueCny, 2));
    }

    [Fact]
    public void Water_conservation_clamps_a_negative_balance_to_zero_and_warns()
    {
        var r = new WaterConservation().Compute(Forest(10, (F.PrecipitationMm, 400), (F.StormRunoffMm, 0), (F.EvapotranspirationMm, 500)), Defaults);
        Assert.True(r.IsComputed);
        Assert.Equal(0d, r.Quantity);
        Assert.Equal("water balance P − R − ET = -100 mm is negative; water conservation reported as 0", r.Warning);
    }

    [Fact]
    public void Water_conservation_without_evapotranspiration_is_not_computed_and_warns_of_the_incomplete_group()
    {
        var r = new WaterConservation().Compute(Forest(10, (F.PrecipitationMm, 700)), Defaults);
        Assert.False(r.IsComputed);
        Assert.Equal("missing evapotranspiration_mm", r.NotComputedReason);
        Assert.Equal("incomplete input group: precipitation_mm given without evapotranspiration_mm", r.Warning);
    }

    [Fact]
    public void Soil_retention_from_measured_erosion()
    {
        // Q = 10 ha × (50 − 10) = 400 t.
        // sediment 0.24 × 400 / 0.93 × 15.58 = 1,608.2581; N 400 × 0.0037 × 875 = 1,295; P 400 × 0.00108 × 2,800 = 1,209.60.
        // total 4,112.8581 → 4,112.86.
        var r = new SoilRetention().Compute(Forest(10, (F.SoilErosionPotentialTPerHa, 50), (F.SoilErosionActualTPerHa, 10)), Defaults);
        Assert.Equal(400d, r.Quantity, 9);
        Assert.Equal(4_112.86m, decimal.Round(r.ValueCny, 2));
    }

    [Fact]
    public void Soil_retention_from_rusle_factors()
    {
        // R·K·LS·(1 − C·P) = 1000 × 0.05 × 2 × (1 − 0.1 × 0.5) = 95 t/ha; × 2 ha = 190 t.
        var r = new SoilRetention().Compute(Forest(2, (F.RusleR, 1000), (F.RusleK, 0.05), (F.RusleLs, 2), (F.RusleC, 0.1), (F.RusleP, 0.5)), Defaults);
        Assert.Equal(190d, r.Quantity, 9);
    }

    [Fact]
    public void Soil_retention_warns_of_a_half_filled_measured_pair_when_rusle_is_used()
    {
        var r = new SoilRetention().Compute(Forest(2, (F.SoilErosionPotentialTPerHa, 50), (F.RusleR, 1000), (F.RusleK, 0.05), (F.RusleLs, 2), (F.RusleC, 0.1), (F.RusleP, 0.5)), Defaults);
        Assert.Equal(190d, r.Quantity, 9);
        Assert.Equal("incomplete input group: soil_erosion_potential_t_per_ha given without soil_erosion_actual_t_per_ha; RUSLE factors used instead", r.Warning);
    }

    [Fact]
    public void Flood_regulation_of_a_marsh_is_detention_depth_times_area()
    {
        // 50 ha = 500,000 m² × 0.3 m = 150,000 m³; × 7.06 = 1,059,000.
        var r = new FloodRegulation().Compute(Unit(Ecosystem.Wetland, EcosystemSubtype.Marsh, 50), Defaults);
        Assert.Equal(150_000d, r.Quantity, 6);
        Assert.Equal(1_059_000m, decimal.Round(r.ValueCny, 2));
    }

    [Fact]
    public void Flood_regulation_of_a_lake_follows_the_regression()
    {
        // A = 1 km², T = 1: C = e^6.636 × 1^0.678 × 1 = 762.0407 × 10⁴ m³ = 7,620,407.26 m³; × 7.06 = 53,800,075.23.
        var r = new FloodRegulation().Compute(Unit(Ecosystem.Wetland, EcosystemSubtype.Lake, 100, (F.LakeTurnoverPerYear, 1)) with { LakeRegion = "tibetan_plateau" }, Defaults);
        Assert.Equal(7_620_407.26d, r.Quantity, 1);
        Assert.Equal(53_800_075.23m, decimal.Round(r.ValueCny, 2));
    }

    [Fact]
    public void Flood_regulation_of_an_eastern_plain_lake_uses_only_that_regions_coefficients()
    {
        // No sourced a, b for the eastern plain: with the defaults the lake is not computed (the plateau's are not borrowed).
        var lake = Unit(Ecosystem.Wetland, EcosystemSubtype.Lake, 200, (F.LakeTurnoverPerYear, 1)) with { LakeRegion = "eastern_plain" };
        var none = new FloodRegulation().Compute(lake, Defaults);
        Assert.Equal("no value for lake_regression_a.eastern_plain and lake_regression_b.eastern_plain: no sourced coefficients for this lake region are in the table; set them", none.NotComputedReason);

        // With a = 5, b = 0.8 set by the user (test inputs, not published values): A = 2 km², T = 1:
        // C = e^5 × 2^0.8 = 148.413159 × 1.741101 = 258.402319 × 10⁴ m³ = 2,584,023.185 m³; × 7.06 = 18,243,203.687 → 18,243,203.69.
        var set = new FloodRegulation().Compute(lake, With("\"lake_regression_a.eastern_plain\": 5, \"lake_regression_b.eastern_plain\": 0.8"));
        Assert.Equal(2_584_023.185146, set.Quantity, 5);
        Assert.Equal(18_243_203.69m, decimal.Round(set.ValueCny, 2));
    }

    [Fact]
    public void Flood_regulation_of_a_reservoir_is_a_share_of_storage()
    {
        // 1,000,000 m³ × 0.35 = 350,000 m³; × 7.06 = 2,471,000.
        var r = new FloodRegulation().Compute(Unit(Ecosystem.Wetland, EcosystemSubtype.Reservoir, 20, (F.ReservoirStorageM3, 1_000_000)), Defaults);
        Assert.Equal(350_000d, r.Quantity, 6);
        Assert.Equal(2_471_000m, decimal.Round(r.ValueCny, 2));
    }

    [Fact]
    public void Flood_regulation_needs_a_wetland_subtype()
    {
        var r = new FloodRegulation().Compute(Unit(Ecosystem.Wetland, EcosystemSubtype.None, 20), Defaults);
        Assert.Equal("missing subtype: flood regulation needs a wetland subtype of lake, reservoir or marsh", r.NotComputedReason);
        Assert.False(new FloodRegulation().AppliesTo(Ecosystem.Wetland, EcosystemSubtype.River));
    }

    [Fact]
    public void Sand_fixation_values_the_sand_cover_avoided()
    {
        // 10 ha × (12 − 2) = 100 t; 100 / (1.28 × 0.1) = 781.25 m²; × 3.75 = 2,929.6875.
        var r = new SandFixation().Compute(Unit(Ecosystem.Grassland, EcosystemSubtype.None, 10, (F.WindErosionPotentialTPerHa, 12), (F.WindErosionActualTPerHa, 2)), Defaults);
        Assert.Equal(100d, r.Quantity, 9);
        Assert.Equal(2_929.69m, decimal.Round(r.ValueCny, 2));
    }

    [Fact]
    public void Carbon_sequestration_converts_nep_to_co2()
    {
        // NEP = 5 − 3 = 2 t C/ha × 10 ha = 20 t C; × 44/12 = 73.3333 t CO₂; × 62.36 = 4,573.07.
        var r = new CarbonSequestration().Compute(Forest(10, (F.NppTCPerHa, 5), (F.HeterotrophicRespirationTCPerHa, 3)), Defaults);
        Assert.Equal(73.333333d, r.Quantity, 5);
        Assert.Equal(4_573.07m, decimal.Round(r.ValueCny, 2));
    }

    [Fact]
    public void Carbon_price_per_tonne_of_carbon_is_converted_by_12_over_44()
    {
        // 1,320 CNY/t C × 12/44 = 360 CNY/t CO₂; 20 t C = 73.3333 t CO₂ × 360 = 26,400 (= 20 t C × 1,320).
        var r = new CarbonSequestration().Compute(Forest(10, (F.NepTCPerHa, 2)), With("\"carbon_price_cny_per_t_c\": 1320"));
        Assert.Equal(26_400m, decimal.Round(r.ValueCny, 2));
    }

    [Fact]
    public void Carbon_sequestration_of_a_net_source_is_zero_with_a_warning()
    {
        var r = new CarbonSequestration().Compute(Forest(10, (F.NepTCPerHa, -1)), Defaults);
        Assert.Equal(0d, r.Quantity);
        Assert.Equal("net carbon source (-36.667 t CO2); carbon sequestration reported as 0", r.Warning);
    }

    [Fact]
    public void Oxygen_release_is_32_over_12_of_nep()
    {
        // 20 t C × 32/12 = 53.3333 t O₂; × 1,000 = 53,333.33.
        var r = new OxygenRelease().Compute(Forest(10, (F.NppTCPerHa, 5), (F.HeterotrophicRespirationTCPerHa, 3)), Defaults);
        Assert.Equal(53.333333d, r.Quantity, 5);
        Assert.Equal(53_333.33m, decimal.Round(r.ValueCny, 2));
    }

    [Fact]
    public void Npp_without_respiration_is_not_computed()
    {
        var r = new OxygenRelease().Compute(Forest(10, (F.NppTCPerHa, 5)), Defaults);
        Assert.False(r.IsComputed);
        Assert.Equal("incomplete input group: npp_t_c_per_ha and heterotrophic_respiration_t_c_per_ha must be given together", r.Warning);
    }

    [Fact]
    public void Climate_regulation_by_water_surface_adds_cooling_and_humidifying()
    {
        // 1 ha × 10 mm = 100 m³; cooling 100 × 1,000 kg × 2,450 kJ/kg / 3,600 = 68,055.556 kWh; humidifier 100 × 120 = 12,000 kWh.
        // 80,055.556 kWh × 0.53 = 42,429.44.
        var r = new ClimateRegulation().Compute(Unit(Ecosystem.Wetland, EcosystemSubtype.Marsh, 1, (F.WaterEvaporationMm, 10)), Defaults);
        Assert.Equal(80_055.5556d, r.Quantity, 3);
        Assert.Equal(42_429.44m, decimal.Round(r.ValueCny, 2));
    }

    [Fact]
    public void The_humidity_switch_leaves_out_humidifying_in_humid_air()
    {
        var p = With("\"humidifier_rh_threshold_pct\": 45");
        var humid = new ClimateRegulation().Compute(Unit(Ecosystem.Wetland, EcosystemSubtype.Marsh, 1, (F.WaterEvaporationMm, 10), (F.RelativeHumidityPct, 70)), p);
        var dry = new ClimateRegulation().Compute(Unit(Ecosystem.Wetland, EcosystemSubtype.Marsh, 1, (F.WaterEvaporationMm, 10), (F.RelativeHumidityPct, 30)), p);
        Assert.Equal(68_055.5556d, humid.Quantity, 3);
        Assert.Equal(80_055.5556d, dry.Quantity, 3);
    }

    [Fact]
    public void Air_purification_sums_the_pollutants_with_a_capacity()
    {
        // Coniferous 10 ha: SO₂ 215.6 kg/ha → 2.156 t × 1,200 = 2,587.20; dust 33,200 kg/ha → 332 t × 150 = 49,800; NOx has no default.
        var air = new AirPurification();
        var r = air.Compute(Forest(10), Defaults);
        Assert.Equal(334.156d, r.Quantity, 9);
        Assert.Equal(52_387.20m, decimal.Round(r.ValueCny, 2));
        Assert.True(double.IsNaN(air.CapacityLoads(Forest(10), Defaults).Second));
    }

    [Fact]
    public void Air_purification_of_grassland_counts_only_dust()
    {
        // 100 ha × 120 kg/ha = 12 t dust × 150 = 1,800.
        var r = new AirPurification().Compute(Unit(Ecosystem.Grassland, EcosystemSubtype.None, 100), Defaults);
        Assert.Equal(12d, r.Quantity, 9);
        Assert.Equal(1_800m, decimal.Round(r.ValueCny, 2));
    }
}
