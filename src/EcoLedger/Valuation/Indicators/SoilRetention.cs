using System.Runtime.CompilerServices;
using EcoLedger.IO;
using EcoLedger.Quantities;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation.Indicators;

/// <summary>Soil retention (土壤保持): erosion prevented, valued as avoided sediment dredging plus avoided N and P loss.</summary>
/// <remarks>Q (t) = A × (potential − actual erosion), or A × R·K·LS·(1 − C·P) from RUSLE factors.
/// V = λ·(Q/ρ)·c_dredge + Q·N%·c_N + Q·P%·c_P. Source: G17. See methodology/indicators/soil_retention.md.</remarks>
public sealed class SoilRetention : UnitIndicator
{
    private static readonly MonitoringField[] Rusle =
        [MonitoringField.RusleR, MonitoringField.RusleK, MonitoringField.RusleLs, MonitoringField.RusleC, MonitoringField.RusleP];

    private static readonly MonitoringField[] Measured =
        [MonitoringField.SoilErosionPotentialTPerHa, MonitoringField.SoilErosionActualTPerHa];

    public override string Code => "soil_retention";
    public override string NameEn => "Soil retention";
    public override string NameZh => "土壤保持";
    public override ServiceCategory Category => ServiceCategory.Regulating;
    public override IReadOnlyList<Ecosystem> Ecosystems { get; } = [Ecosystem.Forest, Ecosystem.Shrub, Ecosystem.Grassland];
    public override string QuantityUnit => "t";
    public override string Formula => "Q = A_ha × (potential − actual erosion) or A_ha × R·K·LS·(1 − C·P) t; V = λ·Q/ρ·c_dredge + Q·N%·c_N + Q·P%·c_P";
    public override IReadOnlyList<string> ParameterKeys { get; } =
        ["sediment_deposition_ratio", "soil_bulk_density_t_per_m3", "dredging_cost_cny_per_m3", "soil_n_fraction", "soil_p_fraction", "n_cost_cny_per_t", "p_cost_cny_per_t"];
    /// <inheritdoc />
    public override string InputGroups =>
        "one of: soil_erosion_potential_t_per_ha with soil_erosion_actual_t_per_ha; rusle_r, rusle_k, rusle_ls, rusle_c, rusle_p";

    /// <inheritdoc />
    public override IReadOnlyList<string> Sources { get; } = ["G17: 白玛卓嘎 et al. 2017, 生态学报 37(19)"];

    public override IReadOnlyList<MonitoringField> Inputs { get; } = [.. Measured, .. Rusle];

    [MethodImpl(HotPath.Optimized)]
    public override IndicatorResult Compute(AccountingUnit unit, ParameterSet parameters)
    {
        double perHa;
        string? groupWarning = null;
        if (RequireAll(unit, Measured) is not { } measuredMissing)
        {
            perHa = V(unit, MonitoringField.SoilErosionPotentialTPerHa) - V(unit, MonitoringField.SoilErosionActualTPerHa);
        }
        else if (RequireAll(unit, Rusle) is not { } rusleMissing)
        {
            perHa = V(unit, MonitoringField.RusleR) * V(unit, MonitoringField.RusleK) * V(unit, MonitoringField.RusleLs)
                    * (1 - V(unit, MonitoringField.RusleC) * V(unit, MonitoringField.RusleP));
            // A half-filled measured pair is still worth saying, even though RUSLE gave a figure.
            groupWarning = measuredMissing.Warning is { } w ? w + "; RUSLE factors used instead" : null;
        }
        else
        {
            // Prefer the message of the group the user started to fill in.
            bool startedMeasured = Measured.Any(unit.Monitoring.Has);
            return startedMeasured || !Rusle.Any(unit.Monitoring.Has)
                ? IndicatorResult.NotComputed(startedMeasured ? measuredMissing.NotComputedReason! : "missing soil_erosion_potential_t_per_ha and soil_erosion_actual_t_per_ha, or the RUSLE factors rusle_r, rusle_k, rusle_ls, rusle_c, rusle_p", measuredMissing.Warning)
                : rusleMissing;
        }
        string? warning = groupWarning;
        if (perHa < 0)
        {
            warning = $"actual soil erosion exceeds potential by {-perHa:0.###} t/ha; soil retention reported as 0";
            perHa = 0;
        }
        var retained = Mass.FromTonnes(unit.Area.Hectares * perHa);
        return IndicatorResult.Computed(retained.Tonnes, Value(retained, Resolutions.For(parameters)), warning);
    }

    /// <summary>The value of a retained soil mass: sediment dredging avoided plus nitrogen and phosphorus loss avoided.</summary>
    public static decimal Value(Mass retained, ParameterSet p) => Value(retained, Resolutions.For(p));

    private static decimal Value(Mass retained, Resolved p)
    {
        double sedimentM3 = p.DepositionRatio.Double * retained.CubicMetresAtDensity(p.BulkDensity.Double);
        decimal sediment = IndicatorResult.Price(sedimentM3, p.DredgingCost.Decimal);
        decimal tonnes = (decimal)retained.Tonnes; // as IndicatorResult.Price converts it, once for both prices
        decimal nitrogen = tonnes * p.NitrogenCostPerTonneOfSoil;
        decimal phosphorus = tonnes * p.PhosphorusCostPerTonneOfSoil;
        return sediment + nitrogen + phosphorus;
    }

    private sealed record Resolved(ResolvedValue DepositionRatio, ResolvedValue BulkDensity, ResolvedValue DredgingCost,
        ResolvedValue NFraction, ResolvedValue NCost, ResolvedValue PFraction, ResolvedValue PCost)
    {
        // Worked out once; when a factor has no value, reading falls back to the factors, which throw naming the key.
        private readonly decimal? _nitrogen = NFraction.OrNull * NCost.OrNull;
        private readonly decimal? _phosphorus = PFraction.OrNull * PCost.OrNull;

        public decimal NitrogenCostPerTonneOfSoil => _nitrogen ?? NFraction.Decimal * NCost.Decimal;

        public decimal PhosphorusCostPerTonneOfSoil => _phosphorus ?? PFraction.Decimal * PCost.Decimal;
    }

    private static readonly PerTable<Resolved> Resolutions = new(p => new Resolved(
        p.Resolve("sediment_deposition_ratio"), p.Resolve("soil_bulk_density_t_per_m3"), p.Resolve("dredging_cost_cny_per_m3"),
        p.Resolve("soil_n_fraction"), p.Resolve("n_cost_cny_per_t"), p.Resolve("soil_p_fraction"), p.Resolve("p_cost_cny_per_t")));
}
