using System.Text.Json;
using static EcoLedger.IntegrationTests.CliRunner;

namespace EcoLedger.IntegrationTests.Rasters;

public sealed class UnitsGridCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-grid-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private static string[] GridArgs(string output) =>
    [
        "units", "grid", "--boundary", Repo("samples", "yichun", "rasters", "boundary.geojson"), "--cell", "5000",
        "--landcover", Repo("samples", "yichun", "rasters", "landcover_cnlucc.tif"),
        "--classes", Repo("methodology", "parameters", "landcover", "cnlucc.csv"), "--region", "伊春", "--out", output,
    ];

    [Fact]
    public void Should_build_units_that_gep_prepare_fills_from_the_rasters()
    {
        // Given the Yichun boundary and land cover, 5 km cells
        string grid = Path.Combine(_dir, "grid.geojson");

        // When
        var r = Run(GridArgs(grid));
        var prepared = Run("gep", "prepare", "--units", grid, "--rasters", Repo("samples", "yichun", "rasters", "rasters.json"), "--out", Path.Combine(_dir, "units.csv"));

        // Then every unit is a (cell, ecosystem) of the region, and the raster route reads them
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(grid));
        var units = doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        Assert.NotEmpty(units);
        Assert.All(units, u => Assert.Equal("伊春", u.GetProperty("region").GetString()));
        Assert.Equal(units.Count, units.Select(u => u.GetProperty("unit_id").GetString()).Distinct().Count());
        Assert.Contains(units, u => u.GetProperty("ecosystem").GetString() == "wetland" && u.GetProperty("subtype").GetString() == "lake");
        Assert.Equal(0, prepared.ExitCode);
        Assert.Equal(units.Count + 1, File.ReadAllLines(Path.Combine(_dir, "units.csv")).Length);
    }

    [Fact]
    public void Should_refuse_an_output_it_cannot_write()
    {
        string gpkg = Path.Combine(_dir, "grid.gpkg");

        var r = Run(GridArgs(gpkg));

        Assert.Equal(2, r.ExitCode);
        Assert.Equal([$"error: --out: '{gpkg}': expected a .geojson file (GeoPackage output is not written yet; convert with ogr2ogr if you need one)."], r.ErrLines);
        Assert.False(File.Exists(gpkg));
    }
}
