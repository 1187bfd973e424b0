using EcoLedger.Valuation;
using EcoLedger.Valuation.Indicators;
using static EcoLedger.Tests.TestUnits;
using F = EcoLedger.Valuation.MonitoringField;

namespace EcoLedger.Tests.Valuation.Indicators;

/// <summary>
/// Climate regulation v2 (issue 14, error 1): EPP is the heat of vegetation transpiration on the hot days, from a table
/// value × D or a transpiration input, never silently from all of ET. Expected values by hand; r = 3, q = 2,450 kJ/kg,
/// electricity 0.53 CNY/kWh (G17 defaults).
/// </summary>
public class ClimateRegulationTests
{
    [Fact]
    public void Should_use_a_table_epp_times_the_hot_days()
    {
        // EPP 1,000 kJ/m²/day × 10,000 m² × D 36 = 360,000,000 kJ = 100,000 kWh of heat; / r 3 = 33,333.333 kWh;
        // × 0.53 = 17,666.666... → 17,666.67 CNY.
        var r = new ClimateRegulation().Compute(Forest(1, (F.DaysAbove26C, 36)), With("\"transpiration_heat_kj_per_m2_day.forest\": 1000"));
        Assert.Equal(33_333.3333d, r.Quantity, 3);
        Assert.Equal(17_666.67m, decimal.Round(r.ValueCny, 2));
        Assert.Null(r.Warning);
    }

    [Fact]
    public void Should_take_the_heat_from_transpiration_on_the_hot_days()
    {
        // 120 mm transpired over the hot days = 120 kg/m² × 2,450 kJ/kg × 10,000 m² = 2,940,000,000 kJ = 816,666.667 kWh;
        // / 3 = 272,222.222 kWh; × 0.53 = 144,277.78 CNY. No day count is needed: the sum over the hot days already holds D.
        var r = new ClimateRegulation().Compute(Forest(1, (F.TranspirationMmHotDays, 120)), Defaults);
        Assert.True(r.IsComputed);
        Assert.Equal(272_222.2222d, r.Quantity, 3);
        Assert.Equal(144_277.78m, decimal.Round(r.ValueCny, 2));
    }

    [Fact]
    public void Should_not_compute_from_evapotranspiration_unless_the_fallback_is_allowed()
    {
        // The v1 engine valued this unit at 68,055.56 kWh from ET 365 mm spread over the year; now it is a gap.
        var r = new ClimateRegulation().Compute(Forest(1, (F.EvapotranspirationMm, 365), (F.DaysAbove26C, 30)), Defaults);
        Assert.False(r.IsComputed);
        Assert.Equal("missing transpiration_mm_hot_days (no transpiration_heat_kj_per_m2_day value is set for the ecosystem and the evapotranspiration fallback is not allowed)", r.NotComputedReason);
    }

    [Fact]
    public void Should_warn_when_the_et_fallback_is_used()
    {
        // ET 365 mm/yr → 1 mm/day × 2,450 = 2,450 kJ/m²/day; × 10,000 m² × 30 days = 735,000,000 kJ = 204,166.667 kWh;
        // / 3 = 68,055.556 kWh; × 0.53 = 36,069.44 CNY.
        var r = new ClimateRegulation(allowEtFallback: true).Compute(Forest(1, (F.EvapotranspirationMm, 365), (F.DaysAbove26C, 30)), Defaults);
        Assert.Equal(68_055.5556d, r.Quantity, 3);
        Assert.Equal(36_069.44m, decimal.Round(r.ValueCny, 2));
        Assert.Equal(ClimateRegulation.EtFallbackWarning, r.Warning);
    }

    [Fact]
    public void Should_prefer_transpiration_to_the_et_fallback()
    {
        var r = new ClimateRegulation(allowEtFallback: true).Compute(Forest(1, (F.TranspirationMmHotDays, 120), (F.EvapotranspirationMm, 365), (F.DaysAbove26C, 30)), Defaults);
        Assert.Equal(272_222.2222d, r.Quantity, 3);
        Assert.Null(r.Warning);
    }

    [Fact]
    public void Should_divide_the_water_surface_cooling_by_r_only_when_switched_on()
    {
        // 1 ha × 10 mm = 100 m³; cooling 100 × 1,000 kg × 2,450 kJ/kg / 3,600 = 68,055.556 kWh; humidifier 100 × 120 = 12,000 kWh.
        // G17 (default 0): 80,055.556 kWh. Switch 1: 68,055.556 / 3 = 22,685.185 + 12,000 = 34,685.185 kWh.
        var marsh = Unit(Ecosystem.Wetland, EcosystemSubtype.Marsh, 1, (F.WaterEvaporationMm, 10));
        Assert.Equal(80_055.5556d, new ClimateRegulation().Compute(marsh, Defaults).Quantity, 3);
        Assert.Equal(34_685.1852d, new ClimateRegulation().Compute(marsh, With("\"water_surface_ac_efficiency_applied\": 1")).Quantity, 3);
    }

    [Fact]
    public void Should_not_suggest_carrying_garze_heat_into_other_regions()
    {
        string doc = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "methodology", "indicators", "climate_regulation.md"));
        Assert.DoesNotContain("42,560/D", doc.Replace(" ", "", StringComparison.Ordinal));
        Assert.DoesNotContain("42560/D", doc.Replace(" ", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal));
    }
}
