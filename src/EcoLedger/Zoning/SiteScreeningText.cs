using System.Globalization;
using System.Text;
using EcoLedger.IO;

namespace EcoLedger.Zoning;

/// <summary>
/// The table form of a site screening (<c>zones screen</c>, and the server's screening job's <c>screening.txt</c>): a row per site
/// and zone it meets, the count of each verdict, then the sliver rule. One writer, so both hosts give the same text.
/// </summary>
public static class SiteScreeningText
{
    /// <summary>The table, each line ending in a line feed.</summary>
    public static string Text(IReadOnlyList<SiteScreening> sites, SliverTolerance tolerance)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(tolerance);
        var rows = new List<string[]> { new[] { "site_id", "site_km2", "zone_id", "tier", "overlap_km2", "value_at_risk_cny", "verdict" } };
        foreach (var s in sites)
        {
            if (s.Zones.Count == 0)
            {
                rows.Add([s.SiteId, Km2(s.AreaKm2), "-", "-", Km2(0), "0.00", s.Verdict]);
            }
            foreach (var z in s.Zones)
            {
                rows.Add([s.SiteId, Km2(s.AreaKm2), z.ZoneId, z.Tier, Km2(z.OverlapKm2),
                    z.ValueAtRiskCny.ToString("#,0.00", CultureInfo.InvariantCulture), s.Verdict]);
            }
        }
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => TerminalColumns.Width(r[i]))).ToArray();
        var text = new StringBuilder();
        foreach (var r in rows)
        {
            text.Append(string.Join("  ", r.Select((cell, i) => i is 1 or 4 or 5 ? TerminalColumns.PadLeft(cell, widths[i]) : TerminalColumns.PadRight(cell, widths[i]))).TrimEnd()).Append('\n');
        }
        int Count(string verdict) => sites.Count(s => s.Verdict == verdict);
        text.Append($"{sites.Count} sites: {Count(SiteScreener.IntersectsPriority)} {SiteScreener.IntersectsPriority}, {Count(SiteScreener.TouchesImportant)} {SiteScreener.TouchesImportant}, " +
            $"{Count(SiteScreener.Clear)} {SiteScreener.Clear}, {Count(SiteScreener.OutsideAccountedArea)} {SiteScreener.OutsideAccountedArea}").Append('\n');
        text.Append(tolerance.Describe()).Append('\n');
        return text.ToString();
    }

    /// <summary>km² for people: thousands separators, 2 decimals (JSON keeps 6).</summary>
    private static string Km2(double km2) => km2.ToString("#,0.00", CultureInfo.InvariantCulture);
}
