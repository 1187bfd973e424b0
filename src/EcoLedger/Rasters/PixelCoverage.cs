using NetTopologySuite.Geometries;

namespace EcoLedger.Rasters;

/// <summary>How a pixel counts towards a polygon's statistics.</summary>
public enum CoverageMode
{
    /// <summary>Weighted by the exact fraction of the pixel's area inside the polygon (as exactextract does).</summary>
    Exact,

    /// <summary>Weight 1 when the pixel's centre lies inside the polygon, else 0 (GDAL rasterize's default, all_touched = false).</summary>
    Centre,
}

/// <summary>
/// The fraction of each pixel covered by a polygon, row by row, for a polygon in the raster's CRS (or mapped into it vertex
/// by vertex as it is read). Memory is one row of the polygon's bounding box; the polygon is taken to pixel space once
/// (never a pixel to the polygon's CRS).
/// </summary>
/// <remarks>
/// Exact mode computes, for each pixel row, the polygon clipped to the row's strip (Sutherland–Hodgman against the two
/// horizontal lines; for a half-plane this keeps the winding number of every point off the line, so it is exact for
/// concave polygons and holes too) and then splits the clipped rings' signed area −∮(y − top) dx column by column
/// (Green's theorem). The result equals exactextract's (Baston 2022, github.com/isciences/exactextract, which walks each
/// ring through the grid and flood-fills interior cells) up to floating-point rounding; methodology/rasters.md compares
/// the two. Centre mode is an even–odd scanline through the pixel centres, as GDAL's rasterizer does.
/// </remarks>
public sealed class PixelCoverage
{
    private readonly List<(double[] X, double[] Y, double Sign, double MinY, double MaxY)> _rings = [];
    private readonly CoverageMode _mode;
    private readonly int _width, _height;
    private double[] _clipX = new double[16], _clipY = new double[16], _tmpX = new double[16], _tmpY = new double[16];
    private readonly List<double> _crossings = [];

    /// <summary>Prepares the coverage of <paramref name="polygonal"/> (Polygon or MultiPolygon, in the raster's CRS) on a grid.</summary>
    /// <param name="polygonal">The unit's polygon(s).</param>
    /// <param name="transform">The raster's pixel-to-CRS mapping.</param>
    /// <param name="width">Raster columns.</param>
    /// <param name="height">Raster rows.</param>
    /// <param name="mode">Exact fractions or centre-in-polygon.</param>
    /// <param name="toRasterCrs">Maps each vertex into the raster's CRS first (<see cref="UnitCrsMapping.PointsToRaster"/>); null when
    /// the polygon is in it already.</param>
    public PixelCoverage(Geometry polygonal, GeoTransform transform, int width, int height, CoverageMode mode = CoverageMode.Exact,
        Func<double, double, (double X, double Y)>? toRasterCrs = null)
    {
        ArgumentNullException.ThrowIfNull(polygonal);
        ArgumentNullException.ThrowIfNull(transform);
        _mode = mode;
        (_width, _height) = (width, height);
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        for (int g = 0; g < polygonal.NumGeometries; g++)
        {
            if (polygonal.GetGeometryN(g) is not Polygon p || p.IsEmpty)
            {
                continue;
            }
            // The shell counts positive and the holes negative whatever their stored orientation.
            AddRing(p.ExteriorRing, outer: true);
            foreach (var hole in p.InteriorRings)
            {
                AddRing(hole, outer: false);
            }
        }
        foreach (var r in _rings)
        {
            foreach (double x in r.X)
            {
                minX = Math.Min(minX, x);
                maxX = Math.Max(maxX, x);
            }
            minY = Math.Min(minY, r.MinY);
            maxY = Math.Max(maxY, r.MaxY);
        }
        if (_rings.Count == 0)
        {
            (ColMin, ColMax, RowMin, RowMax) = (0, -1, 0, -1);
            return;
        }
        // Clamped in double before the cast: a polygon far off the raster (pixel coordinates beyond int) must not overflow.
        static int Clamp(double v, int lo, int hi) => (int)Math.Clamp(v, lo, hi);
        ColMin = Clamp(Math.Floor(minX), 0, width);
        ColMax = Clamp(Math.Ceiling(maxX) - 1, -1, width - 1);
        RowMin = Clamp(Math.Floor(minY), 0, height);
        RowMax = Clamp(Math.Ceiling(maxY) - 1, -1, height - 1);
        // A polygon of zero width (all on one pixel line) still belongs to the pixel it lies in.
        ColMax = Math.Max(ColMax, Clamp(Math.Floor(minX), -1, width - 1));
        RowMax = Math.Max(RowMax, Clamp(Math.Floor(minY), -1, height - 1));
        PixelBounds = (minX, minY, maxX, maxY);

        void AddRing(LineString ring, bool outer)
        {
            var seq = ring.CoordinateSequence;
            int n = seq.Count - 1; // closed ring: the last point repeats the first
            if (n < 3)
            {
                return;
            }
            var xs = new double[n];
            var ys = new double[n];
            double area2 = 0, lo = double.MaxValue, hi = double.MinValue;
            for (int i = 0; i < n; i++)
            {
                var (x, y) = toRasterCrs is null ? (seq.GetX(i), seq.GetY(i)) : toRasterCrs(seq.GetX(i), seq.GetY(i));
                (xs[i], ys[i]) = transform.ToPixel(x, y);
                lo = Math.Min(lo, ys[i]);
                hi = Math.Max(hi, ys[i]);
            }
            for (int i = 0; i < n; i++)
            {
                int j = i + 1 == n ? 0 : i + 1;
                area2 += (xs[i] - xs[j]) * (ys[i] + ys[j]);
            }
            double sign = (area2 > 0) == outer ? 1 : -1;
            _rings.Add((xs, ys, sign, lo, hi));
            AreaPixels += sign * area2 / 2;
        }
    }

