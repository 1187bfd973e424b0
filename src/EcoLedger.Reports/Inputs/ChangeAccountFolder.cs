using System.Text.Json;
using System.Text.Json.Nodes;
using EcoLedger.IO;

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
    /// <summary>The SEEA extent account <c>gep compare</c> writes (opening, additions, reductions, net change, closing by type).</summary>
    public const string ExtentFile = "gep-extent-account.csv";

    /// <summary>The ecosystem-type change matrix (from type × to type, km²).</summary>
    public const string MatrixFile = "gep-extent-change-matrix.csv";

    /// <summary>The condition account (opening, closing and change of area-weighted condition variables).</summary>
    public const string ConditionFile = "gep-condition-account.csv";

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

    /// <summary>The later run's number of units, as its summary gave it; null when not recorded.</summary>
    public int? ToUnits { get; private init; }

    /// <summary>The later run's GEP as published (its own prices), as its summary gave it; null when not recorded.</summary>
    public decimal? ToTotalCny { get; private init; }

    /// <summary>The price basis, e.g. <c>constant 2024 prices</c>.</summary>
    public string Prices { get; }

    /// <summary>The earlier and later run's price years (null: prices as published), as the summary gave them.</summary>
    public (int? From, int? To) PriceYears { get; private init; }

    /// <summary>The earlier and later run's parameter price years (<c>price_years</c>; empty when the summary predates them).</summary>
    private (IReadOnlyList<string> From, IReadOnlyList<string> To) PublishedPriceYears { get; init; } = ([], []);

    /// <summary>The earlier and later run's price basis label (e.g. <c>current prices (2024, the accounting year)</c>), as the summary gave it.</summary>
    private (string From, string To) PriceLabels { get; init; } = ("", "");

    /// <summary>
    /// <see cref="Prices"/> in the report's language: both runs at one price year read as that year's constant prices, as
    /// <c>gep compare</c> says; otherwise each run's basis (constant, current — the price year is the run's year — or as
    /// published), earlier → later.
    /// </summary>
    public string PricesIn(Labels l)
    {
        if (!l.IsZh)
        {
            return Prices;
        }
        if (PriceYears.From is { } py && PriceYears.To == py)
        {
            return l.PriceBasis("constant", py, [], Prices);
        }
        string Run(int? year, int? priceYear, IReadOnlyList<string> published, string english) =>
            l.PriceBasis(priceYear is not null && priceYear == year ? "current" : "constant", priceYear, published, english);
        return $"{Run(FromYear, PriceYears.From, PublishedPriceYears.From, PriceLabels.From)} → {Run(ToYear, PriceYears.To, PublishedPriceYears.To, PriceLabels.To)}";
    }

    /// <summary>Lines by indicator, in catalogue order.</summary>
    public IReadOnlyList<ChangeAccountLine> Indicators { get; }

    /// <summary>The GEP line.</summary>
    public ChangeAccountLine Total { get; }

    /// <summary>The extent account as written, or null when the folder has none.</summary>
    public AccountTable? Extent { get; private init; }

    /// <summary>The change matrix as written, or null.</summary>
    public AccountTable? ChangeMatrix { get; private init; }

    /// <summary>The condition account as written, or null.</summary>
    public AccountTable? Condition { get; private init; }

    /// <summary>Reads the folder.</summary>
    /// <exception cref="ReportInputException">The folder is not a <c>gep compare</c> output.</exception>
    public static ChangeAccountFolder Read(string directory)
    {
        string path = Path.Combine(directory, SummaryFile);
        if (!File.Exists(path))
        {
            throw new ReportInputException($"--change: '{directory}' has no {SummaryFile}; expected the --out folder of 'gep compare'.");
        }
        string text = File.ReadAllText(path);
        try
        {
            var root = JsonNode.Parse(text)!.AsObject();
            static ChangeAccountLine Line(string code, JsonNode n) => new(code, n["value_from_cny"]!.GetValue<decimal>(), n["value_to_cny"]!.GetValue<decimal>(),
                n["change_cny"]!.GetValue<decimal>(), n["quantity_effect_cny"]!.GetValue<decimal>(), n["price_effect_cny"]!.GetValue<decimal>(), n["not_decomposed_cny"]!.GetValue<decimal>());
            static IReadOnlyList<string> Years(JsonNode? run) => [.. (run?["price_years"] as JsonArray)?.Select(y => y!.GetValue<string>()) ?? []];
            var lines = root["by_indicator"]!.AsObject().Select(kv => Line(kv.Key, kv.Value!)).ToList();
            return new ChangeAccountFolder(directory, root["from"]?["year"]?.GetValue<int>(), root["to"]?["year"]?.GetValue<int>(),
                root["prices"]?.GetValue<string>() ?? "", lines, Line("GEP", root["total"]!))
            {
                Extent = AccountTable.ReadIfPresent(directory, ExtentFile),
                ChangeMatrix = AccountTable.ReadIfPresent(directory, MatrixFile),
                Condition = AccountTable.ReadIfPresent(directory, ConditionFile),
                ToUnits = root["to"]?["units"]?.GetValue<int>(),
                ToTotalCny = root["to"]?["total_cny"]?.GetValue<decimal>(),
                PriceYears = (root["from"]?["price_year"]?.GetValue<int>(), root["to"]?["price_year"]?.GetValue<int>()),
                PriceLabels = (root["from"]?["prices"]?.GetValue<string>() ?? "", root["to"]?["prices"]?.GetValue<string>() ?? ""),
                PublishedPriceYears = (Years(root["from"]), Years(root["to"])),
            };
        }
        catch (JsonException e) when (JsonErrorPosition.IsSyntaxError(e))
        {
            throw new ReportInputException($"--change: {path}: {JsonErrorPosition.Describe(e, text)}");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new ReportInputException($"--change: {path} is not a change summary written by 'gep compare' ({e.Message}).");
        }
    }
}

/// <summary>
/// A small account table of a <c>gep compare</c> folder (extent, change matrix, condition) as the CSV holds it: the report shows
/// and exports these cells unchanged, so the identities <c>gep compare</c> guarantees (closing = opening + additions − reductions)
/// hold in the report too.
/// </summary>
/// <param name="File">The CSV file name.</param>
/// <param name="Header">The header row.</param>
/// <param name="Rows">The data rows.</param>
public sealed record AccountTable(string File, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Reads <paramref name="file"/> in <paramref name="directory"/>, or null when it is not there.</summary>
    /// <exception cref="ReportInputException">The file is not a CSV table of equal-length rows.</exception>
    public static AccountTable? ReadIfPresent(string directory, string file)
    {
        string path = Path.Combine(directory, file);
        if (!System.IO.File.Exists(path))
        {
            return null;
        }
        try
        {
            using var csv = EcoLedger.IO.CsvRecordReader.Open(path, file);
            IReadOnlyList<string>? header = null;
            var rows = new List<IReadOnlyList<string>>();
            while (csv.Read())
            {
                var fields = csv.TrimmedFields();
                if (header is null)
                {
                    header = fields;
                }
                else if (fields.Count != header.Count)
                {
                    throw new ReportInputException($"--change: {path}, {csv.Location}: {fields.Count} fields; expected {header.Count} as in the header.");
                }
                else
                {
                    rows.Add(fields);
                }
            }
            return header is null ? null : new AccountTable(file, header, rows);
        }
        catch (EcoLedger.IO.CsvFormatException e)
        {
            throw new ReportInputException($"--change: {path}: {e.Message}");
        }
    }
}
