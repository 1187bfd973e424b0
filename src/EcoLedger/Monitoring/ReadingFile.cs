using System.Globalization;
using System.Text.Json;
using EcoLedger.IO;

namespace EcoLedger.Monitoring;

/// <summary>A batch of readings read from a file or stream, with the syntax problems of its rows.</summary>
/// <param name="Readings">The readings that parsed.</param>
/// <param name="Problems">Rows that did not parse (file, row, field, expectation).</param>
public sealed record ReadingBatch(IReadOnlyList<ReadingInput> Readings, IReadOnlyList<InputProblem> Problems);

/// <summary>
/// Streams readings from CSV (header <see cref="Header"/>, optional <c>quality</c> column) or JSON Lines (one object per line with the
/// same names), in batches, so a file of any size is read in bounded memory. Times are ISO 8601 with an offset (<c>Z</c> or ±hh:mm).
/// </summary>
public static class ReadingFile
{
    /// <summary>The CSV header (a sixth column <c>quality</c> is optional).</summary>
    public const string Header = "station,variable,time,value,unit";

    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm'Z'",
        "yyyy-MM-dd HH:mm:sszzz", "yyyy-MM-dd HH:mmzzz",
    ];

    /// <summary>True for a JSON Lines file name.</summary>
    public static bool IsJsonLines(string name) => name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads <paramref name="text"/> (named <paramref name="name"/> in messages) in batches of up to <paramref name="batchSize"/> readings.</summary>
    public static IEnumerable<ReadingBatch> Read(TextReader text, string name, bool jsonLines, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return jsonLines ? ReadJsonLines(text, name, batchSize) : ReadCsv(text, name, batchSize);
    }

    /// <summary>Parses an ISO 8601 time that carries an offset.</summary>
    public static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);

    private static IEnumerable<ReadingBatch> ReadCsv(TextReader text, string name, int batchSize)
    {
        using var csv = new CsvRecordReader(text, name);
        var readings = new List<ReadingInput>(batchSize);
        var problems = new List<InputProblem>();
        string header = csv.Read() ? string.Join(',', csv.TrimmedFields()) : "";
        bool quality = header == Header + ",quality";
        if (header != Header && !quality)
        {
            yield return new ReadingBatch([], [new InputProblem(name, "row 1", null, $"Expected the header '{Header}' (optionally followed by ',quality'); got '{header}'.")]);
            yield break;
        }
        int columns = quality ? 6 : 5;
        while (csv.Read())
        {
            string at = $"{name}, {csv.Location}";
            if (csv.FieldCount != columns)
            {
                problems.Add(new InputProblem(name, csv.Location, null, $"Expected {columns} fields; got {csv.FieldCount}."));
                continue;
            }
            string time = csv[2].Trim().ToString();
            string value = csv[3].Trim().ToString();
            Add(readings, problems, name, csv.Location, at, csv[0].Trim().ToString(), csv[1].Trim().ToString(), time, value, csv[4].Trim().ToString(),
                quality ? csv[5].Trim().ToString() : null);
            if (readings.Count >= batchSize)
            {
                yield return new ReadingBatch(readings, problems);
                readings = new List<ReadingInput>(batchSize);
                problems = [];
            }
        }
        if (readings.Count > 0 || problems.Count > 0)
        {
            yield return new ReadingBatch(readings, problems);
        }
    }

    private static IEnumerable<ReadingBatch> ReadJsonLines(TextReader text, string name, int batchSize)
    {
        var readings = new List<ReadingInput>(batchSize);
        var problems = new List<InputProblem>();
        int line = 0;
        while (text.ReadLine() is { } l)
        {
            line++;
            if (string.IsNullOrWhiteSpace(l))
            {
                continue;
            }
            string loc = $"line {line}";
            try
            {
                using var doc = JsonDocument.Parse(l);
                var o = doc.RootElement;
                string S(string p) => o.TryGetProperty(p, out var e) ? e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : e.GetRawText() : "";
                Add(readings, problems, name, loc, $"{name}, {loc}", S("station"), S("variable"), S("time"), S("value"), S("unit"),
                    o.TryGetProperty("quality", out _) ? S("quality") : null);
            }
            catch (JsonException e)
            {
                problems.Add(new InputProblem(name, loc, null, $"Expected one JSON object per line: {e.Message}"));
            }
            if (readings.Count >= batchSize)
            {
                yield return new ReadingBatch(readings, problems);
                readings = new List<ReadingInput>(batchSize);
                problems = [];
            }
        }
        if (readings.Count > 0 || problems.Count > 0)
        {
            yield return new ReadingBatch(readings, problems);
        }
    }

    private static void Add(List<ReadingInput> readings, List<InputProblem> problems, string name, string loc, string at, string station, string variable,
        string time, string value, string unit, string? quality)
    {
        int before = problems.Count;
        if (station.Length == 0)
        {
            problems.Add(new InputProblem(name, loc, "station", "Expected a station id; the field is empty."));
        }
        if (!TryParseTime(time, out var t))
        {
            problems.Add(new InputProblem(name, loc, "time", $"Expected ISO 8601 with an offset, e.g. 2024-06-01T08:30:00+08:00; got '{time}'."));
        }
        if (!ExactDecimal.TryParse(value, NumberStyles.Float, out var v))
        {
            problems.Add(new InputProblem(name, loc, "value", $"Expected a decimal number; got '{value}'."));
        }
        if (problems.Count == before)
        {
            readings.Add(new ReadingInput(at, station, variable, t, v, unit, string.IsNullOrEmpty(quality) ? null : quality));
        }
    }
}
