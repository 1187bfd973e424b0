using EcoLedger.Valuation.Accounting;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EcoLedger.Tests.Valuation;

/// <summary>GepEngine.RoundToFen has a direct path; it must give the framework's rounding bit for bit.</summary>
public class RoundToFenTests
{
    private static readonly Gen<decimal> Decimals =
        from lo in Gen.Choose(int.MinValue, int.MaxValue)
        from mid in Gen.Choose(int.MinValue, int.MaxValue)
        from hi in Gen.Elements(0, 0, 0, 1, 12345, int.MaxValue)
        from negative in Gen.Elements(false, true)
        from scale in Gen.Choose(0, 28)
        select new decimal(lo, mid, hi, negative, (byte)scale);

    [Property(MaxTest = 5000)]
    public Property Rounds_as_decimal_Round_half_away_from_zero_bit_for_bit() =>
        Prop.ForAll(Decimals.ToArbitrary(), value =>
            decimal.GetBits(GepEngine.RoundToFen(value)).SequenceEqual(decimal.GetBits(decimal.Round(value, 2, MidpointRounding.AwayFromZero))));

    [Theory]
    // Halves go away from zero; below half goes toward zero; the result keeps two decimals.
    [InlineData("1.005", "1.01")]
    [InlineData("-1.005", "-1.01")]
    [InlineData("1.00499999", "1.00")]
    [InlineData("2.5", "2.5")]
    [InlineData("-0.001", "0.00")]
    [InlineData("141089.8312345678901234", "141089.83")]
    public void Rounds_row_values_to_the_fen(string value, string expected) =>
        Assert.Equal(expected, GepEngine.RoundToFen(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture));
}
