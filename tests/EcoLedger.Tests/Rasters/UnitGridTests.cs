using EcoLedger.Rasters;
using EcoLedger.Spatial;
using EcoLedger.Valuation;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace EcoLedger.Tests.Rasters;

public sealed class UnitGridTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-grid-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // The units as the CLI streams them, taken whole.
    private static List<GridUnit> Build(Geometry boundary, double cell, GeoTiffRaster lc, int band, LandCoverTable classes, List<string> problems,
        Action<int, int>? onProgress = null, CancellationToken cancel = default) =>
        [.. UnitGrid.Stream(boundary, cell, lc, band, classes, problems, onProgress, cancel)];

    private static List<GridUnit> BuildFromPolygons(IReadOnlyList<(string Id, Geometry LonLat)> polygons, GeoTiffRaster lc, int band, LandCoverTable classes,
        List<string> problems) => [.. UnitGrid.StreamFromPolygons(polygons, lc, band, classes, problems)];

    private LandCoverTable Table()
    {
        string path = Path.Combine(_dir, "classes.csv");
        File.WriteAllText(path, "# test table\ncode,name,ecosystem,subtype\n21,Forest,forest,\n42,Lake,wetland,lake\n99,Sea,none,\n");
        return LandCoverTable.Load(path, "classes.csv");
    }

    /// <summary>0.001° land cover over 128.0–128.2°E, 47.0–47.1°N: forest (21) west of 128.1°E, lake (42) east of it.</summary>
    private GeoTiffRaster LandCover(byte east = 42)
    {
        string path = Path.Combine(_dir, $"lc-{east}.tif");
        var values = new byte[100, 200];
        for (int r = 0; r < 100; r++)
        {
            for (int c = 0; c < 200; c++)
            {
                values[r, c] = c < 100 ? (byte)21 : east;
            }
        }
        GeoTiffWriter.WriteByte(path, values, new GeoTransform(128.0, 0.001, 0, 47.1, 0, -0.001), SupportedCrs.Find(4490)!);
        return GeoTiffRaster.Open(path, "lc.tif");
    }

    [Fact]
    public void Should_refuse_a_land_cover_with_values_between_class_codes_as_one_resampled_by_interpolation()
    {
        // Given the land cover as float32, with a band of 31.5 where forest (21) meets lake (42) — what bilinear resampling makes of an edge
        // — which read as a code would be class 31, or 21 after truncation: counted as the wrong class either way
        string path = Path.Combine(_dir, "lc-float.tif");
        var values = new float[100, 200];
        for (int r = 0; r < 100; r++)
        {
            for (int c = 0; c < 200; c++)
            {
                values[r, c] = c < 100 ? 21 : c == 100 ? 31.5f : 42;
            }
        }
        GeoTiffWriter.WriteFloat32(path, values, new GeoTransform(128.0, 0.001, 0, 47.1, 0, -0.001), SupportedCrs.Find(4490)!);
        using var lc = GeoTiffRaster.Open(path, "lc.tif");
        var boundary = new WKTReader().Read("POLYGON ((128.02 47.01, 128.17 47.01, 128.17 47.09, 128.02 47.09, 128.02 47.01))");
        var problems = new List<string>();

        Build(boundary, 100_000, lc, 1, Table(), problems);

        Assert.Equal("lc.tif: pixel value 31.5 within the boundary is not a whole class code; expected a land cover of class codes (a resampled land cover must be " +
            "resampled by nearest neighbour, e.g. gdalwarp -r near, not bilinear or cubic).", Assert.Single(problems));
    }

    [Fact]
    public void Should_split_each_cell_by_ecosystem_so_that_the_areas_add_up_to_the_boundary()
    {
        // Given a boundary across the class edge at 128.1°E
        var boundary = new WKTReader().Read("POLYGON ((128.02 47.01, 128.17 47.01, 128.17 47.09, 128.02 47.09, 128.02 47.01))");
        using var lc = LandCover();
        var problems = new List<string>();

        // When: 1 km cells
        var units = Build(boundary, 1000, lc, 1, Table(), problems);

        // Then the forest units cover exactly the boundary west of 128.1°E and the lake units the rest, measured
        // independently by clipping the boundary polygon (no pixels) and measuring it in the same equal-area projection.
        Assert.Empty(problems);
        var west = boundary.Intersection(new WKTReader().Read("POLYGON ((128 47, 128.1 47, 128.1 47.1, 128 47.1, 128 47))"));
        double westHa = EqualAreaMeasure.AreaOf(west, CoordinateKind.Geographic).Hectares;
        double allHa = EqualAreaMeasure.AreaOf(boundary, CoordinateKind.Geographic).Hectares;
        Assert.Equal(1, units.Where(u => u.Ecosystem == Ecosystem.Forest).Sum(u => u.AreaHectares) / westHa, 1e-6);
        Assert.Equal(1, units.Sum(u => u.AreaHectares) / allHa, 1e-6);
        Assert.All(units.Where(u => u.Ecosystem == Ecosystem.Wetland), u => Assert.Equal(EcosystemSubtype.Lake, u.Subtype));
        // Polygons only (what the units readers accept), never a collection with the lines where patches touch a cell edge.
        Assert.All(units, u => Assert.True(u.Geometry is Polygon or MultiPolygon, u.Geometry.GeometryType));
        // One unit per (cell, ecosystem): ids are unique and name their ecosystem.
        Assert.Equal(units.Count, units.Select(u => u.UnitId).Distinct().Count());
        Assert.All(units, u => Assert.EndsWith("-" + u.Ecosystem.Code(), u.UnitId, StringComparison.Ordinal));
    }

    [Fact]
    public void Should_report_each_row_of_cells_as_it_is_done_and_stop_when_cancelled()
    {
        var boundary = new WKTReader().Read("POLYGON ((128.02 47.01, 128.17 47.01, 128.17 47.09, 128.02 47.09, 128.02 47.01))");
        using var lc = LandCover();
        var seen = new List<(int Done, int Rows)>();

        var units = Build(boundary, 1000, lc, 1, Table(), [], (done, rows) => seen.Add((done, rows)));

        // The 1 km rows the boundary's Albers envelope spans are reported once before the first and after each. The box is 0.08° ≈ 8.9 km
        // high and 0.15° ≈ 11.4 km wide, and Albers for China (cone constant (sin 25° + sin 47°) / 2 ≈ 0.58) turns it by
        // ≈ 0.58 × (128° − 105°) ≈ 13.3°, so the envelope is ≈ 8.9 cos 13.3° + 11.4 sin 13.3° ≈ 11.3 km high: 12 or 13 rows, as the grid falls.
        int rows = seen[0].Rows;
        Assert.InRange(rows, 12, 13);
        Assert.Equal(Enumerable.Range(0, rows + 1).Select(i => (i, rows)), seen);
        // Every unit's row (the second part of its id, counted from the north) is one of them.
        Assert.All(units, u => Assert.InRange(int.Parse(u.UnitId.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture), 0, rows - 1));

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => Build(boundary, 1000, lc, 1, Table(), [], cancel: cancelled.Token));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Should_make_each_unit_the_valid_union_of_its_pixels_inside_the_polygon_even_on_a_speckled_land_cover(int seed)
    {
        // Given a land cover of 0.001° pixels whose class is drawn at random per pixel (forest 21, lake 42, or 99, which makes no
        // unit): the worst case for merging pixel rectangles, with pixels touching at corners, holes and islands everywhere
        var random = new Random(seed);
        var values = new byte[40, 60];
        for (int r = 0; r < 40; r++)
        {
            for (int c = 0; c < 60; c++)
            {
                values[r, c] = (byte)(random.Next(3) switch { 0 => 21, 1 => 42, _ => 99 });
            }
        }
        var transform = new GeoTransform(128.0, 0.001, 0, 47.1, 0, -0.001);
        string path = Path.Combine(_dir, $"speckled-{seed}.tif");
        GeoTiffWriter.WriteByte(path, values, transform, SupportedCrs.Find(4490)!);
        using var lc = GeoTiffRaster.Open(path, "lc.tif");
        var wkt = new WKTReader();
        var polygons = new[]
        {
            ("A", wkt.Read("POLYGON ((128.0013 47.0985, 128.0291 47.0932, 128.0177 47.0711, 128.0102 47.0843, 128.0013 47.0985))")),
            ("B", wkt.Read("POLYGON ((128.0322 47.0967, 128.0588 47.0971, 128.0571 47.0634, 128.0449 47.0806, 128.0322 47.0967))")),
        };
        var problems = new List<string>();

        // When
        var units = BuildFromPolygons(polygons, lc, 1, Table(), problems);

        // Then every unit is a valid polygon whose area (in degrees², the raster's own plane) is the sum over the pixels of its
        // class of each pixel's area times the fraction of it inside the polygon (PixelCoverage, exact): nothing lost or counted twice
        Assert.Empty(problems);
        Assert.Equal(4, units.Count);
        foreach (var (id, polygon) in polygons)
        {
            var coverage = new PixelCoverage(polygon, transform, 60, 40);
            var fractions = new double[coverage.Columns];
            var expected = new Dictionary<Ecosystem, double> { [Ecosystem.Forest] = 0, [Ecosystem.Wetland] = 0 };
            for (int row = coverage.RowMin; row <= coverage.RowMax; row++)
            {
                coverage.Row(row, fractions);
                for (int i = 0; i < fractions.Length; i++)
                {
                    switch (values[row, coverage.ColMin + i])
                    {
                        case 21: expected[Ecosystem.Forest] += fractions[i] * transform.PixelArea; break;
                        case 42: expected[Ecosystem.Wetland] += fractions[i] * transform.PixelArea; break;
                    }
                }
            }
            foreach (var (ecosystem, area) in expected)
            {
                var unit = Assert.Single(units, u => u.UnitId == $"{id}-{ecosystem.Code()}");
                Assert.True(unit.Geometry.IsValid, $"{unit.UnitId} is not a valid polygon");
                Assert.Equal(1, unit.Geometry.Area / area, 1e-9);
            }
        }
    }

    [Fact]
    public void Should_keep_a_unit_valid_when_a_pixel_corner_lies_on_the_cell_edge_of_a_projected_land_cover()
    {
        // Given the cell where the benchmark's grid (433,306 units over a 20,000 × 20,000 CNLUCC raster in EPSG:4527) made one
        // invalid unit: a 59 × 59 crop of that land cover (dry land 12, forest 21) and a boundary 150 m around the 1 km cell.
        // Clipped in the raster's CRS and then projected vertex by vertex, a pixel corner on the cell's edge landed just across
        // it ("Self-intersection at 121.7128186722025 45.880977159291447" in G0001-0001-other), and gep compute refused the file.
        string fixtures = Path.Combine(TestPaths.RepoRoot, "tests", "EcoLedger.Tests", "Rasters", "Fixtures");
        var boundary = new WKTReader().Read(File.ReadAllText(Path.Combine(fixtures, "cell-edge-boundary.wkt")));
        using var lc = GeoTiffRaster.Open(Path.Combine(fixtures, "cell-edge-landcover.tif"), "cell-edge-landcover.tif");
        var classes = LandCoverTable.Load(Path.Combine(TestPaths.RepoRoot, "methodology", "parameters", "landcover", "cnlucc.csv"), "cnlucc.csv");
        var problems = new List<string>();

        var units = Build(boundary, 1000, lc, 1, classes, problems);

        // Then every unit is valid, and the units still add up to the boundary (equal-area hectares, within 1e-6)
        Assert.Empty(problems);
        Assert.Equal(12, units.Count);
        Assert.All(units, u => Assert.True(u.Geometry.IsValid, $"{u.UnitId} is not a valid polygon"));
        Assert.Equal(1, units.Sum(u => u.AreaHectares) / EqualAreaMeasure.AreaOf(boundary, CoordinateKind.Geographic).Hectares, 1e-6);
    }

    [Fact]
    public void Should_leave_classes_not_accounted_out_of_the_units()
    {
        var boundary = new WKTReader().Read("POLYGON ((128.02 47.01, 128.17 47.01, 128.17 47.09, 128.02 47.09, 128.02 47.01))");
        using var lc = LandCover(east: 99);
        var problems = new List<string>();

        var units = Build(boundary, 1000, lc, 1, Table(), problems);

        Assert.Empty(problems);
        Assert.All(units, u => Assert.Equal(Ecosystem.Forest, u.Ecosystem));
    }

    [Fact]
    public void Should_refuse_a_class_the_table_does_not_list()
    {
        var boundary = new WKTReader().Read("POLYGON ((128.02 47.01, 128.17 47.01, 128.17 47.09, 128.02 47.09, 128.02 47.01))");
        using var lc = LandCover(east: 77);
        var problems = new List<string>();

        Build(boundary, 1000, lc, 1, Table(), problems);

        Assert.Equal(["lc.tif: pixel value 77 is not in the class table classes.csv; expected every class code of the raster in the table."], problems);
    }

    [Fact]
    public void Should_refuse_a_land_cover_in_Beijing_1954_for_a_CGCS2000_boundary()
    {
        // The boundary is read as CGCS2000 lon/lat; a land cover in Beijing 1954 is up to ~100 m off, and EcoLedger has no datum shift for it.
        string path = Path.Combine(_dir, "lc54.tif");
        GeoTiffWriter.WriteByte(path, new byte[10, 10], new GeoTransform(128.0, 0.01, 0, 47.1, 0, -0.01), SupportedCrs.Find(4214)!);
        using var lc = GeoTiffRaster.Open(path, "lc54.tif");
        var problems = new List<string>();

        var units = Build(new WKTReader().Read("POLYGON ((128.02 47.01, 128.05 47.01, 128.05 47.05, 128.02 47.01))"), 1000, lc, 1, Table(), problems);

        Assert.Empty(units);
        Assert.Equal(["lc54.tif: CRS mismatch: the units are in EPSG:4490 (China Geodetic Coordinate System 2000) and the raster in EPSG:4214 (Beijing 1954); Beijing 1954 is up to about 100 m from CGCS2000/WGS 84 and EcoLedger has no datum shift for it: reproject one of them (e.g. gdalwarp -t_srs EPSG:4490)."], problems);
    }

    [Fact]
    public void Should_say_when_the_boundary_reaches_beyond_the_land_cover()
    {
        var boundary = new WKTReader().Read("POLYGON ((128.15 47.01, 128.30 47.01, 128.30 47.09, 128.15 47.09, 128.15 47.01))");
        using var lc = LandCover();
        var problems = new List<string>();

        Build(boundary, 1000, lc, 1, Table(), problems);

        // Cells wholly east of 128.2°E miss the raster; the column of cells across 128.2°E is covered only in part.
        Assert.Equal(2, problems.Count);
        Assert.Equal("lc.tif: the boundary reaches beyond the raster's extent (or over nodata only); expected a land cover covering the whole region.", problems[0]);
        Assert.StartsWith("lc.tif: 12 grid cells are only partly covered by the raster (beyond its extent or over nodata), ", problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_cell_the_land_cover_covers_only_in_part()
    {
        // Given a boundary of 128.15–128.25°E, 47.01–47.09°N in 100 km cells (it straddles one cell edge, so two cells):
        // the land cover ends at 128.2°E, so the eastern half of the boundary has no land cover.
        var boundary = new WKTReader().Read("POLYGON ((128.15 47.01, 128.25 47.01, 128.25 47.09, 128.15 47.09, 128.15 47.01))");
        using var lc = LandCover();
        var problems = new List<string>();

        Build(boundary, 100_000, lc, 1, Table(), problems);

        // Then both cells are refused, naming the uncovered area: the boundary east of 128.2°E, measured independently by
        // clipping the polygon (no pixels) in the same equal-area projection (≈ 3,380 ha).
        var east = boundary.Intersection(new WKTReader().Read("POLYGON ((128.2 47, 128.3 47, 128.3 47.1, 128.2 47.1, 128.2 47))"));
        double eastHa = EqualAreaMeasure.AreaOf(east, CoordinateKind.Geographic).Hectares;
        var m = System.Text.RegularExpressions.Regex.Match(Assert.Single(problems),
            @"^lc\.tif: 2 grid cells are only partly covered by the raster \(beyond its extent or over nodata\), ([\d,.]+) ha in all, which the units would leave out \(e\.g\. G0000-000[01] [\d,.]+ ha \([\d.]+%\); G0000-000[01] [\d,.]+ ha \([\d.]+%\)\); expected a land cover covering the whole region\.$");
        Assert.True(m.Success, problems[0]);
        Assert.Equal(1, double.Parse(m.Groups[1].Value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture) / eastHa, 1e-3);
    }
}
