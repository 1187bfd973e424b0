using System.Globalization;
using System.Text.RegularExpressions;

namespace EcoLedger.Zoning;

/// <summary>A named value-density tier: a unit is in it when its density is at least the threshold.</summary>
/// <param name="Name">Lower-case name, e.g. <c>priority</c>.</param>
/// <param name="ThresholdCnyPerKm2">The lower bound, inclusive, in yuan per km².</param>
public sealed record Tier(string Name, decimal ThresholdCnyPerKm2);

/// <summary>
/// Tiers ordered from the highest threshold down. A unit belongs to the highest tier whose threshold its density
/// reaches (density ≥ threshold: exactly the threshold is in the tier), or to none.
/// </summary>
public sealed partial class TierSet
{
    /// <summary>
    /// The default priority-protection threshold, 5,000,000 yuan/km² (500 万元/km²), from the product brief
    /// (methodology/zoning.md; shared methodology REFERENCE.md, "Zoning threshold").
    /// </summary>
    public const decimal DefaultPriorityThresholdCnyPerKm2 = 5_000_000m;

    private TierSet(IReadOnlyList<Tier> tiers) => Tiers = tiers;

    /// <summary>The tiers, highest threshold first.</summary>
    public IReadOnlyList<Tier> Tiers { get; }

    /// <summary>The highest tier: the one site screening calls "priority".</summary>
    public Tier Top => Tiers[0];

    /// <summary>One tier, <c>priority</c> at ≥ 5,000,000 yuan/km².</summary>
    public static TierSet Default { get; } = new([new Tier("priority", DefaultPriorityThresholdCnyPerKm2)]);

    /// <summary>The name of the tier site screening and the summary's <c>priority_*</c> fields count as priority: if given, it must be the highest.</summary>
    public const string PriorityName = "priority";

    /// <summary>The name screening's <c>touches_important</c> verdict gives the lower tiers: if given, it may not be the highest.</summary>
    public const string ImportantName = "important";

    /// <summary>
    /// Creates a tier set (any order; sorted by threshold, highest first). Ranks go by threshold, not by name: the highest tier is the one
    /// screening and the summary count as priority. So a tier named <c>priority</c> must have the highest threshold and one named
    /// <c>important</c> may not, or the tier named "important" would be counted as priority (methodology/zoning.md, "Value density and tiers").
    /// </summary>
    /// <exception cref="ZoningInputException">Empty, a bad name, a negative threshold, a repeated name or threshold, or the names priority
    /// and important out of rank order.</exception>
    public static TierSet Of(IEnumerable<Tier> tiers) => Build(tiers, null);

    // given: the option's text as typed, for the rank message; null to spell the tiers in the order given.
    private static TierSet Build(IEnumerable<Tier> tiers, string? given)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        var list = tiers.ToList();
        if (list.Count == 0)
        {
            throw new ZoningInputException("--tiers", null, "the tier list is empty; give at least one tier as name:threshold, e.g. priority:5e6.");
        }
        var problems = new List<ZoningProblem>();
        foreach (var t in list)
        {
            if (!NamePattern().IsMatch(t.Name))
            {
                problems.Add(new ZoningProblem("--tiers", null, $"tier name '{t.Name}' is not allowed; use lower-case letters, digits, '_' or '-'."));
            }
            if (t.ThresholdCnyPerKm2 < 0)
            {
                problems.Add(new ZoningProblem("--tiers", null, $"tier {t.Name} has threshold {t.ThresholdCnyPerKm2}; expected a value ≥ 0 yuan/km²."));
            }
        }
        foreach (var g in list.GroupBy(t => t.Name).Where(g => g.Count() > 1))
        {
            problems.Add(new ZoningProblem("--tiers", null, $"tier name {g.Key} is given more than once."));
        }
        foreach (var g in list.GroupBy(t => t.ThresholdCnyPerKm2).Where(g => g.Count() > 1))
        {
            problems.Add(new ZoningProblem("--tiers", null, $"tiers {string.Join(" and ", g.Select(t => t.Name))} have the same threshold {g.Key}."));
        }
        if (problems.Count > 0)
        {
            throw new ZoningInputException(problems);
        }
        var ranked = list.OrderByDescending(t => t.ThresholdCnyPerKm2).ToList();
        if (ranked[0].Name == ImportantName || ranked.Skip(1).Any(t => t.Name == PriorityName))
        {
            given ??= string.Join(",", list.Select(t => $"{t.Name}:{t.ThresholdCnyPerKm2.ToString(CultureInfo.InvariantCulture)}"));
            throw new ZoningInputException("--tiers", null,
                $"'{given}' makes {ranked[0].Name} the highest tier, which screening and the summary count as priority; expected " +
                $"{PriorityName} to have the highest threshold and {ImportantName} a lower one, e.g. priority:5e6,important:2e6.");
        }
        return new TierSet(ranked);
    }

    /// <summary>Parses <c>name:threshold,name:threshold</c>, e.g. <c>priority:5e6,important:2e6</c> (yuan/km²).</summary>
    /// <exception cref="ZoningInputException">The text is empty or malformed.</exception>
    public static TierSet Parse(string? text)
    {
        var entries = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var tiers = new List<Tier>();
        foreach (string entry in entries)
        {
            int colon = entry.LastIndexOf(':');
            if (colon <= 0 || !decimal.TryParse(entry[(colon + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out decimal threshold))
            {
                throw new ZoningInputException("--tiers", null, $"'{entry}' is not a tier; expected name:threshold in yuan/km², e.g. priority:5e6.");
            }
            tiers.Add(new Tier(entry[..colon].Trim(), threshold));
        }
        return Build(tiers, (text ?? "").Trim());
    }

    /// <summary>The tier of a density (≥ threshold), or null when below every threshold.</summary>
    public Tier? Classify(decimal densityCnyPerKm2)
    {
        foreach (var t in Tiers)
        {
            if (densityCnyPerKm2 >= t.ThresholdCnyPerKm2)
            {
                return t;
            }
        }
        return null;
    }

    /// <summary>The tiers as the option text, highest first.</summary>
    public override string ToString() =>
        string.Join(",", Tiers.Select(t => $"{t.Name}:{t.ThresholdCnyPerKm2.ToString(CultureInfo.InvariantCulture)}"));

    [GeneratedRegex("^[a-z0-9_-]+$")]
    private static partial Regex NamePattern();
}
