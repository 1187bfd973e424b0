using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace EcoLedger.IO;

/// <summary>
/// A JSON syntax error placed where an editor shows it, in the words every JSON input reader uses:
/// <c>line 3, column 12: not valid JSON ('x' is an invalid start of a value).</c>
/// </summary>
/// <remarks>
/// System.Text.Json counts lines from 0 and the position in a line in UTF-8 bytes; an editor counts both from 1, and the
/// position in characters (伊 is 3 bytes but one column). Its message ends with that raw position
/// (<c> LineNumber: 2 | BytePositionInLine: 14.</c>), which is replaced, as is the JSON path the serializer puts before it.
/// </remarks>
public static class JsonErrorPosition
{
    /// <summary>The error as a sentence: <c>line L, column C: not valid JSON (…).</c>, or <c>not valid JSON (…).</c> when it has no position.</summary>
    /// <param name="e">The reader's exception.</param>
    /// <param name="utf8">The JSON as given to the reader; a leading byte order mark (skipped by a reader of a stream) is allowed.</param>
    public static string Describe(JsonException e, ReadOnlySpan<byte> utf8) =>
        Where(e, utf8) is { } where ? $"{where}: {NotValid(e)}" : NotValid(e);

    /// <summary><see cref="Describe(JsonException, ReadOnlySpan{byte})"/> for JSON given to the reader as a string.</summary>
    public static string Describe(JsonException e, string text) => Describe(e, Encoding.UTF8.GetBytes(text));

    /// <summary><see cref="Describe(JsonException, ReadOnlySpan{byte})"/> for a file the reader was given as a stream, read again only up to the error.</summary>
    public static string DescribeInFile(JsonException e, string path) =>
        WhereInFile(e, path) is { } where ? $"{where}: {NotValid(e)}" : NotValid(e);

