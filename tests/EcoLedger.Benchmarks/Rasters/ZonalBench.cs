using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EcoLedger.Rasters;
using NetTopologySuite.Geometries;

namespace EcoLedger.Benchmarks.Rasters;

/// <summary>
/// <c>zonal --dir D --size N --polygons P</c>: zonal statistics of P unit polygons over an N × N float32 raster (tiled
/// 256, Deflate, predictor 3) against the rasterio + numpy peer (rasterize the unit ids, then bincount), both measured
/// in the same run; prints seconds, peak memory and the ratio. Data are generated once into D (GDAL writes them).
/// See RASTERS.md.
/// </summary>
public static class ZonalBench
{
    private const string Python = "/usr/bin/python3";

    // The data (values.tif and polygons.geojson among them) come from the script that bench-raster-routes.sh uses too, so the
    // two benchmarks measure the same files.
    private static string Repo(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EcoLedger.sln")))
        {
            dir = dir.Parent;
        }
        return Path.Combine([dir?.FullName ?? throw new InvalidOperationException("EcoLedger.sln not found above " + AppContext.BaseDirectory), .. parts]);
    }

    // The peer: rasterize unit ids (centre rule), read the band, bincount sums and counts over valid pixels.
    private const string Peer = """
import sys, json, time, resource, numpy as np, rasterio
from rasterio.features import rasterize
d = sys.argv[1]
t0 = time.perf_counter()
fc = json.load(open(d + '/polygons.geojson'))
with rasterio.open(d + '/values.tif') as ds:
    ids = rasterize(((f['geometry'], f['properties']['id']) for f in fc['features']), out_shape=(ds.height, ds.width),
                    transform=ds.transform, fill=0, dtype='int32')
    a = ds.read(1)
    valid = (a != ds.nodata) & (ids > 0)
    n = len(fc['features']) + 1
    s = np.bincount(ids[valid], weights=a[valid].astype('float64'), minlength=n)
    c = np.bincount(ids[valid], minlength=n)
t1 = time.perf_counter()
print(json.dumps({'seconds': t1 - t0, 'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 'sum': s.tolist(), 'count': c.tolist()}))
""";

    /// <summary>Runs the benchmark; returns the exit code.</summary>
    public static int Run(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 ? args[i + 1] : fallback;
        string dir = Arg("--dir", Path.Combine(Path.GetTempPath(), "ecoledger-zonal"));
        int size = int.Parse(Arg("--size", "4000"), CultureInfo.InvariantCulture);
        int polygons = int.Parse(Arg("--polygons", "10000"), CultureInfo.InvariantCulture);
        Directory.CreateDirectory(dir);
        string stamp = Path.Combine(dir, $"generated-{size}-{polygons}");
        if (!File.Exists(stamp))
        {
            Console.Error.WriteLine($"generating {size} × {size} raster and {polygons} polygons in {dir} (GDAL)…");
            PyFile(Repo("tests", "EcoLedger.Benchmarks", "Rasters", "raster_bench_data.py"), dir, size.ToString(CultureInfo.InvariantCulture),
                polygons.ToString(CultureInfo.InvariantCulture), Repo("methodology", "parameters", "landcover", "cnlucc.csv"));
            File.WriteAllText(stamp, "");
        }
        var peer = JsonDocument.Parse(Py(Peer, dir)).RootElement;
        double peerSeconds = peer.GetProperty("seconds").GetDouble();

        // Warm-up (JIT, file cache) on the first 500 polygons, so both measured runs see a steady process.
        Ours(dir, CoverageMode.Exact, limit: 500);
        var (centreSeconds, centreSums, centreCounts) = Ours(dir, CoverageMode.Centre);
        var (exactSeconds, _, _) = Ours(dir, CoverageMode.Exact);
        long peakMb = Process.GetCurrentProcess().PeakWorkingSet64 >> 20;

        // Centre mode computes what the peer computes: the sums must agree.
        var peerSums = peer.GetProperty("sum").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var peerCounts = peer.GetProperty("count").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        double worst = 0;
        int countDiffs = 0;
        for (int id = 1; id < peerSums.Length; id++)
        {
            if ((long)centreCounts[id] != peerCounts[id])
            {
                countDiffs++;
            }
            else if (peerSums[id] != 0)
            {
                worst = Math.Max(worst, Math.Abs(centreSums[id] / peerSums[id] - 1));
            }
        }
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"raster {size} x {size} float32 tiled Deflate, {polygons} polygons"));
        Console.WriteLine(string.Create(c, $"peer rasterio+numpy (rasterize ids, bincount)\t{peerSeconds:0.00} s\tpeak {peer.GetProperty("peak_mb").GetDouble():0} MB"));
        Console.WriteLine(string.Create(c, $"EcoLedger centre\t{centreSeconds:0.00} s\tratio {centreSeconds / peerSeconds:0.00}"));
        Console.WriteLine(string.Create(c, $"EcoLedger exact fractions\t{exactSeconds:0.00} s\tratio {exactSeconds / peerSeconds:0.00}"));
        Console.WriteLine(string.Create(c, $"EcoLedger peak working set (both runs)\t{peakMb} MB"));
        Console.WriteLine(string.Create(c, $"agreement (centre vs peer): {countDiffs} units with another pixel count; worst relative sum difference elsewhere {worst:E1}"));
        return 0;
    }

    private static (double Seconds, double[] Sums, double[] Counts) Ours(string dir, CoverageMode mode, int limit = int.MaxValue)
    {
        var sw = Stopwatch.StartNew();
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "polygons.geojson")));
        var factory = new GeometryFactory();
        var shapes = new List<(int Id, Polygon Shape)>();
        foreach (var f in doc.RootElement.GetProperty("features").EnumerateArray())
        {
            var ring = f.GetProperty("geometry").GetProperty("coordinates")[0].EnumerateArray()
                .Select(p => new Coordinate(p[0].GetDouble(), p[1].GetDouble())).ToArray();
            shapes.Add((f.GetProperty("properties").GetProperty("id").GetInt32(), factory.CreatePolygon(ring)));
        }
        using var raster = GeoTiffRaster.Open(Path.Combine(dir, "values.tif"));
        var band = raster.Band(1);
        var sums = new double[shapes.Count + 1];
        var counts = new double[shapes.Count + 1];
        // Band by band of block rows (by the block row of a unit's top), west to east within a band, so the blocks a
        // band of units shares are decoded about once.
        long BlockRowThenColumn(Polygon p)
        {
            var (col, row) = raster.Transform.ToPixel(p.EnvelopeInternal.MinX, p.EnvelopeInternal.MaxY);
            return (long)Math.Floor(row / raster.BlockHeight) * 1_000_000_000L + (long)Math.Max(0, col);
        }
        foreach (var (id, shape) in shapes.Take(limit).OrderBy(s => BlockRowThenColumn(s.Shape)))
        {
            var stats = ZonalStatistics.Compute(band, new PixelCoverage(shape, raster.Transform, raster.Width, raster.Height, mode));
            sums[id] = stats.Sum;
            counts[id] = stats.Count;
        }
        Console.Error.WriteLine($"{mode}: {band.BlocksDecoded} blocks decoded, cache {band.CacheBlocks} blocks");
        return (sw.Elapsed.TotalSeconds, sums, counts);
    }

    private static string Py(string script, params string[] args) => Python3(["-c", script, .. args]);

    private static string PyFile(string path, params string[] args) => Python3([path, .. args]);

    private static string Python3(string[] args)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? output : throw new InvalidOperationException($"{Python} failed with exit code {p.ExitCode}.");
    }
}
