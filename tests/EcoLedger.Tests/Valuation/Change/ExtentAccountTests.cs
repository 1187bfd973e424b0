using EcoLedger.Valuation.Change;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EcoLedger.Tests.Valuation.Change;

public class ExtentAccountTests
{
    private static UnitState Unit(string id, string eco, decimal km2) =>
        new(id, "伊春", eco, km2, new Dictionary<string, IndicatorFigure>(), new Dictionary<string, double>());

    [Fact]
    public void Afforested_grassland_a_new_wetland_and_a_retired_forest_unit_give_the_seea_extent_lines()
    {
        // Opening: forest F1 20.0 + F2 5.0 = 25.0; grassland G1 4.0; no wetland.
        // Closing: F1 20.5 (remeasured), G1 → forest 4.0, F2 gone, W1 new 1.5.
        // Matrix: forest→forest 20.0, (none)→forest 0.5, grassland→forest 4.0, forest→(none) 5.0, (none)→wetland 1.5.
        // forest: 25.0 + (0.5 + 4.0) − 5.0 = 24.5; grassland: 4.0 + 0 − 4.0 = 0; wetland: 0 + 1.5 − 0 = 1.5.
        var pairs = new List<UnitPair>
        {
            new(Unit("F1", "forest", 20.0m), Unit("F1", "forest", 20.5m)),
            new(Unit("F2", "forest", 5.0m), null),
            new(Unit("G1", "grassland", 4.0m), Unit("G1", "forest", 4.0m)),
            new(null, Unit("W1", "wetland", 1.5m)),
        };
        var e = ExtentAccount.Of(pairs);
        Assert.Equal(["forest", "grassland", "wetland"], e.Types);
        Assert.Equal(new ExtentLine("forest", 25.0m, 4.5m, 5.0m, 24.5m), e.Lines[0]);
        Assert.Equal(new ExtentLine("grassland", 4.0m, 0m, 4.0m, 0m), e.Lines[1]);
        Assert.Equal(new ExtentLine("wetland", 0m, 1.5m, 0m, 1.5m), e.Lines[2]);
        Assert.Equal(4.0m, e.Matrix("grassland", "forest"));
        Assert.Equal(0.5m, e.Matrix(GepComparison.None, "forest"));
        Assert.Equal(5.0m, e.Matrix("forest", GepComparison.None));
    }

    private static readonly string[] Types = ["forest", "shrub", "grassland", "wetland", "other"];

    private static Gen<UnitPair> PairGen =>
        from kind in Gen.Choose(0, 2)
        from a in Gen.Choose(0, 5_000_000)
        from b in Gen.Choose(0, 5_000_000)
        from t0 in Gen.Elements(Types)
        from t1 in Gen.Elements(Types)
        select new UnitPair(
            kind == 2 ? null : Unit("u", t0, a / 1_000_000m),
            kind == 1 ? null : Unit("u", t1, b / 1_000_000m));

    [Property(MaxTest = 300)]
    public Property Closing_is_opening_plus_additions_minus_reductions_for_every_type() =>
        Prop.ForAll(Gen.ListOf(PairGen).ToArbitrary(), pairs =>
        {
            var e = ExtentAccount.Of(pairs);
            foreach (var l in e.Lines)
            {
                Assert.Equal(l.ClosingKm2, l.OpeningKm2 + l.AdditionsKm2 - l.ReductionsKm2);
                Assert.Equal(pairs.Where(p => p.From?.Ecosystem == l.Type).Sum(p => p.From!.AreaKm2), l.OpeningKm2);
                Assert.Equal(pairs.Where(p => p.To?.Ecosystem == l.Type).Sum(p => p.To!.AreaKm2), l.ClosingKm2);
            }
        });
}
