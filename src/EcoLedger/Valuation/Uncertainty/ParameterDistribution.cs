using System.Globalization;
using System.Text.Json;
using EcoLedger.IO;
using EcoLedger.Valuation.Parameters;
using MathNet.Numerics.Distributions;

namespace EcoLedger.Valuation.Uncertainty;

/// <summary>The shape of a parameter distribution.</summary>
public enum DistributionKind
{
    /// <summary>Uniform on [min, max].</summary>
    Uniform,

    /// <summary>Triangular on [min, max] with its mode.</summary>
    Triangular,

    /// <summary>Normal (mean, sd), negative draws redrawn.</summary>
    Normal,

    /// <summary>Log-normal: ln of the value is normal (mu, sigma).</summary>
    LogNormal,
}

/// <summary>One parameter's distribution, with why it has that shape and range.</summary>
/// <param name="Key">The parameter key.</param>
/// <param name="Kind">The shape.</param>
/// <param name="A">min (uniform, triangular), mean (normal), mu (log-normal).</param>
/// <param name="B">max (uniform, triangular), sd (normal), sigma (log-normal).</param>
/// <param name="Mode">The mode (triangular only).</param>
/// <param name="Justification">Where the range comes from.</param>
public sealed record ParameterDistribution(string Key, DistributionKind Kind, double A, double B, double? Mode, string Justification)
{
    /// <summary>The distribution as text, e.g. <c>triangular(29.57, 62.36, 360)</c>.</summary>
    public string Describe() => Kind switch
    {
        DistributionKind.Uniform => Invariant($"uniform({A}, {B})"),
        DistributionKind.Triangular => Invariant($"triangular(min {A}, mode {Mode}, max {B})"),
        DistributionKind.Normal => Invariant($"normal(mean {A}, sd {B})"),
        _ => Invariant($"lognormal(mu {A}, sigma {B})"),
    };

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>A sampler drawing from <paramref name="random"/>.</summary>
    public Func<double> Sampler(Random random) => Kind switch
    {
        DistributionKind.Uniform => new ContinuousUniform(A, B, random).Sample,
        DistributionKind.Triangular => new Triangular(A, B, Mode!.Value, random).Sample,
        DistributionKind.Normal => NonNegative(new Normal(A, B, random)),
        _ => new LogNormal(A, B, random).Sample,
    };

    private static Func<double> NonNegative(Normal normal) => () =>
    {
        // A price or coefficient is never negative: a negative draw is redrawn (the normal truncated at 0).
        double x;
        do
        {
            x = normal.Sample();
        }
        while (x < 0);
        return x;
    };
}

/// <summary>The distributions of a run, keyed by parameter key (<c>methodology/parameters/gep-uncertainty.json</c> or a user file).</summary>
public sealed class DistributionTable
{
    private DistributionTable(string version, IReadOnlyList<ParameterDistribution> distributions)
    {
        Version = version;
        Distributions = distributions;
    }

    /// <summary>The table version.</summary>
    public string Version { get; }

    /// <summary>The distributions in key order.</summary>
    public IReadOnlyList<ParameterDistribution> Distributions { get; }

    /// <summary>The table shipped with EcoLedger.</summary>
    public static DistributionTable Defaults()
    {
        using var stream = typeof(DistributionTable).Assembly.GetManifestResourceStream("EcoLedger.gep-uncertainty.json")
            ?? throw new InvalidOperationException("The uncertainty table is not embedded in the assembly.");
        var problems = new List<string>();
        return Read(stream, "gep-uncertainty.json", ParameterSet.Defaults(), problems) ?? throw new InvalidDataException(string.Join(" ", problems));
    }

    /// <summary>
    /// Reads <c>{ "version", "distributions": { KEY: { "type", …, "justification" } } }</c>; returns null after adding a
    /// message per problem (naming the file, key and field) when it is not valid.
    /// </summary>
    public static DistributionTable? Read(Stream json, string displayName, ParameterSet parameters, List<string> problems)
    {
        int before = problems.Count;
        var utf8 = JsonErrorPosition.ReadAll(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            problems.Add($"{displayName}: {JsonErrorPosition.Describe(e, utf8.Span)}");
            return null;
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("distributions", out var dists) || dists.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{displayName}: expected a JSON object with \"version\" and \"distributions\" (an object keyed by parameter key).");
                return null;
            }
            string version = root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
            var list = new List<ParameterDistribution>();
            foreach (var d in dists.EnumerateObject())
            {
                string at = $"{displayName}: distributions.{d.Name}";
                if (!parameters.All.Any(p => p.Key == d.Name))
                {
                    problems.Add($"{at}: unknown parameter key" + (NameSuggestion.Closest(d.Name, parameters.All.Select(p => p.Key)) is { } hint ? $" (did you mean '{hint}'?)." : "."));
                    continue;
                }
                double? Num(string field)
                {
                    if (d.Value.TryGetProperty(field, out var x) && x.ValueKind == JsonValueKind.Number && x.TryGetDouble(out double value) && double.IsFinite(value))
                    {
                        return value;
                    }
                    problems.Add($"{at}, field '{field}': expected a number.");
                    return null;
                }
                string type = d.Value.ValueKind == JsonValueKind.Object && d.Value.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
                string justification = d.Value.ValueKind == JsonValueKind.Object && d.Value.TryGetProperty("justification", out var j) && j.ValueKind == JsonValueKind.String ? j.GetString()!.Trim() : "";
                if (justification.Length == 0)
                {
                    problems.Add($"{at}, field 'justification': expected why the distribution has this shape and range (e.g. the range of published values); a distribution without one is not accepted.");
                    continue;
                }
                ParameterDistribution? dist = type switch
                {
                    "uniform" when Num("min") is { } lo && Num("max") is { } hi => lo >= 0 && hi > lo ? new(d.Name, DistributionKind.Uniform, lo, hi, null, justification) : Bad(at, "expected 0 ≤ min < max"),
                    "triangular" when Num("min") is { } lo && Num("mode") is { } mode && Num("max") is { } hi =>
                        lo >= 0 && lo <= mode && mode <= hi && hi > lo ? new(d.Name, DistributionKind.Triangular, lo, hi, mode, justification) : Bad(at, "expected 0 ≤ min ≤ mode ≤ max and min < max"),
                    "normal" when Num("mean") is { } mean && Num("sd") is { } sd => mean > 0 && sd > 0 ? new(d.Name, DistributionKind.Normal, mean, sd, null, justification) : Bad(at, "expected mean > 0 and sd > 0"),
                    "lognormal" when Num("mu") is { } mu && Num("sigma") is { } sigma => sigma > 0 ? new(d.Name, DistributionKind.LogNormal, mu, sigma, null, justification) : Bad(at, "expected sigma > 0"),
                    "uniform" or "triangular" or "normal" or "lognormal" => null,
                    _ => Bad($"{at}, field 'type'", $"expected uniform, triangular, normal or lognormal, got '{type}'"),
                };
                if (dist is not null)
                {
                    list.Add(dist);
                }
                ParameterDistribution? Bad(string where, string expectation)
                {
                    problems.Add($"{where}: {expectation}.");
                    return null;
                }
            }
            return problems.Count > before ? null : new DistributionTable(version, [.. list.OrderBy(d => d.Key, StringComparer.Ordinal)]);
        }
    }
}
