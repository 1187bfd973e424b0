using System.Globalization;
using EcoLedger.Spatial;
using NetTopologySuite.Geometries;

namespace EcoLedger.Rasters;

/// <summary>
/// Takes unit polygons (or their vertices, as a pass over a raster reads them) from the units' CRS into a raster's CRS; the
/// pixels are never reprojected.
/// WGS 84 (4326) and CGCS2000 (4490) longitude/latitude are treated as one system: they differ by a few centimetres,
/// far below any monitoring raster's pixel. Beijing 1954 (4214) differs from both by up to about 100 m and is only
/// accepted with itself.
/// </summary>
public static class UnitCrsMapping
{
    /// <summary>Why units in <paramref name="units"/> cannot be matched with a raster in <paramref name="raster"/>, or null when they can.</summary>
    public static string? Mismatch(SupportedCrs units, SupportedCrs raster)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(raster);
        bool unitsBeijing = !units.IsUserDefined && units.Epsg == SupportedCrs.Beijing1954, rasterBeijing = !raster.IsUserDefined && raster.Epsg == SupportedCrs.Beijing1954;
        return unitsBeijing == rasterBeijing
            ? null
            : string.Create(CultureInfo.InvariantCulture,
                $"the units are in {units.Code} ({units.Name}) and the raster in {raster.Code} ({raster.Name}); Beijing 1954 is up to about 100 m from CGCS2000/WGS 84 and EcoLedger has no datum shift for it: reproject one of them (e.g. gdalwarp -t_srs EPSG:4490)");
    }

    /// <summary>
    /// The mapping of a point from the units' CRS into the raster's, or null when the systems agree: what <see cref="ToRaster"/>
    /// does to each vertex, for a caller that reads the vertices once (pixel coverage) and need not keep a projected copy of
    /// every polygon (for 433,306 grid units, ≈ 0.4 GB of the heap while the copies were made).
    /// </summary>
    public static Func<double, double, (double X, double Y)>? PointsToRaster(SupportedCrs units, SupportedCrs raster)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(raster);
        if (units.SameAs(raster) || (units.IsGeographic && raster.IsGeographic))
        {
            return null;
        }
        if (raster.IsGeographic)
        {
            return units.ToLonLat;
        }
        var fromLonLat = raster.FromLonLat();
        return units.IsGeographic ? fromLonLat : (x, y) =>
        {
            var (lon, lat) = units.ToLonLat(x, y);
            return fromLonLat(lon, lat);
        };
    }

    /// <summary>The polygon in the raster's CRS (the same instance when the systems agree).</summary>
    public static Geometry ToRaster(Geometry geometry, SupportedCrs units, SupportedCrs raster)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (units.SameAs(raster) || (units.IsGeographic && raster.IsGeographic))
        {
            return geometry;
        }
        var lonLat = units.ToGeographic(geometry);
        return raster.IsGeographic ? lonLat : raster.FromGeographic(lonLat);
    }
}
