using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoLedger.IO;
using EcoLedger.Valuation.Files;

namespace EcoLedger.Valuation.Change;

/// <summary>
/// A <c>gep compute</c> output folder read back for a comparison: its summary, its rows and its units file (for areas,
/// ecosystem types and condition variables), the units file checked against the SHA-256 the run recorded.
/// </summary>
public sealed class ComparedRun
{
    private ComparedRun(string directory, JsonObject summary, string unitsFile, IReadOnlyList<UnitState> units)
    {
        Directory = directory;
        Summary = summary;
        UnitsFile = unitsFile;
        Units = units;
    }

    /// <summary>The folder.</summary>
    public string Directory { get; }

    /// <summary>gep-summary.json.</summary>
    public JsonObject Summary { get; }

    /// <summary>The units file read.</summary>
    public string UnitsFile { get; }

    /// <summary>The units with their figures, in input order.</summary>
    public IReadOnlyList<UnitState> Units { get; }

    /// <summary>The accounting year, when the run recorded one.</summary>
    public int? Year => Summary["year"]?.GetValue<int>();

    /// <summary>The method profile code.</summary>
    public string Profile => Summary["method"]?["profile"]?.GetValue<string>() ?? "spec-2022";

    /// <summary>GEP of the run.</summary>
    public decimal TotalCny => Summary["total_cny"]!.GetValue<decimal>();

    /// <summary>The units an indicator has a value for in this run (0 when it was computed for none, or is not in the summary).</summary>
    public int UnitsComputed(string indicator) => Summary["by_indicator"]?[indicator]?["units"]?.GetValue<int>() ?? 0;

    /// <summary>The price year when the run was at constant (or current) prices, else null (prices as published).</summary>
    public int? PriceYear => Summary["prices"]?["price_year"]?.GetValue<int>();

    /// <summary>The price years of the run's parameters as the run recorded them (<c>price_years</c>), empty when not recorded.</summary>
    public IReadOnlyList<string> PriceYears => [.. (Summary["price_years"] as JsonObject)?.Select(kv => kv.Key) ?? []];

    /// <summary>How the run's prices read, e.g. <c>constant 2024 prices</c> or <c>prices as published (price years 2010, 2011, 2025)</c>.</summary>
    public string PriceLabel => Summary["prices"]?["label"]?.GetValue<string>()
        ?? $"prices as published (price years {string.Join(", ", PriceYears)})";

