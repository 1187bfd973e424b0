using EcoLedger.Zoning;
using static EcoLedger.Tests.Zoning.ZoningFixture;

namespace EcoLedger.Tests.Zoning;

public class SiteScreenerTests
{
    /// <summary>
    /// Zones: A + B (0..2000 × 0..1000 m) priority at 6,000,000 yuan/km²; F (0..1000 × 2000..3000 m) important at
    /// 3,000,000 yuan/km² (tiers priority:5e6, important:2e6). F does not touch A (1 km apart). L (4000..5000 × 0..1000 m)
    /// is accounted but in no zone (1,000,000 yuan/km²).
    /// </summary>
    private static IReadOnlyList<SiteScreening> Screen(ZoningFixture fx, params (string Id, string Wkt)[] sites)
    {
        string units = fx.WriteGeoJson("units.geojson", "unit_id", [("A", Square(0, 0)), ("B", Square(1000, 0)), ("F", Square(0, 2000)), ("L", Square(4000, 0))]);
        string gep = fx.WriteGep([("A", 6_000_000m), ("B", 6_000_000m), ("F", 3_000_000m), ("L", 1_000_000m)]);
        string zonesDir = fx.PathOf("zones");
        ZoneMarker.MarkToDirectory(units, gep, zonesDir, ZoningOptions.Default with { Tiers = TierSet.Parse("priority:5e6,important:2e6") });
        return SiteScreener.Screen(zonesDir, fx.WriteGeoJson("sites.geojson", "site_id", sites));
    }

    [Fact]
    public void Should_give_a_site_inside_a_priority_zone_its_overlap_and_value_at_risk()
    {
        using var fx = new ZoningFixture();
        // 1000 m × 500 m across the A|B edge: 0.25 km² in A + 0.25 km² in B = 0.5 km²; 0.5 × 6,000,000 = 3,000,000.00 yuan.
        var site = Assert.Single(Screen(fx, ("S1", "POLYGON((500 250, 1500 250, 1500 750, 500 750, 500 250))")));

        Assert.Equal(SiteScreener.IntersectsPriority, site.Verdict);
        Assert.Equal(0.5, site.AreaKm2, 9);
        var zone = Assert.Single(site.Zones);
        Assert.Equal("priority", zone.Tier);
        Assert.Equal(0.5, zone.OverlapKm2, 9);
        Assert.Equal(3_000_000.00m, zone.ValueAtRiskCny);
    }

    [Fact]
    public void Should_count_only_the_part_of_a_site_inside_the_zone()
    {
        using var fx = new ZoningFixture();
        // 1000 m square from (1500, 500): 500 m × 500 m = 0.25 km² lies in B; 0.25 × 6,000,000 = 1,500,000.00 yuan.
        var site = Assert.Single(Screen(fx, ("S2", Square(1500, 500))));

        Assert.Equal(SiteScreener.IntersectsPriority, site.Verdict);
        Assert.Equal(1.0, site.AreaKm2, 9);
        Assert.Equal(0.25, site.OverlapKm2, 9);
        Assert.Equal(1_500_000.00m, site.ValueAtRiskCny);
    }

    [Fact]
    public void Should_flag_a_site_touching_a_priority_zone_without_value_at_risk()
    {
        using var fx = new ZoningFixture();
        // Shares the edge x = 2000 with B: no area in common.
        var site = Assert.Single(Screen(fx, ("S3", Square(2000, 0))));

        Assert.Equal(SiteScreener.TouchesImportant, site.Verdict);
        var zone = Assert.Single(site.Zones);
        Assert.True(zone.TouchesOnly);
        Assert.Equal(0, site.OverlapKm2);
        Assert.Equal(0m, site.ValueAtRiskCny);
    }

