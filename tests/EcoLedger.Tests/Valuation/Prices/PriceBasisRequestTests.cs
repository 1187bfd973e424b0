using EcoLedger.Valuation.Prices;

namespace EcoLedger.Tests.Valuation.Prices;

/// <summary>The constant-price options both hosts check in one place: each refusal word for word, named as the host names its options.</summary>
public sealed class PriceBasisRequestTests
{
    [Fact]
    public void Without_a_price_year_prices_are_current_and_an_index_file_alone_is_refused()
    {
        var problems = new List<string>();
        Assert.Null(PriceBasisRequest.Resolve(null, null, null, null, PriceBasisRequest.Names.Cli, problems));
        Assert.Empty(problems);

        Assert.Null(PriceBasisRequest.Resolve(null, "index.json", null, null, PriceBasisRequest.Names.Request, problems));
        Assert.Equal(["price_index: given without price_year; expected both (the index moves prices to the price_year level)."], problems);
    }

    [Theory]
    [InlineData(1899)]
    [InlineData(2101)]
    public void A_price_year_outside_1900_to_2100_is_refused_naming_the_option(int year)
    {
        var problems = new List<string>();
        Assert.Null(PriceBasisRequest.Resolve(year, null, null, null, PriceBasisRequest.Names.Cli, problems));
        Assert.Equal([$"--price-year: expected a year from 1900 to 2100, got {year}."], problems);
    }

    [Fact]
    public void The_shipped_table_gives_the_series_asked_for_and_an_unknown_series_is_refused()
    {
        var problems = new List<string>();
        var basis = PriceBasisRequest.Resolve(2024, null, null, "ppi", PriceBasisRequest.Names.Cli, problems);
        Assert.Empty(problems);
        Assert.Equal(2024, basis!.PriceYear);
        Assert.Equal("ppi", basis.Series.Code);
        Assert.Null(basis.IndexFile); // the summary then names methodology/parameters/price-index.json

        Assert.Null(PriceBasisRequest.Resolve(2024, null, null, "gdp", PriceBasisRequest.Names.Request, problems));
        Assert.Equal(["price_series: the index table has no series 'gdp'; expected one of cpi, ppi."], problems);
    }

    [Fact]
    public void A_users_table_is_read_and_named_as_given_and_a_missing_one_is_refused_by_that_name()
    {
        string dir = Directory.CreateTempSubdirectory("ecoledger-price-index-").FullName;
        try
        {
            // a one-series table: CPI 2024 against 2023 = 101.0 (a test value, not a published index)
            string path = Path.Combine(dir, "stored-under-a-hash");
            File.WriteAllText(path, """{ "version": "t1", "series": { "cpi": { "name": "test", "values": [ { "year": 2024, "index": 101.0, "source": "test" } ] } } }""");
            var problems = new List<string>();
            var basis = PriceBasisRequest.Resolve(2024, path, "bureau-index.json", null, PriceBasisRequest.Names.Request, problems);
            Assert.True(problems.Count == 0, string.Join(" ", problems));
            Assert.Equal("bureau-index.json", basis!.IndexFile);
            Assert.Equal("t1", basis.IndexVersion);
            Assert.Equal("cpi", basis.Series.Code);

            Assert.Null(PriceBasisRequest.Resolve(2024, Path.Combine(dir, "none.json"), null, null, PriceBasisRequest.Names.Cli, problems));
            Assert.Equal([$"{Path.Combine(dir, "none.json")}: file not found."], problems);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
