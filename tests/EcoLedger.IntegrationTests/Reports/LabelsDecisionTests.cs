using EcoLedger.Reports;

namespace EcoLedger.IntegrationTests.Reports;

/// <summary>Compensation decisions and states in the report language, P to four decimals.</summary>
public sealed class LabelsDecisionTests
{
    private static readonly Labels Zh = new(ReportLanguage.Zh), En = new(ReportLanguage.En);

    [Theory]
    [InlineData("P = 0.7952140204678362573099415201 ≤ 1: the payer side pays 100,000,000.00 CNY to the payee side.", "P = 0.7952 ≤ 1：付费方向受偿方支付 100,000,000.00 元。")]
    [InlineData("P = 1.0312 > 1: the payee side pays 50,000.00 CNY to the payer side.", "P = 1.0312 > 1：受偿方向付费方支付 50,000.00 元。")]
    [InlineData("GEP grew by 289532 CNY: the payer side pays 1,003,561.24 CNY to the payee side.", "GEP 增长 289532 元：付费方向受偿方支付 1,003,561.24 元。")]
    [InlineData("forest_cover_pct = 62.4 % misses the target 64: the payer side pays 0.00 CNY to the payee side.", "forest_cover_pct = 62.4 %，未达到目标 64：付费方向受偿方支付 0.00 元。")]
    [InlineData("forest_cover_pct = 66 % meets the target 64: the payer side pays 1,950,000.00 CNY to the payee side.", "forest_cover_pct = 66 %，达到目标 64：付费方向受偿方支付 1,950,000.00 元。")]
    public void Chinese_report_says_the_decision_in_Chinese(string english, string chinese) => Assert.Equal(chinese, Zh.Decision(english));

    [Fact]
    public void English_report_keeps_the_decision_with_P_to_four_decimals() =>
        Assert.Equal("P = 0.7952 ≤ 1: the payer side pays 100,000,000.00 CNY to the payee side.",
            En.Decision("P = 0.7952140204678362573099415201 ≤ 1: the payer side pays 100,000,000.00 CNY to the payee side."));

    [Theory]
    [InlineData("registered", "已登记", "registered")]
    [InlineData("monitoring_closed", "监测已截止", "monitoring_closed")]
    [InlineData("settled", "已结算", "settled")]
    [InlineData("posted", "已入账", "posted")]
    [InlineData("social_capital", "社会资本", "social_capital")]
    public void States_and_funding_kinds_are_named_in_the_report_language(string code, string zh, string en)
    {
        Assert.Equal(zh, Zh.State(code));
        Assert.Equal(en, En.State(code));
    }
}
