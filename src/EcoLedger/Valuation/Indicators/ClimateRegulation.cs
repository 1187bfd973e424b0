using EcoLedger.Quantities;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation.Indicators;

/// <summary>Climate regulation (气候调节): cooling by plant transpiration and humidifying by water-surface evaporation,
/// valued as the electricity an air conditioner or humidifier would use.</summary>
/// <remarks>Vegetation: E (kWh) = EPP (kJ/m²/day) × A (m²) × D / (3600 × r), EPP from the parameter table or
/// ET/365 × latent heat. Water surface: E = E_w·ρ_w·q/3600 + E_w·γ with E_w the evaporated volume (m³).
/// V = E × electricity price. Source: G17. See methodology/indicators/climate_regulation.md.</remarks>
public sealed class ClimateRegulation : UnitIndicator
{
    public override string Code => "climate_regulation";
    public override string NameEn => "Climate regulation";
    public override string NameZh => "气候调节";
    public override ServiceCategory Category => ServiceCategory.Regulating;
    public override IReadOnlyList<Ecosystem> Ecosystems { get; } = [Ecosystem.Forest, Ecosystem.Shrub, Ecosystem.Grassland, Ecosystem.Wetland];
    public override string QuantityUnit => "kWh";
    public override string Formula => "vegetation: E = EPP × A_m² × D / (3600 × r); water: E = E_w × ρ_w × q / 3600 + E_w × γ; V = E × electricity price";
    public override IReadOnlyList<string> ParameterKeys { get; } =
        ["transpiration_heat_kj_per_m2_day.*", "ac_efficiency_ratio", "latent_heat_j_per_g", "water_density_kg_per_m3", "humidifier_kwh_per_m3", "humidifier_rh_threshold_pct", "electricity_price_cny_per_kwh"];
    public override IReadOnlyList<MonitoringField> Inputs { get; } =
        [MonitoringField.DaysAbove26C, MonitoringField.EvapotranspirationMm, MonitoringField.WaterEvaporationMm, MonitoringField.RelativeHumidityPct];

    private static readonly MonitoringField[] Days = [MonitoringField.DaysAbove26C];
    private static readonly MonitoringField[] Evaporation = [MonitoringField.WaterEvaporationMm];

    private sealed record Resolved(
        PerEcosystemValue TranspirationHeat, ResolvedValue LatentHeat, ResolvedValue AcEfficiency, ResolvedValue WaterDensity,
        ResolvedValue HumidifierKwh, decimal? HumidifierThreshold, ResolvedValue ElectricityPrice);

    private readonly PerTable<Resolved> _resolved = new(p => new Resolved(
        p.ResolveForEcosystem("transpiration_heat_kj_per_m2_day"), p.Resolve("latent_heat_j_per_g"), p.Resolve("ac_efficiency_ratio"),
        p.Resolve("water_density_kg_per_m3"), p.Resolve("humidifier_kwh_per_m3"), p["humidifier_rh_threshold_pct"].Value,
        p.Resolve("electricity_price_cny_per_kwh")));

    public override IndicatorResult Compute(AccountingUnit unit, ParameterSet parameters)
    {
        var rp = _resolved.For(parameters);
        var energy = unit.Ecosystem == Ecosystem.Wetland ? WaterSurface(unit, rp) : Vegetation(unit, rp);
        if (energy.Missing is { } missing)
        {
            return missing;
        }
        double kwh = energy.Energy.KilowattHours;
        return IndicatorResult.Computed(kwh, IndicatorResult.Price(kwh, rp.ElectricityPrice.Decimal), energy.Warning);
    }

    private static (Energy Energy, IndicatorResult? Missing, string? Warning) Vegetation(AccountingUnit unit, Resolved p)
    {
        if (RequireAll(unit, Days) is { } noDays)
        {
            return (default, noDays, null);
        }
        var (epp, key) = p.TranspirationHeat[unit.Ecosystem, unit.Subtype];
        double eppKjPerM2Day;
        if (epp is { } table)
        {
            eppKjPerM2Day = (double)table;
        }
        else if (unit.Monitoring[MonitoringField.EvapotranspirationMm] is { } etMm)
        {
            // 1 mm over 1 m² is 1 kg of water; J/g equals kJ/kg.
            eppKjPerM2Day = etMm / 365d * p.LatentHeat.Double;
        }
        else
        {
            return (default, IndicatorResult.NotComputed($"missing evapotranspiration_mm and no value for {key}"), null);
        }
        var heat = Energy.FromKilojoules(eppKjPerM2Day * unit.Area.SquareMetres * V(unit, MonitoringField.DaysAbove26C));
        return (Energy.FromKilowattHours(heat.KilowattHours / p.AcEfficiency.Double), null, null);
    }

    private static (Energy Energy, IndicatorResult? Missing, string? Warning) WaterSurface(AccountingUnit unit, Resolved p)
    {
        if (RequireAll(unit, Evaporation) is { } noEvaporation)
        {
            return (default, noEvaporation, null);
        }
        double evaporatedM3 = unit.Area.TimesDepthMillimetres(V(unit, MonitoringField.WaterEvaporationMm)).CubicMetres;
        // kg × kJ/kg = kJ; / 3600 = kWh.
        var cooling = Energy.FromKilojoules(evaporatedM3 * p.WaterDensity.Double * p.LatentHeat.Double);
        var humidifying = Energy.FromKilowattHours(evaporatedM3 * p.HumidifierKwh.Double);
        string? warning = null;
        if (p.HumidifierThreshold is { } threshold)
        {
            if (unit.Monitoring[MonitoringField.RelativeHumidityPct] is { } rh)
            {
                if (rh >= (double)threshold)
                {
                    humidifying = Energy.FromKilowattHours(0);
                }
            }
            else
            {
                humidifying = Energy.FromKilowattHours(0);
                warning = $"humidifier_rh_threshold_pct is set but relative_humidity_pct is missing; the humidifying term is left out";
            }
        }
        return (cooling + humidifying, null, warning);
    }
}
