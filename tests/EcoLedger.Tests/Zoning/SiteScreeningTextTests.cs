using EcoLedger.IO;
using EcoLedger.Zoning;

namespace EcoLedger.Tests.Zoning;

/// <summary>The screening table aligns by terminal columns: a Chinese site id (two columns a character) shifted its row against the header.</summary>
public sealed class SiteScreeningTextTests
{
    [Fact]
    public void A_chinese_site_id_keeps_its_row_aligned_with_the_header()
    {
        var sites = new[]
        {
            new SiteScreening("规划站点0", 1.5, [new SiteZoneContact("Z1", "priority", 0.25, 1_234.5m)], SiteScreener.IntersectsPriority),
            new SiteScreening("S1", 0.5, [], SiteScreener.Clear),
        };

        var lines = SiteScreeningText.Text(sites, SliverTolerance.Default).Split('\n');

        // "规划站点0" is 5 characters and 9 columns; "site_id" 7: the column is 9 columns wide in every row (it was padded to 7 characters).
        Assert.Equal("site_id    site_km2  zone_id  tier      overlap_km2  value_at_risk_cny  verdict", lines[0]);
        Assert.Equal("规划站点0      1.50  Z1       priority         0.25           1,234.50  " + SiteScreener.IntersectsPriority, lines[1]);
        Assert.Equal("S1             0.50  -        -                0.00               0.00  " + SiteScreener.Clear, lines[2]);
    }

    [Theory]
    [InlineData("S1", 2)]
    [InlineData("规划站点0", 9)]
    [InlineData("ＡＢ", 4)] // full-width forms
    [InlineData("伊春 forest", 11)]
    public void Width_counts_two_columns_for_each_east_asian_wide_character(string text, int columns) =>
        Assert.Equal(columns, TerminalColumns.Width(text));
}
