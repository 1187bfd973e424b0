using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace EcoLedger.Audit;

/// <summary>
/// Canonical JSON as EcoLedger hashes and signs it: a subset of RFC 8785 (JSON Canonicalization Scheme).
/// </summary>
/// <remarks>
/// Rules (methodology/audit.md, "Canonical JSON"): UTF-8 without BOM; no whitespace outside strings; object members sorted
/// by their names compared as UTF-16 code units (RFC 8785 §3.2.3), names unique; strings escape only <c>"</c>, <c>\</c> and
/// U+0000–U+001F, using <c>\b \t \n \f \r</c> where they exist and <c>\u00xx</c> (lowercase hex) otherwise, every other
/// character written as itself in UTF-8; lone surrogates are rejected; numbers are integers written as
/// <c>-?(0|[1-9][0-9]*)</c> without <c>-0</c> (decimals belong in strings, so no float formatting is ever needed);
/// literals <c>true</c>, <c>false</c>, <c>null</c>.
/// </remarks>
public static class CanonicalJson
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 };

    /// <summary>Canonicalizes UTF-8 JSON text.</summary>
    /// <exception cref="FormatException">The text is not JSON, or holds a non-integer number, a duplicate name or a lone surrogate.</exception>
    public static byte[] Canonicalize(ReadOnlySpan<byte> utf8Json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new FormatException($"Not valid JSON: {e.Message}", e);
        }
        using (doc)
        {
            var output = new ArrayBufferWriter<byte>(utf8Json.Length + 16);
            try
            {
                Write(output, doc.RootElement);
            }
            catch (InvalidOperationException e)
            {
                // System.Text.Json refuses to unescape a lone surrogate (\ud800 without its pair).
                throw new FormatException("A string holds a lone surrogate (invalid UTF-16).", e);
            }
            return output.WrittenSpan.ToArray();
        }
    }

    /// <summary>Canonicalizes JSON text given as a .NET string and returns it as a string.</summary>
    /// <exception cref="FormatException">See <see cref="Canonicalize(ReadOnlySpan{byte})"/>.</exception>
    public static string Canonicalize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Encoding.UTF8.GetString(Canonicalize(Encoding.UTF8.GetBytes(json)));
    }

    /// <summary>Writes a JSON element canonically.</summary>
    public static void Write(IBufferWriter<byte> output, JsonElement element)
    {
        ArgumentNullException.ThrowIfNull(output);
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<(string Name, JsonElement Value)>();
                foreach (var p in element.EnumerateObject())
                {
                    members.Add((p.Name, p.Value));
                }
                members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                WriteRaw(output, "{"u8);
                for (int i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        if (members[i].Name == members[i - 1].Name)
                        {
                            throw new FormatException($"Duplicate member name \"{members[i].Name}\".");
                        }
                        WriteRaw(output, ","u8);
                    }
                    WriteString(output, members[i].Name);
                    WriteRaw(output, ":"u8);
                    Write(output, members[i].Value);
                }
                WriteRaw(output, "}"u8);
                break;
            case JsonValueKind.Array:
                WriteRaw(output, "["u8);
                bool first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        WriteRaw(output, ","u8);
                    }
                    first = false;
                    Write(output, item);
                }
                WriteRaw(output, "]"u8);
                break;
            case JsonValueKind.String:
                WriteString(output, element.GetString()!);
                break;
            case JsonValueKind.Number:
                string raw = element.GetRawText();
                if (!IsCanonicalInteger(Encoding.ASCII.GetBytes(raw)))
                {
                    if (!IsInteger(raw))
                    {
                        throw new FormatException($"Number {raw} is not an integer: canonical JSON allows integers only (write decimals as strings).");
                    }
                    raw = raw.StartsWith('-') ? "-" + raw[1..].TrimStart('0') : raw.TrimStart('0');
                    raw = raw is "" or "-" ? "0" : raw;
                }
                WriteRaw(output, Encoding.ASCII.GetBytes(raw));
                break;
            case JsonValueKind.True:
                WriteRaw(output, "true"u8);
                break;
            case JsonValueKind.False:
                WriteRaw(output, "false"u8);
                break;
            case JsonValueKind.Null:
                WriteRaw(output, "null"u8);
                break;
            default:
                throw new FormatException($"Unexpected JSON value kind {element.ValueKind}.");
        }
    }

    /// <summary>Writes a string value canonically (quotes included).</summary>
    /// <exception cref="FormatException">The string holds a lone surrogate.</exception>
    public static void WriteString(IBufferWriter<byte> output, string value)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(value);
        WriteRaw(output, "\""u8);
        int runStart = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            string? escape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\t' => "\\t",
                '\n' => "\\n",
                '\f' => "\\f",
                '\r' => "\\r",
                < ' ' => $"\\u{(int)c:x4}",
                _ => null,
            };
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                {
                    i++;
                    continue;
                }
                throw new FormatException($"String has a lone surrogate U+{(int)c:X4} at position {i}.");
            }
            if (escape is not null)
            {
                PutUtf8(output, value.AsSpan(runStart, i - runStart));
                PutUtf8(output, escape);
                runStart = i + 1;
            }
        }
        PutUtf8(output, value.AsSpan(runStart));
        WriteRaw(output, "\""u8);
    }

    /// <summary>Returns the canonical encoding of a string value (quotes included).</summary>
    public static byte[] EncodeString(string value)
    {
        var w = new ArrayBufferWriter<byte>(value.Length + 2);
        WriteString(w, value);
        return w.WrittenSpan.ToArray();
    }

    /// <summary>
    /// True when <paramref name="utf8Json"/> is one JSON value already in canonical form, byte for byte. Checks in one pass
    /// without building a tree (the bundle verifier calls it for every event).
    /// </summary>
    public static bool IsCanonical(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.IsEmpty)
        {
            return false;
        }
        try
        {
            return CheckCanonical(utf8Json);
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool CheckCanonical(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        // Per open container: the previous member name of an object (to check order), and whether an element was seen.
        Span<int> nameStart = stackalloc int[65];
        Span<int> nameLength = stackalloc int[65];
        Span<bool> seenElement = stackalloc bool[65];
        int depth = 0;
        long end = 0;
        bool afterName = false;
        while (reader.Read())
        {
            var type = reader.TokenType;
            long start = reader.TokenStartIndex;
            bool closing = type is JsonTokenType.EndObject or JsonTokenType.EndArray;
            long separator = afterName ? 1 : (depth > 0 && seenElement[depth] && !closing ? 1 : 0);
            if (start != end + separator)
            {
                return false; // whitespace somewhere
            }
            if (reader.HasValueSequence)
            {
                return false;
            }
            switch (type)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    if (depth > 0 && !afterName)
                    {
                        seenElement[depth] = true;
                    }
                    depth++;
                    seenElement[depth] = false;
                    nameLength[depth] = -1;
                    afterName = false;
                    end = start + 1;
                    continue;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    depth--;
                    end = start + 1;
                    continue;
                case JsonTokenType.PropertyName:
                    if (!IsCanonicalStringToken(ref reader))
                    {
                        return false;
                    }
                    int s = (int)start + 1;
                    int len = reader.ValueSpan.Length;
                    if (nameLength[depth] >= 0 && CompareNames(json.Slice(nameStart[depth], nameLength[depth]), json.Slice(s, len), reader.ValueIsEscaped) >= 0)
                    {
                        return false; // out of order or duplicate
                    }
                    nameStart[depth] = s;
                    nameLength[depth] = reader.ValueIsEscaped ? -2 : len;
                    if (reader.ValueIsEscaped)
                    {
                        // Escaped names are rare (control characters, quotes); fall back to a string comparison.
                        return IsCanonicalSlow(json);
                    }
                    seenElement[depth] = true;
                    afterName = true;
                    end = start + len + 2;
                    continue;
                case JsonTokenType.String:
                    if (!IsCanonicalStringToken(ref reader))
                    {
                        return false;
                    }
                    end = start + reader.ValueSpan.Length + 2;
                    break;
                case JsonTokenType.Number:
                    if (!IsCanonicalInteger(reader.ValueSpan))
                    {
                        return false;
                    }
                    end = start + reader.ValueSpan.Length;
                    break;
                default:
                    end = start + reader.ValueSpan.Length;
                    break;
            }
            if (depth > 0 && !afterName)
            {
                seenElement[depth] = true;
            }
            afterName = false;
        }
        return end == json.Length;
    }

    private static bool IsCanonicalSlow(ReadOnlySpan<byte> json)
    {
        try
        {
            return Canonicalize(json).AsSpan().SequenceEqual(json);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static int CompareNames(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> current, bool currentEscaped)
    {
        if (!currentEscaped && Ascii.IsValid(previous) && Ascii.IsValid(current))
        {
            return previous.SequenceCompareTo(current);
        }
        string a = Encoding.UTF8.GetString(previous);
        string b = currentEscaped ? JsonUnescape(current) : Encoding.UTF8.GetString(current);
        return string.CompareOrdinal(a, b);
    }

    private static string JsonUnescape(ReadOnlySpan<byte> escapedBody)
    {
        byte[] quoted = new byte[escapedBody.Length + 2];
        quoted[0] = (byte)'"';
        escapedBody.CopyTo(quoted.AsSpan(1));
        quoted[^1] = (byte)'"';
        var r = new Utf8JsonReader(quoted);
        r.Read();
        return r.GetString()!;
    }

    private static bool IsCanonicalStringToken(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            return Ascii.IsValid(raw) || Utf8.IsValid(raw);
        }
        string value;
        try
        {
            value = reader.GetString()!;
            byte[] canonical = EncodeString(value);
            return canonical.AsSpan(1, canonical.Length - 2).SequenceEqual(raw);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>True when the ASCII text is an integer in canonical form: <c>-?(0|[1-9][0-9]*)</c>, not <c>-0</c>.</summary>
    public static bool IsCanonicalInteger(ReadOnlySpan<byte> text)
    {
        int i = 0;
        if (text.Length > 0 && text[0] == (byte)'-')
        {
            i = 1;
        }
        if (i >= text.Length)
        {
            return false;
        }
        if (text[i] == (byte)'0')
        {
            return text.Length == i + 1 && i == 0;
        }
        for (; i < text.Length; i++)
        {
            if (text[i] is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsInteger(string raw)
    {
        int i = raw.StartsWith('-') ? 1 : 0;
        return raw.Length > i && raw.AsSpan(i).IndexOfAnyExceptInRange('0', '9') < 0;
    }

    /// <summary>Appends bytes already in canonical form (a literal, a canonical payload) to <paramref name="output"/>.</summary>
    internal static void WriteRaw(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        var span = output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        output.Advance(bytes.Length);
    }

    private static void PutUtf8(IBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }
        var span = output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        int n = Encoding.UTF8.GetBytes(text, span);
        output.Advance(n);
    }
}
