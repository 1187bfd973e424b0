using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcoLedger.Monitoring;

/// <summary>
/// The journal layout of <see cref="ReadingsAccepted"/>: the readings as columns, one array per field in the order of the readings
/// (<c>{"readings":{"amount":[…],"corrects":[…],"id":[…],…,"variable":[…]},"repeats":n,"source":"…"}</c>), so a batch of 100,000
/// readings does not repeat eleven field names 100,000 times. Every field of every reading is still there, exact (decimals as text,
/// times as UTC ISO 8601); <c>corrects</c> and <c>quality</c> are left out when no reading of the batch has one, and hold <c>null</c> for
/// a reading without. Keys are written in ordinal order, so the text is already canonical JSON (methodology/audit.md §3).
/// Journals written before the columnar layout hold <c>"readings"</c> as an array of objects; they are read as they are.
/// </summary>
public sealed class ReadingsAcceptedJson : JsonConverter<ReadingsAccepted>
{
    private static readonly string[] Required = ["amount", "id", "offset_minutes", "qc_value", "station", "time", "unit", "value", "variable"];

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, ReadingsAccepted value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var rs = value.Readings;
        writer.WriteStartObject();
        writer.WritePropertyName("readings");
        writer.WriteStartObject();
        Numbers(writer, "amount", rs, r => r.Amount);
        if (rs.Any(r => r.Corrects is not null))
        {
            writer.WriteStartArray("corrects");
            foreach (var r in rs)
            {
                if (r.Corrects is long c)
                {
                    writer.WriteNumberValue(c);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }
            writer.WriteEndArray();
        }
        Numbers(writer, "id", rs, r => r.Id);
        Numbers(writer, "offset_minutes", rs, r => r.OffsetMinutes);
        Strings(writer, "qc_value", rs, r => r.QcValue);
        if (rs.Any(r => r.Quality is not null))
        {
            Strings(writer, "quality", rs, r => r.Quality);
        }
        Strings(writer, "station", rs, r => r.Station);
        Strings(writer, "time", rs, r => r.Time);
        Strings(writer, "unit", rs, r => r.Unit);
        Strings(writer, "value", rs, r => r.Value);
        Strings(writer, "variable", rs, r => r.Variable);
        writer.WriteEndObject();
        writer.WriteNumber("repeats", value.Repeats);
        writer.WriteString("source", value.Source);
        writer.WriteEndObject();
    }

    /// <inheritdoc/>
    public override ReadingsAccepted Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartObject, "a readings_accepted object");
        IReadOnlyList<ReadingRecord>? readings = null;
        int repeats = 0;
        string? source = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            switch (name)
            {
                case "readings":
                    readings = reader.TokenType == JsonTokenType.StartArray
                        ? JsonSerializer.Deserialize<List<ReadingRecord>>(ref reader, options)
                        : ReadColumns(ref reader);
                    break;
                case "repeats":
                    repeats = reader.GetInt32();
                    break;
                case "source":
                    source = reader.GetString();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        Expect(ref reader, JsonTokenType.EndObject, "the end of the readings_accepted object");
        return new ReadingsAccepted(source!, readings ?? [], repeats);
    }

    private static List<ReadingRecord> ReadColumns(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "the reading columns");
        var longs = new Dictionary<string, List<long?>>(StringComparer.Ordinal);
        var strings = new Dictionary<string, List<string?>>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            reader.Read();
            Expect(ref reader, JsonTokenType.StartArray, $"column '{name}' as an array");
            bool numeric = name is "amount" or "corrects" or "id" or "offset_minutes";
            var ls = new List<long?>();
            var ss = new List<string?>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.Null)
                {
                    ls.Add(null);
                    ss.Add(null);
                }
                else if (numeric)
                {
                    ls.Add(reader.GetInt64());
                }
                else
                {
                    ss.Add(reader.GetString());
                }
            }
            if (numeric)
            {
                longs[name] = ls;
            }
            else
            {
                strings[name] = ss;
            }
        }
        int n = longs.TryGetValue("id", out var ids) ? ids.Count : 0;
        foreach (var column in Required)
        {
            int count = longs.TryGetValue(column, out var l) ? l.Count : strings.TryGetValue(column, out var s) ? s.Count : -1;
            if (count != n)
            {
                throw new JsonException($"Column '{column}' of the readings holds {(count < 0 ? "nothing" : count.ToString(System.Globalization.CultureInfo.InvariantCulture))}; expected {n} values, one per reading.");
            }
        }
        var corrects = longs.GetValueOrDefault("corrects");
        var quality = strings.GetValueOrDefault("quality");
        if ((corrects is not null && corrects.Count != n) || (quality is not null && quality.Count != n))
        {
            throw new JsonException($"Columns 'corrects' and 'quality' of the readings must hold {n} values, one per reading.");
        }
        var records = new List<ReadingRecord>(n);
        for (int i = 0; i < n; i++)
        {
            records.Add(new ReadingRecord(Long(longs, "id", i), Str(strings, "station", i), Str(strings, "variable", i), Str(strings, "time", i),
                checked((int)Long(longs, "offset_minutes", i)), Str(strings, "value", i), Str(strings, "unit", i), quality?[i], Str(strings, "qc_value", i),
                Long(longs, "amount", i), corrects?[i]));
        }
        return records;
    }

    private static long Long(Dictionary<string, List<long?>> columns, string name, int i) =>
        columns[name][i] ?? throw new JsonException($"Column '{name}' of the readings holds null at position {i}; expected a number.");

    private static string Str(Dictionary<string, List<string?>> columns, string name, int i) =>
        columns[name][i] ?? throw new JsonException($"Column '{name}' of the readings holds null at position {i}; expected a string.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string what)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"Expected {what}; found {reader.TokenType}.");
        }
    }

    private static void Numbers(Utf8JsonWriter writer, string name, IReadOnlyList<ReadingRecord> rs, Func<ReadingRecord, long> value)
    {
        writer.WriteStartArray(name);
        foreach (var r in rs)
        {
            writer.WriteNumberValue(value(r));
        }
        writer.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter writer, string name, IReadOnlyList<ReadingRecord> rs, Func<ReadingRecord, string?> value)
    {
        writer.WriteStartArray(name);
        foreach (var r in rs)
        {
            if (value(r) is { } s)
            {
                writer.WriteStringValue(s);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
        writer.WriteEndArray();
    }
}
