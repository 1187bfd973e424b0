using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using EcoLedger.IO;
using EcoLedger.Spatial;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;

namespace EcoLedger.Zoning;

/// <summary>One feature as read from a file, before any validation.</summary>
/// <param name="Number">1-based position in the file.</param>
/// <param name="Id">The identifier property (e.g. <c>unit_id</c>), as text; null when missing.</param>
/// <param name="Attributes">All properties: text, <see cref="decimal"/>/<see cref="double"/> numbers, booleans or null.</param>
/// <param name="Geometry">The geometry, or null when the feature has none or it could not be read.</param>
/// <param name="GeometryError">Why the geometry could not be read, if it could not.</param>
/// <param name="RingsWereUnclosed">True when a ring was not closed in the file and was read by repeating its first point.</param>
public sealed record RawFeature(int Number, string? Id, IReadOnlyDictionary<string, object?> Attributes, Geometry? Geometry,
    string? GeometryError, bool RingsWereUnclosed)
{
    /// <summary>How messages name this feature: <c>unit U7</c>, or <c>feature 3</c> when it has no id.</summary>
    public string Subject(string kind) => string.IsNullOrEmpty(Id) ? $"feature {Number}" : $"{kind} {IO.InputText.Show(Id)}";
}

/// <summary>A layer as read from a file: its features and the CRS the file states, if any.</summary>
public sealed record RawLayer(string Path, IReadOnlyList<RawFeature> Features, LayerCrs? FileCrs);

/// <summary>
/// Reads polygon layers from GeoJSON (<c>.geojson</c>, <c>.json</c>), GeoPackage (<c>.gpkg</c>, the single feature table)
/// and Esri Shapefile (<c>.shp</c> with its <c>.dbf</c> and optional <c>.prj</c>).
/// </summary>
public static class FeatureLayerReader
{
    private static readonly JsonSerializerOptions GeoJsonOptions = new() { Converters = { new GeoJsonConverterFactory() } };

