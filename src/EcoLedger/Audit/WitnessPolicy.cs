namespace EcoLedger.Audit;

/// <summary>The outcome of checking a cosigned checkpoint against the witnesses an auditor trusts.</summary>
/// <param name="Failure">Why the checkpoint is not accepted, or null.</param>
/// <param name="Cosigners">The known witnesses whose cosignature verified, with the time each cosigned.</param>
public sealed record WitnessCheck(string? Failure, IReadOnlyList<(NoteVerifierKey Witness, DateTimeOffset Time)> Cosigners);

/// <summary>
/// An auditor's witness policy: a checkpoint is accepted only when at least <c>min</c> of the known witnesses (distinct public keys)
/// cosigned it, and only when it is the checkpoint of the history being verified.
/// </summary>
/// <remarks>
/// Why the witnessed checkpoint must cover the whole verified history rather than some prefix of it: the operator chooses which
/// cosigned note to hand over. A key holder who rewrote event 3 could otherwise show a note witnessed at size 2, before the
/// rewrite, and the rewritten events would pass as witnessed. Requiring the latest checkpoint forces the operator to obtain fresh
/// cosignatures, and a witness that saw the original refuses to cosign the rewritten history (it is not consistent).
/// </remarks>
public static class WitnessPolicy
{
    /// <summary>Checks a policy before any note is read: every key is a cosignature/v1 key and the minimum is 1 … the distinct keys.</summary>
    /// <exception cref="ArgumentException">The policy cannot be met or a key is of the wrong type; the message says which.</exception>
    public static void Validate(IReadOnlyList<NoteVerifierKey> witnesses, int minWitnesses)
    {
        ArgumentNullException.ThrowIfNull(witnesses);
        if (witnesses.FirstOrDefault(w => w.Type != NoteVerifierKey.CosignatureV1Type) is { } wrong)
        {
            throw new ArgumentException($"The witness key {wrong.Name}+{wrong.KeyId:x8} is a note signing key (type 0x{wrong.Type:x2}), not a cosignature/v1 key (type 0x04): give the key 'audit witness init' printed.", nameof(witnesses));
        }
        int distinct = witnesses.Select(w => Convert.ToBase64String(w.PublicKey)).Distinct(StringComparer.Ordinal).Count();
        if (minWitnesses < 1 || minWitnesses > distinct)
        {
            throw new ArgumentException($"The minimum number of witnesses must be 1 to {distinct} (the number of distinct witness keys given); got {minWitnesses}.", nameof(minWitnesses));
        }
    }

    /// <summary>
    /// Checks <paramref name="note"/>: its origin is the ledger's, it is cosigned by at least <paramref name="minWitnesses"/> of
    /// <paramref name="witnesses"/> (a known witness whose cosignature does not verify rejects the note), and its size and root are
    /// those of the verified history (<paramref name="treeSize"/> events with root <paramref name="rootHex"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A witness key is not a cosignature key, or <paramref name="minWitnesses"/> is not 1 … the number of distinct witness keys.</exception>
    public static WitnessCheck Check(SignedNote note, IReadOnlyList<NoteVerifierKey> witnesses, int minWitnesses, string ledgerId, long treeSize, string rootHex)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(witnesses);
        ArgumentNullException.ThrowIfNull(ledgerId);
        ArgumentNullException.ThrowIfNull(rootHex);
        Validate(witnesses, minWitnesses);
        TlogCheckpoint cp;
        try
        {
            cp = TlogCheckpoint.Parse(note.Text);
        }
        catch (FormatException e)
        {
            return new WitnessCheck($"the witnessed checkpoint: {e.Message}", []);
        }
        string origin = TlogCheckpoint.OriginFor(ledgerId);
        if (cp.Origin != origin)
        {
            return new WitnessCheck($"the witnessed checkpoint is for origin '{cp.Origin}', but the verified ledger's origin is '{origin}'", []);
        }
        var verification = note.Verify(witnesses);
        if (verification.Failure is not null && verification.Verified.Count == 0 && note.Signatures.Any(s => witnesses.Any(w => w.Name == s.Name && w.KeyId == s.KeyId)))
        {
            return new WitnessCheck($"the witnessed checkpoint at size {cp.TreeSize}: {verification.Failure}", []);
        }
        // The cosignature/v1 message does not commit to the witness's name, so one public key under two names is one witness.
        var cosigners = verification.Verified.DistinctBy(w => Convert.ToBase64String(w.PublicKey))
            .Select(w => (w, DateTimeOffset.FromUnixTimeSeconds(note.Signatures
                .Where(s => s.Name == w.Name && s.KeyId == w.KeyId)
                .Select(s => NoteVerifierKey.CosignatureTime(s.Signature) ?? 0).Max())))
            .ToList();
        if (cosigners.Count < minWitnesses)
        {
            var missing = witnesses.Where(w => !cosigners.Any(c => c.w.PublicKey.SequenceEqual(w.PublicKey))).Select(w => w.Name).Distinct();
            return new WitnessCheck(
                $"the checkpoint at size {cp.TreeSize} is cosigned by {cosigners.Count} of the known witnesses"
                + (cosigners.Count > 0 ? $" ({string.Join(", ", cosigners.Select(c => c.w.Name))})" : "")
                + $", fewer than the {minWitnesses} required; no valid cosignature from: {string.Join(", ", missing)}", cosigners);
        }
        if (cp.TreeSize != treeSize)
        {
            return new WitnessCheck(
                $"the witnessed checkpoint is at size {cp.TreeSize}, but the verified history has {treeSize} events: the witnesses must cosign the latest checkpoint", cosigners);
        }
        if (cp.RootHex != rootHex)
        {
            return new WitnessCheck(
                $"the witnessed checkpoint at size {cp.TreeSize} has root {cp.RootHex}, but events 1-{treeSize} have root {rootHex}: "
                + "this history is not the one the witnesses cosigned (rewritten or forked)", cosigners);
        }
        return new WitnessCheck(null, cosigners);
    }
}
