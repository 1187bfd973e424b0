using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;

namespace EcoLedger.Spatial;

/// <summary>One intersecting pair of an overlay: indexes into the left and right lists and the area they share.</summary>
/// <param name="Left">Index in the left list.</param>
/// <param name="Right">Index in the right list.</param>
/// <param name="AreaM2">Area of the intersection in the plane's square metres (0 when the pair only touches, or when areas were not asked for).</param>
public readonly record struct OverlayHit(int Left, int Right, double AreaM2);

/// <summary>
/// Where the polygon overlays of <c>zones screen</c> and of the "units in a polygon" query are computed: in memory with
/// NetTopologySuite (<see cref="NtsPolygonOverlay"/>), or in PostGIS when the store is PostgreSQL. Both lists are in one plane
/// (metres, equal-area) with the same meaning of "intersects" (boundary contact included, the OGC DE-9IM predicate) and of
/// the intersection area (OverlayNG in NTS; GEOS, its C++ port, in PostGIS).
/// </summary>
public interface IPolygonOverlay
{
    /// <summary>Every intersecting (left, right) pair, ordered by left then right, with the intersection area.</summary>
    IReadOnlyList<OverlayHit> Intersections(IReadOnlyList<Geometry> left, IReadOnlyList<Geometry> right);

    /// <summary>The indexes of the left polygons that intersect (or touch) at least one right polygon.</summary>
    IReadOnlySet<int> Touching(IReadOnlyList<Geometry> left, IReadOnlyList<Geometry> right);
}

/// <summary>The in-memory overlay: an STR-tree over the right polygons, prepared left polygons, OverlayNG for areas.</summary>
public sealed class NtsPolygonOverlay : IPolygonOverlay
{
    /// <summary>The one instance (stateless).</summary>
    public static NtsPolygonOverlay Instance { get; } = new();

    private NtsPolygonOverlay()
    {
    }

    /// <inheritdoc/>
    public IReadOnlyList<OverlayHit> Intersections(IReadOnlyList<Geometry> left, IReadOnlyList<Geometry> right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var tree = Tree(right);
        var hits = new List<OverlayHit>();
        for (int i = 0; i < left.Count; i++)
        {
            var prepared = PreparedGeometryFactory.Prepare(left[i]);
            foreach (int j in tree.Query(left[i].EnvelopeInternal).Order())
            {
                if (prepared.Intersects(right[j]))
                {
                    hits.Add(new OverlayHit(i, j, OverlayNGRobust.Overlay(left[i], right[j], SpatialFunction.Intersection).Area));
                }
            }
        }
        return hits;
    }

    /// <inheritdoc/>
    public IReadOnlySet<int> Touching(IReadOnlyList<Geometry> left, IReadOnlyList<Geometry> right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var tree = Tree(right);
        var result = new HashSet<int>();
        for (int i = 0; i < left.Count; i++)
        {
            var prepared = PreparedGeometryFactory.Prepare(left[i]);
            if (tree.Query(left[i].EnvelopeInternal).Any(j => prepared.Intersects(right[j])))
            {
                result.Add(i);
            }
        }
        return result;
    }

    private static STRtree<int> Tree(IReadOnlyList<Geometry> polygons)
    {
        var tree = new STRtree<int>();
        for (int j = 0; j < polygons.Count; j++)
        {
            tree.Insert(polygons[j].EnvelopeInternal, j);
        }
        tree.Build();
        return tree;
    }
}
