using EcoLedger.Zoning;
using NetTopologySuite.Geometries;
using static EcoLedger.Tests.Zoning.ZoningFixture;

namespace EcoLedger.Tests.Zoning;

public class ZoneMarkerTests
{
    private static ZoningResult Mark(ZoningFixture fx, IEnumerable<(string Id, string Wkt, decimal Value)> units, ZoningOptions? options = null,
        decimal recreation = 0m)
    {
        var list = units.ToList();
        string path = fx.WriteGeoJson("units.geojson", "unit_id", list.Select(u => (u.Id, u.Wkt)));
        string gep = fx.WriteGep(list.Select(u => (u.Id, u.Value)), recreation);
        return ZoneMarker.Mark(path, gep, options ?? ZoningOptions.Default);
    }

    [Fact]
    public void Should_refuse_to_write_the_zones_into_the_gep_run_folder_and_write_nothing()
    {
        using var fx = new ZoningFixture();
        string units = fx.WriteGeoJson("units.geojson", "unit_id", [("A", Square(0, 0))]);
        string gep = fx.WriteGep([("A", 6_000_000m)]);

        var e = Assert.Throws<ZoningInputException>(() => ZoneMarker.MarkToDirectory(units, gep, gep));

        Assert.Equal($"--out: '{gep}': is --gep '{gep}', an input folder; expected an output folder that is none of the run folders the command reads.", e.Message);
        Assert.Equal(["gep-units.csv"], Directory.GetFileSystemEntries(gep).Select(Path.GetFileName));
    }

    [Fact]
    public void Should_write_the_zones_beside_the_units_file_when_asked_to()
    {
        // A folder that holds an input file is no run folder: the zoning's own file names do not collide with it.
        using var fx = new ZoningFixture();
        string units = fx.WriteGeoJson("units.geojson", "unit_id", [("A", Square(0, 0))]);
        string gep = fx.WriteGep([("A", 6_000_000m)]);

        ZoneMarker.MarkToDirectory(units, gep, fx.Root);

        Assert.True(File.Exists(fx.PathOf(ZoneOutputWriter.SummaryFile)));
        Assert.True(File.Exists(units));
    }

    [Fact]
    public void Should_refuse_an_output_folder_where_a_zoning_file_would_replace_the_units_file()
    {
        using var fx = new ZoningFixture();
        string units = fx.WriteGeoJson(ZoneOutputWriter.UnitsFile, "unit_id", [("A", Square(0, 0))]);
        string gep = fx.WriteGep([("A", 6_000_000m)]);
        string before = File.ReadAllText(units);

        var e = Assert.Throws<ZoningInputException>(() => ZoneMarker.MarkToDirectory(units, gep, fx.Root));

        Assert.Equal($"--out: '{Path.Combine(fx.Root, ZoneOutputWriter.UnitsFile)}': would overwrite --units '{units}'; expected an output folder where the zoning's files replace none of its inputs.", e.Message);
        Assert.Equal(before, File.ReadAllText(units));
        Assert.False(File.Exists(fx.PathOf(ZoneOutputWriter.SummaryFile)));
    }

    [Fact]
    public void Should_dissolve_two_adjacent_priority_units_into_one_zone()
    {
        using var fx = new ZoningFixture();
        // Given two 1 km² squares sharing the edge x = 1000, worth 6,000,000 and 7,000,000 yuan
        var result = Mark(fx, [("A", Square(0, 0), 6_000_000m), ("B", Square(1000, 0), 7_000_000m)]);

        // Then one zone of 2 km², 13,000,000 yuan, 6,500,000 yuan/km², whose polygon is the 2 km × 1 km rectangle
        var zone = Assert.Single(result.Zones);
        Assert.Equal(["A", "B"], zone.UnitIds);
        Assert.Equal(2.0, zone.AreaKm2, 9);
        Assert.Equal(13_000_000m, zone.ValueCny);
        Assert.Equal(6_500_000m, zone.DensityCnyPerKm2);
        Assert.True(zone.Geometry.IsValid);
        Assert.IsType<Polygon>(zone.Geometry);
        Assert.True(Read("POLYGON((0 0, 2000 0, 2000 1000, 0 1000, 0 0))").EqualsTopologically(zone.Geometry));
        Assert.All(result.Units, u => Assert.Equal(zone.ZoneId, u.ZoneId));
    }

    [Fact]
    public void Should_not_merge_units_that_touch_at_a_single_point()
    {
        using var fx = new ZoningFixture();
        // A diagonal neighbour shares only the corner (1000, 1000): not an edge, so two zones.
        var result = Mark(fx, [("A", Square(0, 0), 6_000_000m), ("C", Square(1000, 1000), 6_000_000m)]);

        Assert.Equal(2, result.Zones.Count);
        Assert.Equal(["A"], result.Zones.Single(z => z.UnitIds.Contains("A")).UnitIds);
    }

