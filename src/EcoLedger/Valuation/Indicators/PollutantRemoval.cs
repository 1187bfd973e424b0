using System.Runtime.CompilerServices;
using EcoLedger.IO;
using EcoLedger.Valuation.Accounting;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation.Indicators;

/// <summary>
/// Pollutant loads in tonnes, one per pollutant of an indicator (air: SO₂, NOx, dust; water: COD, NH₃-N, TP);
/// NaN where the pollutant is not computed.
/// </summary>
public readonly record struct PollutantLoads(double First, double Second, double Third)
{
    /// <summary>Load by index 0–2.</summary>
    public double this[int i] => i switch { 0 => First, 1 => Second, 2 => Third, _ => throw new ArgumentOutOfRangeException(nameof(i)) };

    /// <summary>Loads with each one scaled by its own factor.</summary>
    public PollutantLoads Scaled(double f0, double f1, double f2) => new(First * f0, Second * f1, Third * f2);

    /// <summary>Total tonnes of the computed pollutants.</summary>
    public double TotalTonnes => (double.IsNaN(First) ? 0 : First) + (double.IsNaN(Second) ? 0 : Second) + (double.IsNaN(Third) ? 0 : Third);

    /// <summary>True when at least one pollutant is computed.</summary>
    public bool AnyComputed => !double.IsNaN(First) || !double.IsNaN(Second) || !double.IsNaN(Third);
}

/// <summary>
/// Shared shape of air and water purification: per-area capacity × area for each pollutant, optionally capped by the
/// region's actual emissions or discharges, valued at abatement cost.
/// </summary>
public abstract class PollutantRemoval : UnitIndicator
{
    /// <summary>Pollutant codes, in the order of <see cref="PollutantLoads"/>.</summary>
    public abstract IReadOnlyList<string> Pollutants { get; }

    private sealed record Resolved(PerEcosystemValue[] Capacities, ResolvedValue[] Costs);

    private PerTable<Resolved> _resolved => field ??= new(p => new Resolved(
        Pollutants.Select(x => p.ResolveForEcosystem($"{x}_capacity_kg_per_ha")).ToArray(),
        Pollutants.Select(x => p.Resolve($"{x}_cost_cny_per_t")).ToArray()));

    /// <summary>The region statistics kind that caps this indicator.</summary>
    public abstract RegionStatKind CapKind { get; }

    /// <inheritdoc />
    public override string QuantityUnit => "t";

    /// <summary>Capacity × area for each pollutant that has a capacity value for the unit's ecosystem.</summary>
    [MethodImpl(HotPath.Optimized)]
    public PollutantLoads CapacityLoads(AccountingUnit unit, ParameterSet parameters)
    {
        var capacities = _resolved.For(parameters).Capacities;
        Span<double> loads = stackalloc double[3];
        for (int i = 0; i < 3; i++)
        {
            var (capacity, _) = capacities[i][unit.Ecosystem, unit.Subtype];
            loads[i] = capacity is { } kgPerHa ? (double)kgPerHa * unit.Area.Hectares / 1000d : double.NaN;
        }
        return new PollutantLoads(loads[0], loads[1], loads[2]);
    }

    /// <summary>Σ load × abatement cost over the computed pollutants.</summary>
    [MethodImpl(HotPath.Optimized)]
    public decimal Value(PollutantLoads loads, ParameterSet parameters)
    {
        var costs = _resolved.For(parameters).Costs;
        decimal value = 0m;
        for (int i = 0; i < 3; i++)
        {
            if (!double.IsNaN(loads[i]))
            {
                value += IndicatorResult.Price(loads[i], costs[i].Decimal);
            }
        }
        return value;
    }

    /// <summary>Uncapped capacity-based result.</summary>
    [MethodImpl(HotPath.Optimized)]
    public override IndicatorResult Compute(AccountingUnit unit, ParameterSet parameters)
    {
        var loads = CapacityLoads(unit, parameters);
        if (!loads.AnyComputed)
        {
            return IndicatorResult.NotComputed($"no capacity value for {unit.Ecosystem.Code()} in {string.Join(", ", Pollutants.Select(p => $"{p}_capacity_kg_per_ha.*"))}");
        }
        return IndicatorResult.Computed(loads.TotalTonnes, Value(loads, parameters));
    }
}

