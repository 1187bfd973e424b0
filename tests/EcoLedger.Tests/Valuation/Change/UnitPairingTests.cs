using EcoLedger.Valuation.Change;

namespace EcoLedger.Tests.Valuation.Change;

public class UnitPairingTests
{
    private static UnitState Unit(string id, string region = "伊春") =>
        new(id, region, "forest", 1m, new Dictionary<string, IndicatorFigure>(), new Dictionary<string, double>());

    [Fact]
    public void Runs_of_different_units_are_refused_without_a_map()
    {
        var problems = new List<string>();
        var pairs = UnitPairing.Pair([Unit("YC-0001"), Unit("YC-0002")], [Unit("YC-0001"), Unit("YC-0301")], null, "--unit-map", problems);
        Assert.Empty(pairs);
        Assert.Equal(["the two runs account different units (1 only in --from, e.g. YC-0002; 1 only in --to, e.g. YC-0301); expected the same unit ids, or a --unit-map FILE that pairs them and declares new and retired units."], problems);
    }

    [Fact]
    public void Runs_of_different_regions_are_refused_without_a_map()
    {
        var problems = new List<string>();
        UnitPairing.Pair([Unit("U1", "伊春")], [Unit("U1", "吕梁")], null, "--unit-map", problems);
        Assert.Equal(["1 unit lies in another region in --to, e.g. U1; expected runs of the same region, or a --unit-map FILE that pairs the units explicitly."], problems);
    }

    [Fact]
    public void A_map_pairs_renamed_units_and_declares_new_and_retired_ones()
    {
        var problems = new List<string>();
        var map = new List<UnitMapEntry> { new(2, "YC-0002", "YC-0302"), new(3, "YC-0003", null), new(4, null, "YC-0301") };
        var pairs = UnitPairing.Pair([Unit("YC-0001"), Unit("YC-0002"), Unit("YC-0003")], [Unit("YC-0001"), Unit("YC-0302"), Unit("YC-0301")], map, "map.csv", problems);
        Assert.Empty(problems);
        Assert.Equal(["YC-0001>YC-0001", "YC-0002>YC-0302", "YC-0003>", ">YC-0301"], pairs.Select(p => $"{p.From?.UnitId}>{p.To?.UnitId}"));
    }

    [Fact]
    public void A_map_row_naming_an_unknown_unit_is_reported_with_its_row()
    {
        var problems = new List<string>();
        UnitPairing.Pair([Unit("A")], [Unit("A")], [new UnitMapEntry(2, "Z", "A")], "map.csv", problems);
        Assert.Equal("map.csv, row 2, field 'from_unit_id': unit 'Z' is not in the --from run.", problems[0]);
    }
}
