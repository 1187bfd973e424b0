using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EcoLedger.IO;
using EcoLedger.Money;
using EcoLedger.Valuation.Indicators;
using EcoLedger.Valuation.Parameters;

namespace EcoLedger.Valuation.Accounting;

/// <summary>
/// Computes GEP unit by unit in one streaming pass. Indicators that depend only on the unit are written at once;
/// those valued at region level (material products, recreation, region-capped air and water purification) need
/// region totals first, so the few numbers they need per unit are spilled to a temporary file and the rows are
/// written after the pass. Memory holds only per-region accumulators and the set of unit ids (for duplicates). A region
/// whose statistics tie no unit's value to its totals needs no second pass (<see cref="RegionWithoutTotals"/>).
/// </summary>
/// <remarks>Rounding: each row's value is rounded to the fen, half away from zero; totals are sums of rounded rows, so
/// the unit file adds up exactly to the summary. Region totals are allocated with <see cref="ProportionalAllocator"/>,
/// so allocated unit values add up exactly to the region total. See methodology/README.md.</remarks>
public sealed class GepEngine
{
    private readonly ParameterSet _parameters;
    private readonly RegionStatistics _stats;
    private readonly GepOptions _options;
    private readonly UnitIndicator[][] _directByKind;
    // The unit-level indicators of a kind followed by the region-level ones its units get rows or gaps for, in the order
    // RegionPlan.Emit makes them: what a unit of a region without totals (see RegionWithoutTotals) is emitted with.
    private readonly GepIndicator[][] _withRegionLevelByKind;
    private readonly int _maxIndicators;
    private readonly ConcurrentDictionary<string, RegionWithoutTotals?> _withoutTotals = new(StringComparer.Ordinal);
    private readonly RegionWithoutTotals? _noStatistics;
    private readonly string[] _airMissing;
    private readonly string[] _waterMissing;
    private readonly AirPurification _air = new();
    private readonly WaterPurification _water = new();
    private readonly MaterialProducts _material = new();
    private readonly Recreation _recreation = new();
    private readonly LandscapeValue _landscape = new();
    private readonly FloodRegulation _flood = new();
    private readonly bool _waterByCapacity;
    private readonly bool[] _airApplies;
    private readonly bool _lakesByWaterBody;

    /// <summary>Creates an engine for one parameter table and set of region statistics, with the default method (<see cref="GepOptions.Default"/>).</summary>
    public GepEngine(ParameterSet parameters, RegionStatistics statistics)
        : this(parameters, statistics, GepOptions.Default)
    {
    }

    /// <summary>Creates an engine for one parameter table, set of region statistics and method.</summary>
    public GepEngine(ParameterSet parameters, RegionStatistics statistics, GepOptions options)
    {
        _parameters = parameters;
        _stats = statistics;
        _options = options;
        var direct = GepIndicators.All.OfType<UnitIndicator>()
            .Where(i => i is not PollutantRemoval && options.Counts(i.Code))
            .Select(i => i is ClimateRegulation ? new ClimateRegulation(options.AllowEtFallback) : i)
            .ToArray();
        _lakesByWaterBody = options.Counts(_flood.Code);
        _directByKind = new UnitIndicator[Enum.GetValues<Ecosystem>().Length * Subtypes][];
        _airApplies = new bool[_directByKind.Length];
        foreach (var e in Enum.GetValues<Ecosystem>())
        {
            foreach (var st in Enum.GetValues<EcosystemSubtype>())
            {
                // Lakes are valued per water body after the pass (the regression is not additive), not unit by unit.
                _directByKind[Kind(e, st)] = direct.Where(i => i.AppliesTo(e, st) && !(i is FloodRegulation && IsLake(e, st))).ToArray();
                _airApplies[Kind(e, st)] = options.Counts(_air.Code) && _air.AppliesTo(e, st);
            }
        }
        _waterByCapacity = _water.Pollutants.Any(p => parameters[$"{p}_capacity_kg_per_ha.wetland"].Value is not null);
        _withRegionLevelByKind = new GepIndicator[_directByKind.Length][];
        foreach (var e in Enum.GetValues<Ecosystem>())
        {
            foreach (var st in Enum.GetValues<EcosystemSubtype>())
            {
                int kind = Kind(e, st);
                _withRegionLevelByKind[kind] = [.. _directByKind[kind], .. RegionLevelOf(e, st)];
            }
        }
        _maxIndicators = _withRegionLevelByKind.Max(k => k.Length);
        // One sentence per ecosystem, so that the writer's cache recognises a repeated gap by its string instance.
        _airMissing = [.. Enum.GetValues<Ecosystem>().Select(e =>
            $"no capacity value for {e.Code()} in {string.Join(", ", _air.Pollutants.Select(p => $"{p}_capacity_kg_per_ha.*"))} and no emission_cap row for the pollutants without one")];
        _waterMissing = [.. Enum.GetValues<Ecosystem>().Select(e =>
            $"no capacity value for {e.Code()} in {string.Join(", ", _water.Pollutants.Select(p => $"{p}_capacity_kg_per_ha.*"))}")];
        // Without statistics every region is the same (the gaps name no region), unless the method itself needs totals.
        _noStatistics = statistics.IsEmpty && !NeedsTotals("") ? new RegionWithoutTotals(this, "") : null;
    }

    /// <summary>The region-level indicators a unit of this kind gets a row or a gap for, in the order of <see cref="RegionPlan.Emit"/>.</summary>
    private IEnumerable<GepIndicator> RegionLevelOf(Ecosystem e, EcosystemSubtype st)
    {
        yield return _material;
        if (_options.Counts(_landscape.Code) && _landscape.Ecosystems.Contains(e))
        {
            yield return _landscape;
        }
        if (e != Ecosystem.Other)
        {
            yield return _recreation;
        }
        if (AirApplies(e, st))
        {
            yield return _air;
        }
        if (e == Ecosystem.Wetland)
        {
            yield return _water;
        }
    }

