using System.Globalization;
using EcoLedger.Spatial;
using EcoLedger.Valuation;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Operation.OverlayNG;

namespace EcoLedger.Rasters;

/// <summary>One accounting unit built by <see cref="UnitGrid"/>: the part of one grid cell covered by one ecosystem.</summary>
/// <param name="UnitId">Cell id and ecosystem, e.g. <c>G0012-0007-forest</c>.</param>
/// <param name="Ecosystem">The ecosystem of the land-cover classes it gathers.</param>
/// <param name="Subtype">The subtype of largest coverage among those classes (None when none has one).</param>
/// <param name="Geometry">The land-cover pixels of the ecosystem inside the cell and the boundary, in CGCS2000 lon/lat (EPSG:4490).</param>
/// <param name="AreaHectares">Area of <paramref name="Geometry"/> in the Albers equal-area projection for China.</param>
public sealed record GridUnit(string UnitId, Ecosystem Ecosystem, EcosystemSubtype Subtype, Geometry Geometry, double AreaHectares);

/// <summary>
/// <c>units grid</c>: accounting units as the intersection of a square grid with land-cover patches, one unit per
/// (cell, ecosystem), which is how many bureaus define their units. The grid is laid in the Albers equal-area projection
/// for China (<see cref="AlbersEqualArea.China"/>), so cells are true squares of the given size in metres; each cell is
/// clipped to the boundary, taken once into the land cover's CRS, and its pixels (by exact coverage) grouped by the
/// ecosystem of their class; a group's geometry is the union of its pixels clipped to the cell.
/// </summary>
public static class UnitGrid
{
    /// <summary>
    /// The share of a cell's (or a unit's, in <c>gep prepare</c>) area a raster may leave uncovered before it is refused: a millionth,
    /// rounding where a boundary drawn on the raster's edge is taken through the CRS mapping, not land the raster does not see.
    /// </summary>
    internal const double UncoveredShareAllowed = 1e-6;

    /// <summary>The smallest and largest cell side <see cref="Stream"/> takes, in metres.</summary>
    public const double MinCellMetres = 10, MaxCellMetres = 100_000;

    /// <summary>
    /// Builds the units, cell after cell as the caller takes them, so a writer can stream a region of a million units (a finer
    /// cell, a larger region) without holding them. Problems (a class the table lacks, a boundary outside the raster) are
    /// added to <paramref name="problems"/>, not thrown, and are known only when the sequence ends: the caller writes to a
    /// temporary file and keeps it only when <paramref name="problems"/> is then empty.
    /// </summary>
    /// <param name="boundaryLonLat">The region, in CGCS2000/WGS 84 lon/lat.</param>
    /// <param name="cellMetres">Cell side in metres.</param>
    /// <param name="landCover">The land-cover raster.</param>
    /// <param name="band">Its band, from 1.</param>
    /// <param name="classes">The class table.</param>
    /// <param name="problems">Receives every problem as a sentence.</param>
    /// <param name="onProgress">Called with (rows of cells done, rows in all) once before the first row and after each row, or null; a
    /// region of 30,000 km² at 1 km is ~200 rows, each a few hundred cells.</param>
    /// <param name="cancel">Checked between cells.</param>
    public static IEnumerable<GridUnit> Stream(Geometry boundaryLonLat, double cellMetres, GeoTiffRaster landCover, int band, LandCoverTable classes,
        List<string> problems, Action<int, int>? onProgress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(boundaryLonLat);
        ArgumentNullException.ThrowIfNull(landCover);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(problems);
        if (!(cellMetres >= MinCellMetres && cellMetres <= MaxCellMetres))
        {
            throw new ArgumentOutOfRangeException(nameof(cellMetres), cellMetres, "The cell size must be from 10 m to 100 km.");
        }
        var lonLatCrs = SupportedCrs.Find(SupportedCrs.Cgcs2000)!;
        if (UnitCrsMapping.Mismatch(lonLatCrs, landCover.Crs) is { } why)
        {
            problems.Add($"{landCover.DisplayName}: CRS mismatch: {why}.");
            yield break;
        }
        var rasterBand = landCover.Band(band);
        var factory = boundaryLonLat.Factory;
        // Densified first: a straight edge in lon/lat (a parallel, say) is curved in Albers and would otherwise be cut short.
        var albers = AlbersEqualArea.China.ProjectDensified(boundaryLonLat);
        var prepared = PreparedGeometryFactory.Prepare(albers);
        var env = albers.EnvelopeInternal;
        long col0 = (long)Math.Floor(env.MinX / cellMetres), col1 = (long)Math.Ceiling(env.MaxX / cellMetres);
        long row0 = (long)Math.Floor(env.MinY / cellMetres), row1 = (long)Math.Ceiling(env.MaxY / cellMetres);
        var run = new Run(landCover, rasterBand, classes, factory, lonLatCrs);
        int rows = (int)(row1 - row0);
        onProgress?.Invoke(0, rows);
        // Rows from north to south so the land cover's blocks are read in order.
        for (long gy = row1 - 1; gy >= row0; gy--)
        {
            for (long gx = col0; gx < col1; gx++)
            {
                cancel.ThrowIfCancellationRequested();
                var cell = factory.ToGeometry(new Envelope(gx * cellMetres, (gx + 1) * cellMetres, gy * cellMetres, (gy + 1) * cellMetres));
                if (!prepared.Intersects(cell))
                {
                    continue;
                }
                var piece = prepared.Covers(cell) ? cell : cell.Intersection(albers);
                if (piece.IsEmpty || piece.Area <= 0)
                {
                    continue;
                }
                string cellId = string.Create(CultureInfo.InvariantCulture, $"G{gx - col0:0000}-{row1 - 1 - gy:0000}");
                foreach (var unit in run.AddCell(cellId, AlbersEqualArea.China.Unproject(piece), piece.Area / 10_000))
                {
                    yield return unit;
                }
            }
            onProgress?.Invoke((int)(row1 - gy), rows);
        }
        run.Finish(problems, "grid cell");
    }

