using System.Buffers.Binary;
using System.Text;

namespace EcoLedger.Audit;

/// <summary>One signature line of a signed note: <c>— &lt;name&gt; base64(key id ‖ signature)</c>.</summary>
/// <param name="Name">The key name (non-empty, no spaces, no <c>+</c>).</param>
/// <param name="KeyId">The 32-bit key id (the first four bytes of the decoded signature, big-endian).</param>
/// <param name="Signature">The bytes after the key id: what the key's algorithm produced.</param>
public sealed record NoteSignature(string Name, uint KeyId, byte[] Signature)
{
    /// <summary>The line as written in a note, without its final newline.</summary>
    public string Line
    {
        get
        {
            byte[] blob = new byte[4 + Signature.Length];
            BinaryPrimitives.WriteUInt32BigEndian(blob, KeyId);
            Signature.CopyTo(blob, 4);
            return $"{SignedNote.SignaturePrefix}{Name} {Convert.ToBase64String(blob)}";
        }
    }

    /// <summary>The key as <c>name+keyid</c>, for messages.</summary>
    public string KeyText => $"{Name}+{KeyId:x8}";
}

/// <summary>The outcome of checking a note's signatures against the keys a verifier knows.</summary>
/// <param name="Verified">The known keys whose signature is present and verifies (each once).</param>
/// <param name="Failure">Why the note is rejected, or null.</param>
public sealed record NoteVerification(IReadOnlyList<NoteVerifierKey> Verified, string? Failure);

/// <summary>
/// A C2SP signed note: a text ending in a newline, a blank line, and one or more signature lines.
/// </summary>
/// <remarks>
/// https://c2sp.org/signed-note (v1.0.0). Parsing is strict, as in golang.org/x/mod/sumdb/note: valid UTF-8, no control character
/// but the newline, the text separated from the signatures by the last blank line, every later line a signature line whose base64
/// is canonical and holds a key id and at least one byte, at most <see cref="MaxSignatures"/> signatures.
/// </remarks>
public sealed class SignedNote
{
    /// <summary>Em dash and space: the start of every signature line.</summary>
    public const string SignaturePrefix = "\u2014 ";

    /// <summary>Most signature lines accepted (the specification asks for at least 16; Go's reference accepts 100).</summary>
    public const int MaxSignatures = 100;

    /// <summary>Largest note accepted, in bytes (a checkpoint with 100 Ed25519 signatures is under 12 kB).</summary>
    public const int MaxBytes = 1 << 20;

    private SignedNote(string text, IReadOnlyList<NoteSignature> signatures)
    {
        Text = text;
        Signatures = signatures;
    }

    /// <summary>The signed text, including its final newline (not the blank line).</summary>
    public string Text { get; }

    /// <summary>The signature lines in order, as read (unknown keys included).</summary>
    public IReadOnlyList<NoteSignature> Signatures { get; }

