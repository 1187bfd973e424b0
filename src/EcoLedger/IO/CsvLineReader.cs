using System.Text;

namespace EcoLedger.IO;

/// <summary>
/// A small streaming CSV reader (RFC 4180 quoting, UTF-8, one record per line) that hands out fields as spans so
/// numeric columns are parsed without allocating a string per field. Quoted fields may contain commas and doubled
/// quotes but not line breaks.
/// </summary>
public sealed class CsvLineReader : IDisposable
{
    private readonly TextReader _reader;
    private readonly List<(int Start, int Length)> _ranges = new(32);
    private readonly StringBuilder _unescaped = new();
    private string _buffer = "";

    /// <summary>Reads from a text reader (the caller owns the encoding; use UTF-8).</summary>
    public CsvLineReader(TextReader reader) => _reader = reader;

    /// <summary>Opens a file as UTF-8 (a BOM is skipped) with a large buffer for sequential reading.</summary>
    public static CsvLineReader Open(string path) =>
        new(new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan), Encoding.UTF8, true, 1 << 16));

    /// <summary>The 1-based line number of the current record.</summary>
    public int LineNumber { get; private set; }

    /// <summary>The number of fields of the current record.</summary>
    public int FieldCount => _ranges.Count;

    /// <summary>A field of the current record, unquoted.</summary>
    public ReadOnlySpan<char> this[int index] => _buffer.AsSpan(_ranges[index].Start, _ranges[index].Length);

    /// <summary>A field as a string.</summary>
    public string GetString(int index) => this[index].ToString();

    /// <summary>Moves to the next non-empty record; false at the end. Throws <see cref="FormatException"/> for an unterminated quote.</summary>
    public bool Read()
    {
        string? line;
        do
        {
            line = _reader.ReadLine();
            LineNumber++;
            if (line is null)
            {
                return false;
            }
        }
        while (line.Length == 0);
        _ranges.Clear();
        if (line.Contains('"'))
        {
            SplitQuoted(line);
        }
        else
        {
            _buffer = line;
            int start = 0;
            for (int i = 0; i < line.Length; i++)
            {
                if (line[i] == ',')
                {
                    _ranges.Add((start, i - start));
                    start = i + 1;
                }
            }
            _ranges.Add((start, line.Length - start));
        }
        return true;
    }

    private void SplitQuoted(string line)
    {
        _unescaped.Clear();
        int i = 0;
        while (true)
        {
            int start = _unescaped.Length;
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw new FormatException($"line {LineNumber}: a quoted field is not closed (quoted fields may not span lines).");
                    }
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            _unescaped.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    _unescaped.Append(line[i++]);
                }
                while (i < line.Length && line[i] != ',')
                {
                    _unescaped.Append(line[i++]);
                }
            }
            else
            {
                while (i < line.Length && line[i] != ',')
                {
                    _unescaped.Append(line[i++]);
                }
            }
            _ranges.Add((start, _unescaped.Length - start));
            if (i >= line.Length)
            {
                break;
            }
            i++; // the comma
        }
        _buffer = _unescaped.ToString();
    }

    /// <summary>Quotes a value for CSV output when it needs it.</summary>
    public static string Escape(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();
}
