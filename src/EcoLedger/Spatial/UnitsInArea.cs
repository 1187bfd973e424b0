using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;

namespace EcoLedger.Spatial;

/// <summary>A project unit that lies (partly) in the area asked about.</summary>
/// <param name="Project">The project.</param>
/// <param name="Unit">The unit id.</param>
/// <param name="UnitAreaKm2">The unit's equal-area area, km² (Albers, <see cref="AlbersEqualArea.China"/>).</param>
/// <param name="OverlapKm2">The equal-area area it shares with the polygon, km² (0 when it only touches the boundary).</param>
public sealed record UnitOverlap(string Project, string Unit, double UnitAreaKm2, double OverlapKm2);

/// <summary>
/// "Which registered project units lie in this polygon, and how much of each": the in-memory (NTS) form of the query, which the
/// PostgreSQL store runs in PostGIS instead (same predicate, same projection, same overlay), and the definitions both share.
/// </summary>
/// <remarks>
/// A unit is listed when its outline intersects the polygon (OGC <c>ST_Intersects</c>, boundary contact included), tested on the
/// lon/lat coordinates as stored; areas are measured after projecting both to <see cref="AlbersEqualArea.China"/>, whose
/// parameters <see cref="AlbersProj4"/> repeats for PROJ. Unit outlines are stored in CGCS2000 lon/lat (<see cref="Srid"/>).
/// </remarks>
public static class UnitsInArea
{
    /// <summary>The EPSG code of stored unit outlines: CGCS2000 geographic (lon/lat), China's national datum.</summary>
    public const int Srid = SupportedCrs.Cgcs2000;

    /// <summary>CGCS2000 lon/lat as a PROJ string (GRS80 ellipsoid, no datum shift), the source of <see cref="AlbersProj4"/>.</summary>
    public const string LonLatProj4 = "+proj=longlat +a=6378137 +rf=298.257222101 +no_defs";

    /// <summary><see cref="AlbersEqualArea.China"/> as a PROJ string, for PostGIS's <c>ST_Transform(geom, from_proj, to_proj)</c>.</summary>
    public static string AlbersProj4 { get; } = string.Create(CultureInfo.InvariantCulture,
        $"+proj=aea +lat_0=0 +lon_0={AlbersEqualArea.China.CentralMeridianDeg} +lat_1={AlbersEqualArea.China.StandardParallel1Deg} " +
        $"+lat_2={AlbersEqualArea.China.StandardParallel2Deg} +x_0=0 +y_0=0 +a=6378137 +rf=298.257222101 +units=m +no_defs");

    /// <summary>Checks the query polygon: a valid, non-empty (multi)polygon in CGCS2000 lon/lat.</summary>
    /// <exception cref="ArgumentException">Names what is wrong.</exception>
    public static void RequireArea(Geometry area)
    {
        ArgumentNullException.ThrowIfNull(area);
        if (area is not (Polygon or MultiPolygon) || area.IsEmpty)
        {
            throw new ArgumentException($"The area must be a non-empty Polygon or MultiPolygon, not {area.GeometryType}.", nameof(area));
        }
        if (area.SRID != Srid)
        {
            throw new ArgumentException($"The area is in EPSG:{area.SRID}; unit outlines are stored in EPSG:{Srid} (CGCS2000 lon/lat).", nameof(area));
        }
        if (!area.IsValid)
        {
            throw new ArgumentException("The area is not a valid polygon.", nameof(area));
        }
    }

    /// <summary>The units among <paramref name="units"/> that intersect <paramref name="area"/>, ordered by project then unit (ordinal).</summary>
    public static IReadOnlyList<UnitOverlap> Find(IEnumerable<(string Project, string Unit, Geometry Outline)> units, Geometry area)
    {
        ArgumentNullException.ThrowIfNull(units);
        RequireArea(area);
        var prepared = PreparedGeometryFactory.Prepare(area);
        var areaPlane = AlbersEqualArea.China.Project(area);
        var result = new List<UnitOverlap>();
        foreach (var (project, unit, outline) in units)
        {
            if (!area.EnvelopeInternal.Intersects(outline.EnvelopeInternal) || !prepared.Intersects(outline))
            {
                continue;
            }
            var plane = AlbersEqualArea.China.Project(outline);
            double overlap = OverlayNGRobust.Overlay(plane, areaPlane, SpatialFunction.Intersection).Area;
            result.Add(new UnitOverlap(project, unit, plane.Area / 1_000_000d, overlap / 1_000_000d));
        }
        return result.OrderBy(u => u.Project, StringComparer.Ordinal).ThenBy(u => u.Unit, StringComparer.Ordinal).ToList();
    }
}
