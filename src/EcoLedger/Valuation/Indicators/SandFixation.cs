using System.Runtime.CompilerServices;
using EcoLedger.IO;
using EcoLedger.Quantities;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation.Indicators;

/// <summary>Sand fixation (防风固沙): wind erosion prevented, valued at the cost of controlling the sand cover it would form.</summary>
/// <remarks>Q (t) = A_ha × (potential − actual wind erosion) (RWEQ, t/ha); area of cover = Q / (ρ_sand · h) m²;
/// V = area × control cost per m². Source: G17. See methodology/indicators/sand_fixation.md.</remarks>
public sealed class SandFixation : UnitIndicator
{
    public override string Code => "sand_fixation";
    public override string NameEn => "Sand fixation";
    public override string NameZh => "防风固沙";
    public override ServiceCategory Category => ServiceCategory.Regulating;
    public override IReadOnlyList<Ecosystem> Ecosystems { get; } = [Ecosystem.Forest, Ecosystem.Shrub, Ecosystem.Grassland];
    public override string QuantityUnit => "t";
    public override string Formula => "Q = A_ha × (potential − actual wind erosion) t; V = Q / (ρ_sand × h) m² × control cost per m²";
    public override IReadOnlyList<string> ParameterKeys { get; } =
        ["sand_bulk_density_t_per_m3", "sand_cover_depth_m", "sand_control_cost_cny_per_m2"];
    /// <inheritdoc />
    public override string InputGroups => "wind_erosion_potential_t_per_ha and wind_erosion_actual_t_per_ha (RWEQ) required";

    /// <inheritdoc />
    public override IReadOnlyList<string> Sources { get; } = ["G17: 白玛卓嘎 et al. 2017, 生态学报 37(19)"];

    public override IReadOnlyList<MonitoringField> Inputs { get; } =
        [MonitoringField.WindErosionPotentialTPerHa, MonitoringField.WindErosionActualTPerHa];

    private static readonly MonitoringField[] WindErosion = [MonitoringField.WindErosionPotentialTPerHa, MonitoringField.WindErosionActualTPerHa];

    private sealed record Resolved(ResolvedValue Density, ResolvedValue Depth, ResolvedValue Cost);

    private readonly PerTable<Resolved> _resolved = new(p => new Resolved(
        p.Resolve("sand_bulk_density_t_per_m3"), p.Resolve("sand_cover_depth_m"), p.Resolve("sand_control_cost_cny_per_m2")));

    [MethodImpl(HotPath.Optimized)]
    public override IndicatorResult Compute(AccountingUnit unit, ParameterSet parameters)
    {
        if (RequireAll(unit, WindErosion) is { } missing)
        {
            return missing;
        }
        double perHa = V(unit, MonitoringField.WindErosionPotentialTPerHa) - V(unit, MonitoringField.WindErosionActualTPerHa);
        string? warning = null;
        if (perHa < 0)
        {
            warning = $"actual wind erosion exceeds potential by {-perHa:0.###} t/ha; sand fixation reported as 0";
            perHa = 0;
        }
        var rp = _resolved.For(parameters);
        var fixedSand = Mass.FromTonnes(unit.Area.Hectares * perHa);
        double coverM2 = fixedSand.CubicMetresAtDensity(rp.Density.Double) / rp.Depth.Double;
        return IndicatorResult.Computed(fixedSand.Tonnes, IndicatorResult.Price(coverM2, rp.Cost.Decimal), warning);
    }
}
