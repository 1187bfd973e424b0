using System.Globalization;
using System.Text.Json;
using EcoLedger.IO;
using EcoLedger.Spatial;
using NetTopologySuite.Geometries;

namespace EcoLedger.Zoning;

/// <summary>A site's contact with one zone.</summary>
/// <param name="ZoneId">The zone.</param>
/// <param name="Tier">The zone's tier.</param>
/// <param name="OverlapKm2">Equal-area overlap of the site with the zone's units, km² (0 when they only touch).</param>
/// <param name="ValueAtRiskCny">Σ over the zone's units of overlap km² × the unit's density, CNY, rounded to the fen.</param>
public sealed record SiteZoneContact(string ZoneId, string Tier, double OverlapKm2, decimal ValueAtRiskCny)
{
    /// <summary>True when the site only touches the zone's boundary.</summary>
    public bool TouchesOnly => OverlapKm2 == 0;
}

/// <summary>The screening of one planned site.</summary>
/// <param name="SiteId">The site.</param>
/// <param name="AreaKm2">The site's equal-area area, km².</param>
/// <param name="Zones">Every zone the site overlaps or touches, in zone order.</param>
/// <param name="Verdict"><see cref="SiteScreener.Clear"/>, <see cref="SiteScreener.TouchesImportant"/>, <see cref="SiteScreener.IntersectsPriority"/> or <see cref="SiteScreener.OutsideAccountedArea"/>.</param>
public sealed record SiteScreening(string SiteId, double AreaKm2, IReadOnlyList<SiteZoneContact> Zones, string Verdict)
{
    /// <summary>Total overlap with all zones, km².</summary>
    public double OverlapKm2 => Zones.Sum(z => z.OverlapKm2);

    /// <summary>Total value at risk, CNY.</summary>
    public decimal ValueAtRiskCny => Zones.Sum(z => z.ValueAtRiskCny);
}

/// <summary>
/// <c>zones screen</c>: intersects planned industrial footprints with the zones written by <c>zones mark</c> and gives
/// each site its overlap area, value at risk and a verdict.
/// </summary>
/// <remarks>
/// Verdicts, for tiers ordered by threshold (the highest is "priority"):
/// <c>intersects_priority</c> when the site overlaps a priority zone with positive area;
/// <c>touches_important</c> when it does not, but touches a priority zone's boundary, or overlaps or touches a zone of a lower tier;
/// <c>clear</c> when it lies on accounted units but has no contact with any zone;
/// <c>outside_accounted_area</c> when it touches no accounting unit at all (nothing is known of the value there).
/// Value at risk = Σ_units overlap area (km²) × unit density (yuan/km²); overlaps below the
/// <see cref="SliverTolerance"/> (default 1 m² or 0.01 % of the smaller of the site and the unit) count as touching.
/// </remarks>
public static class SiteScreener
{
    /// <summary>No contact with any zone.</summary>
    public const string Clear = "clear";

    /// <summary>Touches a priority zone, or overlaps/touches a lower-tier zone.</summary>
    public const string TouchesImportant = "touches_important";

    /// <summary>Overlaps a priority zone.</summary>
    public const string IntersectsPriority = "intersects_priority";

    /// <summary>Touches no accounting unit: the site lies outside the accounted area.</summary>
    public const string OutsideAccountedArea = "outside_accounted_area";

    /// <summary>The property that identifies a site.</summary>
    public const string SiteIdField = "site_id";

