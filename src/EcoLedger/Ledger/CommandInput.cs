using System.Globalization;

namespace EcoLedger.Ledger;

/// <summary>
/// Turns the text a person or client gives (a date, a buffer percentage, a price in CNY, a serial) into the values command records
/// hold. Every host calls these, so the CLI and the server accept and refuse the same input with the same sentence; a refusal names
/// the field as <c>{field}</c> (<see cref="LedgerException.ForFields"/>) and each host shows its own name for it (an option, a JSON member).
/// </summary>
public static class CommandInput
{
    /// <summary>A calendar date, <c>YYYY-MM-DD</c>.</summary>
    /// <param name="text">The text given.</param>
    /// <param name="field">The command field it sets, snake case (e.g. <c>period_start</c>).</param>
    /// <exception cref="LedgerException">Not a date in that form.</exception>
    public static DateOnly Date(string text, string field)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw LedgerException.ForFields($"Invalid date '{text}' for {{{field}}}: expected YYYY-MM-DD.", field);
    }

    /// <summary>A non-permanence buffer percentage (0–100, two decimals at most) in basis points.</summary>
    /// <exception cref="LedgerException">Not such a percentage.</exception>
    public static int BufferBasisPoints(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var pct) || pct > 100 || decimal.Round(pct, 2) != pct)
        {
            throw LedgerException.ForFields($"Invalid {{buffer_pct}} '{text}': expected a percentage from 0 to 100 with at most two decimals.", "buffer_pct");
        }
        return (int)(pct * 100);
    }

    /// <summary>A price of a whole transfer in CNY (at most two decimals), in fen.</summary>
    /// <exception cref="LedgerException">Not such an amount.</exception>
    public static long PriceFen(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cny))
        {
            throw LedgerException.ForFields($"Invalid {{price}} '{text}': expected an amount in CNY, e.g. 12345.67.", "price");
        }
        var money = EcoLedger.Money.Money.Cny(cny);
        if (!money.IsRoundedToMinorUnit)
        {
            throw LedgerException.ForFields($"Invalid {{price}} '{text}': CNY amounts have at most two decimals (fen).", "price");
        }
        return money.ToMinorUnits();
    }

    /// <summary>
    /// Exact serials of a credit command: <c>START-END</c> within <paramref name="project"/>, or a full <c>ECO-…</c> serial, which names
    /// its project (and must agree with <paramref name="project"/> when both are given).
    /// </summary>
    /// <returns>The project (from the serial, else <paramref name="project"/>) and the range.</returns>
    /// <exception cref="LedgerException">Not a serial, or a serial of another project.</exception>
    public static (string? Project, SerialRange Range) Serials(string text, string? project)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith("ECO-", StringComparison.Ordinal))
        {
            return (project, SerialRange.Parse(text));
        }
        var parsed = SerialNumber.Parse(text);
        if (project is not null && project != parsed.Project)
        {
            throw new LedgerException($"Serial {text} belongs to project '{parsed.Project}', not '{project}'.");
        }
        return (parsed.Project, parsed.Range);
    }
}
