using System.Diagnostics;
using EcoLedger.IO;
using EcoLedger.Valuation;
using EcoLedger.Valuation.Accounting;
using EcoLedger.Valuation.Files;

namespace EcoLedger.Benchmarks;

/// <summary>
/// Benchmarks and generators. Verbs:
/// <c>samples DIR</c> regenerates the shipped samples; <c>samples-second-year DIR</c> writes DIR/yichun-2024 from DIR/yichun; <c>units N FILE</c> writes N synthetic units as CSV;
/// <c>gep-parse FILE</c>, <c>gep-engine FILE</c> (no output) and <c>gep-compute FILE OUTDIR</c> time one pass each and print the peak working set.
/// <c>bench-gep.sh</c> runs the last two for 1,000,000 units. <c>startup</c> times CLI calls against peer processes (README.md).
/// <c>server-load URL TOKEN-FILE [CLIENTS] [SECONDS]</c> drives a running server on loopback (Server/ServerLoad.cs).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "samples":
                SampleGenerator.WriteSamples(args[1]);
                return 0;
            case "samples-second-year":
                // From the shipped samples/yichun (not a regeneration of it), so the two years share their cells.
                SampleGenerator.WriteYichunSecondYear(args[1]);
                return 0;
            case "monitoring":
                return Monitoring.MonitoringBench.Run(args[1..]);
            case "monitoring-sample":
                EcoLedger.Benchmarks.Monitoring.MonitoringSampleGenerator.Write(args[1], args[2]);
                return 0;
            case "rasters":
                EcoLedger.Benchmarks.Rasters.RasterSampleGenerator.Write(args[1]);
                return 0;
            case "zonal":
                return EcoLedger.Benchmarks.Rasters.ZonalBench.Run(args[1..]);
            case "units":
                SampleGenerator.WriteCsv(args[2], int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
                return 0;
            case "gep-parse":
                return Timed("parse", () =>
                {
                    var reader = new UnitFileReader(args[1], args[1]);
                    long n = 0;
                    foreach (var _ in reader.Read())
                    {
                        n++;
                    }
                    return $"{n} units, {reader.Problems.Count} problems";
                });
            case "gep-engine":
                return Timed("engine only (no output files)", () =>
                {
                    var reader = new UnitFileReader(args[1], args[1]);
                    var sink = new CountingSink();
                    new GepEngine(EcoLedger.Valuation.Parameters.ParameterSet.Defaults(), RegionStatistics.Empty).Run(reader.Read(), sink);
                    return $"{sink.Rows} rows";
                });
            case "gep-compute":
                return Timed("compute", () =>
                {
                    var result = GepRun.Execute(new GepRunRequest(args[1], null, null, null, args[2]));
                    return $"{result.Summary?.Units} units, {result.Problems.Count} problems, total {result.Summary?.TotalCny} CNY";
                });
            case "audit":
                return Audit.AuditBench.Run(args[1..]);
            case "ledger":
                return LedgerBenchmark(args[1..]);
            case "writers":
                return Ledger.WritersBench.Run(args[1..]);
            case "scale-pg":
                return Ledger.ScaleBench.Run(args[1..]);
            case "startup":
                return Startup.StartupBench.Run(args[1..]);
            case "server-load":
                return Server.ServerLoad.Run(args[1..]);
            case "noop":
                return 0; // the runtime's start-up floor, the peer of the startup benchmark
            default:
                Console.Error.WriteLine("usage: samples DIR | units N FILE | gep-parse FILE | gep-compute FILE OUTDIR | audit ... | " +
                    "writers [--dir D] [--pg CONNSTR] [--seconds S] [--writers 1,8,32] | scale-pg --db CONNSTR [--holders N] [--real N] [--sizes N,N] | ledger [--dir D] [--holders N] [--transfers N] [--single N] [--batch-size N] [--scale-events N] | " +
                    "startup --cli CLI [--db FILE] [--holder ID] [--runs N]");
                return 2;
        }
    }

    /// <summary>
    /// <c>ledger</c>: transfer throughput through the command runner, single durable commands vs batches, with plain SQLite inserts of
    /// the same rows measured in the same run (the ratio is the figure); see LEDGER.md.
    /// </summary>
    private static int LedgerBenchmark(string[] args)
    {
        int Int(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
        string dir = Array.IndexOf(args, "--dir") is var d and >= 0 ? args[d + 1] : Path.Combine(Path.GetTempPath(), "ecoledger-bench");
        var figures = Ledger.LedgerBench.Run(dir, Int("--holders", 1_000), Int("--transfers", 100_000), Int("--single", 10_000), Int("--batch-size", 10_000),
            Int("--scale-events", 0), Console.Error.WriteLine);
        Console.WriteLine("measure\toperations\tseconds\tper second\tms each");
        foreach (var f in figures)
        {
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{f.Name}\t{f.Operations}\t{f.Seconds:0.000}\t{f.PerSecond:0}\t{f.Milliseconds:0.000}"));
        }
        return 0;
    }

    private sealed class CountingSink : IGepSink
    {
        public long Rows { get; private set; }

        public void Row(in GepRow row) => Rows++;

        public void NotComputed(in NotComputed item)
        {
        }

        public void Warning(in UnitWarning warning)
        {
        }
    }

    private static int Timed(string what, Func<string> run)
    {
        var sw = Stopwatch.StartNew();
        string detail = run();
        sw.Stop();
        using var p = Process.GetCurrentProcess();
        // CPU time next to wall time: on a shared machine the wall time depends on what else runs.
        // Allocation and collections say where CPU goes to the GC, which wall and CPU time alone do not.
        Console.WriteLine($"{what}: {sw.Elapsed.TotalSeconds:0.00} s (CPU {p.TotalProcessorTime.TotalSeconds:0.00} s), peak working set {p.PeakWorkingSet64 / (1024 * 1024)} MB, " +
            $"allocated {GC.GetTotalAllocatedBytes() / (1024 * 1024)} MB, GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} ({detail})");
        return 0;
    }
}