    /// <summary>Reads every feature; the identifier is taken from the property <paramref name="idField"/>.</summary>
    /// <exception cref="ZoningInputException">The file is missing, of an unknown kind or unreadable as a whole.</exception>
    public static RawLayer Read(string path, string idField)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ZoningInputException(path, null, "file not found.");
        }
        string ext = Path.GetExtension(path).ToLowerInvariant();
        try
        {
            return ext switch
            {
                ".geojson" or ".json" => ReadGeoJson(path, idField),
                ".gpkg" => FeatureLayerFormats.For(ext, path).Read(path, idField),
                ".shp" => ReadShapefile(path, idField),
                _ => throw new ZoningInputException(path, null,
                    $"unknown file kind '{ext}'; expected .geojson, .json, .gpkg or .shp."),
            };
        }
        catch (Exception e) when (e is JsonException or System.Data.Common.DbException or IOException or InvalidDataException or NotSupportedException
            or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new ZoningInputException(path, null, $"cannot be read: {e.Message}");
        }
    }

    private static RawLayer ReadGeoJson(string path, string idField)
    {
        if (GeoJsonTopLevel.Problem(path) is { } notCollection)
        {
            throw new ZoningInputException(path, null, notCollection);
        }
        JsonDocument parsed;
        try
        {
            using var stream = File.OpenRead(path);
            parsed = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new ZoningInputException(path, null, JsonErrorPosition.DescribeInFile(e, path));
        }
        using var doc = parsed;
        var root = doc.RootElement;
        if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
        {
            // A "features" member given twice: the check above saw the first, the document keeps the last.
            throw new ZoningInputException(path, null, "found a FeatureCollection without a \"features\" array; " + GeoJsonTopLevel.Expected);
        }
        LayerCrs? fileCrs = null;
        if (root.TryGetProperty("crs", out var crs) && crs.ValueKind == JsonValueKind.Object &&
            crs.TryGetProperty("properties", out var crsProps) && crsProps.ValueKind == JsonValueKind.Object &&
            crsProps.TryGetProperty("name", out var crsName) && crsName.ValueKind == JsonValueKind.String)
        {
            fileCrs = CrsFromName(crsName.GetString()!);
        }
        var list = new List<RawFeature>(features.GetArrayLength());
        int number = 0;
        foreach (var f in features.EnumerateArray())
        {
            number++;
            var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (f.ValueKind == JsonValueKind.Object && f.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in props.EnumerateObject())
                {
                    attributes[p.Name] = p.Value.ValueKind switch
                    {
                        JsonValueKind.String => p.Value.GetString(),
                        JsonValueKind.Number => p.Value.TryGetDecimal(out decimal d) ? d : p.Value.GetDouble(),
                        JsonValueKind.True => true,
                        JsonValueKind.False => false,
                        JsonValueKind.Null => null,
                        _ => p.Value.GetRawText(),
                    };
                }
            }
            string? id = IdText(attributes.GetValueOrDefault(idField));
            if (id is null && f.ValueKind == JsonValueKind.Object && f.TryGetProperty("id", out var fid) &&
                fid.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                id = fid.ValueKind == JsonValueKind.String ? fid.GetString() : fid.GetRawText();
            }
            Geometry? geometry = null;
            string? error = null;
            bool unclosed = false;
            if (f.ValueKind == JsonValueKind.Object && f.TryGetProperty("geometry", out var g) && g.ValueKind == JsonValueKind.Object)
            {
                try
                {
                    geometry = g.Deserialize<Geometry>(GeoJsonOptions);
                }
                catch (Exception e) when (e is ArgumentException or JsonException or InvalidOperationException or FormatException)
                {
                    geometry = LenientPolygonReader.TryRead(g);
                    unclosed = geometry is not null;
                    error = geometry is null ? e.Message : null;
                }
            }
            list.Add(new RawFeature(number, id, attributes, geometry, error, unclosed));
        }
        return new RawLayer(path, list, fileCrs);
    }

    private static RawLayer ReadShapefile(string path, string idField)
    {
        var text = ShapefileText.Of(path);
        Feature[] features;
        try
        {
            features = Shapefile.ReadAllFeatures(path, new ShapefileReaderOptions { Encoding = text.Encoding });
        }
        catch (DecoderFallbackException)
        {
            throw new ZoningInputException(Path.GetFileName(Path.ChangeExtension(path, ".dbf")), null, text.NotDecodable());
        }
        LayerCrs? fileCrs = null;
        if (ShapefileText.Sidecar(path, ".prj") is { } prj)
        {
            string wkt = File.ReadAllText(prj, Encoding.UTF8);
            // A .prj that is cut short or garbled would otherwise pass as "GEOGCS..." and decide how areas are measured.
            if (wkt.Count(c => c == '[') != wkt.Count(c => c == ']') || wkt.Count(c => c == '"') % 2 != 0)
            {
                throw new ZoningInputException(Path.GetFileName(prj), null, "is not a well-formed WKT coordinate system (unbalanced brackets or quotes); expected the .prj a GIS writes, or no .prj.");
            }
            try
            {
                fileCrs = CrsFromWkt(wkt);
            }
            catch (FormatException e)
            {
                throw new ZoningInputException(Path.GetFileName(prj), null, $"cannot be used: {e.Message}.");
            }
        }
        var list = new List<RawFeature>(features.Length);
        for (int i = 0; i < features.Length; i++)
        {
            var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
            var table = features[i].Attributes;
            if (table is not null)
            {
                foreach (string name in table.GetNames())
                {
                    attributes[name] = table[name];
                }
            }
            var g = features[i].Geometry;
            list.Add(new RawFeature(i + 1, IdText(attributes.GetValueOrDefault(idField)), attributes, g is { IsEmpty: false } ? g : null, null, false));
        }
        return new RawLayer(path, list, fileCrs);
    }

    /// <summary>A feature identifier as text (numbers in invariant form; blank is none).</summary>
    public static string? IdText(object? value) => value switch
    {
        null => null,
        string s => s.Length == 0 ? null : s.Trim(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Reads a GeoJSON 2008 <c>crs</c> name: <c>EPSG:4490</c>, <c>urn:ogc:def:crs:EPSG::4490</c>, <c>urn:ogc:def:crs:OGC:1.3:CRS84</c>.</summary>
    internal static LayerCrs? CrsFromName(string name)
    {
        if (name.EndsWith("CRS84", StringComparison.OrdinalIgnoreCase))
        {
            return new LayerCrs(CoordinateKind.Geographic, 4326, "file");
        }
        var m = Regex.Match(name, @"EPSG:+(\d+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int code)
            ? new LayerCrs(EqualAreaMeasure.FromEpsg(code), code, "file")
            : null;
    }

    /// <summary>
    /// Reads an OGC WKT CRS (a .prj file): GEOGCS/GEOGCRS is geographic, PROJCS/PROJCRS projected; the EPSG code when stated (or, for
    /// Esri's CGCS2000 Gauss–Krüger, matched). A CRS with no such code is read with <see cref="SupportedCrs.FromWkt"/>, as the rasters'
    /// <c>crs</c> is: a projected one is reprojected to CGCS2000 lon/lat; one on another ellipsoid, WKT 2 or WKT ProjNET cannot parse
    /// is refused with its sentence.
    /// </summary>
    /// <exception cref="FormatException">A CRS of no EPSG code that <see cref="SupportedCrs.FromWkt"/> refuses; the message says why.</exception>
    public static LayerCrs? CrsFromWkt(string wkt)
    {
        string t = wkt.TrimStart();
        CoordinateKind? kind = t.StartsWith("PROJCS", StringComparison.OrdinalIgnoreCase) || t.StartsWith("PROJCRS", StringComparison.OrdinalIgnoreCase)
            ? CoordinateKind.ProjectedMetres
            : t.StartsWith("GEOGCS", StringComparison.OrdinalIgnoreCase) || t.StartsWith("GEOGCRS", StringComparison.OrdinalIgnoreCase)
                ? CoordinateKind.Geographic
                : null;
        if (kind is null)
        {
            return null;
        }
        // The layer's own code is the last AUTHORITY / ID, which closes the outermost bracket.
        var m = Regex.Match(t, @"(?:AUTHORITY|ID)\[\s*""EPSG""\s*,\s*""?(\d+)""?\s*\]\s*\]\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        int? code = m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        if (code is null && kind == CoordinateKind.ProjectedMetres)
        {
            code = GaussKrugerCode(t);
        }
        if (code is null)
        {
            var defined = SupportedCrs.FromWkt(t);
            return new LayerCrs(kind.Value, null, "file", null, defined.IsGeographic ? null : defined);
        }
        return new LayerCrs(kind.Value, code, "file");
    }

    /// <summary>
    /// The EPSG code of a CGCS2000 Gauss–Krüger WKT that names none (Esri's .prj, e.g. <c>CGCS2000_3_Degree_GK_CM_117E</c>):
    /// a Gauss_Kruger or Transverse_Mercator projection on the China 2000 datum, scale 1, matched by central meridian and
    /// false easting; 3° unless the name says 6° or only a 6° zone fits. Null when it is not one.
    /// </summary>
    internal static int? GaussKrugerCode(string wkt)
    {
        const RegexOptions O = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
        if (!Regex.IsMatch(wkt, @"PROJECTION\[\s*""(Gauss_Kruger|Transverse_Mercator)""", O) || !Regex.IsMatch(wkt, @"China_?2000|CGCS\s*_?2000", O))
        {
            return null;
        }
        double? Parameter(string name)
        {
            var p = Regex.Match(wkt, $@"PARAMETER\[\s*""{name}""\s*,\s*([-+0-9.eE]+)\s*\]", O);
            return p.Success ? double.Parse(p.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
        }
        if (Parameter("Central_Meridian") is not { } cm || Parameter("False_Easting") is not { } fe || Parameter("Scale_Factor") is not 1.0)
        {
            return null;
        }
        bool sixHint = Regex.IsMatch(wkt, @"6_?-?Degree|6度", O);
        var candidates = SupportedCrs.All.Where(c => !c.IsGeographic && c.CentralMeridian == cm && c.FalseEasting == fe).ToList();
        var chosen = candidates.FirstOrDefault(c => c.ZoneWidthDegrees == (sixHint ? 6 : 3)) ?? candidates.FirstOrDefault();
        return chosen?.Epsg;
    }
}
