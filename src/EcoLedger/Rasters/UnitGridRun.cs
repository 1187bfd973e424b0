using System.Globalization;
using System.Text.Json;
using EcoLedger.IO;
using EcoLedger.Valuation;
using EcoLedger.Zoning;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Operation.Union;

namespace EcoLedger.Rasters;

/// <summary>The inputs of a <c>units grid</c> run; exactly one of <paramref name="CellMetres"/> and <paramref name="CellsFrom"/> is given.</summary>
/// <param name="BoundaryPath">The region's boundary or its administrative polygons: GeoJSON, GeoPackage or Shapefile.</param>
/// <param name="LandCoverPath">The land-cover GeoTIFF (class codes).</param>
/// <param name="ClassesPath">The land-cover class table (CSV).</param>
/// <param name="Region">The region name written to every unit.</param>
/// <param name="OutPath">The units file to write: <c>.geojson</c> (or <c>.json</c>) or <c>.gpkg</c>.</param>
/// <param name="CellMetres">The side of a square grid's cells in metres, from <see cref="UnitGrid.MinCellMetres"/> to <see cref="UnitGrid.MaxCellMetres"/>; or null.</param>
/// <param name="CellsFrom">Instead of a grid, each boundary polygon is a cell, named by this attribute; or null.</param>
/// <param name="BoundaryCrs">The boundary's CRS as <c>--crs</c> gives it (<see cref="LayerCrs.ParseOption(string?, bool)"/>); null for the file's, else detected.</param>
/// <param name="Band">The land-cover band, from 1.</param>
public sealed record UnitGridRequest(string BoundaryPath, string LandCoverPath, string ClassesPath, string Region, string OutPath, double? CellMetres = null,
    string? CellsFrom = null, string? BoundaryCrs = null, int Band = 1);

/// <summary>The units of one ecosystem that a <c>units grid</c> run wrote.</summary>
/// <param name="Ecosystem">The ecosystem.</param>
/// <param name="Units">How many units.</param>
/// <param name="AreaHectares">Their area in all, in equal-area hectares (<see cref="GridUnit.AreaHectares"/>).</param>
public sealed record UnitGridTotal(Ecosystem Ecosystem, int Units, double AreaHectares);

/// <summary>
/// The outcome of <see cref="UnitGridRun.Execute"/>: the run was refused before the units were built (<see cref="Refusal"/>), the build
/// found problems (<see cref="Problems"/>), or the units file was written. Unless it succeeded, nothing was written.
/// </summary>
/// <param name="Refusal">Why the run stopped: a request the options do not allow, an output that would replace an input, a boundary, class
/// table or land cover that cannot be read; or null.</param>
/// <param name="Problems">Every problem the build found in its inputs (a class the table lacks, a boundary beyond the raster, overlapping
/// polygons), each a sentence; empty when none.</param>
/// <param name="Ecosystems">The units written, by ecosystem in <see cref="Ecosystem"/> order; empty unless the run succeeded.</param>
/// <param name="BoundaryPolygons">The polygons read from the boundary file; 0 when it was not read.</param>
public sealed record UnitGridResult(string? Refusal, IReadOnlyList<string> Problems, IReadOnlyList<UnitGridTotal> Ecosystems, int BoundaryPolygons)
{
    /// <summary>True when the units file was written.</summary>
    public bool Succeeded => Refusal is null && Problems.Count == 0;

    /// <summary>The units written.</summary>
    public int Units => Ecosystems.Sum(e => e.Units);
}

