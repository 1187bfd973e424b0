using EcoLedger.Valuation.Accounting;
using EcoLedger.Valuation.Indicators;
using EcoLedger.Valuation.Parameters;
using EcoLedger.Valuation.Prices;
using MathNet.Numerics.Random;
using MathNet.Numerics.Statistics;

namespace EcoLedger.Valuation.Uncertainty;

/// <summary>The percentiles of one result line (an indicator, a category or GEP) over the draws.</summary>
/// <param name="Level">indicator, category or total.</param>
/// <param name="Code">Indicator or category code, or GEP.</param>
/// <param name="BaseCny">The value of the run itself (every parameter at its table value).</param>
/// <param name="P5">5th percentile, CNY.</param>
/// <param name="P50">Median, CNY.</param>
/// <param name="P95">95th percentile, CNY.</param>
/// <param name="Mean">Mean, CNY.</param>
public sealed record UncertaintyLine(string Level, string Code, decimal BaseCny, decimal P5, decimal P50, decimal P95, decimal Mean);

/// <summary>How much one parameter moves GEP: Spearman's rank correlation of its draws with the total.</summary>
/// <param name="Distribution">The parameter's distribution.</param>
/// <param name="RankCorrelation">ρ with the GEP total over the draws.</param>
public sealed record Sensitivity(ParameterDistribution Distribution, double RankCorrelation);

/// <summary>The result of a Monte Carlo run.</summary>
/// <param name="Draws">Number of draws.</param>
/// <param name="Seed">The seed.</param>
/// <param name="Method">linear (price draws recombine per-price totals) or recompute (each draw reruns the engine).</param>
/// <param name="Lines">Indicator, category and total lines.</param>
/// <param name="Sensitivities">Parameters by |ρ|, largest first.</param>
/// <param name="Ignored">Distributions not used by this run, with why.</param>
public sealed record UncertaintyResult(int Draws, int Seed, string Method, IReadOnlyList<UncertaintyLine> Lines, IReadOnlyList<Sensitivity> Sensitivities, IReadOnlyList<string> Ignored);

