using System.Globalization;

namespace EcoLedger.IntegrationTests.BadInput;

/// <summary>Boundary and hostile values shared by the generators.</summary>
internal static class BadValues
{
    /// <summary>Text that is not a sensible number, or a number at or beyond what any input may hold.</summary>
    public static readonly string[] Numbers =
    [
        "", " ", "NaN", "nan", "Infinity", "-Infinity", "∞", "-1", "-0", "0", "1e308", "-1e308", "1e309", "1.7976931348623157E+308", "4.9e-324",
        "123456789012345678901234567890", "0.123456789012345678901234567890", "79228162514264337593543950336", "9223372036854775808",
        "1,5", "1.5.5", "0x10", "1e", "e5", "+5", " 5 ", "5 t", "١٢", "１２", "1_000", "1e-400", "100000000000", "99999999999999999999",
    ];

    /// <summary>Text that is not a sensible name or id.</summary>
    public static readonly string[] Names =
    [
        "", " ", "a\0b", "tab\there", "bell\u0007", "esc\u001b[31m", "line\nbreak", "del\u007f", "\u200b", "\uFEFFbom", "\"quoted\"", "comma,name",
        "=cmd|' /C calc'!A0", "../../etc/passwd", "名字", "e\u0301", "\U0001F600", new string('x', 5000), "\uD800",
    ];

    public static string Pick(this Random random, IReadOnlyList<string> values) => values[random.Next(values.Count)];

    public static string Num(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
