using EcoLedger.Reports.Charts;
using SkiaSharp;

namespace EcoLedger.IntegrationTests.Reports;

/// <summary>
/// The charts draw Chinese with the font embedded in EcoLedger.Reports, whatever fonts the machine has: a font without
/// CJK glyphs draws every hanzi as the same .notdef box, so two titles of different hanzi would give the same pixels.
/// </summary>
public sealed class ChartFontTests
{
    private static readonly BarItem[] Bars = [new("森林", 1), new("湿地", 2)];

    [Fact]
    public void Should_load_noto_sans_sc_from_the_reports_assembly()
    {
        using var typeface = ReportFont.CreateTypeface();
        Assert.Equal("Noto Sans CJK SC", typeface.FamilyName);
        Assert.True(typeface.ContainsGlyphs("伊春吕梁生态系统生产总值万元亿元"));
        // ScottPlot resolves the charts' font name to the embedded font, not to a system fallback.
        Assert.Equal(ReportFont.Name, ChartFactory.ChineseFontFamily);
        Assert.Equal("Noto Sans CJK SC", ScottPlot.Fonts.GetTypeface(ReportFont.Name, false, false).FamilyName);
    }

    [Fact]
    public void Should_draw_distinct_glyphs_for_distinct_chinese_titles()
    {
        // Given two charts whose only difference is a six-hanzi title
        using var a = SKBitmap.Decode(ChartFactory.VerticalBars("伊春生态系统", "亿元", Bars, 300, 200));
        using var b = SKBitmap.Decode(ChartFactory.VerticalBars("吕梁生产总值", "亿元", Bars, 300, 200));
        Assert.Equal((600, 400), (a.Width, a.Height));

        // When the title band (the top 60 of 400 pixel rows) is compared
        int differing = 0, ink = 0;
        for (int y = 0; y < 60; y++)
        {
            for (int x = 0; x < a.Width; x++)
            {
                SKColor pa = a.GetPixel(x, y), pb = b.GetPixel(x, y);
                if (pa != pb)
                {
                    differing++;
                }
                if (pa.Red < 128)
                {
                    ink++;
                }
            }
        }

        // Then the title is drawn (dark pixels) and its glyphs differ: .notdef boxes would be identical (0 differing)
        Assert.True(ink > 300, $"The title band has {ink} dark pixels; expected a drawn title of more than 300.");
        Assert.True(differing > 300, $"The two titles differ in {differing} pixels; boxes (.notdef) for both would differ in none.");
    }

    [Fact]
    public void Should_ship_the_font_licence_beside_the_assembly()
    {
        string licence = Path.Combine(AppContext.BaseDirectory, "licenses", "NotoSansCJK-OFL.txt");
        Assert.True(File.Exists(licence), $"{licence} is missing.");
        Assert.Contains("SIL OPEN FONT LICENSE Version 1.1", File.ReadAllText(licence), StringComparison.Ordinal);
    }
}
