using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EcoLedger.IO;

namespace EcoLedger.Audit;

/// <summary>A tree head of one ledger: the root of its first <see cref="TreeSize"/> events at a time.</summary>
/// <param name="LedgerId">The ledger's id: 1–200 printable ASCII characters, no spaces.</param>
/// <param name="TreeSize">Number of events covered (leaves 0 … TreeSize − 1, i.e. events 1 … TreeSize).</param>
/// <param name="RootHash">RFC 6962 root of those events, 64 lowercase hex digits.</param>
/// <param name="Time">When the checkpoint was made (UTC, 100 ns precision).</param>
public sealed record Checkpoint(string LedgerId, long TreeSize, string RootHash, DateTimeOffset Time)
{
    /// <summary>First line of the signed encoding; names the format and its version.</summary>
    public const string SignedHeader = "ecoledger-checkpoint/v1";

    /// <summary>The ledger id.</summary>
    public string LedgerId { get; } = ValidLedgerId(LedgerId);

    /// <summary>The tree size.</summary>
    public long TreeSize { get; } = TreeSize >= 0 ? TreeSize : throw new ArgumentOutOfRangeException(nameof(TreeSize), TreeSize, "A tree size is 0 or more.");

    /// <summary>The root hash as hex.</summary>
    public string RootHash { get; } = RootHash is { Length: 64 } && JournalEvent.IsLowerHex(RootHash)
        ? RootHash
        : throw new ArgumentException($"A root hash is 64 lowercase hex digits (got \"{RootHash}\").", nameof(RootHash));

    /// <summary>The time, in UTC.</summary>
    public DateTimeOffset Time { get; } = Time.ToUniversalTime();

    /// <summary>The time as written: <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>.</summary>
    public string TimeText => FormatTime(Time);

    /// <summary>
    /// The bytes that are signed: five lines, each ended by LF, in UTF-8 (all ASCII):
    /// <c>ecoledger-checkpoint/v1</c>, the ledger id, the tree size in decimal, the root hash in hex, the time.
    /// </summary>
    public byte[] ToSignedBytes() =>
        Encoding.ASCII.GetBytes($"{SignedHeader}\n{LedgerId}\n{TreeSize.ToString(CultureInfo.InvariantCulture)}\n{RootHash}\n{TimeText}\n");

    /// <summary>Formats a time the way checkpoints write it.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses a time written by <see cref="FormatTime"/> (exactly that form).</summary>
    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    internal void WriteJson(IBufferWriter<byte> w)
    {
        CanonicalJson.WriteRaw(w, "{\"ledger_id\":"u8);
        CanonicalJson.WriteString(w, LedgerId);
        CanonicalJson.WriteRaw(w, ",\"root_hash\":"u8);
        CanonicalJson.WriteString(w, RootHash);
        CanonicalJson.WriteRaw(w, ",\"time\":"u8);
        CanonicalJson.WriteString(w, TimeText);
        CanonicalJson.WriteRaw(w, ",\"tree_size\":"u8);
        CanonicalJson.WriteRaw(w, Encoding.ASCII.GetBytes(TreeSize.ToString(CultureInfo.InvariantCulture)));
        CanonicalJson.WriteRaw(w, "}"u8);
    }

    internal static Checkpoint FromJson(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object || e.EnumerateObject().Count() != 4)
        {
            throw new FormatException("A checkpoint is an object with exactly ledger_id, root_hash, time and tree_size.");
        }
        try
        {
            return new Checkpoint(
                e.GetProperty("ledger_id").GetString()!,
                e.GetProperty("tree_size").GetInt64(),
                e.GetProperty("root_hash").GetString()!,
                ParseTime(e.GetProperty("time").GetString()!));
        }
        catch (Exception x) when (x is KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new FormatException($"Malformed checkpoint: {x.Message}", x);
        }
    }


    private static string ValidLedgerId(string id) =>
        LedgerIdProblem(id) is { } problem ? throw new ArgumentException(problem, nameof(LedgerId)) : id;

    /// <summary>Why <paramref name="id"/> is not a ledger id (a sentence to show a user), or null when it is one.</summary>
    public static string? LedgerIdProblem(string? id) =>
        id is null || id.Length is < 1 or > 200 || id.Any(c => c is < '!' or > '~')
            ? $"A ledger id is 1–200 printable ASCII characters without spaces (got \"{id}\")."
            : null;
}

