using EcoLedger.Ledger.Compensation;

namespace EcoLedger.Tests.Ledger.Compensation;

/// <summary>Statements show the index P and the rule's intermediates to four decimals; the stored assessment keeps them exact.</summary>
public class StatementNumberTests
{
    [Fact]
    public void Long_decimals_are_rounded_to_four_places_for_people()
    {
        Assert.Equal("P = k0 × sum = 0.85 × 0.9355 = 0.7952",
            CompensationStatement.ForPeople("P = k0 × sum = 0.85 × 0.935545906432748538011695906 = 0.7952140204678362573099415201"));
        Assert.Equal("P = 0.7952 ≤ 1: the payer side pays 100,000,000.00 CNY to the payee side.",
            CompensationStatement.ForPeople("P = 0.7952140204678362573099415201 ≤ 1: the payer side pays 100,000,000.00 CNY to the payee side."));
        Assert.Equal("C = 42.16 / 24 = 1.7567; −0.0230", CompensationStatement.ForPeople("C = 42.16 / 24 = 1.7566666666666666666666666667; −0.02296833333"));
    }

    [Fact]
    public void Short_numbers_dates_and_hashes_are_left_as_written()
    {
        const string text = "Sample 48: TP 0.2784 mg/L on 2024-06-16T09:30, SHA-256 3f2a9c0d11e4, P = 1 ≤ 1, 1,003,561.24 CNY";
        Assert.Equal(text, CompensationStatement.ForPeople(text));
    }
}
