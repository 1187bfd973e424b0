using System.Globalization;
using System.Text.Json;
using EcoLedger.Rasters;
using EcoLedger.Spatial;
using EcoLedger.Valuation;

namespace EcoLedger.Tests.Rasters;

/// <summary>
/// <c>units grid</c> in the application layer, called as any host calls it: the units file it writes, the totals it returns, and the
/// requests and inputs it refuses without writing anything.
/// </summary>
public sealed class UnitGridRunTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-grid-run-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Classes()
    {
        string path = Path.Combine(_dir, "classes.csv");
        File.WriteAllText(path, "code,name,ecosystem,subtype\n21,Forest,forest,\n42,Lake,wetland,lake\n");
        return path;
    }

    /// <summary>0.001° land cover over 128.0–128.2°E, 47.0–47.1°N: forest (21) west of 128.1°E, <paramref name="east"/> east of it.</summary>
    private string LandCover(byte east = 42)
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
        GeoTiffWriter.WriteByte(path, values, new GeoTransform(128.0, 0.001, 0, 47.1, 0, -0.001), SupportedCrs.Find(SupportedCrs.Cgcs2000)!);
        return path;
    }

    /// <summary>A GeoJSON layer of lon/lat boxes, each with a <c>name</c>.</summary>
    private string Boundary(params (string Name, double West, double East, double South, double North)[] boxes)
    {
        string path = Path.Combine(_dir, "boundary.geojson");
        var features = boxes.Select(b => string.Create(CultureInfo.InvariantCulture,
            $"{{\"type\":\"Feature\",\"properties\":{{\"name\":\"{b.Name}\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[[{b.West},{b.South}],[{b.East},{b.South}],[{b.East},{b.North}],[{b.West},{b.North}],[{b.West},{b.South}]]]}}}}"));
        File.WriteAllText(path, "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", features) + "]}");
        return path;
    }

    /// <summary>
    /// The area of a lon/lat box on the CGCS2000 ellipsoid in hectares, a²·Δλ·(q(φ₂) − q(φ₁))/2, with the authalic
    /// q(φ) = (1 − e²)(sin φ / (1 − e² sin² φ) − ln((1 − e sin φ) / (1 + e sin φ)) / (2e)) of Snyder, Map Projections — A Working Manual (1987), eq. 3-12.
    /// </summary>
    private static double BoxHectares(double west, double east, double south, double north)
    {
        const double a = 6_378_137, f = 1 / 298.257222101;
        double e2 = f * (2 - f), e = Math.Sqrt(e2);
        double Q(double degrees)
        {
            double s = Math.Sin(degrees * Math.PI / 180);
            return (1 - e2) * (s / (1 - e2 * s * s) - Math.Log((1 - e * s) / (1 + e * s)) / (2 * e));
        }
        return a * a * ((east - west) * Math.PI / 180) * (Q(north) - Q(south)) / 2 / 10_000;
    }

    // The Albers measure takes a parallel as the chord between its vertices: for a 0.06° edge (≈ 4.5 km, ≈ 6,000 km from the cone's
    // apex) that leaves out ≈ L³ / 12ρ ≈ 0.1 ha of ≈ 3,000 ha, so areas are compared with the ellipsoid's to 1e-4.
    private const double AreaTolerance = 1e-4;

    private static List<JsonElement> Properties(string geojson)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(geojson));
        return [.. doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").Clone())];
    }

    [Fact]
    public void Should_write_one_unit_per_polygon_and_ecosystem_and_total_them_by_ecosystem()
    {
        // Given township A (128.02–128.08°E) all forest and township B (128.08–128.16°E) across the forest/lake edge at 128.1°E,
        // both 47.02–47.08°N: a 0.06° box is ≈ 3,041.06 ha there, B's forest strip of 0.02° ≈ 1,013.69 ha
        string boundary = Boundary(("A", 128.02, 128.08, 47.02, 47.08), ("B", 128.08, 128.16, 47.02, 47.08));
        string output = Path.Combine(_dir, "out", "units.geojson");
        var request = new UnitGridRequest(boundary, LandCover(), Classes(), "伊春", output, CellsFrom: "name");

        // When
        var result = UnitGridRun.Execute(request);

        // Then three units: A-forest, B-forest and B-wetland (a lake)
        Assert.True(result.Succeeded, result.Refusal ?? string.Join("\n", result.Problems));
        Assert.Equal(3, result.Units);
        Assert.Equal(2, result.BoundaryPolygons);
        Assert.Equal([Ecosystem.Forest, Ecosystem.Wetland], result.Ecosystems.Select(t => t.Ecosystem));
        var forest = result.Ecosystems[0];
        var wetland = result.Ecosystems[1];
        Assert.Equal(2, forest.Units);
        Assert.Equal(1, wetland.Units);
        double boxHa = BoxHectares(128.02, 128.08, 47.02, 47.08), stripHa = BoxHectares(128.08, 128.10, 47.02, 47.08);
        Assert.Equal(1, forest.AreaHectares / (boxHa + stripHa), AreaTolerance);
        Assert.Equal(1, wetland.AreaHectares / BoxHectares(128.10, 128.16, 47.02, 47.08), AreaTolerance);
        // and the file holds them with their region and subtype, in a folder made for it, with no temporary file left beside it
        var units = Properties(output);
        Assert.Equal(["A-forest", "B-forest", "B-wetland"], units.Select(u => u.GetProperty("unit_id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(units, u => Assert.Equal("伊春", u.GetProperty("region").GetString()));
        Assert.Equal("lake", Assert.Single(units, u => u.GetProperty("unit_id").GetString() == "B-wetland").GetProperty("subtype").GetString());
        Assert.Equal(["units.geojson"], Directory.GetFiles(Path.GetDirectoryName(output)!).Select(Path.GetFileName));
    }

    [Fact]
    public void Should_write_a_grid_whose_units_add_up_to_the_boundary()
    {
        // Given a box of 128.02–128.17°E, 47.01–47.09°N across the forest/lake edge at 128.1°E, in 1 km cells
        string output = Path.Combine(_dir, "grid.geojson");
        var request = new UnitGridRequest(Boundary(("region", 128.02, 128.17, 47.01, 47.09)), LandCover(), Classes(), "伊春", output, CellMetres: 1000);
        var rows = new List<(int Done, int Rows)>();

        // When
        var result = UnitGridRun.Execute(request, (done, all) => rows.Add((done, all)));

        // Then forest covers the box west of 128.1°E and lake the rest, cell by cell, and the totals are those of the file
        Assert.True(result.Succeeded, result.Refusal ?? string.Join("\n", result.Problems));
        var forest = Assert.Single(result.Ecosystems, t => t.Ecosystem == Ecosystem.Forest);
        var wetland = Assert.Single(result.Ecosystems, t => t.Ecosystem == Ecosystem.Wetland);
        Assert.Equal(1, forest.AreaHectares / BoxHectares(128.02, 128.10, 47.01, 47.09), AreaTolerance);
        Assert.Equal(1, wetland.AreaHectares / BoxHectares(128.10, 128.17, 47.01, 47.09), AreaTolerance);
        var units = Properties(output);
        Assert.Equal(result.Units, units.Count);
        Assert.Equal(forest.Units, units.Count(u => u.GetProperty("ecosystem").GetString() == "forest"));
        Assert.Equal(wetland.Units, units.Count(u => u.GetProperty("ecosystem").GetString() == "wetland"));
        // A w × h rectangle turned by θ to a grid of 1 km cells meets on average wh + (w + h)(cos θ + sin θ) + 1 of them. The box is
        // ≈ 8.9 km high, the forest part 0.08° ≈ 6.07 km wide and the lake part 0.07° ≈ 5.31 km, and Albers for China turns it by
        // θ ≈ 13.3° (UnitGridTests), so cos θ + sin θ ≈ 1.20: ≈ 54.0 + 18.0 + 1 = 73 forest units and ≈ 47.3 + 17.1 + 1 ≈ 65 lake units,
        // give or take the grid's fall.
        Assert.InRange(forest.Units, 64, 82);
        Assert.InRange(wetland.Units, 57, 74);
        // and the rows of cells were reported from 0 to all of them
        Assert.Equal((0, rows[^1].Rows), rows[0]);
        Assert.Equal(rows[0].Rows, rows[^1].Done);
    }

    [Theory]
    [InlineData(null, null, "expected either --cell METRES (a square grid) or --cells-from FIELD (the boundary's polygons as cells), not both or neither.")]
    [InlineData(1000d, "name", "expected either --cell METRES (a square grid) or --cells-from FIELD (the boundary's polygons as cells), not both or neither.")]
    [InlineData(5d, null, "--cell: expected a cell side from 10 to 100000 metres, got 5.")]
    [InlineData(100_001d, null, "--cell: expected a cell side from 10 to 100000 metres, got 100001.")]
    public void Should_refuse_a_request_that_is_not_one_grid_or_one_set_of_polygons_before_reading_anything(double? cell, string? cellsFrom, string expected)
    {
        // Given inputs that do not exist: the request is refused before any is read
        string output = Path.Combine(_dir, "out", "units.geojson");
        var request = new UnitGridRequest(Path.Combine(_dir, "none.geojson"), Path.Combine(_dir, "none.tif"), Path.Combine(_dir, "none.csv"), "伊春", output, cell, cellsFrom);

        var result = UnitGridRun.Execute(request);

        Assert.Equal(expected, result.Refusal);
        Assert.Empty(result.Problems);
        Assert.False(result.Succeeded);
        Assert.False(Directory.Exists(Path.GetDirectoryName(output)));
    }

    [Fact]
    public void Should_refuse_a_land_cover_band_that_does_not_exist_and_write_nothing()
    {
        string output = Path.Combine(_dir, "units.geojson");
        string landCover = LandCover();
        var request = new UnitGridRequest(Boundary(("A", 128.02, 128.08, 47.02, 47.08)), landCover, Classes(), "伊春", output, CellMetres: 1000, Band: 2);

        var result = UnitGridRun.Execute(request);

        Assert.Equal($"{landCover}: has 1 band; band 2 does not exist (bands are numbered from 1). Nothing was written to {output}.", result.Refusal);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp-*"));
    }

    [Fact]
    public void Should_report_a_class_the_table_lacks_and_keep_the_earlier_output()
    {
        // Given a land cover whose east half is class 77, which the table does not have, and the units file of an earlier run
        string output = Path.Combine(_dir, "units.geojson");
        File.WriteAllText(output, "earlier");
        string landCover = LandCover(east: 77), classes = Classes();
        var request = new UnitGridRequest(Boundary(("A", 128.02, 128.16, 47.02, 47.08)), landCover, classes, "伊春", output, CellsFrom: "name");

        // When
        var result = UnitGridRun.Execute(request);

        // Then the one problem is named, no units are counted, and the earlier file is as it was, with no temporary file beside it
        Assert.Null(result.Refusal);
        Assert.Equal($"{landCover}: pixel value 77 is not in the class table {classes}; expected every class code of the raster in the table.", Assert.Single(result.Problems));
        Assert.Empty(result.Ecosystems);
        Assert.Equal("earlier", File.ReadAllText(output));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp-*"));
    }
}
