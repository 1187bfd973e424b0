using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EcoLedger.Ledger.Compensation;

/// <summary>Problems found in a round's samples before assessment: missing indicators block it, outliers are reported.</summary>
/// <param name="Counts">Effective samples per indicator.</param>
/// <param name="Missing">Sentences naming what is missing (each blocks the assessment).</param>
/// <param name="Outliers">Sentences naming suspicious samples (reported, not blocking).</param>
public sealed record SampleReview(IReadOnlyDictionary<string, int> Counts, IReadOnlyList<string> Missing, IReadOnlyList<string> Outliers);

/// <summary>What a rule decided, before the amount is split across funding sources.</summary>
public sealed record RuleOutcome(IReadOnlyList<AssessmentLine> Lines, IReadOnlyList<AssessmentStep> Steps, string? Index, bool Met,
    string Decision, string Direction, long AmountFen);

/// <summary>
/// An assessment rule. Arithmetic is exact decimal (28 significant digits, .NET <see cref="decimal"/>), so an assessment is
/// reproducible bit for bit; amounts are rounded to the fen half away from zero only at the end. See <c>methodology/compensation.md</c>.
/// </summary>
public abstract class AssessmentRule
{
    /// <summary>Rule kind (<c>water_quality_index</c>, <c>gep_growth</c>, <c>target</c>).</summary>
    public abstract string Kind { get; }

    /// <summary>Rule version, recorded with every assessment (bump on any change of the arithmetic).</summary>
    public string Version => Kind + "/1";

    /// <summary>Indicators the rule reads, with their units.</summary>
    public abstract IReadOnlyDictionary<string, string> Units { get; }

    /// <summary>The only monitoring section accepted, if the rule names one.</summary>
    public virtual string? Section => null;

    /// <summary>True when a sample dated <paramref name="date"/> belongs to a round over <paramref name="start"/>..<paramref name="end"/>.</summary>
    public virtual bool Accepts(DateOnly date, DateOnly start, DateOnly end) => date >= start && date <= end;

    /// <summary>Expected sample dates, for messages.</summary>
    public virtual string DateRange(DateOnly start, DateOnly end) => $"{D(start)}..{D(end)}";

    /// <summary>Missing indicators and outliers among the effective samples.</summary>
    public abstract SampleReview Review(IReadOnlyList<MonitoringSample> samples, DateOnly start, DateOnly end);

    /// <summary>Applies the rule to the effective samples (the review must have no missing indicator).</summary>
    public abstract RuleOutcome Evaluate(IReadOnlyList<MonitoringSample> samples, DateOnly start, DateOnly end);

    /// <summary>Builds and validates a rule from its spec.</summary>
    /// <exception cref="LedgerException">The spec is incomplete or out of range.</exception>
    public static AssessmentRule From(RuleSpec spec) => spec.Kind switch
    {
        "water_quality_index" => new WaterQualityIndexRule(spec),
        "gep_growth" => new GepGrowthRule(spec),
        "target" => new TargetRule(spec),
        _ => throw new LedgerException($"Unknown assessment rule '{spec.Kind}'; expected one of water_quality_index, gep_growth, target."),
    };

