using EcoLedger.Zoning;

namespace EcoLedger.Tests.Zoning;

public class TierSetTests
{
    [Theory]
    [InlineData("4999999.99", null)]
    [InlineData("5000000", "priority")]
    [InlineData("5000000.00", "priority")]
    [InlineData("12520000", "priority")]
    public void Should_put_a_density_at_or_above_the_default_threshold_in_priority(string density, string? tier)
    {
        Assert.Equal(tier, TierSet.Default.Classify(decimal.Parse(density, System.Globalization.CultureInfo.InvariantCulture))?.Name);
    }

    [Theory]
    [InlineData("6000000", "priority")]
    [InlineData("5000000", "priority")]
    [InlineData("2000000", "important")]
    [InlineData("1999999.99", null)]
    public void Should_assign_the_highest_tier_reached(string density, string? tier)
    {
        var tiers = TierSet.Parse("important:2e6, priority:5e6");
        Assert.Equal(tier, tiers.Classify(decimal.Parse(density, System.Globalization.CultureInfo.InvariantCulture))?.Name);
        Assert.Equal("priority", tiers.Top.Name);
        Assert.Equal("priority:5000000,important:2000000", tiers.ToString());
    }

    [Theory]
    [InlineData("", "--tiers: the tier list is empty; give at least one tier as name:threshold, e.g. priority:5e6.")]
    [InlineData(" , ", "--tiers: the tier list is empty; give at least one tier as name:threshold, e.g. priority:5e6.")]
    [InlineData("priority", "--tiers: 'priority' is not a tier; expected name:threshold in yuan/km², e.g. priority:5e6.")]
    [InlineData("priority:lots", "--tiers: 'priority:lots' is not a tier; expected name:threshold in yuan/km², e.g. priority:5e6.")]
    [InlineData("Priority:5e6", "--tiers: tier name 'Priority' is not allowed; use lower-case letters, digits, '_' or '-'.")]
    [InlineData("a:5e6,a:2e6", "--tiers: tier name a is given more than once.")]
    [InlineData("a:5e6,b:5000000", "--tiers: tiers a and b have the same threshold 5000000.")]
    [InlineData("a:-1", "--tiers: tier a has threshold -1; expected a value ≥ 0 yuan/km².")]
    public void Should_reject_a_bad_tier_list_with_a_clear_message(string text, string message)
    {
        var e = Assert.Throws<ZoningInputException>(() => TierSet.Parse(text));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("priority:2e6,important:5e6", "--tiers: 'priority:2e6,important:5e6' makes important the highest tier, which screening and the summary count as priority; " +
        "expected priority to have the highest threshold and important a lower one, e.g. priority:5e6,important:2e6.")]
    [InlineData("core:5e6, priority:2e6", "--tiers: 'core:5e6, priority:2e6' makes core the highest tier, which screening and the summary count as priority; " +
        "expected priority to have the highest threshold and important a lower one, e.g. priority:5e6,important:2e6.")]
    [InlineData("important:2e6", "--tiers: 'important:2e6' makes important the highest tier, which screening and the summary count as priority; " +
        "expected priority to have the highest threshold and important a lower one, e.g. priority:5e6,important:2e6.")]
    public void Should_refuse_tier_names_out_of_rank_order(string text, string message)
    {
        // Ranks go by threshold: the highest tier is what zones screen and the priority_* fields count as priority.
        var e = Assert.Throws<ZoningInputException>(() => TierSet.Parse(text));
        Assert.Equal(message, e.Message);
    }

    [Theory]
    [InlineData("core:8e6,important:2e6", "core")]
    [InlineData("important:2e6,priority:5e6", "priority")]
    public void Should_accept_names_in_rank_order_in_any_listing_order(string text, string top)
    {
        Assert.Equal(top, TierSet.Parse(text).Top.Name);
    }
}
