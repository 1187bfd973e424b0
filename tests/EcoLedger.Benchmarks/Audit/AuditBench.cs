using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using EcoLedger.Audit;

namespace EcoLedger.Benchmarks.Audit;

/// <summary>
/// The <c>audit</c> verb: <c>audit bundle N FILE</c> writes a synthetic bundle of N events (checkpoint every 10,000 events
/// and at the end); <c>audit verify FILE</c> times <see cref="BundleVerifier"/>; <c>audit prove FILE</c> builds the stored
/// tree from the bundle and times inclusion and consistency proofs. <c>Audit/bench-audit.sh</c> runs them next to sha256sum.
/// </summary>
public static class AuditBench
{
    private const string LedgerId = "bench-ledger";
    private const int CheckpointEvery = 10_000;

    public static int Run(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "bundle":
                return WriteBundle(long.Parse(args[1], CultureInfo.InvariantCulture), args[2]);
            case "verify":
                return Timed("verify", () =>
                {
                    var r = BundleVerifier.Verify(args[1]);
                    return $"{(r.Verified ? "verified" : "FAILED: " + r.Failure)}, {r.Events} events, {r.Checkpoints.Count} checkpoints, root {r.RootHash[..16]}…";
                });
            case "prove":
                return Prove(args[1]);
            default:
                Console.Error.WriteLine("usage: audit bundle N FILE | audit verify FILE | audit prove FILE");
                return 2;
        }
    }

    /// <summary>Deterministic synthetic events resembling the ledger's credit operations (~330 bytes a line).</summary>
    public static IEnumerable<JournalEvent> Events(long count)
    {
        string[] kinds = ["credits.transferred", "credits.retired", "credits.pledged", "issuance.issued"];
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        string prev = JournalEvent.GenesisHash;
        for (long seq = 1; seq <= count; seq++)
        {
            string payload = string.Create(CultureInfo.InvariantCulture,
                $"{{\"block\":\"B-{seq / 3}\",\"from\":\"acct-{seq % 997}\",\"quantity\":{100 + seq % 900},\"serial_end\":{seq * 1000 + 999},\"serial_start\":{seq * 1000},\"to\":\"acct-{seq % 991}\"}}");
            var e = JournalEvent.Seal(seq, Checkpoint.FormatTime(t0.AddSeconds(seq)), $"participant-{seq % 500}", kinds[seq % 4], payload, prev);
            prev = e.Hash;
            yield return e;
        }
    }

    private static int WriteBundle(long n, string path)
    {
        var sw = Stopwatch.StartNew();
        using var signer = new CheckpointSigner(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        // Pass 1: roots at the checkpoint sizes (compact range, constant memory); pass 2: stream the bundle.
        var range = new CompactRange();
        var checkpoints = new List<SignedCheckpoint>();
        var t0 = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var e in Events(n))
        {
            range.Append(e.LeafHash());
            if (range.Size % CheckpointEvery == 0 || range.Size == n)
            {
                checkpoints.Add(signer.Sign(new Checkpoint(LedgerId, range.Size, Convert.ToHexStringLower(range.Root()), t0.AddSeconds(range.Size))));
            }
        }
        AuditExport.Write(path, new BundleHeader(AuditBundle.FormatVersion, LedgerId, signer.PublicKeyPem), Events(n), checkpoints);
        Console.WriteLine($"bundle: {n} events, {checkpoints.Count} checkpoints, {new FileInfo(path).Length / (1024 * 1024)} MiB in {sw.Elapsed.TotalSeconds:0.00} s");
        return 0;
    }

    private static int Prove(string path)
    {
        var sw = Stopwatch.StartNew();
        var tree = ProofFiles.BuildTree(BundleReader.ReadEvents(path));
        var checkpoints = BundleReader.ReadCheckpoints(path);
        double build = sw.Elapsed.TotalSeconds;
        var latest = checkpoints[^1].Checkpoint;
        byte[] root = Convert.FromHexString(latest.RootHash);
        var rng = new Random(1);
        const int Proofs = 2000;
        double genMax = 0, verMax = 0, genTotal = 0, verTotal = 0;
        for (int i = 0; i < Proofs; i++)
        {
            long index = rng.NextInt64(latest.TreeSize);
            long t = Stopwatch.GetTimestamp();
            var path1 = tree.InclusionProof(index, latest.TreeSize);
            double g = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            t = Stopwatch.GetTimestamp();
            bool ok = MerkleProof.VerifyInclusion(index, latest.TreeSize, tree.LeafHash(index), path1, root);
            double v = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            if (!ok)
            {
                throw new InvalidOperationException($"Inclusion proof for leaf {index} did not verify.");
            }
            genMax = Math.Max(genMax, g);
            verMax = Math.Max(verMax, v);
            genTotal += g;
            verTotal += v;
        }
        double cGenMax = 0, cVerMax = 0, cGenTotal = 0, cVerTotal = 0;
        for (int i = 0; i < Proofs; i++)
        {
            var from = checkpoints[rng.Next(checkpoints.Count)].Checkpoint;
            long t = Stopwatch.GetTimestamp();
            var proof = tree.ConsistencyProof(from.TreeSize, latest.TreeSize);
            double g = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            t = Stopwatch.GetTimestamp();
            bool ok = MerkleProof.VerifyConsistency(from.TreeSize, latest.TreeSize, Convert.FromHexString(from.RootHash), root, proof);
            double v = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            if (!ok)
            {
                throw new InvalidOperationException($"Consistency proof {from.TreeSize} → {latest.TreeSize} did not verify.");
            }
            cGenMax = Math.Max(cGenMax, g);
            cVerMax = Math.Max(cVerMax, v);
            cGenTotal += g;
            cVerTotal += v;
        }
        using var p = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            tree of {tree.Size} events built from the bundle in {build:0.00} s (peak working set {p.PeakWorkingSet64 / (1024 * 1024)} MB)
            inclusion proof ({Proofs} random events vs size {latest.TreeSize}): generate mean {genTotal / Proofs:0.000} ms, max {genMax:0.000} ms; verify mean {verTotal / Proofs:0.000} ms, max {verMax:0.000} ms
            consistency proof ({Proofs} random checkpoints → {latest.TreeSize}): generate mean {cGenTotal / Proofs:0.000} ms, max {cGenMax:0.000} ms; verify mean {cVerTotal / Proofs:0.000} ms, max {cVerMax:0.000} ms
            """));
        return 0;
    }

    private static int Timed(string what, Func<string> run)
    {
        var sw = Stopwatch.StartNew();
        string detail = run();
        sw.Stop();
        using var p = Process.GetCurrentProcess();
        Console.WriteLine($"{what}: {sw.Elapsed.TotalSeconds:0.00} s, peak working set {p.PeakWorkingSet64 / (1024 * 1024)} MB ({detail})");
        return detail.StartsWith("verified", StringComparison.Ordinal) ? 0 : 1;
    }
}