    /// <summary>
    /// The region's gaps when none of its region-level values depends on the region's totals, else null: see
    /// <see cref="RegionWithoutTotals"/>. Thread-safe (either thread of the first pass evaluates units).
    /// </summary>
    private RegionWithoutTotals? WithoutTotals(string region) => !RegionLevelInFirstPass ? null
        : _noStatistics ?? _withoutTotals.GetOrAdd(region, static (r, e) => e.NeedsTotals(r) ? null : new RegionWithoutTotals(e, r), this);

    /// <summary>
    /// False to make every region-level row in the second pass, as before regions without totals were valued in the first:
    /// the tests compare the two ways.
    /// </summary>
    internal bool RegionLevelInFirstPass { get; init; } = true;

    /// <summary>
    /// True when a region-level value of the region's units depends on the region's totals: an allocated material product,
    /// landscape premium or recreation total, a capped pollutant, or air purification valued by the emissions method.
    /// </summary>
    private bool NeedsTotals(string region) =>
        _stats.Of(region, RegionStatKind.MaterialProduct).Count > 0
        || (_options.Counts(_landscape.Code) && _stats.Of(region, RegionStatKind.LandscapePremium).Count > 0)
        || _stats.Of(region, RegionStatKind.Recreation).Count > 0
        || _stats.Of(region, RegionStatKind.EmissionCap).Count > 0
        || _options.AirMethod != AirPurificationMethod.CapacityCapped
        || _stats.Of(region, RegionStatKind.DischargeCap).Count > 0;

    /// <summary>
    /// A region whose statistics tie no region-level value of a unit to the region's totals (see <see cref="NeedsTotals"/>).
    /// Then each of its units' region-level outcomes is a function of the unit alone, the same as <see cref="RegionPlan"/>
    /// gives: material products, landscape and recreation are gaps, air purification is the unit's uncapped capacity
    /// loads, water purification its uncapped loads or a gap. So they are made in the first pass with the unit's other rows
    /// and the unit is not spilled for the second pass (unless it is part of a lake). The usual case of a run without
    /// region statistics, whose second pass would only repeat a gap for every unit.
    /// </summary>
    private sealed class RegionWithoutTotals
    {
        private readonly GepEngine _e;
        private readonly string _materialGap;
        private readonly string _landscapeGap;
        private readonly string _recreationGap;
        private readonly string? _waterGap;

        public RegionWithoutTotals(GepEngine e, string region)
        {
            _e = e;
            _materialGap = RegionPlan.MaterialGap(e._stats, region);
            _landscapeGap = RegionPlan.LandscapeGap(e._stats, region);
            _recreationGap = RegionPlan.RecreationGap(e._stats, region);
            _waterGap = e._waterByCapacity ? null : RegionPlan.WaterGap(e._stats, region);
        }

        /// <summary>Fills <paramref name="results"/> from <paramref name="first"/> on for the region-level indicators of <see cref="RegionLevelOf"/>.</summary>
        [MethodImpl(HotPath.Optimized)]
        public void Complete(AccountingUnit unit, in PollutantLoads air, decimal airValue, in PollutantLoads water, IndicatorResult[] results, int first)
        {
            int i = first;
            var e = _e;
            results[i++] = IndicatorResult.NotComputed(_materialGap);
            if (e._options.Counts(e._landscape.Code) && e._landscape.Ecosystems.Contains(unit.Ecosystem))
            {
                results[i++] = IndicatorResult.NotComputed(_landscapeGap);
            }
            if (unit.Ecosystem != Ecosystem.Other)
            {
                results[i++] = IndicatorResult.NotComputed(_recreationGap);
            }
            if (e.AirApplies(unit.Ecosystem, unit.Subtype))
            {
                // Uncapped, counted by capacity: the unit's own loads, valued (and rounded) as in the first pass.
                results[i++] = air.AnyComputed ? IndicatorResult.Computed(air.TotalTonnes, airValue) : IndicatorResult.NotComputed(e._airMissing[(int)unit.Ecosystem]);
            }
            if (unit.Ecosystem == Ecosystem.Wetland)
            {
                results[i++] = _waterGap is not null ? IndicatorResult.NotComputed(_waterGap)
                    : water.AnyComputed ? IndicatorResult.Computed(water.TotalTonnes, e._water.Value(water, e._parameters))
                    : IndicatorResult.NotComputed(e._waterMissing[(int)unit.Ecosystem]);
            }
        }
    }

    private static bool IsLake(Ecosystem e, EcosystemSubtype st) => e == Ecosystem.Wetland && st == EcosystemSubtype.Lake;

    private bool LakeDeferred(Ecosystem e, EcosystemSubtype st) => _lakesByWaterBody && IsLake(e, st);

    private static readonly int Subtypes = Enum.GetValues<EcosystemSubtype>().Length;

    private static int Kind(Ecosystem ecosystem, EcosystemSubtype subtype) => (int)ecosystem * Subtypes + (int)subtype;

    /// <summary>Rounds a value to the fen, half away from zero (the one rounding point of a row).</summary>
    /// <remarks>
    /// The same decimal, bit for bit, as <c>decimal.Round(value, 2, MidpointRounding.AwayFromZero)</c> (a property test
    /// compares them), with a direct path for the usual row value: a 64-bit mantissa with at most 21 decimals. Every row
    /// of a run is rounded here, and the framework's general rounding showed in profiles of a million-unit run.
    /// </remarks>
    [MethodImpl(HotPath.Optimized)]
    public static decimal RoundToFen(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        int scale = (bits[3] >> 16) & 0xFF;
        if (bits[2] != 0 || scale <= 2 || scale > 21)
        {
            return decimal.Round(value, 2, MidpointRounding.AwayFromZero);
        }
        ulong mantissa = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        ulong divisor = FenDivisors[scale - 2];
        ulong fen = mantissa / divisor;
        // Half away from zero: the magnitude goes up when the dropped part is at least half the divisor.
        if (mantissa - fen * divisor >= divisor / 2)
        {
            fen++;
        }
        return new decimal((int)(uint)fen, (int)(uint)(fen >> 32), 0, bits[3] < 0, 2);
    }

