using EcoLedger.Ledger;
using EcoLedger.Pricing;

namespace EcoLedger.Tests.Pricing;

using Money = EcoLedger.Money.Money;

/// <summary>Amounts people enter are taken exactly, and GEP figures read back are never silently dropped.</summary>
public class InputExactnessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-pricing-input-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void A_loan_with_a_fraction_of_a_fen_is_refused_not_rounded()
    {
        Assert.Equal(500_000_000L, Fen.Exact(Money.Cny(5_000_000m), "The loan"));
        var e = Assert.Throws<LedgerException>(() => Fen.Exact(Money.Cny(1.005m), "The loan"));
        Assert.Equal("The loan must be a whole number of fen (at most two decimals); got 1.005 CNY.", e.Message);
    }

    [Fact]
    public void A_gep_value_that_is_not_a_number_names_the_file_row_and_field()
    {
        string file = Path.Combine(_dir, "gep-units.csv");
        File.WriteAllText(file, "unit_id,region,ecosystem,indicator,quantity,quantity_unit,value_cny\nU1,R,forest,oxygen_release,10,t,abc\n");
        var e = Assert.Throws<LedgerException>(() => GepUnitsCsv.Read(file));
        Assert.Equal($"{file}, row 2, unit 'U1', field 'value_cny': expected an amount in CNY, got 'abc'.", e.Message);
    }

    [Fact]
    public void A_repeated_unit_and_indicator_is_refused()
    {
        string file = Path.Combine(_dir, "gep-units.csv");
        File.WriteAllText(file, "unit_id,region,ecosystem,indicator,quantity,quantity_unit,value_cny\nU1,R,forest,oxygen_release,10,t,100.00\nU1,R,forest,oxygen_release,10,t,100.00\n");
        var e = Assert.Throws<LedgerException>(() => GepUnitsCsv.Read(file));
        Assert.Equal($"{file}, row 3, unit 'U1': indicator 'oxygen_release' appears twice; expected one row per unit and indicator.", e.Message);
    }
}