    /// <summary>
    /// Builds the units from given polygons instead of a grid (administrative units such as townships or forest
    /// compartments): one unit per (polygon, ecosystem), named <c>{id}-{ecosystem}</c>. The polygons must not overlap
    /// (their units would count the same land twice) and their ids must be distinct. Polygon after polygon as the caller takes
    /// them, with the problems known at the end (see <see cref="Stream"/>).
    /// </summary>
    /// <param name="polygonsLonLat">Each polygon's id and geometry, in CGCS2000/WGS 84 lon/lat.</param>
    /// <param name="landCover">The land-cover raster.</param>
    /// <param name="band">Its band, from 1.</param>
    /// <param name="classes">The class table.</param>
    /// <param name="problems">Receives every problem as a sentence.</param>
    /// <param name="onProgress">Called with (polygons done, polygons in all) once before the first polygon and after each, or null.</param>
    /// <param name="cancel">Checked between polygons.</param>
    public static IEnumerable<GridUnit> StreamFromPolygons(IReadOnlyList<(string Id, Geometry LonLat)> polygonsLonLat, GeoTiffRaster landCover, int band,
        LandCoverTable classes, List<string> problems, Action<int, int>? onProgress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(polygonsLonLat);
        ArgumentNullException.ThrowIfNull(landCover);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(problems);
        var lonLatCrs = SupportedCrs.Find(SupportedCrs.Cgcs2000)!;
        if (UnitCrsMapping.Mismatch(lonLatCrs, landCover.Crs) is { } why)
        {
            problems.Add($"{landCover.DisplayName}: CRS mismatch: {why}.");
            yield break;
        }
        foreach (var dup in polygonsLonLat.GroupBy(p => p.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Take(5))
        {
            problems.Add($"polygon id '{dup.Key}' is given {dup.Count()} times; expected one polygon per id (the unit ids are built from it).");
        }
        // Overlaps, measured in the equal-area plane: a shared edge is fine, shared area would be accounted twice.
        var albers = polygonsLonLat.Select(p => AlbersEqualArea.China.ProjectDensified(p.LonLat)).ToArray();
        var index = new NetTopologySuite.Index.Strtree.STRtree<int>();
        for (int i = 0; i < albers.Length; i++)
        {
            index.Insert(albers[i].EnvelopeInternal, i);
        }
        int overlaps = 0;
        for (int i = 0; i < albers.Length && overlaps < 3; i++)
        {
            foreach (int j in index.Query(albers[i].EnvelopeInternal).Where(j => j > i).Order())
            {
                double shared = albers[i].Intersection(albers[j]).Area;
                if (shared > 1.0)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture,
                        $"polygons '{polygonsLonLat[i].Id}' and '{polygonsLonLat[j].Id}' overlap by {shared / 10_000:#,0.####} ha; expected polygons that do not overlap (their units would count that land twice)."));
                    if (++overlaps == 3)
                    {
                        break;
                    }
                }
            }
        }
        if (problems.Count > 0)
        {
            yield break;
        }
        var run = new Run(landCover, landCover.Band(band), classes, albers.Length > 0 ? albers[0].Factory : new GeometryFactory(), lonLatCrs);
        onProgress?.Invoke(0, polygonsLonLat.Count);
        for (int i = 0; i < polygonsLonLat.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            foreach (var unit in run.AddCell(polygonsLonLat[i].Id, polygonsLonLat[i].LonLat, albers[i].Area / 10_000))
            {
                yield return unit;
            }
            onProgress?.Invoke(i + 1, polygonsLonLat.Count);
        }
        run.Finish(problems, "polygon");
    }

    /// <summary>The units of one build, cell after cell, and what went wrong on the way.</summary>
    private sealed class Run(GeoTiffRaster landCover, RasterBand rasterBand, LandCoverTable classes, GeometryFactory factory, SupportedCrs lonLatCrs)
    {
        private readonly SortedSet<long> _unknown = new();
        private double? _nonIntegral;
        // Cells inside the boundary that the land cover covers only in part: their units would silently be smaller than
        // the cell, so the region's units would no longer add up to the region.
        private readonly List<(string CellId, double UncoveredHa, double Share)> _partial = [];
        private bool _missed;

        /// <summary>The units of one cell (or polygon) given in lon/lat, with its area in hectares.</summary>
        public List<GridUnit> AddCell(string cellId, Geometry pieceLonLat, double pieceHa)
        {
            var units = new List<GridUnit>();
            double pixelArea = landCover.Transform.PixelArea;
            var inRaster = UnitCrsMapping.ToRaster(pieceLonLat, lonLatCrs, landCover.Crs);
            var coverage = new PixelCoverage(inRaster, landCover.Transform, landCover.Width, landCover.Height);
            var groups = Pixels(coverage, rasterBand, landCover.Transform, classes, factory, _unknown, ref _nonIntegral, out bool any, out double coveredPixels);
            if (!any)
            {
                _missed = true;
                return units;
            }
            double uncovered = 1 - coveredPixels * pixelArea / inRaster.Area;
            if (uncovered > UncoveredShareAllowed)
            {
                _partial.Add((cellId, uncovered * pieceHa, uncovered));
            }
            foreach (var (eco, g) in groups.OrderBy(kv => kv.Key))
            {
                // The runs' rectangles form a polygonal coverage (Pixels matches the vertices of the edges they share), which
                // CoverageUnion merges in one pass over their edges; a general union re-noded them pair by pair and took most of the time.
                var patches = CoverageUnion.Union(factory.BuildGeometry(g.Rects));
                // The patches go to lon/lat first and are clipped there, to the cell as given: clipped in the raster's CRS and then
                // projected vertex by vertex, a pixel corner lying on the cell's edge (within rounding) could land just across the
                // projected edge and make the unit invalid (found on 1 unit of 433,306 at the benchmark's size), which gep
                // prepare and gep compute then refuse. The patches' vertices are on the pixel lattice, at least a pixel apart
                // unless equal, so projecting them keeps them valid; the clip (OverlayNG) always gives a valid result.
                var patchesLonLat = landCover.Crs.IsGeographic ? patches : landCover.Crs.ToGeographic(patches);
                // Only the polygonal part: an intersection can add the lines and points where patch and cell only touch.
                var polygons = NetTopologySuite.Geometries.Utilities.PolygonExtracter.GetPolygons(
                    OverlayNGRobust.Overlay(patchesLonLat, pieceLonLat, NetTopologySuite.Operation.Overlay.SpatialFunction.Intersection)).Cast<Polygon>().ToArray();
                var lonLat = polygons.Length == 1 ? (Geometry)polygons[0] : factory.CreateMultiPolygon(polygons);
                if (lonLat.IsEmpty)
                {
                    continue;
                }
                lonLat.SRID = SupportedCrs.Cgcs2000;
                double ha = EqualAreaMeasure.AreaOf(lonLat, CoordinateKind.Geographic).Hectares;
                if (ha <= 1e-6)
                {
                    continue;
                }
                var subtype = g.Subtypes.Count == 0 ? EcosystemSubtype.None : g.Subtypes.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).First().Key;
                units.Add(new GridUnit($"{cellId}-{eco.Code()}", eco, subtype, lonLat, ha));
            }
            return units;
        }

        /// <summary>Adds what went wrong over the whole build to <paramref name="problems"/>.</summary>
        public void Finish(List<string> problems, string what)
        {
            var (unknown, partial, missed) = (_unknown, _partial, _missed);
            if (_nonIntegral is { } v)
            {
                problems.Add($"{landCover.DisplayName}: {RasterPreparation.NotAClassCode(v, "within the boundary")}");
                return;
            }
            if (missed)
            {
                problems.Add($"{landCover.DisplayName}: the boundary reaches beyond the raster's extent (or over nodata only); expected a land cover covering the whole region.");
            }
            if (partial.Count > 0)
            {
                // The largest first, and a sliver said as such rather than as "0 ha (0%)".
                string examples = string.Join("; ", partial.OrderByDescending(p => p.UncoveredHa).Take(3).Select(p => string.Create(CultureInfo.InvariantCulture,
                    $"{p.CellId} {(p.UncoveredHa < 0.01 ? "under 0.01" : p.UncoveredHa.ToString("#,0.##", CultureInfo.InvariantCulture))} ha ({RasterPreparation.Percent(p.Share)})")));
                double total = partial.Sum(p => p.UncoveredHa);
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{landCover.DisplayName}: {partial.Count} {what}{(partial.Count == 1 ? " is" : "s are")} only partly covered by the raster (beyond its extent or over nodata), {total:#,0.##} ha in all, which the units would leave out (e.g. {examples}); expected a land cover covering the whole region."));
            }
            if (unknown.Count > 0)
            {
                problems.Add($"{landCover.DisplayName}: pixel value{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.Take(10))} {(unknown.Count == 1 ? "is" : "are")} not in the class table {classes.Name}; expected every class code of the raster in the table.");
            }
        }
    }

    private sealed class Group
    {
        public List<Geometry> Rects { get; } = [];

        public Dictionary<EcosystemSubtype, double> Subtypes { get; } = [];
    }

    /// <summary>A horizontal run of pixels of one ecosystem: columns [<see cref="Col0"/>, <see cref="Col1"/>) of one row.</summary>
    private readonly record struct PixelRun(int Row, int Col0, int Col1, Ecosystem Ecosystem);

    /// <summary>
    /// The covered pixels grouped by ecosystem, each horizontal run of one ecosystem as one rectangle in the raster's CRS. The
    /// rectangles of an ecosystem are a polygonal coverage: they do not overlap, and where two of adjacent rows share part of an
    /// edge, both carry vertices at the ends of the shared part (the other row's run ends), so the shared segments are identical.
    /// </summary>
    private static Dictionary<Ecosystem, Group> Pixels(PixelCoverage coverage, RasterBand band, GeoTransform t, LandCoverTable classes, GeometryFactory factory,
        SortedSet<long> unknown, ref double? nonIntegral, out bool any, out double coveredPixels)
    {
        var groups = new Dictionary<Ecosystem, Group>();
        any = false;
        coveredPixels = 0;
        if (!coverage.TouchesRaster)
        {
            return groups;
        }
        var fractions = new double[coverage.Columns];
        var values = new double[coverage.Columns];
        var runs = new List<PixelRun>();
        for (int row = coverage.RowMin; row <= coverage.RowMax; row++)
        {
            coverage.Row(row, fractions);
            band.ReadRow(row, coverage.ColMin, values);
            Ecosystem? runEco = null;
            int runStart = 0;
            for (int i = 0; i <= fractions.Length; i++)
            {
                Ecosystem? eco = null;
                if (i < fractions.Length && fractions[i] > 0 && band.IsValid(values[i]))
                {
                    any = true;
                    coveredPixels += fractions[i];
                    if (values[i] != Math.Floor(values[i]))
                    {
                        nonIntegral ??= values[i];
                    }
                    var cls = classes.Find((long)values[i]);
                    if (cls is null)
                    {
                        unknown.Add((long)values[i]);
                    }
                    else if (cls.Ecosystem is { } e)
                    {
                        eco = e;
                        var g = Get(groups, e);
                        if (cls.Subtype != EcosystemSubtype.None)
                        {
                            g.Subtypes[cls.Subtype] = g.Subtypes.GetValueOrDefault(cls.Subtype) + fractions[i];
                        }
                    }
                }
                if (eco != runEco)
                {
                    if (runEco is { } done)
                    {
                        runs.Add(new PixelRun(row, coverage.ColMin + runStart, coverage.ColMin + i, done));
                    }
                    runEco = eco;
                    runStart = i;
                }
            }
        }
        // Runs are in row order, then column order: each row's runs are a slice, found once.
        var rowStart = new int[coverage.RowMax - coverage.RowMin + 3];
        for (int r = 0, i = 0; r < rowStart.Length; r++)
        {
            while (i < runs.Count && runs[i].Row < coverage.RowMin - 1 + r)
            {
                i++;
            }
            rowStart[r] = i;
        }
        var above = new List<int>();
        var below = new List<int>();
        foreach (var run in runs)
        {
            int slot = run.Row - coverage.RowMin + 1;
            EdgeVertices(runs, rowStart[slot - 1], rowStart[slot], run, above);
            EdgeVertices(runs, rowStart[slot + 1], slot + 2 < rowStart.Length ? rowStart[slot + 2] : runs.Count, run, below);
            groups[run.Ecosystem].Rects.Add(Rect(t, factory, run, above, below));
        }
        return groups;
    }

    /// <summary>The ends of the same ecosystem's runs in runs[from..to) (the row above or below) that lie inside <paramref name="run"/>, in column order.</summary>
    private static void EdgeVertices(List<PixelRun> runs, int from, int to, PixelRun run, List<int> columns)
    {
        columns.Clear();
        for (int i = from; i < to; i++)
        {
            var other = runs[i];
            if (other.Ecosystem != run.Ecosystem)
            {
                continue;
            }
            if (other.Col0 > run.Col0 && other.Col0 < run.Col1)
            {
                columns.Add(other.Col0);
            }
            if (other.Col1 > run.Col0 && other.Col1 < run.Col1)
            {
                columns.Add(other.Col1);
            }
        }
    }

    private static Group Get(Dictionary<Ecosystem, Group> groups, Ecosystem e)
    {
        if (!groups.TryGetValue(e, out var g))
        {
            g = new Group();
            groups[e] = g;
        }
        return g;
    }

    /// <summary>
    /// The run's rectangle: along its top edge (row) from west to east with a vertex at each column of <paramref name="above"/>,
    /// then along its bottom edge (row + 1) from east to west with a vertex at each column of <paramref name="below"/>. Every
    /// corner comes from <see cref="GeoTransform.ToWorld"/> of the same (column, row), so vertices shared with a neighbour are equal.
    /// </summary>
    private static Polygon Rect(GeoTransform t, GeometryFactory factory, PixelRun run, List<int> above, List<int> below)
    {
        var ring = new Coordinate[above.Count + below.Count + 5];
        int n = 0;
        ring[n++] = Corner(run.Col0, run.Row);
        foreach (int col in above)
        {
            ring[n++] = Corner(col, run.Row);
        }
        ring[n++] = Corner(run.Col1, run.Row);
        ring[n++] = Corner(run.Col1, run.Row + 1);
        for (int i = below.Count - 1; i >= 0; i--)
        {
            ring[n++] = Corner(below[i], run.Row + 1);
        }
        ring[n++] = Corner(run.Col0, run.Row + 1);
        ring[n] = ring[0].Copy();
        return factory.CreatePolygon(ring);

        Coordinate Corner(int col, int row)
        {
            var (x, y) = t.ToWorld(col, row);
            return new Coordinate(x, y);
        }
    }
}
