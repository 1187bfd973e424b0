using System.Text;
using EcoLedger.Audit;

namespace EcoLedger.Tests.Audit;

/// <summary>The tamper tests of issue 5: each tampering fails verification at the right place; the untampered bundle verifies.</summary>
public sealed class BundleVerifierTests : IDisposable
{
    private const int N = 3000;

    // Every test builds its own ledger: 3,000 chained events, checkpoints at 500, 1000, …, 3000.
    private readonly CheckpointSigner _signer = TestJournal.NewSigner();
    private readonly List<JournalEvent> _events = TestJournal.Events(N);
    private readonly List<SignedCheckpoint> _checkpoints;
    private readonly byte[] _bundle;

    public BundleVerifierTests()
    {
        _checkpoints = TestJournal.Checkpoints(_events, _signer, 500);
        _bundle = TestJournal.Export(_events, _checkpoints, _signer.PublicKeyPem);
    }

    public void Dispose() => _signer.Dispose();

    private static int EventLine(List<byte[]> lines, long seq) =>
        lines.FindIndex(l => l.AsSpan().StartsWith("{\"event\":"u8) && Encoding.UTF8.GetString(l).Contains($",\"seq\":{seq},\"time\":", StringComparison.Ordinal));

    private static int CheckpointLine(List<byte[]> lines, long size) =>
        lines.FindIndex(l => l.AsSpan().StartsWith("{\"checkpoint\":"u8) && Encoding.UTF8.GetString(l).Contains($"\"tree_size\":{size}}}", StringComparison.Ordinal));

    private static byte[] Replace(byte[] line, string from, string to)
    {
        string s = Encoding.UTF8.GetString(line);
        int i = s.IndexOf(from, StringComparison.Ordinal);
        Assert.True(i >= 0, $"'{from}' not found");
        return Encoding.UTF8.GetBytes(s[..i] + to + s[(i + from.Length)..]);
    }

    private static void AssertFails(BundleVerification result, string failure)
    {
        Assert.False(result.Verified);
        Assert.Equal(failure, result.Failure);
    }

    [Fact]
    public void Untampered_bundle_verifies()
    {
        var result = TestJournal.Verify(_bundle);

        Assert.True(result.Verified, result.Failure);
        Assert.Null(result.Failure);
        Assert.Equal(N, result.Events);
        Assert.Equal(TestJournal.LedgerId, result.LedgerId);
        Assert.Equal(Convert.ToHexStringLower(ProofFiles.BuildTree(_events).Root()), result.RootHash);
        Assert.Equal(_checkpoints, result.Checkpoints);
        Assert.Equal(750, result.EventsByKind["credits.retired"]);
        Assert.Equal(N, result.EventsByKind.Values.Sum());
        Assert.Equal(LedgerKeys.Fingerprint(_signer.PublicKeyPem), result.PublicKeyFingerprint);
    }

    [Fact]
    public void Untampered_bundle_verifies_against_a_trusted_earlier_checkpoint_and_the_trusted_key()
    {
        var result = TestJournal.Verify(_bundle, _checkpoints[1]);
        Assert.True(result.Verified, result.Failure);
        var withKey = BundleVerifier.Verify(new MemoryStream(_bundle), _checkpoints[1], null, _signer.PublicKeyPem);
        Assert.True(withKey.Verified, withKey.Failure);
    }

    [Fact]
    public void Changing_one_byte_of_an_event_payload_fails_at_that_event()
    {
        var lines = TestJournal.Lines(_bundle);
        int i = EventLine(lines, 1234);
        // "quantity":434 → "quantity":435 (100 + 1234 % 900 = 434): one byte.
        lines[i] = Replace(lines[i], "\"quantity\":434", "\"quantity\":435");

        AssertFails(TestJournal.Verify(TestJournal.Join(lines)), "event 1234: hash mismatch");
    }

