using System.Diagnostics;
using System.Globalization;
using EcoLedger.Ledger;
using EcoLedger.Storage;
using Microsoft.Data.Sqlite;

namespace EcoLedger.Benchmarks.Ledger;

/// <summary>One measured figure.</summary>
/// <param name="Name">What was measured.</param>
/// <param name="Operations">How many operations.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record BenchFigure(string Name, long Operations, double Seconds)
{
    /// <summary>Operations per second.</summary>
    public double PerSecond => Operations / Seconds;

    /// <summary>Milliseconds per operation.</summary>
    public double Milliseconds => Seconds * 1000 / Operations;
}

/// <summary>
/// Transfer throughput of the ledger: part-block transfers among many holders, as single durable commands and as all-or-nothing
/// batches, next to plain SQLite inserts of the same rows; optionally the latency of <c>history</c> and <c>balance</c> on a large ledger.
/// </summary>
public static class LedgerBench
{
    /// <summary>Runs the benchmark in <paramref name="dir"/> (fresh files) and returns the figures.</summary>
    /// <param name="dir">Working folder.</param>
    /// <param name="holders">Number of holders (each seeded with 1,000 t).</param>
    /// <param name="transfers">Transfers in batch mode.</param>
    /// <param name="singles">Transfers run one command (one durable transaction) each.</param>
    /// <param name="batchSize">Rows per batch.</param>
    /// <param name="scaleEvents">When positive, grow a ledger to this many journal events (one-tonne transfers) and time history and balance on it.</param>
    /// <param name="log">Progress lines.</param>
    public static IReadOnlyList<BenchFigure> Run(string dir, int holders = 1_000, int transfers = 100_000, int singles = 10_000,
        int batchSize = 10_000, int scaleEvents = 0, Action<string>? log = null)
    {
        log ??= _ => { };
        Directory.CreateDirectory(dir);
        var figures = new List<BenchFigure>();
        var rows = Rows(holders, Math.Max(transfers, singles), seed: 42, maxQuantity: 20);

        string batchDb = Fresh(dir, "bench-batch.db");
        using (var db = Seeded(batchDb, holders))
        {
            var sw = Stopwatch.StartNew();
            for (int i = 0; i < transfers; i += batchSize)
            {
                var chunk = rows.Skip(i).Take(Math.Min(batchSize, transfers - i)).Select(Item).ToList();
                db.Commands.RunBatch(chunk, out bool ok);
                if (!ok)
                {
                    throw new InvalidOperationException($"Benchmark batch at row {i} was rejected.");
                }
            }
            figures.Add(new BenchFigure($"ledger transfers, batches of {batchSize:N0} (durable commit per batch)", transfers, sw.Elapsed.TotalSeconds));
            log(Describe(figures[^1]));
        }

        string singleDb = Fresh(dir, "bench-single.db");
        using (var db = Seeded(singleDb, holders))
        {
            var sw = Stopwatch.StartNew();
            foreach (var r in rows.Take(singles))
            {
                var item = Item(r);
                db.Run(item.Command, item.Actor, item.RequestId);
            }
            figures.Add(new BenchFigure("ledger transfers, one durable command each", singles, sw.Elapsed.TotalSeconds));
            log(Describe(figures[^1]));
        }

        figures.AddRange(PlainSqlite(Fresh(dir, "bench-plain.db"), rows, singles, transfers));
        foreach (var f in figures.TakeLast(2))
        {
            log(Describe(f));
        }

        if (scaleEvents > 0)
        {
            figures.AddRange(Scale(Fresh(dir, "bench-scale.db"), holders, Rows(holders, scaleEvents, seed: 7, maxQuantity: 1), scaleEvents, log));
        }
        return figures;
    }

    /// <summary>One line: name, count, ops/s.</summary>
    public static string Describe(BenchFigure f) =>
        string.Create(CultureInfo.InvariantCulture, $"{f.Name}: {f.Operations:N0} in {f.Seconds:F2} s = {f.PerSecond:N0}/s ({f.Milliseconds:F3} ms each)");

    internal sealed record Row(int N, string From, string To, long Quantity);

    // Random transfers of 1–maxQuantity t between holders that can afford them; every holder starts with 1,000 t in one block,
    // so transfers move part-blocks and fragment the holdings as they go.
    internal static List<Row> Rows(int holders, int count, int seed, int maxQuantity)
    {
        var random = new Random(seed);
        var balance = Enumerable.Repeat(1_000L, holders).ToArray();
        var rows = new List<Row>(count);
        while (rows.Count < count)
        {
            int from = random.Next(holders);
            int to = random.Next(holders);
            long q = random.Next(1, maxQuantity + 1);
            if (from == to || balance[from] < q)
            {
                continue;
            }
            balance[from] -= q;
            balance[to] += q;
            rows.Add(new Row(rows.Count, H(from), H(to), q));
        }
        return rows;
    }

    internal static string H(int i) => "h" + i.ToString("D4", CultureInfo.InvariantCulture);

    internal static CommandRequest Item(Row r)
    {
        string rid = "bench" + r.N.ToString(CultureInfo.InvariantCulture);
        return new CommandRequest(new CreditCommand(CreditOperation.Transfer, r.From, r.Quantity, r.To, RequestId: rid), r.From, rid);
    }

