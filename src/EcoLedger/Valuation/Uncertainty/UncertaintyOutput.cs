using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EcoLedger.IO;

namespace EcoLedger.Valuation.Uncertainty;

/// <summary>What <c>gep compute --uncertainty N --seed S</c> asks for.</summary>
/// <param name="Draws">Number of draws (at least 100).</param>
/// <param name="Seed">Seed of the random generator.</param>
/// <param name="Table">The distributions.</param>
/// <param name="TableFile">The user's distribution file, or null for the shipped one.</param>
public sealed record UncertaintyRequest(int Draws, int Seed, DistributionTable Table, string? TableFile);

/// <summary>The files and the summary entry of an uncertainty run.</summary>
public static class UncertaintyOutput
{
    /// <summary>Percentiles by indicator, category and total.</summary>
    public const string LinesFile = "gep-uncertainty.csv";

    /// <summary>The distributions used and their rank correlation with GEP.</summary>
    public const string ParametersFile = "gep-uncertainty-parameters.csv";

    /// <summary>gep-uncertainty.csv.</summary>
    public static byte[] LinesCsv(UncertaintyResult r)
    {
        var s = new StringBuilder("level,code,value_cny,p5_cny,p50_cny,p95_cny,mean_cny\n");
        foreach (var l in r.Lines)
        {
            s.Append(CultureInfo.InvariantCulture, $"{l.Level},{l.Code},{l.BaseCny:0.00},{l.P5:0.00},{l.P50:0.00},{l.P95:0.00},{l.Mean:0.00}\n");
        }
        return Encoding.UTF8.GetBytes(s.ToString());
    }

    /// <summary>gep-uncertainty-parameters.csv.</summary>
    public static byte[] ParametersCsv(UncertaintyResult r)
    {
        var s = new StringBuilder("key,distribution,spearman_rho_with_gep,justification\n");
        foreach (var p in r.Sensitivities)
        {
            s.Append(CultureInfo.InvariantCulture, $"{p.Distribution.Key},{CsvField.Escape(p.Distribution.Describe())},{p.RankCorrelation:0.0000},{CsvField.Escape(p.Distribution.Justification)}\n");
        }
        return Encoding.UTF8.GetBytes(s.ToString());
    }

    /// <summary>The <c>uncertainty</c> entry of gep-summary.json.</summary>
    public static JsonObject Summary(UncertaintyResult r, UncertaintyRequest request)
    {
        JsonObject Interval(UncertaintyLine l) => new() { ["value_cny"] = l.BaseCny, ["p5_cny"] = l.P5, ["p50_cny"] = l.P50, ["p95_cny"] = l.P95 };
        return new JsonObject
        {
            ["draws"] = r.Draws,
            ["seed"] = r.Seed,
            ["method"] = r.Method,
            ["distributions_file"] = request.TableFile ?? "methodology/parameters/gep-uncertainty.json",
            ["distributions_version"] = request.Table.Version,
            ["total"] = Interval(r.Lines.Single(l => l.Level == "total")),
            ["by_category"] = new JsonObject(r.Lines.Where(l => l.Level == "category").Select(l => KeyValuePair.Create(l.Code, (JsonNode?)Interval(l)))),
            ["by_indicator"] = new JsonObject(r.Lines.Where(l => l.Level == "indicator").Select(l => KeyValuePair.Create(l.Code, (JsonNode?)Interval(l)))),
            ["parameters"] = new JsonArray(r.Sensitivities.Select(s => (JsonNode?)new JsonObject
            {
                ["key"] = s.Distribution.Key,
                ["distribution"] = s.Distribution.Describe(),
                ["spearman_rho_with_gep"] = Math.Round(s.RankCorrelation, 4),
                ["justification"] = s.Distribution.Justification,
            }).ToArray()),
            ["not_used"] = new JsonArray(r.Ignored.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
            ["note"] = "percentiles of the draws, rounded to the fen; the parameters without a distribution are held at their values, so the interval shows the spread over the published price choices, not every source of error",
        };
    }
}
