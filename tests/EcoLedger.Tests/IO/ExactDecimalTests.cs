using System.Globalization;
using EcoLedger.IO;

namespace EcoLedger.Tests.IO;

public class ExactDecimalTests
{
    [Theory]
    [InlineData("0", "0")]
    [InlineData("-0.000", "0")]
    [InlineData("12.50", "12.5")]
    [InlineData("1e3", "1000")]
    [InlineData("2.5E-3", "0.0025")]
    [InlineData("1000000000000000000000000000", "1000000000000000000000000000")] // 10^27: one significant digit
    [InlineData("1234567890123456789012345678", "1234567890123456789012345678")] // 28 digits
    [InlineData("0.0000000000000000000000000001", "0.0000000000000000000000000001")] // scale 28
    public void Should_accept_a_number_decimal_holds_exactly(string text, string expected)
    {
        Assert.True(ExactDecimal.TryParse(text, NumberStyles.Float, out var value));
        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("0.123456789012345678901234567890")] // 30 significant digits: decimal.Parse would round
    [InlineData("12345678901234567890123456789")] // 29 digits
    [InlineData("0.00000000000000000000000000001")] // scale 29: parses as 0
    [InlineData("1e-400")]
    [InlineData("4.9e-324")]
    [InlineData("1e308")]
    [InlineData("79228162514264337593543950336")] // decimal.MaxValue + 1
    [InlineData("NaN")]
    [InlineData("")]
    public void Should_refuse_a_number_that_would_be_rounded_or_cannot_be_held(string text)
    {
        Assert.False(ExactDecimal.TryParse(text, NumberStyles.Float, out _));
    }
}
