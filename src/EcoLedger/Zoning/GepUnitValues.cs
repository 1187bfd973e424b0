using System.Globalization;
using System.Text;

namespace EcoLedger.Zoning;

/// <summary>Which GEP categories count towards a unit's value density.</summary>
public enum ValueBasis
{
    /// <summary>All indicators: provisioning + regulating + cultural (the GEP total).</summary>
    All,

    /// <summary>Regulating services only (water conservation, soil retention, ..., climate regulation).</summary>
    Regulating,
}

/// <summary>One unit's GEP from <c>gep-units.csv</c>: the total and the regulating part, in CNY.</summary>
public sealed record UnitGepValue(string UnitId, string? Region, string? Ecosystem, decimal TotalCny, decimal RegulatingCny)
{
    /// <summary>The value on the chosen basis.</summary>
    public decimal ValueCny(ValueBasis basis) => basis == ValueBasis.Regulating ? RegulatingCny : TotalCny;
}

/// <summary>
/// Reads the GEP engine's per-unit output <c>gep-units.csv</c>
/// (<c>unit_id,region,ecosystem,indicator,quantity,quantity_unit,value_cny</c>, one row per unit × indicator)
/// and sums <c>value_cny</c> per unit.
/// </summary>
public static class GepUnitValues
{
    /// <summary>The file name the GEP engine writes.</summary>
    public const string FileName = "gep-units.csv";

    /// <summary>The regulating-service indicator codes (DESIGN: GEP = provisioning + regulating + cultural).</summary>
    public static IReadOnlySet<string> RegulatingIndicators { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "water_conservation", "soil_retention", "flood_regulation", "sand_fixation", "carbon_sequestration",
        "oxygen_release", "air_purification", "water_purification", "climate_regulation",
    };

    /// <summary>Reads <c>gep-units.csv</c> from a <c>gep compute</c> output folder.</summary>
    /// <remarks>A row with an empty <c>value_cny</c> (an indicator that could not be computed) adds nothing.</remarks>
    /// <exception cref="ZoningInputException">The file is missing, lacks a column, or has a bad row (all bad rows are listed).</exception>
    public static IReadOnlyDictionary<string, UnitGepValue> Read(string gepDir)
    {
        ArgumentNullException.ThrowIfNull(gepDir);
        string path = Path.Combine(gepDir, FileName);
        if (!File.Exists(path))
        {
            throw new ZoningInputException(FileName, null, $"not found in {gepDir}; expected the output folder of 'gep compute'.");
        }
        using var reader = new StreamReader(path, Encoding.UTF8);
        string? header = reader.ReadLine();
        if (header is null)
        {
            throw new ZoningInputException(FileName, null, "is empty; expected a header line.");
        }
        var columns = SplitCsv(header.TrimStart('\uFEFF'));
        int Col(string name) => columns.FindIndex(c => c.Trim() == name);
        int unitCol = Col("unit_id"), indicatorCol = Col("indicator"), valueCol = Col("value_cny"), regionCol = Col("region"), ecoCol = Col("ecosystem");
        var missing = new[] { ("unit_id", unitCol), ("indicator", indicatorCol), ("value_cny", valueCol) }.Where(c => c.Item2 < 0).Select(c => c.Item1).ToList();
        if (missing.Count > 0)
        {
            throw new ZoningInputException(FileName, null, $"has no column {string.Join(", ", missing)}; the header is '{header}'.");
        }
        var problems = new List<ZoningProblem>();
        var totals = new Dictionary<string, (string? Region, string? Ecosystem, decimal Total, decimal Regulating)>(StringComparer.Ordinal);
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            var cells = SplitCsv(line);
            if (cells.Count != columns.Count)
            {
                problems.Add(new ZoningProblem(FileName, $"line {lineNumber}", $"has {cells.Count} fields; the header has {columns.Count}."));
                continue;
            }
            string unit = cells[unitCol].Trim(), indicator = cells[indicatorCol].Trim(), valueText = cells[valueCol].Trim();
            if (unit.Length == 0)
            {
                problems.Add(new ZoningProblem(FileName, $"line {lineNumber}", "field unit_id is empty."));
                continue;
            }
            if (valueText.Length == 0)
            {
                continue;
            }
            if (!decimal.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value) || value < 0)
            {
                problems.Add(new ZoningProblem(FileName, $"line {lineNumber} (unit {unit})",
                    $"field value_cny is '{valueText}'; expected a non-negative number."));
                continue;
            }
            totals.TryGetValue(unit, out var t);
            totals[unit] = (t.Region ?? Cell(cells, regionCol), t.Ecosystem ?? Cell(cells, ecoCol),
                t.Total + value, t.Regulating + (RegulatingIndicators.Contains(indicator) ? value : 0m));
        }
        if (problems.Count > 0)
        {
            throw new ZoningInputException(problems);
        }
        return totals.ToDictionary(kv => kv.Key,
            kv => new UnitGepValue(kv.Key, kv.Value.Region, kv.Value.Ecosystem, kv.Value.Total, kv.Value.Regulating), StringComparer.Ordinal);
    }

    private static string? Cell(List<string> cells, int col) => col >= 0 && cells[col].Trim().Length > 0 ? cells[col].Trim() : null;

    /// <summary>Splits one RFC 4180 line (quoted fields may hold commas and doubled quotes).</summary>
    internal static List<string> SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(ch);
            }
        }
        cells.Add(cell.ToString());
        return cells;
    }
}
