using EcoLedger.Ledger;
using EcoLedger.Pricing;

namespace EcoLedger.Tests.Pricing;

public class PriceSeriesTests
{
    private static readonly PriceSeries Series = new([
        new PriceQuote("CEA", new DateOnly(2024, 6, 28), 9050, "t"),
        new PriceQuote("CEA", new DateOnly(2024, 7, 5), 9200, "t"),
        new PriceQuote("FJ", new DateOnly(2024, 6, 1), 2260, "t"),
    ]);

    [Fact]
    public void Should_mark_to_market_on_a_date_without_a_quote_with_the_last_earlier_quote()
    {
        // Given no CEA quote on 2024-07-03 (a gap between 2024-06-28 and 2024-07-05)
        var price = Series.AsOf("CEA", new DateOnly(2024, 7, 3), 30);

        // Then the 2024-06-28 quote (90.50) is used, 5 days old — never the later 2024-07-05 quote (92.00)
        Assert.Equal(new DateOnly(2024, 6, 28), price.Quote.Date);
        Assert.Equal(5, price.AgeDays);

        // When 1,000 t of a 2016–2020 vintage and 250 t of a 2023 vintage are valued with the table 0→1, 3→0.95, 5→0.85
        var discounts = new VintageDiscounts([(0, 1m), (3, 0.95m), (5, 0.85m)]);
        var values = MarkToMarket.Value([
            new Holding("h1", "P1", new DateOnly(2016, 1, 1), new DateOnly(2020, 12, 31), "active", 1_000),
            new Holding("h1", "P1", new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), "pledged", 250),
        ], price.Quote.Price, discounts, new DateOnly(2024, 7, 3));

        // Then by hand: age 2024 − 2020 = 4 → 0.95: 1,000 × 90.50 × 0.95 = 85,975.00; age 1 → 1: 250 × 90.50 = 22,625.00; total 108,600.00
        Assert.Equal([4, 1], values.Select(v => v.AgeYears));
        Assert.Equal([85975.00m, 22625.00m], values.Select(v => v.Value.Amount));
        var byHolder = MarkToMarket.Totals(values, h => h.Holder);
        Assert.Equal(("h1", 1_250L, 108600.00m), (byHolder[0].Key, byHolder[0].Tonnes, byHolder[0].Value.Amount));
    }

    [Fact]
    public void Should_round_each_holding_to_the_fen_half_away_from_zero()
    {
        // 3 t × 10.01 × 0.85 = 25.5255 → 25.53
        var v = MarkToMarket.Value([new Holding("h", "P", new DateOnly(2018, 1, 1), new DateOnly(2018, 12, 31), "active", 3)],
            EcoLedger.Money.Money.Cny(10.01m), new VintageDiscounts([(5, 0.85m)]), new DateOnly(2024, 1, 1));
        Assert.Equal(25.53m, v[0].Value.Amount);
    }

    [Theory]
    [InlineData("2024-07-31", 30, "The last quote of market 'CEA' on or before 2024-07-31 is of 2024-07-05, 26 days old; the limit is 10 days (max_age_days).", 10)]
    [InlineData("2024-06-27", 30, "Market 'CEA' has no quote on or before 2024-06-27; its first quote is of 2024-06-28, and a later quote is never used.", 30)]
    public void Should_refuse_a_missing_or_too_old_quote(string date, int unused, string message, int maxAge)
    {
        _ = unused;
        var e = Assert.Throws<LedgerException>(() => Series.AsOf("CEA", DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), maxAge));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Should_name_the_known_markets_for_an_unknown_one()
    {
        var e = Assert.Throws<LedgerException>(() => Series.AsOf("EU", new DateOnly(2024, 7, 1), 30));
        Assert.Equal("Market 'EU' has no quotes; known markets: CEA, FJ.", e.Message);
    }

    [Fact]
    public void Should_report_every_bad_row_of_a_price_file()
    {
        var (quotes, problems) = PriceCsv.Read("p.csv", new StringReader(
            "date,market,price_cny_per_t_co2e,source\n2024-01-02,CEA,80.00,x\n2024-13-01,CEA,80,x\n2024-01-03,CEA,80.001,x\n2024-01-02,CEA,81,y\n"));
        Assert.Single(quotes);
        Assert.Equal([
            "p.csv: row 3, field 'date': Expected a date YYYY-MM-DD; found '2024-13-01'.",
            "p.csv: row 4, field 'price_cny_per_t_co2e': Expected a price in whole fen (at most 2 decimals); found '80.001'.",
            "p.csv: row 5, field 'date': Market 'CEA' is already quoted on 2024-01-02 (row 2).",
        ], problems.Select(p => p.ToString()));
    }
}
