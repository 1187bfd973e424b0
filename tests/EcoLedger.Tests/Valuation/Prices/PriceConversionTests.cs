using System.Text;
using EcoLedger.IO;
using EcoLedger.Valuation;
using EcoLedger.Valuation.Accounting;
using EcoLedger.Valuation.Parameters;
using EcoLedger.Valuation.Prices;

namespace EcoLedger.Tests.Valuation.Prices;

public class PriceConversionTests
{
    private static PriceIndexSeries Cpi => PriceIndexTable.Defaults().Series("cpi")!;

    [Fact]
    public void Reservoir_cost_of_2010_at_2024_prices_values_a_million_cubic_metres_to_the_fen()
    {
        // CPI, previous year = 100, 2011…2024 (methodology/parameters/price-index.json):
        // 105.4 102.6 102.6 102.0 101.4 102.0 101.6 102.1 102.9 102.5 100.9 102.0 100.2 100.2
        // 1.054 × 1.026 × 1.026 × 1.020 × 1.014 × 1.020 × 1.016 × 1.021 × 1.029 × 1.025 × 1.009 × 1.020 × 1.002 × 1.002
        //   = 1.32330240623…  → 1.323302 (6 decimals)
        // 7.06 CNY/m³ × 1.323302 = 9.34251212 CNY/m³; × 1,000,000 m³ = 9,342,512.12 CNY.
        var set = ParameterSet.Defaults().AtPriceYear(Cpi, 2024, out var conversions, out _);
        var reservoir = Assert.Single(conversions, c => c.Key == "reservoir_cost_cny_per_m3");
        Assert.Equal(2010, reservoir.PriceYear);
        Assert.Equal(1.323302m, reservoir.Factor.Factor);
        Assert.Equal(14, reservoir.Factor.Chain.Count);
        Assert.Equal(9.34251212m, set.Value("reservoir_cost_cny_per_m3"));
        Assert.Equal("2024", set["reservoir_cost_cny_per_m3"].PriceYear);
        Assert.Equal(9_342_512.12m, GepEngine.RoundToFen(1_000_000m * set.Value("reservoir_cost_cny_per_m3")));
    }

    [Fact]
    public void A_table_rebuilt_from_recorded_conversions_is_the_converted_table_the_run_used()
    {
        // A report has the run's gep-summary.json (each conversion: key, published value, converted value), not necessarily the
        // index file: rebuilding from what was recorded gives the table AtPriceYear gave, value for value, and its version.
        var defaults = ParameterSet.Defaults();
        var converted = defaults.AtPriceYear(Cpi, 2024, out var conversions, out _);
        var recorded = conversions.ToDictionary(c => c.Key, c => (c.Original, c.Converted));

        var rebuilt = defaults.WithRecordedConversions("cpi", 2024, recorded, out string? problem);

        Assert.Null(problem);
        Assert.NotNull(rebuilt);
        Assert.Equal(converted.Version, rebuilt.Version);
        Assert.Equal(converted.All.Select(p => (p.Key, p.Value, p.PriceYear)), rebuilt.All.Select(p => (p.Key, p.Value, p.PriceYear)));
        Assert.Equal(9.34251212m, rebuilt.Value("reservoir_cost_cny_per_m3")); // 7.06 × 1.323302
    }

    [Fact]
    public void Recorded_conversions_from_another_table_are_not_rebuilt()
    {
        // The run started from 6.11 (another table's reservoir cost); this table publishes 7.06.
        var rebuilt = ParameterSet.Defaults().WithRecordedConversions("cpi", 2024,
            new Dictionary<string, (decimal, decimal)> { ["reservoir_cost_cny_per_m3"] = (6.11m, 8.08537522m) }, out string? problem);

        Assert.Null(rebuilt);
        Assert.Equal("the run converted 'reservoir_cost_cny_per_m3' from 6.11, but parameter table 2026.2 gives 7.06", problem);
    }

    [Fact]
    public void A_price_moved_back_a_year_divides_by_that_years_index()
    {
        // Carbon 62.36 CNY/t CO₂ (2025) at 2023 prices: 1 / (1.000 × 1.002) = 0.998003992… → 0.998004;
        // 62.36 × 0.998004 = 62.23552944.
        var set = ParameterSet.Defaults().AtPriceYear(Cpi, 2023, out var conversions, out _);
        var carbon = Assert.Single(conversions, c => c.Key == "carbon_price_cny_per_t_co2");
        Assert.Equal(0.998004m, carbon.Factor.Factor);
        Assert.Equal(62.23552944m, set.Value("carbon_price_cny_per_t_co2"));
    }

    [Fact]
    public void A_price_whose_years_the_series_lacks_is_left_without_a_value_and_says_which_years()
    {
        // The oxygen price is of 2008; 2009 and 2010 are not in the shipped CPI series (not confirmed from a source).
        var set = ParameterSet.Defaults().AtPriceYear(Cpi, 2024, out _, out var notConverted);
        var oxygen = Assert.Single(notConverted, n => n.Key == "oxygen_price_cny_per_t");
        Assert.Equal("price year 2008: the cpi series has no index for 2009, 2010 (give it with --price-index FILE)", oxygen.Reason);
        Assert.Null(set["oxygen_price_cny_per_t"].Value);
    }

