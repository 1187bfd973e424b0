using System.Text.Json;
using System.Text.Json.Nodes;
using EcoLedger.Rasters;
using EcoLedger.Valuation;

namespace EcoLedger.Server.Hosting;

/// <summary>One file of a raster set: its path as the raster configuration names it (relative to the configuration's folder).</summary>
/// <param name="Path">The path as rasters.json writes it, with <c>/</c> separators (e.g. <c>npp.tif</c>, <c>../classes/cnlucc.csv</c>).</param>
/// <param name="Sha256">SHA-256 of the bytes (hex); the bytes are kept once in the upload store under this name.</param>
/// <param name="Bytes">Size.</param>
public sealed record RasterSetFile(string Path, string Sha256, long Bytes);

/// <summary>
/// A raster configuration and the files it names, uploaded together (<c>POST /api/gep/raster-sets</c>) for a GEP run from rasters
/// (<c>gep compute --rasters</c>). The set is identified by the SHA-256 of its manifest, so the same configuration and bytes are the
/// same set. A run lays the files out as they lay beside rasters.json on the user's disk, so the configuration's relative paths resolve
/// exactly as on the CLI.
/// </summary>
/// <param name="Sha256">The set's id: SHA-256 of its manifest.</param>
/// <param name="Config">The configuration's file name as uploaded (e.g. <c>rasters.json</c>).</param>
/// <param name="Files">Every file, the configuration first, then by path (ordinal).</param>
public sealed record RasterSet(string Sha256, string Config, IReadOnlyList<RasterSetFile> Files)
{
    /// <summary>The manifest's own file name in the upload store (what the run's inputs list calls it).</summary>
    public static string ManifestName(string config) => config + ".set.json";

    /// <summary>The manifest: canonical JSON, whose SHA-256 is the set's id.</summary>
    public static byte[] Manifest(string config, IEnumerable<RasterSetFile> files) =>
        System.Text.Encoding.UTF8.GetBytes(new JsonObject
        {
            ["kind"] = "ecoledger.raster-set",
            ["config"] = config,
            ["files"] = new JsonArray([.. Order(config, files).Select(f => (JsonNode)new JsonObject { ["path"] = f.Path, ["sha256"] = f.Sha256, ["bytes"] = f.Bytes })]),
        }.ToJsonString());

    /// <summary>Reads a manifest written by <see cref="Manifest"/>.</summary>
    public static RasterSet Read(string sha256, byte[] manifest)
    {
        var doc = JsonNode.Parse(manifest)!.AsObject();
        return new RasterSet(sha256, doc["config"]!.GetValue<string>(),
            [.. doc["files"]!.AsArray().Select(f => new RasterSetFile(f!["path"]!.GetValue<string>(), f["sha256"]!.GetValue<string>(), f["bytes"]!.GetValue<long>()))]);
    }

    private static IEnumerable<RasterSetFile> Order(string config, IEnumerable<RasterSetFile> files) =>
        files.OrderBy(f => f.Path == config ? 0 : 1).ThenBy(f => f.Path, StringComparer.Ordinal);

