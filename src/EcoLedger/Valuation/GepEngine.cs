using EcoLedger.IO;
using EcoLedger.Money;
using EcoLedger.Valuation.Indicators;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation;

/// <summary>
/// Computes GEP unit by unit in one streaming pass. Indicators that depend only on the unit are written at once;
/// those valued at region level (material products, recreation, region-capped air and water purification) need
/// region totals first, so the few numbers they need per unit are spilled to a temporary file and the rows are
/// written after the pass. Memory holds only per-region accumulators and the set of unit ids (for duplicates).
/// </summary>
/// <remarks>Rounding: each row's value is rounded to the fen, half away from zero; totals are sums of rounded rows, so
/// the unit file adds up exactly to the summary. Region totals are allocated with <see cref="ProportionalAllocator"/>,
/// so allocated unit values add up exactly to the region total. See methodology/README.md.</remarks>
public sealed class GepEngine
{
    private readonly ParameterSet _parameters;
    private readonly RegionStatistics _stats;
    private readonly UnitIndicator[][] _directByKind;
    private readonly AirPurification _air = new();
    private readonly WaterPurification _water = new();
    private readonly MaterialProducts _material = new();
    private readonly Recreation _recreation = new();
    private readonly bool _waterByCapacity;
    private readonly bool[] _airApplies;

    /// <summary>Creates an engine for one parameter table and set of region statistics.</summary>
    public GepEngine(ParameterSet parameters, RegionStatistics statistics)
    {
        _parameters = parameters;
        _stats = statistics;
        var direct = GepIndicators.All.OfType<UnitIndicator>().Where(i => i is not PollutantRemoval).ToArray();
        _directByKind = new UnitIndicator[Enum.GetValues<Ecosystem>().Length * Subtypes][];
        _airApplies = new bool[_directByKind.Length];
        foreach (var e in Enum.GetValues<Ecosystem>())
        {
            foreach (var st in Enum.GetValues<EcosystemSubtype>())
            {
                _directByKind[Kind(e, st)] = direct.Where(i => i.AppliesTo(e, st)).ToArray();
                _airApplies[Kind(e, st)] = _air.AppliesTo(e, st);
            }
        }
        _waterByCapacity = _water.Pollutants.Any(p => parameters[$"{p}_capacity_kg_per_ha.wetland"].Value is not null);
    }

    private static readonly int Subtypes = Enum.GetValues<EcosystemSubtype>().Length;

    private static int Kind(Ecosystem ecosystem, EcosystemSubtype subtype) => (int)ecosystem * Subtypes + (int)subtype;

    /// <summary>Rounds a value to the fen, half away from zero (the one rounding point of a row).</summary>
    public static decimal RoundToFen(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);

    /// <summary>Runs the accounting over a stream of units, sending every row, gap and warning to the sink.</summary>
    public void Run(IEnumerable<AccountingUnit> units, IGepSink sink) => Run(units, sink, onUnit: null);