    [Fact]
    public void Should_flag_a_site_in_an_important_zone()
    {
        using var fx = new ZoningFixture();
        // 100 m × 1000 m strip inside F: 0.1 km² × 3,000,000 = 300,000.00 yuan.
        var site = Assert.Single(Screen(fx, ("S4", "POLYGON((0 2000, 100 2000, 100 3000, 0 3000, 0 2000))")));

        Assert.Equal(SiteScreener.TouchesImportant, site.Verdict);
        Assert.Equal("important", Assert.Single(site.Zones).Tier);
        Assert.Equal(0.1, site.OverlapKm2, 9);
        Assert.Equal(300_000.00m, site.ValueAtRiskCny);
    }

    [Fact]
    public void Should_clear_a_site_on_accounted_land_outside_every_zone()
    {
        using var fx = new ZoningFixture();
        // Inside L, which is in no zone.
        var site = Assert.Single(Screen(fx, ("S5", Square(4200, 200, 500))));

        Assert.Equal(SiteScreener.Clear, site.Verdict);
        Assert.Empty(site.Zones);
        Assert.Equal(0m, site.ValueAtRiskCny);
    }

    [Fact]
    public void Should_say_outside_the_accounted_area_for_a_site_touching_no_unit()
    {
        using var fx = new ZoningFixture();
        // 5 km north-east of every unit: nothing is known of the value there, so it is not "clear".
        var site = Assert.Single(Screen(fx, ("S6", Square(5000, 5000))));

        Assert.Equal(SiteScreener.OutsideAccountedArea, site.Verdict);
        Assert.Empty(site.Zones);
    }

    [Fact]
    public void Should_count_an_overlap_below_one_square_metre_as_touching()
    {
        using var fx = new ZoningFixture();
        // 1000 m × 0.0005 m strip inside A along x = 0..1000 beside the site: 0.5 m² overlap, below the 1 m² tolerance
        // (0.01 % of the 1.0005 km²-site's area is 100 m², larger still): a sliver, so no value at risk.
        var site = Assert.Single(Screen(fx, ("S7", "POLYGON((0 -1000, 1000 -1000, 1000 0.0005, 0 0.0005, 0 -1000))")));

        Assert.Equal(SiteScreener.TouchesImportant, site.Verdict);
        Assert.True(Assert.Single(site.Zones).TouchesOnly);
        Assert.Equal(0m, site.ValueAtRiskCny);
    }

    [Fact]
    public void Should_count_an_overlap_below_the_share_of_a_large_site_as_touching()
    {
        using var fx = new ZoningFixture();
        // A 3 km × 1 km site south of A and B reaching 0.02 m into them: 2000 m × 0.02 m = 40 m² overlap, above 1 m² but
        // below 0.01 % of the site's 3.00006 km² (300 m²): a sliver.
        var site = Assert.Single(Screen(fx, ("S8", "POLYGON((-500 -1000, 2500 -1000, 2500 0.02, -500 0.02, -500 -1000))")));

        Assert.Equal(SiteScreener.TouchesImportant, site.Verdict);
        Assert.Equal(0m, site.ValueAtRiskCny);
    }

    [Fact]
    public void Should_report_a_large_site_containing_whole_zones_as_intersecting_them()
    {
        using var fx = new ZoningFixture();
        // A 150 km × 150 km plan area (22,500 km²) over every unit. 0.01 % of the site would be 2.25 km², more than each 1 km²
        // unit, so the whole zones were slivers; capped by the unit (0.01 % of 1 km² = 100 m²) each unit's 1 km² is an overlap:
        // priority A + B = 2 km² × 6,000,000 = 12,000,000.00 yuan; important F = 1 km² × 3,000,000 = 3,000,000.00 yuan.
        var site = Assert.Single(Screen(fx, ("PLAN", Square(-75_000, -75_000, 150_000))));

        Assert.Equal(SiteScreener.IntersectsPriority, site.Verdict);
        Assert.Equal(22_500, site.AreaKm2, 6);
        Assert.Equal([("priority", 2.0, 12_000_000.00m), ("important", 1.0, 3_000_000.00m)],
            site.Zones.Select(z => (z.Tier, Math.Round(z.OverlapKm2, 9), z.ValueAtRiskCny)));
        Assert.Equal(15_000_000.00m, site.ValueAtRiskCny);
    }

