using System.Globalization;

namespace EcoLedger.Ledger;

/// <summary>An inclusive range of credit serial numbers within one project: <c>Start..End</c>, one tonne CO2e each.</summary>
public readonly record struct SerialRange
{
    /// <summary>Creates a range; serials start at 1 and <paramref name="end"/> ≥ <paramref name="start"/>.</summary>
    /// <remarks>
    /// Also how JSON reads a range back (a command's content in the journal, re-decided by the auditor's replay): without it a struct
    /// is read with its default constructor, as the range 0-0.
    /// </remarks>
    [System.Text.Json.Serialization.JsonConstructor]
    public SerialRange(long start, long end)
    {
        if (start < 1 || end < start)
        {
            throw new ArgumentOutOfRangeException(nameof(end), $"A serial range needs 1 ≤ start ≤ end; got {start}-{end}.");
        }
        Start = start;
        End = end;
    }

    /// <summary>First serial.</summary>
    public long Start { get; }

    /// <summary>Last serial (inclusive).</summary>
    public long End { get; }

    /// <summary>Number of credits (tonnes).</summary>
    public long Count => End - Start + 1;

    /// <summary>True when <paramref name="serial"/> is in the range.</summary>
    public bool Contains(long serial) => Start <= serial && serial <= End;

    /// <summary>True when the two ranges share a serial.</summary>
    public bool Overlaps(SerialRange other) => Start <= other.End && other.Start <= End;

    /// <summary>
    /// The split rule: moving <paramref name="quantity"/> credits out of a range takes its <b>lowest</b> serials.
    /// Returns the part that moves and the part the sender keeps (null when the whole range moves).
    /// </summary>
    public (SerialRange Moved, SerialRange? Kept) TakeLowest(long quantity)
    {
        if (quantity < 1 || quantity > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(quantity), $"Can take 1 to {Count} credits from {this}; got {quantity}.");
        }
        var moved = new SerialRange(Start, Start + quantity - 1);
        return (moved, quantity == Count ? null : new SerialRange(Start + quantity, End));
    }

    /// <summary>Parses <c>START-END</c> (or a single serial <c>N</c>).</summary>
    /// <exception cref="LedgerException">Not two positive integers with start ≤ end.</exception>
    public static SerialRange Parse(string text)
    {
        var parts = text.Split('-');
        if (parts.Length is 1 or 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long s)
            && long.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out long e)
            && s >= 1 && e >= s)
        {
            return new SerialRange(s, e);
        }
        throw new LedgerException($"Invalid serial range '{text}': expected START-END with 1 ≤ START ≤ END.");
    }

    /// <summary><c>START-END</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Start}-{End}");
}

/// <summary>
/// Serial numbers as printed on statements: <c>ECO-{region}-{project}-{vintageStart:yyyyMMdd}-{vintageEnd:yyyyMMdd}-{start}-{end}</c>.
/// Numbering is per project and cumulative across vintages (see methodology/serials.md).
/// </summary>
public static class SerialNumber
{
    /// <summary>Formats a block's serial range.</summary>
    public static string Format(string region, string project, DateOnly vintageStart, DateOnly vintageEnd, SerialRange range) =>
        string.Create(CultureInfo.InvariantCulture,
            $"ECO-{region}-{project}-{vintageStart:yyyyMMdd}-{vintageEnd:yyyyMMdd}-{range.Start}-{range.End}");

    /// <summary>
    /// Parses a full serial (<c>ECO-R-P-YYYYMMDD-YYYYMMDD-START-END</c>, or with a single trailing number for one credit).
    /// Returns the project id and the range.
    /// </summary>
    /// <exception cref="LedgerException">The text does not follow the format.</exception>
    public static (string Region, string Project, SerialRange Range) Parse(string text)
    {
        var p = text.Split('-');
        if ((p.Length == 7 || p.Length == 6) && p[0] == "ECO" && Identifiers.IsValid(p[1]) && Identifiers.IsValid(p[2])
            && p[3].Length == 8 && p[4].Length == 8 && p[3].All(char.IsAsciiDigit) && p[4].All(char.IsAsciiDigit))
        {
            try
            {
                return (p[1], p[2], SerialRange.Parse(string.Join('-', p[5..])));
            }
            catch (LedgerException)
            {
                // fall through to the format message
            }
        }
        throw new LedgerException($"Invalid serial '{text}': expected ECO-REGION-PROJECT-YYYYMMDD-YYYYMMDD-START-END.");
    }
}