    /// <summary>
    /// Runs the accounting over a stream of units, sending every row, gap and warning to the sink. The units are read
    /// and their own indicators computed on a background thread a few batches ahead (<see cref="ReadAhead"/>); the sink
    /// and <paramref name="onUnit"/> are called on the calling thread, in input order.
    /// </summary>
    /// <param name="units">The units; enumerated on a background thread.</param>
    /// <param name="sink">Receives rows, gaps and warnings.</param>
    /// <param name="onUnit">Called for each unit before its rows, or null.</param>
    public void Run(IEnumerable<AccountingUnit> units, IGepSink sink, Action<AccountingUnit>? onUnit)
    {
        var regionIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var regionNames = new List<string>();
        var regions = new List<RegionAccumulator>();
        string spillPath = Path.Combine(Path.GetTempPath(), $"ecoledger-spill-{Guid.NewGuid():N}.bin");
        try
        {
            using (var spill = new BinaryWriter(new FileStream(spillPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16)))
            {
                foreach (var evaluated in ReadAhead.Of(units.Select(Evaluate)))
                {
                    var unit = evaluated.Unit;
                    onUnit?.Invoke(unit);
                    if (!regionIndex.TryGetValue(unit.Region, out int region))
                    {
                        region = regions.Count;
                        regionIndex.Add(unit.Region, region);
                        regionNames.Add(unit.Region);
                        regions.Add(new RegionAccumulator());
                    }
                    EmitDirect(evaluated, sink);
                    regions[region].Add(unit, evaluated.Air, evaluated.Water);
                    Spill(spill, unit, region, evaluated.Air, evaluated.Water);
                }
            }
            var plans = regions.Select((acc, i) => new RegionPlan(this, regionNames[i], acc, sink)).ToArray();
            using var reader = new BinaryReader(new FileStream(spillPath, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16, FileOptions.SequentialScan));
            long length = reader.BaseStream.Length;
            while (reader.BaseStream.Position < length)
            {
                var s = ReadSpilled(reader, regionNames);
                plans[s.RegionIndex].Emit(s, sink);
            }
        }
        finally
        {
            File.Delete(spillPath);
        }
    }

    private bool AirApplies(Ecosystem ecosystem, EcosystemSubtype subtype) => _airApplies[Kind(ecosystem, subtype)];

    private bool WaterByCapacity(Ecosystem ecosystem) => ecosystem == Ecosystem.Wetland && _waterByCapacity;

    private static readonly PollutantLoads Nan3 = new(double.NaN, double.NaN, double.NaN);

    /// <summary>A unit with the results of the indicators computed from its own inputs (the part that runs ahead).</summary>
    private sealed record EvaluatedUnit(AccountingUnit Unit, UnitIndicator[] Indicators, IndicatorResult[] Results, PollutantLoads Air, PollutantLoads Water);

    private EvaluatedUnit Evaluate(AccountingUnit unit)
    {
        var indicators = _directByKind[Kind(unit.Ecosystem, unit.Subtype)];
        var results = new IndicatorResult[indicators.Length];
        for (int i = 0; i < indicators.Length; i++)
        {
            results[i] = indicators[i].Compute(unit, _parameters);
        }
        var air = AirApplies(unit.Ecosystem, unit.Subtype) ? _air.CapacityLoads(unit, _parameters) : Nan3;
        var water = WaterByCapacity(unit.Ecosystem) ? _water.CapacityLoads(unit, _parameters) : Nan3;
        return new EvaluatedUnit(unit, indicators, results, air, water);
    }

    private static void EmitDirect(EvaluatedUnit evaluated, IGepSink sink)
    {
        var unit = evaluated.Unit;
        for (int i = 0; i < evaluated.Indicators.Length; i++)
        {
            var indicator = evaluated.Indicators[i];
            ref readonly var result = ref evaluated.Results[i];
            if (result.Warning is { } w)
            {
                sink.Warning(new UnitWarning(unit.UnitId, indicator.Code, w));
            }
            if (result.IsComputed)
            {
                sink.Row(new GepRow(unit.UnitId, unit.Region, unit.Ecosystem, indicator.Code, result.Quantity, indicator.QuantityUnit, RoundToFen(result.ValueCny)));
            }
            else
            {
                sink.NotComputed(new NotComputed(unit.UnitId, indicator.Code, result.NotComputedReason!));
            }
        }
    }

    // A spilled unit: id, region index, ecosystem, subtype, area, visits (NaN when none), then the air loads when air
    // purification applies and the water loads when water purification is by capacity (both known from the kind).
    private void Spill(BinaryWriter w, AccountingUnit u, int region, PollutantLoads air, PollutantLoads water)
    {
        w.Write(u.UnitId);
        w.Write(region);
        w.Write((byte)u.Ecosystem);
        w.Write((byte)u.Subtype);
        w.Write(u.Area.Hectares);
        w.Write(u.Monitoring[MonitoringField.VisitsPerYear] ?? double.NaN);
        if (AirApplies(u.Ecosystem, u.Subtype))
        {
            WriteLoads(w, air);
        }
        if (WaterByCapacity(u.Ecosystem))
        {
            WriteLoads(w, water);
        }
    }

