using EcoLedger.Rasters;
using EcoLedger.Spatial;
using NetTopologySuite.IO;

namespace EcoLedger.Tests.Rasters;

public sealed class ZonalStatisticsTests : IDisposable
{
    // A 3 × 3 raster of 10 m pixels in CGCS2000 3° Gauss–Krüger zone 39 (EPSG:4527).
    private const double X0 = 39_500_000, Y0 = 5_300_030;
    private static readonly GeoTransform Transform = new(X0, 10, 0, Y0, 0, -10);
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-zonal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // The square from 5 m to 25 m inside the raster, both ways: pixel fractions
    //   0.25 0.5 0.25
    //   0.5  1   0.5
    //   0.25 0.5 0.25   (Σf = 4)
    private static readonly NetTopologySuite.Geometries.Geometry Square = new WKTReader().Read(
        $"POLYGON (({X0 + 5} {Y0 - 25}, {X0 + 25} {Y0 - 25}, {X0 + 25} {Y0 - 5}, {X0 + 5} {Y0 - 5}, {X0 + 5} {Y0 - 25}))");

    private ZonalStatistics Compute(float[,] values, double? noData = null, bool categorical = false)
    {
        string path = Path.Combine(_dir, $"{Guid.NewGuid():N}.tif");
        GeoTiffWriter.WriteFloat32(path, values, Transform, SupportedCrs.Find(4527)!, noData);
        using var raster = GeoTiffRaster.Open(path);
        return ZonalStatistics.Compute(raster.Band(1), new PixelCoverage(Square, raster.Transform, 3, 3), categorical);
    }

    [Fact]
    public void Should_weight_each_value_by_the_covered_fraction_of_its_pixel()
    {
        var s = Compute(new float[,] { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } });

        // Σv·f = (1·.25 + 2·.5 + 3·.25) + (4·.5 + 5·1 + 6·.5) + (7·.25 + 8·.5 + 9·.25) = 2 + 10 + 8 = 20; Σf = 4; mean 5.
        Assert.Equal(4, s.Count, 12);
        Assert.Equal(20, s.Sum, 12);
        Assert.Equal(5, s.Mean!.Value, 12);
        Assert.Equal((1d, 9d), (s.Min, s.Max));
    }

    [Fact]
    public void Should_leave_nodata_pixels_out_of_every_statistic()
    {
        var s = Compute(new float[,] { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, -9999 } }, noData: -9999);

        // The corner pixel (f = 0.25) drops out: Σf = 3.75, Σv·f = 20 − 9·0.25 = 17.75, mean 17.75 / 3.75 = 4.7333…
        Assert.Equal(3.75, s.Count, 12);
        Assert.Equal(0.25, s.NoDataCount, 12);
        Assert.Equal(17.75, s.Sum, 12);
        Assert.Equal(17.75 / 3.75, s.Mean!.Value, 12);
        Assert.Equal(8, s.Max);
    }

    [Fact]
    public void Should_give_each_class_its_covered_area_and_the_largest_as_majority()
    {
        var s = Compute(new float[,] { { 10, 10, 20 }, { 10, 20, 20 }, { 30, 30, 30 } }, categorical: true);

        // class 10: .25 + .5 + .5 = 1.25; class 20: .25 + 1 + .5 = 1.75; class 30: .25 + .5 + .25 = 1.0
        Assert.Equal(1.25, s.ClassCoverage[10], 12);
        Assert.Equal(1.75, s.ClassCoverage[20], 12);
        Assert.Equal(1.0, s.ClassCoverage[30], 12);
        Assert.Equal(20, s.Majority);
    }

    [Fact]
    public void Should_pick_the_smaller_class_on_a_tie()
    {
        var s = Compute(new float[,] { { 20, 20, 20 }, { 5, 5, 5 }, { 10, 10, 10 } }, categorical: true);

        // class 20 (top row): .25 + .5 + .25 = 1.0; class 10 (bottom row): 1.0; class 5 (middle row): .5 + 1 + .5 = 2.0.
        Assert.Equal(5, s.Majority);
        var tie = new ZonalStatistics(categorical: true);
        tie.Add(20, 1.0);
        tie.Add(10, 1.0);
        Assert.Equal(10, tie.Majority);
    }

    [Fact]
    public void A_cancelled_computation_stops_before_reading_a_row()
    {
        string path = Path.Combine(_dir, "cancel.tif");
        GeoTiffWriter.WriteFloat32(path, new float[,] { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } }, Transform, SupportedCrs.Find(4527)!);
        using var raster = GeoTiffRaster.Open(path);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.Throws<OperationCanceledException>(() => ZonalStatistics.Compute(raster.Band(1), new PixelCoverage(Square, raster.Transform, 3, 3), cancel: cancel.Token));
        // the same polygon, not cancelled, covers Σf = 4 pixels (the fractions above)
        Assert.Equal(4, ZonalStatistics.Compute(raster.Band(1), new PixelCoverage(Square, raster.Transform, 3, 3), cancel: CancellationToken.None).Count, 9);
    }
}
