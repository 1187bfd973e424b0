using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcoLedger.Reports.Inputs;

/// <summary>One line of a change account: change split into quantity effect, price effect and the undecomposed rest.</summary>
/// <param name="Code">Indicator code, or GEP.</param>
/// <param name="FromCny">Value in the earlier year.</param>
/// <param name="ToCny">Value in the later year.</param>
/// <param name="ChangeCny">Change.</param>
/// <param name="QuantityEffectCny">Quantity effect.</param>
/// <param name="PriceEffectCny">Price effect.</param>
/// <param name="NotDecomposedCny">Change of value-only indicators.</param>
public sealed record ChangeAccountLine(string Code, decimal FromCny, decimal ToCny, decimal ChangeCny, decimal QuantityEffectCny, decimal PriceEffectCny, decimal NotDecomposedCny);

/// <summary>The output folder of <c>gep compare</c>, read back for the GEP report (methodology/change-accounts.md).</summary>
public sealed class ChangeAccountFolder
{
    /// <summary>The summary file a report reads.</summary>
    public const string SummaryFile = "gep-change-summary.json";

    private ChangeAccountFolder(string directory, int? fromYear, int? toYear, string prices, IReadOnlyList<ChangeAccountLine> indicators, ChangeAccountLine total)
    {
        Directory = directory;
        FromYear = fromYear;
        ToYear = toYear;
        Prices = prices;
        Indicators = indicators;
        Total = total;
    }

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>The earlier run's year.</summary>
    public int? FromYear { get; }

    /// <summary>The later run's year.</summary>
    public int? ToYear { get; }

    /// <summary>The price basis, e.g. <c>constant 2024 prices</c>.</summary>
    public string Prices { get; }

    /// <summary>Lines by indicator, in catalogue order.</summary>
    public IReadOnlyList<ChangeAccountLine> Indicators { get; }

    /// <summary>The GEP line.</summary>
    public ChangeAccountLine Total { get; }

    /// <summary>Reads the folder.</summary>
    /// <exception cref="ReportInputException">The folder is not a <c>gep compare</c> output.</exception>
    public static ChangeAccountFolder Read(string directory)
    {
        string path = Path.Combine(directory, SummaryFile);
        if (!File.Exists(path))
        {
            throw new ReportInputException($"--change: '{directory}' has no {SummaryFile}; expected the --out folder of 'gep compare'.");
        }
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            static ChangeAccountLine Line(string code, JsonNode n) => new(code, n["value_from_cny"]!.GetValue<decimal>(), n["value_to_cny"]!.GetValue<decimal>(),
                n["change_cny"]!.GetValue<decimal>(), n["quantity_effect_cny"]!.GetValue<decimal>(), n["price_effect_cny"]!.GetValue<decimal>(), n["not_decomposed_cny"]!.GetValue<decimal>());
            var lines = root["by_indicator"]!.AsObject().Select(kv => Line(kv.Key, kv.Value!)).ToList();
            return new ChangeAccountFolder(directory, root["from"]?["year"]?.GetValue<int>(), root["to"]?["year"]?.GetValue<int>(),
                root["prices"]?.GetValue<string>() ?? "", lines, Line("GEP", root["total"]!));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new ReportInputException($"--change: {path} is not a change summary written by 'gep compare' ({e.Message}).");
        }
    }
}
