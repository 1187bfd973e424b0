using EcoLedger.Audit;

namespace EcoLedger.Tests.Audit;

public sealed class ProofFilesTests : IDisposable
{
    private readonly CheckpointSigner _signer = TestJournal.NewSigner();
    private readonly List<JournalEvent> _events = TestJournal.Events(700);
    private readonly List<SignedCheckpoint> _checkpoints;
    private readonly MerkleTree _tree;

    public ProofFilesTests()
    {
        _checkpoints = TestJournal.Checkpoints(_events, _signer, 300);
        _tree = ProofFiles.BuildTree(_events);
    }

    public void Dispose() => _signer.Dispose();

    [Fact]
    public void Inclusion_proof_file_round_trips_and_verifies_against_the_trusted_checkpoint()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ecoledger-proof-{Guid.NewGuid():N}.json");
        try
        {
            var proof = ProofFiles.ProveInclusion(_tree, _events[433], _checkpoints[^1]);
            ProofFiles.Write(path, proof);
            var read = ProofFiles.ReadInclusion(path);
            Assert.Equal(proof.Event, read.Event);
            Assert.Equal(proof.Path, read.Path);
            Assert.Null(ProofFiles.VerifyInclusion(read, _checkpoints[^1], _signer.PublicKeyPem));
            Assert.True(CanonicalJson.IsCanonical(File.ReadAllBytes(path).AsSpan()[..^1]));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Inclusion_proof_of_an_altered_event_fails()
    {
        var proof = ProofFiles.ProveInclusion(_tree, _events[433], _checkpoints[^1]);
        var e = proof.Event;
        var altered = proof with { Event = e with { Payload = e.Payload.Replace("\"quantity\":534", "\"quantity\":999", StringComparison.Ordinal) } };
        Assert.Equal("event 434: hash mismatch", ProofFiles.VerifyInclusion(altered, _checkpoints[^1], _signer.PublicKeyPem));

        var resealed = proof with { Event = JournalEvent.Seal(e.Seq, e.Time, e.Actor, e.Kind, altered.Event.Payload, e.PrevHash) };
        Assert.Equal("event 434: not included in the tree of size 700 (the inclusion proof does not lead to the checkpoint's root)",
            ProofFiles.VerifyInclusion(resealed, _checkpoints[^1], _signer.PublicKeyPem));
    }

    [Fact]
    public void Inclusion_proof_against_the_wrong_checkpoint_or_key_fails()
    {
        var proof = ProofFiles.ProveInclusion(_tree, _events[10], _checkpoints[^1]);
        Assert.Equal("event 11: the proof is for tree size 700, the checkpoint is at size 300",
            ProofFiles.VerifyInclusion(proof, _checkpoints[0], _signer.PublicKeyPem));
        using var other = TestJournal.NewSigner();
        Assert.Equal("checkpoint at size 700: signature does not verify with the public key",
            ProofFiles.VerifyInclusion(proof, _checkpoints[^1], other.PublicKeyPem));
        Assert.Equal("event 11: leaf index 11 is not event 11's (10)",
            ProofFiles.VerifyInclusion(proof with { LeafIndex = 11 }, _checkpoints[^1], _signer.PublicKeyPem));
        Assert.NotNull(ProofFiles.VerifyInclusion(proof with { Path = proof.Path.Take(proof.Path.Count - 1).ToList() }, _checkpoints[^1], _signer.PublicKeyPem));
        Assert.NotNull(ProofFiles.VerifyInclusion(proof with { Path = [.. proof.Path, proof.Path[0]] }, _checkpoints[^1], _signer.PublicKeyPem));
    }

    [Fact]
    public void Consistency_proof_file_round_trips_and_verifies()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ecoledger-cons-{Guid.NewGuid():N}.json");
        try
        {
            ProofFiles.Write(path, ProofFiles.ProveConsistency(_tree, _checkpoints[0], _checkpoints[^1]));
            var read = ProofFiles.ReadConsistency(path);
            Assert.Null(ProofFiles.VerifyConsistency(read, _signer.PublicKeyPem, _checkpoints[0]));
            Assert.Equal("the proof starts from the checkpoint at size 300, not from the trusted checkpoint at size 600",
                ProofFiles.VerifyConsistency(read, _signer.PublicKeyPem, _checkpoints[1]));
            var swapped = read with { From = read.To, To = read.From };
            Assert.Equal("checkpoint at size 700 not consistent with size 300", ProofFiles.VerifyConsistency(swapped, _signer.PublicKeyPem));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
