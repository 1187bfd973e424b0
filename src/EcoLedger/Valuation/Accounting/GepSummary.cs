using System.Runtime.CompilerServices;
using EcoLedger.IO;
using EcoLedger.Valuation.Indicators;

namespace EcoLedger.Valuation.Accounting;

/// <summary>Totals of a run, accumulated row by row (no per-unit state is kept).</summary>
public sealed class GepSummary
{
    private const int NotComputedExamples = 5;

    /// <summary>Total for one indicator.</summary>
    public sealed class IndicatorTotal
    {
        /// <summary>Sum of the physical quantity (null for value-only indicators).</summary>
        public double? Quantity { get; internal set; }

        /// <summary>Its unit.</summary>
        public string QuantityUnit { get; internal set; } = "";

        /// <summary>Sum of the rounded row values.</summary>
        public decimal ValueCny { get; internal set; }

        /// <summary>Units with a computed row.</summary>
        public int Units { get; internal set; }
    }

    /// <summary>Total for one ecosystem.</summary>
    public sealed class EcosystemTotal
    {
        /// <summary>Number of units.</summary>
        public int Units { get; internal set; }

        /// <summary>Area in km².</summary>
        public double AreaKm2 { get; internal set; }

        /// <summary>Sum of values.</summary>
        public decimal ValueCny { get; internal set; }
    }

    /// <summary>A group of units × indicator not computed for the same reason.</summary>
    public sealed class Gap
    {
        /// <summary>
        /// The reason code written on each line of gep-not-computed.csv (<c>R1</c>, <c>R2</c>, … in the order the groups
        /// first occur in the run); gep-not-computed-reasons.csv and the summary give its indicator and sentence once.
        /// </summary>
        public required string Code { get; init; }

        /// <summary>The group's position in <see cref="NotComputed"/> (the code's number less one).</summary>
        internal int Index { get; init; }

        /// <summary>Indicator code.</summary>
        public required string Indicator { get; init; }

        /// <summary>The reason.</summary>
        public required string Reason { get; init; }

        /// <summary>How many units.</summary>
        public int Units { get; internal set; }

        /// <summary>The first few unit ids.</summary>
        public List<string> Examples { get; } = [];
    }

    /// <summary>Units accounted.</summary>
    public int Units { get; private set; }

    /// <summary>Their total area in km².</summary>
    public double AreaKm2 { get; private set; }

    /// <summary>GEP: the sum of every row.</summary>
    public decimal TotalCny
    {
        get
        {
            Publish();
            return _total;
        }
    }

    /// <summary>GEP per km² of accounted area.</summary>
    public decimal DensityCnyPerKm2 => AreaKm2 > 0 ? GepEngine.RoundToFen(TotalCny / (decimal)AreaKm2) : 0m;

    /// <summary>Totals per service category.</summary>
    public SortedDictionary<ServiceCategory, decimal> ByCategory
    {
        get
        {
            Publish();
            return new()
            {
                [ServiceCategory.Provisioning] = _byCategory[(int)ServiceCategory.Provisioning],
                [ServiceCategory.Regulating] = _byCategory[(int)ServiceCategory.Regulating],
                [ServiceCategory.Cultural] = _byCategory[(int)ServiceCategory.Cultural],
            };
        }
    }

    /// <summary>Totals per indicator, in catalogue order.</summary>
    public Dictionary<string, IndicatorTotal> ByIndicator
    {
        get
        {
            Publish();
            return _byIndicator;
        }
    }

    /// <summary>Totals per ecosystem.</summary>
    public SortedDictionary<Ecosystem, EcosystemTotal> ByEcosystem
    {
        get
        {
            Publish();
            return _byEcosystem;
        }
    }

    /// <summary>Not-computed groups by indicator and reason.</summary>
    public List<Gap> NotComputed { get; } = [];

    /// <summary>Warning counts per indicator.</summary>
    public SortedDictionary<string, int> WarningsByIndicator { get; } = new(StringComparer.Ordinal);

    // Rows are added to one cell per indicator × ecosystem (indexed, not looked up by string); the totals are worked out
    // from the cells when read. The row values are exact decimals (fen), so the sums equal row-by-row sums exactly.
    private static readonly int Ecosystems = Enum.GetValues<Ecosystem>().Length;
    private readonly decimal[] _cells = new decimal[GepIndicators.All.Count * Ecosystems];
    private bool _published = true;
    private decimal _total;
    private readonly decimal[] _byCategory = new decimal[3];
    private readonly Dictionary<string, IndicatorTotal> _byIndicator = GepIndicators.All.ToDictionary(i => i.Code, i => new IndicatorTotal { QuantityUnit = i.QuantityUnit });
    private readonly SortedDictionary<Ecosystem, EcosystemTotal> _byEcosystem = [];
    private readonly ServiceCategory[] _categoryOf = GepIndicators.All.Select(i => i.Category).ToArray();
    private readonly IndicatorTotal[] _indicatorTotals;
    private readonly EcosystemTotal?[] _ecosystemTotals = new EcosystemTotal?[Enum.GetValues<Ecosystem>().Length];
    private readonly Dictionary<(string, string), Gap> _gaps = [];
    private readonly List<Gap>?[] _gapsByIndicator = new List<Gap>?[GepIndicators.All.Count];