    [Fact]
    public void Changing_one_byte_of_an_event_hash_fails_at_that_event()
    {
        var lines = TestJournal.Lines(_bundle);
        int i = EventLine(lines, 1234);
        string hash = _events[1233].Hash;
        lines[i] = Replace(lines[i], $"\"hash\":\"{hash}\"", $"\"hash\":\"{(hash[0] == '0' ? '1' : '0')}{hash[1..]}\"");

        AssertFails(TestJournal.Verify(TestJournal.Join(lines)), "event 1234: hash mismatch");
    }

    [Fact]
    public void Changing_one_byte_of_a_prev_hash_fails_at_that_event()
    {
        var lines = TestJournal.Lines(_bundle);
        int i = EventLine(lines, 1234);
        string prev = _events[1232].Hash;
        lines[i] = Replace(lines[i], $"\"prev_hash\":\"{prev}\"", $"\"prev_hash\":\"{prev[..63]}{(prev[63] == 'a' ? 'b' : 'a')}\"");

        AssertFails(TestJournal.Verify(TestJournal.Join(lines)), "event 1234: prev_hash does not match the hash of event 1233");
    }

    [Fact]
    public void Deleting_one_event_fails_where_it_is_missing()
    {
        var lines = TestJournal.Lines(_bundle);
        lines.RemoveAt(EventLine(lines, 1234));

        AssertFails(TestJournal.Verify(TestJournal.Join(lines)), "event 1234: out of sequence (found event 1235 where event 1234 was expected)");
    }

    [Fact]
    public void Deleting_the_last_event_fails_at_the_checkpoint_that_covers_it()
    {
        var lines = TestJournal.Lines(_bundle);
        lines.RemoveAt(EventLine(lines, N));

        AssertFails(TestJournal.Verify(TestJournal.Join(lines)), "event 3000: missing (checkpoint at size 3000 follows event 2999)");
    }

    [Fact]
    public void Swapping_two_events_fails_at_the_first_of_them()
    {
        var lines = TestJournal.Lines(_bundle);
        int a = EventLine(lines, 1234);
        int b = EventLine(lines, 1240);
        (lines[a], lines[b]) = (lines[b], lines[a]);

        AssertFails(TestJournal.Verify(TestJournal.Join(lines)), "event 1234: out of sequence (found event 1240 where event 1234 was expected)");
    }

    [Fact]
    public void Reordering_events_and_recomputing_the_chain_fails_at_the_next_signed_checkpoint()
    {
        // Given an operator who swaps the contents of events 1234 and 1240 and re-chains everything after them
        var reordered = new List<(string Time, string Actor, string Kind, string Payload)>(_events.Select(e => (e.Time, e.Actor, e.Kind, e.Payload)));
        (reordered[1233], reordered[1239]) = (reordered[1239], reordered[1233]);
        var rechained = Rechain(reordered);

        // When the bundle keeps the checkpoints that were signed before
        var bundle = TestJournal.Export(rechained, _checkpoints, _signer.PublicKeyPem);

        // Then the chain holds but the first checkpoint after the change does not
        AssertFails(TestJournal.Verify(bundle), "checkpoint at size 1500: root hash does not match events 1-1500");
    }

    [Fact]
    public void Replacing_the_last_checkpoint_with_one_signed_by_another_key_fails_at_that_checkpoint()
    {
        using var mallory = TestJournal.NewSigner();
        var forged = mallory.Sign(_checkpoints[^1].Checkpoint);
        var lines = TestJournal.Lines(_bundle);
        int i = CheckpointLine(lines, N);
        lines[i] = Replace(lines[i], $"\"signature\":\"{_checkpoints[^1].Signature}\"", $"\"signature\":\"{forged.Signature}\"");

        AssertFails(TestJournal.Verify(TestJournal.Join(lines)), "checkpoint at size 3000: signature does not verify with the bundle's public key");
    }

