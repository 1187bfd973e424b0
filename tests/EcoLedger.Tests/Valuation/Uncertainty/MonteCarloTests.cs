using System.Text;
using EcoLedger.Valuation;
using EcoLedger.Valuation.Accounting;
using EcoLedger.Valuation.Parameters;
using EcoLedger.Valuation.Uncertainty;

namespace EcoLedger.Tests.Valuation.Uncertainty;

public class MonteCarloTests
{
    // One marsh of 100 ha with NEP 1.2 t C/ha: CO₂ = 44/12 × 1.2 × 100 = 440 t, 440 × 62.36 = 27,438.40 CNY; and flood
    // regulation 100 ha × 0.3 m = 300,000 m³ × 7.06 = 2,118,000.00 CNY (no distribution on the reservoir cost here).
    private static readonly AccountingUnit Marsh = TestUnits.Unit(Ecosystem.Wetland, EcosystemSubtype.Marsh, 100, (MonitoringField.NepTCPerHa, 1.2));

    private static DistributionTable Table(string json)
    {
        var problems = new List<string>();
        var table = DistributionTable.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "test-uncertainty.json", ParameterSet.Defaults(), problems);
        Assert.Empty(problems);
        return table!;
    }

    private static UncertaintyResult Run(int draws, int seed) => MonteCarlo.Run([Marsh], ParameterSet.Defaults(), ParameterSet.Defaults(), RegionStatistics.Empty, GepOptions.Default,
        Table("""{ "version": "t", "distributions": { "carbon_price_cny_per_t_co2": { "type": "uniform", "min": 40, "max": 80, "justification": "test range" } } }"""),
        draws, seed, new Dictionary<string, decimal> { ["carbon_sequestration"] = 27_438.40m, ["flood_regulation"] = 2_118_000m });

    [Fact]
    public void A_uniform_carbon_price_gives_a_uniform_value_with_the_analytic_percentiles()
    {
        // V = 440 t × p, p ~ U(40, 80), so V ~ U(17,600, 35,200):
        // P5 = 440 × (40 + 0.05 × 40) = 18,480; P50 = 440 × 60 = 26,400; P95 = 440 × (40 + 0.95 × 40) = 34,320.
        var r = Run(10_000, seed: 42);
        var carbon = r.Lines.Single(l => l.Code == "carbon_sequestration");
        Assert.Equal("linear", r.Method);
        Assert.InRange(carbon.P5, 18_480m * 0.99m, 18_480m * 1.01m);
        Assert.InRange(carbon.P50, 26_400m * 0.99m, 26_400m * 1.01m);
        Assert.InRange(carbon.P95, 34_320m * 0.99m, 34_320m * 1.01m);
        Assert.Equal(27_438.40m, carbon.BaseCny);
        var total = r.Lines.Single(l => l.Level == "total");
        Assert.Equal(carbon.P95 + 2_118_000m, total.P95);
        Assert.Equal(2_145_438.40m, total.BaseCny);
        var rho = Assert.Single(r.Sensitivities);
        Assert.Equal(1.0, rho.RankCorrelation, 6);
    }

    [Fact]
    public void The_same_seed_gives_the_same_intervals_and_another_seed_other_ones()
    {
        Assert.Equal(Run(1_000, 7).Lines, Run(1_000, 7).Lines);
        Assert.NotEqual(Run(1_000, 7).Lines.Single(l => l.Level == "total").P5, Run(1_000, 8).Lines.Single(l => l.Level == "total").P5);
    }

    [Fact]
    public void A_distribution_of_a_coefficient_reruns_the_engine_per_draw()
    {
        // co2_per_t_dry_matter changes quantities, so the linear recombination does not apply; with NEP input it has no
        // effect, so every draw gives the run's own value 440 × 62.36 = 27,438.40.
        var table = Table("""{ "version": "t", "distributions": { "co2_per_t_dry_matter": { "type": "uniform", "min": 1.5, "max": 1.7, "justification": "test range" } } }""");
        var r = MonteCarlo.Run([Marsh], ParameterSet.Defaults(), ParameterSet.Defaults(), RegionStatistics.Empty, GepOptions.Default, table, 100, 1,
            new Dictionary<string, decimal> { ["carbon_sequestration"] = 27_438.40m, ["flood_regulation"] = 2_118_000m });
        Assert.Equal("recompute", r.Method);
        var carbon = r.Lines.Single(l => l.Code == "carbon_sequestration");
        Assert.Equal((27_438.40m, 27_438.40m), (carbon.P5, carbon.P95));
    }

    [Fact]
    public void A_distribution_without_a_justification_is_refused()
    {
        var problems = new List<string>();
        var json = """{ "version": "t", "distributions": { "reservoir_cost_cny_per_m3": { "type": "uniform", "min": 6, "max": 8 } } }""";
        Assert.Null(DistributionTable.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "mine.json", ParameterSet.Defaults(), problems));
        Assert.Equal(["mine.json: distributions.reservoir_cost_cny_per_m3, field 'justification': expected why the distribution has this shape and range (e.g. the range of published values); a distribution without one is not accepted."], problems);
    }

    [Fact]
    public void The_shipped_distributions_are_valid_and_justified()
    {
        var table = DistributionTable.Defaults();
        Assert.Equal(["carbon_price_cny_per_t_co2", "electricity_price_cny_per_kwh", "oxygen_price_cny_per_t", "reservoir_cost_cny_per_m3"], table.Distributions.Select(d => d.Key));
    }
}