    /// <summary>
    /// Why a part's path cannot name a file of the set, or null: relative, <c>/</c>-separated, no empty or hidden segment, <c>..</c>
    /// only at its start (a configuration may name files beside its folder's parents, as the sample's class table does).
    /// </summary>
    public static string? PathProblem(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Length is 0 or > 260 || path.Any(char.IsControl) || path.Contains('\\', StringComparison.Ordinal) || path.Contains(':', StringComparison.Ordinal) ||
            path.StartsWith('/'))
        {
            return "expected a path relative to the raster configuration, 1 to 260 characters, separated by /, without \\ or :";
        }
        var segments = path.Split('/');
        int ups = segments.TakeWhile(s => s == "..").Count();
        return segments.Skip(ups).Any(s => s.Length == 0 || s.StartsWith('.')) || ups == segments.Length
            ? "expected a path relative to the raster configuration whose names are not empty and do not start with a dot (.. only at the start)"
            : null;
    }

    /// <summary>
    /// Lays the set out under <paramref name="root"/>: the configuration nested as deep as its paths climb (<c>..</c>), every file at its
    /// path from there. <paramref name="place"/> puts one stored upload (by SHA-256) at a path (copy or link).
    /// </summary>
    /// <returns>The configuration's path.</returns>
    public string LayOut(string root, Action<string, string> place)
    {
        ArgumentNullException.ThrowIfNull(place);
        string config = ConfigPath(root);
        string configDir = Path.GetDirectoryName(config)!;
        foreach (var file in Files)
        {
            string target = Path.GetFullPath(Path.Combine(configDir, file.Path));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            place(file.Sha256, target);
        }
        return config;
    }

    /// <summary>Where <see cref="LayOut"/> puts the configuration under <paramref name="root"/>.</summary>
    public string ConfigPath(string root)
    {
        int depth = Files.Max(f => f.Path.Split('/').TakeWhile(s => s == "..").Count());
        return Path.Combine([Path.GetFullPath(root), .. Enumerable.Repeat("_", depth), Config]);
    }

    /// <summary>
    /// Checks the set before it is kept: paths that the configuration names (rasters, the class table, <c>.prj</c> files) must be files of
    /// the set (the server reads nothing else), then the configuration must load as <c>gep compute --rasters</c> loads it, and each raster
    /// it names must be there. Messages are the CLI's, naming the configuration as uploaded.
    /// </summary>
    /// <param name="configPath">The configuration laid out by <see cref="LayOut"/>.</param>
    /// <returns>The problems (empty when the set can be run).</returns>
    public IReadOnlyList<string> Check(string configPath)
    {
        ArgumentNullException.ThrowIfNull(configPath);
        var paths = Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        JsonDocument? doc = null;
        try
        {
            doc = JsonDocument.Parse(RasterConfig.JsonBytes(configPath), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException)
        {
            // RasterConfig.Load says why, as the CLI does
        }
        using (doc)
        {
            foreach (var (where, value) in doc is null ? [] : NamedPaths(doc.RootElement))
            {
                // A name the set lacks is reported missing below, as the CLI reports it; one that could reach outside the set is refused here.
                // A path written with \ (on Windows) names the part of the same path with /, as RasterConfig reads it.
                string named = value.Replace('\\', '/');
                if (!paths.Contains(named) && (Path.IsPathRooted(named) || named.Contains("..", StringComparison.Ordinal)))
                {
                    problems.Add($"{Config}, field '{where}': '{value}' is not a file this server can read; on the server every file the configuration names is " +
                        "uploaded with it, named by its path relative to the configuration (a part named as the configuration writes it).");
                }
            }
        }
        if (problems.Count > 0)
        {
            return problems;
        }
        RasterConfig config;
        try
        {
            config = RasterConfig.Load(configPath);
        }
        catch (RasterInputException e)
        {
            return [Rename(e.Message, configPath)];
        }
        foreach (var field in config.Fields)
        {
            if (!File.Exists(field.RasterPath))
            {
                problems.Add(Missing($"fields.{field.Field.Column()}", field.RasterName));
            }
        }
        if (config.LandCover is { } lc && !File.Exists(lc.RasterPath))
        {
            problems.Add(Missing("landcover", lc.RasterName));
        }
        return problems;

        // The CLI's sentence for a raster that is not there (RasterPreparation: the configuration, the field, the raster's "file not found").
        string Missing(string where, string raster) =>
            $"{Config}: {where}: {raster}: file not found. Upload it with the configuration as a part named '{raster}'.";
    }

    /// <summary>The server's path of the configuration (and its folder) replaced by the uploaded name, as a message shows it.</summary>
    public string Rename(string text, string configPath)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(configPath);
        return text.Replace(configPath, Config, StringComparison.Ordinal).Replace(Path.GetDirectoryName(configPath)! + Path.DirectorySeparatorChar, "", StringComparison.Ordinal);
    }

    /// <summary>The values of a configuration that name files: rasters, the class table, and CRSs given as <c>.prj</c> files.</summary>
    private static IEnumerable<(string Where, string Value)> NamedPaths(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }
        if (root.TryGetProperty("units_crs", out var unitsCrs) && Prj(unitsCrs) is { } u)
        {
            yield return ("units_crs", u);
        }
        if (root.TryGetProperty("fields", out var fields) && fields.ValueKind == JsonValueKind.Object)
        {
            foreach (var f in fields.EnumerateObject().Where(f => f.Value.ValueKind == JsonValueKind.Object))
            {
                foreach (var (key, value) in Paths(f.Value))
                {
                    yield return ($"fields.{f.Name}.{key}", value);
                }
            }
        }
        if (root.TryGetProperty("landcover", out var lc) && lc.ValueKind == JsonValueKind.Object)
        {
            foreach (var (key, value) in Paths(lc))
            {
                yield return ($"landcover.{key}", value);
            }
        }

        static IEnumerable<(string, string)> Paths(JsonElement e)
        {
            foreach (var key in new[] { "raster", "classes" })
            {
                if (e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String)
                {
                    yield return (key, v.GetString()!);
                }
            }
            if (e.TryGetProperty("crs", out var crs) && Prj(crs) is { } p)
            {
                yield return ("crs", p);
            }
        }

        static string? Prj(JsonElement e) =>
            e.ValueKind == JsonValueKind.String && e.GetString()!.Trim() is { } t && t.EndsWith(".prj", StringComparison.OrdinalIgnoreCase) ? t : null;
    }
}