    // 10^k for k = 0 … 19: a mantissa with scale s is divided by 10^(s − 2).
    private static readonly ulong[] FenDivisors = PowersOfTen(20);

    private static ulong[] PowersOfTen(int count)
    {
        var powers = new ulong[count];
        ulong p = 1;
        for (int k = 0; k < count; k++, p *= 10)
        {
            powers[k] = p;
        }
        return powers;
    }

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
        var regionSlots = new StringSlots<int>();
        var regionNames = new List<string>();
        var regions = new List<RegionAccumulator>();
        var waterBodies = new WaterBodies();
        string spillPath = Path.Combine(Path.GetTempPath(), $"ecoledger-spill-{Guid.NewGuid():N}.bin");
        using var spillRegistration = TemporaryPaths.Add(spillPath);
        try
        {
            using (var spill = new SpillWriter(spillPath))
            {
                // The unit-level indicators are computed by the reading thread when it is ahead, else by this one: the two
                // threads share the work whichever of them is the slower (parsing or writing) on this machine and input.
                // When the sink can take rows formatted ahead, the reading thread also formats the rows of the batches it
                // computes, so that this thread, which writes, only counts them and copies their bytes.
                var formatting = sink as IFormattedRowsSink;
                var formatter = formatting?.NewFormatter();
                var rows = new GepRow[_maxIndicators];
                var ownResults = new IndicatorResult[_maxIndicators];
                foreach (var item in ReadAhead.Of(units.Select(u => new EvaluatedUnit(u)), batch => EvaluateAll(batch, formatter), batchSize: 256))
                {
                    var evaluated = item;
                    var unit = evaluated.Unit;
                    if (!evaluated.IsEvaluated)
                    {
                        // Emitted before the next unit is taken, so one buffer of this thread serves every unit it evaluates.
                        Evaluate(ref evaluated, ownResults, 0);
                    }
                    onUnit?.Invoke(unit);
                    // The reader hands out one string per region name, so most look-ups are settled by reference.
                    if (!regionSlots.TryGet(unit.Region, out int region) && !regionIndex.TryGetValue(unit.Region, out region))
                    {
                        region = regions.Count;
                        regionIndex.Add(unit.Region, region);
                        regionNames.Add(unit.Region);
                        regions.Add(new RegionAccumulator());
                    }
                    regionSlots.Set(unit.Region, region);
                    if (evaluated.Batch?.Lines is { } lines)
                    {
                        EmitFormatted(in evaluated, lines, formatting!, rows);
                    }
                    else
                    {
                        EmitDirect(in evaluated, sink);
                    }
                    evaluated.Batch?.Emitted();
                    // Converted once: the region sums and the second pass use the same decimal (spilled as such).
                    decimal areaHa = (decimal)unit.Area.Hectares;
                    regions[region].Add(unit, areaHa, evaluated.Air, evaluated.Water, AirApplies(unit.Ecosystem, unit.Subtype));
                    int waterBody = LakeDeferred(unit.Ecosystem, unit.Subtype) ? waterBodies.Add(unit) : -1;
                    // A unit whose region-level rows are made is spilled only when the second pass owes it a lake's share.
                    if (!evaluated.WithRegionLevel || waterBody >= 0)
                    {
                        Spill(spill, unit, areaHa, region, evaluated.Air, evaluated.AirValue, evaluated.Water, waterBody);
                    }
                }
            }
            var plans = regions.Select((acc, i) => new RegionPlan(this, regionNames[i], acc, sink)).ToArray();
            var lakes = waterBodies.Plan(this);
            if (sink is IFormattedRowsSink formattingSink)
            {
                SecondPassAhead(spillPath, regionNames, plans, lakes, formattingSink);
                return;
            }
            using var reader = new SpillReader(spillPath);
            while (!reader.AtEnd)
            {
                var s = ReadSpilled(reader, regionNames);
                if (!plans[s.RegionIndex].MadeInFirstPass)
                {
                    plans[s.RegionIndex].Emit(s, sink);
                }
                if (s.WaterBody >= 0)
                {
                    lakes.Emit(s, sink);
                }
            }
        }
        finally
        {
            File.Delete(spillPath);
        }
    }

    // Spilled units per chunk of recorded second-pass output handed from the read-ahead thread to the writing one.
    private const int ChunkUnits = 2048;

    /// <summary>
    /// The second pass with the other core's help: the read-ahead thread reads the spill and values the region-level rows
    /// into chunks of recorded output, and this thread replays each chunk into the sink in order (formatting and writing).
    /// The plans are used by the read-ahead thread alone, so the allocators see the units in file order as in the
    /// one-thread loop, and the output is the same. Used for the file writer (the sinks of tests and of the uncertainty
    /// draws keep the one-thread loop).
    /// </summary>
    private void SecondPassAhead(string spillPath, List<string> regionNames, RegionPlan[] plans, LakePlan lakes, IFormattedRowsSink sink)
    {
        // Chunks go back to the read-ahead thread once replayed, so their arrays are reused rather than collected.
        var replayed = new ConcurrentQueue<RecordedOutput>();
        IEnumerable<RecordedOutput> Record()
        {
            using var reader = new SpillReader(spillPath);
            var chunk = new RecordedOutput();
            while (!reader.AtEnd)
            {
                var s = ReadSpilled(reader, regionNames);
                if (!plans[s.RegionIndex].MadeInFirstPass)
                {
                    plans[s.RegionIndex].Emit(s, chunk);
                }
                if (s.WaterBody >= 0)
                {
                    lakes.Emit(s, chunk);
                }
                if (++chunk.Units == ChunkUnits)
                {
                    yield return chunk;
                    chunk = replayed.TryDequeue(out var free) ? free : new RecordedOutput();
                }
            }
            if (chunk.Units > 0)
            {
                yield return chunk;
            }
        }
        foreach (var chunk in ReadAhead.Of(Record(), batchSize: 1, batches: 4))
        {
            chunk.ReplayInto(sink);
            replayed.Enqueue(chunk);
        }
    }

    /// <summary>The sink calls of a run of spilled units.</summary>
    private sealed class RecordedOutput : IGepSink
    {
        private readonly List<GepRow> _rows = [];
        private readonly List<NotComputed> _gaps = [];
        private readonly List<UnitWarning> _warnings = [];

        public int Units;

        [MethodImpl(HotPath.Optimized)]
        public void Row(in GepRow row) => _rows.Add(row);

        [MethodImpl(HotPath.Optimized)]
        public void NotComputed(in NotComputed item) => _gaps.Add(item);

        public void Warning(in UnitWarning warning) => _warnings.Add(warning);

        /// <summary>
        /// Sends the recorded calls to the sink and empties the record. Each kind keeps its order; the kinds go to different
        /// files and totals, so their interleaving does not matter.
        /// </summary>
        [MethodImpl(HotPath.Optimized)]
        public void ReplayInto(IFormattedRowsSink sink)
        {
            foreach (ref readonly var gap in CollectionsMarshal.AsSpan(_gaps))
            {
                sink.NotComputed(gap);
            }
            foreach (ref readonly var warning in CollectionsMarshal.AsSpan(_warnings))
            {
                sink.Warning(warning);
            }
            foreach (ref readonly var row in CollectionsMarshal.AsSpan(_rows))
            {
                sink.Row(row);
            }
            _rows.Clear();
            _gaps.Clear();
            _warnings.Clear();
            Units = 0;
        }
    }

    private bool AirApplies(Ecosystem ecosystem, EcosystemSubtype subtype) => _airApplies[Kind(ecosystem, subtype)];

    private bool WaterByCapacity(Ecosystem ecosystem) => ecosystem == Ecosystem.Wetland && _waterByCapacity;

    private static readonly PollutantLoads Nan3 = new(double.NaN, double.NaN, double.NaN);

    /// <summary>
    /// A unit with the results of the indicators computed from its own inputs, filled in by whichever thread gets to it
    /// first (<see cref="Evaluate"/> is a function of the unit and the parameters only, so either gives the same results).
    /// </summary>
    private struct EvaluatedUnit(AccountingUnit unit)
    {
        public readonly AccountingUnit Unit = unit;
        public GepIndicator[] Indicators = [];

        /// <summary>The results, one per indicator of <see cref="Indicators"/>: <see cref="Results"/>[<see cref="At"/>…] (a batch's or the writing thread's buffer).</summary>
        public IndicatorResult[] Results = [];
        public int At;

        /// <summary>True when <see cref="Results"/> ends with the region-level outcomes (the region needs no totals: <see cref="RegionWithoutTotals"/>).</summary>
        public bool WithRegionLevel;
        public PollutantLoads Air;
        public PollutantLoads Water;
        public decimal AirValue;
        public bool IsEvaluated;

        /// <summary>The buffers of the batch the reading thread evaluated the unit in, or null when the writing thread did.</summary>
        public BatchBuffers? Batch;

        /// <summary>The lines of the computed rows, when the reading thread formatted them: bytes [Start, Start + Length) of <see cref="BatchBuffers.Lines"/>.</summary>
        public int Start;
        public int Length;
    }

    /// <summary>
    /// The results (and, for the file writer, the formatted rows) of one batch evaluated by the reading thread, in buffers from
    /// the shared array pools rather than an array per unit: a million units made ~450 MB of short-lived result arrays. The
    /// writing thread returns the buffers when it has emitted the batch's last unit (the two threads hand the batch over
    /// through the read-ahead queue's lock).
    /// </summary>
    private sealed class BatchBuffers(IndicatorResult[] results, byte[]? lines)
    {
        public readonly IndicatorResult[] Results = results;
        public byte[]? Lines = lines;
        public int UnitsLeft;

        public void Emitted()
        {
            if (--UnitsLeft == 0)
            {
                // Not cleared: the strings the results hold (reasons, warnings) are few and shared by many units.
                ArrayPool<IndicatorResult>.Shared.Return(Results);
                if (Lines is not null)
                {
                    ArrayPool<byte>.Shared.Return(Lines);
                }
            }
        }
    }

    // Bytes per unit to start a batch's buffer with: the unit-level rows of a unit take ~300 bytes.
    private const int FormattedBytesPerUnit = 512;

    [MethodImpl(HotPath.Optimized)]
    private void EvaluateAll(EvaluatedUnit[] batch, IGepRowFormatter? formatter)
    {
        var buffers = new BatchBuffers(ArrayPool<IndicatorResult>.Shared.Rent(batch.Length * _maxIndicators),
            formatter is null ? null : ArrayPool<byte>.Shared.Rent(batch.Length * FormattedBytesPerUnit))
        {
            UnitsLeft = batch.Length,
        };
        int at = 0;
        foreach (ref var e in batch.AsSpan())
        {
            Evaluate(ref e, buffers.Results, at);
            at += e.Indicators.Length;
            e.Batch = buffers;
        }
        if (formatter is null)
        {
            return;
        }
        int length = 0;
        var lines = buffers.Lines!;
        foreach (ref var e in batch.AsSpan())
        {
            var unit = e.Unit;
            e.Start = length;
            for (int i = 0; i < e.Indicators.Length; i++)
            {
                ref readonly var result = ref e.Results[e.At + i];
                if (result.IsComputed)
                {
                    formatter.Append(RowOf(unit, e.Indicators[i], result), ref lines, ref length);
                }
            }
            e.Length = length - e.Start;
        }
        // Append may have moved the lines to a larger buffer.
        buffers.Lines = lines;
    }

    /// <summary>As <see cref="EmitDirect"/> for a unit whose rows the reading thread formatted: the same calls, the rows' lines copied.</summary>
    [MethodImpl(HotPath.Optimized)]
    private static void EmitFormatted(in EvaluatedUnit evaluated, byte[] lines, IFormattedRowsSink sink, GepRow[] rows)
    {
        int count = Emit(in evaluated, sink, rows);
        sink.Rows(rows.AsSpan(0, count), lines.AsSpan(evaluated.Start, evaluated.Length));
    }

    [MethodImpl(HotPath.Optimized)]
    private void Evaluate(ref EvaluatedUnit e, IndicatorResult[] results, int at)
    {
        var unit = e.Unit;
        int kind = Kind(unit.Ecosystem, unit.Subtype);
        var direct = _directByKind[kind];
        var alone = WithoutTotals(unit.Region);
        var indicators = alone is null ? direct : _withRegionLevelByKind[kind];
        for (int i = 0; i < direct.Length; i++)
        {
            results[at + i] = direct[i].Compute(unit, _parameters);
        }
        e.Air = AirApplies(unit.Ecosystem, unit.Subtype) ? _air.CapacityLoads(unit, _parameters) : Nan3;
        // The value of the capacity loads as they are: the second pass uses it where the region caps no pollutant, which
        // is the usual case, so the decimal arithmetic runs here, on whichever core has time, instead of in the serial pass.
        e.AirValue = e.Air.AnyComputed ? RoundToFen(_air.Value(e.Air, _parameters)) : 0m;
        e.Water = WaterByCapacity(unit.Ecosystem) ? _water.CapacityLoads(unit, _parameters) : Nan3;
        alone?.Complete(unit, e.Air, e.AirValue, e.Water, results, at + direct.Length);
        e.Indicators = indicators;
        e.Results = results;
        e.At = at;
        e.WithRegionLevel = alone is not null;
        e.IsEvaluated = true;
    }

    private static void EmitDirect(in EvaluatedUnit evaluated, IGepSink sink) => Emit(in evaluated, sink, collect: null);

    /// <summary>
    /// Sends a unit's warnings and not-computed items to the sink, and its rows too, unless <paramref name="collect"/> is given: then
    /// the rows are put there (for <see cref="EmitFormatted"/>, whose lines are already formatted) and their count is returned.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    private static int Emit(in EvaluatedUnit evaluated, IGepSink sink, GepRow[]? collect)
    {
        var unit = evaluated.Unit;
        int count = 0;
        for (int i = 0; i < evaluated.Indicators.Length; i++)
        {
            var indicator = evaluated.Indicators[i];
            ref readonly var result = ref evaluated.Results[evaluated.At + i];
            if (result.Warning is { } w)
            {
                sink.Warning(new UnitWarning(unit.UnitId, indicator.Code, w));
            }
            if (!result.IsComputed)
            {
                sink.NotComputed(new NotComputed(unit.UnitId, indicator.Code, result.NotComputedReason!));
            }
            else if (collect is null)
            {
                sink.Row(RowOf(unit, indicator, result));
            }
            else
            {
                collect[count++] = RowOf(unit, indicator, result);
            }
        }
        return count;
    }

    /// <summary>The row of a computed unit-level result: its value rounded to the fen (the one rounding point of a row).</summary>
    [MethodImpl(HotPath.Optimized)]
    private static GepRow RowOf(AccountingUnit unit, GepIndicator indicator, in IndicatorResult result) =>
        new(unit.UnitId, unit.Region, unit.Ecosystem, indicator.Code, result.Quantity, indicator.QuantityUnit, RoundToFen(result.ValueCny));

    // A spilled unit: id, region index, ecosystem, subtype, area (decimal hectares), visits (NaN when none), then the air loads when air
    // purification applies and the water loads when water purification is by capacity (both known from the kind).
    [MethodImpl(HotPath.Optimized)]
    private void Spill(SpillWriter w, AccountingUnit u, decimal areaHa, int region, PollutantLoads air, decimal airValue, PollutantLoads water, int waterBody)
    {
        w.Write(u.UnitId);
        w.Write(region);
        w.Write((byte)u.Ecosystem);
        w.Write((byte)u.Subtype);
        w.Write(areaHa);
        w.Write(u.Monitoring[MonitoringField.VisitsPerYear] ?? double.NaN);
        if (AirApplies(u.Ecosystem, u.Subtype))
        {
            WriteLoads(w, air);
            w.Write(airValue);
        }
        if (WaterByCapacity(u.Ecosystem))
        {
            WriteLoads(w, water);
        }
        if (LakeDeferred(u.Ecosystem, u.Subtype))
        {
            w.Write(waterBody);
        }
    }

    private static void WriteLoads(SpillWriter w, PollutantLoads loads)
    {
        w.Write(loads.First);
        w.Write(loads.Second);
        w.Write(loads.Third);
    }

    private static PollutantLoads ReadLoads(SpillReader r) => new(r.ReadDouble(), r.ReadDouble(), r.ReadDouble());

    [MethodImpl(HotPath.Optimized)]
    private SpilledUnit ReadSpilled(SpillReader r, List<string> regionNames)
    {
        string unitId = r.ReadString();
        int region = r.ReadInt32();
        var ecosystem = (Ecosystem)r.ReadByte();
        var subtype = (EcosystemSubtype)r.ReadByte();
        decimal areaHa = r.ReadDecimal();
        double visits = r.ReadDouble();
        var air = Nan3;
        decimal airValue = 0m;
        if (AirApplies(ecosystem, subtype))
        {
            air = ReadLoads(r);
            airValue = r.ReadDecimal();
        }
        var water = WaterByCapacity(ecosystem) ? ReadLoads(r) : Nan3;
        int waterBody = LakeDeferred(ecosystem, subtype) ? r.ReadInt32() : -1;
        return new SpilledUnit(unitId, region, regionNames[region], ecosystem, subtype, areaHa, visits, air, airValue, water, waterBody);
    }

    // AirValue: the air purification value of the loads as spilled (unscaled), rounded to the fen.
    private readonly record struct SpilledUnit(string UnitId, int RegionIndex, string Region, Ecosystem Ecosystem, EcosystemSubtype Subtype, decimal AreaHa, double Visits, PollutantLoads Air, decimal AirValue, PollutantLoads Water, int WaterBody);

    /// <summary>
    /// The lakes of a run, by water body: the units of one <c>water_body_id</c> (across regions) are one lake whose total
    /// area enters the flood-storage regression; a lake unit without an id is a whole lake by itself.
    /// </summary>
    private sealed class WaterBodies
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<WaterBody> _bodies = [];

        public sealed class WaterBody(string? id)
        {
            public string? Id { get; } = id;
            public decimal AreaHa;
            public double AreaKm2;
            public int Units;
            public double? Turnover;
            public string? LakeRegion;
            public string? Problem;
        }

        public int Add(AccountingUnit u)
        {
            string key = u.WaterBodyId is { } id ? "id:" + id : "unit:" + u.UnitId;
            if (!_index.TryGetValue(key, out int i))
            {
                i = _bodies.Count;
                _index.Add(key, i);
                _bodies.Add(new WaterBody(u.WaterBodyId));
            }
            var b = _bodies[i];
            b.AreaHa += (decimal)u.Area.Hectares;
            b.AreaKm2 += u.Area.SquareKilometres;
            double? turnover = u.Monitoring[MonitoringField.LakeTurnoverPerYear];
            if (b.Units == 0)
            {
                b.Turnover = turnover;
                b.LakeRegion = u.LakeRegion;
            }
            else if (b.Problem is null && b.Turnover != turnover)
            {
                b.Problem = $"the units of water body '{b.Id}' give different lake_turnover_per_year values; one lake has one turnover";
            }
            else if (b.Problem is null && !string.Equals(b.LakeRegion, u.LakeRegion, StringComparison.Ordinal))
            {
                b.Problem = $"the units of water body '{b.Id}' give different lake_region values; one lake is in one lake region";
            }
            b.Units++;
            return i;
        }

        public LakePlan Plan(GepEngine e) => new(e, _bodies);
    }

    /// <summary>The flood storage of each lake, valued once and allocated to its units by area (exactly, to the fen).</summary>
    private sealed class LakePlan
    {
        private readonly GepEngine _e;
        private readonly (string? Missing, double CubicMetres, decimal AreaHa, ProportionalAllocator? Allocator)[] _lakes;

        public LakePlan(GepEngine e, List<WaterBodies.WaterBody> bodies)
        {
            _e = e;
            decimal cost = e._flood.ReservoirCost(e._parameters);
            _lakes = new (string?, double, decimal, ProportionalAllocator?)[bodies.Count];
            for (int i = 0; i < bodies.Count; i++)
            {
                var b = bodies[i];
                string? missing = b.Problem;
                if (missing is null && b.Turnover is null)
                {
                    missing = "missing lake_turnover_per_year";
                }
                double a = 0, bCoef = 0;
                if (missing is null)
                {
                    (a, bCoef, missing) = FloodRegulation.LakeCoefficients(e._parameters, b.LakeRegion);
                }
                if (missing is not null)
                {
                    _lakes[i] = (missing, 0, b.AreaHa, null);
                    continue;
                }
                double m3 = FloodRegulation.LakeStorage(a, bCoef, b.AreaKm2, b.Turnover!.Value).CubicMetres;
                var value = Money.Money.Cny(RoundToFen(IndicatorResult.Price(m3, cost)));
                _lakes[i] = (null, m3, b.AreaHa, new ProportionalAllocator(value, b.AreaHa));
            }
        }

        [MethodImpl(HotPath.Optimized)]
        public void Emit(in SpilledUnit u, IGepSink sink)
        {
            var (missing, m3, areaHa, allocator) = _lakes[u.WaterBody];
            if (missing is not null)
            {
                sink.NotComputed(new NotComputed(u.UnitId, _e._flood.Code, missing));
                return;
            }
            decimal unitHa = u.AreaHa;
            var value = allocator!.Next(unitHa);
            sink.Row(new GepRow(u.UnitId, u.Region, u.Ecosystem, _e._flood.Code, m3 * (double)(unitHa / areaHa), _e._flood.QuantityUnit, value.Amount));
        }
    }

    /// <summary>Per-region sums gathered during the pass.</summary>
    private sealed class RegionAccumulator
    {
        public readonly decimal[] AreaHaByEcosystem = new decimal[Enum.GetValues<Ecosystem>().Length];
        public decimal Visits;
        public readonly double[] AirLoads = new double[3];
        public readonly bool[] AirHasCapacity = new bool[3];
        public decimal AirAreaHa;
        public readonly double[] WaterLoads = new double[3];

        [MethodImpl(HotPath.Optimized)]
        public void Add(AccountingUnit u, decimal areaHa, PollutantLoads air, PollutantLoads water, bool airApplies)
        {
            AreaHaByEcosystem[(int)u.Ecosystem] += areaHa;
            if (airApplies)
            {
                AirAreaHa += areaHa;
                for (int i = 0; i < 3; i++)
                {
                    AirHasCapacity[i] |= !double.IsNaN(air[i]);
                }
            }
            if (u.Ecosystem != Ecosystem.Other && u.Monitoring[MonitoringField.VisitsPerYear] is { } v)
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
        private readonly List<(RegionStatistic Item, ProportionalAllocator Allocator, bool[] SuppliedBy)> _landscape = [];
        private readonly decimal[] _landscapeWeights;
        private readonly string? _landscapeGap;
        private readonly ProportionalAllocator? _recreation;
        private readonly bool _recreationByVisits;
        private readonly decimal _recreationVisits;
        private readonly decimal _recreationWeightTotal;
        private readonly string? _recreationGap;
        private readonly double[] _airScale = [1, 1, 1];
        private readonly bool _airUnscaled;
        private readonly bool[] _airByCapacity = new bool[3];
        private readonly ProportionalAllocator?[] _airAllocators = new ProportionalAllocator?[3];
        private readonly decimal[] _airEmissions = new decimal[3];
        private readonly decimal _airAreaHa;
        private readonly string? _airGap;
        private readonly double[] _waterScale = [1, 1, 1];
        private readonly ProportionalAllocator?[] _waterAllocators = new ProportionalAllocator?[3];
        private readonly decimal[] _waterLoads = new decimal[3];
        private readonly decimal _wetlandHa;
        private readonly string? _waterGap;

        public RegionPlan(GepEngine e, string region, RegionAccumulator acc, IGepSink sink)
        {
            _e = e;
            MadeInFirstPass = e.WithoutTotals(region) is not null;
            var p = e._parameters;
            // Material products: each item's value is allocated over the area of the ecosystems that supply it.
            var items = e._stats.Of(region, RegionStatKind.MaterialProduct);
            if (items.Count == 0)
            {
                _materialGap = MaterialGap(e._stats, region);
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

            // Landscape value: each premium row's value over the area of the ecosystems providing the landscape.
            _landscapeWeights = [];
            if (e._options.Counts(e._landscape.Code))
            {
                var premiums = e._stats.Of(region, RegionStatKind.LandscapePremium);
                if (premiums.Count == 0)
                {
                    _landscapeGap = LandscapeGap(e._stats, region);
                }
                var weights = new List<decimal>();
                foreach (var item in premiums)
                {
                    decimal weight = Supplying(item).Sum(eco => acc.AreaHaByEcosystem[(int)eco]);
                    var value = Money.Money.Cny(RoundToFen(item.Quantity * item.PricePerUnit!.Value));
                    if (weight == 0m)
                    {
                        sink.Warning(new UnitWarning("", e._landscape.Code,
                            $"region '{region}': landscape premium '{item.Item}' ({value}) is not allocated: the region has no units of {string.Join(", ", Supplying(item).Select(x => x.Code()))}"));
                        continue;
                    }
                    var suppliedBy = new bool[EcosystemCodes.All.Count];
                    foreach (var eco in Supplying(item))
                    {
                        suppliedBy[(int)eco] = true;
                    }
                    _landscape.Add((item, new ProportionalAllocator(value, weight), suppliedBy));
                    weights.Add(weight);
                }
                _landscapeWeights = [.. weights];
            }

            // Recreation: allocated by recorded visits, or by area when no unit of the region records any.
            var rec = e._stats.Of(region, RegionStatKind.Recreation);
            if (rec.Count == 0)
            {
                _recreationGap = RecreationGap(e._stats, region);
            }
            else
            {
                _recreationVisits = rec.Sum(r => r.Quantity);
                decimal total = rec.Sum(r => RoundToFen(r.Quantity * (r.PricePerUnit ?? p.Value("recreation_cost_cny_per_visit"))));
                _recreationByVisits = acc.Visits > 0m;
                // Recreation is a service of the natural ecosystems: other land (farmland, urban, bare) takes no share.
                _recreationWeightTotal = _recreationByVisits ? acc.Visits : EcosystemCodes.Natural.Sum(x => acc.AreaHaByEcosystem[(int)x]);
                _recreation = new ProportionalAllocator(Money.Money.Cny(total), _recreationWeightTotal);
            }

            // Air purification, per pollutant: capacity × area capped by the region's emission (default), or the emission itself.
            _airAreaHa = acc.AirAreaHa;
            if (_airAreaHa > 0m)
            {
                var emissions = new decimal?[3];
                foreach (var cap in e._stats.Of(region, RegionStatKind.EmissionCap))
                {
                    emissions[Array.IndexOf(RegionStatistics.AirPollutants, cap.Item)] = cap.Quantity;
                }
                var notCounted = new List<string>();
                for (int i = 0; i < 3; i++)
                {
                    string pollutant = RegionStatistics.AirPollutants[i];
                    bool byCapacity = e._options.AirMethod == AirPurificationMethod.CapacityCapped && acc.AirHasCapacity[i];
                    if (byCapacity)
                    {
                        _airByCapacity[i] = true;
                        if (emissions[i] is { } cap)
                        {
                            if (acc.AirLoads[i] > (double)cap)
                            {
                                _airScale[i] = (double)cap / acc.AirLoads[i];
                            }
                        }
                        else
                        {
                            sink.Warning(new UnitWarning("", e._air.Code,
                                $"region '{region}': air_purification counts {pollutant} as capacity × area ({acc.AirLoads[i]:#,0.###} t) without a cap: the region statistics have no emission_cap row for {pollutant}"));
                        }
                    }
                    else if (emissions[i] is { } emitted)
                    {
                        _airEmissions[i] = emitted;
                        var value = RoundToFen(emitted * p.Value($"{pollutant}_cost_cny_per_t"));
                        _airAllocators[i] = new ProportionalAllocator(Money.Money.Cny(value), _airAreaHa);
                    }
                    else
                    {
                        notCounted.Add(pollutant);
                    }
                }
                if (notCounted.Count == 3)
                {
                    _airGap = e._options.AirMethod == AirPurificationMethod.Emissions
                        ? $"no emission_cap rows for region '{region}' (the emissions method values each pollutant's emission)"
                        : null;
                }
                if (notCounted.Count > 0)
                {
                    sink.Warning(new UnitWarning("", e._air.Code, e._options.AirMethod == AirPurificationMethod.Emissions
                        ? $"region '{region}': air_purification does not count {string.Join(", ", notCounted)}: the region statistics have no emission_cap row for {(notCounted.Count == 1 ? "it" : "them")}"
                        : $"region '{region}': air_purification does not count {string.Join(", ", notCounted)}: no unit of the region has a {string.Join(", ", notCounted.Select(x => x + "_capacity_kg_per_ha"))} value and the region statistics have no emission_cap row for {(notCounted.Count == 1 ? "it" : "them")}"));
                }
            }

            _airUnscaled = e._options.AirMethod == AirPurificationMethod.CapacityCapped && _airScale.All(f => f == 1d);

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
                _waterGap = WaterGap(e._stats, region);
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

        public static string MaterialGap(RegionStatistics stats, string region) =>
            stats.IsEmpty ? "no --region-stats given" : $"no material_product rows for region '{region}' in the region statistics";

        public static string LandscapeGap(RegionStatistics stats, string region) =>
            stats.IsEmpty ? "no region statistics given" : $"no landscape_premium rows for region '{region}' in the region statistics";

        public static string RecreationGap(RegionStatistics stats, string region) =>
            stats.IsEmpty ? "no --region-stats given" : $"no recreation row for region '{region}' in the region statistics";

        public static string WaterGap(RegionStatistics stats, string region) => stats.IsEmpty
            ? "no --region-stats given and no wetland purification capacities in the parameters"
            : $"no discharge_cap rows for region '{region}' and no wetland purification capacities in the parameters";

        /// <summary>True when the region's units got their region-level rows in the first pass (see <see cref="RegionWithoutTotals"/>).</summary>
        public bool MadeInFirstPass { get; }

        private static IEnumerable<Ecosystem> Supplying(RegionStatistic item) => item.SuppliedBy.Count > 0 ? item.SuppliedBy : EcosystemCodes.Natural;

        public void Emit(in SpilledUnit u, IGepSink sink)
        {
            decimal areaHa = u.AreaHa;
            EmitMaterial(u, areaHa, sink);
            if (_e._options.Counts(_e._landscape.Code))
            {
                EmitLandscape(u, areaHa, sink);
            }
            EmitRecreation(u, areaHa, sink);
            if (_e.AirApplies(u.Ecosystem, u.Subtype))
            {
                EmitAir(u, areaHa, sink);
            }
            if (u.Ecosystem == Ecosystem.Wetland)
            {
                EmitWater(u, areaHa, sink);
            }
        }

        [MethodImpl(HotPath.Optimized)]
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

        [MethodImpl(HotPath.Optimized)]
        private void EmitLandscape(in SpilledUnit u, decimal areaHa, IGepSink sink)
        {
            if (_landscapeGap is not null)
            {
                if (_e._landscape.Ecosystems.Contains(u.Ecosystem))
                {
                    sink.NotComputed(new NotComputed(u.UnitId, _e._landscape.Code, _landscapeGap));
                }
                return;
            }
            decimal value = 0m;
            double m2 = 0;
            bool provides = false;
            for (int i = 0; i < _landscape.Count; i++)
            {
                var (item, allocator, suppliedBy) = _landscape[i];
                if (suppliedBy[(int)u.Ecosystem])
                {
                    value += allocator.Next(areaHa).Amount;
                    m2 += (double)(item.Quantity * areaHa / _landscapeWeights[i]);
                    provides = true;
                }
            }
            if (provides)
            {
                sink.Row(new GepRow(u.UnitId, u.Region, u.Ecosystem, _e._landscape.Code, m2, _e._landscape.QuantityUnit, value));
            }
        }

        [MethodImpl(HotPath.Optimized)]
        private void EmitRecreation(in SpilledUnit u, decimal areaHa, IGepSink sink)
        {
            if (u.Ecosystem == Ecosystem.Other)
            {
                return;
            }
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

        [MethodImpl(HotPath.Optimized)]
        private void EmitPollutants(PollutantRemoval indicator, in SpilledUnit u, PollutantLoads loads, IGepSink sink)
        {
            if (!loads.AnyComputed)
            {
                sink.NotComputed(new NotComputed(u.UnitId, indicator.Code, _e._waterMissing[(int)u.Ecosystem]));
                return;
            }
            sink.Row(new GepRow(u.UnitId, u.Region, u.Ecosystem, indicator.Code, loads.TotalTonnes, indicator.QuantityUnit, RoundToFen(indicator.Value(loads, _e._parameters))));
        }

        [MethodImpl(HotPath.Optimized)]
        private void EmitAir(in SpilledUnit u, decimal areaHa, IGepSink sink)
        {
            // Capacity-counted pollutants are valued per unit (rounded once); emission-counted ones are allocated by area.
            var loads = u.Air.Scaled(_airScale[0], _airScale[1], _airScale[2]);
            loads = new PollutantLoads(_airByCapacity[0] ? loads.First : double.NaN, _airByCapacity[1] ? loads.Second : double.NaN, _airByCapacity[2] ? loads.Third : double.NaN);
            bool any = loads.AnyComputed;
            double tonnes = loads.TotalTonnes;
            // Uncapped, the loads are those spilled (× 1 is exact, and under capacity-capped counting every pollutant a unit
            // has a load for is counted in its region), so the value worked out in the first pass is this value.
            decimal value = !any ? 0m : _airUnscaled ? u.AirValue : RoundToFen(_e._air.Value(loads, _e._parameters));
            for (int i = 0; i < 3; i++)
            {
                if (_airAllocators[i] is { } allocator)
                {
                    value += allocator.Next(areaHa).Amount;
                    tonnes += (double)(_airEmissions[i] * areaHa / _airAreaHa);
                    any = true;
                }
            }
            if (!any)
            {
                sink.NotComputed(new NotComputed(u.UnitId, _e._air.Code, _airGap ?? _e._airMissing[(int)u.Ecosystem]));
                return;
            }
            sink.Row(new GepRow(u.UnitId, u.Region, u.Ecosystem, _e._air.Code, tonnes, _e._air.QuantityUnit, value));
        }

        [MethodImpl(HotPath.Optimized)]
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
