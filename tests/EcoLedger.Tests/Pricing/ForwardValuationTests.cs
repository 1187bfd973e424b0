using EcoLedger.Ledger;
using EcoLedger.Pricing;

namespace EcoLedger.Tests.Pricing;

public class ForwardValuationTests
{
    [Fact]
    public void Should_value_a_three_year_schedule_with_growth_and_discount()
    {
        // Given 1,000 / 1,100 / 1,200 t in 2026–2028 valued in 2025, buffer 10 %, delivery haircut 5 %, p0 = 50 CNY/t growing 10 %/yr, r = 8 %
        var inputs = new ForwardInputs([(2026, 1000m), (2027, 1100m), (2028, 1200m)], 2025, 0.10m, 0.05m, new GrowthPath(50m, 0.10m), 0.08m);

        // When
        var result = ForwardValuation.Value(inputs);

        // Then, by hand (q_t = gross × 0.9 × 0.95 = gross × 0.855; p_t = 50 × 1.1^t):
        // t=1: q = 855,   p = 55.00,  value = 47,025.00,  / 1.08     = 43,541.666… → 43,541.67
        // t=2: q = 940.5, p = 60.50,  value = 56,900.25,  / 1.1664   = 48,782.793… → 48,782.79
        // t=3: q = 1,026, p = 66.55,  value = 68,280.30,  / 1.259712 = 54,203.103… → 54,203.10
        // NPV = 43,541.67 + 48,782.79 + 54,203.10 = 146,527.56
        Assert.Equal([855m, 940.5m, 1026m], result.Rows.Select(r => r.Net));
        Assert.Equal([55m, 60.5m, 66.55m], result.Rows.Select(r => r.Price));
        Assert.Equal([47025m, 56900.25m, 68280.30m], result.Rows.Select(r => r.Value.Amount));
        Assert.Equal([43541.67m, 48782.79m, 54203.10m], result.Rows.Select(r => r.PresentValue.Amount));
        Assert.Equal(146527.56m, result.Npv.Amount);
        Assert.Equal([100m, 110m, 120m], result.Rows.Select(r => r.Buffer));
        Assert.Equal([45m, 49.5m, 54m], result.Rows.Select(r => r.Haircut));
        Assert.Contains("discount rate r = 0.08: PV_t = q_t × p_t / (1 + r)^t, rounded to the fen; NPV = Σ PV_t", result.Assumptions);
    }

    [Theory]
    [InlineData("2060,1000", "sch.csv, row 3: year 2060 is outside the crediting period 2020-01-01..2049-12-31; credits are issued only within the crediting period.")]
    [InlineData("2019,1000", "sch.csv, row 3: year 2019 is outside the crediting period 2020-01-01..2049-12-31; credits are issued only within the crediting period.")]
    [InlineData("2027,-1000", "sch.csv, row 3: field 'tonnes': -1000 is negative; expected a quantity in tonnes, 0 or more.")]
    [InlineData("2027,ten", "sch.csv, row 3: field 'tonnes': 'ten' is not a number; expected a quantity in tonnes, 0 or more.")]
    [InlineData("20x7,10", "sch.csv, row 3: field 'year': '20x7' is not a year; expected a year such as 2049.")]
    [InlineData("2026,10", "sch.csv, row 3: field 'year': 2026 is repeated; expected a new year (each year once).")]
    [InlineData("2027", "sch.csv, row 3: expected 2 fields (year,tonnes); got 1.")]
    public void Should_refuse_a_schedule_row_naming_the_row_the_field_and_the_value(string row, string message)
    {
        // Given a project credited 2020-01-01..2049-12-31 and a good first row (2026) on row 2
        var text = new StringReader($"year,tonnes\n2026,10\n{row}\n");
        var e = Assert.Throws<LedgerException>(() => ForwardValuation.ReadSchedule("sch.csv", text, new DateOnly(2020, 1, 1), new DateOnly(2049, 12, 31)));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Should_read_schedule_years_at_both_ends_of_the_crediting_period()
    {
        var text = new StringReader("year,tonnes\n2020,0\n2049,12.5\n");
        Assert.Equal([(2020, 0m), (2049, 12.5m)], ForwardValuation.ReadSchedule("sch.csv", text, new DateOnly(2020, 1, 1), new DateOnly(2049, 12, 31)));
    }

    [Fact]
    public void Should_take_the_last_earlier_year_of_a_curve()
    {
        var curve = new CurvePath(new Dictionary<int, decimal> { [2026] = 30m, [2028] = 40m }, "curve.csv");
        Assert.Equal(30m, curve.PriceAt(2, 2027));
        Assert.Equal(40m, curve.PriceAt(4, 2029));
        var e = Assert.Throws<LedgerException>(() => curve.PriceAt(0, 2025));
        Assert.Equal("The price curve curve.csv has no price for 2025 or an earlier year; it starts in 2026.", e.Message);
    }

    [Fact]
    public void Should_refuse_a_schedule_year_not_after_the_valuation_year()
    {
        var e = Assert.Throws<LedgerException>(() => ForwardValuation.Value(new ForwardInputs([(2025, 10m)], 2025, 0m, 0m, new FlatPath(10m), 0.05m)));
        Assert.Equal("Schedule year 2025 is not after the valuation year 2025; forward value covers later years only.", e.Message);
    }
}
