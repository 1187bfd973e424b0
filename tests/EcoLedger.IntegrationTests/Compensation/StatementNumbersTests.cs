using System.Text.RegularExpressions;
using EcoLedger.Cli.Demo;
using EcoLedger.IntegrationTests.Ledger;

namespace EcoLedger.IntegrationTests.Compensation;

public class StatementNumbersTests
{
    [Fact]
    public void Statement_shows_P_and_the_rule_arithmetic_to_four_decimals()
    {
        using var db = new LedgerTestDb();

        string statement = CompensationDemo.Run(db.Path, CliRunner.Repo("samples", "xinan"), new StringWriter());

        Assert.Contains("- P = k0 × sum = 0.85 × 0.9355 = 0.7952\n", statement, StringComparison.Ordinal);
        Assert.Contains("**Decision:** P = 0.7952 ≤ 1: the payer side pays 100,000,000.00 CNY to the payee side.", statement, StringComparison.Ordinal);
        var assessment = statement[statement.IndexOf("### Assessment", StringComparison.Ordinal)..statement.IndexOf("**Decision:**", StringComparison.Ordinal)];
        Assert.DoesNotMatch(@"\d\.\d{5,}", assessment);
        Assert.Contains("the exact values are in journal entry", assessment, StringComparison.Ordinal);
    }
}