    private static void WriteLoads(BinaryWriter w, PollutantLoads loads)
    {
        w.Write(loads.First);
        w.Write(loads.Second);
        w.Write(loads.Third);
    }

    private static PollutantLoads ReadLoads(BinaryReader r) => new(r.ReadDouble(), r.ReadDouble(), r.ReadDouble());

    private SpilledUnit ReadSpilled(BinaryReader r, List<string> regionNames)
    {
        string unitId = r.ReadString();
        int region = r.ReadInt32();
        var ecosystem = (Ecosystem)r.ReadByte();
        var subtype = (EcosystemSubtype)r.ReadByte();
        double areaHa = r.ReadDouble();
        double visits = r.ReadDouble();
        var air = AirApplies(ecosystem, subtype) ? ReadLoads(r) : Nan3;
        var water = WaterByCapacity(ecosystem) ? ReadLoads(r) : Nan3;
        return new SpilledUnit(unitId, region, regionNames[region], ecosystem, subtype, areaHa, visits, air, water);
    }

    private readonly record struct SpilledUnit(string UnitId, int RegionIndex, string Region, Ecosystem Ecosystem, EcosystemSubtype Subtype, double AreaHa, double Visits, PollutantLoads Air, PollutantLoads Water);

    /// <summary>Per-region sums gathered during the pass.</summary>
    private sealed class RegionAccumulator
    {
        public readonly decimal[] AreaHaByEcosystem = new decimal[4];
        public decimal Visits;
        public readonly double[] AirLoads = new double[3];
        public readonly double[] WaterLoads = new double[3];

        public void Add(AccountingUnit u, PollutantLoads air, PollutantLoads water)
        {
            AreaHaByEcosystem[(int)u.Ecosystem] += (decimal)u.Area.Hectares;
            if (u.Monitoring[MonitoringField.VisitsPerYear] is { } v)
            {
                Visits += (decimal)v;
            }
            for (int i = 0; i < 3; i++)
            {
                AirLoads[i] += double.IsNaN(air[i]) ? 0 : air[i];
                WaterLoads[i] += double.IsNaN(water[i]) ? 0 : water[i];
            }
        }
    }

    /// <summary>What a region's units get from the region-level indicators, decided once the pass is complete.</summary>
    private sealed class RegionPlan
    {
        private readonly GepEngine _e;
        private readonly List<(RegionStatistic Item, ProportionalAllocator Allocator, bool[] SuppliedBy)> _materials = [];
        private readonly string? _materialGap;
        private readonly ProportionalAllocator? _recreation;
        private readonly bool _recreationByVisits;
        private readonly decimal _recreationVisits;
        private readonly decimal _recreationWeightTotal;
        private readonly string? _recreationGap;
        private readonly double[] _airScale = [1, 1, 1];
        private readonly double[] _waterScale = [1, 1, 1];
        private readonly ProportionalAllocator?[] _waterAllocators = new ProportionalAllocator?[3];
        private readonly decimal[] _waterLoads = new decimal[3];
        private readonly decimal _wetlandHa;
        private readonly string? _waterGap;

