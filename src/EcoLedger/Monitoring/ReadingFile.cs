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

    /// <summary>
    /// As <see cref="Read"/>, with the next batch parsed on a second thread while the caller ingests the current one: ingesting is one
    /// thread's work (one transaction per batch), so on a file the other core would otherwise sit idle. At most two parsed batches wait,
    /// so memory stays bounded by the batch size.
    /// </summary>
    public static IEnumerable<ReadingBatch> ReadAhead(TextReader text, string name, bool jsonLines, int batchSize) =>
        IO.ReadAhead.Of(Read(text, name, jsonLines, batchSize), batchSize: 1, batches: 2);

    /// <summary>Parses an ISO 8601 time that carries an offset.</summary>
    public static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);

    private static IEnumerable<ReadingBatch> ReadCsv(TextReader text, string name, int batchSize)
    {
        using var csv = new CsvRecordReader(text, name);
        var batch = new Batcher(batchSize);
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
            if (csv.FieldCount != columns)
            {
                batch.Problems.Add(new InputProblem(name, csv.Location, null, $"Expected {columns} fields; got {csv.FieldCount}."));
                continue;
            }
            // One location string per row: it travels with the reading into the engine's messages.
            string at = csv.Line == csv.Row ? string.Create(CultureInfo.InvariantCulture, $"{name}, row {csv.Row}") : $"{name}, {csv.Location}";
            Add(batch, name, at, csv[0].Trim().ToString(), csv[1].Trim().ToString(), csv[2].Trim(), csv[3].Trim(), csv[4].Trim().ToString(),
                quality ? csv[5].Trim().ToString() : null);
            if (batch.Full)
            {
                yield return batch.Take();
            }
        }
        if (!batch.Empty)
        {
            yield return batch.Take();
        }
    }

    private static string Kind(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        _ => "null",
    };

    private static IEnumerable<ReadingBatch> ReadJsonLines(TextReader text, string name, int batchSize)
    {
        var batch = new Batcher(batchSize);
        int line = 0;
        while (text.ReadLine() is { } l)
        {
            line++;
            if (string.IsNullOrWhiteSpace(l))
            {
                continue;
            }
            string loc = string.Create(CultureInfo.InvariantCulture, $"line {line}");
            string at = $"{name}, {loc}";
            try
            {
                using var doc = JsonDocument.Parse(l);
                var o = doc.RootElement;
                if (o.ValueKind != JsonValueKind.Object)
                {
                    // Valid JSON of another kind ([1], "x", 3): reading members of it would throw.
                    batch.Problems.Add(new InputProblem(name, loc, null, $"expected one JSON object per line ({{\"station\": …, \"variable\": …, \"time\": …, \"value\": …}}), found {Kind(o.ValueKind)}."));
                    continue;
                }
                string S(string p) => o.TryGetProperty(p, out var e) ? e.ValueKind == JsonValueKind.String ? e.GetString() ?? "" : e.GetRawText() : "";
                Add(batch, name, at, S("station"), S("variable"), S("time"), S("value"), S("unit"), o.TryGetProperty("quality", out _) ? S("quality") : null);
            }
            catch (JsonException e)
            {
                batch.Problems.Add(new InputProblem(name, JsonErrorPosition.Where(e, l, line) ?? loc, null, JsonErrorPosition.NotValid(e)));
            }
            if (batch.Full)
            {
                yield return batch.Take();
            }
        }
        if (!batch.Empty)
        {
            yield return batch.Take();
        }
    }

    /// <summary>The one batching rule of both formats: a batch is yielded when it holds <c>size</c> readings, with the problems of its rows.</summary>
    private sealed class Batcher(int size)
    {
        private List<ReadingInput> _readings = new(size);

        public List<InputProblem> Problems { get; private set; } = [];

        public List<ReadingInput> Readings => _readings;

        public bool Full => _readings.Count >= size;

        public bool Empty => _readings.Count == 0 && Problems.Count == 0;

        public ReadingBatch Take()
        {
            var b = new ReadingBatch(_readings, Problems);
            _readings = new List<ReadingInput>(size);
            Problems = [];
            return b;
        }
    }

    private static void Add(Batcher batch, string name, string at, string station, string variable, ReadOnlySpan<char> time, ReadOnlySpan<char> value,
        string unit, string? quality)
    {
        var problems = batch.Problems;
        int before = problems.Count;
        string Loc() => at[(name.Length + 2)..]; // only a problem needs the location without the file name
        if (station.Length == 0)
        {
            problems.Add(new InputProblem(name, Loc(), "station", "Expected a station id; the field is empty."));
        }
        if (!DateTimeOffset.TryParseExact(time, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            problems.Add(new InputProblem(name, Loc(), "time", $"Expected ISO 8601 with an offset, e.g. 2024-06-01T08:30:00+08:00; got '{time}'."));
        }
        if (!ExactDecimal.TryParse(value, NumberStyles.Float, out var v))
        {
            problems.Add(new InputProblem(name, Loc(), "value", $"Expected a decimal number; got '{value}'."));
        }
        if (problems.Count == before)
        {
            batch.Readings.Add(new ReadingInput(at, station, variable, t, v, unit, string.IsNullOrEmpty(quality) ? null : quality));
        }
    }
}
