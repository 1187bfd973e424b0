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
    public void A_header_with_an_unknown_optional_column_is_refused()
    {
        string path = Path.Combine(_dir, "own.csv");
        File.WriteAllText(path, "code,name,ecosystem,subtype,color\n21,Forest,forest,,#006400\n");

        var e = Assert.Throws<RasterInputException>(() => LandCoverTable.Load(path, "own.csv"));

        Assert.Equal("own.csv: row 1: expected the header code,name,ecosystem,subtype (optionally followed by name_zh and colour, in either order), found 'code,name,ecosystem,subtype,color'.", e.Message);
    }

    [Fact]
    public void ESA_WorldCover_classes_carry_the_producers_legend_colours()
    {
        // ESA's legend (esa-worldcover.csv cites it): tree cover #006400, cropland #f096ff, permanent water bodies #0064c8.
        var t = Shipped("esa-worldcover.csv");

        Assert.Equal(new RgbColour(0x00, 0x64, 0x00), t.Find(10)!.TableColour);
        Assert.Equal(new RgbColour(0xf0, 0x96, 0xff), t.Find(40)!.Colour);
        Assert.Equal("#0064c8", t.Find(80)!.Colour.ToString());
        // No data has no legend colour: the not-accounted grey of the ecosystem palette.
        Assert.Null(t.Find(0)!.TableColour);
        Assert.Equal(EcosystemPalette.For(null, EcosystemSubtype.None), t.Find(0)!.Colour);
    }

    [Theory]
    [InlineData("cnlucc.csv")]
    [InlineData("globeland30.csv")]
    public void Tables_without_a_citable_producer_colour_draw_each_class_in_its_ecosystems_colour(string table)
    {
        var t = Shipped(table);

        Assert.All(t.Classes, c =>
        {
            Assert.Null(c.TableColour);
            Assert.Equal(EcosystemPalette.For(c.Ecosystem, c.Subtype), c.Colour);
        });
        // CNLUCC forest (21) and GlobeLand30 forest (20) are both the palette's forest dark green.
        Assert.Equal("#1b5e20", t.Classes.First(c => c.Ecosystem == Ecosystem.Forest).Colour.ToString());
    }

    [Fact]
    public void A_users_table_may_give_colours_in_either_column_order_and_leave_some_to_the_ecosystem()
    {
        string path = Path.Combine(_dir, "own.csv");
        File.WriteAllText(path, "code,name,ecosystem,subtype,colour,name_zh\n1,Pine,forest,coniferous,#0A3D1F,松林\n2,Reed bed,wetland,marsh,,芦苇湿地\n");

        var t = LandCoverTable.Load(path, "own.csv");

        Assert.Equal((new RgbColour(0x0a, 0x3d, 0x1f), "松林"), (t.Find(1)!.Colour, t.Find(1)!.NameZh));
        Assert.Equal(((RgbColour?)null, EcosystemPalette.For(Ecosystem.Wetland, EcosystemSubtype.Marsh), "芦苇湿地"), (t.Find(2)!.TableColour, t.Find(2)!.Colour, t.Find(2)!.NameZh));
    }

    [Fact]
    public void A_table_without_a_colour_column_colours_every_class_by_its_ecosystem()
    {
        string path = Path.Combine(_dir, "own.csv");
        File.WriteAllText(path, "code,name,ecosystem,subtype\n1,Paddy,other,farmland\n2,Sea,none,\n");

        var t = LandCoverTable.Load(path, "own.csv");

        Assert.Equal(("#f3d26b", "#d9d9d9"), (t.Find(1)!.Colour.ToString(), t.Find(2)!.Colour.ToString()));
    }

    [Theory]
    [InlineData("green")]
    [InlineData("#06400")]
    [InlineData("006400")]
    [InlineData("#00640g")]
    public void A_colour_that_is_not_rrggbb_is_refused_with_row_field_and_expectation(string colour)
    {
        string path = Path.Combine(_dir, "own.csv");
        File.WriteAllText(path, $"code,name,ecosystem,subtype,colour\n21,Forest,forest,,{colour}\n");

        var e = Assert.Throws<RasterInputException>(() => LandCoverTable.Load(path, "own.csv"));

        Assert.Equal($"own.csv: row 2, field 'colour': expected a colour as #rrggbb (e.g. #006400) or empty for the ecosystem's colour, found '{colour}'.", e.Message);
    }

    [Fact]
    public void A_row_missing_its_colour_column_names_the_header_it_was_expected_to_follow()
    {
        string path = Path.Combine(_dir, "own.csv");
        File.WriteAllText(path, "code,name,ecosystem,subtype,colour\n21,Forest,forest\n");

        var e = Assert.Throws<RasterInputException>(() => LandCoverTable.Load(path, "own.csv"));

        Assert.Equal("own.csv: row 2: expected 5 fields (code,name,ecosystem,subtype,colour; no commas in names), found 3.", e.Message);
    }

    [Fact]
    public void The_ecosystem_palette_tells_every_ecosystem_and_the_shipped_subtypes_apart()
    {
        // Every (ecosystem, subtype) a shipped table uses, plus not-accounted and unlisted codes, gets a colour of its own,
        // so no two different kinds of land share a legend colour.
        var kinds = new[] { "cnlucc.csv", "globeland30.csv", "esa-worldcover.csv" }.SelectMany(n => Shipped(n).Classes)
            .Select(c => (c.Ecosystem, c.Subtype)).Distinct().ToList();
        var colours = kinds.Select(k => EcosystemPalette.For(k.Ecosystem, k.Subtype)).Append(EcosystemPalette.Unlisted).ToList();

        Assert.Equal(12, kinds.Count); // forest, shrub, grassland; wetland and its marsh, river, lake, reservoir; farmland, urban, bare land; none
        Assert.Equal(colours.Count, colours.Distinct().Count());
    }
}