    /// <summary>A note of <paramref name="text"/> with the given signatures.</summary>
    /// <exception cref="FormatException">The text or a signature could not be written as a valid note.</exception>
    public static SignedNote Create(string text, IEnumerable<NoteSignature> signatures)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(signatures);
        var list = signatures.ToList();
        var note = new SignedNote(text, list);
        // One definition of "well formed": what is written must parse back to the same note.
        var back = Parse(note.ToString());
        return back.Text == text && back.Signatures.Count == list.Count ? note : throw new FormatException("The note text or a signature cannot be written as a valid note.");
    }

    /// <summary>The same note with <paramref name="signature"/> appended.</summary>
    public SignedNote WithSignature(NoteSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return Create(Text, [.. Signatures, signature]);
    }

    /// <summary>The note as written: text, blank line, one line per signature.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(Text.Length + 1 + Signatures.Count * 110);
        sb.Append(Text).Append('\n');
        foreach (var s in Signatures)
        {
            sb.Append(s.Line).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The note in UTF-8.</summary>
    public byte[] ToBytes() => Encoding.UTF8.GetBytes(ToString());

    /// <summary>Reads a note from its UTF-8 bytes.</summary>
    /// <exception cref="FormatException">Not a well-formed signed note; the message says what is wrong.</exception>
    public static SignedNote Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes)
        {
            throw new FormatException($"Malformed note: {utf8.Length} bytes is more than the {MaxBytes} accepted.");
        }
        string s;
        try
        {
            s = new UTF8Encoding(false, true).GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException("Malformed note: it is not valid UTF-8.");
        }
        return Parse(s);
    }

    /// <summary>Reads a note.</summary>
    /// <exception cref="FormatException">Not a well-formed signed note; the message says what is wrong.</exception>
    public static SignedNote Parse(string note)
    {
        ArgumentNullException.ThrowIfNull(note);
        for (int i = 0; i < note.Length; i++)
        {
            char c = note[i];
            if (c < ' ' && c != '\n')
            {
                throw new FormatException($"Malformed note: control character U+{(int)c:X4} at character {i + 1} (only the newline is allowed).");
            }
            if (char.IsHighSurrogate(c) && i + 1 < note.Length && char.IsLowSurrogate(note[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                throw new FormatException($"Malformed note: a lone surrogate at character {i + 1} (not valid UTF-8).");
            }
        }
        if (note.Length > 0 && note[^1] != '\n')
        {
            throw new FormatException("Malformed note: it does not end with a newline.");
        }
        int split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            throw new FormatException("Malformed note: no blank line separates the text from the signatures.");
        }
        string text = note[..(split + 1)];
        string rest = note[(split + 2)..];
        if (rest.Length == 0)
        {
            throw new FormatException("Malformed note: it has no signature lines after the blank line.");
        }
        var lines = rest[..^1].Split('\n');
        if (lines.Length > MaxSignatures)
        {
            throw new FormatException($"Malformed note: {lines.Length} signature lines, more than the {MaxSignatures} accepted.");
        }
        var signatures = new List<NoteSignature>(lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            signatures.Add(ParseSignatureLine(lines[i], i + 1));
        }
        return new SignedNote(text, signatures);
    }

    /// <summary>Reads signature lines on their own (a witness's response body), each ended by a newline.</summary>
    /// <exception cref="FormatException">A line is not a signature line.</exception>
    public static IReadOnlyList<NoteSignature> ParseSignatureLines(string lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Length == 0 || lines[^1] != '\n')
        {
            throw new FormatException("Signature lines must each end with a newline.");
        }
        return [.. lines[..^1].Split('\n').Select((l, i) => ParseSignatureLine(l, i + 1))];
    }

    /// <summary>
    /// Checks the signatures against the keys the verifier knows, as the specification requires: signatures of unknown keys (another
    /// name or another key id) are ignored; a signature of a known key must verify, or the whole note is rejected; at least one known
    /// key must have signed.
    /// </summary>
    public NoteVerification Verify(IEnumerable<NoteVerifierKey> knownKeys)
    {
        ArgumentNullException.ThrowIfNull(knownKeys);
        var keys = knownKeys.DistinctBy(k => k.ToString()).ToList();
        var verified = new List<NoteVerifierKey>();
        foreach (var sig in Signatures)
        {
            var matching = keys.Where(k => k.Name == sig.Name && k.KeyId == sig.KeyId).ToList();
            if (matching.Count == 0)
            {
                continue;
            }
            if (matching.Count > 1)
            {
                return new NoteVerification([], $"two known keys have the name and key id {sig.KeyText}; the signature is ambiguous");
            }
            var key = matching[0];
            if (!key.Verify(Text, sig.Signature))
            {
                return new NoteVerification([], $"the signature of {sig.KeyText} does not verify");
            }
            if (!verified.Contains(key))
            {
                verified.Add(key);
            }
        }
        return verified.Count == 0
            ? new NoteVerification([], "no signature of a known key: " + (keys.Count == 0 ? "no key is known" : "known " + string.Join(", ", keys.Select(k => $"{k.Name}+{k.KeyId:x8}"))))
            : new NoteVerification(verified, null);
    }

    private static NoteSignature ParseSignatureLine(string line, int number)
    {
        if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal))
        {
            throw new FormatException($"Malformed note: signature line {number} does not start with '— ' (em dash, space).");
        }
        string body = line[SignaturePrefix.Length..];
        int space = body.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            throw new FormatException($"Malformed note: signature line {number} is not '— <key name> <base64 signature>'.");
        }
        string name = body[..space];
        string b64 = body[(space + 1)..];
        if (!NoteVerifierKey.IsValidName(name))
        {
            throw new FormatException($"Malformed note: signature line {number} has an invalid key name '{name}' (non-empty, no spaces, no '+').");
        }
        byte[] blob = DecodeBase64(b64) ?? throw new FormatException($"Malformed note: signature line {number} is not '— <key name> <base64 signature>' (the signature is not canonical base64).");
        if (blob.Length < 5)
        {
            throw new FormatException($"Malformed note: the signature on line {number} has {blob.Length} bytes; it needs a 4-byte key id and a signature.");
        }
        return new NoteSignature(name, BinaryPrimitives.ReadUInt32BigEndian(blob), blob[4..]);
    }

    /// <summary>Standard base64 with padding, in canonical form only (no whitespace, zero trailing bits); null otherwise.</summary>
    internal static byte[]? DecodeBase64(string s)
    {
        if (s.Length == 0 || s.Length % 4 != 0 || s.Any(c => !(c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '+' or '/' or '=')))
        {
            return null;
        }
        try
        {
            byte[] bytes = Convert.FromBase64String(s);
            return Convert.ToBase64String(bytes) == s ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
