using System.Globalization;
using System.Text;
using nietras.SeparatedValues;

namespace EcoLedger.IO;

/// <summary>
/// A streaming RFC 4180 CSV reader (comma-separated, UTF-8) over the Sep parser: quoted fields may hold commas, doubled
/// quotes and line breaks; CRLF, LF and CR line ends and a leading byte order mark are accepted; empty lines are skipped.
/// Fields are handed out as spans so numeric columns parse without a string per field.
/// </summary>
/// <remarks>
/// Positions: <see cref="Row"/> is the record number counting the header as row 1 and every line of the file that
/// holds no field break, as a spreadsheet numbers its rows; it is what messages report. <see cref="Line"/> is the
/// physical line where the record starts: it differs from <see cref="Row"/> only after a quoted field with a line
/// break, and <see cref="Location"/> then names both (<c>row 4 (line 6)</c>) so either a spreadsheet or a text editor finds it.
/// </remarks>
public sealed class CsvRecordReader : IDisposable
{
    private const int MaxRecordChars = 16 * 1024 * 1024;

    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly SepReader? _sep;
    private CsvFormatException? _failedToStart;
    private readonly string _file;
    private int _rowIndex = -1;

    /// <summary>Reads from a text reader (the caller owns the decoding); messages name the input <paramref name="file"/>.</summary>
    public CsvRecordReader(TextReader reader, string file)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(file);
        _file = file;
        try
        {
            // Sep reads its first buffer here; a decoding failure is kept for the first Read, where callers expect it.
            _sep = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true, DisableFastFloat = true })
                .From(reader);
        }
        catch (Exception e) when (e is DecoderFallbackException or NotSupportedException)
        {
            reader.Dispose();
            _failedToStart = Refusal(e);
        }
    }

    /// <summary>
    /// Opens a file for sequential reading as strict UTF-8 (a byte order mark is skipped; invalid bytes are refused with a
    /// <see cref="CsvFormatException"/> when reached rather than silently replaced).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="file">How messages name the file; default <paramref name="path"/>.</param>
    public static CsvRecordReader Open(string path, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new CsvRecordReader(OpenUtf8(path), file ?? path);
    }

    /// <summary>
    /// When a header read as one column holds another separator, the sentence that says so, to follow a missing-columns message:
    /// full-width commas (a Chinese input method types '，'), tabs (cells copied out of a spreadsheet) or semicolons (Excel where the
    /// decimal mark is a comma); else empty.
    /// </summary>
    public static string SeparatorHint(IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (header.Count != 1)
        {
            return "";
        }
        foreach (var (separator, name) in OtherSeparators)
        {
            if (header[0].Contains(separator, StringComparison.Ordinal))
            {
                return $" The header is one column, its names separated by {name}; expected commas ','.";
            }
        }
        return "";
    }

    private static readonly (char Separator, string Name)[] OtherSeparators =
        [('，', "full-width commas '，'"), ('\t', "tabs"), (';', "semicolons ';'"), ('、', "enumeration commas '、'")];

    /// <summary>
    /// A strict UTF-8 reader of a file for the readers that take a <see cref="TextReader"/> (pass it instead of
    /// <c>new StringReader(File.ReadAllText(path))</c>, which replaces bytes that are not UTF-8 and loads the whole file).
    /// </summary>
    public static TextReader OpenUtf8(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return new StreamReader(stream, StrictUtf8, detectEncodingFromByteOrderMarks: false, 1 << 16);
    }

    /// <summary>The input's name as messages give it.</summary>
    public string File => _file;

    /// <summary>The current record's number, counting the header as row 1 (see the remarks).</summary>
    public int Row { get; private set; }

    /// <summary>The 1-based physical line where the current record starts.</summary>
    public int Line { get; private set; }

    /// <summary>Where the current record is, for messages: <c>row 7</c>, or <c>row 7 (line 9)</c> after a field with a line break.</summary>
    public string Location => Line == Row ? string.Create(CultureInfo.InvariantCulture, $"row {Row}")
        : string.Create(CultureInfo.InvariantCulture, $"row {Row} (line {Line})");

    /// <summary>The number of fields of the current record.</summary>
    public int FieldCount { get; private set; }

    /// <summary>A field of the current record, unquoted and unescaped (not trimmed).</summary>
    public ReadOnlySpan<char> this[int index]
    {
        get
        {
            var span = _sep!.Current[index].Span;
            // A byte order mark read through a TextReader that kept it (FromText, StringReader) is not part of the header.
            return _rowIndex == 0 && index == 0 && span.Length > 0 && span[0] == '\uFEFF' ? span[1..] : span;
        }
    }

    /// <summary>A field as a string.</summary>
    public string GetString(int index) => this[index].ToString();

    /// <summary>Every field of the current record as strings, trimmed (for a header).</summary>
    public IReadOnlyList<string> TrimmedFields()
    {
        var fields = new string[FieldCount];
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i] = this[i].Trim().ToString();
        }
        return fields;
    }

    /// <summary>Moves to the next non-empty record; false at the end.</summary>
    /// <exception cref="CsvFormatException">A quoted field is not closed, a record exceeds 16 Mi characters, or the bytes are not UTF-8.</exception>
    public bool Read()
    {
        if (_failedToStart is { } failure)
        {
            _failedToStart = null;
            FieldCount = 0;
            throw failure;
        }
        if (_sep is null)
        {
            return false;
        }
        while (true)
        {
            bool more;
            try
            {
                more = _sep.MoveNext();
            }
            catch (Exception e) when (e is DecoderFallbackException or NotSupportedException)
            {
                throw Refusal(e);
            }
            if (!more)
            {
                FieldCount = 0;
                return false;
            }
            var row = _sep.Current;
            _rowIndex = row.RowIndex;
            Row = row.RowIndex + 1;
            // Sep reports the first record's start line as 2; every later record's is right.
            Line = row.RowIndex == 0 ? 1 : row.LineNumberFrom;
            var raw = row.Span;
            // Sep never throws on an unclosed quote: it takes the rest of the file as one field. A well-formed record has
            // an even number of quote characters (each quoted field opens, closes and doubles its inner quotes).
            if (raw.Count('"') % 2 != 0)
            {
                throw new CsvFormatException(_file, Location,
                    "a quoted field is not closed; expected a closing quote \" (a quote inside a field is written as \"\" and the field enclosed in quotes).");
            }
            if (row.ColCount == 1 && raw.Length == 0)
            {
                continue;
            }
            FieldCount = row.ColCount;
            return true;
        }
    }

    /// <summary>The parser's and the decoder's failures as the input problem they are.</summary>
    private CsvFormatException Refusal(Exception e)
    {
        if (e is DecoderFallbackException d)
        {
            string bytes = d.BytesUnknown is { Length: > 0 } b ? " (" + string.Join(' ', b.Select(x => x.ToString("X2", CultureInfo.InvariantCulture))) + ")" : "";
            // Sep decodes whole buffers ahead of the record it returns, so no row can be named honestly. Excel on Chinese Windows
            // saves "CSV (逗号分隔)" in GBK, the usual way such a file reaches a bureau, so the remedy names that case.
            return new CsvFormatException(_file, "", $"the file is not valid UTF-8 text{bytes}; expected UTF-8. Excel's \"CSV (逗号分隔)\" on " +
                "Chinese Windows is GBK: save the file as \"CSV UTF-8 (逗号分隔)\", or convert it with iconv -f GBK -t UTF-8.");
        }
        // Sep's ceiling on a record; beyond it is almost always an unclosed quote that swallowed the rest of the file.
        return new CsvFormatException(_file, string.Create(CultureInfo.InvariantCulture, $"row {Row + 1}"),
            string.Create(CultureInfo.InvariantCulture, $"a record is longer than {MaxRecordChars} characters; expected a closing quote \" for every quoted field, and shorter records."));
    }

    /// <inheritdoc />
    public void Dispose() => _sep?.Dispose();
}
