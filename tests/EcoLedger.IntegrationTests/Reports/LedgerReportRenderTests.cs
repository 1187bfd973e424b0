namespace EcoLedger.IntegrationTests.Reports;

/// <summary>
/// The ledger report in headless Chromium (same checks as the GEP report's render test); the screenshot is written to
/// <c>$TMPDIR/ecoledger-ledger-report.png</c>.
/// </summary>
public sealed class LedgerReportRenderTests(LedgerReportFixture fx) : IClassFixture<LedgerReportFixture>
{
    [Fact]
    public void Should_render_in_headless_chromium_without_errors_and_with_sized_charts() =>
        GepReportRenderTests.RenderAndCheck(fx.Files.Html, fx.Root, "ecoledger-ledger-report.png", ["chart-supply", "chart-holdings"]);
}
