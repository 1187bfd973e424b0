using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EcoLedger.Cli.Hosting;
using EcoLedger.IO;
using EcoLedger.Rasters;
using EcoLedger.Spatial;
using EcoLedger.Valuation;
using EcoLedger.Zoning;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;
using NetTopologySuite.Operation.Union;

namespace EcoLedger.Cli.Commands;

/// <summary><c>ecoledger units ...</c>: build accounting units.</summary>
public static class UnitsCommands
{
    /// <summary>The <c>units</c> verb group.</summary>
    public static Command Create(CliIo io)
    {
        var units = new Command("units", "Build accounting units (grid cells × land-cover ecosystems).");
        units.Subcommands.Add(Grid(io));
        return units;
    }

    private static Command Grid(CliIo io)
    {
        var boundary = new Option<string>("--boundary") { Description = "Region boundary or its administrative polygons: GeoJSON, GeoPackage or Shapefile, in CGCS2000/WGS 84 lon/lat or a CGCS2000 Gauss–Krüger zone (reprojected).", Required = true };
        var crs = new Option<string?>("--crs") { Description = "CRS of --boundary: auto (default: the file's, else detected), geographic or EPSG:<code> (4326, 4490; CGCS2000 Gauss–Krüger 4491–4554, reprojected)." };
        var cell = new Option<double?>("--cell") { Description = "Grid cell side in metres (Albers equal-area for China), from 10 to 100000." };
        var cellsFrom = new Option<string?>("--cells-from") { Description = "Instead of a grid: each boundary polygon (townships, forest compartments) is a cell, named by this attribute." };
        var landcover = new Option<string>("--landcover") { Description = "Land-cover GeoTIFF (class codes).", Required = true };
        var classes = new Option<string>("--classes") { Description = "Class table: methodology/parameters/landcover/cnlucc.csv, globeland30.csv, esa-worldcover.csv or your own.", Required = true };
        var band = new Option<int>("--band") { Description = "Land-cover band, from 1.", DefaultValueFactory = _ => 1 };
        var region = new Option<string>("--region") { Description = "Region name written to every unit (matches the region statistics).", Required = true };
        var output = new Option<string>("--out") { Description = "Units file to write: GeoJSON (.geojson) or GeoPackage (.gpkg), read by gep prepare and gep compute.", Required = true };
        var cmd = new Command("grid", "One accounting unit per (grid cell, ecosystem): a square grid (or the boundary's own polygons) intersected with land-cover patches.")
        {
            boundary, crs, cell, cellsFrom, landcover, classes, band, region, output,
        };
        cmd.SetAction(pr => RunGrid(io, pr.GetValue(boundary)!, pr.GetValue(crs), pr.GetValue(cell), pr.GetValue(cellsFrom), pr.GetValue(landcover)!, pr.GetValue(classes)!,
            pr.GetValue(band), pr.GetValue(region)!, pr.GetValue(output)!));
        return cmd;
    }

