using System.Diagnostics;
using System.Globalization;
using EcoLedger.Storage;
using Npgsql;

namespace EcoLedger.Benchmarks.Ledger;

/// <summary>
/// <c>scale-pg</c>: the latency of <c>history --serial</c> and <c>balance --holder</c> on a PostgreSQL ledger of millions of events
/// (issue 19 §3: &lt; 50 ms at 10,000,000 events, as SQLite at 1,000,000), measured at each size on the way up.
/// </summary>
/// <remarks>
/// <para>
/// The first <c>--real</c> one-tonne transfers (default 20,000) go through the command runner in batches: journal entries with their
/// <c>command.accepted</c> records, postings, block splits and history touches exactly as the ledger writes them. The rest of the
/// history is <b>copied by set-based SQL</b> (<c>INSERT … SELECT … CROSS JOIN generate_series</c>): each copy repeats those
/// transfers' journal, postings, blocks and touches with sequence numbers, block ids and serials shifted past the previous copy,
/// by the same holders. Running 10,000,000 events through the runner would take hours on this machine (≈ 2,000–5,000 batched
/// transfers/s); the copy takes minutes.
/// </para>
/// <para>
/// What this gives up: the copied entries repeat their originals' hashes, so the hash chain does not verify beyond the real part
/// and <c>audit verify</c> is not run on it; the copied blocks' serials lie beyond the issued range. Why the latency is still the
/// ledger's: <c>history</c> and <c>balance</c> read only by index (blocks by (project, start) and by (holder, status), touches by
/// (block, seq), journal by seq, postings by (account, amount)), and the copies give those indexes the row counts, depth and
/// per-holder fan-out (≈ 20 postings and 10 blocks per holder per 10,000 events) of a ledger grown by the runner; nothing in the
/// queries looks at hashes or at the issued range.
/// </para>
/// </remarks>
public static class ScaleBench
{
    /// <summary>Runs <c>scale-pg --db CONNSTR [--holders N] [--real N] [--sizes 1000000,10000000]</c>.</summary>
    public static int Run(string[] args)
    {
        string Arg(string name, string fallback) => Array.IndexOf(args, name) is var i and >= 0 ? args[i + 1] : fallback;
        string target = Arg("--db", "");
        if (target.Length == 0)
        {
            Console.Error.WriteLine("usage: scale-pg --db CONNSTR [--holders N] [--real N] [--sizes 1000000,10000000]");
            return 2;
        }
        int holders = int.Parse(Arg("--holders", "1000"), CultureInfo.InvariantCulture);
        int real = int.Parse(Arg("--real", "20000"), CultureInfo.InvariantCulture);
        var sizes = Arg("--sizes", "1000000,10000000").Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var log = Console.Error;

        var sw = Stopwatch.StartNew();
        using var db = LedgerBench.Seeded(target, holders);
        long first = MaxSeq(target) + 1;
        var rows = LedgerBench.Rows(holders, real, seed: 7, maxQuantity: 1);
        for (int i = 0; i < real; i += 10_000)
        {
            db.Commands.RunBatch(rows.Skip(i).Take(10_000).Select(LedgerBench.Item).ToList(), out bool ok);
            if (!ok)
            {
                throw new InvalidOperationException($"Scale batch at transfer {i} was rejected.");
            }
        }
        long last = MaxSeq(target);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{real:N0} transfers through the runner: events {first:N0}–{last:N0} in {sw.Elapsed.TotalSeconds:F1} s"));
        Console.WriteLine("events\thistory ms (mean of 20)\tbalance ms (mean of 20)\tjournal+postings+blocks+touches rows\tcopy s");
        Measure(db, target, holders, last, 0);

        using var c = new NpgsqlConnection(PostgresConnection(target));
        c.Open();
        Exec(c, "SET synchronous_commit = off");
        long span = last - first + 1;
        long blockBase = Scalar(c, $"SELECT min(id) FROM blocks WHERE created_seq >= {first}");
        long blockSpan = Scalar(c, "SELECT max(id) FROM blocks") - blockBase + 1;
        long serialSpan = Scalar(c, "SELECT max(\"end\") FROM blocks");
        long copies = 0;
        foreach (long size in sizes)
        {
            long want = (size - last + span - 1) / span; // copies needed in total to reach size
            if (want <= copies)
            {
                continue;
            }
            sw.Restart();
            for (long from = copies + 1; from <= want; from += 25)
            {
                long to = Math.Min(want, from + 24);
                Copy(c, first, last, span, blockBase, blockSpan, serialSpan, from, to);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  copies {from}–{to} of {want}: {last + to * span:N0} events ({sw.Elapsed.TotalSeconds:F0} s)"));
            }
            copies = want;
            Exec(c, "ANALYZE");
            double copySeconds = sw.Elapsed.TotalSeconds;
            Measure(db, target, holders, last + copies * span, copySeconds);
        }
        return 0;
    }