    /// <summary>Reads a <c>zones mark</c> output folder and a sites file and screens every site.</summary>
    /// <exception cref="ZoningInputException">A missing or unreadable zones folder, a bad sites file, or sites and zones in different CRSs.</exception>
    /// <param name="zonesDir">The output folder of <c>zones mark</c>.</param>
    /// <param name="sitesPath">The sites file.</param>
    /// <param name="declaredSitesCrs">The sites' CRS when declared (<c>--crs</c>).</param>
    /// <param name="tolerance">Slivers; null for <see cref="SliverTolerance.Default"/>.</param>
    /// <param name="overlay">Where the overlay runs: null for NTS in memory, or PostGIS.</param>
    public static IReadOnlyList<SiteScreening> Screen(string zonesDir, string sitesPath, LayerCrs? declaredSitesCrs = null, SliverTolerance? tolerance = null,
        IPolygonOverlay? overlay = null)
    {
        ArgumentNullException.ThrowIfNull(zonesDir);
        string summaryPath = Path.Combine(zonesDir, ZoneOutputWriter.SummaryFile);
        string unitsPath = Path.Combine(zonesDir, ZoneOutputWriter.UnitsFile);
        foreach (string p in new[] { summaryPath, unitsPath })
        {
            if (!File.Exists(p))
            {
                throw new ZoningInputException(Path.GetFileName(p), null, $"not found in {zonesDir}; expected the output folder of 'zones mark'.");
            }
        }
        var (tiers, zonesCrs) = ReadSummary(summaryPath);
        var units = PolygonLayer.Load(unitsPath, ZoneMarker.UnitIdField, "unit", zonesCrs, fix: false, PolygonLayer.RemarkRemedy);
        var sites = PolygonLayer.Load(sitesPath, SiteIdField, "site", declaredSitesCrs, fix: false, PolygonLayer.RepairFileRemedy("the sites file"));
        if (sites.Crs.Kind != zonesCrs.Kind || (sites.Crs.Epsg is { } a && zonesCrs.Epsg is { } b && a != b && sites.Crs.Kind != Spatial.CoordinateKind.Geographic))
        {
            throw new ZoningInputException(Path.GetFileName(sitesPath), null,
                $"is in {sites.Crs.Describe()} but the zones are in {zonesCrs.Describe()}; mixed CRSs: put the sites in the zones' CRS.");
        }
        var zoned = new List<(string ZoneId, string Tier, decimal Density, Geometry Plane)>();
        var accounted = new List<Geometry>(units.Features.Count);
        var problems = new List<ZoningProblem>();
        foreach (var u in units.Features)
        {
            accounted.Add(u.Projected);
            string? zoneId = u.Text("zone_id"), tier = u.Text("tier");
            if (zoneId is null)
            {
                continue;
            }
            if (tier is null || !tiers.Contains(tier))
            {
                problems.Add(new ZoningProblem(ZoneOutputWriter.UnitsFile, $"unit {u.Id}", $"has tier '{tier}', which {ZoneOutputWriter.SummaryFile} does not list."));
                continue;
            }
            if (u.Attributes.GetValueOrDefault("density_cny_per_km2") is not decimal density)
            {
                problems.Add(new ZoningProblem(ZoneOutputWriter.UnitsFile, $"unit {u.Id}", "has no numeric density_cny_per_km2."));
                continue;
            }
            zoned.Add((zoneId, tier, density, u.Projected));
        }
        if (problems.Count > 0)
        {
            throw new ZoningInputException(problems);
        }
        return Screen(zoned, tiers, sites, accounted, tolerance, overlay);
    }