        public RegionPlan(GepEngine e, string region, RegionAccumulator acc, IGepSink sink)
        {
            _e = e;
            var p = e._parameters;
            // Material products: each item's value is allocated over the area of the ecosystems that supply it.
            var items = e._stats.Of(region, RegionStatKind.MaterialProduct);
            if (items.Count == 0)
            {
                _materialGap = e._stats.IsEmpty ? "no --region-stats given" : $"no material_product rows for region '{region}' in the region statistics";
            }
            foreach (var item in items)
            {
                decimal weight = Supplying(item).Sum(eco => acc.AreaHaByEcosystem[(int)eco]);
                var value = Money.Money.Cny(RoundToFen(item.Quantity * item.PricePerUnit!.Value));
                if (weight == 0m)
                {
                    sink.Warning(new UnitWarning("", e._material.Code,
                        $"region '{region}': material product '{item.Item}' ({value}) is not allocated: the region has no units of {string.Join(", ", Supplying(item).Select(x => x.Code()))}"));
                    continue;
                }
                var suppliedBy = new bool[EcosystemCodes.All.Count];
                foreach (var eco in Supplying(item))
                {
                    suppliedBy[(int)eco] = true;
                }
                _materials.Add((item, new ProportionalAllocator(value, weight), suppliedBy));
            }

            // Recreation: allocated by recorded visits, or by area when no unit of the region records any.
            var rec = e._stats.Of(region, RegionStatKind.Recreation);
            if (rec.Count == 0)
            {
                _recreationGap = e._stats.IsEmpty ? "no --region-stats given" : $"no recreation row for region '{region}' in the region statistics";
            }
            else
            {
                _recreationVisits = rec.Sum(r => r.Quantity);
                decimal total = rec.Sum(r => RoundToFen(r.Quantity * (r.PricePerUnit ?? p.Value("recreation_cost_cny_per_visit"))));
                _recreationByVisits = acc.Visits > 0m;
                _recreationWeightTotal = _recreationByVisits ? acc.Visits : acc.AreaHaByEcosystem.Sum();
                _recreation = new ProportionalAllocator(Money.Money.Cny(total), _recreationWeightTotal);
            }

            // Air purification: scale each pollutant down to the region's actual emissions where a cap is given.
            foreach (var cap in e._stats.Of(region, RegionStatKind.EmissionCap))
            {
                int i = Array.IndexOf(RegionStatistics.AirPollutants, cap.Item);
                if (acc.AirLoads[i] > (double)cap.Quantity)
                {
                    _airScale[i] = (double)cap.Quantity / acc.AirLoads[i];
                }
            }

            // Water purification: capacity × area capped by discharges, or (default) the discharged load itself by wetland area.
            var discharges = e._stats.Of(region, RegionStatKind.DischargeCap);
            _wetlandHa = acc.AreaHaByEcosystem[(int)Ecosystem.Wetland];
            if (e._waterByCapacity)
            {
                foreach (var cap in discharges)
                {
                    int i = Array.IndexOf(RegionStatistics.WaterPollutants, cap.Item);
                    if (acc.WaterLoads[i] > (double)cap.Quantity)
                    {
                        _waterScale[i] = (double)cap.Quantity / acc.WaterLoads[i];
                    }
                }
            }
            else if (discharges.Count == 0)
            {
                _waterGap = e._stats.IsEmpty
                    ? "no --region-stats given and no wetland purification capacities in the parameters"
                    : $"no discharge_cap rows for region '{region}' and no wetland purification capacities in the parameters";
            }
            else if (_wetlandHa > 0m)
            {
                foreach (var d in discharges)
                {
                    int i = Array.IndexOf(RegionStatistics.WaterPollutants, d.Item);
                    _waterLoads[i] = d.Quantity;
                    var value = RoundToFen(d.Quantity * p.Value($"{d.Item}_cost_cny_per_t"));
                    _waterAllocators[i] = new ProportionalAllocator(Money.Money.Cny(value), _wetlandHa);
                }
            }
            else
            {
                sink.Warning(new UnitWarning("", e._water.Code,
                    $"region '{region}': the discharged loads ({string.Join(", ", discharges.Select(d => d.Item))}) are not valued: the region has no wetland units"));
            }
        }

