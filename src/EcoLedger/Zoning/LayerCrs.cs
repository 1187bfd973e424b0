using System.Globalization;
using EcoLedger.Spatial;
using NetTopologySuite.Geometries;

namespace EcoLedger.Zoning;

/// <summary>How a layer's coordinates are read, and where that came from.</summary>
/// <param name="Kind">Geographic lon/lat degrees (projected to <see cref="AlbersEqualArea.China"/> before measuring) or projected metres.</param>
/// <param name="Epsg">The EPSG code when known.</param>
/// <param name="Source"><c>declared</c> (the --crs option), <c>file</c> (the file says so) or <c>detected</c> (from the coordinates).</param>
public sealed record LayerCrs(CoordinateKind Kind, int? Epsg, string Source)
{
    /// <summary>A short description, e.g. <c>EPSG:4490 (geographic, file)</c>.</summary>
    public string Describe() =>
        $"{(Epsg is { } code ? $"EPSG:{code} " : "")}({KindName}, {Source})";

    /// <summary><c>geographic</c> or <c>projected</c>.</summary>
    public string KindName => Kind == CoordinateKind.Geographic ? "geographic" : "projected";

    /// <summary>
    /// Parses a --crs option: <c>auto</c> (or null: detect), <c>geographic</c>, <c>projected</c>, or <c>EPSG:code</c>
    /// (4326, 4490 and 4214 are geographic; any other code is read as projected metres).
    /// </summary>
    /// <returns>The declared CRS, or null for auto-detection.</returns>
    /// <exception cref="ZoningInputException">The text is none of these.</exception>
    public static LayerCrs? ParseOption(string? text)
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
            return new LayerCrs(EqualAreaMeasure.FromEpsg(epsg), epsg, "declared");
        }
        throw new ZoningInputException("--crs", null,
            $"'{text}' is not a coordinate reference system; expected auto, geographic, projected or EPSG:<code> (e.g. EPSG:4490).");
    }

    /// <summary>
    /// Decides a layer's CRS: the declared one, else the one the file states, else detected from the coordinates.
    /// Reports a declared CRS that contradicts the file, geographic coordinates out of range, and layers whose features
    /// look partly geographic and partly projected (mixed CRSs).
    /// </summary>
    internal static LayerCrs Resolve(string file, LayerCrs? declared, LayerCrs? fromFile,
        IReadOnlyList<(string Subject, Envelope Envelope)> features, List<ZoningProblem> problems)
    {
        if (declared is not null && fromFile is not null && declared.Kind != fromFile.Kind)
        {
            problems.Add(new ZoningProblem(file, null,
                $"the file states {fromFile.Describe()} but --crs declares {declared.Describe()}; remove --crs or fix the file."));
        }
        var chosen = declared ?? fromFile;
        string? firstGeographic = null, firstProjected = null;
        foreach (var (subject, envelope) in features)
        {
            if (envelope.IsNull)
            {
                continue;
            }
            if (EqualAreaMeasure.Detect(envelope) == CoordinateKind.Geographic)
            {
                firstGeographic ??= subject;
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
        return chosen;
    }
}
