using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;

namespace EcoLedger.Audit;

/// <summary>
/// A signed-note verifier key ("vkey"): <c>&lt;name&gt;+&lt;hex key id&gt;+base64(type ‖ public key)</c>. Two types are
/// supported: <see cref="Ed25519Type"/> (a log's note signature) and <see cref="CosignatureV1Type"/> (a witness's cosignature).
/// </summary>
/// <remarks>
/// https://c2sp.org/signed-note#verifier-keys and https://c2sp.org/tlog-cosignature: key id = SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4].
/// The signed-note specification asks implementations to support only the signature types they need; these two are what
/// transparency-log tooling (golang.org/x/mod/sumdb/note, transparency-dev/formats, litewitness) reads.
/// </remarks>
public sealed class NoteVerifierKey : IEquatable<NoteVerifierKey>
{
    /// <summary>Signature type 0x01: Ed25519 over the note text.</summary>
    public const byte Ed25519Type = 0x01;

    /// <summary>Signature type 0x04: timestamped Ed25519 checkpoint cosignature (<c>cosignature/v1</c>).</summary>
    public const byte CosignatureV1Type = 0x04;

    /// <summary>First line of the message a <c>cosignature/v1</c> signs.</summary>
    public const string CosignatureHeader = "cosignature/v1";

    private readonly byte[] _publicKey;

    /// <summary>A verifier key from its parts; the key id is computed.</summary>
    /// <exception cref="ArgumentException">Invalid name, unsupported type or not a 32-byte Ed25519 public key.</exception>
    public NoteVerifierKey(string name, byte type, ReadOnlySpan<byte> publicKey)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException($"A key name is non-empty, without spaces or '+' (got '{name}').", nameof(name));
        }
        if (type is not (Ed25519Type or CosignatureV1Type))
        {
            throw new ArgumentException($"Signature type 0x{type:x2} is not supported (0x01 Ed25519, 0x04 cosignature/v1).", nameof(type));
        }
        if (publicKey.Length != 32 || !NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out _))
        {
            throw new ArgumentException($"An Ed25519 public key is 32 bytes encoding a curve point (got {publicKey.Length} bytes).", nameof(publicKey));
        }
        Name = name;
        Type = type;
        _publicKey = publicKey.ToArray();
        KeyId = ComputeKeyId(name, type, publicKey);
    }

    /// <summary>The key name.</summary>
    public string Name { get; }

    /// <summary>The signature type byte.</summary>
    public byte Type { get; }

    /// <summary>The 32-bit key id.</summary>
    public uint KeyId { get; }

    /// <summary>The raw 32-byte Ed25519 public key.</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4], big-endian.</summary>
    public static uint ComputeKeyId(string name, byte type, ReadOnlySpan<byte> publicKey)
    {
        ArgumentNullException.ThrowIfNull(name);
        byte[] nameBytes = Encoding.UTF8.GetBytes(name);
        byte[] data = [.. nameBytes, (byte)'\n', type, .. publicKey];
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(data));
    }

    /// <summary>True when <paramref name="name"/> can be a key name: non-empty, no Unicode space, no '+', no control character.</summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && !name.Any(c => c == '+' || char.IsWhiteSpace(c) || char.IsControl(c));

    /// <summary>Reads a vkey.</summary>
    /// <exception cref="FormatException">Not a vkey of a supported type, or its key id does not match its name and key.</exception>
    public static NoteVerifierKey Parse(string vkey)
    {
        ArgumentNullException.ThrowIfNull(vkey);
        // The base64 key may itself contain '+': the name and the key id end at the first two.
        string[] parts = vkey.Split('+', 3);
        if (parts.Length != 3)
        {
            throw new FormatException($"'{Shorten(vkey)}' is not a verifier key (expected name+keyid+base64, three parts separated by '+').");
        }
        if (parts[1].Length != 8 || !uint.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint id) || parts[1] != id.ToString("x8", CultureInfo.InvariantCulture))
        {
            throw new FormatException($"Verifier key '{Shorten(vkey)}': the key id '{parts[1]}' is not 8 lowercase hex digits.");
        }
        byte[] blob = SignedNote.DecodeBase64(parts[2]) ?? throw new FormatException($"Verifier key '{Shorten(vkey)}': the key is not canonical base64.");
        if (blob.Length == 0)
        {
            throw new FormatException($"Verifier key '{Shorten(vkey)}': the key is empty.");
        }
        NoteVerifierKey key;
        try
        {
            key = new NoteVerifierKey(parts[0], blob[0], blob.AsSpan(1));
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"Verifier key '{Shorten(vkey)}': {e.Message.Split(" (Parameter", 2)[0]}", e);
        }
        return key.KeyId == id ? key : throw new FormatException($"Verifier key '{Shorten(vkey)}': the key id {parts[1]} does not match its name and key (expected {key.KeyId:x8}).");
    }

    /// <summary>
    /// True when <paramref name="signature"/> (the bytes after the key id) is this key's signature of <paramref name="text"/>:
    /// Ed25519 over the text for type 0x01; for type 0x04 an 8-byte big-endian timestamp and Ed25519 over
    /// <c>cosignature/v1\ntime &lt;timestamp&gt;\n</c> followed by the text.
    /// </summary>
    public bool Verify(string text, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] message;
        ReadOnlySpan<byte> ed25519;
        if (Type == Ed25519Type)
        {
            message = Encoding.UTF8.GetBytes(text);
            ed25519 = signature;
        }
        else
        {
            if (CosignatureTime(signature) is not long time)
            {
                return false;
            }
            message = CosignedMessage(text, time);
            ed25519 = signature[8..];
        }
        if (ed25519.Length != SignatureAlgorithm.Ed25519.SignatureSize)
        {
            return false;
        }
        var key = NSec.Cryptography.PublicKey.Import(SignatureAlgorithm.Ed25519, _publicKey, KeyBlobFormat.RawPublicKey);
        return SignatureAlgorithm.Ed25519.Verify(key, message, ed25519);
    }

    /// <summary>The timestamp (POSIX seconds) of a cosignature/v1 signature (the bytes after the key id), or null when it has none.</summary>
    public static long? CosignatureTime(ReadOnlySpan<byte> signature)
    {
        if (signature.Length != 8 + 64)
        {
            return null;
        }
        ulong t = BinaryPrimitives.ReadUInt64BigEndian(signature);
        return t <= long.MaxValue ? (long)t : null;
    }

    /// <summary>What a cosignature/v1 signs: <c>cosignature/v1\ntime T\n</c> and the note text.</summary>
    public static byte[] CosignedMessage(string text, long time) =>
        Encoding.UTF8.GetBytes($"{CosignatureHeader}\ntime {time.ToString(CultureInfo.InvariantCulture)}\n{text}");

    /// <summary>The same name and public key as a cosignature/v1 key (type 0x04).</summary>
    public NoteVerifierKey AsCosignatureKey() => Type == CosignatureV1Type ? this : new NoteVerifierKey(Name, CosignatureV1Type, _publicKey);

    /// <summary>The vkey text.</summary>
    public override string ToString() => $"{Name}+{KeyId:x8}+{Convert.ToBase64String([Type, .. _publicKey])}";

    /// <inheritdoc/>
    public bool Equals(NoteVerifierKey? other) => other is not null && ToString() == other.ToString();

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as NoteVerifierKey);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    private static string Shorten(string s) => s.Length <= 120 ? s : s[..117] + "...";
}
