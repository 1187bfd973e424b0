using NetTopologySuite.Features;

namespace EcoLedger.Zoning;

/// <summary>The coordinate reference system a layer is written in: its EPSG code, name and OGC WKT definition.</summary>
/// <param name="Epsg">The EPSG code.</param>
/// <param name="Name">The CRS's name.</param>
/// <param name="Wkt">Its definition in OGC WKT (WKT 1, as GeoPackage's <c>definition</c> column takes it).</param>
public sealed record LayerSrs(int Epsg, string Name, string Wkt)
{
    /// <summary>CGCS2000 geographic (EPSG:4490), lon/lat in degrees: what <c>units grid</c> writes.</summary>
    public static LayerSrs Cgcs2000 { get; } = new(Spatial.SupportedCrs.Cgcs2000, "China Geodetic Coordinate System 2000", Spatial.SupportedCrs.Cgcs2000Wkt);
}

/// <summary>Writes a polygon layer in a format kept out of the core (found like the readers, by <see cref="FeatureLayerFormats.WriterFor"/>).</summary>
public interface IFeatureLayerWriter
{
    /// <summary>The file extensions it writes, lower case with the dot (<c>.gpkg</c>).</summary>
    IReadOnlyList<string> Extensions { get; }

    /// <summary>
    /// Writes <paramref name="features"/> (Polygons or MultiPolygons, all with the attributes of the first: strings, numbers) as
    /// one layer named <paramref name="layerName"/>, replacing <paramref name="path"/> only once the whole file is written. The
    /// features are taken one at a time as they are written, so a layer of any size can be streamed.
    /// </summary>
    void Write(string path, string layerName, IEnumerable<IFeature> features, LayerSrs srs);
}