    private static int RunGrid(CliIo io, string boundaryPath, string? boundaryCrs, double? cellOption, string? cellsFrom, string landcoverPath, string classesPath, int band,
        string region, string output)
    {
        var c = CultureInfo.InvariantCulture;
        if ((cellOption is null) == (cellsFrom is null))
        {
            throw new CliException("expected either --cell METRES (a square grid) or --cells-from FIELD (the boundary's polygons as cells), not both or neither.");
        }
        double cell = cellOption ?? 0;
        if (cellOption is not null && !(cell >= 10 && cell <= 100_000))
        {
            throw new CliException(string.Create(c, $"--cell: expected a cell side from 10 to 100000 metres, got {cell}."));
        }
        if (OutputPaths.FileProblem("--out", output, "the .geojson or .gpkg file to write",
            [CommandInputFile.Option("--boundary", boundaryPath), CommandInputFile.Option("--landcover", landcoverPath), CommandInputFile.Option("--classes", classesPath)]) is { } outputProblem)
        {
            throw new CliException(outputProblem);
        }
        bool geoPackage = output.EndsWith(".gpkg", StringComparison.OrdinalIgnoreCase);
        if (!geoPackage && !output.EndsWith(".geojson", StringComparison.OrdinalIgnoreCase) && !output.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException($"--out: '{output}': expected a .geojson or .gpkg file.");
        }
        var features = ReadBoundaryFeatures(boundaryPath, boundaryCrs);
        var problems = new List<string>();
        // The units are written as they are made (a fine grid over a large region is a million polygons, too many to hold), into a
        // temporary file that replaces the output only when the build found no problem, which it knows only at the end.
        // The output's folder is made if missing, as gep prepare and gep compute make theirs.
        string folder = Path.GetDirectoryName(Path.GetFullPath(output))!;
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileName(output)}.tmp-{Guid.NewGuid():N}");
        var byEcosystem = new SortedDictionary<Ecosystem, (int Units, double Hectares)>();
        int written = 0;
        try
        {
            var table = LandCoverTable.Load(classesPath, classesPath);
            using var raster = GeoTiffRaster.Open(landcoverPath);
            var writer = geoPackage
                ? FeatureLayerFormats.WriterFor(".gpkg") ?? throw new CliException("--out: this program does not ship the GeoPackage writer (EcoLedger.GeoPackage); write a .geojson file.")
                : null;
            // A region at a fine cell (or thousands of compartments) takes minutes: an interactive terminal shows how far it is.
            Progress.Run(io, json: false, "units grid", null, p =>
            {
                var units = cellsFrom is null
                    ? UnitGrid.Stream(CascadedPolygonUnion.Union(features.Select(f => f.LonLat).ToList()), cell, raster, band, table, problems,
                        (done, rows) => p.Describe(string.Create(c, $"{done:#,0}/{rows:#,0} rows of cells")))
                    : UnitGrid.StreamFromPolygons(CellPolygons(boundaryPath, features, cellsFrom), raster, band, table, problems,
                        (done, all) =>
                        {
                            if ((done & 255) == 0 || done == all)
                            {
                                p.Describe(string.Create(c, $"{done:#,0}/{all:#,0} polygons"));
                            }
                        });
                var layer = units.Select(u =>
                {
                    written++;
                    var (n, ha) = byEcosystem.GetValueOrDefault(u.Ecosystem);
                    byEcosystem[u.Ecosystem] = (n + 1, ha + u.AreaHectares);
                    return (IFeature)new Feature(u.Geometry, new AttributesTable
                    {
                        { "unit_id", u.UnitId },
                        { "region", region },
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
                return written;
            });
            if (problems.Count > 0)
            {
                foreach (var p in problems)
                {
                    io.Err.WriteLine($"error: {p}");
                }
                io.Err.WriteLine($"error: nothing was written to {output}.");
                return 2;
            }
            File.Move(temp, output, overwrite: true);
        }
        catch (RasterInputException e)
        {
            throw new CliException($"{e.Message} Nothing was written to {output}.");
        }
        finally
        {
            File.Delete(temp);
        }
        foreach (var (ecosystem, (n, ha)) in byEcosystem)
        {
            io.Out.WriteLine(string.Create(c, $"  {ecosystem.Code(),-10} {n,7:#,0} units {ha / 100:#,0.00} km²"));
        }
        io.Out.WriteLine(cellsFrom is null
            ? string.Create(c, $"  {written:#,0} units ({cell:0.#} m cells × ecosystems) written to {output}.")
            : string.Create(c, $"  {written:#,0} units ({features.Count:#,0} polygons by {cellsFrom} × ecosystems) written to {output}."));
        return 0;
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

    /// <summary>Each boundary feature's id (the attribute <paramref name="field"/>) and polygon.</summary>
    private static List<(string Id, Geometry LonLat)> CellPolygons(string path, IReadOnlyList<LonLatPolygon> features, string field)
    {
        var cells = new List<(string, Geometry)>();
        foreach (var (n, geometry, attributes) in features)
        {
            string id = Convert.ToString(attributes.GetValueOrDefault(field), CultureInfo.InvariantCulture)?.Trim() ?? "";
            if (id.Length == 0)
            {
                string names = attributes.Count == 0 ? "it has none" : $"its attributes are {string.Join(", ", attributes.Keys)}";
                throw new CliException($"{path}: feature #{n}: --cells-from {field}: the attribute is missing or empty; expected every polygon to have an id in '{field}' ({names}).");
            }
            cells.Add((id, geometry));
        }
        return cells;
    }

    /// <summary>
    /// The union of a polygon layer's polygons in lon/lat, e.g. the area of <c>ledger project units --within</c>; <paramref name="crs"/> is
    /// the caller's <c>--crs</c>, for a layer whose file states none.
    /// </summary>
    internal static Geometry ReadBoundary(string path, string? crs) =>
        CascadedPolygonUnion.Union(ReadBoundaryFeatures(path, crs).Select(f => f.LonLat).ToList());

    /// <summary>A boundary layer's polygons in lon/lat (GeoJSON, GeoPackage or Shapefile; a Gauss–Krüger layer is reprojected).</summary>
    private static IReadOnlyList<LonLatPolygon> ReadBoundaryFeatures(string path, string? crs)
    {
        try
        {
            return LonLatPolygons.Read(path, LayerCrs.ParseOption(crs, lonLatOnly: true), "--crs");
        }
        catch (ZoningInputException e)
        {
            throw new CliException(e.Message);
        }
    }
}