    /// <summary>Creates empty totals.</summary>
    public GepSummary() => _indicatorTotals = GepIndicators.All.Select(i => _byIndicator[i.Code]).ToArray();

    /// <summary>Counts a unit (call once per unit, with its area).</summary>
    public void AddUnit(AccountingUnit unit)
    {
        Units++;
        AreaKm2 += unit.Area.SquareKilometres;
        var e = _ecosystemTotals[(int)unit.Ecosystem];
        if (e is null)
        {
            e = new EcosystemTotal();
            _ecosystemTotals[(int)unit.Ecosystem] = e;
            _byEcosystem[unit.Ecosystem] = e;
        }
        e.Units++;
        e.AreaKm2 += unit.Area.SquareKilometres;
    }

    /// <summary>Adds a row.</summary>
    [MethodImpl(HotPath.Optimized)]
    public void AddRow(in GepRow row)
    {
        int i = GepIndicators.IndexOf(row.Indicator);
        if (i < 0)
        {
            throw new KeyNotFoundException($"Unknown indicator '{row.Indicator}'.");
        }
        if (_ecosystemTotals[(int)row.Ecosystem] is null)
        {
            throw new KeyNotFoundException($"No unit of ecosystem {row.Ecosystem} was counted.");
        }
        _cells[i * Ecosystems + (int)row.Ecosystem] += row.ValueCny;
        _published = false;
        var t = _indicatorTotals[i];
        t.Units++;
        if (row.Quantity is { } q)
        {
            t.Quantity = (t.Quantity ?? 0) + q;
        }
    }

    private void Publish()
    {
        if (_published)
        {
            return;
        }
        _total = 0m;
        Array.Clear(_byCategory);
        foreach (var e in _ecosystemTotals)
        {
            e?.ValueCny = 0m;
        }
        for (int i = 0; i < _indicatorTotals.Length; i++)
        {
            decimal indicatorTotal = 0m;
            for (int e = 0; e < Ecosystems; e++)
            {
                decimal cell = _cells[i * Ecosystems + e];
                indicatorTotal += cell;
                _ecosystemTotals[e]?.ValueCny += cell;
            }
            _indicatorTotals[i].ValueCny = indicatorTotal;
            _byCategory[(int)_categoryOf[i]] += indicatorTotal;
            _total += indicatorTotal;
        }
        _published = true;
    }

    /// <summary>Adds a not-computed item and returns its group (whose <see cref="Gap.Code"/> the line carries).</summary>
    [MethodImpl(HotPath.Optimized)]
    public Gap AddNotComputed(in NotComputed item)
    {
        var gap = FindGap(item.Indicator, item.Reason);
        if (gap is null)
        {
            gap = new Gap { Code = $"R{NotComputed.Count + 1}", Index = NotComputed.Count, Indicator = item.Indicator, Reason = item.Reason };
            _gaps.Add((item.Indicator, item.Reason), gap);
            NotComputed.Add(gap);
            int i = GepIndicators.IndexOf(item.Indicator);
            if (i >= 0)
            {
                (_gapsByIndicator[i] ??= []).Add(gap);
            }
        }
        gap.Units++;
        if (gap.Examples.Count < NotComputedExamples)
        {
            gap.Examples.Add(item.UnitId);
        }
        return gap;
    }

    /// <summary>
    /// Counts one more unit in a group that <see cref="AddNotComputed(in NotComputed)"/> returned for the same indicator and reason: the
    /// writer recognises the group of a reason it has just seen and skips the look-up.
    /// </summary>
    [MethodImpl(HotPath.Optimized)]
    internal void AddNotComputed(Gap gap, string unitId)
    {
        gap.Units++;
        if (gap.Examples.Count < NotComputedExamples)
        {
            gap.Examples.Add(unitId);
        }
    }

    /// <summary>
    /// The group of an indicator and reason. Most reasons are the same string instance unit after unit, so the few
    /// groups of the indicator are first compared by reference; the dictionary settles everything else.
    /// </summary>
    private Gap? FindGap(string indicator, string reason)
    {
        int i = GepIndicators.IndexOf(indicator);
        if (i >= 0 && _gapsByIndicator[i] is { } known)
        {
            foreach (var g in known)
            {
                if (ReferenceEquals(g.Reason, reason))
                {
                    return g;
                }
            }
        }
        return _gaps.GetValueOrDefault((indicator, reason));
    }

    /// <summary>Counts a warning.</summary>
    public void AddWarning(in UnitWarning warning) =>
        WarningsByIndicator[warning.Indicator] = WarningsByIndicator.GetValueOrDefault(warning.Indicator) + 1;
}
