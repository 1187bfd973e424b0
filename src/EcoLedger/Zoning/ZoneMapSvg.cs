using System.Globalization;
using System.Net;
using System.Text;
using EcoLedger.Spatial;
using NetTopologySuite.Geometries;

namespace EcoLedger.Zoning;

/// <summary>
/// A self-contained SVG map of a zoning run: units shaded by value density, zones outlined by tier, a legend and a
/// scale bar. Geographic inputs are drawn in the equal-area plane (Albers, China), so the scale bar holds near the centre.
/// </summary>
public static class ZoneMapSvg
{
    private const double MapWidth = 900, MapMaxHeight = 900, Margin = 20, LegendWidth = 300, TitleHeight = 40;
    private static readonly string[] Ramp = ["#ffffcc", "#d9f0a3", "#addd8e", "#78c679", "#41ab5d", "#238443", "#006837", "#004529"];
    private static readonly string[] ZoneStrokes = ["#d7301f", "#7a0177", "#2c7fb8", "#fe9929", "#525252"];

    /// <summary>Writes the map.</summary>
    public static void Write(ZoningResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var extent = new Envelope();
        foreach (var u in result.Units)
        {
            extent.ExpandToInclude(u.Projected.EnvelopeInternal);
        }
        double w = Math.Max(extent.Width, 1e-9), h = Math.Max(extent.Height, 1e-9);
        double scale = Math.Min(MapWidth / w, MapMaxHeight / h);
        double mapW = w * scale, mapH = h * scale;
        double ox = Margin, oy = Margin + TitleHeight;
        string X(double x) => ((x - extent.MinX) * scale + ox).ToString("0.#", CultureInfo.InvariantCulture);
        string Y(double y) => ((extent.MaxY - y) * scale + oy).ToString("0.#", CultureInfo.InvariantCulture);

        var classes = DensityClasses(result.Options.Tiers);
        double width = Margin * 3 + mapW + LegendWidth;
        double height = Math.Max(oy + mapH + 60, oy + 60 + 22 * (classes.Count + result.Options.Tiers.Tiers.Count + 2));
        var o = output;
        o.Write($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(width)}\" height=\"{F(height)}\" viewBox=\"0 0 {F(width)} {F(height)}\" ");
        o.WriteLine("font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">");
        o.WriteLine($"<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
        string basis = result.Options.Basis == ValueBasis.Regulating ? "regulating services" : "all GEP categories";
        o.WriteLine($"<text x=\"{F(Margin)}\" y=\"{F(Margin + 16)}\" font-size=\"16\" font-weight=\"bold\">" +
            $"Ecological value density and protection zones: {result.Units.Count} units, {result.Zones.Count} zones ({Esc(basis)})</text>");

        bool thinLines = result.Units.Count <= 5000;
        o.WriteLine($"<g id=\"units\" stroke=\"{(thinLines ? "#9e9e9e" : "none")}\" stroke-width=\"0.3\" fill-rule=\"evenodd\">");
        foreach (var u in result.Units)
        {
            string fill = classes[ClassOf(classes, u.DensityCnyPerKm2)].Colour;
            o.Write($"<path fill=\"{fill}\" d=\"");
            WritePath(o, u.Projected, X, Y);
            o.WriteLine($"\"><title>{Esc(u.UnitId)}: {FormatDensity(u.DensityCnyPerKm2)} yuan/km²{(u.Tier is null ? "" : ", " + Esc(u.Tier.Name))}</title></path>");
        }
        o.WriteLine("</g>");
        o.WriteLine("<g id=\"zones\" fill=\"none\" stroke-width=\"2\" stroke-linejoin=\"round\" fill-rule=\"evenodd\">");
        foreach (var z in result.Zones)
        {
            int t = IndexOf(result.Options.Tiers, z.Tier);
            var plane = result.Crs.Kind == CoordinateKind.Geographic ? AlbersEqualArea.China.Project(z.Geometry) : z.Geometry;
            o.Write($"<path stroke=\"{ZoneStrokes[Math.Min(t, ZoneStrokes.Length - 1)]}\" d=\"");
            WritePath(o, plane, X, Y);
            o.WriteLine($"\"><title>{Esc(z.ZoneId)} ({Esc(z.Tier.Name)}): {F(z.AreaKm2)} km²</title></path>");
        }
        o.WriteLine("</g>");

        // Legend.
        double lx = ox + mapW + Margin * 2, ly = oy + 4;
        o.WriteLine($"<g id=\"legend\"><text x=\"{F(lx)}\" y=\"{F(ly + 10)}\" font-weight=\"bold\">Value density (yuan/km²)</text>");
        ly += 22;
        for (int i = classes.Count - 1; i >= 0; i--)
        {
            o.WriteLine($"<rect x=\"{F(lx)}\" y=\"{F(ly)}\" width=\"18\" height=\"14\" fill=\"{classes[i].Colour}\" stroke=\"#9e9e9e\"/>" +
                $"<text x=\"{F(lx + 26)}\" y=\"{F(ly + 11)}\">{Esc(classes[i].Label)}</text>");
            ly += 20;
        }
        ly += 8;
        o.WriteLine($"<text x=\"{F(lx)}\" y=\"{F(ly + 10)}\" font-weight=\"bold\">Zones (adjacent units dissolved)</text>");
        ly += 22;
        for (int t = 0; t < result.Options.Tiers.Tiers.Count; t++)
        {
            var tier = result.Options.Tiers.Tiers[t];
            o.WriteLine($"<rect x=\"{F(lx)}\" y=\"{F(ly)}\" width=\"18\" height=\"14\" fill=\"none\" stroke-width=\"2\" stroke=\"{ZoneStrokes[Math.Min(t, ZoneStrokes.Length - 1)]}\"/>" +
                $"<text x=\"{F(lx + 26)}\" y=\"{F(ly + 11)}\">{Esc(tier.Name)}: ≥ {FormatDensity(tier.ThresholdCnyPerKm2)}</text>");
            ly += 20;
        }
        string projection = result.Crs.Kind == CoordinateKind.Geographic
            ? "Albers equal-area, 105°E, 25°N/47°N"
            : "input projection (metres)";
        o.WriteLine($"<text x=\"{F(lx)}\" y=\"{F(ly + 16)}\" fill=\"#525252\">{Esc(projection)}</text></g>");

        // Scale bar: a round length near a fifth of the map width.
        double barMetres = MapScale.NiceLength(w / 5);
        double barPx = barMetres * scale;
        double sy = oy + mapH + 30;
        o.WriteLine($"<g id=\"scale-bar\"><rect x=\"{F(ox)}\" y=\"{F(sy)}\" width=\"{F(barPx / 2)}\" height=\"6\" fill=\"#000\"/>" +
            $"<rect x=\"{F(ox + barPx / 2)}\" y=\"{F(sy)}\" width=\"{F(barPx / 2)}\" height=\"6\" fill=\"#fff\" stroke=\"#000\"/>" +
            $"<text x=\"{F(ox)}\" y=\"{F(sy - 4)}\">0</text><text x=\"{F(ox + barPx)}\" y=\"{F(sy - 4)}\" text-anchor=\"middle\">{Esc(MapScale.LengthLabel(barMetres))}</text></g>");
        o.WriteLine("</svg>");
    }

    private sealed record DensityClass(decimal Lower, string Label, string Colour);

    /// <summary>Classes bounded by quarter and half the lowest threshold, every tier threshold and twice the top one.</summary>
    private static List<DensityClass> DensityClasses(TierSet tiers)
    {
        decimal low = tiers.Tiers[^1].ThresholdCnyPerKm2, top = tiers.Top.ThresholdCnyPerKm2;
        var bounds = new SortedSet<decimal> { 0m, low / 4, low / 2, top * 2 };
        foreach (var t in tiers.Tiers)
        {
            bounds.Add(t.ThresholdCnyPerKm2);
        }
        var list = bounds.ToList();
        var classes = new List<DensityClass>();
        for (int i = 0; i < list.Count; i++)
        {
            string label = i + 1 < list.Count
                ? $"{FormatDensity(list[i])} – {FormatDensity(list[i + 1])}"
                : $"≥ {FormatDensity(list[i])}";
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

    private static void WritePath(TextWriter o, Geometry g, Func<double, string> x, Func<double, string> y)
    {
        var sb = new StringBuilder();
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
        o.Write(sb);
    }

    private static int IndexOf(TierSet tiers, Tier tier)
    {
        for (int i = 0; i < tiers.Tiers.Count; i++)
        {
            if (tiers.Tiers[i] == tier)
            {
                return i;
            }
        }
        return tiers.Tiers.Count - 1;
    }



    internal static string FormatDensity(decimal d) => MapScale.ShortDensity(d);

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Esc(string s) => WebUtility.HtmlEncode(s);
}
