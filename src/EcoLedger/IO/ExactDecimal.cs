using System.Globalization;

namespace EcoLedger.IO;

/// <summary>
/// Parses decimal numbers from input files without silent rounding: <see cref="decimal"/> holds 28 to 29 significant
/// digits and a scale of at most 28, and <c>decimal.Parse</c> rounds anything finer (0.123456789012345678901234567890
/// becomes …5679, 1e-400 becomes 0). A number that would be rounded is refused instead, so what is stored is what was written.
/// </summary>
public static class ExactDecimal
{
    /// <summary>The most significant digits accepted.</summary>
    public const int MaxDigits = 28;

    /// <summary>
    /// Parses <paramref name="text"/> (invariant culture, optional sign, decimal point and exponent as <paramref name="styles"/>
    /// allow); false when it is not a number, is beyond the range of <see cref="decimal"/>, or has more than 28 significant
    /// digits or digits beyond the 28th decimal place.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, NumberStyles styles, out decimal value)
    {
        if (!decimal.TryParse(text, styles, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }
        var t = text.Trim();
        int e = t.IndexOfAny('e', 'E');
        var mantissa = e < 0 ? t : t[..e];
        int exponent = 0;
        if (e >= 0 && !int.TryParse(t[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
        {
            return false;
        }
        mantissa = mantissa.TrimStart("+-");
        int point = mantissa.IndexOf('.');
        var intPart = point < 0 ? mantissa : mantissa[..point];
        var fraction = point < 0 ? [] : mantissa[(point + 1)..];
        fraction = fraction.TrimEnd('0');
        intPart = intPart.TrimStart('0');
        int significant;
        if (intPart.Length > 0)
        {
            // Trailing zeros of a whole number are not significant (1000 is one digit at scale -3).
            significant = fraction.Length > 0 ? intPart.Length + fraction.Length : intPart.TrimEnd('0').Length;
        }
        else
        {
            significant = fraction.TrimStart('0').Length;
        }
        if (significant == 0)
        {
            return true; // zero, however written
        }
        int scale = fraction.Length - exponent;
        return significant <= MaxDigits && scale <= MaxDigits;
    }
}
