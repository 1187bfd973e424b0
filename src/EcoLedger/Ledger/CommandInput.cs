using System.Globalization;
using EcoLedger.IO;

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

    /// <summary>A ledger id for <c>ledger init</c> (<see cref="Audit.Checkpoint.LedgerIdProblem"/>), checked before anything is created.</summary>
    /// <exception cref="LedgerException">Not a ledger id.</exception>
    public static string LedgerId(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Audit.Checkpoint.LedgerIdProblem(text) is { } problem ? throw LedgerException.ForFields($"Invalid {{ledger_id}}: {problem}", "ledger_id") : text;
    }

    /// <summary>
    /// The longest retirement beneficiary or purpose, in characters. Both are printed on the retirement certificate and carried in its QR
    /// code, which holds the retirement's inclusion proof file: at most 2,331 bytes in a version-40 code at level M
    /// (<c>RetirementCertificatePdf.MaxQrProofBytes</c>). A one-move retirement's proof takes about 1,250 bytes before its two texts in a
    /// ledger of 16 events and 67 bytes more for each doubling of the journal (about 1,600 bytes in the demo's ledger of 115 events), which
    /// leaves room for two texts of 100 characters, 600 bytes as UTF-8 when every character is Chinese (3 bytes), in a ledger of up to
    /// about 512 events, and for ASCII texts up to about 2^15 events; a longer proof gets a reference instead of the proof.
    /// </summary>
    public const int MaxCertificateTextLength = 100;

    /// <summary>
    /// A free text printed on a retirement certificate and carried in its QR code (the beneficiary, the purpose): at most
    /// <see cref="MaxCertificateTextLength"/> characters, no control or invisible characters. Null passes (the engine says what is missing).
    /// </summary>
    /// <param name="text">The text given.</param>
    /// <param name="field">The command field it sets, snake case (<c>beneficiary</c>, <c>purpose</c>).</param>
    /// <exception cref="LedgerException">Too long, or with a control character.</exception>
    public static string? CertificateText(string? text, string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (text is not null && InputText.NameProblem(text, MaxCertificateTextLength) is { } problem)
        {
            throw LedgerException.ForFields($"The {field.Replace('_', ' ')} ({{{field}}}) is printed on the retirement certificate and carried in its QR code: expected {problem}.", field);
        }
        return text;
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
