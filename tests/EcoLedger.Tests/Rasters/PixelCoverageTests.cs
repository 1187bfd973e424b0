using EcoLedger.Rasters;
using EcoLedger.Spatial;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace EcoLedger.Tests.Rasters;

public sealed class PixelCoverageTests
{
    private static readonly WKTReader Wkt = new();

    /// <summary>A grid of 1 × 1 pixels whose top edge is y = <paramref name="top"/>: pixel (col c, row r) is x ∈ [c, c+1], y ∈ [top−r−1, top−r].</summary>
    private static GeoTransform Grid(double top) => new(0, 1, 0, top, 0, -1);

    private static double[,] Fractions(string wkt, int width, int height, CoverageMode mode = CoverageMode.Exact)
    {
        var coverage = new PixelCoverage(Wkt.Read(wkt), Grid(height), width, height, mode);
        var result = new double[height, width];
        var row = new double[coverage.Columns];
        for (int r = coverage.RowMin; r <= coverage.RowMax; r++)
        {
            coverage.Row(r, row);
            for (int i = 0; i < row.Length; i++)
            {
                result[r, coverage.ColMin + i] = row[i];
            }
        }
        return result;
    }

    [Theory]
    // A 4 × 4 square with a 2 × 2 hole, wholly on a 10 × 10 raster: 16 − 4 = 12 pixels, nothing beyond
    [InlineData("POLYGON ((1 1, 5 1, 5 5, 1 5, 1 1), (2 2, 2 4, 4 4, 4 2, 2 2))", CoverageMode.Exact, 12, 0)]
    // The same square from x = 8 to 12, hole x 9–11: x 10–12 is beyond the east edge, 2 × 4 = 8 of the square less 1 × 2 of the
    // hole (x 10–11), so 6 of its 12 pixels: 0.5
    [InlineData("POLYGON ((8 1, 12 1, 12 5, 8 5, 8 1), (9 2, 9 4, 11 4, 11 2, 9 2))", CoverageMode.Exact, 12, 0.5)]
    // A triangle half beyond the south-west corner, in centre mode too: the share is of area, not of pixel centres
    [InlineData("POLYGON ((-2 0, 2 0, 2 4, -2 0))", CoverageMode.Exact, 8, 0.25)]
    [InlineData("POLYGON ((-2 0, 2 0, 2 4, -2 0))", CoverageMode.Centre, 8, 0.25)]
    // A small square in one pixel that holds no pixel centre: on the raster, whatever the mode
    [InlineData("POLYGON ((3.1 3.1, 3.4 3.1, 3.4 3.4, 3.1 3.4, 3.1 3.1))", CoverageMode.Centre, 0.09, 0)]
    // Wholly east of the raster
    [InlineData("POLYGON ((11 1, 12 1, 12 2, 11 2, 11 1))", CoverageMode.Exact, 1, 1)]
    public void Should_measure_the_polygons_area_in_pixels_and_the_share_beyond_the_rasters_extent(string wkt, CoverageMode mode, double areaPixels, double shareOutside)
    {
        // The triangle: (−2, 0), (2, 0), (2, 4) has area 4 × 4 / 2 = 8; left of x = 0 lies the triangle (−2, 0), (0, 0), (0, 2) of area 2: 2/8 = 0.25
        var coverage = new PixelCoverage(Wkt.Read(wkt), Grid(10), 10, 10, mode);

        Assert.Equal(areaPixels, coverage.AreaPixels, 1e-9);
        Assert.Equal(shareOutside, coverage.ShareOutside(), 1e-9);
    }

    [Fact]
    public void Should_give_quarter_half_and_whole_pixels_for_a_square_offset_by_half_a_pixel()
    {
        // The square 0.5..2.5 × 0.5..2.5 on a 3 × 3 grid: corner pixels 0.5 × 0.5 = 0.25, edge pixels 0.5 × 1 = 0.5,
        // the centre 1; total 4 × 0.25 + 4 × 0.5 + 1 = 4 = the square's area 2 × 2.
        var f = Fractions("POLYGON ((0.5 0.5, 2.5 0.5, 2.5 2.5, 0.5 2.5, 0.5 0.5))", 3, 3);

        Assert.Equal(new double[,] { { 0.25, 0.5, 0.25 }, { 0.5, 1, 0.5 }, { 0.25, 0.5, 0.25 } }, f);
    }