/// <summary>
/// Monte Carlo propagation of parameter distributions to GEP (methodology/uncertainty.md).
/// </summary>
/// <remarks>
/// Every price enters the accounts linearly (value = quantity × price, and region totals allocated in proportion), so
/// with only prices drawn the run computes, per indicator, the value with every drawn price at zero (c₀) and, for each
/// drawn price k, the value with only k at its table value (c₀ + d_k); a draw is then c₀ + Σ_k (x_k / v_k) d_k, where
/// x_k is the draw and v_k the table value: K + 1 engine runs instead of one per draw. The sum c₀ + Σ d_k is checked
/// against the run's own totals (it may differ only by the rounding of rows to the fen); if it does not hold, or a
/// coefficient that changes quantities is drawn, every draw reruns the engine. Draws are in double; the percentiles
/// are rounded to the fen once, for the tables.
/// </remarks>
public static class MonteCarlo
{
    /// <summary>Runs <paramref name="draws"/> draws with seed <paramref name="seed"/> (Mersenne Twister, so a seed always gives the same result).</summary>
    /// <param name="units">The run's units.</param>
    /// <param name="parameters">The run's effective parameter table (converted, when at constant prices).</param>
    /// <param name="published">The table the distributions describe (the shipped defaults).</param>
    /// <param name="stats">Region statistics.</param>
    /// <param name="options">Method profile and choices.</param>
    /// <param name="table">The distributions.</param>
    /// <param name="draws">Number of draws, at least 100.</param>
    /// <param name="seed">Seed.</param>
    /// <param name="baseTotals">The run's totals by indicator code.</param>
    public static UncertaintyResult Run(IReadOnlyList<AccountingUnit> units, ParameterSet parameters, ParameterSet published, RegionStatistics stats, GepOptions options,
        DistributionTable table, int draws, int seed, IReadOnlyDictionary<string, decimal> baseTotals)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 100);
        var indicators = GepIndicators.All.Where(i => options.Counts(i.Code)).ToList();
        var usedPrices = ConstantPrices.UsedPriceKeys(published, options);
        var ignored = new List<string>();
        var active = new List<ParameterDistribution>();
        foreach (var d in table.Distributions)
        {
            bool isPrice = ParameterSet.IsPrice(published[d.Key]);
            if (published[d.Key].Value is not { } v || v == 0m || parameters[d.Key].Value is null)
            {
                ignored.Add($"{d.Key}: the run has no value for it");
            }
            else if (isPrice && !usedPrices.Contains(d.Key))
            {
                ignored.Add($"{d.Key}: not used by the {options.Profile.Code} profile");
            }
            else
            {
                active.Add(d);
            }
        }
        // Drawn in key order from one generator: the same seed gives the same draws.
        var random = new MersenneTwister(seed, threadSafe: false);
        var samplers = active.Select(d => d.Sampler(random)).ToArray();
        var x = new double[active.Count][];
        for (int k = 0; k < active.Count; k++)
        {
            x[k] = new double[draws];
        }
        for (int n = 0; n < draws; n++)
        {
            for (int k = 0; k < active.Count; k++)
            {
                x[k][n] = samplers[k]();
            }
        }
        // Multipliers: draw ÷ table value (a price at constant prices is the table value × its factor, so it scales alike).
        var multiplier = active.Select((d, k) => x[k].Select(v => v / (double)published[d.Key].Value!.Value).ToArray()).ToArray();
        var values = indicators.Select(_ => new double[draws]).ToArray();
        string method;
        bool allPrices = active.All(d => ParameterSet.IsPrice(published[d.Key]));
        if (allPrices && Linear(units, parameters, stats, options, indicators, active, baseTotals, out var c0, out var dk))
        {
            method = "linear";
            for (int i = 0; i < indicators.Count; i++)
            {
                for (int n = 0; n < draws; n++)
                {
                    double v = c0[i];
                    for (int k = 0; k < active.Count; k++)
                    {
                        v += multiplier[k][n] * dk[k][i];
                    }
                    values[i][n] = v;
                }
            }
        }
        else
        {
            method = "recompute";
            for (int n = 0; n < draws; n++)
            {
                var set = parameters.WithValues(active.Select((d, k) => KeyValuePair.Create(d.Key,
                    ParameterSet.IsPrice(published[d.Key]) ? parameters[d.Key].Value!.Value * (decimal)multiplier[k][n] : (decimal)x[k][n])).ToDictionary(), $"draw-{n + 1}");
                var totals = Totals(units, set, stats, options, indicators);
                for (int i = 0; i < indicators.Count; i++)
                {
                    values[i][n] = (double)totals[i];
                }
            }
        }
        var lines = new List<UncertaintyLine>();
        for (int i = 0; i < indicators.Count; i++)
        {
            lines.Add(Line("indicator", indicators[i].Code, baseTotals.GetValueOrDefault(indicators[i].Code), values[i]));
        }
        foreach (var cat in Enum.GetValues<ServiceCategory>())
        {
            var members = indicators.Select((ind, i) => (ind, i)).Where(t => t.ind.Category == cat).ToList();
            var sum = new double[draws];
            foreach (var (_, i) in members)
            {
                for (int n = 0; n < draws; n++)
                {
                    sum[n] += values[i][n];
                }
            }
            lines.Add(Line("category", cat.ToString().ToLowerInvariant(), members.Sum(m => baseTotals.GetValueOrDefault(m.ind.Code)), sum));
        }
        var total = new double[draws];
        foreach (var v in values)
        {
            for (int n = 0; n < draws; n++)
            {
                total[n] += v[n];
            }
        }
        lines.Add(Line("total", "GEP", indicators.Sum(i => baseTotals.GetValueOrDefault(i.Code)), total));
        var sensitivities = active.Select((d, k) => new Sensitivity(d, Correlation.Spearman(x[k], total)))
            .Select(s => double.IsNaN(s.RankCorrelation) ? s with { RankCorrelation = 0 } : s)
            .OrderByDescending(s => Math.Abs(s.RankCorrelation)).ThenBy(s => s.Distribution.Key, StringComparer.Ordinal).ToList();
        return new UncertaintyResult(draws, seed, method, lines, sensitivities, ignored);
    }

    private static UncertaintyLine Line(string level, string code, decimal baseCny, double[] draws)
    {
        var sorted = (double[])draws.Clone();
        Array.Sort(sorted);
        static decimal Fen(double v) => GepEngine.RoundToFen((decimal)v);
        return new UncertaintyLine(level, code, baseCny, Fen(SortedArrayStatistics.Quantile(sorted, 0.05)), Fen(SortedArrayStatistics.Quantile(sorted, 0.50)),
            Fen(SortedArrayStatistics.Quantile(sorted, 0.95)), Fen(sorted.Average()));
    }

    private static bool Linear(IReadOnlyList<AccountingUnit> units, ParameterSet parameters, RegionStatistics stats, GepOptions options, List<GepIndicator> indicators,
        List<ParameterDistribution> active, IReadOnlyDictionary<string, decimal> baseTotals, out double[] c0, out double[][] dk)
    {
        var zero = active.ToDictionary(d => d.Key, _ => 0m);
        var zeroTotals = Totals(units, parameters.WithValues(zero, "prices-at-zero"), stats, options, indicators);
        c0 = zeroTotals.Select(v => (double)v).ToArray();
        dk = new double[active.Count][];
        var sum = (decimal[])zeroTotals.Clone();
        for (int k = 0; k < active.Count; k++)
        {
            var only = new Dictionary<string, decimal>(zero) { [active[k].Key] = parameters[active[k].Key].Value!.Value };
            var t = Totals(units, parameters.WithValues(only, $"only-{active[k].Key}"), stats, options, indicators);
            dk[k] = t.Select((v, i) => (double)(v - zeroTotals[i])).ToArray();
            for (int i = 0; i < sum.Length; i++)
            {
                sum[i] += t[i] - zeroTotals[i];
            }
        }
        // Rows are rounded to the fen in each run: allow half a fen per unit and run.
        decimal tolerance = 0.005m * units.Count * (active.Count + 2);
        return indicators.Select((ind, i) => Math.Abs(sum[i] - baseTotals.GetValueOrDefault(ind.Code)) <= tolerance).All(ok => ok);
    }

    /// <summary>Runs the engine in memory and returns the value of each indicator (in <paramref name="indicators"/> order).</summary>
    private static decimal[] Totals(IReadOnlyList<AccountingUnit> units, ParameterSet parameters, RegionStatistics stats, GepOptions options, List<GepIndicator> indicators)
    {
        var sink = new TotalsSink(indicators);
        new GepEngine(parameters, stats, options).Run(units, sink);
        return sink.Values;
    }

    private sealed class TotalsSink(List<GepIndicator> indicators) : IGepSink
    {
        private readonly Dictionary<string, int> _index = indicators.Select((ind, i) => (ind.Code, i)).ToDictionary(t => t.Code, t => t.i, StringComparer.Ordinal);

        public decimal[] Values { get; } = new decimal[indicators.Count];

        public void Row(in GepRow row)
        {
            if (_index.TryGetValue(row.Indicator, out int i))
            {
                Values[i] += row.ValueCny;
            }
        }

        public void NotComputed(in NotComputed item)
        {
        }

        public void Warning(in UnitWarning warning)
        {
        }
    }
}
