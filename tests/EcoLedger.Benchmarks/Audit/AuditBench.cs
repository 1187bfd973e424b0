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
        var inclusion = new Timings(Proofs);
        var consistency = new Timings(Proofs);
        for (int i = -100; i < Proofs; i++) // the first 100 warm up the JIT and are not counted
        {
            long index = rng.NextInt64(latest.TreeSize);
            long t = Stopwatch.GetTimestamp();
            var path1 = tree.InclusionProof(index, latest.TreeSize);
            long t1 = Stopwatch.GetTimestamp();
            bool ok = MerkleProof.VerifyInclusion(index, latest.TreeSize, tree.LeafHash(index), path1, root);
            long t2 = Stopwatch.GetTimestamp();
            if (!ok)
            {
                throw new InvalidOperationException($"Inclusion proof for leaf {index} did not verify.");
            }
            inclusion.Add(i, t, t1, t2);

            var from = checkpoints[rng.Next(checkpoints.Count)].Checkpoint;
            t = Stopwatch.GetTimestamp();
            var proof = tree.ConsistencyProof(from.TreeSize, latest.TreeSize);
            t1 = Stopwatch.GetTimestamp();
            ok = MerkleProof.VerifyConsistency(from.TreeSize, latest.TreeSize, Convert.FromHexString(from.RootHash), root, proof);
            t2 = Stopwatch.GetTimestamp();
            if (!ok)
            {
                throw new InvalidOperationException($"Consistency proof {from.TreeSize} → {latest.TreeSize} did not verify.");
            }
            consistency.Add(i, t, t1, t2);
        }
        using var p = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            tree of {tree.Size} events built from the bundle in {build:0.00} s (peak working set {p.PeakWorkingSet64 / (1024 * 1024)} MB)
            inclusion proof, {Proofs} random events of {latest.TreeSize}: {inclusion}
            consistency proof, {Proofs} random checkpoints → {latest.TreeSize}: {consistency}
            """));
        return 0;
    }

    private sealed class Timings(int n)
    {
        private readonly double[] _generate = new double[n];
        private readonly double[] _verify = new double[n];

        public void Add(int i, long t0, long t1, long t2)
        {
            if (i >= 0)
            {
                _generate[i] = Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
                _verify[i] = Stopwatch.GetElapsedTime(t1, t2).TotalMilliseconds;
            }
        }

        public override string ToString() => $"generate {Describe(_generate)}; verify {Describe(_verify)}";

        private static string Describe(double[] ms)
        {
            var sorted = ms.Order().ToArray();
            return string.Create(CultureInfo.InvariantCulture,
                $"mean {ms.Average():0.000} ms, median {sorted[sorted.Length / 2]:0.000} ms, p99 {sorted[(int)(sorted.Length * 0.99)]:0.000} ms, max {sorted[^1]:0.000} ms");
        }
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
