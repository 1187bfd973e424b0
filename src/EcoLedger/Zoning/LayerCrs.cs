using System.Globalization;
using EcoLedger.Spatial;
using NetTopologySuite.Geometries;

namespace EcoLedger.Zoning;

/// <summary>How a layer's coordinates are read, and where that came from.</summary>
/// <param name="Kind">Geographic lon/lat degrees (projected to <see cref="AlbersEqualArea.China"/> before measuring) or projected metres.</param>
/// <param name="Epsg">The EPSG code when known; a code other than those of <see cref="SupportedCrs"/> is refused.</param>
/// <param name="Source"><c>declared</c> (the --crs option), <c>file</c> (the file says so) or <c>detected</c> (from the coordinates).</param>
/// <param name="ReprojectedFrom">The Gauss–Krüger code the layer was read in, when it was reprojected to CGCS2000 lon/lat (EPSG:4490).</param>
/// <param name="Defined">A projected CRS of no EPSG code, defined by the WKT of the file (a <c>.prj</c>, a GeoPackage definition) and read
/// with <see cref="SupportedCrs.FromWkt"/>, as <c>gep compute --rasters</c> reads one; reprojected to CGCS2000 lon/lat like a Gauss–Krüger
/// layer.</param>
public sealed record LayerCrs(CoordinateKind Kind, int? Epsg, string Source, int? ReprojectedFrom = null, SupportedCrs? Defined = null)
{
    /// <summary>A short description, e.g. <c>EPSG:4490 (geographic, file)</c>, or for a reprojected layer
    /// <c>EPSG:4527 (CGCS2000 3° Gauss–Krüger zone 39 (CM 117°E), declared), reprojected to EPSG:4490</c>.</summary>
    public string Describe() => ReprojectedFrom is { } from
        ? $"EPSG:{from} ({SupportedCrs.Find(from)?.Describe() ?? "projected"}, {Source}), reprojected to EPSG:{Epsg}"
        : Defined is { } d
            ? (Kind == CoordinateKind.Geographic ? $"{d.Code} (projected, {Source}), reprojected to EPSG:{Epsg}" : $"{d.Code} (projected, {Source})")
            : $"{(Epsg is { } code ? $"EPSG:{code} " : "")}({KindName}, {Source})";

    /// <summary><c>geographic</c> or <c>projected</c>.</summary>
    public string KindName => Kind == CoordinateKind.Geographic ? "geographic" : "projected";

    /// <summary>The supported Gauss–Krüger system the coordinates are in, or null (lon/lat, or projected metres of no stated code).</summary>
    internal SupportedCrs? GaussKruger => Epsg is { } code && SupportedCrs.Find(code) is { IsGeographic: false } gk ? gk : null;

    /// <summary>The projected system to reproject from to CGCS2000 lon/lat: a supported Gauss–Krüger code or a CRS defined by WKT.</summary>
    internal SupportedCrs? Reprojection => GaussKruger ?? (Kind == CoordinateKind.ProjectedMetres ? Defined : null);

    /// <summary>
    /// Parses a --crs option: <c>auto</c> (or null: detect), <c>geographic</c>, <c>projected</c> (metres of an
    /// equal-area projection, measured as they are), or <c>EPSG:code</c> for a code of <see cref="SupportedCrs"/>.
    /// </summary>
    /// <returns>The declared CRS, or null for auto-detection.</returns>
    /// <exception cref="ZoningInputException">The text is none of these, or the code is not supported.</exception>
    public static LayerCrs? ParseOption(string? text) => ParseOption(text, lonLatOnly: false);