    [Fact]
    public void Should_merge_a_point_touch_and_a_narrow_gap_when_within_the_snap_distance()
    {
        using var fx = new ZoningFixture();
        // A and C touch at the corner (1000, 1000): distance 0. E spans x 1005..2005, y −1000..0: its nearest point to A's
        // corner (1000, 0) is (1005, 0), 5 m away; E is 1,000 m from C.
        (string, string, decimal)[] units = [("A", Square(0, 0), 6_000_000m), ("C", Square(1000, 1000), 6_000_000m), ("E", Square(1005, -1000), 6_000_000m)];

        Assert.Equal(3, Mark(fx, units).Zones.Count);
        Assert.Equal(2, Mark(fx, units, ZoningOptions.Default with { SnapMetres = 4 }).Zones.Count);
        var snapped = Assert.Single(Mark(fx, units, ZoningOptions.Default with { SnapMetres = 10 }).Zones);

        // The zone keeps the members' area (3 km²): the 5 m gap is not added; its polygon is a valid MultiPolygon.
        Assert.Equal(3.0, snapped.AreaKm2, 9);
        Assert.True(snapped.Geometry.IsValid);
        Assert.Equal(3.0, snapped.Geometry.Area / 1e6, 9);
    }

    [Fact]
    public void Should_merge_units_sharing_part_of_an_edge()
    {
        using var fx = new ZoningFixture();
        // D shares the segment x = 1000, 500 ≤ y ≤ 1000 with A, with no common vertex.
        var result = Mark(fx, [("A", Square(0, 0), 6_000_000m), ("D", Square(1000, 500), 6_000_000m)]);

        var zone = Assert.Single(result.Zones);
        Assert.True(zone.Geometry.IsValid);
        Assert.Equal(2e6, zone.Geometry.Area, 3);
    }

