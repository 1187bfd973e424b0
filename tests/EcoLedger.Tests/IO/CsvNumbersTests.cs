using System.Globalization;
using System.Text;
using EcoLedger.IO;

namespace EcoLedger.Tests.IO;

/// <summary>The direct number formats of the output files write exactly what the framework's formatting writes.</summary>
public class CsvNumbersTests
{
    private static string Fen(decimal d)
    {
        Span<byte> buffer = stackalloc byte[64];
        return Encoding.UTF8.GetString(buffer[..CsvNumbers.Fen(d, buffer)]);
    }

    private static string RoundTrip(double d)
    {
        Span<byte> buffer = stackalloc byte[64];
        return Encoding.UTF8.GetString(buffer[..CsvNumbers.RoundTrip(d, buffer)]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0.00")]
    [InlineData("0.5")]
    [InlineData("1.50")]
    [InlineData("-3")]
    [InlineData("123456789012345678.12")]
    [InlineData("720575940379279.35")]
    [InlineData("720575940379279.36")]
    [InlineData("-720575940379279.36")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("0.005")]
    [InlineData("-0.001")]
    [InlineData("1.23456")]
    public void Fen_matches_the_custom_format(string text)
    {
        decimal d = decimal.Parse(text, CultureInfo.InvariantCulture);
        Assert.Equal(d.ToString("0.00", CultureInfo.InvariantCulture), Fen(d));
    }

    [Fact]
    public void Fen_matches_the_custom_format_on_rounded_amounts()
    {
        var random = new Random(20261130);
        for (int i = 0; i < 200_000; i++)
        {
            double magnitude = Math.Pow(10, random.Next(-3, 16));
            decimal d = decimal.Round((decimal)((random.NextDouble() - 0.2) * magnitude), random.Next(0, 4), MidpointRounding.AwayFromZero);
            Assert.Equal(d.ToString("0.00", CultureInfo.InvariantCulture), Fen(d));
        }
    }

    [Theory]
    [InlineData(0d)]
    [InlineData(1e-6)]
    [InlineData(1e-5)]
    [InlineData(0.0001)]
    [InlineData(0.1)]
    [InlineData(0.3)]
    [InlineData(999999999.999999)]
    [InlineData(1e9)]
    [InlineData(1e15)]
    [InlineData(171050626.991375)]
    [InlineData(-2.5)]
    [InlineData(double.Epsilon)]
    [InlineData(double.MaxValue)]
    public void Round_trip_matches_the_R_format(double d)
    {
        Assert.Equal(d.ToString("R", CultureInfo.InvariantCulture), RoundTrip(d));
        double r = Math.Round(d, 6);
        Assert.Equal(r.ToString("R", CultureInfo.InvariantCulture), RoundTrip(r));
    }

    [Fact]
    public void Round_trip_keeps_the_sign_of_negative_zero() => Assert.Equal("-0", RoundTrip(-0d));

    [Fact]
    public void Round_trip_matches_the_R_format_on_quantities_rounded_to_six_decimals()
    {
        var random = new Random(42);
        for (int i = 0; i < 300_000; i++)
        {
            double magnitude = Math.Pow(10, random.Next(-7, 12));
            double q = Math.Round((random.NextDouble() - 0.1) * magnitude, 6);
            Assert.Equal(q.ToString("R", CultureInfo.InvariantCulture), RoundTrip(q));
            double raw = random.NextDouble() * magnitude;
            Assert.Equal(raw.ToString("R", CultureInfo.InvariantCulture), RoundTrip(raw));
        }
    }
}