/// <summary>A checkpoint with its ECDSA P-256 signature.</summary>
/// <param name="Checkpoint">The checkpoint.</param>
/// <param name="Signature">DER-encoded (RFC 3279) ECDSA P-256 / SHA-256 signature of <see cref="Checkpoint.ToSignedBytes"/>, base64.</param>
public sealed record SignedCheckpoint(Checkpoint Checkpoint, string Signature)
{
    /// <summary>True when the signature verifies with the public key (PEM, SubjectPublicKeyInfo).</summary>
    public bool VerifySignature(string publicKeyPem) => LedgerKeys.Verify(Checkpoint.ToSignedBytes(), Signature, publicKeyPem);

    /// <summary>The canonical JSON <c>{"checkpoint":{…},"signature":"…"}</c>, the form of a checkpoint file.</summary>
    public byte[] ToJson() => ToJson(null);

    internal byte[] ToJson(IReadOnlyList<byte[]>? consistencyProof)
    {
        var w = new ArrayBufferWriter<byte>(512);
        CanonicalJson.WriteRaw(w, "{\"checkpoint\":"u8);
        Checkpoint.WriteJson(w);
        if (consistencyProof is not null)
        {
            CanonicalJson.WriteRaw(w, ",\"consistency_proof\":["u8);
            for (int i = 0; i < consistencyProof.Count; i++)
            {
                CanonicalJson.WriteRaw(w, i == 0 ? "\""u8 : ",\""u8);
                CanonicalJson.WriteRaw(w, Encoding.ASCII.GetBytes(Convert.ToHexStringLower(consistencyProof[i])));
                CanonicalJson.WriteRaw(w, "\""u8);
            }
            CanonicalJson.WriteRaw(w, "]"u8);
        }
        CanonicalJson.WriteRaw(w, ",\"signature\":"u8);
        CanonicalJson.WriteString(w, Signature);
        CanonicalJson.WriteRaw(w, "}"u8);
        return w.WrittenSpan.ToArray();
    }

    /// <summary>Reads <c>{"checkpoint":{…},"signature":"…"}</c>.</summary>
    /// <exception cref="FormatException">The JSON is not a signed checkpoint.</exception>
    public static SignedCheckpoint Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json.ToArray());
            return FromJson(doc.RootElement, out _);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Not a checkpoint file: {JsonErrorPosition.Describe(e, json)}", e);
        }
    }

    /// <summary>Reads a checkpoint file.</summary>
    public static SignedCheckpoint Load(string path) => Parse(File.ReadAllBytes(path));

    /// <summary>Writes a checkpoint file (canonical JSON and a final LF).</summary>
    public void Save(string path) => File.WriteAllBytes(path, [.. ToJson(), (byte)'\n']);

    internal static SignedCheckpoint FromJson(JsonElement e, out List<byte[]>? consistencyProof)
    {
        consistencyProof = null;
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("checkpoint", out var cp) || !e.TryGetProperty("signature", out var sig)
            || sig.ValueKind != JsonValueKind.String)
        {
            throw new FormatException("A signed checkpoint is an object with \"checkpoint\" and \"signature\".");
        }
        int expected = 2;
        if (e.TryGetProperty("consistency_proof", out var proof))
        {
            expected = 3;
            consistencyProof = ProofFiles.ParseHashes(proof, "consistency_proof");
        }
        if (e.EnumerateObject().Count() != expected)
        {
            throw new FormatException("A signed checkpoint has unexpected members.");
        }
        return new SignedCheckpoint(Checkpoint.FromJson(cp), sig.GetString()!);
    }
}
