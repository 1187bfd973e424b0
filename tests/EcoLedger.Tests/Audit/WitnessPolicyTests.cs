using EcoLedger.Audit;

namespace EcoLedger.Tests.Audit;

public sealed class WitnessPolicyTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
    private readonly NoteKey _log = NoteKey.Generate(TlogCheckpoint.OriginFor(TestJournal.LedgerId));
    private readonly NoteKey _w1 = NoteKey.Generate("witness.example/w1");
    private readonly NoteKey _w2 = NoteKey.Generate("witness.example/w2");
    private readonly NoteKey _w3 = NoteKey.Generate("witness.example/w3");
    private readonly MerkleTree _tree = ProofFiles.BuildTree(TestJournal.Events(9));

    public void Dispose()
    {
        _log.Dispose();
        _w1.Dispose();
        _w2.Dispose();
        _w3.Dispose();
    }

    private string Root => Convert.ToHexStringLower(_tree.Root());

    [Fact]
    public void Should_accept_a_checkpoint_cosigned_by_enough_distinct_known_witnesses()
    {
        var note = Note(9, _w1, _w2);

        var check = WitnessPolicy.Check(note, [_w1.CosignatureKey, _w2.CosignatureKey, _w3.CosignatureKey], 2, TestJournal.LedgerId, 9, Root);

        Assert.Null(check.Failure);
        Assert.Equal(["witness.example/w1", "witness.example/w2"], check.Cosigners.Select(c => c.Witness.Name));
        Assert.All(check.Cosigners, c => Assert.Equal(Now, c.Time));
    }

    [Fact]
    public void Should_name_the_missing_witnesses_when_too_few_cosigned()
    {
        var note = Note(9, _w1);

        var check = WitnessPolicy.Check(note, [_w1.CosignatureKey, _w2.CosignatureKey, _w3.CosignatureKey], 2, TestJournal.LedgerId, 9, Root);

        Assert.Equal("the checkpoint at size 9 is cosigned by 1 of the known witnesses (witness.example/w1), fewer than the 2 required; "
            + "no valid cosignature from: witness.example/w2, witness.example/w3", check.Failure);
    }

    [Fact]
    public void Should_count_one_public_key_under_two_names_as_one_witness()
    {
        // cosignature/v1 does not sign the witness's name, so w1's key renamed is still w1
        var note = Note(9, _w1);
        var renamed = new NoteVerifierKey("witness.example/alias", NoteVerifierKey.CosignatureV1Type, _w1.CosignatureKey.PublicKey);
        var line = note.Signatures[1];
        var both = note.WithSignature(new NoteSignature(renamed.Name, renamed.KeyId, line.Signature));

        var check = WitnessPolicy.Check(both, [_w1.CosignatureKey, renamed, _w2.CosignatureKey], 2, TestJournal.LedgerId, 9, Root);

        Assert.StartsWith("the checkpoint at size 9 is cosigned by 1 of the known witnesses (witness.example/w1), fewer than the 2 required", check.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_reject_a_history_whose_root_differs_from_the_witnessed_one()
    {
        var note = Note(9, _w1);
        string otherRoot = new('a', 64);

        var check = WitnessPolicy.Check(note, [_w1.CosignatureKey], 1, TestJournal.LedgerId, 9, otherRoot);

        Assert.Equal($"the witnessed checkpoint at size 9 has root {Root}, but events 1-9 have root {otherRoot}: "
            + "this history is not the one the witnesses cosigned (rewritten or forked)", check.Failure);
    }

    [Fact]
    public void Should_reject_a_witnessed_checkpoint_that_does_not_cover_the_whole_history()
    {
        var tree = ProofFiles.BuildTree(TestJournal.Events(9));
        var note = Note(5, _w1, tree: tree);

        var check = WitnessPolicy.Check(note, [_w1.CosignatureKey], 1, TestJournal.LedgerId, 9, Root);

        Assert.Equal("the witnessed checkpoint is at size 5, but the verified history has 9 events: the witnesses must cosign the latest checkpoint", check.Failure);
    }

    [Fact]
    public void Should_reject_a_note_of_another_ledger_or_with_a_forged_cosignature()
    {
        var note = Note(9, _w1);
        var line = note.Signatures[1];
        byte[] forged = (byte[])line.Signature.Clone();
        forged[^1] ^= 1;
        var forgedNote = SignedNote.Create(note.Text, [note.Signatures[0], line with { Signature = forged }]);

        Assert.Equal("the witnessed checkpoint is for origin 'ecoledger/test-ledger', but the verified ledger's origin is 'ecoledger/other'",
            WitnessPolicy.Check(note, [_w1.CosignatureKey], 1, "other", 9, Root).Failure);
        Assert.Equal($"the witnessed checkpoint at size 9: the signature of witness.example/w1+{_w1.CosignatureKey.KeyId:x8} does not verify",
            WitnessPolicy.Check(forgedNote, [_w1.CosignatureKey], 1, TestJournal.LedgerId, 9, Root).Failure);
    }

    [Fact]
    public void Should_refuse_a_minimum_larger_than_the_witnesses_given_or_a_plain_note_key_as_a_witness_key()
    {
        var note = Note(9, _w1);

        Assert.Throws<ArgumentException>(() => WitnessPolicy.Check(note, [_w1.CosignatureKey], 2, TestJournal.LedgerId, 9, Root));
        Assert.Throws<ArgumentException>(() => WitnessPolicy.Check(note, [_w1.VerifierKey], 1, TestJournal.LedgerId, 9, Root));
    }

    private SignedNote Note(long size, NoteKey first, NoteKey? second = null, MerkleTree? tree = null)
    {
        tree ??= _tree;
        string text = TlogCheckpoint.From(new Checkpoint(TestJournal.LedgerId, size, Convert.ToHexStringLower(tree.RootAt(size)), Now)).Text;
        var note = SignedNote.Create(text, [_log.Sign(text), first.Cosign(text, Now)]);
        return second is null ? note : note.WithSignature(second.Cosign(text, Now));
    }
}
