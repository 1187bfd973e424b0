using EcoLedger.Valuation;

namespace EcoLedger.Tests.Valuation;

/// <summary>docs/input-limits.md is the user's view of <see cref="MonitoringFields.Range"/>: every field must have its row.</summary>
public class MonitoringFieldLimitsDocTests
{
    [Fact]
    public void Every_monitoring_field_is_listed_with_its_limits_in_the_user_documentation()
    {
        string doc = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "docs", "input-limits.md"));

        var missing = Enum.GetValues<MonitoringField>().Select(f => f.Column()).Where(c => !doc.Contains($"`{c}`", StringComparison.Ordinal)).ToList();

        Assert.Empty(missing);
    }
}
