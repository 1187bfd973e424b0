using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using EcoLedger.IO;
using EcoLedger.Spatial;
using EcoLedger.Valuation;

namespace EcoLedger.Rasters;

/// <summary>The statistic a field takes from its raster.</summary>
public enum ZonalStatistic
{
    /// <summary>Coverage-weighted mean: for intensities (mm, t/ha, factors).</summary>
    Mean,

    /// <summary>Coverage-weighted sum: for per-pixel totals (visits, m³).</summary>
    Sum,

    /// <summary>Smallest covered value.</summary>
    Min,

    /// <summary>Largest covered value.</summary>
    Max,
}

/// <summary>One unit input field taken from a raster (an entry of <c>rasters.json</c>'s <c>fields</c>).</summary>
/// <param name="Field">The monitoring field (its column name is the key in the file).</param>
/// <param name="RasterPath">The GeoTIFF, resolved against the configuration's folder.</param>
/// <param name="RasterName">The raster as written in the configuration (for messages and provenance).</param>
/// <param name="Band">Band number, from 1.</param>
/// <param name="Statistic">The statistic.</param>
/// <param name="Scale">Multiplier of the stored values (e.g. MODIS 0.0001).</param>
/// <param name="Offset">Added after scaling (0 for most products).</param>
/// <param name="Unit">The unit of scaled values, as written (e.g. <c>kg C/m2/yr</c>).</param>
/// <param name="Factor">From <paramref name="Unit"/> to the field's unit (<see cref="FieldUnits"/>).</param>
/// <param name="DeclaredCrs">The raster's CRS given in the configuration (<c>crs</c>), for a GeoTIFF whose GeoKeys name no EPSG code; else null.</param>
public sealed record RasterFieldSource(MonitoringField Field, string RasterPath, string RasterName, int Band, ZonalStatistic Statistic,
    double Scale, double Offset, string Unit, double Factor, SupportedCrs? DeclaredCrs = null)
{
    /// <summary>A stored value in the field's unit.</summary>
    public double Convert(double stored) => (stored * Scale + Offset) * Factor;
}

/// <summary>The land-cover raster and its class table (<c>rasters.json</c>'s <c>landcover</c>).</summary>
/// <param name="RasterPath">The GeoTIFF, resolved.</param>
/// <param name="RasterName">As written in the configuration.</param>
/// <param name="Band">Band, from 1.</param>
/// <param name="Classes">The class table.</param>
/// <param name="DeclaredCrs">The raster's CRS given in the configuration (<c>crs</c>), or null.</param>
public sealed record LandCoverSource(string RasterPath, string RasterName, int Band, LandCoverTable Classes, SupportedCrs? DeclaredCrs = null);

