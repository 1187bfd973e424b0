using System.Diagnostics;
using System.Globalization;
using EcoLedger.Ledger;
using EcoLedger.Storage;

namespace EcoLedger.Benchmarks.Ledger;

/// <summary>
/// Concurrent writers on each provider, side by side in one run: W writers (1, 8, 32), each on its own connection (as W CLI
/// processes or server instances would be), run durable single-transfer commands for a fixed time; the figures are transfers per
/// second over all writers and the latency percentiles of one command. Each writer moves one tonne back and forth between two
/// holders of its own, so no command is refused and every one does the same work (read two holders' blocks, split one, journal,
/// checkpoint); the writers contend only for the ledger's write lock, which is what the figure measures.
/// </summary>
public static class WritersBench
{
    /// <summary>One configuration's result.</summary>
    public sealed record Result(string Provider, int Writers, long Transfers, double Seconds, double P50Ms, double P99Ms, double MaxMs)
    {
        /// <summary>Transfers per second over all writers.</summary>
        public double PerSecond => Transfers / Seconds;
    }

    /// <summary>
    /// <c>writers --dir D --pg CONNSTR [--seconds S] [--writers 1,8,32]</c>: SQLite files in D, PostgreSQL databases
    /// <c>bench_writers_W</c> on the server of CONNSTR (created; an existing one is dropped first).
    /// </summary>
    public static int Run(string[] args)
    {
        string dir = Arg(args, "--dir") ?? Path.Combine(Path.GetTempPath(), "ecoledger-bench-writers");
        string? pg = Arg(args, "--pg");
        double seconds = double.Parse(Arg(args, "--seconds") ?? "10", CultureInfo.InvariantCulture);
        var writerCounts = (Arg(args, "--writers") ?? "1,8,32").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        Directory.CreateDirectory(dir);
        var results = new List<Result>();
        foreach (int w in writerCounts)
        {
            string file = Path.Combine(dir, $"writers-{w}.db");
            foreach (var f in new[] { file, file + "-wal", file + "-shm", file + ".key.pem", file + ".pub.pem" })
            {
                File.Delete(f);
            }
            results.Add(Measure("sqlite", file, w, seconds));
            Console.WriteLine(Describe(results[^1]));
            if (pg is not null)
            {
                string target = PgDatabase(pg, $"bench_writers_{w}", dir);
                results.Add(Measure("postgres", target, w, seconds));
                Console.WriteLine(Describe(results[^1]));
            }
        }
        Console.WriteLine();
        Console.WriteLine("| writers | provider | transfers | transfers/s | p50 ms | p99 ms | max ms |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Writers} | {r.Provider} | {r.Transfers:N0} | {r.PerSecond:N0} | {r.P50Ms:F1} | {r.P99Ms:F1} | {r.MaxMs:F1} |"));
        }
        return 0;
    }

    private static string Describe(Result r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Provider}, {r.Writers} writers: {r.Transfers:N0} transfers in {r.Seconds:F1} s = {r.PerSecond:N0}/s; p50 {r.P50Ms:F1} ms, p99 {r.P99Ms:F1} ms, max {r.MaxMs:F1} ms");

    private static Result Measure(string provider, string target, int writers, double seconds)
    {
        Seed(target, writers);
        var latencies = new List<double>[writers];
        using var start = new Barrier(writers + 1);
        var stop = new CancellationTokenSource();
        var threads = Enumerable.Range(0, writers).Select(w => new Thread(() =>
        {
            var mine = latencies[w] = new List<double>(4096);
            using var db = LedgerDatabase.Open(target);
            string a = $"w{w}a", b = $"w{w}b";
            start.SignalAndWait();
            var clock = new Stopwatch();
            for (long n = 0; !stop.IsCancellationRequested; n++)
            {
                var (from, to) = n % 2 == 0 ? (a, b) : (b, a);
                clock.Restart();
                db.Run(new CreditCommand(CreditOperation.Transfer, from, 1, to), from);
                mine.Add(clock.Elapsed.TotalMilliseconds);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        start.SignalAndWait();
        var total = Stopwatch.StartNew();
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        stop.Cancel();
        threads.ForEach(t => t.Join());
        double elapsed = total.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double P(double q) => all.Length == 0 ? double.NaN : all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)];
        return new Result(provider, writers, all.Length, elapsed, P(0.50), P(0.99), all.Length == 0 ? double.NaN : all[^1]);
    }

    // A registry, an owner, two holders per writer with 1,000 t each, in one batch.
    private static void Seed(string target, int writers)
    {
        using var db = LedgerDatabase.Open(target);
        var setup = new List<CommandRequest>
        {
            new(new InitializeLedger()),
            new(new AddParticipant("reg", Role.Registry)),
            new(new AddParticipant("ver", Role.Verifier), "reg"),
            new(new AddParticipant("owner", Role.ProjectOwner), "reg"),
        };
        for (int w = 0; w < writers; w++)
        {
            setup.Add(new(new AddParticipant($"w{w}a", Role.Holder), "reg"));
            setup.Add(new(new AddParticipant($"w{w}b", Role.Holder), "reg"));
        }
        setup.Add(new(new CreateProject("BENCH", "owner", "YC", "CCER-14-001-V01", 0, new DateOnly(2020, 1, 1), new DateOnly(2049, 12, 31), []), "owner"));
        setup.Add(new(new TransitionProject("BENCH", ProjectTrigger.Submit), "owner"));
        setup.Add(new(new TransitionProject("BENCH", ProjectTrigger.Validate), "ver"));
        setup.Add(new(new TransitionProject("BENCH", ProjectTrigger.Register), "reg"));
        setup.Add(new(new RequestIssuance("BR", "BENCH", new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), writers * 2_000L), "owner"));
        setup.Add(new(new TransitionIssuance("BR", IssuanceTrigger.Verify), "ver"));
        setup.Add(new(new IssueCredits("BR"), "reg"));
        for (int w = 0; w < writers; w++)
        {
            setup.Add(new(new CreditCommand(CreditOperation.Transfer, "owner", 1_000, $"w{w}a"), "owner"));
            setup.Add(new(new CreditCommand(CreditOperation.Transfer, "owner", 1_000, $"w{w}b"), "owner"));
        }
        db.Commands.RunBatch(setup, out bool ok);
        if (!ok)
        {
            throw new InvalidOperationException("Benchmark setup was rejected.");
        }
    }

    // A fresh database on the server of the given connection string; its key files go to the benchmark folder.
    private static string PgDatabase(string connection, string name, string dir)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(connection) { Database = "postgres", Pooling = false };
        using (var c = new Npgsql.NpgsqlConnection(b.ConnectionString))
        {
            c.Open();
            using var cmd = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", c);
            cmd.ExecuteNonQuery();
        }
        Environment.SetEnvironmentVariable("ECOLEDGER_KEY_DIR", dir);
        foreach (var suffix in new[] { ".key.pem", ".pub.pem" })
        {
            File.Delete(Path.Combine(dir, name + suffix));
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(connection) { Database = name }.ConnectionString;
    }

    private static string? Arg(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
