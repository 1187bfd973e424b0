using EcoLedger.Ledger;
using EcoLedger.Monitoring;
using EcoLedger.Pricing;

namespace EcoLedger.Tests.Monitoring;

/// <summary>
/// The floor of the live pricing basis (methodology/monitoring.md §5.1): below a configured minimum observed share (or above a maximum
/// gap-filled share) the projection and everything priced from it are withheld; without a minimum it is shown, flagged unqualified.
/// </summary>
public class BasisFloorTests
{
    // One unit U1 of 100 ha with a prior of 10 t CO2/ha/yr, buffer 10 %, in 2025 (365 × 48 = 17,520 half hours).
    private static readonly Project P = new("P", "o", "YC", "M", 1_000, new DateOnly(2025, 1, 1), new DateOnly(2034, 12, 31), ["U1"]);
    private static readonly Dictionary<string, RepresentedUnit> Represented = new(StringComparer.Ordinal)
    {
        ["U1"] = new RepresentedUnit("U1", 1m, 100m, "YC", "forest", "mixed", 10m),
    };
    private static readonly PriceAsOf Cea = new(new PriceQuote("CEA", new DateOnly(2025, 6, 27), 7_240, "test"), new DateOnly(2025, 6, 30));

    /// <summary>YTD 50 t (−50,000,000 g CO2), <paramref name="covered"/> of 17,520 half hours counted, <paramref name="filled"/> of them filled.</summary>
    private static ProjectBasis Basis(long covered, long filled, BasisFloor? floor)
    {
        var nee = new Dictionary<string, UnitAccount>(StringComparer.Ordinal)
        {
            ["U1"] = new UnitAccount("U1", "nee", 2025, "YC", "100", "-500000000000", -50_000_000, 1, covered, filled, 17_520),
        };
        return LiveBasis.ForProject(P, 2025, nee, Represented, 0.2m, Cea, floor);
    }

    [Fact]
    public void A_share_observed_at_or_above_the_minimum_is_projected_and_valued()
    {
        // s = 1,752 / 17,520 = 10 %; projection = 50 + 10 × 100 × (1 − 0.1) = 950 t; buffer floor(950 × 0.1) = 95;
        // issuable floor((950 − 95) × 0.8) = floor(684) = 684 t; value 684 × 72.40 = 49,521.60 CNY.
        var b = Basis(1_752, 0, BasisFloor.Of(0.05m, null));
        Assert.Equal((BasisQualification.Qualified, "qualified: observed 10.00 % ≥ minimum 5.00 %"), (b.Qualification, b.Note));
        Assert.Equal((950m, 950L, 95L, 684L, 49_521.60m), (b.ProjectedTonnes, b.Gross, b.Buffer, b.Issuable, b.Value!.Value.Amount));
        // Exactly at the floor is enough: 10 % ≥ 10 %.
        Assert.Equal(BasisQualification.Qualified, Basis(1_752, 0, BasisFloor.Of(0.1m, null)).Qualification);
    }

    [Fact]
    public void Two_readings_of_a_year_are_not_projected_nor_valued()
    {
        // The live page's case: 2 half hours of 17,520 = 0.0114 % of the year, against a floor of 5 %.
        var b = Basis(2, 0, BasisFloor.Of(0.05m, null));
        Assert.Equal((BasisQualification.NotProjected, "not projected: observed 0.01 % < minimum 5.00 %"), (b.Qualification, b.Note));
        Assert.Equal((50m, (decimal?)null, (long?)null, (long?)null, (long?)null), (b.YtdTonnes, b.ProjectedTonnes, b.Gross, b.Buffer, b.Issuable));
        Assert.Null(b.Value);
        Assert.Equal(Cea, b.Price); // the quote is still shown: only what is priced from the projection is withheld
    }

    [Fact]
    public void Too_much_gap_filling_withholds_the_projection()
    {
        // 263 of 1,752 counted half hours filled = 15.0114 % > 15 %.
        var b = Basis(1_752, 263, BasisFloor.Of(0.05m, 0.15m));
        Assert.Equal((BasisQualification.NotProjected, "not projected: gap-filled 15.01 % > maximum 15.00 %"), (b.Qualification, b.Note));
        Assert.Null(b.ProjectedTonnes);
        // 262 / 1,752 = 14.9543 % ≤ 15 %.
        var ok = Basis(1_752, 262, BasisFloor.Of(0.05m, 0.15m));
        Assert.Equal("qualified: observed 10.00 % ≥ minimum 5.00 %, gap-filled 14.95 % ≤ maximum 15.00 %", ok.Note);
    }

    [Fact]
    public void Without_a_minimum_the_projection_is_shown_flagged_unqualified()
    {
        var b = Basis(2, 0, null);
        Assert.Equal((BasisQualification.Unqualified, "unqualified: no minimum observed share is configured (--min-observed)"), (b.Qualification, b.Note));
        // 2 / 17,520 observed: projection = 50 + 1,000 × (1 − 2/17,520) = 50 + 999.885845… = 1,049.885845… t
        Assert.Equal(1_049L, b.Gross);
        // A maximum alone is no floor: still unqualified when the gap-filled share is within it.
        Assert.Equal(BasisQualification.Unqualified, Basis(1_752, 0, BasisFloor.Of(null, 0.5m)).Qualification);
    }

    [Fact]
    public void Shares_that_round_alike_are_printed_with_enough_places_to_differ()
    {
        // 10 % against 10.001 %: equal at 2 places, so 3 are shown.
        Assert.Equal("not projected: observed 10.000 % < minimum 10.001 %", Basis(1_752, 0, BasisFloor.Of(0.10001m, null)).Note);
    }

    [Theory]
    [InlineData("-0.1", null, "The minimum observed share (min_observed) must be between 0 and 1; got -0.1.")]
    [InlineData(null, "1.5", "The maximum gap-filled share (max_filled) must be between 0 and 1; got 1.5.")]
    public void A_share_outside_zero_to_one_is_refused_naming_the_field(string? min, string? max, string message)
    {
        var e = Assert.Throws<LedgerException>(() => BasisFloor.Of(min is null ? null : decimal.Parse(min, System.Globalization.CultureInfo.InvariantCulture),
            max is null ? null : decimal.Parse(max, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(message, e.Describe(f => f));
    }
}
