using System.Text.Encodings.Web;
using System.Text.Json;

namespace EcoLedger.Zoning;

/// <summary>
/// The JSON form of a site screening (<c>zones screen --json</c>, and the server's screening job's <c>screening.json</c>): the sliver rule,
/// then per site its verdict, area, overlap, value at risk and each zone it meets. One writer, so both hosts give the same bytes.
/// </summary>
public static class SiteScreeningJson
{
    /// <summary>The document, indented, without a final line break.</summary>
    public static string Text(IReadOnlyList<SiteScreening> sites, SliverTolerance tolerance)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(tolerance);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartObject("sliver_tolerance");
            w.WriteNumber("min_m2", tolerance.MinSquareMetres);
            w.WriteNumber("site_share", tolerance.SiteShare);
            w.WriteString("rule", tolerance.Describe());
            w.WriteEndObject();
            w.WriteStartArray("sites");
            foreach (var s in sites)
            {
                w.WriteStartObject();
                w.WriteString("site_id", s.SiteId);
                w.WriteString("verdict", s.Verdict);
                w.WriteNumber("area_km2", Math.Round(s.AreaKm2, 6));
                w.WriteNumber("overlap_km2", Math.Round(s.OverlapKm2, 6));
                w.WriteNumber("value_at_risk_cny", s.ValueAtRiskCny);
                w.WriteStartArray("zones");
                foreach (var z in s.Zones)
                {
                    w.WriteStartObject();
                    w.WriteString("zone_id", z.ZoneId);
                    w.WriteString("tier", z.Tier);
                    w.WriteNumber("overlap_km2", Math.Round(z.OverlapKm2, 6));
                    w.WriteNumber("value_at_risk_cny", z.ValueAtRiskCny);
                    w.WriteBoolean("touches_only", z.TouchesOnly);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