    [Fact]
    public void Should_split_pixels_cut_by_a_diagonal_edge_in_half()
    {
        // Triangle x + y ≤ 2 on a 2 × 2 grid (rows: 0 = y 1..2, 1 = y 0..1): pixel (x 0..1, y 0..1) is wholly inside;
        // (x 1..2, y 0..1) and (x 0..1, y 1..2) are halved by the diagonal: ½ · 1 · 1 = 0.5; (x 1..2, y 1..2) only
        // touches it at (1, 1): 0. Total 2 = ½ · 2 · 2.
        var f = Fractions("POLYGON ((0 0, 2 0, 0 2, 0 0))", 2, 2);

        Assert.Equal(new double[,] { { 0.5, 0 }, { 1, 0.5 } }, f);
    }

    [Fact]
    public void Should_not_count_the_pixels_of_a_hole_whatever_the_rings_orientation()
    {
        // Shell 0..4 (clockwise here), hole 1..3 (also clockwise, as NTS would not require): ring pixels 1, hole pixels 0.
        var f = Fractions("POLYGON ((0 0, 0 4, 4 4, 4 0, 0 0), (1 1, 1 3, 3 3, 3 1, 1 1))", 4, 4);

        Assert.Equal(new double[,] { { 1, 1, 1, 1 }, { 1, 0, 0, 1 }, { 1, 0, 0, 1 }, { 1, 1, 1, 1 } }, f);
    }

    [Fact]
    public void Should_give_a_unit_smaller_than_a_pixel_its_share_of_that_pixel()
    {
        // 0.2 × 0.2 inside pixel (col 1, row 0) of a 3 × 2 grid: 0.04 of it.
        var f = Fractions("POLYGON ((1.3 1.3, 1.5 1.3, 1.5 1.5, 1.3 1.5, 1.3 1.3))", 3, 2);

        Assert.Equal(0.04, f[0, 1], 12);
        Assert.Equal(0.04, f.Cast<double>().Sum(), 12);
    }

    [Fact]
    public void Should_count_only_pixels_whose_centre_is_inside_in_centre_mode()
    {
        // Square 0.4..2.4: centres at 0.5, 1.5 are inside, 2.5 is not, in both directions.
        var f = Fractions("POLYGON ((0.4 0.4, 2.4 0.4, 2.4 2.4, 0.4 2.4, 0.4 0.4))", 3, 3, CoverageMode.Centre);

        Assert.Equal(new double[,] { { 0, 0, 0 }, { 1, 1, 0 }, { 1, 1, 0 } }, f);
    }

    [Fact]
    public void Should_ignore_the_part_of_a_polygon_outside_the_raster()
    {
        // The square −1..1 × −1..1 overlaps only pixel (x 0..1, y 0..1), the bottom-left of a 2 × 2 grid: fraction 1.
        var f = Fractions("POLYGON ((-1 -1, 1 -1, 1 1, -1 1, -1 -1))", 2, 2);

        Assert.Equal(new double[,] { { 0, 0 }, { 1, 0 } }, f);
    }

    [Fact]
    public void Should_find_no_pixel_for_a_polygon_far_beyond_the_raster()
    {
        // 1e12 pixels away: beyond int, so the bounds must be clamped before they are cast.
        var coverage = new PixelCoverage(Wkt.Read("POLYGON ((1e12 1e12, 1.1e12 1e12, 1.1e12 1.1e12, 1e12 1e12))"), Grid(4), 4, 4);
        var left = new PixelCoverage(Wkt.Read("POLYGON ((-1e12 1, -0.9e12 1, -0.9e12 2, -1e12 1))"), Grid(4), 4, 4);

        Assert.False(coverage.TouchesRaster);
        Assert.False(left.TouchesRaster);
    }

    private static readonly Gen<(double X, double Y)> Point =
        from x in Gen.Choose(0, 20_000)
        from y in Gen.Choose(0, 20_000)
        select (x / 1000d, y / 1000d);