    [Fact]
    public void A_bundle_resigned_under_another_key_fails_against_the_trusted_key_or_checkpoint()
    {
        // Given a bundle whose header key and every checkpoint were replaced by another key's
        using var mallory = TestJournal.NewSigner();
        var resigned = _checkpoints.Select(c => mallory.Sign(c.Checkpoint)).ToList();
        var bundle = TestJournal.Export(_events, resigned, mallory.PublicKeyPem);
        Assert.True(TestJournal.Verify(bundle).Verified);

        // Then an auditor who knows the real key, or holds an earlier checkpoint, rejects it
        AssertFails(BundleVerifier.Verify(new MemoryStream(bundle), null, null, _signer.PublicKeyPem), "the bundle's public key differs from the trusted public key");
        AssertFails(TestJournal.Verify(bundle, _checkpoints[1]), "trusted checkpoint: signature does not verify with the bundle's public key");
    }

    [Fact]
    public void A_rewritten_history_fails_against_a_checkpoint_the_auditor_already_holds()
    {
        // Given an operator who changes event 100, re-chains and re-signs every checkpoint with the ledger's own key
        var (rewritten, resigned) = RewriteEvent100();
        var bundle = TestJournal.Export(rewritten, resigned, _signer.PublicKeyPem);

        // Then the bundle is self-consistent (only outside knowledge can catch this) …
        Assert.True(TestJournal.Verify(bundle).Verified);
        // … and an auditor holding the checkpoint at size 1000 from before sees the rewrite
        AssertFails(TestJournal.Verify(bundle, _checkpoints[1]), "trusted checkpoint at size 1000 not consistent with the bundle (events 1-1000 have a different root)");
    }

    [Fact]
    public void A_consistency_proof_for_a_rewritten_history_fails()
    {
        // Given the rewritten ledger's latest checkpoint and a consistency proof computed from its tree
        var (rewritten, resigned) = RewriteEvent100();
        var proof = ProofFiles.ProveConsistency(ProofFiles.BuildTree(rewritten), _checkpoints[1], resigned[^1]);

        // Then, from the checkpoint at 1000 signed before the rewrite, the proof fails
        Assert.Equal("checkpoint at size 1000 not consistent with size 3000", ProofFiles.VerifyConsistency(proof, _signer.PublicKeyPem, _checkpoints[1]));
        // while the genuine ledger's proof holds
        var genuine = ProofFiles.ProveConsistency(ProofFiles.BuildTree(_events), _checkpoints[1], _checkpoints[^1]);
        Assert.Null(ProofFiles.VerifyConsistency(genuine, _signer.PublicKeyPem, _checkpoints[1]));
    }

    [Fact]
    public void A_rewritten_bundle_that_keeps_an_earlier_signed_checkpoint_fails_at_it()
    {
        var (rewritten, resigned) = RewriteEvent100();
        var mixed = resigned.Skip(2).Prepend(_checkpoints[1]).Prepend(_checkpoints[0]).ToList();
        AssertFails(TestJournal.Verify(TestJournal.Export(rewritten, mixed, _signer.PublicKeyPem)), "checkpoint at size 500: root hash does not match events 1-500");
    }

    [Fact]
    public void A_flipped_consistency_proof_between_two_checkpoints_fails()
    {
        var lines = TestJournal.Lines(_bundle);
        int i = CheckpointLine(lines, 2000);
        string s = Encoding.UTF8.GetString(lines[i]);
        int p = s.IndexOf("\"consistency_proof\":[\"", StringComparison.Ordinal) + 22;
        lines[i] = Encoding.UTF8.GetBytes(s[..p] + (s[p] == 'f' ? 'e' : 'f') + s[(p + 1)..]);

        AssertFails(TestJournal.Verify(TestJournal.Join(lines)), "checkpoint at size 1500 not consistent with size 2000");
    }

    [Fact]
    public void Deleting_a_checkpoint_fails_at_the_next_one()
    {
        var lines = TestJournal.Lines(_bundle);
        lines.RemoveAt(CheckpointLine(lines, 1500));

        AssertFails(TestJournal.Verify(TestJournal.Join(lines)), "checkpoint at size 1000 not consistent with size 2000");
    }