    private static string Fresh(string dir, string name)
    {
        string path = System.IO.Path.Combine(dir, name);
        foreach (var f in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(f);
        }
        return path;
    }

    // A registry, an owner, the holders, one registered project, one issuance of holders × 1,000 t (no buffer), 1,000 t to each holder.
    internal static LedgerDatabase Seeded(string path, int holders)
    {
        var db = LedgerDatabase.Open(path);
        var setup = new List<CommandRequest>
        {
            new(new InitializeLedger()),
            new(new AddParticipant("reg", Role.Registry)),
            new(new AddParticipant("ver", Role.Verifier), "reg"),
            new(new AddParticipant("owner", Role.ProjectOwner), "reg"),
        };
        for (int i = 0; i < holders; i++)
        {
            setup.Add(new(new AddParticipant(H(i), Role.Holder), "reg"));
        }
        setup.Add(new(new CreateProject("BENCH", "owner", "YC", "CCER-14-001-V01", 0, new DateOnly(2020, 1, 1), new DateOnly(2049, 12, 31), []), "owner"));
        setup.Add(new(new TransitionProject("BENCH", ProjectTrigger.Submit), "owner"));
        setup.Add(new(new TransitionProject("BENCH", ProjectTrigger.Validate), "ver"));
        setup.Add(new(new TransitionProject("BENCH", ProjectTrigger.Register), "reg"));
        setup.Add(new(new RequestIssuance("BR", "BENCH", new DateOnly(2023, 1, 1), new DateOnly(2023, 12, 31), holders * 1_000L), "owner"));
        setup.Add(new(new TransitionIssuance("BR", IssuanceTrigger.Verify), "ver"));
        setup.Add(new(new IssueCredits("BR"), "reg"));
        for (int i = 0; i < holders; i++)
        {
            setup.Add(new(new CreditCommand(CreditOperation.Transfer, "owner", 1_000, H(i)), "owner"));
        }
        db.Commands.RunBatch(setup, out bool ok);
        if (!ok)
        {
            throw new InvalidOperationException("Benchmark setup was rejected.");
        }
        return db;
    }

    private static IEnumerable<BenchFigure> PlainSqlite(string path, List<Row> rows, int singles, int batched)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        Exec(c, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (n INTEGER PRIMARY KEY, f TEXT, t TEXT, q INTEGER);");
        using var ins = c.CreateCommand();
        ins.CommandText = "INSERT INTO t (n, f, t, q) VALUES ($n, $f, $t, $q)";
        foreach (var p in new[] { "$n", "$f", "$t", "$q" })
        {
            ins.Parameters.Add(new SqliteParameter { ParameterName = p });
        }
        void Insert(Row r, int offset)
        {
            ins.Parameters[0].Value = r.N + offset;
            ins.Parameters[1].Value = r.From;
            ins.Parameters[2].Value = r.To;
            ins.Parameters[3].Value = r.Quantity;
            ins.ExecuteNonQuery();
        }
        var sw = Stopwatch.StartNew();
        foreach (var r in rows.Take(singles))
        {
            using var tx = c.BeginTransaction();
            ins.Transaction = tx;
            Insert(r, 0);
            tx.Commit();
        }
        yield return new BenchFigure("plain SQLite, one durable single-row commit each", singles, sw.Elapsed.TotalSeconds);
        sw.Restart();
        using (var tx = c.BeginTransaction())
        {
            ins.Transaction = tx;
            foreach (var r in rows.Take(batched))
            {
                Insert(r, 10_000_000);
            }
            tx.Commit();
        }
        yield return new BenchFigure("plain SQLite, batched row inserts in one transaction", batched, sw.Elapsed.TotalSeconds);
    }

    private static IEnumerable<BenchFigure> Scale(string path, int holders, List<Row> rows, int events, Action<string> log)
    {
        using var db = Seeded(path, holders);
        int have = db.JournalEntries().Count;
        var sw = Stopwatch.StartNew();
        int i = 0;
        while (have < events)
        {
            int n = Math.Min(20_000, events - have);
            var chunk = Enumerable.Range(0, n).Select(k => rows[(i + k) % rows.Count] with { N = i + k }).Select(Item).ToList();
            db.Commands.RunBatch(chunk, out bool ok);
            if (!ok)
            {
                // the random walk wraps around; restart from fresh rows numbered past the used ones
                throw new InvalidOperationException($"Scale batch at event {have} was rejected.");
            }
            have += n;
            i += n;
            log(string.Create(CultureInfo.InvariantCulture, $"  {have:N0} events ({sw.Elapsed.TotalSeconds:F0} s)"));
        }
        yield return new BenchFigure($"building a ledger of {events:N0} events (one-tonne transfers, batches of 20,000)", events, sw.Elapsed.TotalSeconds);
        var serials = db.Blocks("h0001").Select(b => b.Start).Take(20).ToList();
        sw.Restart();
        foreach (var s in serials)
        {
            _ = db.History("BENCH", s);
        }
        var h = new BenchFigure($"history --serial on {events:N0} events", serials.Count, sw.Elapsed.TotalSeconds);
        log(Describe(h));
        yield return h;
        sw.Restart();
        for (int k = 0; k < 20; k++)
        {
            _ = db.Balances(H(k));
        }
        var b = new BenchFigure($"balance --holder on {events:N0} events", 20, sw.Elapsed.TotalSeconds);
        log(Describe(b));
        yield return b;
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
