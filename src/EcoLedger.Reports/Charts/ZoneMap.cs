using System.Globalization;
using System.Text;
using EcoLedger.Reports.Gep;
using EcoLedger.Reports.Html;
using EcoLedger.Reports.Inputs;
using EcoLedger.Spatial;
using EcoLedger.Zoning;
using NetTopologySuite.Geometries;

namespace EcoLedger.Reports.Charts;

/// <summary>
/// The one zone map of EcoLedger, drawn for <c>zones mark</c> (<c>zones-map.svg</c>) and for the GEP report: units
/// shaded by value density in classes bounded by the tier thresholds, zones outlined and lightly filled by tier (solid,
/// dashed, dotted outlines, so tiers that share an edge stay distinguishable), a legend, a north arrow and a scale bar.
/// Geographic inputs are drawn in an Albers equal-area projection centred on the data (central meridian at the data's
/// middle longitude, standard parallels at one sixth and five sixths of its latitude range), so north is up at the
/// centre and the north arrow is true there; areas themselves are measured by the zoning step.
/// </summary>
public static class ZoneMap
{
    private const double MapWidth = 640, MapMaxHeight = 620, Pad = 16, LegendWidth = 250;
    private static readonly string[] Ramp = ["#ffffcc", "#d9f0a3", "#addd8e", "#78c679", "#41ab5d", "#238443", "#006837", "#004529"];
    private static readonly string[] ZoneStrokes = ["#d7301f", "#7a0177", "#2c7fb8", "#fe9929", "#525252"];
    private static readonly string[] ZoneDashes = ["", "7 4", "2 3", "10 3 2 3", "1 2"];
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Writes the map of a zoning run (as <c>zones mark</c> does) to <paramref name="output"/>.</summary>
    public static void Write(ZoningResult result, string outDir, TextWriter output, Labels labels)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Render(ZonesResultFolder.From(result, outDir), labels));
    }

    /// <summary>The projection the map draws geographic data in: Albers equal-area centred on the data, or null for projected data.</summary>
    public static AlbersEqualArea? Projection(ZonesResultFolder zones)
    {
        ArgumentNullException.ThrowIfNull(zones);
        if (!zones.Geographic)
        {
            return null;
        }
        var e = new Envelope();
        foreach (var u in zones.Units)
        {
            e.ExpandToInclude(u.Geometry.EnvelopeInternal);
        }
        if (e.IsNull)
        {
            return AlbersEqualArea.China;
        }
        double cm = Math.Round((e.MinX + e.MaxX) / 2, 2), h = e.Height;
        double p1 = e.MinY + h / 6, p2 = e.MaxY - h / 6;
        if (p2 - p1 < 0.02)
        {
            // A very small extent: standard parallels half a degree either side of its middle latitude.
            double mid = (e.MinY + e.MaxY) / 2;
            (p1, p2) = (mid - 0.5, mid + 0.5);
        }
        return new AlbersEqualArea(cm, Math.Round(p1, 2), Math.Round(p2, 2), 0d, 6_378_137d, 1d / 298.257222101d);
    }

    /// <summary>The map's projection in the report language, for the caption.</summary>
    public static string ProjectionText(ZonesResultFolder zones, Labels labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return Projection(zones) is { } p
            ? labels.Format("map.projection_albers", p.CentralMeridianDeg.ToString("0.##", C), p.StandardParallel1Deg.ToString("0.##", C), p.StandardParallel2Deg.ToString("0.##", C))
            : labels["map.projection_input"];
    }

    /// <summary>The SVG markup.</summary>
    public static string Render(ZonesResultFolder zones, Labels labels) => Render(zones, labels, null);

    /// <summary>
    /// The unit outline's stroke over a base layer: white at 70 % opacity over a dark picture (a land cover that is mostly
    /// dark-green forest or deep-blue water), dark grey over a light one, judged by the mean luma
    /// (0.2126 R′ + 0.7152 G′ + 0.0722 B′ of the gamma-encoded values, ITU-R BT.709 weights) of every 4th opaque pixel in each direction.
    /// </summary>
    private static string OutlineOver(RasterPreviewImage picture)
    {
        using var bitmap = SkiaSharp.SKBitmap.Decode(picture.Png);
        double sum = 0;
        long n = 0;
        for (int y = 0; y < bitmap.Height; y += 4)
        {
            for (int x = 0; x < bitmap.Width; x += 4)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Alpha > 0)
                {
                    sum += (0.2126 * c.Red + 0.7152 * c.Green + 0.0722 * c.Blue) / 255;
                    n++;
                }
            }
        }
        return n > 0 && sum / n < 0.5 ? "stroke=\"#ffffff\" stroke-opacity=\"0.7\"" : "stroke=\"#424242\"";
    }

    /// <summary>True when <paramref name="raster"/> can be the base layer of the map of <paramref name="zones"/>: the zones are in lon/lat
    /// (drawn in an Albers plane whose inverse takes each map pixel back to lon/lat, then into the raster's CRS).</summary>
    public static bool CanDrape(ZonesResultFolder zones) => Projection(zones) is not null;

    /// <summary>
    /// The map, with <paramref name="raster"/> (band <c>Band</c> of the GeoTIFF at <c>Path</c>, named <c>Field</c>) drawn as its base layer
    /// under the unit and zone outlines (a categorical band's legend naming its classes by <c>ClassName</c>, a land cover drawn in its classes'
    /// <c>ClassColour</c>s), resampled into the map's own extent and projection (<see cref="RasterPreview.RenderInPlane"/>);
    /// the units are then outlined, not filled, and the legend shows the raster's. Without a raster, or for zones in projected metres
    /// (<see cref="CanDrape"/> false), the units are filled by value density.
    /// </summary>
    public static string Render(ZonesResultFolder zones, Labels labels,
        (string Path, int Band, string Field, Func<long, string?>? ClassName, Func<long, EcoLedger.Rasters.RgbColour?>? ClassColour)? raster)
    {
        ArgumentNullException.ThrowIfNull(zones);
        ArgumentNullException.ThrowIfNull(labels);
        var projection = Projection(zones);
        // Normalized (canonical ring start and orientation), so a run drawn in memory and read back from GeoJSON
        // (which stores exterior rings counter-clockwise) give the same picture.
        Geometry Plane(Geometry g) => projection is null ? g.Normalized() : projection.Project(g.Normalized());
        var units = zones.Units.Select(u => (Unit: u, Plane: Plane(u.Geometry))).ToList();
        var extent = new Envelope();
        foreach (var u in units)
        {
            extent.ExpandToInclude(u.Plane.EnvelopeInternal);
        }
        if (extent.IsNull)
        {
            extent = new Envelope(0, 1, 0, 1);
        }
        double w = Math.Max(extent.Width, 1e-9), h = Math.Max(extent.Height, 1e-9);
        double scale = Math.Min(MapWidth / w, MapMaxHeight / h);
        double mapW = w * scale, mapH = h * scale;
        double ox = Pad, oy = Pad;
        string X(double x) => ((x - extent.MinX) * scale + ox).ToString("0.#", C);
        string Y(double y) => ((extent.MaxY - y) * scale + oy).ToString("0.#", C);

        RasterPreviewImage? draped = null;
        if (raster is { } r && projection is not null)
        {
            // Two picture pixels per map unit of length at most, so the base layer stays a preview (a few hundred kB) yet sharp in print.
            int pw = (int)Math.Ceiling(mapW * 2), ph = (int)Math.Ceiling(mapH * 2);
            draped = RasterPreview.RenderInPlane(r.Path, r.Band, extent, pw, ph, (x, y) => projection.Inverse(x, y), r.ClassName, r.ClassColour);
        }
        var classes = Classes(zones.Tiers, labels);
        double width = Pad * 3 + mapW + LegendWidth;
        // A land cover may list more classes than there are density classes: the picture grows to hold its legend.
        double legendHeight = 40 + 20 * Math.Max(classes.Count, draped?.Legend.Count ?? 0) + 40 + 20 * zones.Tiers.Count + 130;
        double height = Math.Max(oy + mapH + 56, legendHeight);
        var o = new StringBuilder();
        o.Append(C, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{F(width)}\" height=\"{F(height)}\" viewBox=\"0 0 {F(width)} {F(height)}\" ");
        // The report's own font first: inside report.html it is the page's @font-face, so the legend's Chinese (class and density names)
        // is drawn on a machine with no CJK font, as the rest of the page is; a zones-map.svg opened alone falls back to the system's.
        o.AppendLine(C, $"font-family=\"'{ReportFont.Name}','Noto Sans CJK SC','Noto Sans SC','PingFang SC','Microsoft YaHei','DejaVu Sans',Arial,sans-serif\" font-size=\"12\">");
        o.AppendLine($"<title>{ReportPage.Esc(labels["gep.map"])}</title>");
        o.AppendLine("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        if (draped is not null)
        {
            o.AppendLine(C, $"<image id=\"map-raster\" x=\"{F(ox)}\" y=\"{F(oy)}\" width=\"{F(mapW)}\" height=\"{F(mapH)}\" preserveAspectRatio=\"none\" " +
                $"href=\"data:image/png;base64,{Convert.ToBase64String(draped.Png)}\"><title>{ReportPage.Esc(raster!.Value.Field)}</title></image>");
        }
        string unitStroke = draped is not null ? OutlineOver(draped) : units.Count <= 5000 ? "stroke=\"#9e9e9e\"" : "stroke=\"none\"";
        o.AppendLine($"<g id=\"map-units\" {unitStroke} stroke-width=\"{(draped is not null ? "0.5" : "0.3")}\" fill-rule=\"evenodd\">");
        foreach (var (u, plane) in units)
        {
            o.Append($"<path fill=\"{(draped is not null ? "none" : classes[ClassOf(classes, u.DensityCnyPerKm2)].Colour)}\" d=\"");
            AppendPath(o, plane, X, Y);
            o.AppendLine($"\"><title>{ReportPage.Esc(u.UnitId)}: {ReportPage.Esc(labels.Density(u.DensityCnyPerKm2))}{(u.Tier is null ? "" : " · " + ReportPage.Esc(labels.Tier(u.Tier)))}</title></path>");
        }
        o.AppendLine("</g>");
        // Lower tiers first, so the highest tier's outline is on top where tiers share an edge.
        o.AppendLine("<g id=\"map-zones\" stroke-width=\"2.2\" stroke-linejoin=\"round\" fill-rule=\"evenodd\">");
        foreach (var z in zones.Zones.OrderByDescending(z => TierIndex(zones.Tiers, z.Tier)))
        {
            int t = TierIndex(zones.Tiers, z.Tier);
            o.Append($"<path stroke=\"{Stroke(t)}\" fill=\"{Stroke(t)}\" fill-opacity=\"0.12\"{Dash(t)} d=\"");
            AppendPath(o, Plane(z.Geometry), X, Y);
            o.AppendLine($"\"><title>{ReportPage.Esc(z.ZoneId)} ({ReportPage.Esc(labels.Tier(z.Tier))}): {ReportPage.Esc(Labels.Km2(z.AreaKm2))}, {ReportPage.Esc(labels.Money(z.ValueCny))}</title></path>");
        }
        o.AppendLine("</g>");

        // Legend.
        double lx = ox + mapW + Pad * 2, ly = oy + 4;
        if (draped is not null)
        {
            // The raster's legend in place of the density classes: classes for a categorical band, values along the ramp otherwise.
            o.AppendLine($"<g id=\"map-legend\"><text x=\"{F(lx)}\" y=\"{F(ly + 10)}\" font-weight=\"bold\">{ReportPage.Esc(raster!.Value.Field)}</text>");
            ly += 22;
            foreach (var (colour, label) in draped.Legend.Reverse())
            {
                o.AppendLine($"<rect x=\"{F(lx)}\" y=\"{F(ly)}\" width=\"18\" height=\"14\" fill=\"{colour}\" stroke=\"#9e9e9e\"/><text x=\"{F(lx + 26)}\" y=\"{F(ly + 11)}\">{ReportPage.Esc(label)}</text>");
                ly += 20;
            }
        }
        else
        {
            o.AppendLine($"<g id=\"map-legend\"><text x=\"{F(lx)}\" y=\"{F(ly + 10)}\" font-weight=\"bold\">{ReportPage.Esc(labels["gep.map_legend_density"])}</text>");
            ly += 22;
            for (int i = classes.Count - 1; i >= 0; i--)
            {
                o.AppendLine($"<rect x=\"{F(lx)}\" y=\"{F(ly)}\" width=\"18\" height=\"14\" fill=\"{classes[i].Colour}\" stroke=\"#9e9e9e\"/><text x=\"{F(lx + 26)}\" y=\"{F(ly + 11)}\">{ReportPage.Esc(classes[i].Label)}</text>");
                ly += 20;
            }
        }
        ly += 10;
        o.AppendLine($"<text x=\"{F(lx)}\" y=\"{F(ly + 10)}\" font-weight=\"bold\">{ReportPage.Esc(labels["gep.map_legend_zones"])}</text>");
        ly += 22;
        for (int t = 0; t < zones.Tiers.Count; t++)
        {
            var tier = zones.Tiers[t];
            o.AppendLine($"<rect x=\"{F(lx)}\" y=\"{F(ly)}\" width=\"18\" height=\"14\" stroke-width=\"2.2\" stroke=\"{Stroke(t)}\" fill=\"{Stroke(t)}\" fill-opacity=\"0.12\"{Dash(t)}/><text x=\"{F(lx + 26)}\" y=\"{F(ly + 11)}\">{ReportPage.Esc(labels.Tier(tier.Name))} ≥ {ReportPage.Esc(ShortDensity(tier.ThresholdCnyPerKm2, labels))}</text>");
            ly += 20;
        }
        o.AppendLine("</g>");

        // North arrow under the legend.
        double nx = lx + 20, ny = ly + 24;
        o.AppendLine($"<g id=\"map-north\" transform=\"translate({F(nx)},{F(ny)})\"><polygon points=\"0,0 9,30 0,23 -9,30\" fill=\"#1f2a30\"/><polygon points=\"0,0 0,23 -9,30\" fill=\"#ffffff\" stroke=\"#1f2a30\" stroke-width=\"1\"/><text x=\"0\" y=\"46\" text-anchor=\"middle\" font-weight=\"bold\" font-size=\"14\">N</text></g>");

        // Scale bar under the map: a round length near a fifth of the map width, in metres of the equal-area plane.
        double barMetres = MapScale.NiceLength(w / 5);
        double barPx = barMetres * scale;
        double sy = oy + mapH + 30;
        o.AppendLine($"<g id=\"map-scale\"><rect x=\"{F(ox)}\" y=\"{F(sy)}\" width=\"{F(barPx / 2)}\" height=\"6\" fill=\"#000\"/>" +
            $"<rect x=\"{F(ox + barPx / 2)}\" y=\"{F(sy)}\" width=\"{F(barPx / 2)}\" height=\"6\" fill=\"#fff\" stroke=\"#000\"/>" +
            $"<text x=\"{F(ox)}\" y=\"{F(sy - 4)}\">0</text><text x=\"{F(ox + barPx)}\" y=\"{F(sy - 4)}\" text-anchor=\"middle\">{MapScale.LengthLabel(barMetres)}</text></g>");
        o.AppendLine("</svg>");
        return o.ToString();
    }

    private sealed record DensityClass(decimal Lower, string Label, string Colour);

    /// <summary>Classes bounded by a quarter and half the lowest threshold, every threshold and twice the top one.</summary>
    private static List<DensityClass> Classes(IReadOnlyList<TierThreshold> tiers, Labels labels)
    {
        var bounds = new SortedSet<decimal> { 0m };
        if (tiers.Count > 0)
        {
            decimal low = tiers.Min(t => t.ThresholdCnyPerKm2), top = tiers.Max(t => t.ThresholdCnyPerKm2);
            bounds.Add(low / 4);
            bounds.Add(low / 2);
            bounds.Add(top * 2);
            foreach (var t in tiers)
            {
                bounds.Add(t.ThresholdCnyPerKm2);
            }
        }
        var list = bounds.ToList();
        var classes = new List<DensityClass>();
        for (int i = 0; i < list.Count; i++)
        {
            string label = i + 1 < list.Count
                ? $"{ShortDensity(list[i], labels)} – {ShortDensity(list[i + 1], labels)}"
                : $"≥ {ShortDensity(list[i], labels)}";
            int colour = list.Count == 1 ? 0 : (int)Math.Round(i * (Ramp.Length - 1) / (double)(list.Count - 1));
            classes.Add(new DensityClass(list[i], label, Ramp[colour]));
        }
        return classes;
    }

    private static int ClassOf(List<DensityClass> classes, decimal density)
    {
        int c = 0;
        for (int i = 0; i < classes.Count; i++)
        {
            if (density >= classes[i].Lower)
            {
                c = i;
            }
        }
        return c;
    }

    private static int TierIndex(IReadOnlyList<TierThreshold> tiers, string tier)
    {
        int i = 0;
        for (; i < tiers.Count && tiers[i].Name != tier; i++)
        {
        }
        return i;
    }

    private static string Stroke(int tier) => ZoneStrokes[Math.Min(tier, ZoneStrokes.Length - 1)];

    private static string Dash(int tier) => ZoneDashes[Math.Min(tier, ZoneDashes.Length - 1)] is { Length: > 0 } d ? $" stroke-dasharray=\"{d}\"" : "";

    private static void AppendPath(StringBuilder sb, Geometry g, Func<double, string> x, Func<double, string> y)
    {
        for (int p = 0; p < g.NumGeometries; p++)
        {
            if (g.GetGeometryN(p) is not Polygon polygon)
            {
                continue;
            }
            foreach (var ring in new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings))
            {
                var seq = ring.CoordinateSequence;
                for (int i = 0; i < seq.Count - 1; i++)
                {
                    sb.Append(i == 0 ? 'M' : 'L').Append(x(seq.GetX(i))).Append(' ').Append(y(seq.GetY(i)));
                }
                sb.Append('Z');
            }
        }
    }



    /// <summary>A legend density in the unit of the legend's title: 万元/km² in Chinese (500), million yuan/km² in English (5).</summary>
    internal static string ShortDensity(decimal cnyPerKm2, Labels labels) => labels.IsZh
        ? (cnyPerKm2 / 10_000m).ToString("#,0.##", C)
        : (cnyPerKm2 / 1_000_000m).ToString("#,0.##", C);

    private static string F(double v) => v.ToString("0.#", C);
}
