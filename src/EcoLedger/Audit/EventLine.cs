using System.Text;
using System.Text.Json;

namespace EcoLedger.Audit;

/// <summary>The fields of one canonical event record, as slices of its bytes.</summary>
internal ref struct EventFields
{
    public ReadOnlySpan<byte> ActorRaw;
    public ReadOnlySpan<byte> HashHex;
    public ReadOnlySpan<byte> KindRaw;
    public ReadOnlySpan<byte> Payload;
    public ReadOnlySpan<byte> PrevHashHex;
    public ReadOnlySpan<byte> SeqRaw;
    public ReadOnlySpan<byte> TimeRaw;
    public long Seq;
    public bool StringsEscaped;
}

/// <summary>Parsing of the canonical event record <c>{"actor","hash","kind","payload","prev_hash","seq","time"}</c>.</summary>
internal static class EventLine
{
    private static readonly byte[][] Names =
        [.. new[] { "actor", "hash", "kind", "payload", "prev_hash", "seq", "time" }.Select(Encoding.ASCII.GetBytes)];

    /// <summary>Splits a record into its fields (string fields keep their quotes). Does not check canonical form.</summary>
    public static bool TryParseFields(ReadOnlySpan<byte> record, out EventFields f, out string? error)
    {
        f = default;
        error = null;
        try
        {
            var r = new Utf8JsonReader(record);
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
            {
                error = "not a JSON object";
                return false;
            }
            for (int i = 0; i < Names.Length; i++)
            {
                if (!r.Read() || r.TokenType != JsonTokenType.PropertyName || r.ValueIsEscaped || !r.ValueSpan.SequenceEqual(Names[i]))
                {
                    error = $"expected field \"{Encoding.ASCII.GetString(Names[i])}\" in position {i + 1}";
                    return false;
                }
                r.Read();
                int start = (int)r.TokenStartIndex;
                switch (i)
                {
                    case 3:
                        if (r.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            r.Skip();
                        }
                        f.Payload = record[start..(int)r.BytesConsumed];
                        break;
                    case 5:
                        if (r.TokenType != JsonTokenType.Number || !r.TryGetInt64(out f.Seq))
                        {
                            error = "seq is not an integer";
                            return false;
                        }
                        f.SeqRaw = r.ValueSpan;
                        break;
                    default:
                        if (r.TokenType != JsonTokenType.String)
                        {
                            error = $"{Encoding.ASCII.GetString(Names[i])} is not a string";
                            return false;
                        }
                        var raw = record.Slice(start, r.ValueSpan.Length + 2);
                        f.StringsEscaped |= r.ValueIsEscaped;
                        switch (i)
                        {
                            case 0: f.ActorRaw = raw; break;
                            case 1: f.HashHex = r.ValueSpan; break;
                            case 2: f.KindRaw = raw; break;
                            case 4: f.PrevHashHex = r.ValueSpan; break;
                            default: f.TimeRaw = raw; break;
                        }
                        break;
                }
            }
            if (!r.Read() || r.TokenType != JsonTokenType.EndObject)
            {
                error = "unexpected field after \"time\"";
                return false;
            }
            if (r.Read())
            {
                error = "data after the event object";
                return false;
            }
            if (!IsHashHex(f.HashHex) || !IsHashHex(f.PrevHashHex))
            {
                error = "hash and prev_hash must be 64 lowercase hex digits";
                return false;
            }
            return true;
        }
        catch (JsonException e)
        {
            error = $"not valid JSON ({e.Message})";
            return false;
        }
    }

    /// <summary>
    /// True when a record split by <see cref="TryParseFields"/> is canonical: nothing between its tokens but the required
    /// separators (total length check), canonical strings and seq, and a canonical payload. Equivalent to
    /// <see cref="CanonicalJson.IsCanonical"/> on the whole record, but scans only the payload.
    /// </summary>
    public static bool IsCanonicalRecord(ReadOnlySpan<byte> record, in EventFields f)
    {
        // {"actor": ,"hash": ,"kind": ,"payload": ,"prev_hash": ,"seq": ,"time": } = 65 bytes; each hash with quotes 66.
        int expected = 65 + f.ActorRaw.Length + 66 + f.KindRaw.Length + f.Payload.Length + 66 + f.SeqRaw.Length + f.TimeRaw.Length;
        if (record.Length != expected || !CanonicalJson.IsCanonicalInteger(f.SeqRaw))
        {
            return false;
        }
        if (f.StringsEscaped || !Ascii.IsValid(f.ActorRaw) || !Ascii.IsValid(f.KindRaw) || !Ascii.IsValid(f.TimeRaw))
        {
            if (!CanonicalJson.IsCanonical(f.ActorRaw) || !CanonicalJson.IsCanonical(f.KindRaw) || !CanonicalJson.IsCanonical(f.TimeRaw))
            {
                return false;
            }
        }
        return CanonicalJson.IsCanonical(f.Payload);
    }

    /// <summary>Writes the hashed body <c>{"actor","kind","payload","seq","time"}</c>; returns its length.</summary>
    public static int WriteBody(in EventFields f, Span<byte> dest)
    {
        int n = 0;
        Append("{\"actor\":"u8, dest, ref n);
        Append(f.ActorRaw, dest, ref n);
        Append(",\"kind\":"u8, dest, ref n);
        Append(f.KindRaw, dest, ref n);
        Append(",\"payload\":"u8, dest, ref n);
        Append(f.Payload, dest, ref n);
        Append(",\"seq\":"u8, dest, ref n);
        Append(f.SeqRaw, dest, ref n);
        Append(",\"time\":"u8, dest, ref n);
        Append(f.TimeRaw, dest, ref n);
        Append("}"u8, dest, ref n);
        return n;
    }

    /// <summary>Upper bound of the body length for a record of <paramref name="recordLength"/> bytes (the body is shorter).</summary>
    public static int MaxBodyLength(int recordLength) => recordLength;

    /// <summary>Parses a record into an event (does not check canonical form or hashes).</summary>
    public static JournalEvent? Parse(ReadOnlySpan<byte> record, out string? error)
    {
        if (!TryParseFields(record, out var f, out error))
        {
            return null;
        }
        return new JournalEvent(f.Seq, Unquote(f.TimeRaw), Unquote(f.ActorRaw), Unquote(f.KindRaw), Encoding.UTF8.GetString(f.Payload),
            Encoding.ASCII.GetString(f.PrevHashHex), Encoding.ASCII.GetString(f.HashHex));
    }

    /// <summary>Decodes 64 hex digits into 32 bytes.</summary>
    public static void DecodeHash(ReadOnlySpan<byte> hex, Span<byte> dest)
    {
        for (int i = 0; i < MerkleHash.Size; i++)
        {
            dest[i] = (byte)((Nibble(hex[2 * i]) << 4) | Nibble(hex[2 * i + 1]));
        }
    }

    private static int Nibble(byte c) => c <= '9' ? c - '0' : c - 'a' + 10;

    private static bool IsHashHex(ReadOnlySpan<byte> s)
    {
        if (s.Length != 64)
        {
            return false;
        }
        foreach (byte c in s)
        {
            if (c is not ((>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f')))
            {
                return false;
            }
        }
        return true;
    }

    private static string Unquote(ReadOnlySpan<byte> quoted)
    {
        var r = new Utf8JsonReader(quoted);
        r.Read();
        return r.GetString()!;
    }

    private static void Append(ReadOnlySpan<byte> src, Span<byte> dest, ref int n)
    {
        src.CopyTo(dest[n..]);
        n += src.Length;
    }
}
