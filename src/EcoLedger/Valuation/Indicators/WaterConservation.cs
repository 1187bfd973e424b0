using System.Runtime.CompilerServices;
using EcoLedger.IO;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation.Indicators;

/// <summary>Water conservation (水源涵养): the water balance the ecosystem holds back, valued at reservoir construction cost.</summary>
/// <remarks>Q (m³) = A (ha) × (P − R − ET) (mm) × 10, negative clamped to 0; R measured, or P × α/100 by ecosystem.
/// V = Q × reservoir_cost_cny_per_m3. Source: G17 (白玛卓嘎 et al. 2017); α from 龚诗涵 et al. 2017.
/// See methodology/indicators/water_conservation.md.</remarks>
public sealed class WaterConservation : UnitIndicator
{
    public override string Code => "water_conservation";
    public override string NameEn => "Water conservation";
    public override string NameZh => "水源涵养";
    public override ServiceCategory Category => ServiceCategory.Regulating;
    public override IReadOnlyList<Ecosystem> Ecosystems { get; } = [Ecosystem.Forest, Ecosystem.Shrub, Ecosystem.Grassland, Ecosystem.Wetland];
    public override string QuantityUnit => "m3";
    public override string Formula => "Q = A_ha × (P − R − ET) × 10 m³ (≥ 0; R = P × α/100 when not measured); V = Q × reservoir_cost";
    public override IReadOnlyList<string> ParameterKeys { get; } = ["reservoir_cost_cny_per_m3", "runoff_coefficient_pct.*"];
    /// <inheritdoc />
    public override string InputGroups =>
        "precipitation_mm and evapotranspiration_mm required; storm_runoff_mm optional (else P × runoff_coefficient_pct of the ecosystem)";

    /// <inheritdoc />
    public override IReadOnlyList<string> Sources { get; } = ["G17: 白玛卓嘎 et al. 2017, 生态学报 37(19)", "龚诗涵 et al. 2017, 生态学报 37(7), Table 2 (runoff coefficients)"];

    public override IReadOnlyList<MonitoringField> Inputs { get; } =
        [MonitoringField.PrecipitationMm, MonitoringField.StormRunoffMm, MonitoringField.EvapotranspirationMm];

    private static readonly MonitoringField[] Balance = [MonitoringField.PrecipitationMm, MonitoringField.EvapotranspirationMm];

    private sealed record Resolved(ResolvedValue ReservoirCost, PerEcosystemValue RunoffCoefficient);

    private readonly PerTable<Resolved> _resolved = new(p => new Resolved(p.Resolve("reservoir_cost_cny_per_m3"), p.ResolveForEcosystem("runoff_coefficient_pct")));

    [MethodImpl(HotPath.Optimized)]
    public override IndicatorResult Compute(AccountingUnit unit, ParameterSet parameters)
    {
        var rp = _resolved.For(parameters);
        if (RequireAll(unit, Balance) is { } missing)
        {
            return missing;
        }
        double p = V(unit, MonitoringField.PrecipitationMm);
        double et = V(unit, MonitoringField.EvapotranspirationMm);
        double r;
        if (unit.Monitoring[MonitoringField.StormRunoffMm] is { } measured)
        {
            r = measured;
        }
        else
        {
            var (alpha, key) = rp.RunoffCoefficient[unit.Ecosystem, unit.Subtype];
            if (alpha is null)
            {
                return IndicatorResult.NotComputed($"missing storm_runoff_mm and no value for {key}");
            }
            r = p * (double)alpha.Value / 100d;
        }
        double balanceMm = p - r - et;
        string? warning = null;
        if (balanceMm < 0)
        {
            warning = $"water balance P − R − ET = {balanceMm:0.###} mm is negative; water conservation reported as 0";
            balanceMm = 0;
        }
        double q = unit.Area.TimesDepthMillimetres(balanceMm).CubicMetres;
        return IndicatorResult.Computed(q, IndicatorResult.Price(q, rp.ReservoirCost.Decimal), warning);
    }
}
