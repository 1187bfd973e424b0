using EcoLedger.Rasters;
using EcoLedger.Valuation;

namespace EcoLedger.Tests.Rasters;

public sealed class LandCoverTableTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-classes-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static LandCoverTable Shipped(string name) =>
        LandCoverTable.Load(Path.Combine(TestPaths.RepoRoot, "methodology", "parameters", "landcover", name), name);

    [Theory]
    [InlineData("cnlucc.csv", 26)]
    [InlineData("globeland30.csv", 11)]
    [InlineData("esa-worldcover.csv", 12)]
    public void Every_shipped_class_has_an_English_and_a_Chinese_name(string table, int classes)
    {
        var t = Shipped(table);

        Assert.Equal(classes, t.Classes.Count);
        Assert.All(t.Classes, c => Assert.False(string.IsNullOrWhiteSpace(c.Name) || string.IsNullOrWhiteSpace(c.NameZh), $"{table} class {c.Code}"));
    }

    [Fact]
    public void Shipped_tables_give_the_producers_names_in_both_languages()
    {
        Assert.Equal(("Forest", "有林地", Ecosystem.Forest), Pick(Shipped("cnlucc.csv"), 21));
        Assert.Equal(("Other woodland", "其他林地", Ecosystem.Forest), Pick(Shipped("cnlucc.csv"), 24));
        Assert.Equal(("Marsh", "沼泽地", Ecosystem.Wetland), Pick(Shipped("cnlucc.csv"), 64));
        Assert.Equal(("Artificial surfaces", "人造地表", Ecosystem.Other), Pick(Shipped("globeland30.csv"), 80));
        Assert.Equal(("Herbaceous wetland", "草本湿地", Ecosystem.Wetland), Pick(Shipped("esa-worldcover.csv"), 90));

        static (string, string?, Ecosystem?) Pick(LandCoverTable t, int code) => t.Find(code) is { } c ? (c.Name, c.NameZh, c.Ecosystem) : throw new InvalidOperationException($"{code} missing");
    }

    [Fact]
    public void A_table_without_name_zh_still_loads_with_no_Chinese_names()
    {
        string path = Path.Combine(_dir, "own.csv");
        File.WriteAllText(path, "code,name,ecosystem,subtype\n21,Forest,forest,\n");

        var c = LandCoverTable.Load(path, "own.csv").Find(21)!;

        Assert.Equal(("Forest", (string?)null), (c.Name, c.NameZh));
    }

    [Fact]
    public void A_row_missing_its_Chinese_name_column_is_refused_with_row_and_expectation()
    {
        string path = Path.Combine(_dir, "own.csv");
        File.WriteAllText(path, "code,name,ecosystem,subtype,name_zh\n21,Forest,forest,,有林地\n42,Lake,wetland,lake\n");

        var e = Assert.Throws<RasterInputException>(() => LandCoverTable.Load(path, "own.csv"));

        Assert.Equal("own.csv: row 3: expected 5 fields (code,name,ecosystem,subtype,name_zh; no commas in names), found 4.", e.Message);
    }

    [Fact]
    public void A_header_with_another_fifth_column_is_refused()
    {
        string path = Path.Combine(_dir, "own.csv");
        File.WriteAllText(path, "code,name,ecosystem,subtype,colour\n21,Forest,forest,,green\n");

        var e = Assert.Throws<RasterInputException>(() => LandCoverTable.Load(path, "own.csv"));

        Assert.Equal("own.csv: row 1: expected the header code,name,ecosystem,subtype (optionally followed by name_zh), found 'code,name,ecosystem,subtype,colour'.", e.Message);
    }
}
