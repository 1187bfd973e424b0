using EcoLedger.Cli.Demo;
using EcoLedger.Ledger;
using EcoLedger.Storage;

namespace EcoLedger.IntegrationTests.Ledger;

public class LedgerDemoTests
{
    [Fact]
    public void Should_build_the_demo_ledger_and_return_a_supply_that_adds_up()
    {
        using var t = new LedgerTestDb();

        // 1,234.9 t CO2 → 1,234 credits; buffer floor(1,234 × 10 %) = 123; transfer floor(1,234 × 0.4) = 493 to the buyer;
        // pledge floor(1,234 × 0.2) = 246 to the bank; the buyer retires floor(493 / 2) = 246.
        // active = 1,234 − 123 − 246 (pledged) − 246 (retired) = 619
        var supply = LedgerDemo.BuildFromSequestration(t.Path, ["YC-0001", "YC-0002"], 1_234.9m);

        Assert.Equal([new SupplyRow("YC_FOREST_1", new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), 1_234, 123, 619, 246, 0, 246, 0)], supply);
        using var db = LedgerDatabase.Open(t.Path);
        Assert.Empty(db.Verify());

        // Running it again on the same database changes nothing (every step has a request id).
        Assert.Equal(supply, LedgerDemo.Build(t.Path, ["YC-0001", "YC-0002"], 1_234));

        // With other inputs the same steps are refused rather than silently repeated.
        var e = Assert.Throws<LedgerException>(() => LedgerDemo.Build(t.Path, ["YC-0001"], 1_234));
        Assert.StartsWith("Request id 'demo_YC_FOREST_1_create' was already used for a different command", e.Message);
    }
}