    /// <summary>Screens sites against zoned units (geometries in metres, equal-area).</summary>
    /// <param name="zonedUnits">Each unit in a zone: zone id, tier name, density and its polygon in the equal-area plane.</param>
    /// <param name="tierOrder">Tier names, highest threshold first.</param>
    /// <param name="sites">The validated sites.</param>
    /// <param name="accountedUnits">Every accounting unit's polygon in the equal-area plane, zoned or not (a site touching none is outside the accounted area); null: the zoned units.</param>
    /// <param name="tolerance">Slivers; null for <see cref="SliverTolerance.Default"/>.</param>
    /// <param name="overlay">Where the intersections and overlap areas are computed: null for NTS in memory, or PostGIS (the PostgreSQL store's overlay).</param>
    public static IReadOnlyList<SiteScreening> Screen(IReadOnlyList<(string ZoneId, string Tier, decimal Density, Geometry Plane)> zonedUnits,
        IReadOnlyList<string> tierOrder, PolygonLayer sites, IReadOnlyList<Geometry>? accountedUnits = null, SliverTolerance? tolerance = null,
        IPolygonOverlay? overlay = null)
    {
        ArgumentNullException.ThrowIfNull(zonedUnits);
        ArgumentNullException.ThrowIfNull(tierOrder);
        ArgumentNullException.ThrowIfNull(sites);
        var slivers = (tolerance ?? SliverTolerance.Default).Validated();
        overlay ??= NtsPolygonOverlay.Instance;
        var sitePlanes = sites.Features.Select(f => f.Projected).ToList();
        var unitPlanes = zonedUnits.Select(u => u.Plane).ToList();
        var onAccounted = overlay.Touching(sitePlanes, accountedUnits ?? unitPlanes);
        var hitsBySite = overlay.Intersections(sitePlanes, unitPlanes).ToLookup(h => h.Left);
        var zoneOrder = zonedUnits.Select(u => u.ZoneId).Distinct().Select((z, i) => (z, i)).ToDictionary(t => t.z, t => t.i, StringComparer.Ordinal);
        var result = new List<SiteScreening>(sites.Features.Count);
        for (int s = 0; s < sites.Features.Count; s++)
        {
            var site = sites.Features[s];
            if (!onAccounted.Contains(s))
            {
                result.Add(new SiteScreening(site.Id, site.AreaKm2, [], OutsideAccountedArea));
                continue;
            }
            var contacts = new Dictionary<string, (string Tier, double OverlapM2, decimal ValueAtRisk)>(StringComparer.Ordinal);
            foreach (var hit in hitsBySite[s].OrderBy(h => h.Right))
            {
                var u = zonedUnits[hit.Right];
                double overlapM2 = hit.AreaM2 < slivers.For(site.Projected.Area, u.Plane.Area) ? 0 : hit.AreaM2;
                decimal risk = (decimal)(overlapM2 / 1_000_000d) * u.Density;
                contacts.TryGetValue(u.ZoneId, out var c);
                contacts[u.ZoneId] = (u.Tier, c.OverlapM2 + overlapM2, c.ValueAtRisk + risk);
            }
            var list = contacts
                .OrderBy(kv => zoneOrder[kv.Key])
                .Select(kv => new SiteZoneContact(kv.Key, kv.Value.Tier, kv.Value.OverlapM2 / 1_000_000d, decimal.Round(kv.Value.ValueAtRisk, 2)))
                .ToList();
            string top = tierOrder[0];
            string verdict = list.Any(z => z.Tier == top && !z.TouchesOnly) ? IntersectsPriority
                : list.Count > 0 ? TouchesImportant
                : Clear;
            result.Add(new SiteScreening(site.Id, site.AreaKm2, list, verdict));
        }
        return result;
    }

    private static (IReadOnlyList<string> Tiers, LayerCrs Crs) ReadSummary(string path)
    {
        byte[] utf8 = File.ReadAllBytes(path);
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw new ZoningInputException(ZoneOutputWriter.SummaryFile, null, JsonErrorPosition.Describe(e, utf8));
        }
        try
        {
            using var doc = parsed;
            var root = doc.RootElement;
            var tiers = root.GetProperty("tiers").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList();
            var crs = root.GetProperty("crs");
            var kind = crs.GetProperty("kind").GetString() == "geographic" ? Spatial.CoordinateKind.Geographic : Spatial.CoordinateKind.ProjectedMetres;
            int? epsg = crs.TryGetProperty("epsg", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetInt32() : null;
            if (tiers.Count == 0)
            {
                throw new ZoningInputException(ZoneOutputWriter.SummaryFile, null, "lists no tiers.");
            }
            return (tiers, new LayerCrs(kind, epsg, "file"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ZoningInputException(ZoneOutputWriter.SummaryFile, null,
                $"cannot be read ({e.Message.TrimEnd('.')}); expected the zones-summary.json written by 'zones mark'.");
        }
    }

    /// <summary>Formats km² with 6 decimals (1 m²), invariant.</summary>
    public static string Km2(double km2) => km2.ToString("0.000000", CultureInfo.InvariantCulture);
}
