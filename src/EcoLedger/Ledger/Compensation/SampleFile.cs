using System.Globalization;
using System.Text.Json;
using EcoLedger.IO;

namespace EcoLedger.Ledger.Compensation;

/// <summary>
/// Reads monitoring samples: a CSV file with the header <c>section,sampled_at,indicator,value,unit,lab,party</c> (optionally followed by
/// <c>corrects,reason</c> for corrections), or a <c>gep compute</c> summary (<c>gep-summary.json</c>), which becomes one sample of indicator
/// <c>gep_total</c> dated the last day of its year with unit <c>CNY@parameters_version</c>.
/// </summary>
public static class SampleFile
{
    /// <summary>The required CSV header.</summary>
    public const string Header = "section,sampled_at,indicator,value,unit,lab,party";

    /// <summary>Reads a file; problems (file, line, field, expectation) are collected, not thrown.</summary>
    public static (IReadOnlyList<SampleRow> Rows, IReadOnlyList<string> Problems) Read(string path, string section, string party)
    {
        if (!File.Exists(path))
        {
            return ([], [$"{path}: file not found."]);
        }
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return ReadGepSummary(path, section, party);
        }
        using var csv = CsvRecordReader.Open(path);
        return ReadCsv(csv);
    }

    /// <summary>Parses CSV text (RFC 4180: a quoted field may hold commas, quotes and line breaks).</summary>
    public static (IReadOnlyList<SampleRow> Rows, IReadOnlyList<string> Problems) ReadCsv(string name, TextReader text)
    {
        using var csv = new CsvRecordReader(text, name);
        return ReadCsv(csv);
    }

    /// <remarks>
    /// Messages name physical lines (<see cref="CsvRecordReader.Line"/>, where a record starts), as this file's messages always
    /// have; they differ from spreadsheet rows only after a quoted field with a line break.
    /// </remarks>
    private static (IReadOnlyList<SampleRow> Rows, IReadOnlyList<string> Problems) ReadCsv(CsvRecordReader csv)
    {
        string name = csv.File;
        var rows = new List<SampleRow>();
        var problems = new List<string>();
        try
        {
            string header = csv.Read() ? string.Join(',', csv.TrimmedFields()) : "";
            bool corrections = header == Header + ",corrects,reason";
            if (header != Header && !corrections)
            {
                return ([], [$"{name}, line 1: expected the header '{Header}' (optionally followed by ',corrects,reason'); got '{header}'."]);
            }
            int columns = corrections ? 9 : 7;
            var seen = new Dictionary<(string, string, string, string, string), int>();
            while (csv.Read())
            {
                int line = csv.Line;
                if (csv.FieldCount != columns)
                {
                    problems.Add($"{name}, line {line}: expected {columns} fields; got {csv.FieldCount}.");
                    continue;
                }
                var f = csv.TrimmedFields();
                long? corrects = null;
                if (corrections && f[7].Length > 0)
                {
                    if (!long.TryParse(f[7], NumberStyles.None, CultureInfo.InvariantCulture, out long c))
                    {
                        problems.Add($"{name}, line {line}, field 'corrects': expected a sample id; got '{f[7]}'.");
                        continue;
                    }
                    corrects = c;
                }
                if (FieldProblem(name, line, f, corrections) is { } fieldProblem)
                {
                    problems.Add(fieldProblem);
                    continue;
                }
                // The same measurement twice would be counted twice in the assessment; a changed value goes in a correction row.
                if (corrects is null && !seen.TryAdd((f[0], f[1], f[2], f[5], f[6]), line))
                {
                    problems.Add($"{name}, line {line}: duplicate sample of line {seen[(f[0], f[1], f[2], f[5], f[6])]} (same section, sampled_at, indicator, lab and party); " +
                        "expected each sample once (a changed value is a correction: give 'corrects' and 'reason').");
                    continue;
                }
                rows.Add(new SampleRow(line, f[0], f[1], f[2], f[3], f[4], f[5], f[6], corrects, corrections && f[8].Length > 0 ? f[8] : null));
            }
        }
        catch (CsvFormatException e)
        {
            problems.Add(e.Message);
        }
        return (rows, problems);
    }

    /// <summary>The largest sample value accepted: above any concentration, count or GEP total in CNY (a province's is about 10^12).</summary>
    private const decimal MaxValue = 1_000_000_000_000_000m;

    private static readonly string[] Columns = ["section", "sampled_at", "indicator", "value", "unit", "lab", "party", "corrects", "reason"];

    /// <summary>
    /// The reader's own limits, before the round's rules: text fields are names (no control or invisible characters, at most
    /// 200 characters; a reason may be empty), and a value is a decimal the ledger stores exactly, at most 10^15.
    /// </summary>
    private static string? FieldProblem(string name, int line, IReadOnlyList<string> f, bool corrections)
    {
        for (int i = 0; i < f.Count; i++)
        {
            if (i == 3 || (i == 8 && f[i].Length == 0))
            {
                continue;
            }
            if (InputText.NameProblem(f[i]) is { } problem)
            {
                return $"{name}, line {line}, field '{Columns[i]}': expected text with {problem}.";
            }
        }
        // A value that is not a decimal at all is the round's to report (it names the rule); one that would be rounded is refused here.
        if (AssessmentRule.TryParse(f[3], out var value) && (!ExactDecimal.TryParse(f[3], NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, out _) || Math.Abs(value) > MaxValue))
        {
            return $"{name}, line {line}, field 'value': expected a decimal of at most {ExactDecimal.MaxDigits} significant digits and at most 10^15; got '{InputText.Show(f[3])}'.";
        }
        return null;
    }

    private static (IReadOnlyList<SampleRow>, IReadOnlyList<string>) ReadGepSummary(string path, string section, string party)
    {
        byte[] utf8 = File.ReadAllBytes(path);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            return ([], [$"{path}: {JsonErrorPosition.Describe(e, utf8)}"]);
        }
        using (doc)
        {
            var root = doc.RootElement;
            var problems = new List<string>();
            JsonElement Field(string name, JsonValueKind kind, string expected)
            {
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out var v) || v.ValueKind != kind)
                {
                    problems.Add($"{path}, field '{name}': expected {expected}; got {(root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var g) ? g.GetRawText() : "nothing")}.");
                    return default;
                }
                return v;
            }
            var yearField = Field("year", JsonValueKind.Number, "the accounting year (run 'gep compute' with --year YYYY)");
            var versionField = Field("parameters_version", JsonValueKind.String, "the parameter table version");
            var totalField = Field("total_cny", JsonValueKind.Number, "the GEP total in CNY");
            int year = 0;
            decimal total = 0m;
            if (yearField.ValueKind == JsonValueKind.Number && (!yearField.TryGetInt32(out year) || year < 1 || year > 9999))
            {
                problems.Add($"{path}, field 'year': expected a year from 1 to 9999; got {yearField.GetRawText()}.");
            }
            if (totalField.ValueKind == JsonValueKind.Number && !totalField.TryGetDecimal(out total))
            {
                problems.Add($"{path}, field 'total_cny': expected a decimal number; got {totalField.GetRawText()}.");
            }
            if (problems.Count > 0)
            {
                return ([], problems);
            }
            return ([new SampleRow(1, section, year.ToString("D4", CultureInfo.InvariantCulture) + "-12-31", GepGrowthRule.GepIndicator, AssessmentRule.Text(total), "CNY@" + versionField.GetString(),
                "gep compute", party)], []);
        }
    }
}