    [Fact]
    public void A_truncated_bundle_fails()
    {
        var lines = TestJournal.Lines(_bundle);
        AssertFails(TestJournal.Verify(TestJournal.Join(lines.Take(lines.Count - 1))), "bundle is truncated after event 3000 (no end record)");
        AssertFails(TestJournal.Verify(TestJournal.Join(lines.Take(lines.Count - 3))), "bundle is truncated after event 2999 (no end record)");
        AssertFails(TestJournal.Verify(_bundle[..^20]), $"line {lines.Count}: the bundle is truncated (the last line has no line feed)");
        AssertFails(TestJournal.Verify([]), "line 1: the bundle is empty");
    }

    [Fact]
    public void Events_after_the_last_checkpoint_fail()
    {
        var bundle = TestJournal.Export(_events, _checkpoints.Take(5).ToList(), _signer.PublicKeyPem);
        AssertFails(TestJournal.Verify(bundle), "events 2501-3000 are not covered by a signed checkpoint");
    }

    [Fact]
    public void A_trusted_checkpoint_beyond_the_bundle_fails()
    {
        var shortBundle = TestJournal.Export(_events.Take(1000).ToList(), _checkpoints.Take(2).ToList(), _signer.PublicKeyPem);
        AssertFails(TestJournal.Verify(shortBundle, _checkpoints[2]), "trusted checkpoint at size 1500 is beyond the bundle's 1000 events");
    }

    [Fact]
    public void Non_canonical_event_fails()
    {
        var lines = TestJournal.Lines(_bundle);
        int i = EventLine(lines, 5);
        lines[i] = Replace(lines[i], "\"seq\":5,", "\"seq\": 5,");

        AssertFails(TestJournal.Verify(TestJournal.Join(lines)), "event 5: not in canonical form");
    }

    [Fact]
    public void Events_with_escaped_and_non_ASCII_strings_verify_and_a_needless_escape_fails()
    {
        // Given events whose actor, kind and payload need escapes or are not ASCII
        string[] actors = ["张三", "tab\there", "quote\"q", "emoji 😀", "ctl \u0001"];
        var events = new List<JournalEvent>();
        string prev = JournalEvent.GenesisHash;
        for (int i = 0; i < actors.Length; i++)
        {
            string payload = CanonicalJson.Canonicalize($"{{\"note\":{System.Text.Json.JsonSerializer.Serialize(actors[i])},\"n\":{i}}}");
            var e = JournalEvent.Seal(i + 1, "2026-11-30T10:00:00.0000000Z", actors[i], "participant.added", payload, prev);
            events.Add(e);
            prev = e.Hash;
        }
        var tree = ProofFiles.BuildTree(events);
        var cp = _signer.Sign(new Checkpoint(TestJournal.LedgerId, events.Count, Convert.ToHexStringLower(tree.Root()), DateTimeOffset.UnixEpoch));
        byte[] bundle = TestJournal.Export(events, [cp], _signer.PublicKeyPem);

        // Then they verify
        var result = TestJournal.Verify(bundle);
        Assert.True(result.Verified, result.Failure);

        // And writing "\u0009" where canonical JSON writes "\t" is caught
        var lines = TestJournal.Lines(bundle);
        lines[2] = Replace(lines[2], "tab\\there", "tab\\u0009here");
        AssertFails(TestJournal.Verify(TestJournal.Join(lines)), "event 2: not in canonical form");
    }

    [Fact]
    public void Stray_records_fail()
    {
        var lines = TestJournal.Lines(_bundle);
        var extra = lines.Append("{\"end\":{\"checkpoints\":6,\"events\":3000}}"u8.ToArray());
        AssertFails(TestJournal.Verify(TestJournal.Join(extra)), $"line {lines.Count + 1}: data after the end record");
        lines.Insert(3, "{\"note\":1}"u8.ToArray());
        AssertFails(TestJournal.Verify(TestJournal.Join(lines)), "line 4 (where event 3 or a checkpoint was expected): not a bundle record");
    }

