using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EcoLedger.Audit;

/// <summary>
/// One journal event as the audit layer sees it: the ledger's journal row, with hashes as lowercase hex.
/// <c>hash = SHA-256(bytes(prev_hash) ‖ canonical JSON of {actor, kind, payload, seq, time})</c>.
/// </summary>
/// <param name="Seq">1-based sequence number; the event's Merkle leaf index is <c>Seq − 1</c>.</param>
/// <param name="Time">Time as the ledger recorded it (a string, hashed as is).</param>
/// <param name="Actor">Acting participant.</param>
/// <param name="Kind">Event kind, e.g. <c>credits.retired</c>.</param>
/// <param name="Payload">The payload as canonical JSON text (<see cref="CanonicalJson"/>).</param>
/// <param name="PrevHash">Hash of the previous event, 64 lowercase hex digits (all zeros for event 1).</param>
/// <param name="Hash">Hash of this event, 64 lowercase hex digits.</param>
public sealed record JournalEvent(long Seq, string Time, string Actor, string Kind, string Payload, string PrevHash, string Hash)
{
    /// <summary>The prev_hash of event 1: 32 zero bytes as hex.</summary>
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>
    /// The canonical JSON of the hashed body <c>{"actor","kind","payload","seq","time"}</c> (payload inserted verbatim, so
    /// it must already be canonical).
    /// </summary>
    public static byte[] CanonicalBody(long seq, string time, string actor, string kind, string payload)
    {
        var w = new ArrayBufferWriter<byte>(payload.Length + 128);
        CanonicalJson.WriteRaw(w, "{\"actor\":"u8);
        CanonicalJson.WriteString(w, actor);
        CanonicalJson.WriteRaw(w, ",\"kind\":"u8);
        CanonicalJson.WriteString(w, kind);
        CanonicalJson.WriteRaw(w, ",\"payload\":"u8);
        CanonicalJson.WriteRaw(w, Encoding.UTF8.GetBytes(payload));
        CanonicalJson.WriteRaw(w, ",\"seq\":"u8);
        CanonicalJson.WriteRaw(w, Encoding.ASCII.GetBytes(seq.ToString(CultureInfo.InvariantCulture)));
        CanonicalJson.WriteRaw(w, ",\"time\":"u8);
        CanonicalJson.WriteString(w, time);
        CanonicalJson.WriteRaw(w, "}"u8);
        return w.WrittenSpan.ToArray();
    }

    /// <summary>The event hash: SHA-256 of the 32 bytes of <paramref name="prevHash"/> followed by the canonical body.</summary>
    public static string ComputeHash(long seq, string time, string actor, string kind, string payload, string prevHash)
    {
        byte[] prev = ParseHash(prevHash, nameof(prevHash));
        byte[] body = CanonicalBody(seq, time, actor, kind, payload);
        byte[] input = new byte[MerkleHash.Size + body.Length];
        prev.CopyTo(input, 0);
        body.CopyTo(input, MerkleHash.Size);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }

    /// <summary>Builds the event that follows <paramref name="prevHash"/>, with its hash computed.</summary>
    public static JournalEvent Seal(long seq, string time, string actor, string kind, string payload, string prevHash) =>
        new(seq, time, actor, kind, payload, prevHash, ComputeHash(seq, time, actor, kind, payload, prevHash));

    /// <summary>
    /// The canonical JSON of the whole event (all seven fields, sorted: actor, hash, kind, payload, prev_hash, seq, time).
    /// These bytes are the event's Merkle leaf data and the inner object of its bundle line.
    /// </summary>
    public byte[] CanonicalRecord()
    {
        var w = new ArrayBufferWriter<byte>(Payload.Length + 256);
        WriteCanonicalRecord(w);
        return w.WrittenSpan.ToArray();
    }

    /// <summary>Writes <see cref="CanonicalRecord"/> to <paramref name="w"/>.</summary>
    public void WriteCanonicalRecord(IBufferWriter<byte> w)
    {
        ArgumentNullException.ThrowIfNull(w);
        CanonicalJson.WriteRaw(w, "{\"actor\":"u8);
        CanonicalJson.WriteString(w, Actor);
        CanonicalJson.WriteRaw(w, ",\"hash\":"u8);
        CanonicalJson.WriteString(w, Hash);
        CanonicalJson.WriteRaw(w, ",\"kind\":"u8);
        CanonicalJson.WriteString(w, Kind);
        CanonicalJson.WriteRaw(w, ",\"payload\":"u8);
        CanonicalJson.WriteRaw(w, Encoding.UTF8.GetBytes(Payload));
        CanonicalJson.WriteRaw(w, ",\"prev_hash\":"u8);
        CanonicalJson.WriteString(w, PrevHash);
        CanonicalJson.WriteRaw(w, ",\"seq\":"u8);
        CanonicalJson.WriteRaw(w, Encoding.ASCII.GetBytes(Seq.ToString(CultureInfo.InvariantCulture)));
        CanonicalJson.WriteRaw(w, ",\"time\":"u8);
        CanonicalJson.WriteString(w, Time);
        CanonicalJson.WriteRaw(w, "}"u8);
    }

    /// <summary>The Merkle leaf hash of this event: SHA-256(0x00 ‖ <see cref="CanonicalRecord"/>).</summary>
    public byte[] LeafHash() => MerkleHash.Leaf(CanonicalRecord());

    internal static byte[] ParseHash(string hex, string name)
    {
        if (hex is null || hex.Length != 64 || !IsLowerHex(hex))
        {
            throw new FormatException($"{name} must be 64 lowercase hex digits (got \"{hex}\").");
        }
        return Convert.FromHexString(hex);
    }

    internal static bool IsLowerHex(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }
        return true;
    }

}

/// <summary>
/// Replays verified events into the ledger's own model so the verifier can check its invariants (no overlapping blocks,
/// supply adds up, nothing moves after retirement). Implemented by the ledger; the verifier calls it for each event after
/// that event's hash and link have verified.
/// </summary>
public interface IEventReplayer
{
    /// <summary>Applies one event; returns null when it is legal, else the reason (e.g. <c>transfer of retired serials 101-200</c>).</summary>
    string? Apply(JournalEvent journalEvent);

    /// <summary>Called once after the last event; returns null when the end state satisfies every invariant, else the reason.</summary>
    string? Finish();
}
