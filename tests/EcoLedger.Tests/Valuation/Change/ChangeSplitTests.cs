using EcoLedger.Valuation.Change;

namespace EcoLedger.Tests.Valuation.Change;

public class ChangeSplitTests
{
    private static UnitState Unit(string id, string eco, decimal km2, params (string Indicator, decimal? Q, decimal V)[] figures) =>
        new(id, "伊春", eco, km2, figures.ToDictionary(f => f.Indicator, f => new IndicatorFigure(f.Q, f.V)), new Dictionary<string, double>());

    [Fact]
    public void Two_units_two_years_quantity_and_price_effects_add_up_to_the_change()
    {
        // Unit A, carbon: 100 t at 50 CNY/t = 5,000.00 → 120 t at 60 CNY/t = 7,200.00; change 2,200.00
        //   quantity effect ½(50 + 60) × (120 − 100) = 1,100.00; price effect ½(100 + 120) × (60 − 50) = 1,100.00
        // Unit B, water: 1,000 m³ at 7.06 = 7,060.00 → 900 m³ at 7.50 = 6,750.00; change −310.00
        //   quantity effect ½(7.06 + 7.50) × (900 − 1,000) = −728.00; price effect ½(1,000 + 900) × (7.50 − 7.06) = 418.00
        // Total: change 1,890.00 = quantity 372.00 + price 1,518.00.
        var pairs = new List<UnitPair>
        {
            new(Unit("A", "forest", 1m, ("carbon_sequestration", 100m, 5_000m)), Unit("A", "forest", 1m, ("carbon_sequestration", 120m, 7_200m))),
            new(Unit("B", "wetland", 1m, ("water_conservation", 1_000m, 7_060m)), Unit("B", "wetland", 1m, ("water_conservation", 900m, 6_750m))),
        };
        var c = GepComparison.Compute(pairs, ["water_conservation", "carbon_sequestration"]);

        Assert.Equal(new ChangeSplit(2_200m, 1_100m, 1_100m, 0m), c.ByIndicator["carbon_sequestration"].Split);
        Assert.Equal(new ChangeSplit(-310m, -728m, 418m, 0m), c.ByIndicator["water_conservation"].Split);
        Assert.Equal(new ChangeSplit(1_890m, 372m, 1_518m, 0m), c.Total.Split);
        Assert.Equal(12_060m, c.Total.FromCny);
        Assert.Equal(13_950m, c.Total.ToCny);
        Assert.Equal(["water_conservation", "carbon_sequestration"], c.ByIndicator.Keys);
    }

    [Fact]
    public void The_quantity_effect_is_rounded_to_the_fen_and_the_price_effect_takes_the_rest()
    {
        // 3 t at 1/3 CNY (value 1.00) → 4 t at 0.50 CNY (2.00): quantity effect ½(0.3333… + 0.5) × 1 = 0.41666… → 0.42;
        // price effect = 1.00 − 0.42 = 0.58 (exactly ½(3 + 4) × (0.5 − 0.3333…) = 0.58333… to within the fen).
        var split = ChangeSplit.Of(new IndicatorFigure(3m, 1.00m), new IndicatorFigure(4m, 2.00m));
        Assert.Equal(new ChangeSplit(1.00m, 0.42m, 0.58m, 0m), split);
    }

    [Fact]
    public void A_figure_of_one_year_only_is_all_quantity_effect()
    {
        Assert.Equal(new ChangeSplit(812.50m, 812.50m, 0m, 0m), ChangeSplit.Of(null, new IndicatorFigure(13m, 812.50m)));
        Assert.Equal(new ChangeSplit(-812.50m, -812.50m, 0m, 0m), ChangeSplit.Of(new IndicatorFigure(13m, 812.50m), null));
    }

    [Fact]
    public void A_value_only_indicator_is_not_decomposed()
    {
        Assert.Equal(new ChangeSplit(150m, 0m, 0m, 150m), ChangeSplit.Of(new IndicatorFigure(null, 1_000m), new IndicatorFigure(null, 1_150m)));
    }

    [Fact]
    public void A_converted_unit_is_counted_under_its_transition()
    {
        var pairs = new List<UnitPair>
        {
            new(Unit("G", "grassland", 2m, ("carbon_sequestration", 10m, 600m)), Unit("G", "forest", 2m, ("carbon_sequestration", 30m, 1_800m))),
            new(null, Unit("N", "wetland", 1m, ("water_conservation", 100m, 706m))),
        };
        var c = GepComparison.Compute(pairs, []);
        Assert.Equal(["(none)→wetland", "grassland→forest"], c.ByTransition.Keys);
        Assert.Equal(new ChangeSplit(1_200m, 1_200m, 0m, 0m), c.ByTransition["grassland→forest"].Split);
        Assert.Equal(new ChangeSplit(706m, 706m, 0m, 0m), c.ByTransition["(none)→wetland"].Split);
        Assert.Equal(UnitChange.Converted, pairs[0].Change);
        Assert.Equal(UnitChange.Appeared, pairs[1].Change);
    }
}
