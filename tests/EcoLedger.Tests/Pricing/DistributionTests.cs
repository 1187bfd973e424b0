using EcoLedger.Ledger;
using EcoLedger.Pricing;

namespace EcoLedger.Tests.Pricing;

using Money = EcoLedger.Money.Money;

public class DistributionTests
{
    private static readonly DistributionShare[] Shares =
    [
        new("C01", "hh_chen", 20.5m, Money.Cny(2_700m)),
        new("C02", "hh_lin", 20m, Money.Cny(2_400m)),
        new("C03", "hh_zhang", 10.5m, Money.Cny(1_300m)),
    ];

    [Fact]
    public void Should_pay_minimums_pro_rata_and_record_the_shortfall_as_owed_when_income_is_below_them()
    {
        // Given minimums 2,700 + 2,400 + 1,300 = 6,400 and an income of 5,000
        var lines = Distribution.Split(Money.Cny(5_000m), Shares);

        // Then each gets 5,000 × m_i / 6,400 with cumulative rounding, no profit, the rest owed:
        // C01: 5,000 × 2,700/6,400 = 2,109.375 → 2,109.38 (cumulative 2,109.38)
        // C02: cumulative 5,000 × 5,100/6,400 = 3,984.375 → 3,984.38; part 3,984.38 − 2,109.38 = 1,875.00
        // C03: cumulative 5,000 (all) − 3,984.38 = 1,015.62
        // owed: 590.62 + 525.00 + 284.38 = 1,400.00 = 6,400 − 5,000
        Assert.Equal([2109.38m, 1875.00m, 1015.62m], lines.Select(l => l.PaidMinimum.Amount));
        Assert.All(lines, l => Assert.Equal(0m, l.Profit.Amount));
        Assert.Equal([590.62m, 525.00m, 284.38m], lines.Select(l => l.Owed.Amount));
        Assert.Equal(5_000m, lines.Sum(l => l.Total.Amount));
    }

    [Fact]
    public void Should_pay_minimums_first_then_split_the_rest_by_shares()
    {
        // income 126,000 − minimums 6,400 = 119,600 split 20.5 : 20 : 10.5 (of 51):
        // C01: 119,600 × 20.5/51 = 48,074.509… → 48,074.51
        // C02: cumulative 119,600 × 40.5/51 = 94,976.470… → 94,976.47; part 46,901.96
        // C03: 119,600 − 94,976.47 = 24,623.53
        var lines = Distribution.Split(Money.Cny(126_000m), Shares);
        Assert.Equal([48074.51m, 46901.96m, 24623.53m], lines.Select(l => l.Profit.Amount));
        Assert.Equal([50774.51m, 49301.96m, 25923.53m], lines.Select(l => l.Total.Amount));
        Assert.All(lines, l => Assert.Equal(0m, l.Owed.Amount));
    }

    [Fact]
    public void Should_refuse_an_income_with_a_fraction_of_a_fen()
    {
        var e = Assert.Throws<LedgerException>(() => Distribution.Split(Money.Cny(10.005m), Shares));
        Assert.Equal("The income must be 0 or more, in whole fen; got 10.005 CNY.", e.Message);
    }
}
