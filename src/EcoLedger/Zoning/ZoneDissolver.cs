using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.OverlayNG;

namespace EcoLedger.Zoning;

/// <summary>
/// Groups adjacent units of the same tier and dissolves each group into one zone geometry, without pairwise loops:
/// exact shared edges are found through a hash of ring segments, the remaining candidate pairs through an STR-tree,
/// groups are kept in a union–find, and each group is merged with a coverage union (falling back to OverlayNG's
/// robust unary union when the group is not a clean coverage).
/// </summary>
/// <remarks>
/// Adjacency rule: with <c>snap = 0</c>, two units are adjacent when their boundaries share a line segment of positive
/// length (or their interiors overlap); touching at a single point (a diagonal neighbour in a grid) is not adjacency.
/// With <c>snap &gt; 0</c>, two units are adjacent when the distance between them is at most <c>snap</c> metres,
/// measured in the equal-area plane; a point touch is then adjacency too (its distance is 0).
/// </remarks>
public static class ZoneDissolver
{
    /// <summary>Finds the groups of adjacent same-tier units.</summary>
    /// <param name="geometries">Unit geometries in the input CRS (used for the topological test when snap is 0).</param>
    /// <param name="projected">The same geometries in metres (used for the snap distance).</param>
    /// <param name="tierOf">Each unit's tier index, or −1 for no tier (never grouped).</param>
    /// <param name="snapMetres">The snap distance in metres, ≥ 0.</param>
    /// <returns>Groups of unit indices, each sorted ascending, ordered by their first index.</returns>
    public static IReadOnlyList<int[]> Group(IReadOnlyList<Geometry> geometries, IReadOnlyList<Geometry> projected,
        IReadOnlyList<int> tierOf, double snapMetres)
    {
        ArgumentNullException.ThrowIfNull(geometries);
        ArgumentNullException.ThrowIfNull(projected);
        ArgumentNullException.ThrowIfNull(tierOf);
        if (!(snapMetres >= 0) || double.IsInfinity(snapMetres))
        {
            throw new ArgumentOutOfRangeException(nameof(snapMetres), snapMetres, "The snap distance must be finite and ≥ 0 metres.");
        }
        int n = geometries.Count;
        var sets = new UnionFind(n);

        // 1. Exact shared edges: a segment seen in two units of the same tier joins them.
        var firstOwner = new Dictionary<SegmentKey, int>();
        for (int i = 0; i < n; i++)
        {
            if (tierOf[i] < 0)
            {
                continue;
            }
            foreach (var ring in Rings(geometries[i]))
            {
                var seq = ring.CoordinateSequence;
                for (int k = 1; k < seq.Count; k++)
                {
                    var key = SegmentKey.Of(tierOf[i], seq.GetX(k - 1), seq.GetY(k - 1), seq.GetX(k), seq.GetY(k));
                    if (!firstOwner.TryAdd(key, i))
                    {
                        sets.Union(firstOwner[key], i);
                    }
                }
            }
        }
        firstOwner = null;

        // 2. Everything else (partly shared edges, overlaps, snap distance): candidate pairs from an STR-tree.
        var tree = new STRtree<int>();
        for (int i = 0; i < n; i++)
        {
            if (tierOf[i] >= 0)
            {
                tree.Insert(projected[i].EnvelopeInternal, i);
            }
        }
        tree.Build();
        for (int i = 0; i < n; i++)
        {
            if (tierOf[i] < 0)
            {
                continue;
            }
            var search = new Envelope(projected[i].EnvelopeInternal);
            search.ExpandBy(snapMetres);
            foreach (int j in tree.Query(search))
            {
                if (j <= i || tierOf[j] != tierOf[i] || sets.Find(i) == sets.Find(j))
                {
                    continue;
                }
                if (snapMetres > 0 ? projected[i].IsWithinDistance(projected[j], snapMetres) : SharesEdgeOrOverlaps(geometries[i], geometries[j]))
                {
                    sets.Union(i, j);
                }
            }
        }

        var groups = new Dictionary<int, List<int>>();
        var order = new List<List<int>>();
        for (int i = 0; i < n; i++)
        {
            if (tierOf[i] < 0)
            {
                continue;
            }
            int root = sets.Find(i);
            if (!groups.TryGetValue(root, out var members))
            {
                members = [];
                groups[root] = members;
                order.Add(members);
            }
            members.Add(i);
        }
        return order.Select(g => g.ToArray()).ToList();
    }

