using System.Globalization;
using EcoLedger.Spatial;
using EcoLedger.Valuation;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Operation.Union;

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
    /// <summary>Builds the units; problems (a class the table lacks, a boundary outside the raster) are returned, not thrown.</summary>
    /// <param name="boundaryLonLat">The region, in CGCS2000/WGS 84 lon/lat.</param>
    /// <param name="cellMetres">Cell side in metres.</param>
    /// <param name="landCover">The land-cover raster.</param>
    /// <param name="band">Its band, from 1.</param>
    /// <param name="classes">The class table.</param>
    /// <param name="problems">Receives every problem as a sentence.</param>
    /// <param name="onProgress">Called with (rows of cells done, rows in all) once before the first row and after each row, or null; a
    /// region of 30,000 km² at 1 km is ~200 rows, each a few hundred cells.</param>
    /// <param name="cancel">Checked between cells.</param>
    public static List<GridUnit> Build(Geometry boundaryLonLat, double cellMetres, GeoTiffRaster landCover, int band, LandCoverTable classes, List<string> problems,
        Action<int, int>? onProgress = null, CancellationToken cancel = default)
    {
        return [.. Stream(boundaryLonLat, cellMetres, landCover, band, classes, problems, onProgress, cancel)];
    }

    /// <summary>
    /// As <see cref="Build"/>, cell after cell as the caller takes them, so a writer can stream a region of a million units (a
    /// finer cell, a larger region) without holding them. Problems are known only when the sequence ends: the caller writes to
    /// a temporary file and keeps it only when <paramref name="problems"/> is then empty.
    /// </summary>
    public static IEnumerable<GridUnit> Stream(Geometry boundaryLonLat, double cellMetres, GeoTiffRaster landCover, int band, LandCoverTable classes,
        List<string> problems, Action<int, int>? onProgress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(boundaryLonLat);
        ArgumentNullException.ThrowIfNull(landCover);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(problems);
        if (!(cellMetres >= 10 && cellMetres <= 100_000))
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
        var albers = AlbersEqualArea.China.Project(NetTopologySuite.Densify.Densifier.Densify(boundaryLonLat, 0.005));
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
    /// (their units would count the same land twice) and their ids must be distinct.
    /// </summary>
    /// <param name="polygonsLonLat">Each polygon's id and geometry, in CGCS2000/WGS 84 lon/lat.</param>
    /// <param name="landCover">The land-cover raster.</param>
    /// <param name="band">Its band, from 1.</param>
    /// <param name="classes">The class table.</param>
    /// <param name="problems">Receives every problem as a sentence.</param>
    /// <param name="onProgress">Called with (polygons done, polygons in all) once before the first polygon and after each, or null.</param>
    /// <param name="cancel">Checked between polygons.</param>
    public static List<GridUnit> BuildFromPolygons(IReadOnlyList<(string Id, Geometry LonLat)> polygonsLonLat, GeoTiffRaster landCover, int band, LandCoverTable classes,
        List<string> problems, Action<int, int>? onProgress = null, CancellationToken cancel = default)
    {
        return [.. StreamFromPolygons(polygonsLonLat, landCover, band, classes, problems, onProgress, cancel)];
    }

    /// <summary>As <see cref="BuildFromPolygons"/>, polygon after polygon as the caller takes them (see <see cref="Stream"/>).</summary>
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
        var albers = polygonsLonLat.Select(p => AlbersEqualArea.China.Project(p.LonLat)).ToArray();
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
            var groups = Pixels(coverage, rasterBand, landCover.Transform, classes, factory, _unknown, out bool any, out double coveredPixels);
            if (!any)
            {
                _missed = true;
                return units;
            }
            double uncovered = 1 - coveredPixels * pixelArea / inRaster.Area;
            if (uncovered > 1e-6)
            {
                _partial.Add((cellId, uncovered * pieceHa, uncovered));
            }
            foreach (var (eco, g) in groups.OrderBy(kv => kv.Key))
            {
                var patches = CascadedPolygonUnion.Union(g.Rects);
                // Only the polygonal part: an intersection can add the lines and points where patch and cell only touch.
                var polygons = NetTopologySuite.Geometries.Utilities.PolygonExtracter.GetPolygons(patches.Intersection(inRaster)).Cast<Polygon>().ToArray();
                var geometry = polygons.Length == 1 ? (Geometry)polygons[0] : factory.CreateMultiPolygon(polygons);
                if (geometry.IsEmpty)
                {
                    continue;
                }
                var lonLat = landCover.Crs.IsGeographic ? geometry : landCover.Crs.ToGeographic(geometry);
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
            if (missed)
            {
                problems.Add($"{landCover.DisplayName}: the boundary reaches beyond the raster's extent (or over nodata only); expected a land cover covering the whole region.");
            }
            if (partial.Count > 0)
            {
                string examples = string.Join("; ", partial.Take(3).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.CellId} {p.UncoveredHa:#,0.##} ha ({p.Share:0.#%})")));
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

    /// <summary>The covered pixels grouped by ecosystem, each horizontal run of one ecosystem as one rectangle in the raster's CRS.</summary>
    private static Dictionary<Ecosystem, Group> Pixels(PixelCoverage coverage, RasterBand band, GeoTransform t, LandCoverTable classes, GeometryFactory factory,
        SortedSet<long> unknown, out bool any, out double coveredPixels)
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
                        Get(groups, done).Rects.Add(Rect(t, factory, coverage.ColMin + runStart, coverage.ColMin + i, row));
                    }
                    runEco = eco;
                    runStart = i;
                }
            }
        }
        return groups;
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

    private static Polygon Rect(GeoTransform t, GeometryFactory factory, int col0, int col1, int row)
    {
        var (x0, y0) = t.ToWorld(col0, row);
        var (x1, y1) = t.ToWorld(col1, row);
        var (x2, y2) = t.ToWorld(col1, row + 1);
        var (x3, y3) = t.ToWorld(col0, row + 1);
        return factory.CreatePolygon([new(x0, y0), new(x1, y1), new(x2, y2), new(x3, y3), new(x0, y0)]);
    }
}
