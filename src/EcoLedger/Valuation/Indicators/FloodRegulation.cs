using System.Runtime.CompilerServices;
using EcoLedger.IO;
using EcoLedger.Quantities;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation.Indicators;

/// <summary>Flood regulation (洪水调蓄) by lakes, reservoirs and marshes, valued at reservoir construction cost.</summary>
/// <remarks>Lake: Q (10⁴ m³) = e^a · A_km²^b · T with A the lake's <em>total</em> area (G17: "A 为湖泊总面积") and
/// T = lake_turnover_per_year; a and b belong to the unit's <c>lake_region</c>. With b &lt; 1 the regression is not
/// additive, so the engine applies it once per water body (<c>water_body_id</c>) and allocates the result to the lake's
/// units by area; <see cref="Compute"/> values a single unit as a whole lake. Reservoir: Q = share × total storage;
/// marsh: Q = detention depth × A. V = Q × reservoir_cost. Sources: G17, J17. See methodology/indicators/flood_regulation.md.</remarks>
public sealed class FloodRegulation : UnitIndicator
{
    public override string Code => "flood_regulation";
    public override string NameEn => "Flood regulation";
    public override string NameZh => "洪水调蓄";
    public override ServiceCategory Category => ServiceCategory.Regulating;
    public override IReadOnlyList<Ecosystem> Ecosystems { get; } = [Ecosystem.Wetland];
    public override string QuantityUnit => "m3";
    public override string Formula => "lake: Q = e^a·A_km²^b·T ×10⁴ m³ per water body (A = whole lake), allocated by area; reservoir: Q = share × storage; marsh: Q = depth × A; V = Q × reservoir_cost";
    public override IReadOnlyList<string> ParameterKeys { get; } =
        ["lake_regression_a.*", "lake_regression_b.*", "reservoir_flood_share", "marsh_detention_depth_m", "reservoir_cost_cny_per_m3"];
    public override IReadOnlyList<MonitoringField> Inputs { get; } = [MonitoringField.LakeTurnoverPerYear, MonitoringField.ReservoirStorageM3];

    /// <inheritdoc />
    public override string InputGroups =>
        "lake: lake_turnover_per_year and lake_region required, water_body_id (units of one lake share it); reservoir: reservoir_storage_m3; marsh: area only";

    /// <inheritdoc />
    public override IReadOnlyList<string> Sources { get; } =
        ["G17: 白玛卓嘎 et al. 2017, 生态学报 37(19)", "J17: 江波 et al. 2017, 生态学报 37(8)"];

    /// <summary>The lake regions of the regression's coefficient table (<c>lake_regression_a.REGION</c>), in table order.</summary>
    public static IReadOnlyList<string> LakeRegions { get; } =
        ["tibetan_plateau", "eastern_plain", "northeast_plain_mountain", "inner_mongolia_xinjiang", "yunnan_guizhou"];

    /// <summary>Rivers are not given a flood-storage method by the reference; they are outside this indicator.</summary>
    public override bool AppliesTo(Ecosystem ecosystem, EcosystemSubtype subtype) =>
        ecosystem == Ecosystem.Wetland && subtype != EcosystemSubtype.River;

    private static readonly MonitoringField[] Turnover = [MonitoringField.LakeTurnoverPerYear];
    private static readonly MonitoringField[] Storage = [MonitoringField.ReservoirStorageM3];

    private sealed record Resolved(ResolvedValue ReservoirShare, ResolvedValue MarshDepth, ResolvedValue ReservoirCost);

    private readonly PerTable<Resolved> _resolved = new(p => new Resolved(
        p.Resolve("reservoir_flood_share"), p.Resolve("marsh_detention_depth_m"), p.Resolve("reservoir_cost_cny_per_m3")));

    /// <summary>
    /// The regression coefficients of a lake region, or why there are none: the region is missing, unknown, or has no
    /// sourced coefficients in the table (the user must set them).
    /// </summary>
    public static (double A, double B, string? Missing) LakeCoefficients(ParameterSet parameters, string? lakeRegion)
    {
        if (lakeRegion is null)
        {
            return (0, 0, $"missing lake_region (one of {string.Join(", ", LakeRegions)}): the lake regression's coefficients differ by region");
        }
        if (!LakeRegions.Contains(lakeRegion))
        {
            return (0, 0, $"lake_region '{lakeRegion}' is not one of {string.Join(", ", LakeRegions)}");
        }
        var a = parameters[$"lake_regression_a.{lakeRegion}"].Value;
        var b = parameters[$"lake_regression_b.{lakeRegion}"].Value;
        if (a is null || b is null)
        {
            return (0, 0, $"no value for lake_regression_a.{lakeRegion} and lake_regression_b.{lakeRegion}: no sourced coefficients for this lake region are in the table; set them");
        }
        return ((double)a, (double)b, null);
    }

    /// <summary>The flood storage of a whole lake: e^a · A_km²^b · T × 10⁴ m³.</summary>
    public static WaterVolume LakeStorage(double a, double b, double lakeAreaKm2, double turnoverPerYear) =>
        WaterVolume.FromTenThousandCubicMetres(Math.Exp(a) * Math.Pow(lakeAreaKm2, b) * turnoverPerYear);

    /// <summary>The reservoir construction cost per m³ (the lake value in the engine uses it too).</summary>
    public decimal ReservoirCost(ParameterSet parameters) => _resolved.For(parameters).ReservoirCost.Decimal;

    /// <summary>Computes one unit; a lake unit is valued as a whole lake (the engine aggregates units of one water body first).</summary>
    [MethodImpl(HotPath.Optimized)]
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
                var (a, b, missing) = LakeCoefficients(parameters, unit.LakeRegion);
                if (missing is not null)
                {
                    return IndicatorResult.NotComputed(missing);
                }
                storage = LakeStorage(a, b, unit.Area.SquareKilometres, V(unit, MonitoringField.LakeTurnoverPerYear));
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
