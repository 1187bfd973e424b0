using System.Runtime.CompilerServices;
using EcoLedger.IO;
using EcoLedger.Quantities;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation.Indicators;

/// <summary>Climate regulation (气候调节): cooling by plant transpiration and humidifying by water-surface evaporation,
/// valued as the electricity an air conditioner or humidifier would use.</summary>
/// <remarks>
/// Vegetation (forest, shrub, grassland): E (kWh) = EPP (kJ/m²/day) × A (m²) × D / (3600 × r), where EPP is the heat
/// absorbed by vegetation transpiration on the D days the air conditioner would run (daily maximum above 26 °C).
/// EPP comes, in this order, from (a) a per-ecosystem table value <c>transpiration_heat_kj_per_m2_day.*</c> (no sourced
/// default exists, so the table is empty unless the user sets it) with <c>days_above_26c</c>; (b) the unit's measured or
/// modelled canopy transpiration summed over the hot days, <c>transpiration_mm_hot_days</c>: EPP × D = T × latent heat
/// (1 mm over 1 m² is 1 kg; J/g = kJ/kg); (c) only when the run opts in, all of ET spread over the year,
/// EPP = ET/365 × latent heat, with a warning on every unit. Water surface (wetland): E = E_w·ρ_w·q/3600 [/ r when
/// <c>water_surface_ac_efficiency_applied</c> is 1] + E_w·γ. V = E × electricity price.
/// Sources: 陆地生态系统生产总值（GEP）核算技术指南 (2020) and 生态产品总值核算规范（试行） (2022) for the
/// formulas; G17 (白玛卓嘎 et al. 2017) for r = 3.0, q = 2,450 J/g, γ = 120 kWh/m³ and the water-surface term without r.
/// See methodology/indicators/climate_regulation.md.
/// </remarks>
public sealed class ClimateRegulation(bool allowEtFallback = false) : UnitIndicator
{
    /// <summary>True when the run lets units without a transpiration input fall back to all of ET.</summary>
    public bool AllowEtFallback { get; } = allowEtFallback;

    public override string Code => "climate_regulation";
    public override string NameEn => "Climate regulation";
    public override string NameZh => "气候调节";
    public override ServiceCategory Category => ServiceCategory.Regulating;
    public override IReadOnlyList<Ecosystem> Ecosystems { get; } = [Ecosystem.Forest, Ecosystem.Shrub, Ecosystem.Grassland, Ecosystem.Wetland];
    public override string QuantityUnit => "kWh";
    public override string Formula => "vegetation: E = EPP × A_m² × D / (3600 × r), EPP × D = transpiration on hot days × latent heat; water: E = E_w × ρ_w × q / 3600 + E_w × γ; V = E × electricity price";
    public override IReadOnlyList<string> ParameterKeys { get; } =
        ["transpiration_heat_kj_per_m2_day.*", "ac_efficiency_ratio", "latent_heat_j_per_g", "water_density_kg_per_m3", "humidifier_kwh_per_m3", "humidifier_rh_threshold_pct", "water_surface_ac_efficiency_applied", "electricity_price_cny_per_kwh"];
    public override IReadOnlyList<MonitoringField> Inputs { get; } =
        [MonitoringField.TranspirationMmHotDays, MonitoringField.DaysAbove26C, MonitoringField.EvapotranspirationMm, MonitoringField.WaterEvaporationMm, MonitoringField.RelativeHumidityPct];

    /// <inheritdoc />
    public override string InputGroups =>
        "vegetation: transpiration_mm_hot_days, or a transpiration_heat_kj_per_m2_day table value with days_above_26c " +
        "(evapotranspiration_mm with days_above_26c only when the ET fallback is allowed); water surface: water_evaporation_mm " +
        "(relative_humidity_pct when humidifier_rh_threshold_pct is set)";

    /// <inheritdoc />
    public override IReadOnlyList<string> Sources { get; } =
        ["陆地生态系统生产总值（GEP）核算技术指南 (2020); 生态产品总值核算规范（试行） (2022) (formulas)", "G17: 白玛卓嘎 et al. 2017, 生态学报 37(19) (r, q, γ, electricity price; water term without r)"];