    /// <summary>First column with coverage (clipped to the raster).</summary>
    public int ColMin { get; }

    /// <summary>Last column with coverage (clipped to the raster); less than <see cref="ColMin"/> when the polygon misses the raster.</summary>
    public int ColMax { get; }

    /// <summary>First row with coverage (clipped to the raster).</summary>
    public int RowMin { get; }

    /// <summary>Last row with coverage (clipped to the raster); less than <see cref="RowMin"/> when the polygon misses the raster.</summary>
    public int RowMax { get; }

    /// <summary>The polygon's bounding box in pixel space (unclipped): (min col, min row, max col, max row).</summary>
    public (double MinCol, double MinRow, double MaxCol, double MaxRow) PixelBounds { get; }

    /// <summary>True when some pixel of the raster may be covered.</summary>
    public bool TouchesRaster => ColMax >= ColMin && RowMax >= RowMin;

    /// <summary>The polygon's area in pixels (shells less holes), whether or not it lies on the raster.</summary>
    public double AreaPixels { get; private set; }

    /// <summary>
    /// The share of the polygon's area beyond the raster's extent: 0 for a polygon within it, 1 for one that misses it. Exact whatever
    /// the coverage mode (the area inside is summed from exact fractions), so a unit that contains no pixel centre is not taken for
    /// one outside the raster.
    /// </summary>
    public double ShareOutside()
    {
        var (minCol, minRow, maxCol, maxRow) = PixelBounds;
        // The bounds are the vertices' (edges are straight in pixel space), so bounds within the extent are a polygon within it. A
        // vertex on the extent's edge may come out of the CRS mapping a hair across it: a millionth of a pixel is taken as on it.
        const double OnEdge = 1e-6;
        if (!TouchesRaster || AreaPixels <= 0)
        {
            return TouchesRaster ? 0 : 1;
        }
        if (minCol >= -OnEdge && minRow >= -OnEdge && maxCol <= _width + OnEdge && maxRow <= _height + OnEdge)
        {
            return 0;
        }
        var exact = _mode == CoverageMode.Exact ? this : new PixelCoverage(this);
        Span<double> fractions = Columns <= 4096 ? stackalloc double[Columns] : new double[Columns];
        double inside = 0;
        for (int row = RowMin; row <= RowMax; row++)
        {
            exact.Row(row, fractions);
            foreach (double f in fractions)
            {
                inside += f;
            }
        }
        return Math.Clamp(1 - (inside / AreaPixels), 0, 1);
    }

    // The same rings on the same grid, with exact fractions.
    private PixelCoverage(PixelCoverage centre)
    {
        _rings = centre._rings;
        _mode = CoverageMode.Exact;
        (_width, _height) = (centre._width, centre._height);
        (ColMin, ColMax, RowMin, RowMax) = (centre.ColMin, centre.ColMax, centre.RowMin, centre.RowMax);
        PixelBounds = centre.PixelBounds;
        AreaPixels = centre.AreaPixels;
    }

    /// <summary>Number of columns of a row span (<see cref="ColMax"/> − <see cref="ColMin"/> + 1).</summary>
    public int Columns => Math.Max(0, ColMax - ColMin + 1);

    /// <summary>
    /// Fills <paramref name="fractions"/> (length <see cref="Columns"/>) with the covered fraction (0–1) of each pixel of
    /// <paramref name="row"/> from <see cref="ColMin"/>.
    /// </summary>
    public void Row(int row, Span<double> fractions)
    {
        fractions.Clear();
        if (_mode == CoverageMode.Centre)
        {
            CentreRow(row, fractions);
            return;
        }
        double top = row, bottom = row + 1;
        foreach (var ring in _rings)
        {
            if (ring.MaxY <= top || ring.MinY >= bottom)
            {
                continue;
            }
            int n = ClipToStrip(ring.X, ring.Y, top, bottom);
            for (int i = 0; i < n; i++)
            {
                int j = i + 1 == n ? 0 : i + 1;
                AddEdge(_clipX[i], _clipY[i] - top, _clipX[j], _clipY[j] - top, ring.Sign, fractions);
            }
        }
        for (int i = 0; i < fractions.Length; i++)
        {
            // Rounding leaves ±1e-16 on pixels the boundary only touches, and 1 ± 1e-15 inside.
            double f = fractions[i];
            fractions[i] = f < 1e-12 ? 0 : f > 1 ? 1 : f;
        }
    }

