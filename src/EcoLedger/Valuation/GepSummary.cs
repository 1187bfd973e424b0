using EcoLedger.Valuation.Indicators;

namespace EcoLedger.Valuation;

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
    public decimal TotalCny { get; private set; }

    /// <summary>GEP per km² of accounted area.</summary>
    public decimal DensityCnyPerKm2 => AreaKm2 > 0 ? GepEngine.RoundToFen(TotalCny / (decimal)AreaKm2) : 0m;

    /// <summary>Totals per service category.</summary>
    public SortedDictionary<ServiceCategory, decimal> ByCategory { get; } = new()
    {
        [ServiceCategory.Provisioning] = 0m,
        [ServiceCategory.Regulating] = 0m,
        [ServiceCategory.Cultural] = 0m,
    };

    /// <summary>Totals per indicator, in catalogue order.</summary>
    public Dictionary<string, IndicatorTotal> ByIndicator { get; } = GepIndicators.All.ToDictionary(i => i.Code, i => new IndicatorTotal { QuantityUnit = i.QuantityUnit });

    /// <summary>Totals per ecosystem.</summary>
    public SortedDictionary<Ecosystem, EcosystemTotal> ByEcosystem { get; } = new();

    /// <summary>Not-computed groups by indicator and reason.</summary>
    public List<Gap> NotComputed { get; } = [];

    /// <summary>Warning counts per indicator.</summary>
    public SortedDictionary<string, int> WarningsByIndicator { get; } = new(StringComparer.Ordinal);

    private readonly Dictionary<(string, string), Gap> _gaps = [];
    private readonly Dictionary<string, ServiceCategory> _categories = GepIndicators.All.ToDictionary(i => i.Code, i => i.Category);

    /// <summary>Counts a unit (call once per unit, with its area).</summary>
    public void AddUnit(AccountingUnit unit)
    {
        Units++;
        AreaKm2 += unit.Area.SquareKilometres;
        if (!ByEcosystem.TryGetValue(unit.Ecosystem, out var e))
        {
            e = new EcosystemTotal();
            ByEcosystem[unit.Ecosystem] = e;
        }
        e.Units++;
        e.AreaKm2 += unit.Area.SquareKilometres;
    }

    /// <summary>Adds a row.</summary>
    public void AddRow(in GepRow row)
    {
        TotalCny += row.ValueCny;
        ByCategory[_categories[row.Indicator]] += row.ValueCny;
        var t = ByIndicator[row.Indicator];
        t.ValueCny += row.ValueCny;
        t.Units++;
        if (row.Quantity is { } q)
        {
            t.Quantity = (t.Quantity ?? 0) + q;
        }
        ByEcosystem[row.Ecosystem].ValueCny += row.ValueCny;
    }

    /// <summary>Adds a not-computed item.</summary>
    public void AddNotComputed(in NotComputed item)
    {
        if (!_gaps.TryGetValue((item.Indicator, item.Reason), out var gap))
        {
            gap = new Gap { Indicator = item.Indicator, Reason = item.Reason };
            _gaps.Add((item.Indicator, item.Reason), gap);
            NotComputed.Add(gap);
        }
        gap.Units++;
        if (gap.Examples.Count < NotComputedExamples)
        {
            gap.Examples.Add(item.UnitId);
        }
    }

    /// <summary>Counts a warning.</summary>
    public void AddWarning(in UnitWarning warning) =>
        WarningsByIndicator[warning.Indicator] = WarningsByIndicator.GetValueOrDefault(warning.Indicator) + 1;
}
