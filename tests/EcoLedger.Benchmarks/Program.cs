using System.Diagnostics;
using EcoLedger.IO;
using EcoLedger.Valuation;

namespace EcoLedger.Benchmarks;

/// <summary>
/// Benchmarks and generators. Verbs:
/// <c>samples DIR</c> regenerates the shipped samples; <c>units N FILE</c> writes N synthetic units as CSV;
/// <c>gep-parse FILE</c>, <c>gep-engine FILE</c> (no output) and <c>gep-compute FILE OUTDIR</c> time one pass each and print the peak working set.
/// <c>bench-gep.sh</c> runs the last two for 1,000,000 units.
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
            default:
                Console.Error.WriteLine("usage: samples DIR | units N FILE | gep-parse FILE | gep-compute FILE OUTDIR");
                return 2;
        }
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
        Console.WriteLine($"{what}: {sw.Elapsed.TotalSeconds:0.00} s (CPU {p.TotalProcessorTime.TotalSeconds:0.00} s), peak working set {p.PeakWorkingSet64 / (1024 * 1024)} MB ({detail})");
        return 0;
    }
}