    [Fact]
    public void The_replayer_names_the_first_event_that_breaks_a_ledger_invariant()
    {
        AssertFails(TestJournal.Verify(_bundle, null, new StubReplayer(77, null)), "event 77: transfer of retired serials 101-200");
        AssertFails(TestJournal.Verify(_bundle, null, new StubReplayer(-1, "supply does not add up")), "after event 3000: supply does not add up");
        var ok = new StubReplayer(-1, null);
        Assert.True(TestJournal.Verify(_bundle, null, ok).Verified);
        Assert.Equal(_events, ok.Seen);
    }

    [Fact]
    public void Reader_returns_the_events_and_checkpoints_written()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ecoledger-bundle-{Guid.NewGuid():N}.jsonl");
        try
        {
            AuditExport.Write(path, new BundleHeader(1, TestJournal.LedgerId, _signer.PublicKeyPem), _events, _checkpoints);
            Assert.Equal(_bundle, File.ReadAllBytes(path));
            Assert.Equal(_events, BundleReader.ReadEvents(path).ToList());
            Assert.Equal(_checkpoints, BundleReader.ReadCheckpoints(path));
            Assert.True(BundleVerifier.Verify(path).Verified);
            using var r = BundleReader.Open(path);
            Assert.Equal(new BundleHeader(1, TestJournal.LedgerId, _signer.PublicKeyPem), r.Header);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Streamed_consistency_proofs_equal_those_of_the_stored_tree()
    {
        // Checkpoint sizes that exercise every shape: powers of two, neighbours, odd sizes, 1.
        var events = _events.Take(300).ToList();
        var tree = ProofFiles.BuildTree(events);
        long[] sizes = [1, 2, 3, 4, 7, 8, 9, 16, 17, 31, 64, 100, 127, 128, 129, 200, 255, 256, 257, 299, 300];
        var t0 = DateTimeOffset.UnixEpoch;
        var cps = sizes.Select(s => _signer.Sign(new Checkpoint(TestJournal.LedgerId, s, Convert.ToHexStringLower(tree.RootAt(s)), t0.AddSeconds(s)))).ToList();
        byte[] bundle = TestJournal.Export(events, cps, _signer.PublicKeyPem);

        using var reader = new BundleReader(new MemoryStream(bundle));
        long previous = 0;
        int seen = 0;
        while (reader.Read())
        {
            if (reader.Kind == BundleRecordKind.Checkpoint)
            {
                var (cp, proof) = reader.GetCheckpoint();
                long size = cp.Checkpoint.TreeSize;
                Assert.Equal(previous == 0 ? [] : tree.ConsistencyProof(previous, size), proof);
                previous = size;
                seen++;
            }
        }
        Assert.Equal(sizes.Length, seen);
        Assert.True(TestJournal.Verify(bundle).Verified);
    }

    private (List<JournalEvent> Events, List<SignedCheckpoint> Checkpoints) RewriteEvent100()
    {
        var fields = _events.Select(e => (e.Time, e.Actor, e.Kind, e.Payload)).ToList();
        fields[99] = fields[99] with { Payload = fields[99].Payload.Replace("\"quantity\":200", "\"quantity\":900", StringComparison.Ordinal) };
        var rewritten = Rechain(fields);
        Assert.NotEqual(_events[99].Hash, rewritten[99].Hash);
        return (rewritten, TestJournal.Checkpoints(rewritten, _signer, 500));
    }

    private static List<JournalEvent> Rechain(List<(string Time, string Actor, string Kind, string Payload)> fields)
    {
        var list = new List<JournalEvent>();
        string prev = JournalEvent.GenesisHash;
        for (int i = 0; i < fields.Count; i++)
        {
            var e = JournalEvent.Seal(i + 1, fields[i].Time, fields[i].Actor, fields[i].Kind, fields[i].Payload, prev);
            list.Add(e);
            prev = e.Hash;
        }
        return list;
    }

    private sealed class StubReplayer(long failAt, string? finish) : IEventReplayer
    {
        public List<JournalEvent> Seen { get; } = [];

        public string? Apply(JournalEvent journalEvent)
        {
            Seen.Add(journalEvent);
            return journalEvent.Seq == failAt ? "transfer of retired serials 101-200" : null;
        }

        public string? Finish() => finish;
    }
}
