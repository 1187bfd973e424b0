using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Implementation;

namespace EcoLedger.Spatial;

/// <summary>The one geometry factory of the unit polygons read from files.</summary>
public static class PackedGeometry
{
    /// <summary>
    /// Polygons whose coordinates are packed in one array of doubles per ring (16 bytes a vertex) instead of one
    /// <see cref="Coordinate"/> object per vertex (≈ 40 bytes with its array slot). A raster run holds every unit's polygon
    /// through its zonal passes, so this sets much of its memory: the pipeline over a 1 km grid of 106,799 units peaked at
    /// 696 MB with coordinate objects and 550 MB packed (RASTERS.md). The code that walks coordinates (pixel coverage,
    /// reprojection) reads the sequences by index, which packing does not slow.
    /// </summary>
    public static GeometryFactory Factory { get; } =
        NetTopologySuite.NtsGeometryServices.Instance.CreateGeometryFactory(PackedCoordinateSequenceFactory.DoubleFactory);
}