    [Fact]
    public void Should_keep_a_hole_where_a_low_value_unit_is_surrounded()
    {
        using var fx = new ZoningFixture();
        // Eight priority squares around a centre square worth 1,000,000 yuan/km².
        var units = new List<(string, string, decimal)>();
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                units.Add(($"U{i}{j}", Square(i * 1000, j * 1000), i == 1 && j == 1 ? 1_000_000m : 6_000_000m));
            }
        }

        var zone = Assert.Single(Mark(fx, units).Zones);

        var polygon = Assert.IsType<Polygon>(zone.Geometry);
        Assert.Equal(1, polygon.NumInteriorRings);
        Assert.True(polygon.IsValid);
        Assert.Equal(8.0, zone.AreaKm2, 9);
        Assert.Equal(8e6, polygon.Area, 3);
    }

    [Fact]
    public void Should_give_a_valid_polygon_when_a_hole_touches_the_outline_at_one_point()
    {
        using var fx = new ZoningFixture();
        // A 3 × 3 grid without the centre (1,1) and the corner (2,2): the centre hole meets the outline at (2000, 2000).
        var units = new List<(string, string, decimal)>();
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                units.Add(($"U{i}{j}", Square(i * 1000, j * 1000), (i, j) is (1, 1) or (2, 2) ? 1_000_000m : 6_000_000m));
            }
        }

        var zone = Assert.Single(Mark(fx, units).Zones);

        Assert.True(zone.Geometry.IsValid);
        Assert.Equal(7e6, zone.Geometry.Area, 3);
        Assert.Equal(7, zone.UnitIds.Count);
    }

    [Fact]
    public void Should_put_a_unit_exactly_at_the_threshold_in_priority()
    {
        using var fx = new ZoningFixture();
        // 5,000,000.00 yuan over exactly 1 km² is exactly 5,000,000 yuan/km²; 4,999,999.99 is one fen short.
        var result = Mark(fx, [("AT", Square(0, 0), 5_000_000.00m), ("BELOW", Square(5000, 0), 4_999_999.99m)]);

        var at = result.Units.Single(u => u.UnitId == "AT");
        Assert.Equal(5_000_000m, at.DensityCnyPerKm2);
        Assert.Equal("priority", at.Tier?.Name);
        Assert.Null(result.Units.Single(u => u.UnitId == "BELOW").Tier);
        Assert.Equal(["AT"], Assert.Single(result.Zones).UnitIds);
    }

    [Fact]
    public void Should_count_only_regulating_services_on_the_regulating_basis()
    {
        using var fx = new ZoningFixture();
        // 4,000,000 regulating + 2,000,000 recreation: all = 6,000,000 (priority), regulating = 4,000,000 (not).
        (string, string, decimal)[] units = [("A", Square(0, 0), 4_000_000m)];

        Assert.Single(Mark(fx, units, recreation: 2_000_000m).Zones);
        var regulating = Mark(fx, units, ZoningOptions.Default with { Basis = ValueBasis.Regulating }, recreation: 2_000_000m);
        Assert.Empty(regulating.Zones);
        Assert.Equal(4_000_000m, regulating.Units[0].ValueCny);
    }

    [Fact]
    public void Should_give_the_same_zone_ids_whatever_the_feature_order()
    {
        using var fx1 = new ZoningFixture();
        using var fx2 = new ZoningFixture();
        (string, string, decimal)[] units = [("A", Square(0, 0), 6e6m), ("B", Square(1000, 0), 6e6m), ("C", Square(5000, 0), 6e6m)];

        var first = Mark(fx1, units).Zones.Select(z => z.ZoneId).Order().ToList();
        var second = Mark(fx2, units.Reverse()).Zones.Select(z => z.ZoneId).Order().ToList();

        Assert.Equal(first, second);
        Assert.Equal(2, first.Distinct().Count());
        Assert.All(first, id => Assert.Matches("^priority-[0-9a-f]{12}$", id));
    }

    [Fact]
    public void Should_dissolve_each_tier_separately()
    {
        using var fx = new ZoningFixture();
        var tiers = TierSet.Parse("priority:5e6,important:2e6");
        var result = Mark(fx, [("P", Square(0, 0), 6e6m), ("I", Square(1000, 0), 3e6m), ("I2", Square(2000, 0), 2e6m)],
            ZoningOptions.Default with { Tiers = tiers });

        Assert.Equal(["priority", "important"], result.Zones.Select(z => z.Tier.Name));
        Assert.Equal(["I", "I2"], result.Zones[1].UnitIds);
        Assert.Equal(1.0, result.PriorityAreaKm2, 9);
        Assert.Equal(6e6m, result.PriorityValueCny);
    }

    [Fact]
    public void Should_report_units_without_gep_and_gep_without_geometry()
    {
        using var fx = new ZoningFixture();
        string path = fx.WriteGeoJson("units.geojson", "unit_id", [("A", Square(0, 0)), ("B", Square(1000, 0))]);
        string gep = fx.WriteGep([("A", 1m), ("Z9", 1m)]);

        var e = Assert.Throws<ZoningInputException>(() => ZoneMarker.Mark(path, gep, ZoningOptions.Default));

        Assert.Equal(
            "2 problems in the input:\n" +
            "  units.geojson: unit B: has a geometry but no GEP result in gep-units.csv.\n" +
            "  gep-units.csv: unit Z9: has a GEP result but no geometry in units.geojson.", e.Message);
    }

    [Fact]
    public void Should_report_a_bad_value_with_its_line_and_unit()
    {
        using var fx = new ZoningFixture();
        string dir = fx.PathOf("gep");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "gep-units.csv"),
            "unit_id,region,ecosystem,indicator,quantity,quantity_unit,value_cny\nA,R1,forest,recreation,,,12x\n");

        var e = Assert.Throws<ZoningInputException>(() => GepUnitValues.Read(dir));

        Assert.Equal("gep-units.csv: line 2 (unit A): field value_cny is '12x'; expected a non-negative number.", e.Message);
    }

    [Fact]
    public void Should_write_all_outputs_or_nothing()
    {
        using var fx = new ZoningFixture();
        string path = fx.WriteGeoJson("units.geojson", "unit_id", [("A", Square(0, 0))]);
        string gep = fx.WriteGep([("A", 6e6m)]);
        string outDir = fx.PathOf("out");

        // The map is drawn by the host's renderer (EcoLedger.Reports), inside the same all-or-nothing write.
        ZoneMarker.MarkToDirectory(path, gep, outDir, writeMap: (r, w) => w.Write($"<svg>{r.Zones.Count}</svg>"));

        Assert.Equal(["units-classified.geojson", "zones-map.svg", "zones-summary.json", "zones.geojson"],
            Directory.GetFiles(outDir).Select(Path.GetFileName).Order());
        Assert.Equal("<svg>1</svg>", File.ReadAllText(Path.Combine(outDir, "zones-map.svg")));
        string bad = fx.PathOf("bad-out");
        Assert.Throws<ZoningInputException>(() => ZoneMarker.MarkToDirectory(path, fx.WriteGep([("B", 1m)]), bad));
        Assert.False(Directory.Exists(bad));
        Assert.Empty(Directory.GetDirectories(fx.Root, ".bad-out*"));
    }

    [Fact]
    public void Should_remove_the_map_an_earlier_run_drew_when_this_run_draws_none_and_keep_the_users_files()
    {
        using var fx = new ZoningFixture();
        string path = fx.WriteGeoJson("units.geojson", "unit_id", [("A", Square(0, 0))]);
        string gep = fx.WriteGep([("A", 6e6m)]);
        string outDir = fx.PathOf("out"), notes = Path.Combine(outDir, "notes.txt");
        ZoneMarker.MarkToDirectory(path, gep, outDir, writeMap: (r, w) => w.Write("<svg/>"));
        File.WriteAllText(notes, "for the bureau");

        ZoneMarker.MarkToDirectory(path, gep, outDir);

        Assert.Equal(["notes.txt", "units-classified.geojson", "zones-summary.json", "zones.geojson"],
            Directory.GetFiles(outDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("for the bureau", File.ReadAllText(notes));
    }
}