/// <summary>
/// <c>rasters.json</c>: which raster, band, statistic, scale and unit each unit input field comes from, the CRS of the
/// units when they are not longitude/latitude, whether pixels count by exact coverage or by centre, and the land cover.
/// </summary>
/// <param name="Path">The configuration file.</param>
/// <param name="Fields">Field sources in file order.</param>
/// <param name="LandCover">The land-cover source, or null.</param>
/// <param name="UnitsCrs">The units' CRS when declared (<c>units_crs</c>), else null (longitude/latitude in EPSG:4490 assumed, and checked).</param>
/// <param name="Coverage">Exact fractions (default) or pixel centres.</param>
/// <param name="CacheMegabytes">Decoded-block cache per raster band (<c>cache_mb</c>, default 64).</param>
public sealed record RasterConfig(string Path, IReadOnlyList<RasterFieldSource> Fields, LandCoverSource? LandCover, SupportedCrs? UnitsCrs,
    CoverageMode Coverage, int CacheMegabytes)
{
    /// <summary>Every file the configuration names (rasters, class table, .prj files), resolved, with the key naming it (e.g. <c>landcover.classes</c>).</summary>
    public IReadOnlyList<(string Key, string Path)> NamedFiles { get; init; } = [];

    /// <summary>
    /// The configuration and every file it names, as inputs of a command that was given the configuration as <paramref name="option"/>
    /// (so an output that would overwrite one of them is refused naming it). A named file is shown as a full path: relative to the
    /// configuration (<c>../../methodology/…</c>), it may not be where the user looks.
    /// </summary>
    public IEnumerable<CommandInputFile> Inputs(string option) =>
        [CommandInputFile.Option(option, Path), .. NamedFiles.Select(f => new CommandInputFile($"{f.Key} of {option} '{Path}' ('{System.IO.Path.GetFullPath(f.Path)}')", f.Path))];

    /// <summary>Reads and checks a configuration; relative raster paths are resolved against its folder.</summary>
    /// <exception cref="RasterInputException">The file is missing or not valid; the message names the file and the field.</exception>
    public static RasterConfig Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new RasterInputException($"{path}: file not found.");
        }
        byte[] utf8 = JsonBytes(path);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new RasterInputException($"{path}: {JsonErrorPosition.Describe(e, utf8)}");
        }
        using (doc)
        {
            return Parse(path, doc.RootElement);
        }
    }

    /// <summary>
    /// The configuration's bytes without a UTF-8 byte order mark, which Windows Notepad (before 2019) and PowerShell 5 write and
    /// System.Text.Json refuses as an invalid start of a value. The server's check of an uploaded set reads the file through this
    /// too, so the two read the same JSON.
    /// </summary>
    public static byte[] JsonBytes(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        return bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
    }

    private static RasterConfig Parse(string path, JsonElement root)
    {
        string dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";
        var files = new List<(string Key, string Path)>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new RasterInputException($"{path}: expected a JSON object with \"fields\", found {Found(root)}.");
        }
        RequireKnownKeys(path, "", root, RootKeys);
        SupportedCrs? unitsCrs = null;
        if (root.TryGetProperty("units_crs", out var crs))
        {
            unitsCrs = Crs(path, dir, "units_crs", crs, files);
        }
        var coverage = CoverageMode.Exact;
        if (root.TryGetProperty("coverage", out var cov))
        {
            coverage = cov.ValueKind == JsonValueKind.String ? Text(path, "coverage", cov) switch
            {
                "exact" => CoverageMode.Exact,
                "centre" or "center" => CoverageMode.Centre,
                var other => throw new RasterInputException($"{path}, field 'coverage': '{other}' is not a coverage mode; expected exact or centre."),
            } : throw new RasterInputException($"{path}, field 'coverage': expected \"exact\" or \"centre\", found {Found(cov)}.");
        }
        int cacheMb = 64;
        if (root.TryGetProperty("cache_mb", out var cache) && (cache.ValueKind != JsonValueKind.Number || !cache.TryGetInt32(out cacheMb) || cacheMb is < 1 or > 65536))
        {
            throw new RasterInputException($"{path}, field 'cache_mb': expected a whole number of megabytes from 1 to 65536, found {Found(cache)}.");
        }
        var fields = new List<RasterFieldSource>();
        if (root.TryGetProperty("fields", out var fieldsEl))
        {
            if (fieldsEl.ValueKind != JsonValueKind.Object)
            {
                throw new RasterInputException($"{path}, field 'fields': expected an object keyed by unit input column (e.g. \"npp_t_c_per_ha\"), found {Found(fieldsEl)}.");
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var f in fieldsEl.EnumerateObject())
            {
                if (Name(f) == "$comment")
                {
                    continue; // a note on the list of fields, as everywhere else
                }
                RequireOnce(path, "fields", seen, Name(f));
                fields.Add(ParseField(path, dir, f, files));
            }
        }
        LandCoverSource? landCover = null;
        if (root.TryGetProperty("landcover", out var lc))
        {
            string where = "landcover";
            RequireObject(path, where, lc, "raster and classes (and optionally band and crs)");
            RequireKnownKeys(path, where, lc, LandCoverKeys);
            string raster = RequiredPath(path, where, lc, "raster", RasterExpected);
            int band = Band(path, where, lc);
            string table = RequiredPath(path, where, lc, "classes", "the class table's path as text");
            string tablePath = Resolve(dir, table);
            files.Add(("landcover.raster", Resolve(dir, raster)));
            files.Add(("landcover.classes", tablePath));
            var declared = lc.TryGetProperty("crs", out var lcCrs) ? Crs(path, dir, "landcover.crs", lcCrs, files) : null;
            landCover = new LandCoverSource(Resolve(dir, raster), raster, band, LandCoverTable.Load(tablePath, table), declared);
        }
        if (fields.Count == 0 && landCover is null)
        {
            throw new RasterInputException($"{path}: names no raster; expected \"fields\" with at least one unit input column, or \"landcover\".");
        }
        return new RasterConfig(path, fields, landCover, unitsCrs, coverage, cacheMb) { NamedFiles = files };
    }

    private static RasterFieldSource ParseField(string path, string dir, JsonProperty f, List<(string Key, string Path)> files)
    {
        string name = Name(f);
        string where = $"fields.{name}";
        if (!MonitoringFields.TryParse(name, out var field))
        {
            string? hint = NameSuggestion.Closest(name, MonitoringFields.ColumnNames);
            throw new RasterInputException($"{path}, field '{where}': '{name}' is not a unit input column{(hint is null ? "" : $" (did you mean '{hint}'?)")}; expected one of {string.Join(", ", MonitoringFields.ColumnNames)}.");
        }
        var e = f.Value;
        RequireObject(path, where, e, "raster, band, statistic, scale and unit");
        RequireKnownKeys(path, where, e, FieldKeys);
        string raster = RequiredPath(path, where, e, "raster", RasterExpected);
        int band = Band(path, where, e);
        string statText = RequiredText(path, where, e, "statistic", "mean, sum, min or max as text");
        var statistic = statText switch
        {
            "mean" => ZonalStatistic.Mean,
            "sum" => ZonalStatistic.Sum,
            "min" => ZonalStatistic.Min,
            "max" => ZonalStatistic.Max,
            _ => throw new RasterInputException($"{path}, field '{where}.statistic': '{statText}' is not a statistic for a unit input; expected mean, sum, min or max."),
        };
        if (!e.TryGetProperty("scale", out var scaleEl))
        {
            throw new RasterInputException($"{path}, field '{where}.scale': missing; expected the multiplier of the stored values (1 when they are stored as is; MODIS NPP, for instance, is 0.0001). Without it the values' size is unknown.");
        }
        if (scaleEl.ValueKind != JsonValueKind.Number || !scaleEl.TryGetDouble(out double scale) || !double.IsFinite(scale) || scale == 0)
        {
            throw new RasterInputException($"{path}, field '{where}.scale': expected a non-zero number, found {Found(scaleEl)}.");
        }
        double offset = 0;
        if (e.TryGetProperty("offset", out var offEl) && (offEl.ValueKind != JsonValueKind.Number || !offEl.TryGetDouble(out offset) || !double.IsFinite(offset)))
        {
            throw new RasterInputException($"{path}, field '{where}.offset': expected a number, found {Found(offEl)}.");
        }
        var accepted = string.Join(", ", FieldUnits.Accepted(field).Select(a => a.Unit));
        if (!e.TryGetProperty("unit", out var unitEl))
        {
            throw new RasterInputException($"{path}, field '{where}.unit': missing; expected the unit of the scaled values, one of {accepted} (a trailing /yr is allowed).");
        }
        if (unitEl.ValueKind != JsonValueKind.String)
        {
            throw new RasterInputException($"{path}, field '{where}.unit': expected the unit of the scaled values as text, one of {accepted} (a trailing /yr is allowed), found {Found(unitEl)}.");
        }
        string unit = Text(path, $"{where}.unit", unitEl);
        double factor = FieldUnits.Factor(field, unit) ?? throw new RasterInputException(
            $"{path}, field '{where}.unit': '{unit}' cannot be converted to {name}'s unit {FieldUnits.Target(field)}; expected one of {accepted} (a trailing /yr is allowed).");
        files.Add(($"{where}.raster", Resolve(dir, raster)));
        var declared = e.TryGetProperty("crs", out var crsEl) ? Crs(path, dir, $"{where}.crs", crsEl, files) : null;
        return new RasterFieldSource(field, Resolve(dir, raster), raster, band, statistic, scale, offset, unit, factor, declared);
    }

    /// <summary>
    /// A CRS as the configuration gives it: <c>EPSG:4527</c> (or the bare code) for a supported code; OGC WKT 1 text
    /// (<c>PROJCS[...]</c>, <c>GEOGCS[...]</c>); or the name of a <c>.prj</c> file holding it, relative to the configuration.
    /// WKT is read with ProjNET (<see cref="SupportedCrs.FromWkt"/>).
    /// </summary>
    private static SupportedCrs Crs(string path, string dir, string where, JsonElement value, List<(string Key, string Path)> files)
    {
        // A bare number is the EPSG code; any other non-text value would otherwise be read as WKT or a file name from its JSON text.
        string text = value.ValueKind switch
        {
            JsonValueKind.String => Text(path, where, value).Trim(),
            JsonValueKind.Number => value.GetRawText(),
            _ => throw new RasterInputException(
                $"{path}, field '{where}': expected the CRS as text (an EPSG code such as \"EPSG:4527\", OGC WKT 1 text or a .prj file), found {Found(value)}."),
        };
        string digits = text.StartsWith("EPSG:", StringComparison.OrdinalIgnoreCase) ? text[5..] : text;
        if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int code))
        {
            return SupportedCrs.Find(code) ?? throw new RasterInputException(
                $"{path}, field '{where}': '{text}' is not a CRS EcoLedger can reproject; expected {SupportedCrs.SupportedText}, or the CRS as OGC WKT 1 text or a .prj file.");
        }
        string wkt = text;
        string source = "the WKT";
        if (text.EndsWith(".prj", StringComparison.OrdinalIgnoreCase))
        {
            RequireFileName(path, where, "a .prj file's path", value, text);
            string prj = Resolve(dir, text);
            if (!File.Exists(prj))
            {
                throw new RasterInputException($"{path}, field '{where}': the .prj file '{text}' is not found (looked at {prj}).");
            }
            files.Add((where, prj));
            wkt = File.ReadAllText(prj);
            source = $"the WKT in {text}";
        }
        else if (!text.Contains('[', StringComparison.Ordinal))
        {
            throw new RasterInputException(
                $"{path}, field '{where}': '{text}' is not a CRS EcoLedger can reproject; expected {SupportedCrs.SupportedText}, or the CRS as OGC WKT 1 text or a .prj file.");
        }
        try
        {
            return SupportedCrs.FromWkt(wkt);
        }
        catch (FormatException e)
        {
            throw new RasterInputException($"{path}, field '{where}': {source} cannot be used: {e.Message}.");
        }
    }

    /// <summary>
    /// A path the configuration names, relative to its folder unless rooted. <c>\</c> separates folders too, on every system: a
    /// configuration written on Windows (<c>"rasters\\npp.tif"</c>) then names the same files on the Linux server or machine that runs it.
    /// </summary>
    private static string Resolve(string dir, string named)
    {
        string path = PortablePath(named);
        return System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(dir, path);
    }

    // Windows reads both separators, so there the path stays as written.
    private static string PortablePath(string named) => System.IO.Path.DirectorySeparatorChar == '\\' ? named : named.Replace('\\', '/');

    private static readonly string[] RootKeys = ["fields", "landcover", "units_crs", "coverage", "cache_mb"];
    private static readonly string[] FieldKeys = ["raster", "band", "statistic", "scale", "offset", "unit", "crs"];
    private static readonly string[] LandCoverKeys = ["raster", "band", "classes", "crs"];

    /// <summary>
    /// Refuses a key the object does not take: a misspelt optional key ("bnd") would otherwise be ignored and its default
    /// (band 1) used without a word; and a key given twice, of whose values TryGetProperty would take one without a word.
    /// <c>$comment</c> is allowed everywhere, as often as wanted, for notes. <paramref name="where"/> is the object's JSON
    /// path, empty for the top level.
    /// </summary>
    private static void RequireKnownKeys(string path, string where, JsonElement e, string[] keys)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            string name = Name(p);
            if (name == "$comment")
            {
                continue;
            }
            RequireOnce(path, where, seen, name);
            if (!keys.Contains(name, StringComparer.Ordinal))
            {
                string? hint = NameSuggestion.Closest(name, keys);
                throw new RasterInputException($"{path}, field '{(where.Length == 0 ? name : $"{where}.{name}")}': unknown key{(hint is null ? "" : $" (did you mean '{hint}'?)")}; expected {string.Join(", ", keys)}.");
            }
        }
    }

    private static void RequireOnce(string path, string where, HashSet<string> seen, string name)
    {
        if (!seen.Add(name))
        {
            throw new RasterInputException($"{path}, field '{(where.Length == 0 ? name : $"{where}.{name}")}': the key appears twice; expected each key once.");
        }
    }

    private static void RequireObject(string path, string where, JsonElement e, string keys)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new RasterInputException($"{path}, field '{where}': expected an object with {keys}, found {Found(e)}.");
        }
    }

    private const string RasterExpected = "the GeoTIFF's path as text";

    private static string RequiredPath(string path, string where, JsonElement e, string key, string expected)
    {
        string named = RequiredText(path, where, e, key, expected);
        RequireFileName(path, $"{where}.{key}", expected, e.GetProperty(key), named);
        return named;
    }

    // Path.GetFullPath throws for U+0000, which no file name holds, when the raster is opened.
    private static void RequireFileName(string path, string where, string expected, JsonElement value, string named)
    {
        if (named.Contains('\0', StringComparison.Ordinal))
        {
            throw new RasterInputException($"{path}, field '{where}': expected {expected}, found {Found(value)}; a file name cannot hold U+0000.");
        }
    }

    /// <summary>A non-empty text value; <paramref name="expected"/> says what it is (e.g. "the class table's path as text").</summary>
    private static string RequiredText(string path, string where, JsonElement e, string key, string expected)
    {
        if (!e.TryGetProperty(key, out var v))
        {
            throw new RasterInputException($"{path}, field '{where}.{key}': missing; expected {expected}.");
        }
        return v.ValueKind == JsonValueKind.String && Text(path, $"{where}.{key}", v) is { Length: > 0 } s
            ? s
            : throw new RasterInputException($"{path}, field '{where}.{key}': expected {expected}, found {Found(v)}.");
    }

    private static int Band(string path, string where, JsonElement e)
    {
        if (!e.TryGetProperty("band", out var b))
        {
            return 1;
        }
        // TryGetInt32 throws, rather than answering false, for a value that is not a JSON number.
        return b.ValueKind == JsonValueKind.Number && b.TryGetInt32(out int band) && band >= 1
            ? band
            : throw new RasterInputException($"{path}, field '{where}.band': expected a band number from 1, found {Found(b)}.");
    }

    /// <summary>
    /// A JSON string's text. GetString throws InvalidOperationException for text that is not Unicode: bytes that are not
    /// UTF-8 (a configuration saved in GBK by a Chinese Windows editor) or an escaped half of a surrogate pair (<c>"\ud800"</c>).
    /// </summary>
    private static string Text(string path, string where, JsonElement value)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new RasterInputException(System.Text.Unicode.Utf8.IsValid(JsonMarshal.GetRawUtf8Value(value))
                ? $"{path}, field '{where}': expected Unicode text, found {Found(value)} (half of a UTF-16 surrogate pair)."
                : $"{path}, field '{where}': expected UTF-8 text, found {Found(value)}; save the configuration as UTF-8 (not GBK or another code page).");
        }
    }

    /// <summary>A key; one that is not Unicode text (see <see cref="Text"/>) is given as written, so that it is reported as an unknown key.</summary>
    private static string Name(JsonProperty p)
    {
        try
        {
            return p.Name;
        }
        catch (InvalidOperationException)
        {
            return Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8PropertyName(p));
        }
    }

    /// <summary>A value as the file writes it, shortened so that a long text (a whole WKT) or object does not bury the message.</summary>
    private static string Found(JsonElement value)
    {
        const int Longest = 80;
        // GetRawText throws for bytes that are not UTF-8; these show as U+FFFD, as an editor shows them.
        string raw = Encoding.UTF8.GetString(JsonMarshal.GetRawUtf8Value(value));
        return raw.Length <= Longest ? raw : string.Concat(raw.AsSpan(0, Longest - 1), "…");
    }
}
