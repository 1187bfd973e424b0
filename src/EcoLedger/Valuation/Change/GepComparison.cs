namespace EcoLedger.Valuation.Change;

/// <summary>One unit × indicator of a comparison.</summary>
/// <param name="Pair">The unit in both years.</param>
/// <param name="Indicator">Indicator code.</param>
/// <param name="From">The earlier figure, or null.</param>
/// <param name="To">The later figure, or null.</param>
/// <param name="Split">The change and its parts.</param>
public sealed record UnitIndicatorChange(UnitPair Pair, string Indicator, IndicatorFigure? From, IndicatorFigure? To, ChangeSplit Split);

/// <summary>An aggregate line of a change account: values of both years and the change split.</summary>
/// <param name="FromCny">Value in the earlier year.</param>
/// <param name="ToCny">Value in the later year.</param>
/// <param name="Split">Change = quantity effect + price effect + not decomposed.</param>
public readonly record struct ChangeLine(decimal FromCny, decimal ToCny, ChangeSplit Split)
{
    /// <summary>Adds two lines.</summary>
    public static ChangeLine operator +(ChangeLine a, ChangeLine b) => new(a.FromCny + b.FromCny, a.ToCny + b.ToCny, a.Split + b.Split);
}

/// <summary>
/// The change account of two runs (methodology/change-accounts.md): every unit × indicator change split by
/// <see cref="ChangeSplit.Of"/>, summed by indicator, by ecosystem transition and in total. Sums of fen amounts are
/// exact, so every line's parts add up to its change.
/// </summary>
public sealed class GepComparison
{
    /// <summary>The label of the missing side of a transition (a unit that appeared or disappeared).</summary>
    public const string None = "(none)";

    private GepComparison(IReadOnlyList<UnitIndicatorChange> units, IReadOnlyDictionary<string, ChangeLine> byIndicator, IReadOnlyDictionary<string, ChangeLine> byTransition, ChangeLine total)
    {
        Units = units;
        ByIndicator = byIndicator;
        ByTransition = byTransition;
        Total = total;
    }

    /// <summary>Every unit × indicator with a figure in either year, in pair order then <c>indicatorOrder</c>.</summary>
    public IReadOnlyList<UnitIndicatorChange> Units { get; }

    /// <summary>Lines by indicator, in the order given.</summary>
    public IReadOnlyDictionary<string, ChangeLine> ByIndicator { get; }

    /// <summary>
    /// Lines by ecosystem transition: <c>forest</c> for units that stayed forest, <c>grassland→forest</c> for converted
    /// units, <c>(none)→forest</c> and <c>forest→(none)</c> for units that appeared or disappeared.
    /// </summary>
    public IReadOnlyDictionary<string, ChangeLine> ByTransition { get; }

    /// <summary>The whole account.</summary>
    public ChangeLine Total { get; }

    /// <summary>The transition label of a pair.</summary>
    public static string Transition(UnitPair p) =>
        p.From is { } f && p.To is { } t && f.Ecosystem == t.Ecosystem ? f.Ecosystem : $"{p.From?.Ecosystem ?? None}→{p.To?.Ecosystem ?? None}";

    /// <summary>Computes the account.</summary>
    /// <param name="pairs">The paired units.</param>
    /// <param name="indicatorOrder">Indicator codes in catalogue order; codes not listed follow in ordinal order.</param>
    public static GepComparison Compute(IReadOnlyList<UnitPair> pairs, IReadOnlyList<string> indicatorOrder)
    {
        var units = new List<UnitIndicatorChange>();
        var byIndicator = new Dictionary<string, ChangeLine>(StringComparer.Ordinal);
        var byTransition = new SortedDictionary<string, ChangeLine>(StringComparer.Ordinal);
        var total = default(ChangeLine);
        foreach (var pair in pairs)
        {
            var codes = (pair.From?.Indicators.Keys ?? []).Union(pair.To?.Indicators.Keys ?? [], StringComparer.Ordinal)
                .OrderBy(c => Rank(indicatorOrder, c)).ThenBy(c => c, StringComparer.Ordinal);
            string transition = Transition(pair);
            foreach (var code in codes)
            {
                var from = pair.From?.Indicators.GetValueOrDefault(code);
                var to = pair.To?.Indicators.GetValueOrDefault(code);
                var split = ChangeSplit.Of(from, to);
                units.Add(new UnitIndicatorChange(pair, code, from, to, split));
                var line = new ChangeLine(from?.ValueCny ?? 0m, to?.ValueCny ?? 0m, split);
                byIndicator[code] = byIndicator.GetValueOrDefault(code) + line;
                byTransition[transition] = byTransition.GetValueOrDefault(transition) + line;
                total += line;
            }
        }
        var ordered = byIndicator.OrderBy(kv => Rank(indicatorOrder, kv.Key)).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return new GepComparison(units, ordered, byTransition, total);
    }

    private static int Rank(IReadOnlyList<string> order, string code)
    {
        for (int i = 0; i < order.Count; i++)
        {
            if (order[i] == code)
            {
                return i;
            }
        }
        return order.Count;
    }
}
