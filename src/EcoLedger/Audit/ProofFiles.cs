using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EcoLedger.IO;

namespace EcoLedger.Audit;

/// <summary>An inclusion proof of one event against a signed checkpoint.</summary>
/// <param name="Event">The event (its canonical record is the leaf data).</param>
/// <param name="LeafIndex">The leaf index, <c>Event.Seq − 1</c>.</param>
/// <param name="TreeSize">The size of the tree proved against (the checkpoint's).</param>
/// <param name="Path">The audit path, lowest level first (RFC 9162 §2.1.3.1).</param>
/// <param name="Checkpoint">The checkpoint the proof was made against.</param>
public sealed record InclusionProofFile(JournalEvent Event, long LeafIndex, long TreeSize, IReadOnlyList<byte[]> Path, SignedCheckpoint Checkpoint);

/// <summary>A consistency proof between two signed checkpoints.</summary>
/// <param name="From">The earlier checkpoint.</param>
/// <param name="To">The later checkpoint.</param>
/// <param name="Path">The proof (RFC 9162 §2.1.4.1).</param>
public sealed record ConsistencyProofFile(SignedCheckpoint From, SignedCheckpoint To, IReadOnlyList<byte[]> Path);

/// <summary>
/// Proof files (methodology/audit.md, "Proof files"): making them from a tree, writing and reading them, and verifying them
/// offline against a checkpoint and public key the auditor trusts. Verification methods return null when the proof holds,
/// else one sentence naming what failed.
/// </summary>
public static class ProofFiles
{
    /// <summary>Format tag of inclusion proof files.</summary>
    public const string InclusionType = "ecoledger-inclusion-proof/v1";

    /// <summary>Format tag of consistency proof files.</summary>
    public const string ConsistencyType = "ecoledger-consistency-proof/v1";

    /// <summary>Builds the tree of a sequence of events (leaf i = event i + 1) for proofs; O(n) memory (64 bytes per event).</summary>
    public static MerkleTree BuildTree(IEnumerable<JournalEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var tree = new MerkleTree();
        foreach (var e in events)
        {
            tree.AppendData(e.CanonicalRecord());
        }
        return tree;
    }

    /// <summary>Proves that <paramref name="journalEvent"/> is in the tree of <paramref name="checkpoint"/>'s size.</summary>
    public static InclusionProofFile ProveInclusion(MerkleTree tree, JournalEvent journalEvent, SignedCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(journalEvent);
        ArgumentNullException.ThrowIfNull(checkpoint);
        long size = checkpoint.Checkpoint.TreeSize;
        if (journalEvent.Seq < 1 || journalEvent.Seq > size)
        {
            throw new ArgumentOutOfRangeException(nameof(journalEvent), journalEvent.Seq, $"Event {journalEvent.Seq} is not covered by the checkpoint at size {size}.");
        }
        return new InclusionProofFile(journalEvent, journalEvent.Seq - 1, size, tree.InclusionProof(journalEvent.Seq - 1, size), checkpoint);
    }