    [Property(MaxTest = 300)]
    public Property Coverage_fractions_of_a_polygon_inside_the_raster_sum_to_its_area_in_pixels() =>
        Prop.ForAll(Gen.ArrayOf(Point, 3).ToArbitrary(), Gen.Choose(3, 9).ToArbitrary(), (triangle, spokes) =>
        {
            // A triangle, and a star-shaped polygon round its first vertex (concave for most draws), inside a 21 × 21 grid.
            var factory = new GeometryFactory();
            var shapes = new List<Geometry>();
            var tri = factory.CreatePolygon([.. triangle.Select(p => new Coordinate(p.X, p.Y)), new Coordinate(triangle[0].X, triangle[0].Y)]);
            if (tri.Area > 1e-9)
            {
                shapes.Add(tri);
            }
            var star = new List<Coordinate>();
            for (int k = 0; k < 2 * spokes; k++)
            {
                double angle = Math.PI * k / spokes, radius = k % 2 == 0 ? 0.5 + triangle[1].X / 4 : 0.2 + triangle[2].Y / 20;
                star.Add(new Coordinate(10.5 + radius * Math.Cos(angle), 10.5 + radius * Math.Sin(angle)));
            }
            star.Add(star[0]);
            shapes.Add(factory.CreatePolygon([.. star]));
            foreach (var shape in shapes)
            {
                var coverage = new PixelCoverage(shape, Grid(21), 21, 21);
                var row = new double[coverage.Columns];
                double total = 0;
                for (int r = coverage.RowMin; r <= coverage.RowMax; r++)
                {
                    coverage.Row(r, row);
                    Assert.All(row, x => Assert.InRange(x, 0, 1));
                    total += row.Sum();
                }
                Assert.True(Math.Abs(shape.Area - total) <= 1e-9 * Math.Max(1, shape.Area), $"Σf = {total}, area = {shape.Area}");
            }
        });
}

public sealed class PixelCoverageMappedTests
{
    /// <summary>Every pixel's fraction, row by row, with the coverage's bounds.</summary>
    private static (int, int, int, int, double[][]) All(PixelCoverage coverage)
    {
        var rows = new List<double[]>();
        for (int r = coverage.RowMin; r <= coverage.RowMax; r++)
        {
            var row = new double[coverage.Columns];
            coverage.Row(r, row);
            rows.Add(row);
        }
        return (coverage.ColMin, coverage.ColMax, coverage.RowMin, coverage.RowMax, [.. rows]);
    }

    [Theory]
    [InlineData(4490, 4529)] // lon/lat units, a Gauss–Krüger raster (zone 41, 123°E; the benchmark's case): one projection
    [InlineData(4529, 4490)] // Gauss–Krüger units, a lon/lat raster
    [InlineData(4529, 4530)] // units in zone 41, the raster in zone 42 (126°E): through lon/lat, two projections
    public void Should_cover_the_same_pixels_when_mapping_vertices_as_when_given_a_projected_copy(int unitsEpsg, int rasterEpsg)
    {
        // Given a unit with a hole near 123.1°E 45.1°N, in the units' CRS
        var units = SupportedCrs.Find(unitsEpsg)!;
        var raster = SupportedCrs.Find(rasterEpsg)!;
        var lonLat = new WKTReader().Read(
            "POLYGON ((123.08 45.08, 123.13 45.081, 123.125 45.12, 123.081 45.115, 123.08 45.08), (123.09 45.09, 123.1 45.09, 123.1 45.1, 123.09 45.09))");
        var unit = units.IsGeographic ? lonLat : units.FromGeographic(lonLat);
        // a raster of 30 m pixels (0.0003° when in lon/lat) whose top-left lies north-west of the unit
        var (x0, y0) = raster.IsGeographic ? (123.07, 45.13) : raster.FromLonLat()(123.07, 45.13);
        double size = raster.IsGeographic ? 0.0003 : 30;
        var grid = new GeoTransform(x0, size, 0, y0, 0, -size);

        // When the coverage maps the vertices itself, and when it is given the projected copy
        var mapped = All(new PixelCoverage(unit, grid, 1000, 1000, CoverageMode.Exact, UnitCrsMapping.PointsToRaster(units, raster)));
        var copied = All(new PixelCoverage(UnitCrsMapping.ToRaster(unit, units, raster), grid, 1000, 1000));

        // Then the bounds and every fraction are the same, bit for bit (the same arithmetic on each vertex)
        Assert.Equal((copied.Item1, copied.Item2, copied.Item3, copied.Item4), (mapped.Item1, mapped.Item2, mapped.Item3, mapped.Item4));
        Assert.True(copied.Item5.Length > 100, $"{copied.Item5.Length} rows");
        Assert.Equal(copied.Item5, mapped.Item5);
    }

    [Fact]
    public void Should_map_nothing_when_the_units_and_the_raster_share_a_system()
    {
        Assert.Null(UnitCrsMapping.PointsToRaster(SupportedCrs.Find(4490)!, SupportedCrs.Find(4326)!));
        Assert.Null(UnitCrsMapping.PointsToRaster(SupportedCrs.Find(4529)!, SupportedCrs.Find(4529)!));
    }
}