    /// <summary>Where the error is, as <c>line L, column C</c> (both from 1, the column in characters); null when the exception has no position.</summary>
    /// <param name="e">The reader's exception.</param>
    /// <param name="utf8">The JSON as given to the reader; a leading byte order mark is allowed.</param>
    /// <param name="firstLine">The file's line that <paramref name="utf8"/> starts on: 1 for a whole file, the record's line for a JSON Lines record.</param>
    public static string? Where(JsonException e, ReadOnlySpan<byte> utf8, long firstLine = 1)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.LineNumber is not { } line || e.BytePositionInLine is not { } inLine)
        {
            return null;
        }
        var counter = new ColumnCounter(line, inLine);
        counter.Feed(utf8, final: true);
        return counter.Place(firstLine);
    }

    /// <summary><see cref="Where(JsonException, ReadOnlySpan{byte}, long)"/> for JSON given to the reader as a string.</summary>
    public static string? Where(JsonException e, string text, long firstLine = 1) => Where(e, Encoding.UTF8.GetBytes(text), firstLine);

    /// <summary>
    /// <see cref="Where(JsonException, ReadOnlySpan{byte}, long)"/> for a file the serializer read as a stream, read again only
    /// up to the error: a GeoJSON file may be larger than fits in an array.
    /// </summary>
    public static string? WhereInFile(JsonException e, string path)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.LineNumber is not { } line || e.BytePositionInLine is not { } inLine)
        {
            return null;
        }
        var counter = new ColumnCounter(line, inLine);
        using var file = File.OpenRead(path);
        byte[] buffer = new byte[64 * 1024];
        int read;
        while (!counter.Done && (read = file.Read(buffer)) > 0)
        {
            counter.Feed(buffer.AsSpan(0, read), final: false);
        }
        counter.Feed([], final: true);
        return counter.Place(1);
    }

    /// <summary>The error without its place: <c>not valid JSON ('x' is an invalid start of a value).</c></summary>
    public static string NotValid(JsonException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        string what = e.Message;
        int suffix = what.LastIndexOf(" LineNumber:", StringComparison.Ordinal);
        if (suffix >= 0)
        {
            what = what[..suffix];
            string path = $" Path: {e.Path} |";
            if (e.Path is not null && what.EndsWith(path, StringComparison.Ordinal))
            {
                what = what[..^path.Length];
            }
        }
        return $"not valid JSON ({what.TrimEnd().TrimEnd('.')}).";
    }

    /// <summary>
    /// Any error of the serializer reading <paramref name="utf8"/> as <paramref name="type"/>, placed:
    /// <c>line L, column C: not valid JSON (…).</c> for malformed JSON, <c>line L, column C, field '$.a.b': expected a number.</c>
    /// for valid JSON that does not bind (see <see cref="NotBound"/>).
    /// </summary>
    public static string Describe(JsonException e, ReadOnlySpan<byte> utf8, JsonTypeInfo type)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (IsSyntaxError(e))
        {
            return Describe(e, utf8);
        }
        return Where(e, utf8) is { } where ? $"{where}, {NotBound(e, type)}" : NotBound(e, type);
    }

    /// <summary><see cref="Describe(JsonException, ReadOnlySpan{byte}, JsonTypeInfo)"/> for JSON given to the reader as a string.</summary>
    public static string Describe(JsonException e, string text, JsonTypeInfo type) => Describe(e, Encoding.UTF8.GetBytes(text), type);

    /// <summary>
    /// Where the error is when the JSON itself is no longer at hand (a request body read as a stream): <c>line L, byte B</c>,
    /// both from 1, B counting UTF-8 bytes of the line (a column in characters needs the text before the error).
    /// </summary>
    public static string? WhereInBytes(JsonException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.LineNumber is { } line && e.BytePositionInLine is { } inLine
            ? string.Create(CultureInfo.InvariantCulture, $"line {line + 1}, byte {inLine + 1}")
            : null;
    }

    /// <summary>
    /// A value the serializer read as valid JSON but could not bind, in the words of the input readers, without its place:
    /// <c>field '$.rounds[0].amount': expected a number.</c>, <c>field '$.side': expected one of payer, payee.</c>,
    /// <c>field '$.rounds': unknown member; expected one of a, b.</c>, <c>field '$.name': missing; expected a string.</c>.
    /// What is expected comes from the contract the serializer bound to, never from its message (which names .NET types).
    /// </summary>
    /// <param name="e">The serializer's exception (not a syntax error).</param>
    /// <param name="type">The contract of the document's root, with the options the serializer used.</param>
    /// <param name="root">How the caller names the document's root: <c>$</c>, or <c>$.spec</c> for a member of a request body.</param>
    public static string NotBound(JsonException e, JsonTypeInfo type, string root = "$")
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(type);
        if (e.Path is not { } path || !path.StartsWith('$'))
        {
            // An exception of the caller's own (an empty document), whose message is already in words.
            return $"{e.Message.TrimEnd().TrimEnd('.')}.";
        }
        var segments = JsonPathSegments(path);
        string Show(IEnumerable<string> segs) => root + string.Concat(segs.Select(s => s.StartsWith('[') ? s : $".{s}"));
        string shown = Show(segments);
        string message = e.Message;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var parent = Resolve(type, segments.Take(segments.Count - 1));
            var members = parent is { Kind: JsonTypeInfoKind.Object } ? parent.Properties.Select(p => p.Name).Order(StringComparer.Ordinal).ToList() : [];
            return members.Count > 0 ? $"field '{shown}': unknown member; expected one of {string.Join(", ", members)}." : $"field '{shown}': unknown member.";
        }
        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            var names = MissingNames(message);
            if (names.Count > 0)
            {
                var owner = Resolve(type, segments);
                string first = Show([.. segments, names[0]]);
                string also = names.Count > 1 ? $" (so {(names.Count == 2 ? "is" : "are")} {string.Join(", ", names.Skip(1).Select(n => $"'{Show([.. segments, n])}'"))})" : "";
                string expected = owner?.Properties.FirstOrDefault(p => p.Name == names[0]) is { } property ? $"; expected {Expected(type.Options, property.PropertyType)}" : "";
                return $"field '{first}': missing{also}{expected}.";
            }
            return $"field '{shown}': a required member is missing.";
        }
        if (message.StartsWith("Duplicate property", StringComparison.Ordinal))
        {
            return $"field '{shown}': given twice; expected each member once.";
        }
        var target = Resolve(type, segments);
        if (target is null)
        {
            return $"field '{shown}': not a value this field takes.";
        }
        string what = Expected(type.Options, target.Type);
        return message.Contains("null values", StringComparison.Ordinal) ? $"field '{shown}': null; expected {what}." : $"field '{shown}': expected {what}.";
    }

    /// <summary>The contract at <paramref name="segments"/> below <paramref name="type"/>, or null when no member of that name exists.</summary>
    private static JsonTypeInfo? Resolve(JsonTypeInfo type, IEnumerable<string> segments)
    {
        JsonTypeInfo? at = type;
        foreach (string segment in segments)
        {
            Type? next = at switch
            {
                { Kind: JsonTypeInfoKind.Object } when !segment.StartsWith('[') => at.Properties.FirstOrDefault(p => p.Name == segment)?.PropertyType,
                { Kind: JsonTypeInfoKind.Enumerable } when segment.StartsWith('[') => at.ElementType,
                { Kind: JsonTypeInfoKind.Dictionary } => at.ElementType,
                _ => null,
            };
            if (next is null)
            {
                return null;
            }
            at = type.Options.GetTypeInfo(next);
        }
        return at;
    }

    /// <summary>What a value of <paramref name="type"/> is in JSON, in words: a number, a date YYYY-MM-DD, one of a, b.</summary>
    private static string Expected(JsonSerializerOptions options, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            // Written as the options write them: names (as the naming policy spells them) or numbers.
            var names = Enum.GetValues(type).Cast<object>().Select(v => JsonSerializer.Serialize(v, type, options).Trim('"')).Distinct(StringComparer.Ordinal);
            return $"one of {string.Join(", ", names)}";
        }
        if (type == typeof(string))
        {
            return "a string (in quotes)";
        }
        if (type == typeof(bool))
        {
            return "true or false";
        }
        if (type == typeof(DateOnly))
        {
            return "a date YYYY-MM-DD";
        }
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime))
        {
            return "a date and time (ISO 8601, e.g. 2025-01-01T08:00:00Z)";
        }
        if (type == typeof(long) || type == typeof(ulong))
        {
            return "a whole number";
        }
        if (type == typeof(int) || type == typeof(short) || type == typeof(byte) || type == typeof(uint) || type == typeof(ushort) || type == typeof(sbyte))
        {
            object min = type.GetField("MinValue")!.GetValue(null)!;
            object max = type.GetField("MaxValue")!.GetValue(null)!;
            return string.Create(CultureInfo.InvariantCulture, $"a whole number from {min} to {max}");
        }
        if (type == typeof(decimal) || type == typeof(double) || type == typeof(float))
        {
            return "a number";
        }
        if (type == typeof(JsonElement) || type == typeof(object))
        {
            return "a JSON value";
        }
        return options.GetTypeInfo(type).Kind switch
        {
            JsonTypeInfoKind.Enumerable => "an array",
            JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "an object",
            _ => "a value of another kind",
        };
    }

    /// <summary>The segments of a serializer's path: <c>$.a['b c'][0]</c> is <c>a</c>, <c>b c</c>, <c>[0]</c>.</summary>
    private static List<string> JsonPathSegments(string path)
    {
        var segments = new List<string>();
        int i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                int end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                int end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                segments.Add(path[(i + 2)..end]);
                i = Math.Min(end + 2, path.Length);
            }
            else if (path[i] == '[')
            {
                int end = path.IndexOf(']', i);
                end = end < 0 ? path.Length - 1 : end;
                segments.Add(path[i..(end + 1)]);
                i = end + 1;
            }
            else
            {
                i++;
            }
        }
        return segments;
    }

    /// <summary>The member names of the serializer's "missing required properties including: 'a', 'b'."</summary>
    private static List<string> MissingNames(string message)
    {
        int start = message.IndexOf("including:", StringComparison.Ordinal);
        if (start < 0)
        {
            return [];
        }
        var names = new List<string>();
        string rest = message[(start + "including:".Length)..];
        int open;
        while ((open = rest.IndexOf('\'')) >= 0 && rest.IndexOf('\'', open + 1) is var close && close > open)
        {
            names.Add(rest[(open + 1)..close]);
            rest = rest[(close + 1)..];
        }
        return names;
    }

    /// <summary>
    /// True when the JSON text itself is malformed; false when the serializer read valid JSON but could not bind a value
    /// (a missing member, a string for a number), whose message is the caller's to word.
    /// </summary>
    public static bool IsSyntaxError(JsonException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        // The reader throws its own subclass of JsonException; the serializer passes it on as the inner exception of one that adds the path.
        return e.GetType() != typeof(JsonException) || e.InnerException is JsonException;
    }

    /// <summary>
    /// A stream's bytes as <c>JsonDocument.Parse(Stream)</c> reads them, without a UTF-8 byte order mark, kept so that an error
    /// can be placed after the stream is spent.
    /// </summary>
    public static ReadOnlyMemory<byte> ReadAll(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var copy = new MemoryStream();
        json.CopyTo(copy);
        var bytes = copy.GetBuffer().AsMemory(0, (int)copy.Length);
        return bytes.Span.StartsWith(Utf8Bom) ? bytes[Utf8Bom.Length..] : bytes;
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// Counts the characters before the error on its line, from the JSON given in one piece or in chunks. Bytes that are not
    /// UTF-8 count as an editor shows them, one U+FFFD per malformed sequence.
    /// </summary>
    private sealed class ColumnCounter(long line, long inLine)
    {
        private readonly long _line = line;
        private long _newlinesLeft = line;
        private long _bytesLeft = inLine;
        private long _characters;
        private bool _started;
        private readonly byte[] _split = new byte[4];
        private int _splitLength;

        public bool Done => _newlinesLeft == 0 && _bytesLeft == 0 && _splitLength == 0;

        public void Feed(ReadOnlySpan<byte> chunk, bool final)
        {
            // A reader of a stream skips the mark before it counts; the caller may hand over the file's bytes with it.
            if (!_started)
            {
                _started = true;
                if (chunk.StartsWith(Utf8Bom))
                {
                    chunk = chunk[Utf8Bom.Length..];
                }
            }
            while (_newlinesLeft > 0)
            {
                int newline = chunk.IndexOf((byte)'\n');
                if (newline < 0)
                {
                    return;
                }
                chunk = chunk[(newline + 1)..];
                _newlinesLeft--;
            }
            var part = chunk[..(int)Math.Min(_bytesLeft, chunk.Length)];
            _bytesLeft -= part.Length;
            if (_splitLength > 0)
            {
                byte[] joined = new byte[_splitLength + part.Length];
                _split.AsSpan(0, _splitLength).CopyTo(joined);
                part.CopyTo(joined.AsSpan(_splitLength));
                part = joined;
                _splitLength = 0;
            }
            bool last = final || _bytesLeft == 0;
            while (!part.IsEmpty)
            {
                var status = Rune.DecodeFromUtf8(part, out _, out int consumed);
                if (status == System.Buffers.OperationStatus.NeedMoreData && !last)
                {
                    // A character split between two chunks is counted once, with the next chunk.
                    part.CopyTo(_split);
                    _splitLength = part.Length;
                    return;
                }
                _characters++;
                part = part[Math.Max(consumed, 1)..];
            }
        }

        public string Place(long firstLine) => string.Create(CultureInfo.InvariantCulture, $"line {firstLine + _line}, column {_characters + 1}");
    }
}