    private static void Copy(NpgsqlConnection c, long first, long last, long span, long blockBase, long blockSpan, long serialSpan, long from, long to)
    {
        string k = $"generate_series({from}, {to}) k";
        using var tx = c.BeginTransaction();
        Exec(c, $"INSERT INTO journal (seq, time, actor, kind, payload, prev_hash, hash) SELECT seq + k * {span}, time, actor, kind, payload, prev_hash, hash " +
            $"FROM journal CROSS JOIN {k} WHERE seq BETWEEN {first} AND {last}", tx);
        Exec(c, $"INSERT INTO postings (seq, account, project_id, vintage_start, vintage_end, amount) SELECT seq + k * {span}, account, project_id, vintage_start, vintage_end, amount " +
            $"FROM postings CROSS JOIN {k} WHERE seq BETWEEN {first} AND {last}", tx);
        Exec(c, "INSERT INTO blocks (id, project_id, vintage_start, vintage_end, start, \"end\", holder_id, status, pledgee_id, parent_id, created_seq, version) " +
            $"SELECT id + k * {blockSpan}, project_id, vintage_start, vintage_end, start + k * {serialSpan}, \"end\" + k * {serialSpan}, holder_id, status, pledgee_id, " +
            $"CASE WHEN parent_id >= {blockBase} THEN parent_id + k * {blockSpan} ELSE parent_id END, created_seq + k * {span}, version " +
            $"FROM blocks CROSS JOIN {k} WHERE id >= {blockBase} AND id < {blockBase + blockSpan}", tx);
        Exec(c, $"INSERT INTO block_touches (block_id, seq) SELECT CASE WHEN block_id >= {blockBase} THEN block_id + k * {blockSpan} ELSE block_id END, seq + k * {span} " +
            $"FROM block_touches CROSS JOIN {k} WHERE seq BETWEEN {first} AND {last}", tx);
        tx.Commit();
    }

    // history of 20 serials held by h0001 (the newest blocks: the deepest ancestry) and the balances of 20 holders, in process,
    // through the same LedgerDatabase methods as the CLI's history and balance verbs; one warm-up call each first.
    private static void Measure(LedgerDatabase db, string target, int holders, long events, double copySeconds)
    {
        var serials = db.Blocks("h0001").OrderByDescending(b => b.Id).Take(20).Select(b => (b.Project, b.Start)).ToList();
        _ = db.History(serials[0].Project, serials[0].Start);
        _ = db.Balances(LedgerBench.H(0));
        var sw = Stopwatch.StartNew();
        foreach (var (project, start) in serials)
        {
            _ = db.History(project, start);
        }
        double history = sw.Elapsed.TotalMilliseconds / serials.Count;
        sw.Restart();
        for (int i = 0; i < 20; i++)
        {
            _ = db.Balances(LedgerBench.H(i * (holders / 20)));
        }
        double balance = sw.Elapsed.TotalMilliseconds / 20;
        using var c = new NpgsqlConnection(PostgresConnection(target));
        c.Open();
        long rows = Scalar(c, "SELECT (SELECT count(*) FROM journal) + (SELECT count(*) FROM postings) + (SELECT count(*) FROM blocks) + (SELECT count(*) FROM block_touches)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{events}\t{history:F1}\t{balance:F1}\t{rows}\t{copySeconds:F0}"));
    }

    private static string PostgresConnection(string target) => EcoLedger.Storage.Postgres.PostgresProvider.ConnectionString(target);

    private static long MaxSeq(string target)
    {
        using var c = new NpgsqlConnection(PostgresConnection(target));
        c.Open();
        return Scalar(c, "SELECT max(seq) FROM journal");
    }

    private static long Scalar(NpgsqlConnection c, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, c);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Exec(NpgsqlConnection c, string sql, NpgsqlTransaction? tx = null)
    {
        using var cmd = new NpgsqlCommand(sql, c, tx) { CommandTimeout = 0 };
        cmd.ExecuteNonQuery();
    }
}
