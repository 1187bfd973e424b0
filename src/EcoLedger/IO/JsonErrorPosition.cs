using System.Globalization;
using System.Text;
using System.Text.Json;

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