    /// <summary>
    /// Reads a run folder; returns null after adding problems (naming the file, row and field) when it cannot be used.
    /// </summary>
    /// <param name="directory">The output folder of <c>gep compute</c>.</param>
    /// <param name="option">The option that named it (<c>--from</c>, <c>--to</c>), for messages.</param>
    /// <param name="unitsOverride">The units file to read instead of the one the summary names (it must have the recorded SHA-256).</param>
    /// <param name="problems">Problems are added here.</param>
    public static ComparedRun? Load(string directory, string option, string? unitsOverride, List<InputProblem> problems)
    {
        int before = problems.Count;
        string summaryPath = Path.Combine(directory, "gep-summary.json");
        if (!System.IO.Directory.Exists(directory) || !File.Exists(summaryPath))
        {
            problems.Add(new InputProblem(option, "", null, $"'{directory}' is not a gep compute output folder (no gep-summary.json); expected the --out folder of a gep compute run."));
            return null;
        }
        JsonObject summary;
        string text = File.ReadAllText(summaryPath);
        try
        {
            summary = JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not an object");
            _ = summary["total_cny"]!.GetValue<decimal>();
        }
        catch (JsonException e) when (JsonErrorPosition.IsSyntaxError(e))
        {
            problems.Add(new InputProblem(summaryPath, JsonErrorPosition.Where(e, text) ?? "", null, JsonErrorPosition.NotValid(e)));
            return null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            problems.Add(new InputProblem(summaryPath, "", null, $"not a gep-summary.json written by gep compute ({e.Message})."));
            return null;
        }
        var recorded = summary["inputs"]?[0];
        string? recordedPath = recorded?["path"]?.GetValue<string>();
        string? recordedSha = recorded?["sha256"]?.GetValue<string>();
        string? unitsPath = unitsOverride ?? recordedPath;
        string unitsOption = option == "--from" ? "--from-units" : "--to-units";
        if (unitsPath is null || !File.Exists(unitsPath))
        {
            problems.Add(new InputProblem(summaryPath, "", "inputs[0].path", $"the units file the run read ('{unitsPath}') is not found from here; give it with {unitsOption} FILE (the areas, ecosystem types and condition variables come from it)."));
            return null;
        }
        if (recordedSha is not null && GepOutputWriter.Sha256(unitsPath) != recordedSha)
        {
            problems.Add(new InputProblem(unitsPath, "", null, $"is not the units file of the run in '{directory}' (its SHA-256 differs from inputs[0].sha256 of gep-summary.json); expected the file the run read{(unitsOverride is null ? $", given with {unitsOption}" : "")}."));
            return null;
        }
        var reader = new UnitFileReader(unitsPath, unitsPath);
        var units = new List<(AccountingUnit Unit, Dictionary<string, IndicatorFigure> Figures)>();
        var byId = new Dictionary<string, Dictionary<string, IndicatorFigure>>(StringComparer.Ordinal);
        foreach (var u in reader.Read())
        {
            var figures = new Dictionary<string, IndicatorFigure>(StringComparer.Ordinal);
            units.Add((u, figures));
            byId[u.UnitId] = figures;
        }
        problems.AddRange(reader.Problems);
        if (problems.Count > before)
        {
            return null;
        }
        string rowsFile = Path.Combine(directory, GepUnitsFile.FileName);
        decimal sum = 0m;
        try
        {
            foreach (var row in GepUnitsFile.Read(rowsFile))
            {
                if (!byId.TryGetValue(row.UnitId, out var figures))
                {
                    problems.Add(new InputProblem(rowsFile, $"row {row.Line}", "unit_id", $"unit '{row.UnitId}' is not in the units file {unitsPath}; expected the rows of that run."));
                    continue;
                }
                if (!figures.TryAdd(row.Indicator, new IndicatorFigure(row.Quantity, row.ValueCny)))
                {
                    problems.Add(new InputProblem(rowsFile, $"row {row.Line}", "indicator", $"unit '{row.UnitId}' has a second '{row.Indicator}' row; expected one row per unit and indicator."));
                    continue;
                }
                sum += row.ValueCny;
            }
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            problems.Add(new InputProblem(rowsFile, "", null, e.Message));
            return null;
        }
        decimal total = summary["total_cny"]!.GetValue<decimal>();
        if (problems.Count == before && sum != total)
        {
            problems.Add(new InputProblem(rowsFile, "", "value_cny", $"the rows add up to {sum.ToString(CultureInfo.InvariantCulture)} CNY but gep-summary.json says total_cny {total.ToString(CultureInfo.InvariantCulture)}; expected the two files of one run."));
        }
        if (problems.Count > before)
        {
            return null;
        }
        var states = units.Select(x => new UnitState(x.Unit.UnitId, x.Unit.Region, x.Unit.Ecosystem.Code(),
            decimal.Round((decimal)x.Unit.Area.SquareKilometres, 6, MidpointRounding.AwayFromZero), x.Figures, Condition(x.Unit))).ToList();
        return new ComparedRun(directory, summary, unitsPath, states);
    }

    private static Dictionary<string, double> Condition(AccountingUnit unit)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var column in ConditionAccount.Variables)
        {
            if (MonitoringFields.TryParse(column, out var field) && unit.Monitoring[field] is { } v)
            {
                result[column] = v;
            }
        }
        return result;
    }
}