    /// <summary>True when the boundaries share a line (dimension 1) or the interiors overlap (dimension 2).</summary>
    public static bool SharesEdgeOrOverlaps(Geometry a, Geometry b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a.EnvelopeInternal.Intersects(b.EnvelopeInternal))
        {
            return false;
        }
        var m = a.Relate(b);
        return m.Get(Location.Boundary, Location.Boundary) == Dimension.Curve || m.Get(Location.Interior, Location.Interior) == Dimension.Surface;
    }

    /// <summary>
    /// The union of a group's polygons: a coverage union (edges shared exactly cancel out) when it keeps the total area
    /// (rings that touch themselves at a vertex are rewritten as shell + hole by MakeValid), otherwise OverlayNG's robust
    /// unary union. Always a valid Polygon or MultiPolygon.
    /// </summary>
    public static Geometry Union(IReadOnlyList<Geometry> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("A zone needs at least one member.", nameof(members));
        }
        if (members.Count == 1)
        {
            return members[0].Copy();
        }
        double areaSum = members.Sum(m => m.Area);
        try
        {
            var coverage = NetTopologySuite.Coverage.CoverageUnion.Union(members.ToArray());
            if (coverage is Polygon or MultiPolygon && KeepsArea(coverage, areaSum))
            {
                if (coverage.IsValid)
                {
                    return coverage;
                }
                // The edges are right but a ring touches itself at a vertex (a hole meeting the shell at one point),
                // which OGC validity wants written as shell + hole: MakeValid rewrites the rings without moving any edge.
                var rewritten = PolygonLayer.Polygonal(GeometryFixer.Fix(coverage));
                if (rewritten is not null && KeepsArea(rewritten, areaSum) && rewritten.IsValid)
                {
                    return rewritten;
                }
            }
        }
        catch (Exception e) when (e is TopologyException or ArgumentException or InvalidOperationException)
        {
            // Not a clean coverage: use the general union below.
        }
        var factory = members[0].Factory;
        var union = OverlayNGRobust.Union(members, factory);
        return PolygonLayer.Polygonal(union) ?? throw new InvalidOperationException("The union of polygons has no polygonal part.");
    }

    private static bool KeepsArea(Geometry g, double areaSum) => Math.Abs(g.Area - areaSum) <= 1e-9 * areaSum;

    private static IEnumerable<LineString> Rings(Geometry g)
    {
        for (int p = 0; p < g.NumGeometries; p++)
        {
            if (g.GetGeometryN(p) is Polygon polygon)
            {
                yield return polygon.ExteriorRing;
                foreach (var hole in polygon.InteriorRings)
                {
                    yield return hole;
                }
            }
        }
    }

    private readonly record struct SegmentKey(int Tier, double X0, double Y0, double X1, double Y1)
    {
        public static SegmentKey Of(int tier, double ax, double ay, double bx, double by) =>
            ax < bx || (ax == bx && ay <= by) ? new(tier, ax, ay, bx, by) : new(tier, bx, by, ax, ay);
    }

    private sealed class UnionFind
    {
        private readonly int[] _parent;
        private readonly byte[] _rank;

        public UnionFind(int n)
        {
            _parent = new int[n];
            _rank = new byte[n];
            for (int i = 0; i < n; i++)
            {
                _parent[i] = i;
            }
        }

        public int Find(int i)
        {
            while (_parent[i] != i)
            {
                _parent[i] = _parent[_parent[i]];
                i = _parent[i];
            }
            return i;
        }

        public void Union(int a, int b)
        {
            int ra = Find(a), rb = Find(b);
            if (ra == rb)
            {
                return;
            }
            if (_rank[ra] < _rank[rb])
            {
                (ra, rb) = (rb, ra);
            }
            _parent[rb] = ra;
            if (_rank[ra] == _rank[rb])
            {
                _rank[ra]++;
            }
        }
    }
}
