using System.Globalization;
using System.Runtime.CompilerServices;

namespace EcoLedger.IO;

/// <summary>
/// Parses the numbers of input CSV files exactly as <c>double.TryParse(text, NumberStyles.Float, InvariantCulture)</c>
/// does, with a direct path for the plain decimals monitoring exports are made of (<c>537.7</c>, <c>-0.25</c>, <c>29</c>).
/// </summary>
/// <remarks>
/// The direct path is Clinger's exact case: with at most 15 significant digits the digits form an integer below
/// 2^53 and the divisor 10^k (k ≤ 22) is itself a double, both exact, and IEEE 754 division is correctly rounded, so
/// m / 10^k is the double nearest the decimal, which is what the framework's parser returns. Anything else (exponents,
/// more digits, white space, signs other than one leading '-' or '+') goes to the framework.
/// </remarks>
public static class CsvDoubleParser
{
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Parses <paramref name="text"/> as an invariant-culture floating-point number.</summary>
    [MethodImpl(HotPath.Optimized)]
    public static bool TryParse(ReadOnlySpan<char> text, out double value)
    {
        if (TryParseSimple(text, out value))
        {
            return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static bool TryParseSimple(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (text.Length > 0 && (text[0] == '-' || text[0] == '+'))
        {
            negative = text[0] == '-';
            i = 1;
        }
        ulong mantissa = 0;
        int digits = 0, significant = 0, fraction = 0;
        bool point = false;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (c >= '0' && c <= '9')
            {
                digits++;
                if (mantissa != 0 || c != '0')
                {
                    if (++significant > 15)
                    {
                        return false;
                    }
                }
                mantissa = mantissa * 10 + (ulong)(c - '0');
                if (point)
                {
                    fraction++;
                }
            }
            else if (c == '.' && !point)
            {
                point = true;
            }
            else
            {
                return false;
            }
        }
        if (digits == 0 || fraction > 22)
        {
            return false;
        }
        double result = (double)mantissa / PowersOfTen[fraction];
        value = negative ? -result : result;
        return true;
    }
}