/// <summary>Air purification (空气净化): SO₂, NOx and dust absorbed or retained by vegetation, valued at abatement cost.</summary>
/// <remarks>Default: Q_i (t) = capacity_i (kg/ha/yr) × A (ha) / 1000, capped by the region's emission where an
/// emission_cap row is given; a pollutant without capacities but with an emission row is counted as the emission.
/// Emissions method (G17): Q_i = the region's emission, allocated by area. V = Σ Q_i × c_i. Capacities: 缪建群 et al. 2017;
/// costs and the emissions method: G17. The engine applies the region-level steps (see <see cref="GepEngine"/>).
/// See methodology/indicators/air_purification.md.</remarks>
public sealed class AirPurification : PollutantRemoval
{
    public override string Code => "air_purification";
    public override string NameEn => "Air purification";
    public override string NameZh => "空气净化";
    public override ServiceCategory Category => ServiceCategory.Regulating;
    public override IReadOnlyList<Ecosystem> Ecosystems { get; } = [Ecosystem.Forest, Ecosystem.Shrub, Ecosystem.Grassland];
    public override IReadOnlyList<string> Pollutants { get; } = RegionStatistics.AirPollutants;
    public override RegionStatKind CapKind => RegionStatKind.EmissionCap;
    public override string Formula => "Q = Σ capacity_i × A_ha (SO₂, NOx, dust; capped by region emissions) t; V = Σ Q_i × abatement cost_i";
    public override IReadOnlyList<string> ParameterKeys { get; } =
        ["so2_capacity_kg_per_ha.*", "nox_capacity_kg_per_ha.*", "dust_capacity_kg_per_ha.*", "so2_cost_cny_per_t", "nox_cost_cny_per_t", "dust_cost_cny_per_t"];
    public override IReadOnlyList<MonitoringField> Inputs { get; } = [];

    /// <inheritdoc />
    public override string InputGroups =>
        "region statistics rows kind emission_cap (so2, nox, dust, t): cap the capacities (default method) or are the purified amounts (emissions method); capacities from the parameter table";

    /// <inheritdoc />
    public override IReadOnlyList<string> Sources { get; } =
        ["G17: 白玛卓嘎 et al. 2017, 生态学报 37(19) (costs; emissions method)", "缪建群 et al. 2017, 生态学报 37(19), Table 1 (forest and shrub capacities)", "包蕊 et al. 2018 (grassland dust)"];
}

/// <summary>Water purification (水质净化) by wetlands: COD, NH₃-N and TP removed, valued at treatment cost.</summary>
/// <remarks>Default (G17): the purified amount is the region's discharged load (discharge_cap rows), allocated to
/// wetland units by area. With per-area capacities set in the parameters: Q_i = capacity_i × A, capped by the
/// discharged load. V = Σ Q_i × c_i. See methodology/indicators/water_purification.md.</remarks>
public sealed class WaterPurification : PollutantRemoval
{
    public override string Code => "water_purification";
    public override string NameEn => "Water purification";
    public override string NameZh => "水质净化";
    public override ServiceCategory Category => ServiceCategory.Regulating;
    public override IReadOnlyList<Ecosystem> Ecosystems { get; } = [Ecosystem.Wetland];
    public override IReadOnlyList<string> Pollutants { get; } = RegionStatistics.WaterPollutants;
    public override RegionStatKind CapKind => RegionStatKind.DischargeCap;
    public override string Formula => "Q = region discharge load allocated by wetland area, or Σ capacity_i × A_ha capped by it, t; V = Σ Q_i × treatment cost_i";
    public override IReadOnlyList<string> ParameterKeys { get; } =
        ["cod_capacity_kg_per_ha.wetland", "nh3n_capacity_kg_per_ha.wetland", "tp_capacity_kg_per_ha.wetland", "cod_cost_cny_per_t", "nh3n_cost_cny_per_t", "tp_cost_cny_per_t"];
    public override IReadOnlyList<MonitoringField> Inputs { get; } = [];

    /// <inheritdoc />
    public override string InputGroups => "region statistics rows kind discharge_cap (cod, nh3n, tp, t); per-area capacities optional in the parameter table";

    /// <inheritdoc />
    public override IReadOnlyList<string> Sources { get; } = ["G17: 白玛卓嘎 et al. 2017, 生态学报 37(19) (discharged loads as purified amounts; costs)"];
}
