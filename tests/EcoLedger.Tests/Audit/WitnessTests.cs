using System.Text;
using EcoLedger.Audit;

namespace EcoLedger.Tests.Audit;

public sealed class WitnessTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
    private readonly NoteKey _log = NoteKey.Generate(TlogCheckpoint.OriginFor(TestJournal.LedgerId));
    private readonly NoteKey _witness = NoteKey.Generate("witness.example/w1");
    private readonly List<JournalEvent> _events = TestJournal.Events(20);
    private readonly MerkleTree _tree;

    public WitnessTests() => _tree = ProofFiles.BuildTree(_events);

    public void Dispose()
    {
        _log.Dispose();
        _witness.Dispose();
    }

    [Fact]
    public void Should_cosign_a_first_checkpoint_and_remember_its_size_and_root()
    {
        var state = WitnessState.Empty();

        var outcome = Witness.AddCheckpoint(state, Request(0, 5), _log.VerifierKey, _witness, Now);

        Assert.True(outcome.Cosigned, outcome.Reason);
        Assert.Equal([_witness.CosignatureKey], outcome.CosignedNote!.Verify([_witness.CosignatureKey]).Verified);
        Assert.Equal([_log.VerifierKey], outcome.CosignedNote.Verify([_log.VerifierKey]).Verified);
        Assert.Equal(Now.ToUnixTimeSeconds(), NoteVerifierKey.CosignatureTime(outcome.Cosignature!.Signature));
        var log = state.Get("ecoledger/test-ledger")!;
        Assert.Equal(5, log.TreeSize);
        Assert.Equal(_tree.RootAt(5), log.RootHash);
        Assert.Equal(_log.VerifierKey, log.LogKey);
    }

    [Fact]
    public void Should_cosign_a_consistent_extension_and_the_same_checkpoint_again()
    {
        var state = WitnessState.Empty();
        Assert.True(Witness.AddCheckpoint(state, Request(0, 5), _log.VerifierKey, _witness, Now).Cosigned);

        var extended = Witness.AddCheckpoint(state, Request(5, 13), _log.VerifierKey, _witness, Now.AddMinutes(1));
        var again = Witness.AddCheckpoint(state, Request(13, 13), _log.VerifierKey, _witness, Now.AddMinutes(2));

        Assert.True(extended.Cosigned, extended.Reason);
        Assert.True(again.Cosigned, again.Reason);
        Assert.Equal(13, state.Get("ecoledger/test-ledger")!.TreeSize);
        Assert.Equal(5, extended.WitnessSize);
    }

    [Fact]
    public void Should_refuse_a_fork_at_the_same_size_and_keep_its_state()
    {
        var state = WitnessState.Empty();
        Witness.AddCheckpoint(state, Request(0, 10), _log.VerifierKey, _witness, Now);
        var (rewritten, _) = Rewritten(3);

        var outcome = Witness.AddCheckpoint(state, Request(10, 10, rewritten), _log.VerifierKey, _witness, Now);

        Assert.False(outcome.Cosigned);
        Assert.Equal(WitnessRefusal.Refused, outcome.Refusal);
        Assert.Equal($"fork: the checkpoint at size 10 has root {Convert.ToBase64String(rewritten.RootAt(10))}, but this witness cosigned size 10 of "
            + $"'ecoledger/test-ledger' with root {Convert.ToBase64String(_tree.RootAt(10))}", outcome.Reason);
        Assert.Equal(_tree.RootAt(10), state.Get("ecoledger/test-ledger")!.RootHash);
    }

    [Fact]
    public void Should_refuse_a_rewritten_history_re_signed_by_the_log_key_holder()
    {
        // Given the witness cosigned size 10; the key holder then rewrites event 3 and signs a larger checkpoint over the new history
        var state = WitnessState.Empty();
        Witness.AddCheckpoint(state, Request(0, 10), _log.VerifierKey, _witness, Now);
        var (rewritten, _) = Rewritten(3);

        // When the operator asks for a cosignature with a consistency proof from its own (rewritten) tree
        var outcome = Witness.AddCheckpoint(state, Request(10, 20, rewritten), _log.VerifierKey, _witness, Now);

        // Then
        Assert.Equal(WitnessRefusal.Refused, outcome.Refusal);
        Assert.Equal($"fork: the checkpoint at size 20 is not consistent with size 10 this witness cosigned for 'ecoledger/test-ledger' "
            + $"(root {Convert.ToBase64String(_tree.RootAt(10))}): the consistency proof does not verify", outcome.Reason);
        Assert.Equal(10, state.Get("ecoledger/test-ledger")!.TreeSize);
    }

    [Fact]
    public void Should_refuse_a_rollback_to_a_smaller_tree()
    {
        var state = WitnessState.Empty();
        Witness.AddCheckpoint(state, Request(0, 10), _log.VerifierKey, _witness, Now);

        var outcome = Witness.AddCheckpoint(state, Request(0, 6), _log.VerifierKey, _witness, Now);

        Assert.Equal(WitnessRefusal.Refused, outcome.Refusal);
        Assert.Equal("rollback: the checkpoint has size 6, smaller than size 10 this witness already cosigned for 'ecoledger/test-ledger'", outcome.Reason);
    }

    [Fact]
    public void Should_ask_for_a_proof_from_its_own_size_when_the_request_starts_elsewhere()
    {
        var state = WitnessState.Empty();
        Witness.AddCheckpoint(state, Request(0, 10), _log.VerifierKey, _witness, Now);

        var outcome = Witness.AddCheckpoint(state, Request(5, 15), _log.VerifierKey, _witness, Now);

        Assert.Equal(WitnessRefusal.WrongOldSize, outcome.Refusal);
        Assert.Equal(10, outcome.WitnessSize);
        Assert.Equal("the request proves consistency from size 5, but this witness last cosigned size 10 of 'ecoledger/test-ledger': make the request with old size 10", outcome.Reason);
    }

    [Fact]
    public void Should_refuse_a_checkpoint_not_signed_by_the_pinned_log_key()
    {
        using var impostor = NoteKey.Generate(_log.Name);
        var cp = TlogCheckpoint.From(new Checkpoint(TestJournal.LedgerId, 5, Convert.ToHexStringLower(_tree.RootAt(5)), Now));
        var note = SignedNote.Create(cp.Text, [impostor.Sign(cp.Text)]);

        var outcome = Witness.AddCheckpoint(WitnessState.Empty(), new WitnessRequest(0, [], note), _log.VerifierKey, _witness, Now);
        var pinnedElsewhere = WitnessState.Empty();
        Witness.AddCheckpoint(pinnedElsewhere, Request(0, 5), _log.VerifierKey, _witness, Now);
        var otherKey = Witness.AddCheckpoint(pinnedElsewhere, new WitnessRequest(5, [], note), impostor.VerifierKey, _witness, Now);

        Assert.Equal(WitnessRefusal.Refused, outcome.Refusal);
        Assert.Equal($"the checkpoint is not signed by the log's pinned key: no signature of a known key: known {_log.Name}+{_log.VerifierKey.KeyId:x8}", outcome.Reason);
        Assert.Equal(WitnessRefusal.Refused, otherKey.Refusal);
        Assert.StartsWith($"the log key given ({impostor.VerifierKey}) is not the key this witness pinned for 'ecoledger/test-ledger'", otherKey.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_write_and_read_the_state_file_and_name_a_bad_member()
    {
        string dir = Directory.CreateTempSubdirectory("ecoledger-witness-").FullName;
        try
        {
            string path = Path.Combine(dir, "w.state");
            var state = WitnessState.Empty();
            Witness.AddCheckpoint(state, Request(0, 7), _log.VerifierKey, _witness, Now);
            state.Save(path);

            var back = WitnessState.Load(path).Get("ecoledger/test-ledger")!;

            Assert.Equal(7, back.TreeSize);
            Assert.Equal(_tree.RootAt(7), back.RootHash);
            Assert.Equal(_log.VerifierKey, back.LogKey);
            Assert.Equal(Now, back.CosignedAt);
            Assert.Empty(WitnessState.Load(Path.Combine(dir, "new.state")).Logs);
            File.WriteAllText(path, File.ReadAllText(path).Replace("\"tree_size\": 7", "\"tree_size\": -7", StringComparison.Ordinal));
            Assert.Equal($"{path}: logs[1]: \"tree_size\" must be a whole number, 0 or more.", Assert.Throws<FormatException>(() => WitnessState.Load(path)).Message);
            Assert.Single(Directory.GetFiles(dir)); // no temporary file left behind
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Should_let_only_one_run_hold_the_state_lock_at_a_time()
    {
        string dir = Directory.CreateTempSubdirectory("ecoledger-witness-").FullName;
        try
        {
            string path = Path.Combine(dir, "w.state");
            using (WitnessState.Lock(path, TimeSpan.FromSeconds(1)))
            {
                var e = Assert.Throws<IOException>(() => WitnessState.Lock(path, TimeSpan.FromMilliseconds(200)));
                Assert.StartsWith($"The witness state {path} is locked by another run (waited 0 s)", e.Message, StringComparison.Ordinal);
            }
            using var again = WitnessState.Lock(path, TimeSpan.FromMilliseconds(200));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Should_round_trip_a_request_in_the_tlog_witness_add_checkpoint_form()
    {
        var request = Request(5, 13);

        string body = request.ToString();
        var back = WitnessRequest.Parse(Encoding.UTF8.GetBytes(body));

        Assert.StartsWith("old 5\n", body, StringComparison.Ordinal);
        Assert.Contains("\n\necoledger/test-ledger\n13\n", body, StringComparison.Ordinal);
        Assert.Equal(body, back.ToString());
        Assert.Equal(_tree.ConsistencyProof(5, 13), back.Proof);
        Assert.Equal("Not a witness request: line 1 'old 05' is not 'old <size>' (a decimal number without leading zeros).",
            Assert.Throws<FormatException>(() => WitnessRequest.Parse(Encoding.UTF8.GetBytes(body.Replace("old 5", "old 05", StringComparison.Ordinal)))).Message);
        Assert.Equal("Witness request: line 2 is not a proof hash (the base64 of 32 bytes).",
            Assert.Throws<FormatException>(() => WitnessRequest.Parse(Encoding.UTF8.GetBytes("old 5\nAAAA\n" + body[6..]))).Message);
    }

    private WitnessRequest Request(long old, long size, MerkleTree? tree = null)
    {
        tree ??= _tree;
        var cp = TlogCheckpoint.From(new Checkpoint(TestJournal.LedgerId, size, Convert.ToHexStringLower(tree.RootAt(size)), Now));
        List<byte[]> proof = old == 0 || old == size ? [] : tree.ConsistencyProof(old, size);
        return new WitnessRequest(old, proof, SignedNote.Create(cp.Text, [_log.Sign(cp.Text)]));
    }

    private (MerkleTree Tree, List<JournalEvent> Events) Rewritten(long seq)
    {
        var events = TestJournal.Events(_events.Count, s => s == seq ? TestJournal.Payload(s).Replace("\"quantity\":", "\"quantity\":1", StringComparison.Ordinal) : TestJournal.Payload(s));
        Assert.NotEqual(_events[(int)seq - 1].Payload, events[(int)seq - 1].Payload);
        return (ProofFiles.BuildTree(events), events);
    }
}
