using EcoLedger.Valuation;
using EcoLedger.Valuation.Accounting;
using EcoLedger.Valuation.Files;
using EcoLedger.Valuation.Indicators;
using static EcoLedger.Tests.TestUnits;

namespace EcoLedger.Tests.Valuation;

/// <summary>Method profiles, price years of the summary, and the sources the indicators cite (issue 14, errors 4 and 5).</summary>
public class MethodProfileTests
{
    private static GepSummary SummaryWith(params string[] indicators)
    {
        var s = new GepSummary();
        var unit = Forest(1);
        s.AddUnit(unit);
        foreach (var code in indicators)
        {
            s.AddRow(new GepRow(unit.UnitId, unit.Region, unit.Ecosystem, code, 1, "", 1m));
        }
        return s;
    }

    [Fact]
    public void The_default_profile_is_the_2022_specification()
    {
        Assert.Same(MethodProfile.Spec2022, GepOptions.Default.Profile);
        Assert.True(MethodProfile.TryParse("guide-2020", out var guide));
        Assert.True(guide.Includes("oxygen_release"));
        Assert.False(MethodProfile.Spec2022.Includes("oxygen_release"));
        Assert.False(MethodProfile.TryParse("g17", out _));
    }

    [Fact]
    public void Price_years_are_listed_and_a_mix_is_flagged()
    {
        // Water conservation prices storage at 7.06 CNY/m³ of 2010 (G17); carbon at 62.36 CNY/t CO₂, the 2025 CEA average.
        var s = SummaryWith("water_conservation", "carbon_sequestration");
        var years = GepRun.PriceYears(s, Defaults, GepOptions.Default);
        Assert.Equal(["2010", "2025"], years.Keys);
        Assert.Equal(["reservoir_cost_cny_per_m3"], years["2010"]);
        Assert.Equal(["carbon_price_cny_per_t_co2"], years["2025"]);
        var doc = GepRun.SummaryDocument(s, Defaults, 2023, [], [], GepOptions.Default);
        Assert.True(doc["mixed_price_years"]!.GetValue<bool>());
        Assert.Equal("spec-2022", doc["method"]!["profile"]!.GetValue<string>());
    }

    [Fact]
    public void One_price_year_is_not_flagged_and_an_override_is_unstated()
    {
        var s = SummaryWith("water_conservation");
        Assert.False(GepRun.SummaryDocument(s, Defaults, 2023, [], [], GepOptions.Default)["mixed_price_years"]!.GetValue<bool>());
        var overridden = GepRun.PriceYears(s, With("\"reservoir_cost_cny_per_m3\": 6.11"), GepOptions.Default);
        Assert.Equal([GepRun.UnstatedPriceYear], overridden.Keys);
    }

    [Fact]
    public void Oxygen_release_cites_the_forest_standard_not_g17()
    {
        // G17's own table does not derive its O₂ from the productivity its CO₂ comes from (O₂/CO₂ = 8.1, not 32/44).
        var sources = new OxygenRelease().Sources;
        Assert.Contains(sources, x => x.StartsWith("LY/T 1721-2008", StringComparison.Ordinal));
        Assert.DoesNotContain(sources, x => x.Contains("G17", StringComparison.Ordinal));
    }
}
