namespace EcoLedger.Audit;

/// <summary>Why a witness did not cosign.</summary>
public enum WitnessRefusal
{
    /// <summary>The checkpoint is not trustworthy: not signed by the pinned log key, a rollback, a fork, a proof that fails.</summary>
    Refused,

    /// <summary>The request starts from another size than the one the witness last cosigned (tlog-witness's 409): ask again from it.</summary>
    WrongOldSize,

    /// <summary>The request itself is malformed (an old size beyond the checkpoint, a proof where none belongs, a bad empty tree).</summary>
    BadRequest,
}

/// <summary>What a witness answered.</summary>
/// <param name="Cosignature">The cosignature line (null when refused).</param>
/// <param name="CosignedNote">The checkpoint note with the cosignature appended (null when refused).</param>
/// <param name="Checkpoint">The checkpoint that was examined (null when it could not be read).</param>
/// <param name="Refusal">Why not (null when cosigned).</param>
/// <param name="Reason">A sentence saying why not (null when cosigned).</param>
/// <param name="WitnessSize">The size the witness had cosigned before this request (0 for a log it had not seen).</param>
public sealed record WitnessOutcome(NoteSignature? Cosignature, SignedNote? CosignedNote, TlogCheckpoint? Checkpoint, WitnessRefusal? Refusal,
    string? Reason, long WitnessSize)
{
    /// <summary>True when the witness cosigned.</summary>
    public bool Cosigned => Cosignature is not null;
}

/// <summary>
/// A transparency-log witness: cosigns a log's checkpoint only when it is signed by the log's pinned key and consistent with every
/// checkpoint of that log the witness cosigned before, so a log can never show two different histories to two parties that both
/// hold cosigned checkpoints.
/// </summary>
/// <remarks>
/// Follows https://c2sp.org/tlog-witness (add-checkpoint) and https://c2sp.org/tlog-cosignature (cosignature/v1, Ed25519). The
/// checks run in this order: the pinned log key (and that it is the key pinned before), the log's signature, the checkpoint text,
/// rollback and fork against the stored checkpoint, the old size, then the consistency proof.
/// </remarks>
public static class Witness
{
    /// <summary>
    /// Examines <paramref name="request"/> and, when it passes, cosigns it with <paramref name="witnessKey"/> at <paramref name="now"/>
    /// and records the checkpoint in <paramref name="state"/> (the caller saves the state before handing out the cosignature).
    /// </summary>
    public static WitnessOutcome AddCheckpoint(WitnessState state, WitnessRequest request, NoteVerifierKey logKey, NoteKey witnessKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(logKey);
        ArgumentNullException.ThrowIfNull(witnessKey);
        if (logKey.Type != NoteVerifierKey.Ed25519Type)
        {
            throw new ArgumentException($"The log key {logKey.Name}+{logKey.KeyId:x8} is not an Ed25519 note key (type 0x01).", nameof(logKey));
        }
        var note = request.Checkpoint;
        string origin = note.Text.Split('\n', 2)[0];
        var last = state.Get(origin);
        long lastSize = last?.TreeSize ?? 0;
        WitnessOutcome No(WitnessRefusal why, string reason, TlogCheckpoint? cp = null) => new(null, null, cp, why, reason, lastSize);

        if (origin != logKey.Name)
        {
            return No(WitnessRefusal.Refused, $"the checkpoint is for origin '{origin}', but this witness's pinned log key is for '{logKey.Name}'");
        }
        if (last is not null && !last.LogKey.Equals(logKey))
        {
            return No(WitnessRefusal.Refused, $"the log key given ({logKey}) is not the key this witness pinned for '{origin}' ({last.LogKey})");
        }
        var signed = note.Verify([logKey]);
        if (signed.Failure is not null)
        {
            return No(WitnessRefusal.Refused, $"the checkpoint is not signed by the log's pinned key: {signed.Failure}");
        }
        TlogCheckpoint cp;
        try
        {
            cp = TlogCheckpoint.Parse(note.Text);
        }
        catch (FormatException e)
        {
            return No(WitnessRefusal.BadRequest, e.Message);
        }
        if (last is not null && cp.TreeSize < last.TreeSize)
        {
            return No(WitnessRefusal.Refused,
                $"rollback: the checkpoint has size {cp.TreeSize}, smaller than size {last.TreeSize} this witness already cosigned for '{origin}'", cp);
        }
        if (last is not null && cp.TreeSize == last.TreeSize && !cp.RootHash.SequenceEqual(last.RootHash))
        {
            return No(WitnessRefusal.Refused,
                $"fork: the checkpoint at size {cp.TreeSize} has root {Convert.ToBase64String(cp.RootHash)}, but this witness cosigned size {last.TreeSize} "
                + $"of '{origin}' with root {Convert.ToBase64String(last.RootHash)}", cp);
        }
        if (request.OldSize > cp.TreeSize)
        {
            return No(WitnessRefusal.BadRequest, $"the request's old size {request.OldSize} is larger than the checkpoint's size {cp.TreeSize}", cp);
        }
        if (request.OldSize != lastSize)
        {
            return No(WitnessRefusal.WrongOldSize,
                $"the request proves consistency from size {request.OldSize}, but this witness last cosigned size {lastSize} of '{origin}': make the request with old size {lastSize}", cp);
        }
        if (cp.TreeSize == 0 && !cp.RootHash.SequenceEqual(MerkleHash.Empty))
        {
            return No(WitnessRefusal.BadRequest, "a checkpoint of size 0 must have the root of the empty tree", cp);
        }
        if (lastSize == 0 || lastSize == cp.TreeSize)
        {
            if (request.Proof.Count != 0)
            {
                return No(WitnessRefusal.BadRequest, $"a request from size {lastSize} to size {cp.TreeSize} carries no consistency proof (it has {request.Proof.Count} lines)", cp);
            }
        }
        else if (!MerkleProof.VerifyConsistency(lastSize, cp.TreeSize, last!.RootHash, cp.RootHash, request.Proof))
        {
            return No(WitnessRefusal.Refused,
                $"fork: the checkpoint at size {cp.TreeSize} is not consistent with size {lastSize} this witness cosigned for '{origin}' "
                + $"(root {Convert.ToBase64String(last.RootHash)}): the consistency proof does not verify", cp);
        }
        var cosignature = witnessKey.Cosign(note.Text, now);
        state.Set(new WitnessedLog(origin, logKey, cp.TreeSize, cp.RootHash.ToArray(), DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds())));
        return new WitnessOutcome(cosignature, note.WithSignature(cosignature), cp, null, null, lastSize);
    }
}
