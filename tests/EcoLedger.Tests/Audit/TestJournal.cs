using System.Globalization;
using EcoLedger.Audit;

namespace EcoLedger.Tests.Audit;

/// <summary>Synthetic, chained journal events and signed checkpoints for the audit tests.</summary>
internal static class TestJournal
{
    public const string LedgerId = "test-ledger";

    private static readonly string[] Kinds = ["credits.transferred", "credits.retired", "credits.pledged", "issuance.issued"];

    public static List<JournalEvent> Events(int count, Func<long, string>? payloadOverride = null)
    {
        var list = new List<JournalEvent>(count);
        string prev = JournalEvent.GenesisHash;
        var t0 = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
        for (long seq = 1; seq <= count; seq++)
        {
            string payload = payloadOverride?.Invoke(seq) ?? Payload(seq);
            string time = Checkpoint.FormatTime(t0.AddSeconds(seq));
            var e = JournalEvent.Seal(seq, time, $"participant-{seq % 50}", Kinds[seq % Kinds.Length], payload, prev);
            list.Add(e);
            prev = e.Hash;
        }
        return list;
    }

    public static string Payload(long seq) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"block\":\"B-{seq}\",\"from\":\"acct-{seq % 97}\",\"quantity\":{100 + seq % 900},\"serial_end\":{seq * 1000 + 999},\"serial_start\":{seq * 1000},\"to\":\"acct-{seq % 89}\"}}");

    /// <summary>Signed checkpoints at every <paramref name="every"/> events and at the end.</summary>
    public static List<SignedCheckpoint> Checkpoints(IReadOnlyList<JournalEvent> events, CheckpointSigner signer, int every)
    {
        var tree = ProofFiles.BuildTree(events);
        var sizes = new SortedSet<long>();
        for (long s = every; s < events.Count; s += every)
        {
            sizes.Add(s);
        }
        sizes.Add(events.Count);
        var t0 = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        return [.. sizes.Select(s => signer.Sign(new Checkpoint(LedgerId, s, Convert.ToHexStringLower(tree.RootAt(s)), t0.AddMinutes(s))))];
    }

    public static CheckpointSigner NewSigner() => new(System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256));

    public static byte[] Export(IReadOnlyList<JournalEvent> events, IReadOnlyList<SignedCheckpoint> checkpoints, string publicKeyPem)
    {
        using var ms = new MemoryStream();
        AuditExport.Write(ms, new BundleHeader(AuditBundle.FormatVersion, LedgerId, publicKeyPem), events, checkpoints);
        return ms.ToArray();
    }

    public static BundleVerification Verify(byte[] bundle, SignedCheckpoint? trusted = null, IEventReplayer? replayer = null) =>
        BundleVerifier.Verify(new MemoryStream(bundle), trusted, replayer);

    /// <summary>A file next to this source file (the test project copies nothing, so read it from the source tree).</summary>
    public static string SourceFile(string name, [System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, name);

    public static List<byte[]> Lines(byte[] bundle)
    {
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < bundle.Length; i++)
        {
            if (bundle[i] == '\n')
            {
                lines.Add(bundle[start..i]);
                start = i + 1;
            }
        }
        return lines;
    }

    public static byte[] Join(IEnumerable<byte[]> lines) => [.. lines.SelectMany(l => l.Append((byte)'\n'))];
}
