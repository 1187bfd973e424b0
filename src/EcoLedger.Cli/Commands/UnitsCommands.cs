using System.CommandLine;
using System.Globalization;
using EcoLedger.Cli.Hosting;
using EcoLedger.Rasters;
using EcoLedger.Valuation;
using EcoLedger.Zoning;
using NetTopologySuite.Geometries;
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
        cmd.SetAction(pr => RunGrid(io, new UnitGridRequest(pr.GetValue(boundary)!, pr.GetValue(landcover)!, pr.GetValue(classes)!, pr.GetValue(region)!,
            pr.GetValue(output)!, pr.GetValue(cell), pr.GetValue(cellsFrom), pr.GetValue(crs), pr.GetValue(band))));
        return cmd;
    }

    private static int RunGrid(CliIo io, UnitGridRequest request)
    {
        var c = CultureInfo.InvariantCulture;
        // A region at a fine cell (or thousands of compartments) takes minutes: an interactive terminal shows how far it is.
        var result = Progress.Run(io, json: false, "units grid", null, p => UnitGridRun.Execute(request, request.CellsFrom is null
            ? (done, rows) => p.Describe(string.Create(c, $"{done:#,0}/{rows:#,0} rows of cells"))
            : (done, all) =>
            {
                if ((done & 255) == 0 || done == all)
                {
                    p.Describe(string.Create(c, $"{done:#,0}/{all:#,0} polygons"));
                }
            }));
        if (result.Refusal is { } refusal)
        {
            io.Err.WriteLine($"error: {refusal}");
            return 2;
        }
        if (!result.Succeeded)
        {
            foreach (var p in result.Problems)
            {
                io.Err.WriteLine($"error: {p}");
            }
            io.Err.WriteLine($"error: nothing was written to {request.OutPath}.");
            return 2;
        }
        foreach (var (ecosystem, n, ha) in result.Ecosystems)
        {
            io.Out.WriteLine(string.Create(c, $"  {ecosystem.Code(),-10} {n,7:#,0} units {ha / 100:#,0.00} km²"));
        }
        io.Out.WriteLine(request.CellMetres is { } cell
            ? string.Create(c, $"  {result.Units:#,0} units ({cell:0.#} m cells × ecosystems) written to {request.OutPath}.")
            : string.Create(c, $"  {result.Units:#,0} units ({result.BoundaryPolygons:#,0} polygons by {request.CellsFrom} × ecosystems) written to {request.OutPath}."));
        return 0;
    }

    /// <summary>
    /// The union of a polygon layer's polygons in lon/lat, e.g. the area of <c>ledger project units --within</c>; <paramref name="crs"/> is
    /// the caller's <c>--crs</c>, for a layer whose file states none.
    /// </summary>
    internal static Geometry ReadBoundary(string path, string? crs)
    {
        try
        {
            return CascadedPolygonUnion.Union(LonLatPolygons.Read(path, LayerCrs.ParseOption(crs, lonLatOnly: true), "--crs").Select(f => f.LonLat).ToList());
        }
        catch (ZoningInputException e)
        {
            throw new CliException(e.Message);
        }
    }
}