    /// <summary>The warning every unit valued by the ET fallback carries.</summary>
    public const string EtFallbackWarning =
        "transpiration heat derived from all of evapotranspiration_mm (EPP = ET/365 × latent heat), an opted-in fallback: " +
        "ET adds soil and interception evaporation and is spread evenly over the year, so the figure overstates the service";

    private const string NoTranspiration =
        "missing transpiration_mm_hot_days (no transpiration_heat_kj_per_m2_day value is set for the ecosystem and the evapotranspiration fallback is not allowed)";

    private const string NoTranspirationOrEt =
        "missing transpiration_mm_hot_days and evapotranspiration_mm (no transpiration_heat_kj_per_m2_day value is set for the ecosystem)";

    private static readonly MonitoringField[] Days = [MonitoringField.DaysAbove26C];
    private static readonly MonitoringField[] Evaporation = [MonitoringField.WaterEvaporationMm];

    private sealed record Resolved(
        PerEcosystemValue TranspirationHeat, ResolvedValue LatentHeat, ResolvedValue AcEfficiency, ResolvedValue WaterDensity,
        ResolvedValue HumidifierKwh, decimal? HumidifierThreshold, bool WaterSurfaceDividedByR, ResolvedValue ElectricityPrice);

    private readonly PerTable<Resolved> _resolved = new(p => new Resolved(
        p.ResolveForEcosystem("transpiration_heat_kj_per_m2_day"), p.Resolve("latent_heat_j_per_g"), p.Resolve("ac_efficiency_ratio"),
        p.Resolve("water_density_kg_per_m3"), p.Resolve("humidifier_kwh_per_m3"), p["humidifier_rh_threshold_pct"].Value,
        p.Value("water_surface_ac_efficiency_applied") != 0m, p.Resolve("electricity_price_cny_per_kwh")));

    [MethodImpl(HotPath.Optimized)]
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

    private (Energy Energy, IndicatorResult? Missing, string? Warning) Vegetation(AccountingUnit unit, Resolved p)
    {
        double areaM2 = unit.Area.SquareMetres;
        Energy heat;
        string? warning = null;
        var (epp, _) = p.TranspirationHeat[unit.Ecosystem, unit.Subtype];
        if (epp is { } table)
        {
            // (a) EPP table value (kJ/m²/day) × A × D.
            if (RequireAll(unit, Days) is { } noDays)
            {
                return (default, noDays, null);
            }
            heat = Energy.FromKilojoules((double)table * areaM2 * V(unit, MonitoringField.DaysAbove26C));
        }
        else if (unit.Monitoring[MonitoringField.TranspirationMmHotDays] is { } transpirationMm)
        {
            // (b) Σ over the hot days of transpiration (mm = kg/m²) × latent heat (J/g = kJ/kg) × A.
            heat = Energy.FromKilojoules(transpirationMm * p.LatentHeat.Double * areaM2);
        }
        else if (AllowEtFallback)
        {
            if (unit.Monitoring[MonitoringField.EvapotranspirationMm] is not { } etMm)
            {
                return (default, IndicatorResult.NotComputed(NoTranspirationOrEt), null);
            }
            if (RequireAll(unit, Days) is { } noDays)
            {
                return (default, noDays, null);
            }
            // (c) EPP = ET/365 × latent heat, × A × D.
            heat = Energy.FromKilojoules(etMm / 365d * p.LatentHeat.Double * areaM2 * V(unit, MonitoringField.DaysAbove26C));
            warning = EtFallbackWarning;
        }
        else
        {
            return (default, IndicatorResult.NotComputed(NoTranspiration), null);
        }
        return (Energy.FromKilowattHours(heat.KilowattHours / p.AcEfficiency.Double), null, warning);
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
        if (p.WaterSurfaceDividedByR)
        {
            cooling = Energy.FromKilowattHours(cooling.KilowattHours / p.AcEfficiency.Double);
        }
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
