using System.Globalization;
using EcoLedger.IO;

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
        var problems = new List<ZoningProblem>();
        var totals = new Dictionary<string, (string? Region, string? Ecosystem, decimal Total, decimal Regulating)>(StringComparer.Ordinal);
        try
        {
            using var csv = CsvRecordReader.Open(path, FileName);
            if (!csv.Read())
            {
                throw new ZoningInputException(FileName, null, "is empty; expected a header line.");
            }
            var columns = csv.TrimmedFields().ToList();
            int unitCol = columns.IndexOf("unit_id"), indicatorCol = columns.IndexOf("indicator"), valueCol = columns.IndexOf("value_cny");
            int regionCol = columns.IndexOf("region"), ecoCol = columns.IndexOf("ecosystem");
            var missing = new[] { ("unit_id", unitCol), ("indicator", indicatorCol), ("value_cny", valueCol) }.Where(c => c.Item2 < 0).Select(c => c.Item1).ToList();
            if (missing.Count > 0)
            {
                throw new ZoningInputException(FileName, null, $"has no column {string.Join(", ", missing)}; the header is '{string.Join(',', columns)}'.");
            }
            while (csv.Read())
            {
                // This file's messages have always named physical lines; after a quoted line break the line is not the row.
                string line = $"line {csv.Line}";
                if (csv.FieldCount != columns.Count)
                {
                    problems.Add(new ZoningProblem(FileName, line, $"has {csv.FieldCount} fields; the header has {columns.Count}."));
                    continue;
                }
                string unit = csv[unitCol].Trim().ToString(), indicator = csv[indicatorCol].Trim().ToString(), valueText = csv[valueCol].Trim().ToString();
                if (unit.Length == 0)
                {
                    problems.Add(new ZoningProblem(FileName, line, "field unit_id is empty."));
                    continue;
                }
                if (valueText.Length == 0)
                {
                    continue;
                }
                if (!decimal.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value) || value < 0)
                {
                    problems.Add(new ZoningProblem(FileName, $"{line} (unit {unit})", $"field value_cny is '{valueText}'; expected a non-negative number."));
                    continue;
                }
                totals.TryGetValue(unit, out var t);
                totals[unit] = (t.Region ?? Cell(csv, regionCol), t.Ecosystem ?? Cell(csv, ecoCol),
                    t.Total + value, t.Regulating + (RegulatingIndicators.Contains(indicator) ? value : 0m));
            }
        }
        catch (CsvFormatException e)
        {
            problems.Add(new ZoningProblem(FileName, e.Location.Length > 0 ? e.Location : null, e.Reason));
        }
        if (problems.Count > 0)
        {
            throw new ZoningInputException(problems);
        }
        return totals.ToDictionary(kv => kv.Key,
            kv => new UnitGepValue(kv.Key, kv.Value.Region, kv.Value.Ecosystem, kv.Value.Total, kv.Value.Regulating), StringComparer.Ordinal);
    }

    private static string? Cell(CsvRecordReader csv, int col) => col >= 0 && csv[col].Trim().Length > 0 ? csv[col].Trim().ToString() : null;
}