    [Fact]
    public void Coefficients_that_are_not_prices_are_not_converted()
    {
        var set = ParameterSet.Defaults().AtPriceYear(Cpi, 2024, out _, out _);
        Assert.Equal(ParameterSet.Defaults().Value("soil_bulk_density_t_per_m3"), set.Value("soil_bulk_density_t_per_m3"));
    }

    [Fact]
    public void Region_statistics_prices_need_the_accounting_year()
    {
        var stats = new RegionStatistics([new RegionStatistic("伊春", RegionStatKind.MaterialProduct, "blueberry", 10m, "t", 12_000m, [])]);
        var problems = new List<InputProblem>();
        ConstantPrices.Apply(ParameterSet.Defaults(), stats, null, GepOptions.Default, new PriceBasis(2024, Cpi, null, "2026.1"), problems);
        var p = Assert.Single(problems);
        Assert.Equal("--year: expected the accounting year: with --price-year the prices in the region statistics are moved from the accounting year's price level, so the year must be given.", p.ToString());
    }

    [Fact]
    public void Region_statistics_prices_move_from_the_accounting_year()
    {
        // 12,000 CNY/t of 2023 at 2024 prices: × 1.002 = 12,024 CNY/t.
        var stats = new RegionStatistics([new RegionStatistic("伊春", RegionStatKind.MaterialProduct, "blueberry", 10m, "t", 12_000m, [])]);
        var problems = new List<InputProblem>();
        var result = ConstantPrices.Apply(ParameterSet.Defaults(), stats, 2023, GepOptions.Default, new PriceBasis(2024, Cpi, null, "2026.1"), problems);
        Assert.Empty(problems);
        Assert.Equal(12_024m, result.Statistics.Of("伊春", RegionStatKind.MaterialProduct)[0].PricePerUnit);
        Assert.Equal("constant 2024 prices", result.Summary["label"]!.GetValue<string>());
    }

    [Fact]
    public void An_index_without_a_source_is_refused_with_its_row()
    {
        string json = """{ "version": "bureau-1", "series": { "cpi": { "name": "CPI", "values": [ { "year": 2024, "index": 100.2 } ] } } }""";
        var problems = new List<string>();
        var table = PriceIndexTable.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "my-index.json", problems);
        Assert.Null(table);
        Assert.Equal(["my-index.json: series.cpi.values[1] (year 2024), field 'source': expected the publication the figure comes from; an index without a source is not accepted."], problems);
    }
}

public class OverridePriceYearTests
{
    private static ParameterSet Override(string json, out IReadOnlyList<string> problems) =>
        ParameterSet.Defaults().WithOverrides("bureau.json", new MemoryStream(Encoding.UTF8.GetBytes(json)), out problems);

    [Fact]
    public void An_overridden_price_with_its_price_year_is_converted()
    {
        // 95.84 CNY/t CO₂ (CEA 2024 average) stated as of 2024, at 2025 prices: × 1.000 (CPI 2025 = 100.0) = 95.84.
        var set = Override("""{ "version": "bureau-2024", "values": { "carbon_price_cny_per_t_co2": 95.84 }, "price_years": { "carbon_price_cny_per_t_co2": 2024 } }""", out var problems);
        Assert.Empty(problems);
        Assert.Equal("2024", set["carbon_price_cny_per_t_co2"].PriceYear);
        var converted = set.AtPriceYear(PriceIndexTable.Defaults().Series("cpi")!, 2025, out var conversions, out _);
        Assert.Equal(1.000000m, Assert.Single(conversions, c => c.Key == "carbon_price_cny_per_t_co2").Factor.Factor);
        Assert.Equal(95.84m, converted.Value("carbon_price_cny_per_t_co2"));
    }

    [Fact]
    public void An_overridden_price_without_a_year_is_not_converted_and_says_why()
    {
        var set = Override("""{ "version": "bureau-2024", "values": { "carbon_price_cny_per_t_co2": 95.84 } }""", out _);
        set.AtPriceYear(PriceIndexTable.Defaults().Series("cpi")!, 2025, out _, out var notConverted);
        Assert.Equal("the value was overridden (override: bureau.json (bureau-2024)) and an override states no price year",
            Assert.Single(notConverted, n => n.Key == "carbon_price_cny_per_t_co2").Reason);
    }

    [Fact]
    public void A_price_year_for_a_coefficient_is_refused()
    {
        Override("""{ "version": "b", "values": { "soil_bulk_density_t_per_m3": 1.1 }, "price_years": { "soil_bulk_density_t_per_m3": 2024 } }""", out var problems);
        Assert.Equal(["bureau.json: price_years.soil_bulk_density_t_per_m3: expected a price (a CNY unit); soil_bulk_density_t_per_m3 is in t/m3."], problems);
    }
}
