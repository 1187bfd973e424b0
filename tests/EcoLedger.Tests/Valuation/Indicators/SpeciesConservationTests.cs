using EcoLedger.Valuation;
using EcoLedger.Valuation.Accounting;
using EcoLedger.Valuation.Files;
using EcoLedger.Valuation.Indicators;
using static EcoLedger.Tests.TestUnits;
using F = EcoLedger.Valuation.MonitoringField;

namespace EcoLedger.Tests.Valuation.Indicators;

/// <summary>
/// Species conservation by Shannon–Wiener class. The per-class values have no default (not confirmed from a source), so
/// each test sets the class values it uses; they are test inputs, not the standard's figures.
/// </summary>
public class SpeciesConservationTests
{
    private static readonly SpeciesConservation Indicator = new();

    [Theory]
    [InlineData(0.0, "h_below_1")]
    [InlineData(0.999, "h_below_1")]
    [InlineData(1.0, "h_1_to_2")]
    [InlineData(2.4, "h_2_to_3")]
    [InlineData(3.0, "h_3_to_4")]
    [InlineData(4.5, "h_4_to_5")]
    [InlineData(5.99, "h_5_to_6")]
    [InlineData(6.0, "h_6_or_more")]
    [InlineData(7.3, "h_6_or_more")]
    public void Should_put_a_class_bound_in_the_upper_class(double index, string expectedClass) =>
        Assert.Equal(expectedClass, SpeciesConservation.ClassOf(index));

    [Fact]
    public void Should_value_the_stand_area_at_the_value_of_its_class()
    {
        // H′ = 2.4 → class 2 ≤ H′ < 3, set to 10,000 CNY/ha/a; 50 ha × 10,000 = 500,000.00 CNY; quantity = 50 ha.
        var parameters = With("\"species_conservation_cny_per_ha.h_2_to_3\": 10000, \"species_conservation_cny_per_ha.h_3_to_4\": 20000");
        var r = Indicator.Compute(Forest(50, (F.ShannonWienerIndex, 2.4)), parameters);
        Assert.True(r.IsComputed);
        Assert.Equal(50d, r.Quantity, 9);
        Assert.Equal(500_000.00m, decimal.Round(r.ValueCny, 2));
    }

    [Fact]
    public void Should_use_the_upper_class_for_an_index_on_a_bound()
    {
        // H′ = 3.0 → class 3 ≤ H′ < 4 at 20,000: 12.5 ha × 20,000 = 250,000.00 (class 2–3 would give 125,000.00).
        var parameters = With("\"species_conservation_cny_per_ha.h_2_to_3\": 10000, \"species_conservation_cny_per_ha.h_3_to_4\": 20000");
        var r = Indicator.Compute(Forest(12.5, (F.ShannonWienerIndex, 3.0)), parameters);
        Assert.Equal(250_000.00m, decimal.Round(r.ValueCny, 2));
    }

    [Fact]
    public void Should_not_compute_with_the_default_table_because_no_class_value_is_sourced()
    {
        var r = Indicator.Compute(Forest(50, (F.ShannonWienerIndex, 2.4)), Defaults);
        Assert.False(r.IsComputed);
        Assert.Equal(
            "no value for species_conservation_cny_per_ha.h_2_to_3: the per-class values of LY/T 1721-2008 are not in the table; set them",
            r.NotComputedReason);
    }

    [Fact]
    public void Should_not_compute_without_the_index()
    {
        var r = Indicator.Compute(Forest(50), With("\"species_conservation_cny_per_ha.h_2_to_3\": 10000"));
        Assert.False(r.IsComputed);
        Assert.Equal("missing shannon_wiener_index", r.NotComputedReason);
    }

    [Fact]
    public void Should_be_counted_only_when_the_user_opts_in()
    {
        // No profile counts it; --include species_conservation does.
        Assert.All(MethodProfile.All, p => Assert.False(p.Includes("species_conservation")));
        Assert.False(GepOptions.Default.Counts("species_conservation"));
        Assert.True((GepOptions.Default with { OptIn = ["species_conservation"] }).Counts("species_conservation"));
    }

    [Fact]
    public void Should_give_rows_through_the_engine_only_when_opted_in()
    {
        // Given one 50-ha forest unit with H′ = 2.4 and the class 2–3 set to 10,000 CNY/ha/a
        var parameters = With("\"species_conservation_cny_per_ha.h_2_to_3\": 10000");
        var unit = Forest(50, (F.ShannonWienerIndex, 2.4));
        var plain = new ListSink();
        var optedIn = new ListSink();

        // When run with the default profile, and with --include species_conservation
        new GepEngine(parameters, new RegionStatistics([])).Run([unit], plain);
        new GepEngine(parameters, new RegionStatistics([]), GepOptions.Default with { OptIn = ["species_conservation"] }).Run([unit], optedIn);

        // Then only the opted-in run has the row: 50 ha × 10,000 = 500,000.00
        Assert.DoesNotContain(plain.Rows, r => r.Indicator == "species_conservation");
        Assert.Equal([500_000.00m], optedIn.Rows.Where(r => r.Indicator == "species_conservation").Select(r => r.ValueCny));
    }

    private sealed class ListSink : IGepSink
    {
        public List<GepRow> Rows { get; } = [];

        public void Row(in GepRow row) => Rows.Add(row);

        public void NotComputed(in NotComputed item)
        {
        }

        public void Warning(in UnitWarning warning)
        {
        }
    }

    [Fact]
    public void Should_apply_to_forest_only()
    {
        Assert.True(Indicator.AppliesTo(Ecosystem.Forest, EcosystemSubtype.Broadleaf));
        Assert.False(Indicator.AppliesTo(Ecosystem.Shrub, EcosystemSubtype.None));
        Assert.False(Indicator.AppliesTo(Ecosystem.Grassland, EcosystemSubtype.None));
    }
}
