using EcoLedger.Money;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using M = EcoLedger.Money.Money;

namespace EcoLedger.Tests.Money;

public class MoneyTests
{
    [Fact]
    public void Adding_amounts_of_one_currency_is_exact()
    {
        Assert.Equal(M.Cny(0.30m), M.Cny(0.10m) + M.Cny(0.20m));
    }

    [Fact]
    public void Adding_different_currencies_throws()
    {
        var e = Assert.Throws<InvalidOperationException>(() => M.Cny(1m) + M.Of(1m, Currency.Usd));
        Assert.Equal("Cannot add CNY and USD: amounts must be in the same currency.", e.Message);
    }

    [Fact]
    public void Comparing_different_currencies_throws()
    {
        Assert.Throws<InvalidOperationException>(() => M.Cny(1m) < M.Of(2m, Currency.Eur));
    }

    [Theory]
    [InlineData(2.345, MidpointRounding.ToEven, 2.34)]
    [InlineData(2.345, MidpointRounding.AwayFromZero, 2.35)]
    [InlineData(-2.345, MidpointRounding.AwayFromZero, -2.35)]
    [InlineData(2.349, MidpointRounding.ToZero, 2.34)]
    public void Rounding_goes_to_the_fen_with_the_chosen_mode(double amount, MidpointRounding mode, double expected)
    {
        Assert.Equal((decimal)expected, M.Cny((decimal)amount).Round(mode).Amount);
    }

    [Fact]
    public void Yen_rounds_to_whole_units()
    {
        Assert.Equal(3m, M.Of(2.5m, Currency.Jpy).Round(MidpointRounding.AwayFromZero).Amount);
    }

    [Fact]
    public void Allocating_100_yuan_three_ways_keeps_every_fen()
    {
        // 100/3 = 33.333…: cumulative rounding gives 33.33, 66.67 − 33.33 = 33.34, 100.00 − 66.67 = 33.33.
        var parts = M.Cny(100m).Allocate(3);
        Assert.Equal([33.33m, 33.34m, 33.33m], parts.Select(p => p.Amount));
    }

    [Fact]
    public void Allocating_by_ratios_follows_the_ratios()
    {
        // 10.00 by 1:2:7 → 1.00, 2.00, 7.00 exactly.
        var parts = M.Cny(10m).Allocate([1m, 2m, 7m]);
        Assert.Equal([1.00m, 2.00m, 7.00m], parts.Select(p => p.Amount));
    }

    [Fact]
    public void Allocating_an_amount_with_a_fraction_of_a_fen_throws()
    {
        var e = Assert.Throws<InvalidOperationException>(() => M.Cny(1.005m).Allocate(2));
        Assert.Equal("Cannot allocate 1.005 CNY: it has a fraction of a minor unit; round it first.", e.Message);
    }

    [Fact]
    public void Allocating_with_a_negative_ratio_throws()
    {
        Assert.Throws<ArgumentException>(() => M.Cny(1m).Allocate([1m, -1m]));
    }

    [Fact]
    public void Minor_units_round_trip()
    {
        Assert.Equal(12345L, M.FromMinorUnits(12345).ToMinorUnits());
        Assert.Equal(123.45m, M.FromMinorUnits(12345).Amount);
    }

    private static Arbitrary<(long Fen, decimal[] Ratios)> Allocations() =>
        (from fen in Gen.Choose(-1_000_000, 1_000_000).Select(i => (long)i * 37)
         from n in Gen.Choose(1, 12)
         from ratios in Gen.ArrayOf(Gen.Choose(0, 1000).Select(i => (decimal)i), n)
         where ratios.Sum() > 0
         select (fen, ratios)).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property Allocation_never_loses_or_invents_a_fen() =>
        Prop.ForAll(Allocations(), a =>
        {
            var total = M.FromMinorUnits(a.Fen);
            var parts = total.Allocate(a.Ratios);
            return parts.Sum(p => p.Amount) == total.Amount && parts.All(p => p.IsRoundedToMinorUnit);
        });

    [Property(MaxTest = 300)]
    public Property Each_part_is_within_one_fen_of_its_exact_share() =>
        Prop.ForAll(Allocations(), a =>
        {
            var total = M.FromMinorUnits(a.Fen);
            var parts = total.Allocate(a.Ratios);
            decimal sum = a.Ratios.Sum();
            return parts.Select((p, i) => Math.Abs(p.Amount - total.Amount * a.Ratios[i] / sum)).All(d => d <= 0.01m);
        });

    [Property(MaxTest = 200)]
    public Property Zero_ratios_get_nothing() =>
        Prop.ForAll(Allocations(), a =>
        {
            var parts = M.FromMinorUnits(a.Fen).Allocate(a.Ratios);
            return a.Ratios.Select((r, i) => r != 0m || parts[i].Amount == 0m).All(ok => ok);
        });

    [Fact]
    public void A_share_of_exactly_half_a_fen_rounds_away_from_zero_in_the_cumulative_split()
    {
        // 1,035,919,921 fen over weights 116, 62, 384, 442 (sum 1,004): one weight unit is 1,031,792.75 fen, so the cumulative
        // shares are 119,687,959; 183,659,109.5 → 183,659,110; 579,867,525.5 → 579,867,526; 1,035,919,921. Parts are their
        // differences: 119,687,959; 63,971,151; 396,208,416 (its exact share); 456,052,395. Each within one fen of its share.
        var parts = M.FromMinorUnits(1_035_919_921, Currency.Cny).Allocate([116m, 62m, 384m, 442m]);
        Assert.Equal([119_687_959L, 63_971_151L, 396_208_416L, 456_052_395L], parts.Select(p => p.ToMinorUnits()));
    }
}
