using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoLedger.Audit;

namespace EcoLedger.Ledger;

/// <summary>One journal entry as stored: <c>hash = SHA-256(prev_hash ‖ canonical JSON of {seq, time, actor, kind, payload})</c>.</summary>
/// <param name="Seq">1-based sequence number.</param>
/// <param name="Time">UTC time, ISO 8601 with 7 fraction digits.</param>
/// <param name="Actor">Acting participant (or <c>system</c>).</param>
/// <param name="Kind">Event kind.</param>
/// <param name="Payload">Canonical JSON of the payload.</param>
/// <param name="PrevHash">Hex hash of the previous entry (64 zeros for the first).</param>
/// <param name="Hash">Hex hash of this entry.</param>
public sealed record JournalEntry(long Seq, string Time, string Actor, string Kind, string Payload, string PrevHash, string Hash);

/// <summary>Serialisation, canonical JSON and the hash chain of the journal.</summary>
public static class Journal
{
    /// <summary>The previous hash of the first entry: 32 zero bytes, hex.</summary>
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>JSON options of payloads: snake_case names, nulls omitted.</summary>
    /// <remarks>Properties are written in ordinal order of their JSON names, so a serialised payload is already canonical.</remarks>
    public static readonly JsonSerializerOptions PayloadOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    if (info.Kind == System.Text.Json.Serialization.Metadata.JsonTypeInfoKind.Object)
                    {
                        var sorted = info.Properties.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
                        info.Properties.Clear();
                        foreach (var p in sorted)
                        {
                            info.Properties.Add(p);
                        }
                    }
                },
            },
        },
    };

    /// <summary>Formats a time as the journal stores it.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Builds the entry that follows <paramref name="prevHash"/>.</summary>
    /// <remarks>
    /// The payload is serialised, then brought to <see cref="CanonicalJson"/> form when the serialiser's escaping differs from it
    /// (control characters, characters outside the BMP, U+2028, DEL, BOM); the hash is <see cref="JournalEvent.ComputeHash"/>, the
    /// one definition the audit verifier also uses (methodology/audit.md §3, §4.2).
    /// </remarks>
    public static JournalEntry Seal(long seq, DateTimeOffset time, PendingEvent e, string prevHash)
    {
        ArgumentNullException.ThrowIfNull(e);
        string t = FormatTime(time);
        string text = WritePayload(e.Payload);
        return new JournalEntry(seq, t, e.Actor, e.Kind, text, prevHash, JournalEvent.ComputeHash(seq, t, e.Actor, e.Kind, text, prevHash));
    }

    /// <summary>A payload record as the journal stores it: canonical JSON text.</summary>
    public static string WritePayload(object payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        byte[] bytes = JsonSerializer.SerializeToUtf8Bytes(payload, payload.GetType(), PayloadOptions);
        if (!CanonicalJson.IsCanonical(bytes))
        {
            bytes = CanonicalJson.Canonicalize(bytes);
        }
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>SHA-256 over the 32 bytes of the previous hash followed by the UTF-8 canonical JSON of the event (<see cref="JournalEvent.ComputeHash"/>).</summary>
    public static string ComputeHash(long seq, string time, string actor, string kind, string payload, string prevHash) =>
        JournalEvent.ComputeHash(seq, time, actor, kind, payload, prevHash);

    /// <summary>Canonical JSON (<see cref="CanonicalJson"/>): object keys sorted by UTF-16 code units, no whitespace, integers only.</summary>
    public static string Canonical(JsonNode? node) => CanonicalJson.Canonicalize(node?.ToJsonString() ?? "null");

    private static readonly Lazy<Dictionary<string, Type>> PayloadTypes = new(() =>
        typeof(Journal).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes(typeof(EventKindAttribute), false).Cast<EventKindAttribute>().Select(a => (a.Kind, Type: t)))
            .ToDictionary(x => x.Kind, x => x.Type, StringComparer.Ordinal));

    /// <summary>The payload record type of an event kind (the record carrying its <see cref="EventKindAttribute"/>).</summary>
    /// <exception cref="InvalidOperationException">No payload record has this kind.</exception>
    public static Type PayloadType(string kind) =>
        PayloadTypes.Value.TryGetValue(kind, out var t) ? t : throw new InvalidOperationException($"Unknown event kind '{kind}'.");

    /// <summary>Every event kind the journal knows, in ordinal order.</summary>
    public static IReadOnlyList<string> Kinds => PayloadTypes.Value.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Reads a stored payload back into its record.</summary>
    public static object ReadPayload(string kind, string payload) =>
        JsonSerializer.Deserialize(payload, PayloadType(kind), PayloadOptions)
        ?? throw new InvalidOperationException($"Empty payload for event kind '{kind}'.");

    /// <summary>
    /// Verifies the chain from the first entry: sequence numbers 1, 2, 3, …, each prev_hash equal to the previous hash and each hash
    /// recomputed. Returns null when all verify, else a sentence naming the first entry that does not.
    /// </summary>
    public static string? Verify(IEnumerable<JournalEntry> entries)
    {
        string prev = GenesisHash;
        long expected = 1;
        foreach (var e in entries)
        {
            if (e.Seq != expected)
            {
                return $"Journal entry {expected} is missing (found {e.Seq}).";
            }
            if (e.PrevHash != prev)
            {
                return $"Journal entry {e.Seq} does not link to entry {e.Seq - 1}: prev_hash {e.PrevHash} ≠ {prev}.";
            }
            string h = ComputeHash(e.Seq, e.Time, e.Actor, e.Kind, e.Payload, e.PrevHash);
            if (h != e.Hash)
            {
                return $"Journal entry {e.Seq} has been altered: its hash is {e.Hash} but its content hashes to {h}.";
            }
            prev = e.Hash;
            expected++;
        }
        return null;
    }

    /// <summary>Replays entries into a fresh in-memory ledger.</summary>
    public static InMemoryLedgerStore Replay(IEnumerable<JournalEntry> entries)
    {
        var store = new InMemoryLedgerStore();
        foreach (var e in entries)
        {
            LedgerApplier.Apply(store, e.Kind, e.Actor, ReadPayload(e.Kind, e.Payload), e.Seq);
        }
        return store;
    }
}
