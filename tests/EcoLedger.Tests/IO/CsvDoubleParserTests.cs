using System.Globalization;
using EcoLedger.IO;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EcoLedger.Tests.IO;

/// <summary>The direct number path of the unit reader returns exactly the framework's double, bit for bit.</summary>
public class CsvDoubleParserTests
{
    private static void AssertSameAsFramework(string text)
    {
        bool expectedOk = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double expected);
        bool ok = CsvDoubleParser.TryParse(text, out double actual);
        Assert.Equal(expectedOk, ok);
        if (ok)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
        }
    }

    [Theory]
    [InlineData("537.7")]
    [InlineData("0.1")]
    [InlineData("-0")]
    [InlineData("-0.0")]
    [InlineData("+2.5")]
    [InlineData(".5")]
    [InlineData("-.5")]
    [InlineData("5.")]
    [InlineData("29")]
    [InlineData("0.0000000000000000000001")]
    [InlineData("0.00000000000000000000001")]
    [InlineData("999999999999999")]
    [InlineData("9999999999999999")]
    [InlineData("9007199254740993")]
    [InlineData("1.7976931348623157e308")]
    [InlineData("1e400")]
    [InlineData(" 3.5")]
    [InlineData("3.5 ")]
    [InlineData("1,5")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("0x10")]
    public void Edge_cases_parse_as_the_framework_parses_them(string text) => AssertSameAsFramework(text);

    private static readonly Gen<string> PlainDecimals =
        from sign in Gen.Choose(0, 2)
        from high in Gen.Choose(0, int.MaxValue)
        from low in Gen.Choose(0, 999_999)
        from fraction in Gen.Choose(0, 24)
        select Text(sign, high, low, fraction);

    private static string Text(int sign, int high, int low, int fraction)
    {
        // Up to 16 digits with the point anywhere (or before leading zeros), so both the direct path (≤ 15 significant
        // digits, ≤ 22 after the point) and the fallback are exercised.
        string digits = $"{high}{low:000000}".TrimStart('0');
        digits = digits.Length == 0 ? "0" : digits;
        string text = fraction >= digits.Length ? "0." + new string('0', fraction - digits.Length) + digits
            : fraction == 0 ? digits : digits[..^fraction] + "." + digits[^fraction..];
        return (sign == 1 ? "-" : sign == 2 ? "+" : "") + text;
    }

    [Property(MaxTest = 5000)]
    public Property Plain_decimals_parse_to_the_framework_double_bit_for_bit() =>
        Prop.ForAll(PlainDecimals.ToArbitrary(), text => AssertSameAsFramework(text));
}