        private static IEnumerable<Ecosystem> Supplying(RegionStatistic item) => item.SuppliedBy.Count > 0 ? item.SuppliedBy : EcosystemCodes.All;

        public void Emit(in SpilledUnit u, IGepSink sink)
        {
            decimal areaHa = (decimal)u.AreaHa;
            EmitMaterial(u, areaHa, sink);
            EmitRecreation(u, areaHa, sink);
            if (_e.AirApplies(u.Ecosystem, u.Subtype))
            {
                EmitPollutants(_e._air, u, u.Air.Scaled(_airScale[0], _airScale[1], _airScale[2]), sink);
            }
            if (u.Ecosystem == Ecosystem.Wetland)
            {
                EmitWater(u, areaHa, sink);
            }
        }

        private void EmitMaterial(in SpilledUnit u, decimal areaHa, IGepSink sink)
        {
            if (_materialGap is not null)
            {
                sink.NotComputed(new NotComputed(u.UnitId, _e._material.Code, _materialGap));
                return;
            }
            decimal value = 0m;
            bool supplies = false;
            foreach (var (_, allocator, suppliedBy) in _materials)
            {
                if (suppliedBy[(int)u.Ecosystem])
                {
                    value += allocator.Next(areaHa).Amount;
                    supplies = true;
                }
            }
            if (supplies)
            {
                sink.Row(new GepRow(u.UnitId, u.Region, u.Ecosystem, _e._material.Code, null, _e._material.QuantityUnit, value));
            }
        }

        private void EmitRecreation(in SpilledUnit u, decimal areaHa, IGepSink sink)
        {
            if (_recreation is null)
            {
                sink.NotComputed(new NotComputed(u.UnitId, _e._recreation.Code, _recreationGap!));
                return;
            }
            decimal weight = _recreationByVisits ? (double.IsNaN(u.Visits) ? 0m : (decimal)u.Visits) : areaHa;
            if (weight == 0m)
            {
                return;
            }
            var value = _recreation.Next(weight);
            double visits = (double)(_recreationVisits * weight / _recreationWeightTotal);
            sink.Row(new GepRow(u.UnitId, u.Region, u.Ecosystem, _e._recreation.Code, visits, _e._recreation.QuantityUnit, value.Amount));
        }

        private void EmitPollutants(PollutantRemoval indicator, in SpilledUnit u, PollutantLoads loads, IGepSink sink)
        {
            if (!loads.AnyComputed)
            {
                sink.NotComputed(new NotComputed(u.UnitId, indicator.Code,
                    $"no capacity value for {u.Ecosystem.Code()} in {string.Join(", ", indicator.Pollutants.Select(p => $"{p}_capacity_kg_per_ha.*"))}"));
                return;
            }
            sink.Row(new GepRow(u.UnitId, u.Region, u.Ecosystem, indicator.Code, loads.TotalTonnes, indicator.QuantityUnit, RoundToFen(indicator.Value(loads, _e._parameters))));
        }

        private void EmitWater(in SpilledUnit u, decimal areaHa, IGepSink sink)
        {
            if (_e._waterByCapacity)
            {
                EmitPollutants(_e._water, u, u.Water.Scaled(_waterScale[0], _waterScale[1], _waterScale[2]), sink);
                return;
            }
            if (_waterGap is not null)
            {
                sink.NotComputed(new NotComputed(u.UnitId, _e._water.Code, _waterGap));
                return;
            }
            decimal value = 0m;
            double tonnes = 0;
            for (int i = 0; i < 3; i++)
            {
                if (_waterAllocators[i] is { } allocator)
                {
                    value += allocator.Next(areaHa).Amount;
                    tonnes += (double)(_waterLoads[i] * areaHa / _wetlandHa);
                }
            }
            sink.Row(new GepRow(u.UnitId, u.Region, u.Ecosystem, _e._water.Code, tonnes, _e._water.QuantityUnit, value));
        }
    }
}
