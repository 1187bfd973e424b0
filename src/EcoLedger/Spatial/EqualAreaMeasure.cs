using EcoLedger.Quantities;
using NetTopologySuite.Geometries;

namespace EcoLedger.Spatial;

/// <summary>How a geometry's coordinates are to be read.</summary>
public enum CoordinateKind
{
    /// <summary>Longitude/latitude in degrees (CGCS2000 EPSG:4490 or WGS84 EPSG:4326): projected before measuring.</summary>
    Geographic,

    /// <summary>Already projected, in metres: measured as it is.</summary>
    ProjectedMetres,
}

/// <summary>Measures areas honestly: geographic coordinates go through <see cref="AlbersEqualArea.China"/> first.</summary>
public static class EqualAreaMeasure
{
    /// <summary>
    /// Guesses the coordinate kind from the envelope: every coordinate within ±180° / ±90° is read as geographic.
    /// A projected layer in metres never fits in that box unless it is smaller than 180 m across, which no accounting
    /// unit layer is.
    /// </summary>
    public static CoordinateKind Detect(Envelope envelope) =>
        envelope.MinX >= -180 && envelope.MaxX <= 180 && envelope.MinY >= -90 && envelope.MaxY <= 90
            ? CoordinateKind.Geographic
            : CoordinateKind.ProjectedMetres;

    /// <summary>Maps an EPSG code to a coordinate kind: the geographic codes of <see cref="SupportedCrs"/> (4214, 4326, 4490) are geographic, any other is projected.</summary>
    public static CoordinateKind FromEpsg(int epsg) => SupportedCrs.Find(epsg) is { IsGeographic: true } ? CoordinateKind.Geographic : CoordinateKind.ProjectedMetres;

    /// <summary>The area of a (multi)polygon.</summary>
    public static Area AreaOf(Geometry geometry, CoordinateKind kind)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var planar = kind == CoordinateKind.Geographic ? AlbersEqualArea.China.Project(geometry) : geometry;
        return Area.FromSquareMetres(planar.Area);
    }
}
