using System.Globalization;
using System.Text.RegularExpressions;

namespace EcoLedger.Ledger.Interop.Cadt;

/// <summary>
/// A CADT label record has a name but no approving body or approval date, so EcoLedger writes them into the name,
/// <c>ICVCM CCP (approved by Integrity Council for the Voluntary Carbon Market on 2025-01-15)</c>, and reads them back on import.
/// </summary>
public static partial class CadtLabelName
{
    /// <summary>What a label from another registry gets as approving body when its name does not say.</summary>
    public const string NotStated = "not stated in the CAD Trust record";

    /// <summary>The CADT <c>label</c> text.</summary>
    public static string Format(string label, string approvingBody, DateOnly approvedOn) =>
        string.Create(CultureInfo.InvariantCulture, $"{label} (approved by {approvingBody} on {approvedOn:yyyy-MM-dd})");

    /// <summary>Label, approving body and approval date from a CADT <c>label</c>; the body is <see cref="NotStated"/> and the date null when the text does not carry them.</summary>
    public static (string Label, string ApprovingBody, DateOnly? ApprovedOn) Parse(string text)
    {
        var m = Pattern().Match(text);
        return m.Success
            ? (m.Groups[1].Value, m.Groups[2].Value, DateOnly.ParseExact(m.Groups[3].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture))
            : (text, NotStated, null);
    }

    [GeneratedRegex(@"^(.+) \(approved by (.+) on (\d{4}-\d{2}-\d{2})\)$")]
    private static partial Regex Pattern();
}