/// <summary>
/// Runs <c>units grid</c>: checks the request, reads the boundary, builds the units (<see cref="UnitGrid"/>) and streams them into the
/// units file, which replaces the output only when the build found no problem.
/// </summary>
public static class UnitGridRun
{
    /// <summary>Builds and writes the units; on any refusal or problem nothing is written.</summary>
    /// <param name="request">Inputs and output file.</param>
    /// <param name="onProgress">Called with (rows of cells done, rows in all) for a grid, (polygons done, polygons in all) with
    /// <see cref="UnitGridRequest.CellsFrom"/>, as <see cref="UnitGrid.Stream"/> and <see cref="UnitGrid.StreamFromPolygons"/> call it; or null.</param>
    /// <param name="cancel">Checked between cells (polygons); a cancelled run has written nothing.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancel"/> was cancelled.</exception>
    /// <exception cref="IOException">The output could not be written (a full disk, no permission).</exception>
    public static UnitGridResult Execute(UnitGridRequest request, Action<int, int>? onProgress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var c = CultureInfo.InvariantCulture;
        string output = request.OutPath;
        if ((request.CellMetres is null) == (request.CellsFrom is null))
        {
            return Refused("expected either --cell METRES (a square grid) or --cells-from FIELD (the boundary's polygons as cells), not both or neither.");
        }
        if (request.CellMetres is { } cellMetres && !(cellMetres >= UnitGrid.MinCellMetres && cellMetres <= UnitGrid.MaxCellMetres))
        {
            return Refused(string.Create(c, $"--cell: expected a cell side from {UnitGrid.MinCellMetres} to {UnitGrid.MaxCellMetres} metres, got {cellMetres}."));
        }
        if (OutputPaths.FileProblem("--out", output, "the .geojson or .gpkg file to write",
            [CommandInputFile.Option("--boundary", request.BoundaryPath), CommandInputFile.Option("--landcover", request.LandCoverPath),
                CommandInputFile.Option("--classes", request.ClassesPath)]) is { } outputProblem)
        {
            return Refused(outputProblem);
        }
        bool geoPackage = output.EndsWith(".gpkg", StringComparison.OrdinalIgnoreCase);
        if (!geoPackage && !output.EndsWith(".geojson", StringComparison.OrdinalIgnoreCase) && !output.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return Refused($"--out: '{output}': expected a .geojson or .gpkg file.");
        }
        IReadOnlyList<LonLatPolygon> features;
        try
        {
            features = LonLatPolygons.Read(request.BoundaryPath, LayerCrs.ParseOption(request.BoundaryCrs, lonLatOnly: true), "--crs");
        }
        catch (ZoningInputException e)
        {
            return Refused(e.Message);
        }
        var problems = new List<string>();
        // The units are written as they are made (a fine grid over a large region is a million polygons, too many to hold), into a
        // temporary file that replaces the output only when the build found no problem, which it knows only at the end.
        // The output's folder is made if missing, as gep prepare and gep compute make theirs.
        string folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileName(output)}.tmp-{Guid.NewGuid():N}");
        using var registration = TemporaryPaths.Add(temp);
        var byEcosystem = new SortedDictionary<Ecosystem, (int Units, double Hectares)>();
        try
        {
            var table = LandCoverTable.Load(request.ClassesPath, request.ClassesPath);
            using var raster = GeoTiffRaster.Open(request.LandCoverPath);
            IFeatureLayerWriter? writer = null;
            if (geoPackage && (writer = FeatureLayerFormats.WriterFor(".gpkg")) is null)
            {
                return Refused("--out: this program does not ship the GeoPackage writer (EcoLedger.GeoPackage); write a .geojson file.");
            }
            IEnumerable<GridUnit> units;
            if (request.CellsFrom is { } field)
            {
                if (CellPolygons(request.BoundaryPath, features, field, out var cells) is { } missingId)
                {
                    return Refused(missingId);
                }
                units = UnitGrid.StreamFromPolygons(cells, raster, request.Band, table, problems, onProgress, cancel);
            }
            else
            {
                units = UnitGrid.Stream(CascadedPolygonUnion.Union(features.Select(f => f.LonLat).ToList()), request.CellMetres!.Value, raster, request.Band, table,
                    problems, onProgress, cancel);
            }
            var layer = units.Select(u =>
            {
                var (n, ha) = byEcosystem.GetValueOrDefault(u.Ecosystem);
                byEcosystem[u.Ecosystem] = (n + 1, ha + u.AreaHectares);
                return (IFeature)new Feature(u.Geometry, new AttributesTable
                {
                    { "unit_id", u.UnitId },
                    { "region", request.Region },
                    { "ecosystem", u.Ecosystem.Code() },
                    { "subtype", u.Subtype.Code() },
                });
            });
            if (writer is not null)
            {
                writer.Write(temp, Path.GetFileNameWithoutExtension(output), layer, LayerSrs.Cgcs2000);
            }
            else
            {
                WriteGeoJson(temp, layer);
            }
            if (problems.Count > 0)
            {
                return new UnitGridResult(null, problems, [], features.Count);
            }
            using (TemporaryPaths.BeginCommit())
            {
                File.Move(temp, output, overwrite: true);
            }
        }
        catch (RasterInputException e)
        {
            return Refused($"{e.Message} Nothing was written to {output}.");
        }
        finally
        {
            File.Delete(temp);
        }
        return new UnitGridResult(null, [], [.. byEcosystem.Select(kv => new UnitGridTotal(kv.Key, kv.Value.Units, kv.Value.Hectares))], features.Count);

        UnitGridResult Refused(string why) => new(why, [], [], 0);
    }

    /// <summary>Each boundary feature's id (the attribute <paramref name="field"/>) and polygon; or why a feature has none.</summary>
    private static string? CellPolygons(string path, IReadOnlyList<LonLatPolygon> features, string field, out List<(string Id, Geometry LonLat)> cells)
    {
        cells = [];
        foreach (var (n, geometry, attributes) in features)
        {
            string id = Convert.ToString(attributes.GetValueOrDefault(field), CultureInfo.InvariantCulture)?.Trim() ?? "";
            if (id.Length == 0)
            {
                string names = attributes.Count == 0 ? "it has none" : $"its attributes are {string.Join(", ", attributes.Keys)}";
                return $"{path}: feature #{n}: --cells-from {field}: the attribute is missing or empty; expected every polygon to have an id in '{field}' ({names}).";
            }
            cells.Add((id, geometry));
        }
        return null;
    }

    /// <summary>Writes a GeoJSON FeatureCollection one feature at a time (the whole text of a large layer is never held).</summary>
    private static void WriteGeoJson(string path, IEnumerable<IFeature> features)
    {
        // Ids and regions in Chinese are written as they read (伊春), not as \u escapes: the file is data, not HTML.
        var encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        var options = new JsonSerializerOptions { Encoder = encoder };
        options.Converters.Add(new GeoJsonConverterFactory());
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = encoder });
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartArray("features");
        foreach (var feature in features)
        {
            JsonSerializer.Serialize(json, feature, feature.GetType(), options);
            if (json.BytesPending > 1 << 16)
            {
                json.Flush();
            }
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
