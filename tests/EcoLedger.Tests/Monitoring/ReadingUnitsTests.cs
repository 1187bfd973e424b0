using EcoLedger.Monitoring;

namespace EcoLedger.Tests.Monitoring;

public class ReadingUnitsTests
{
    [Theory]
    // 1 µmol CO2 m-2 s-1 × 44.01 µg/µmol × 10,000 m²/ha × 1,800 s = 792,180,000 µg CO2/ha (0.00079218 t) per half hour
    [InlineData("nee", "umol m-2 s-1", "1", 1800, "1", 792_180_000L)]
    // −12.5 µmol × 440,100 × 1,800 = −9,902,250,000 µg
    [InlineData("nee", "µmol m-2 s-1", "-12.5", 1800, "-12.5", -9_902_250_000L)]
    // 1 µmol × 440,100 µg/ha/s × 60 s = 26,406,000 µg in a minute
    [InlineData("nee", "umol/m2/s", "1", 60, "1", 26_406_000L)]
    // 0.44 mg CO2 m-2 s-1 = 440 µg / 44.01 = 9.99772… µmol; amount 0.44 × 10⁷ µg/ha/s × 1,800 s = 7,920,000,000 µg
    [InlineData("nee", "mg m-2 s-1", "0.44", 1800, null, 7_920_000_000L)]
    // 1.2 mm in the interval = 1,200 µm
    [InlineData("precipitation", "mm", "1.2", 600, "1.2", 1_200L)]
    // 3 mm/h over 10 minutes = 0.5 mm = 500 µm
    [InlineData("precipitation", "mm h-1", "3", 600, "0.5", 500L)]
    public void Converts_a_reading_to_its_qc_value_and_integer_amount(string variable, string unit, string value, int seconds, string? qc, long amount)
    {
        Assert.True(MonitoredVariables.TryParse(variable, out var v));
        var c = ReadingUnits.Convert(v, unit, decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture), seconds, out var error);
        Assert.Null(error);
        Assert.Equal(amount, c!.Value.Amount);
        if (qc is not null)
        {
            Assert.Equal(decimal.Parse(qc, System.Globalization.CultureInfo.InvariantCulture), c.Value.QcValue);
        }
    }

    [Fact]
    public void An_unknown_unit_is_refused_naming_the_accepted_ones()
    {
        var c = ReadingUnits.Convert(MonitoredVariable.Nee, "g C m-2 d-1", 1m, 1800, out var error);
        Assert.Null(c);
        Assert.Equal("Unit 'g C m-2 d-1' is not known for variable 'nee'; expected 'umol m-2 s-1' (also 'µmol m-2 s-1', 'umol/m2/s') or 'mg m-2 s-1' (mg CO2).", error);
    }

    [Fact]
    public void A_water_unit_is_refused_for_nee()
    {
        Assert.Null(ReadingUnits.Convert(MonitoredVariable.Nee, "mm", 1m, 1800, out var error));
        Assert.StartsWith("Unit 'mm' is not known for variable 'nee'", error);
    }
}