    [Fact]
    public void Should_not_count_a_site_whose_edge_runs_along_a_zone_boundary_on_a_parallel_as_overlap()
    {
        using var fx = new ZoningFixture();
        // Given a priority unit Z, 128.40–128.45° E × 47.60–47.65° N (about 3.77 km × 5.56 km ≈ 21 km²; 1e9 yuan ≈ 48 M yuan/km²),
        // and a site south of it whose north edge is the parallel 47.60° N from 128° to 129° E (lon/lat, detected).
        string units = fx.WriteGeoJson("units.geojson", "unit_id", [("Z", "POLYGON((128.4 47.6, 128.45 47.6, 128.45 47.65, 128.4 47.65, 128.4 47.6))")]);
        ZoneMarker.MarkToDirectory(units, fx.WriteGep([("Z", 1_000_000_000m)]), fx.PathOf("zones"));
        string sites = fx.WriteGeoJson("sites.geojson", "site_id", [("S", "POLYGON((128 47.3, 129 47.3, 129 47.6, 128 47.6, 128 47.3))")]);

        var site = Assert.Single(SiteScreener.Screen(fx.PathOf("zones"), sites));

        // Then it only touches Z. Projected as one chord, the 1° edge lay up to ρ·(n·Δλ)²/8 = 7,462 km × (0.5771 × 0.017453)²/8 ≈ 95 m
        // north of the parallel (about 90 m over 128.40–128.45° E, ≈ 0.3 km² inside Z, far above the 0.01 % × 21 km² ≈ 2,100 m²
        // tolerance): intersects_priority. Densified to 0.005° the chord error is below 4.4 mm.
        Assert.Equal(SiteScreener.TouchesImportant, site.Verdict);
        Assert.True(Assert.Single(site.Zones).TouchesOnly);
        Assert.Equal(0, site.OverlapKm2);
        Assert.Equal(0m, site.ValueAtRiskCny);
    }

    [Fact]
    public void Should_tell_to_repair_an_invalid_site_in_the_sites_file_not_to_use_fix()
    {
        using var fx = new ZoningFixture();
        // A bow-tie site: its edges cross at (500, 500). zones screen has no --fix.
        string units = fx.WriteGeoJson("units.geojson", "unit_id", [("A", Square(0, 0))]);
        ZoneMarker.MarkToDirectory(units, fx.WriteGep([("A", 6e6m)]), fx.PathOf("zones"));
        string sites = fx.WriteGeoJson("sites.geojson", "site_id", [("BOW", "POLYGON((0 0, 1000 1000, 1000 0, 0 1000, 0 0))")]);

        var e = Assert.Throws<ZoningInputException>(() => SiteScreener.Screen(fx.PathOf("zones"), sites));

        Assert.Equal("sites.geojson: site BOW: invalid polygon: Self-intersection at (500, 500); " +
            "repair it in the sites file (e.g. ogr2ogr -makevalid, or MakeValid in a GIS).", e.Message);
    }

    [Fact]
    public void Should_refuse_sites_in_another_crs_than_the_zones()
    {
        using var fx = new ZoningFixture();
        string units = fx.WriteGeoJson("units.geojson", "unit_id", [("A", Square(0, 0))]);
        ZoneMarker.MarkToDirectory(units, fx.WriteGep([("A", 6e6m)]), fx.PathOf("zones"));
        string sites = fx.WriteGeoJson("sites.geojson", "site_id", [("S", "POLYGON((120 45, 121 45, 121 46, 120 46, 120 45))")], crs: "EPSG:4490");

        var e = Assert.Throws<ZoningInputException>(() => SiteScreener.Screen(fx.PathOf("zones"), sites));

        Assert.Equal("sites.geojson: is in EPSG:4490 (geographic, file) but the zones are in (projected, file); " +
            "mixed CRSs: put the sites in the zones' CRS.", e.Message);
    }
}
