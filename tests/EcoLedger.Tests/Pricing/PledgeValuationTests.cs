using EcoLedger.Pricing;

namespace EcoLedger.Tests.Pricing;

using Money = EcoLedger.Money.Money;

public class PledgeValuationTests
{
    private static PledgeExposure Pledge(decimal loan) =>
        new("credits@7", "credits", "village", "bank", "18294 t", Money.Cny(1_000_000m), 0.30m, Money.Cny(loan));

    [Fact]
    public void Should_not_call_a_pledge_exactly_at_the_threshold_and_call_one_fen_above()
    {
        // collateral = 1,000,000 × (1 − 0.30) = 700,000; threshold 0.70 × 700,000 = 490,000
        var at = PledgeValuation.Evaluate(Pledge(490_000m), 0.70m);
        Assert.Equal(700_000m, at.Collateral.Amount);
        Assert.Equal(0.7m, at.Ltv);
        Assert.False(at.MarginCall);

        var above = PledgeValuation.Evaluate(Pledge(490_000.01m), 0.70m);
        Assert.True(above.MarginCall);
    }

    [Fact]
    public void Should_value_the_sanming_pledge_by_hand()
    {
        // 18,294 t at 15 CNY/t = 274,410; haircut 30 % → 192,087; LTV = 5,000,000 / 192,087 = 26.02987… → 26.0299 > 0.8
        var p = PledgeValuation.Evaluate(new PledgeExposure("credits@9", "credits", "village", "bank", "18294 t", Money.Cny(18_294m * 15m), 0.30m,
            Money.Cny(5_000_000m)), 0.8m);
        Assert.Equal(192_087m, p.Collateral.Amount);
        Assert.Equal(26.0299m, decimal.Round(p.Ltv!.Value, 4));
        Assert.True(p.MarginCall);
    }

    [Fact]
    public void Should_not_flag_a_pledge_without_a_loan()
    {
        var p = PledgeValuation.Evaluate(Pledge(0m) with { Loan = null }, 0.8m);
        Assert.Null(p.Ltv);
        Assert.False(p.MarginCall);
    }
}
