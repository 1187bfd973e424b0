using EcoLedger.Quantities;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation.Indicators;

/// <summary>Flood regulation (洪水调蓄) by lakes, reservoirs and marshes, valued at reservoir construction cost.</summary>
/// <remarks>Lake: Q (10⁴ m³) = e^a · A_km²^b · T (T = lake_turnover_per_year); reservoir: Q = share × total storage;
/// marsh: Q = detention depth × A. V = Q × reservoir_cost. Sources: G17, J17. See methodology/indicators/flood_regulation.md.</remarks>
public sealed class FloodRegulation : UnitIndicator
{
    public override string Code => "flood_regulation";
    public override string NameEn => "Flood regulation";
    public override string NameZh => "洪水调蓄";
    public override ServiceCategory Category => ServiceCategory.Regulating;
    public override IReadOnlyList<Ecosystem> Ecosystems { get; } = [Ecosystem.Wetland];
    public override string QuantityUnit => "m3";
    public override string Formula => "lake: Q = e^a·A_km²^b·T ×10⁴ m³; reservoir: Q = share × storage; marsh: Q = depth × A; V = Q × reservoir_cost";
    public override IReadOnlyList<string> ParameterKeys { get; } =
        ["lake_regression_a", "lake_regression_b", "reservoir_flood_share", "marsh_detention_depth_m", "reservoir_cost_cny_per_m3"];
    public override IReadOnlyList<MonitoringField> Inputs { get; } = [MonitoringField.LakeTurnoverPerYear, MonitoringField.ReservoirStorageM3];

    /// <summary>Rivers are not given a flood-storage method by the reference; they are outside this indicator.</summary>
    public override bool AppliesTo(Ecosystem ecosystem, EcosystemSubtype subtype) =>
        ecosystem == Ecosystem.Wetland && subtype != EcosystemSubtype.River;

    private static readonly MonitoringField[] Turnover = [MonitoringField.LakeTurnoverPerYear];
    private static readonly MonitoringField[] Storage = [MonitoringField.ReservoirStorageM3];

    private sealed record Resolved(ResolvedValue LakeA, ResolvedValue LakeB, ResolvedValue ReservoirShare, ResolvedValue MarshDepth, ResolvedValue ReservoirCost);

    private readonly PerTable<Resolved> _resolved = new(p => new Resolved(
        p.Resolve("lake_regression_a"), p.Resolve("lake_regression_b"), p.Resolve("reservoir_flood_share"),
        p.Resolve("marsh_detention_depth_m"), p.Resolve("reservoir_cost_cny_per_m3")));

    public override IndicatorResult Compute(AccountingUnit unit, ParameterSet parameters)
    {
        var rp = _resolved.For(parameters);
        WaterVolume storage;
        switch (unit.Subtype)
        {
            case EcosystemSubtype.Lake:
                if (RequireAll(unit, Turnover) is { } noTurnover)
                {
                    return noTurnover;
                }
                double a = rp.LakeA.Double, b = rp.LakeB.Double;
                storage = WaterVolume.FromTenThousandCubicMetres(
                    Math.Exp(a) * Math.Pow(unit.Area.SquareKilometres, b) * V(unit, MonitoringField.LakeTurnoverPerYear));
                break;
            case EcosystemSubtype.Reservoir:
                if (RequireAll(unit, Storage) is { } noStorage)
                {
                    return noStorage;
                }
                storage = WaterVolume.FromCubicMetres(rp.ReservoirShare.Double * V(unit, MonitoringField.ReservoirStorageM3));
                break;
            case EcosystemSubtype.Marsh:
                storage = WaterVolume.FromCubicMetres(rp.MarshDepth.Double * unit.Area.SquareMetres);
                break;
            default:
                return IndicatorResult.NotComputed("missing subtype: flood regulation needs a wetland subtype of lake, reservoir or marsh");
        }
        return IndicatorResult.Computed(storage.CubicMetres, IndicatorResult.Price(storage.CubicMetres, rp.ReservoirCost.Decimal));
    }
}