    /// <summary>Proves that <paramref name="to"/>'s tree extends <paramref name="from"/>'s.</summary>
    public static ConsistencyProofFile ProveConsistency(MerkleTree tree, SignedCheckpoint from, SignedCheckpoint to)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return new ConsistencyProofFile(from, to, tree.ConsistencyProof(from.Checkpoint.TreeSize, to.Checkpoint.TreeSize));
    }

    /// <summary>The canonical JSON of an inclusion proof file.</summary>
    public static byte[] ToJson(InclusionProofFile proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var w = new ArrayBufferWriter<byte>(2048);
        CanonicalJson.WriteRaw(w, "{\"checkpoint\":"u8);
        CanonicalJson.WriteRaw(w, proof.Checkpoint.ToJson());
        CanonicalJson.WriteRaw(w, ",\"event\":"u8);
        proof.Event.WriteCanonicalRecord(w);
        CanonicalJson.WriteRaw(w, ",\"leaf_index\":"u8);
        CanonicalJson.WriteRaw(w, Encoding.ASCII.GetBytes(proof.LeafIndex.ToString(CultureInfo.InvariantCulture)));
        CanonicalJson.WriteRaw(w, ",\"path\":"u8);
        WriteHashes(w, proof.Path);
        CanonicalJson.WriteRaw(w, ",\"tree_size\":"u8);
        CanonicalJson.WriteRaw(w, Encoding.ASCII.GetBytes(proof.TreeSize.ToString(CultureInfo.InvariantCulture)));
        CanonicalJson.WriteRaw(w, ",\"type\":"u8);
        CanonicalJson.WriteString(w, InclusionType);
        CanonicalJson.WriteRaw(w, "}"u8);
        return w.WrittenSpan.ToArray();
    }

    /// <summary>The canonical JSON of a consistency proof file.</summary>
    public static byte[] ToJson(ConsistencyProofFile proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var w = new ArrayBufferWriter<byte>(2048);
        CanonicalJson.WriteRaw(w, "{\"from\":"u8);
        CanonicalJson.WriteRaw(w, proof.From.ToJson());
        CanonicalJson.WriteRaw(w, ",\"path\":"u8);
        WriteHashes(w, proof.Path);
        CanonicalJson.WriteRaw(w, ",\"to\":"u8);
        CanonicalJson.WriteRaw(w, proof.To.ToJson());
        CanonicalJson.WriteRaw(w, ",\"type\":"u8);
        CanonicalJson.WriteString(w, ConsistencyType);
        CanonicalJson.WriteRaw(w, "}"u8);
        return w.WrittenSpan.ToArray();
    }

    /// <summary>Writes an inclusion proof file.</summary>
    public static void Write(string path, InclusionProofFile proof) => File.WriteAllBytes(path, [.. ToJson(proof), (byte)'\n']);

    /// <summary>Writes a consistency proof file.</summary>
    public static void Write(string path, ConsistencyProofFile proof) => File.WriteAllBytes(path, [.. ToJson(proof), (byte)'\n']);

    /// <summary>Reads an inclusion proof file.</summary>
    /// <exception cref="FormatException">The file is not an inclusion proof.</exception>
    public static InclusionProofFile ReadInclusion(string path) => ParseInclusion(File.ReadAllBytes(path));

    /// <summary>Reads a consistency proof file.</summary>
    /// <exception cref="FormatException">The file is not a consistency proof.</exception>
    public static ConsistencyProofFile ReadConsistency(string path) => ParseConsistency(File.ReadAllBytes(path));

    /// <summary>Parses an inclusion proof.</summary>
    public static InclusionProofFile ParseInclusion(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            var root = doc.RootElement;
            Expect(root, InclusionType, 6);
            var cp = SignedCheckpoint.FromJson(root.GetProperty("checkpoint"), out _);
            byte[] record = Encoding.UTF8.GetBytes(root.GetProperty("event").GetRawText());
            var e = EventLine.Parse(record, out string? error) ?? throw new FormatException($"Malformed event: {error}.");
            return new InclusionProofFile(e, root.GetProperty("leaf_index").GetInt64(), root.GetProperty("tree_size").GetInt64(),
                ParseHashes(root.GetProperty("path"), "path"), cp);
        }
        catch (JsonException e) when (JsonErrorPosition.IsSyntaxError(e))
        {
            throw new FormatException($"Not an inclusion proof: {JsonErrorPosition.Describe(e, json)}", e);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"Not an inclusion proof: {e.Message}", e);
        }
    }

    /// <summary>Parses a consistency proof.</summary>
    public static ConsistencyProofFile ParseConsistency(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            var root = doc.RootElement;
            Expect(root, ConsistencyType, 4);
            return new ConsistencyProofFile(SignedCheckpoint.FromJson(root.GetProperty("from"), out _),
                SignedCheckpoint.FromJson(root.GetProperty("to"), out _), ParseHashes(root.GetProperty("path"), "path"));
        }
        catch (JsonException e) when (JsonErrorPosition.IsSyntaxError(e))
        {
            throw new FormatException($"Not a consistency proof: {JsonErrorPosition.Describe(e, json)}", e);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"Not a consistency proof: {e.Message}", e);
        }
    }

    /// <summary>
    /// Verifies an inclusion proof against a checkpoint the auditor trusts: the checkpoint's signature, the event's own hash,
    /// its leaf index, the tree size, and the audit path up to the trusted root.
    /// </summary>
    public static string? VerifyInclusion(InclusionProofFile proof, SignedCheckpoint trusted, string publicKeyPem)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(trusted);
        var e = proof.Event;
        if (!trusted.VerifySignature(publicKeyPem))
        {
            return $"checkpoint at size {trusted.Checkpoint.TreeSize}: signature does not verify with the public key";
        }
        if (proof.TreeSize != trusted.Checkpoint.TreeSize)
        {
            return $"event {e.Seq}: the proof is for tree size {proof.TreeSize}, the checkpoint is at size {trusted.Checkpoint.TreeSize}";
        }
        if (proof.LeafIndex != e.Seq - 1)
        {
            return $"event {e.Seq}: leaf index {proof.LeafIndex} is not event {e.Seq}'s ({e.Seq - 1})";
        }
        if (!CanonicalJson.IsCanonical(Encoding.UTF8.GetBytes(e.Payload)))
        {
            return $"event {e.Seq}: not in canonical form";
        }
        if (JournalEvent.ComputeHash(e.Seq, e.Time, e.Actor, e.Kind, e.Payload, e.PrevHash) != e.Hash)
        {
            return $"event {e.Seq}: hash mismatch";
        }
        if (!MerkleProof.VerifyInclusion(proof.LeafIndex, proof.TreeSize, e.LeafHash(), proof.Path, Convert.FromHexString(trusted.Checkpoint.RootHash)))
        {
            return $"event {e.Seq}: not included in the tree of size {proof.TreeSize} (the inclusion proof does not lead to the checkpoint's root)";
        }
        return null;
    }

    /// <summary>
    /// Why no consistency proof can relate <paramref name="from"/> to <paramref name="to"/> in ledger <paramref name="ledgerId"/>, as a
    /// sentence naming each as the host names it (<paramref name="fromName"/>, e.g. <c>--from cp1.json</c>); null when one can be asked
    /// for. The two must be checkpoints of that one ledger, and the older (smaller) one goes first: the proof shows the newer tree extends it.
    /// </summary>
    public static string? ConsistencyRequestProblem(SignedCheckpoint from, string fromName, SignedCheckpoint to, string toName, string ledgerId)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var (a, b) = (from.Checkpoint, to.Checkpoint);
        if (a.LedgerId != b.LedgerId)
        {
            return $"{fromName} and {toName} are checkpoints of different ledgers ('{a.LedgerId}' and '{b.LedgerId}'); " +
                "a consistency proof relates two checkpoints of one ledger.";
        }
        if (a.LedgerId != ledgerId)
        {
            return $"{fromName} and {toName} are checkpoints of ledger '{a.LedgerId}', not of this database's ledger '{ledgerId}'.";
        }
        if (a.TreeSize > b.TreeSize)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{fromName} (size {a.TreeSize}, {a.TimeText}) is newer than {toName} (size {b.TreeSize}, {b.TimeText}); the older checkpoint goes first.");
        }
        return null;
    }

    /// <summary>
    /// Verifies a consistency proof: both signatures, the same ledger, and the RFC 9162 proof. When
    /// <paramref name="trustedFrom"/> is given, the proof's earlier checkpoint must be that one (same size and root).
    /// </summary>
    public static string? VerifyConsistency(ConsistencyProofFile proof, string publicKeyPem, SignedCheckpoint? trustedFrom = null)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var from = proof.From.Checkpoint;
        var to = proof.To.Checkpoint;
        if (!proof.From.VerifySignature(publicKeyPem))
        {
            return $"checkpoint at size {from.TreeSize}: signature does not verify with the public key";
        }
        if (!proof.To.VerifySignature(publicKeyPem))
        {
            return $"checkpoint at size {to.TreeSize}: signature does not verify with the public key";
        }
        if (trustedFrom is not null && (trustedFrom.Checkpoint.TreeSize != from.TreeSize || trustedFrom.Checkpoint.RootHash != from.RootHash))
        {
            return $"the proof starts from the checkpoint at size {from.TreeSize}, not from the trusted checkpoint at size {trustedFrom.Checkpoint.TreeSize}";
        }
        if (from.LedgerId != to.LedgerId)
        {
            return $"checkpoints are from different ledgers ({from.LedgerId}, {to.LedgerId})";
        }
        if (from.TreeSize == 0)
        {
            return proof.Path.Count == 0 ? null : $"checkpoint at size 0 not consistent with size {to.TreeSize} (a proof from the empty tree must be empty)";
        }
        if (!MerkleProof.VerifyConsistency(from.TreeSize, to.TreeSize, Convert.FromHexString(from.RootHash), Convert.FromHexString(to.RootHash), proof.Path))
        {
            return $"checkpoint at size {from.TreeSize} not consistent with size {to.TreeSize}";
        }
        return null;
    }

    internal static List<byte[]> ParseHashes(JsonElement array, string name)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{name} must be an array of hashes.");
        }
        var list = new List<byte[]>();
        foreach (var item in array.EnumerateArray())
        {
            string? hex = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            list.Add(JournalEvent.ParseHash(hex!, name));
        }
        return list;
    }

    private static void WriteHashes(IBufferWriter<byte> w, IReadOnlyList<byte[]> hashes)
    {
        CanonicalJson.WriteRaw(w, "["u8);
        for (int i = 0; i < hashes.Count; i++)
        {
            CanonicalJson.WriteRaw(w, i == 0 ? "\""u8 : ",\""u8);
            CanonicalJson.WriteRaw(w, Encoding.ASCII.GetBytes(Convert.ToHexStringLower(hashes[i])));
            CanonicalJson.WriteRaw(w, "\""u8);
        }
        CanonicalJson.WriteRaw(w, "]"u8);
    }

    private static void Expect(JsonElement root, string type, int members)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var t) || t.GetString() != type)
        {
            throw new FormatException($"Not a {type} file.");
        }
        if (root.EnumerateObject().Count() != members)
        {
            throw new FormatException($"A {type} file has exactly {members} members.");
        }
    }
}