    /// <summary>As <see cref="ParseOption(string?)"/>; with <paramref name="lonLatOnly"/> (a reader that takes every layer to lon/lat) the
    /// messages leave out <c>projected</c>, which such a reader cannot use.</summary>
    public static LayerCrs? ParseOption(string? text, bool lonLatOnly)
    {
        string t = (text ?? "auto").Trim();
        if (t.Length == 0 || t.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        if (t.Equals("geographic", StringComparison.OrdinalIgnoreCase))
        {
            return new LayerCrs(CoordinateKind.Geographic, null, "declared");
        }
        if (t.Equals("projected", StringComparison.OrdinalIgnoreCase))
        {
            return new LayerCrs(CoordinateKind.ProjectedMetres, null, "declared");
        }
        string digits = t.StartsWith("EPSG:", StringComparison.OrdinalIgnoreCase) ? t[5..] : t;
        if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int epsg) && epsg > 0)
        {
            return SupportedCrs.Find(epsg) is null
                ? throw new ZoningInputException("--crs", null,
                    $"EPSG:{epsg} is not a coordinate reference system EcoLedger can reproject; expected {SupportedCrs.SupportedText}" +
                    (lonLatOnly ? "." : ", or projected for metres of an equal-area projection."))
                : new LayerCrs(EqualAreaMeasure.FromEpsg(epsg), epsg, "declared");
        }
        throw new ZoningInputException("--crs", null,
            $"'{text}' is not a coordinate reference system; expected auto, geographic, {(lonLatOnly ? "" : "projected ")}or EPSG:<code> (e.g. EPSG:4490).");
    }

    /// <summary>
    /// Decides a layer's CRS: the declared one, else the one the file states, else detected from the coordinates.
    /// Reports a declared CRS that contradicts the file, a code EcoLedger does not support, coordinates impossible for
    /// the CRS (projected metres on lon/lat data, lon/lat out of range, Gauss–Krüger coordinates outside the zone), and
    /// layers whose features look partly geographic and partly projected (mixed CRSs).
    /// </summary>
    internal static LayerCrs Resolve(string file, LayerCrs? declared, LayerCrs? fromFile,
        IReadOnlyList<(string Subject, Envelope Envelope)> features, List<ZoningProblem> problems, bool lonLatOnly = false)
    {
        if (declared is not null && fromFile is not null && (declared.Kind != fromFile.Kind ||
            (declared.Epsg is { } d && fromFile.Epsg is { } f && d != f && declared.GaussKruger is not null)))
        {
            problems.Add(new ZoningProblem(file, null,
                $"the file states {fromFile.Describe()} but --crs declares {declared.Describe()}; remove --crs or fix the file."));
        }
        var chosen = declared ?? fromFile;
        if (chosen?.Epsg is { } stated && SupportedCrs.Find(stated) is null)
        {
            problems.Add(new ZoningProblem(file, null,
                $"is in EPSG:{stated}, which EcoLedger cannot reproject; expected {SupportedCrs.SupportedText}: reproject the file" +
                (lonLatOnly ? " (e.g. ogr2ogr -t_srs EPSG:4490)." : ", or declare --crs projected if it is an equal-area projection in metres.")));
            return chosen;
        }
        string? firstGeographic = null, firstProjected = null;
        int geographicCount = 0;
        foreach (var (subject, envelope) in features)
        {
            if (envelope.IsNull)
            {
                continue;
            }
            if (EqualAreaMeasure.Detect(envelope) == CoordinateKind.Geographic)
            {
                firstGeographic ??= subject;
                geographicCount++;
            }
            else
            {
                firstProjected ??= subject;
            }
        }
        if (chosen is null)
        {
            if (firstGeographic is not null && firstProjected is not null)
            {
                problems.Add(new ZoningProblem(file, null,
                    $"mixed coordinate reference systems: {firstGeographic} has lon/lat degrees but {firstProjected} has projected coordinates; " +
                    "put all features in one CRS."));
            }
            return firstProjected is null
                ? new LayerCrs(CoordinateKind.Geographic, null, "detected")
                : new LayerCrs(CoordinateKind.ProjectedMetres, null, "detected");
        }
        if (chosen.Kind == CoordinateKind.Geographic && firstProjected is not null)
        {
            problems.Add(new ZoningProblem(file, firstProjected,
                $"has coordinates outside ±180° longitude / ±90° latitude, but the layer is {chosen.Describe()}; mixed or wrongly declared CRS."));
        }
        else if (chosen.GaussKruger is { } gk)
        {
            CheckGaussKruger(file, chosen, gk, features, problems);
        }
        else if (chosen.Kind == CoordinateKind.ProjectedMetres && firstGeographic is not null)
        {
            string which = firstProjected is null ? "every feature" : $"{geographicCount} features";
            problems.Add(new ZoningProblem(file, firstGeographic,
                $"has coordinates within ±180 / ±90, impossible for {chosen.Describe()}: read as metres, {which} would lie within 180 m " +
                "of the origin; these are lon/lat degrees: declare --crs EPSG:4490 (or auto)."));
        }
        return chosen;
    }

    /// <summary>Reports the first feature whose envelope corners cannot be in the Gauss–Krüger zone, and how many more.</summary>
    private static void CheckGaussKruger(string file, LayerCrs crs, SupportedCrs gk,
        IReadOnlyList<(string Subject, Envelope Envelope)> features, List<ZoningProblem> problems)
    {
        string? first = null, why = null;
        int count = 0;
        foreach (var (subject, e) in features)
        {
            if (e.IsNull)
            {
                continue;
            }
            string? reason = gk.WhyImpossible(e.MinX, e.MinY) ?? gk.WhyImpossible(e.MaxX, e.MaxY)
                ?? gk.WhyImpossible(e.MinX, e.MaxY) ?? gk.WhyImpossible(e.MaxX, e.MinY);
            if (reason is null)
            {
                continue;
            }
            count++;
            first ??= subject;
            why ??= reason;
        }
        if (first is not null)
        {
            string more = count > 1 ? $" ({count - 1} more features likewise)" : "";
            string hint = features.All(f => f.Envelope.IsNull || EqualAreaMeasure.Detect(f.Envelope) == CoordinateKind.Geographic)
                ? "these look like lon/lat degrees: declare --crs EPSG:4490"
                : "check the zone or declare the CRS the data are in";
            problems.Add(new ZoningProblem(file, first,
                $"has coordinates impossible in EPSG:{gk.Epsg} ({gk.Describe()}, {crs.Source}): {why}{more}; {hint}."));
        }
    }
}
