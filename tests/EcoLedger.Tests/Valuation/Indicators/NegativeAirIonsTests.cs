using EcoLedger.Valuation;
using EcoLedger.Valuation.Accounting;
using EcoLedger.Valuation.Indicators;
using static EcoLedger.Tests.TestUnits;
using F = EcoLedger.Valuation.MonitoringField;

namespace EcoLedger.Tests.Valuation.Indicators;

/// <summary>
/// Negative air ions in the LY/T 1721-2008 form. L, K and Q₀ have no default (not confirmed from a source), so each test
/// sets them; L = 10 min, K = 6 CNY per 10¹⁸ ions and Q₀ = 600 ions/cm³ are test inputs, not the standard's figures.
/// </summary>
public class NegativeAirIonsTests
{
    private static readonly NegativeAirIons Indicator = new();

    private const string Constants =
        "\"negative_ion_lifetime_min\": 10, \"negative_ion_cost_cny_per_1e18_ions\": 6, \"negative_ion_threshold_per_cm3\": 600";

    [Fact]
    public void Should_derive_the_standards_constant_from_volume_and_minutes_a_year()
    {
        // 10¹⁰ cm³ per hectare-metre × 525,600 min/a = 5.256 × 10¹⁵.
        Assert.Equal(5.256e15, NegativeAirIons.CubicCentimetresPerHectareMetre * NegativeAirIons.MinutesPerYear);
    }

    [Fact]
    public void Should_count_all_ions_and_value_those_above_the_threshold()
    {
        // A = 100 ha, H = 20 m, Q = 2,000 ions/cm³, L = 10 min.
        // G = 5.256e15 × 2,000 × 100 × 20 / 10 = 2.1024 × 10²¹ ions = 2,102.4 × 10¹⁸ (the quantity unit).
        // valued = 5.256e15 × 100 × 20 × (2,000 − 600) / 10 = 1.47168 × 10²¹ ions = 1,471.68 × 10¹⁸; × 6 CNY = 8,830.08 CNY.
        var r = Indicator.Compute(Forest(100, (F.NegativeIonConcentrationPerCm3, 2000), (F.StandHeightM, 20)), With(Constants));
        Assert.True(r.IsComputed);
        Assert.Equal(2_102.4, r.Quantity, 9);
        Assert.Equal(8_830.08m, decimal.Round(r.ValueCny, 2));
        Assert.Null(r.Warning);
    }

    [Fact]
    public void Should_value_a_concentration_below_the_threshold_at_zero_and_warn()
    {
        // Q = 450 < 600: G = 5.256e15 × 450 × 10 × 15 / 10 = 5.256e15 × 6,750 = 3.5478 × 10¹⁹ ions = 35.478 × 10¹⁸ are counted; the value is 0.
        var r = Indicator.Compute(Forest(10, (F.NegativeIonConcentrationPerCm3, 450), (F.StandHeightM, 15)), With(Constants));
        Assert.True(r.IsComputed);
        Assert.Equal(35.478, r.Quantity, 9);
        Assert.Equal(0m, r.ValueCny);
        Assert.Equal("negative_ion_concentration_per_cm3 450 is below the threshold 600; negative air ions valued at 0", r.Warning);
    }

    [Fact]
    public void Should_not_compute_with_the_default_table_and_name_every_unset_constant()
    {
        var r = Indicator.Compute(Forest(100, (F.NegativeIonConcentrationPerCm3, 2000), (F.StandHeightM, 20)), Defaults);
        Assert.False(r.IsComputed);
        Assert.Equal(
            "no value for negative_ion_lifetime_min, negative_ion_cost_cny_per_1e18_ions, negative_ion_threshold_per_cm3: the LY/T 1721-2008 constants could not be confirmed from a source; set them",
            r.NotComputedReason);
    }

    [Fact]
    public void Should_not_compute_without_the_stand_height_and_warn_of_the_incomplete_group()
    {
        var r = Indicator.Compute(Forest(100, (F.NegativeIonConcentrationPerCm3, 2000)), With(Constants));
        Assert.False(r.IsComputed);
        Assert.Equal("missing stand_height_m", r.NotComputedReason);
        Assert.Equal("incomplete input group: negative_ion_concentration_per_cm3 given without stand_height_m", r.Warning);
    }

    [Fact]
    public void Should_refuse_a_zero_lifetime_because_it_divides()
    {
        var json = "{ \"version\": \"t\", \"values\": { \"negative_ion_lifetime_min\": 0 } }";
        Defaults.WithOverrides("p.json", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), out var problems);
        Assert.Equal(["p.json: values.negative_ion_lifetime_min: expected a number greater than 0 (it divides), got 0."], problems);
    }

    [Fact]
    public void Should_be_counted_only_when_the_user_opts_in()
    {
        Assert.All(MethodProfile.All, p => Assert.False(p.Includes("negative_air_ions")));
        Assert.True((GepOptions.Default with { OptIn = ["negative_air_ions"] }).Counts("negative_air_ions"));
        Assert.False(Indicator.AppliesTo(Ecosystem.Grassland, EcosystemSubtype.None));
    }
}