    /// <summary>
    /// SHA-256 (hex) of the sample set: one line per sample in id order,
    /// <c>id|section|sampled_at|indicator|value|unit|lab|party|corrects</c>, joined by <c>\n</c>, UTF-8.
    /// </summary>
    public static string SampleSetHash(IEnumerable<MonitoringSample> samples)
    {
        var text = string.Join('\n', samples.OrderBy(s => s.Id).Select(s => string.Join('|', s.Id.ToString(CultureInfo.InvariantCulture), s.Section,
            s.SampledAt, s.Indicator, s.Value, s.Unit, s.Lab, s.Party, s.CorrectsId?.ToString(CultureInfo.InvariantCulture) ?? "")));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Invariant text of an exact decimal without trailing zeros.</summary>
    public static string Text(decimal d) => (d / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses a decimal of a spec or a sample.</summary>
    public static bool TryParse(string? text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>Rounds yuan to whole fen, half away from zero.</summary>
    public static long Fen(decimal yuan) => (long)decimal.Round(yuan * 100m, 0, MidpointRounding.AwayFromZero);

    /// <summary>Formats fen as yuan with two decimals and thousands separators.</summary>
    public static string Yuan(long fen) => (fen / 100m).ToString("#,0.00", CultureInfo.InvariantCulture);

    private protected static decimal Required(string? text, string field, string rule, decimal min, bool exclusiveMin)
    {
        if (!TryParse(text, out var v) || (exclusiveMin ? v <= min : v < min))
        {
            throw new LedgerException($"Rule '{rule}' needs {field} as a decimal {(exclusiveMin ? "greater than" : "of at least")} {Text(min)}; got '{text}'.");
        }
        return v;
    }

    private protected static long RequiredFen(long? fen, string field, string rule)
    {
        if (fen is not long f || f < 0)
        {
            throw new LedgerException($"Rule '{rule}' needs {field} as a whole number of fen of at least 0; got '{fen}'.");
        }
        return f;
    }

    private protected static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

/// <summary>
/// <c>water_quality_index</c>: P = k0 × Σ k_i × C_i / C_i0 over the round's mean concentrations; P ≤ 1 → the payer side (downstream)
/// pays <c>pay_if_met_fen</c> to the payee side (upstream), else the payee side pays <c>pay_if_not_met_fen</c> to the payer side.
/// </summary>
/// <remarks>Source: the Xin'an River horizontal compensation agreement (Anhui–Zhejiang, 2012–), Jiekou section, four indicators.</remarks>
public sealed class WaterQualityIndexRule : AssessmentRule
{
    private readonly List<(string Code, decimal Baseline, decimal Weight, string Unit)> _indicators = [];

    /// <summary>Validates the spec.</summary>
    public WaterQualityIndexRule(RuleSpec spec)
    {
        const string k = "water_quality_index";
        K0 = Required(spec.K0, "k0", k, 0m, true);
        if (spec.Indicators is not { Count: > 0 } list)
        {
            throw new LedgerException("Rule 'water_quality_index' needs at least one indicator.");
        }
        foreach (var i in list)
        {
            if (string.IsNullOrWhiteSpace(i.Code) || string.IsNullOrWhiteSpace(i.Unit))
            {
                throw new LedgerException("Rule 'water_quality_index' needs a code and a unit for every indicator.");
            }
            if (_indicators.Any(x => x.Code == i.Code))
            {
                throw new LedgerException($"Rule 'water_quality_index' lists indicator '{i.Code}' twice.");
            }
            _indicators.Add((i.Code, Required(i.Baseline, $"the baseline of '{i.Code}'", k, 0m, true),
                Required(i.Weight ?? "0.25", $"the weight of '{i.Code}'", k, 0m, false), i.Unit));
        }
        PayIfMetFen = RequiredFen(spec.PayIfMetFen, "pay_if_met_fen", k);
        PayIfNotMetFen = RequiredFen(spec.PayIfNotMetFen ?? 0, "pay_if_not_met_fen", k);
        SectionName = spec.Section;
    }

    /// <inheritdoc/>
    public override string Kind => "water_quality_index";

    /// <summary>Stability coefficient k0.</summary>
    public decimal K0 { get; }

    /// <summary>Paid payer → payee when P ≤ 1.</summary>
    public long PayIfMetFen { get; }

    /// <summary>Paid payee → payer when P &gt; 1.</summary>
    public long PayIfNotMetFen { get; }

    private string? SectionName { get; }

    /// <inheritdoc/>
    public override string? Section => SectionName;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, string> Units => _indicators.ToDictionary(i => i.Code, i => i.Unit, StringComparer.Ordinal);

    /// <inheritdoc/>
    public override SampleReview Review(IReadOnlyList<MonitoringSample> samples, DateOnly start, DateOnly end)
    {
        var counts = _indicators.ToDictionary(i => i.Code, i => samples.Count(s => s.Indicator == i.Code), StringComparer.Ordinal);
        var missing = _indicators.Where(i => counts[i.Code] == 0)
            .Select(i => $"No sample of indicator '{i.Code}'{(Section is null ? "" : $" at section '{Section}'")} in {D(start)}..{D(end)}.").ToList();
        var outliers = new List<string>();
        foreach (var s in samples)
        {
            var ind = _indicators.First(i => i.Code == s.Indicator);
            if (s.Amount > 3m * ind.Baseline)
            {
                outliers.Add($"Sample {s.Id} ({s.Indicator} {s.Value} {s.Unit} on {s.SampledAt}) is more than 3 × the baseline {Text(ind.Baseline)} {ind.Unit}.");
            }
        }
        return new SampleReview(counts, missing, outliers);
    }

    /// <inheritdoc/>
    public override RuleOutcome Evaluate(IReadOnlyList<MonitoringSample> samples, DateOnly start, DateOnly end)
    {
        var lines = new List<AssessmentLine>();
        var steps = new List<AssessmentStep>();
        decimal sum = 0m;
        foreach (var (code, baseline, weight, _) in _indicators)
        {
            var values = samples.Where(s => s.Indicator == code).Select(s => s.Amount).ToList();
            decimal total = values.Sum();
            decimal mean = total / values.Count;
            decimal ratio = mean / baseline;
            decimal weighted = weight * ratio;
            sum += weighted;
            lines.Add(new AssessmentLine(code, values.Count, Text(total), Text(mean), Text(baseline), Text(weight), Text(ratio), Text(weighted)));
            steps.Add(new AssessmentStep($"C_{code}", $"mean of {values.Count} samples = {Text(total)} / {values.Count}", Text(mean)));
            steps.Add(new AssessmentStep($"k×C/C0 {code}", $"{Text(weight)} × {Text(mean)} / {Text(baseline)}", Text(weighted)));
        }
        decimal p = K0 * sum;
        steps.Add(new AssessmentStep("sum", "Σ k_i × C_i / C_i0", Text(sum)));
        steps.Add(new AssessmentStep("P", $"k0 × sum = {Text(K0)} × {Text(sum)}", Text(p)));
        bool met = p <= 1m;
        string pText = Text(p);
        return met
            ? new RuleOutcome(lines, steps, pText, true, $"P = {pText} ≤ 1: the payer side pays {Yuan(PayIfMetFen)} CNY to the payee side.",
                PayIfMetFen == 0 ? "none" : "payer_to_payee", PayIfMetFen)
            : new RuleOutcome(lines, steps, pText, false, $"P = {pText} > 1: the payee side pays {Yuan(PayIfNotMetFen)} CNY to the payer side.",
                PayIfNotMetFen == 0 ? "none" : "payee_to_payer", PayIfNotMetFen);
    }
}

/// <summary>
/// <c>gep_growth</c>: payment = base + rate × max(0, GEP_t − GEP_{t−1}) at constant prices, from two <c>gep compute</c> summaries
/// imported as samples of indicator <c>gep_total</c> (unit <c>CNY@parameters_version</c>), dated in years t−1 and t.
/// </summary>
public sealed class GepGrowthRule : AssessmentRule
{
    /// <summary>The indicator a GEP summary is imported as.</summary>
    public const string GepIndicator = "gep_total";

    /// <summary>Validates the spec.</summary>
    public GepGrowthRule(RuleSpec spec)
    {
        BaseFen = RequiredFen(spec.BaseFen ?? 0, "base_fen", Kind);
        Rate = Required(spec.Rate, "rate", Kind, 0m, false);
    }

    /// <inheritdoc/>
    public override string Kind => "gep_growth";

    /// <summary>Fixed part in fen.</summary>
    public long BaseFen { get; }

    /// <summary>Yuan paid per yuan of GEP growth.</summary>
    public decimal Rate { get; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, string> Units => new Dictionary<string, string> { [GepIndicator] = "CNY@<parameters_version>" };

    /// <inheritdoc/>
    public override bool Accepts(DateOnly date, DateOnly start, DateOnly end) => date.Year == end.Year || date.Year == end.Year - 1;

    /// <inheritdoc/>
    public override string DateRange(DateOnly start, DateOnly end) => $"the years {end.Year - 1} and {end.Year}";

    private static MonitoringSample? Latest(IReadOnlyList<MonitoringSample> samples, int year) =>
        samples.Where(s => s.Indicator == GepIndicator && s.Date.Year == year).OrderBy(s => s.SampledAt, StringComparer.Ordinal).ThenBy(s => s.Id).LastOrDefault();

    /// <inheritdoc/>
    public override SampleReview Review(IReadOnlyList<MonitoringSample> samples, DateOnly start, DateOnly end)
    {
        int t = end.Year;
        var missing = new List<string>();
        var prev = Latest(samples, t - 1);
        var cur = Latest(samples, t);
        if (prev is null)
        {
            missing.Add($"No GEP summary (indicator '{GepIndicator}') for {t - 1}.");
        }
        if (cur is null)
        {
            missing.Add($"No GEP summary (indicator '{GepIndicator}') for {t}.");
        }
        if (prev is not null && cur is not null && prev.Unit != cur.Unit)
        {
            missing.Add($"The GEP summaries of {t - 1} ({prev.Unit}) and {t} ({cur.Unit}) are not at constant prices: use the same parameter table.");
        }
        return new SampleReview(new Dictionary<string, int> { [GepIndicator] = samples.Count(s => s.Indicator == GepIndicator) }, missing, []);
    }

    /// <inheritdoc/>
    public override RuleOutcome Evaluate(IReadOnlyList<MonitoringSample> samples, DateOnly start, DateOnly end)
    {
        int t = end.Year;
        var prev = Latest(samples, t - 1)!;
        var cur = Latest(samples, t)!;
        decimal growth = cur.Amount - prev.Amount;
        decimal counted = Math.Max(0m, growth);
        decimal yuan = BaseFen / 100m + Rate * counted;
        long fen = Fen(yuan);
        var steps = new List<AssessmentStep>
        {
            new($"GEP_{t - 1}", $"sample {prev.Id} ({prev.Unit})", Text(prev.Amount)),
            new($"GEP_{t}", $"sample {cur.Id} ({cur.Unit})", Text(cur.Amount)),
            new("growth", $"GEP_{t} − GEP_{t - 1}", Text(growth)),
            new("counted growth", "max(0, growth)", Text(counted)),
            new("payment (yuan)", $"base + rate × counted growth = {Text(BaseFen / 100m)} + {Text(Rate)} × {Text(counted)}", Text(yuan)),
            new("payment (fen)", "rounded to the fen, half away from zero", fen.ToString(CultureInfo.InvariantCulture)),
        };
        return new RuleOutcome([], steps, Text(growth), growth > 0,
            $"GEP grew by {Text(growth)} CNY: the payer side pays {Yuan(fen)} CNY to the payee side.", fen == 0 ? "none" : "payer_to_payee", fen);
    }
}

/// <summary>
/// <c>target</c>: a fixed amount when a named indicator (forest cover %, protected area km²) meets its target, either all or nothing
/// or pro-rated (amount × min(1, value / target)). The latest effective sample of the round is the value.
/// </summary>
public sealed class TargetRule : AssessmentRule
{
    /// <summary>Validates the spec.</summary>
    public TargetRule(RuleSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.Indicator) || string.IsNullOrWhiteSpace(spec.Unit))
        {
            throw new LedgerException("Rule 'target' needs an indicator and its unit.");
        }
        Indicator = spec.Indicator;
        Unit = spec.Unit;
        Target = Required(spec.Target, "target", Kind, 0m, true);
        AmountFen = RequiredFen(spec.AmountFen, "amount_fen", Kind);
        Mode = spec.Mode ?? "all_or_nothing";
        if (Mode is not ("all_or_nothing" or "pro_rated"))
        {
            throw new LedgerException($"Rule 'target' has mode '{Mode}'; expected all_or_nothing or pro_rated.");
        }
    }

    /// <inheritdoc/>
    public override string Kind => "target";

    /// <summary>The indicator (e.g. <c>forest_cover_pct</c>).</summary>
    public string Indicator { get; }

    /// <summary>Its unit.</summary>
    public string Unit { get; }

    /// <summary>The target value.</summary>
    public decimal Target { get; }

    /// <summary>Full amount in fen.</summary>
    public long AmountFen { get; }

    /// <summary><c>all_or_nothing</c> or <c>pro_rated</c>.</summary>
    public string Mode { get; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, string> Units => new Dictionary<string, string> { [Indicator] = Unit };

    /// <inheritdoc/>
    public override SampleReview Review(IReadOnlyList<MonitoringSample> samples, DateOnly start, DateOnly end)
    {
        int n = samples.Count(s => s.Indicator == Indicator);
        return new SampleReview(new Dictionary<string, int> { [Indicator] = n },
            n == 0 ? [$"No sample of indicator '{Indicator}' in {D(start)}..{D(end)}."] : [], []);
    }

    /// <inheritdoc/>
    public override RuleOutcome Evaluate(IReadOnlyList<MonitoringSample> samples, DateOnly start, DateOnly end)
    {
        var s = samples.Where(x => x.Indicator == Indicator).OrderBy(x => x.SampledAt, StringComparer.Ordinal).ThenBy(x => x.Id).Last();
        decimal value = s.Amount;
        bool met = value >= Target;
        decimal fraction = Mode == "pro_rated" ? Math.Min(1m, value / Target) : met ? 1m : 0m;
        long fen = Fen(AmountFen / 100m * fraction);
        var steps = new List<AssessmentStep>
        {
            new(Indicator, $"latest sample {s.Id} ({s.SampledAt})", Text(value)),
            new("target", $"set by the agreement ({Unit})", Text(Target)),
            new("fraction", Mode == "pro_rated" ? $"min(1, {Text(value)} / {Text(Target)})" : $"{Text(value)} ≥ {Text(Target)} ? 1 : 0", Text(fraction)),
            new("payment (fen)", $"{AmountFen} × {Text(fraction)}, rounded to the fen", fen.ToString(CultureInfo.InvariantCulture)),
        };
        string verdict = met ? "meets" : "misses";
        return new RuleOutcome([], steps, Text(value), met,
            $"{Indicator} = {Text(value)} {Unit} {verdict} the target {Text(Target)}: the payer side pays {Yuan(fen)} CNY to the payee side.",
            fen == 0 ? "none" : "payer_to_payee", fen);
    }
}