    /// <summary>Adds −∫(y) dx of one edge (y measured down from the strip's top) to the columns it spans.</summary>
    private void AddEdge(double x0, double y0, double x1, double y1, double sign, Span<double> fractions)
    {
        if (x0 == x1)
        {
            return;
        }
        double dir = x1 > x0 ? 1 : -1;
        double lo = Math.Min(x0, x1), hi = Math.Max(x0, x1);
        double slope = (y1 - y0) / (x1 - x0);
        int c0 = Math.Max(ColMin, (int)Math.Floor(lo)), c1 = Math.Min(ColMax, (int)Math.Ceiling(hi) - 1);
        for (int c = c0; c <= c1; c++)
        {
            double a = Math.Max(lo, c), b = Math.Min(hi, c + 1);
            if (b <= a)
            {
                continue;
            }
            double ya = y0 + (a - x0) * slope, yb = y0 + (b - x0) * slope;
            // The ring's signed area is −∮y dx (the sign of the whole ring was fixed in the constructor); this is the edge's
            // share in column c. Measuring y from the strip's top changes nothing round a closed ring.
            fractions[c - ColMin] -= sign * dir * (b - a) * (ya + yb) * 0.5;
        }
    }

    /// <summary>Clips a ring to top ≤ y ≤ bottom into _clipX/_clipY; returns the vertex count.</summary>
    private int ClipToStrip(double[] xs, double[] ys, double top, double bottom)
    {
        int n = xs.Length;
        Grow(ref _tmpX, ref _tmpY, 2 * n + 4);
        Grow(ref _clipX, ref _clipY, 2 * n + 4);
        int m = ClipHalf(xs, ys, n, _tmpX, _tmpY, top, keepAbove: false);
        return ClipHalf(_tmpX, _tmpY, m, _clipX, _clipY, bottom, keepAbove: true);
    }

    /// <summary>Sutherland–Hodgman against one horizontal line: keeps y ≥ line (keepAbove false) or y ≤ line (keepAbove true).</summary>
    private static int ClipHalf(double[] xs, double[] ys, int n, double[] ox, double[] oy, double line, bool keepAbove)
    {
        int m = 0;
        for (int i = 0; i < n; i++)
        {
            int j = i + 1 == n ? 0 : i + 1;
            double xa = xs[i], ya = ys[i], xb = xs[j], yb = ys[j];
            bool ina = keepAbove ? ya <= line : ya >= line;
            bool inb = keepAbove ? yb <= line : yb >= line;
            if (ina)
            {
                ox[m] = xa;
                oy[m++] = ya;
            }
            if (ina != inb)
            {
                double t = (line - ya) / (yb - ya);
                ox[m] = xa + t * (xb - xa);
                oy[m++] = line;
            }
        }
        return m;
    }

    private static void Grow(ref double[] a, ref double[] b, int size)
    {
        if (a.Length < size)
        {
            a = new double[size * 2];
            b = new double[size * 2];
        }
    }

    private void CentreRow(int row, Span<double> fractions)
    {
        double yc = row + 0.5;
        _crossings.Clear();
        foreach (var ring in _rings)
        {
            if (ring.MaxY < yc || ring.MinY > yc)
            {
                continue;
            }
            var xs = ring.X;
            var ys = ring.Y;
            int n = xs.Length;
            for (int i = 0; i < n; i++)
            {
                int j = i + 1 == n ? 0 : i + 1;
                // Half-open in y so a vertex on the scanline is counted once.
                if ((ys[i] <= yc) != (ys[j] <= yc))
                {
                    _crossings.Add(xs[i] + (yc - ys[i]) / (ys[j] - ys[i]) * (xs[j] - xs[i]));
                }
            }
        }
        _crossings.Sort();
        for (int k = 0; k + 1 < _crossings.Count; k += 2)
        {
            // Pixel c is inside when its centre c + 0.5 lies in [x_k, x_k+1).
            int c0 = Math.Max(ColMin, (int)Math.Ceiling(_crossings[k] - 0.5));
            int c1 = Math.Min(ColMax, (int)Math.Ceiling(_crossings[k + 1] - 0.5) - 1);
            for (int c = c0; c <= c1; c++)
            {
                fractions[c - ColMin] = 1;
            }
        }
    }
}
