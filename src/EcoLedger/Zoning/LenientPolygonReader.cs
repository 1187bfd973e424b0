using System.Text.Json;
using NetTopologySuite.Geometries;

namespace EcoLedger.Zoning;

/// <summary>
/// Reads a GeoJSON Polygon or MultiPolygon whose rings are not closed, closing each ring by repeating its first point.
/// Used only after the strict reader refused the geometry, so that the problem can be named (and repaired with --fix).
/// </summary>
internal static class LenientPolygonReader
{
    private static readonly GeometryFactory Factory = NetTopologySuite.NtsGeometryServices.Instance.CreateGeometryFactory();

    /// <summary>The geometry with its rings closed, or null when it is not a (Multi)Polygon of readable rings.</summary>
    public static Geometry? TryRead(JsonElement geometry)
    {
        try
        {
            string? type = geometry.GetProperty("type").GetString();
            var coordinates = geometry.GetProperty("coordinates");
            return type switch
            {
                "Polygon" => ReadPolygon(coordinates),
                "MultiPolygon" => Factory.CreateMultiPolygon(coordinates.EnumerateArray().Select(ReadPolygon).ToArray()),
                _ => null,
            };
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
        {
            return null;
        }
    }

    private static Polygon ReadPolygon(JsonElement rings)
    {
        var closed = rings.EnumerateArray().Select(ReadRing).ToArray();
        return Factory.CreatePolygon(closed[0], closed[1..]);
    }

    private static LinearRing ReadRing(JsonElement ring)
    {
        var points = ring.EnumerateArray().Select(p => new Coordinate(p[0].GetDouble(), p[1].GetDouble())).ToList();
        if (points.Count > 0 && !points[0].Equals2D(points[^1]))
        {
            points.Add(points[0].Copy());
        }
        return Factory.CreateLinearRing(points.ToArray());
    }
}
