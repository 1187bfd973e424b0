namespace EcoLedger.Audit;

/// <summary>
/// The ledger's checkpoints as C2SP checkpoint notes: the note text of a checkpoint, signed by the ledger's note key (derived from
/// its checkpoint key, see <see cref="CheckpointSigner.DeriveNoteKey"/>), and the witness request that carries it.
/// </summary>
public static class CheckpointNote
{
    /// <summary>The ledger's note key: named after the ledger's origin, derived from its checkpoint key.</summary>
    public static NoteKey LogKey(CheckpointSigner signer, string ledgerId)
    {
        ArgumentNullException.ThrowIfNull(signer);
        return signer.DeriveNoteKey(TlogCheckpoint.OriginFor(ledgerId));
    }

    /// <summary>The signed note of <paramref name="checkpoint"/>: origin, size and base64 root, signed by the ledger's note key.</summary>
    public static SignedNote Sign(Checkpoint checkpoint, CheckpointSigner signer)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        using var key = LogKey(signer, checkpoint.LedgerId);
        string text = TlogCheckpoint.From(checkpoint).Text;
        return SignedNote.Create(text, [key.Sign(text)]);
    }

    /// <summary>
    /// The ledger's own checkpoint that <paramref name="note"/> shows: same origin, size and root as one of <paramref name="stored"/>.
    /// </summary>
    /// <exception cref="FormatException">The note is not a checkpoint of this ledger; the message says which part differs.</exception>
    public static SignedCheckpoint Match(SignedNote note, string ledgerId, IReadOnlyList<SignedCheckpoint> stored)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(stored);
        var cp = TlogCheckpoint.Parse(note.Text);
        string origin = TlogCheckpoint.OriginFor(ledgerId);
        if (cp.Origin != origin)
        {
            throw new FormatException($"the note is a checkpoint of '{cp.Origin}', not of this ledger ('{origin}')");
        }
        var own = stored.FirstOrDefault(s => s.Checkpoint.TreeSize == cp.TreeSize)
            ?? throw new FormatException($"the ledger has no checkpoint at size {cp.TreeSize}");
        return own.Checkpoint.RootHash == cp.RootHex
            ? own
            : throw new FormatException($"the note's root at size {cp.TreeSize} is {cp.RootHex}, but the ledger's checkpoint at that size has root {own.Checkpoint.RootHash}");
    }
}
