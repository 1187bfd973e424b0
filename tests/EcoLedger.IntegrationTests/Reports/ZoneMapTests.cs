using EcoLedger.Reports;
using EcoLedger.Reports.Charts;
using EcoLedger.Reports.Gep;
using EcoLedger.Reports.Inputs;

namespace EcoLedger.IntegrationTests.Reports;

/// <summary>One map renderer for <c>zones mark</c> and the GEP report, in an equal-area projection centred on the data.</summary>
public sealed class ZoneMapTests(GepReportFixture fx) : IClassFixture<GepReportFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-map-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Should_draw_the_same_map_in_zones_mark_and_in_the_report()
    {
        // Given zones mark run with the Chinese map, on the report fixture's units
        string zones = Path.Combine(_dir, "zones");
        var r = CliRunner.Run("zones", "mark", "--units", CliRunner.Repo("tests", "EcoLedger.IntegrationTests", "Reports", "Fixture", "units.geojson"),
            "--gep", fx.GepDir, "--out", zones, "--lang", "zh");
        Assert.Equal(0, r.ExitCode);

        // When the report's renderer draws the folder it wrote
        string report = ZoneMap.Render(ZonesResultFolder.Read(zones), new Labels(ReportLanguage.Zh));

        // Then zones-map.svg is that very map
        Assert.Equal(report, File.ReadAllText(Path.Combine(zones, "zones-map.svg")));
        // ... and a well-formed SVG document (a standalone file is parsed as XML, unlike inline SVG in HTML)
        var svg = System.Xml.Linq.XDocument.Parse(report);
        Assert.Equal(["map-units", "map-zones", "map-legend", "map-north", "map-scale"],
            svg.Root!.Elements().Where(e => e.Name.LocalName == "g").Select(e => (string?)e.Attribute("id")));
    }

    [Fact]
    public void Should_centre_the_equal_area_projection_on_the_data_so_that_north_is_up()
    {
        var zones = ZonesResultFolder.Read(fx.ZonesDir);
        var e = new NetTopologySuite.Geometries.Envelope();
        foreach (var u in zones.Units)
        {
            e.ExpandToInclude(u.Geometry.EnvelopeInternal);
        }

        var p = ZoneMap.Projection(zones)!;

        // The central meridian is the data's middle longitude (to 0.01°), so the meridian through the map's centre is
        // vertical: its two ends project to the same x (China's 105°E Albers would tilt it by about (lon − 105°) × sin φ).
        double mid = (e.MinX + e.MaxX) / 2;
        Assert.Equal(mid, p.CentralMeridianDeg, 0.005);
        double bottom = p.Project(new NetTopologySuite.Geometries.Point(p.CentralMeridianDeg, e.MinY)).Coordinate.X;
        double top = p.Project(new NetTopologySuite.Geometries.Point(p.CentralMeridianDeg, e.MaxY)).Coordinate.X;
        Assert.Equal(bottom, top, 1e-6);
        Assert.InRange(p.StandardParallel1Deg, e.MinY, e.MaxY);
        Assert.InRange(p.StandardParallel2Deg, e.MinY, e.MaxY);
    }

    [Fact]
    public void Should_caption_and_label_a_chinese_map_in_chinese()
    {
        var zones = ZonesResultFolder.Read(fx.ZonesDir);
        var zh = new Labels(ReportLanguage.Zh);
        var p = ZoneMap.Projection(zones)!;

        string svg = ZoneMap.Render(zones, zh);

        Assert.Equal($"Albers 等积圆锥投影，以数据为中心：中央经线 {p.CentralMeridianDeg:0.##}°E，标准纬线 {p.StandardParallel1Deg:0.##}°N 与 " +
            $"{p.StandardParallel2Deg:0.##}°N（CGCS2000 椭球），上为正北", ZoneMap.ProjectionText(zones, zh));
        Assert.Contains(">价值密度（万元/km&#178;）</text>", svg, StringComparison.Ordinal);
        // The priority threshold 5,000,000 yuan/km² is 500 万元/km² in the legend, never "5 M".
        Assert.Contains(">重点保护 ≥ 500</text>", svg, StringComparison.Ordinal);
        Assert.DoesNotContain(" M<", svg, StringComparison.Ordinal);
        string html = File.ReadAllText(fx.Files.Html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(ZoneMap.ProjectionText(zones, zh)), html, StringComparison.Ordinal);
        Assert.DoesNotContain("Albers equal-area conic on the CGCS2000", html, StringComparison.Ordinal);
    }
}
