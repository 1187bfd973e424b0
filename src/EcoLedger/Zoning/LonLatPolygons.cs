using System.Globalization;
using EcoLedger.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace EcoLedger.Zoning;

/// <summary>A polygon of a boundary layer in CGCS2000 longitude/latitude.</summary>
/// <param name="Number">The feature's position in the file, from 1.</param>
/// <param name="LonLat">The (Multi)Polygon in lon/lat degrees: as read, or reprojected from the layer's projected CRS.</param>
/// <param name="Attributes">The feature's properties as read.</param>
public sealed record LonLatPolygon(int Number, Geometry LonLat, IReadOnlyDictionary<string, object?> Attributes);

/// <summary>
/// A region's boundary or its administrative polygons (townships, forest compartments) as a bureau keeps them: GeoJSON,
/// GeoPackage or Shapefile, in lon/lat or in a CGCS2000 Gauss–Krüger zone (a compartment map's usual CRS), taken to lon/lat.
/// </summary>
public static class LonLatPolygons
{
    /// <summary>Reads every feature of a polygon layer into lon/lat, or reports every problem at once.</summary>
    /// <param name="path">A .geojson/.json, .gpkg or .shp file.</param>
    /// <param name="declared">The CRS given on the command line (<see cref="LayerCrs.ParseOption(string?, bool)"/>), or null for the file's, else detected.</param>
    /// <param name="crsOption">The caller's option that declares the CRS (e.g. <c>--crs</c>), named in messages; null when it has none.</param>
    /// <exception cref="ZoningInputException">The file cannot be read, a feature is not a valid (Multi)Polygon, or the CRS is
    /// projected without a system EcoLedger can take to lon/lat.</exception>
    public static IReadOnlyList<LonLatPolygon> Read(string path, LayerCrs? declared, string? crsOption)
    {
        var raw = FeatureLayerReader.Read(path, idField: "");
        var problems = new List<ZoningProblem>();
        var accepted = new List<(RawFeature Raw, Geometry Geometry)>(raw.Features.Count);
        foreach (var f in raw.Features)
        {
            string subject = string.Create(CultureInfo.InvariantCulture, $"feature #{f.Number}");
            if (f.Geometry is not (Polygon or MultiPolygon) || f.Geometry.IsEmpty)
            {
                problems.Add(new ZoningProblem(path, subject, f.GeometryError is { } error
                    ? $"the geometry cannot be read: {error}"
                    : $"expected a Polygon or MultiPolygon, found {(f.Geometry is null ? "none" : f.Geometry.GeometryType)}."));
                continue;
            }
            if (f.RingsWereUnclosed)
            {
                problems.Add(new ZoningProblem(path, subject, "invalid polygon: a ring is not closed (its last point differs from its first)."));
                continue;
            }
            if (new IsValidOp(f.Geometry).ValidationError is { } v)
            {
                problems.Add(new ZoningProblem(path, subject, string.Create(CultureInfo.InvariantCulture, $"invalid polygon: {v.Message} at ({v.Coordinate.X}, {v.Coordinate.Y}).")));
                continue;
            }
            accepted.Add((f, f.Geometry));
        }
        if (raw.Features.Count == 0)
        {
            problems.Add(new ZoningProblem(path, null, "expected a layer with at least one polygon."));
        }
        var crs = LayerCrs.Resolve(path, declared, raw.FileCrs,
            accepted.Select(a => ($"feature #{a.Raw.Number}", a.Geometry.EnvelopeInternal)).ToList(), problems, lonLatOnly: true);
        var reprojection = crs.Kind == CoordinateKind.Geographic ? null : crs.Reprojection;
        if (problems.Count == 0 && crs.Kind != CoordinateKind.Geographic && reprojection is null)
        {
            problems.Add(new ZoningProblem(path, null,
                $"has projected coordinates, CRS {crs.Describe()}, in no system EcoLedger can take to longitude/latitude; expected CGCS2000 or " +
                $"WGS 84 lon/lat, or a CGCS2000 Gauss–Krüger zone stated by the file (.prj, GeoPackage){(crsOption is null ? "" : $" or by {crsOption} EPSG:<code>")}; " +
                "or reproject it (e.g. ogr2ogr -t_srs EPSG:4490)."));
        }
        if (problems.Count == 0 && crs.Kind == CoordinateKind.Geographic && crs.Epsg == SupportedCrs.Beijing1954)
        {
            // As for rasters (UnitCrsMapping.Mismatch): the two datums differ by up to about 100 m and EcoLedger has no shift between them.
            problems.Add(new ZoningProblem(path, null,
                $"is in EPSG:{SupportedCrs.Beijing1954} (Beijing 1954), up to about 100 m from CGCS2000/WGS 84, and EcoLedger has no datum shift for it; " +
                "reproject it (e.g. ogr2ogr -t_srs EPSG:4490)."));
        }
        if (problems.Count > 0)
        {
            throw new ZoningInputException(problems);
        }
        return [.. accepted.Select(a => new LonLatPolygon(a.Raw.Number, reprojection is null ? a.Geometry : reprojection.ToGeographic(a.Geometry), a.Raw.Attributes))];
    }
}
