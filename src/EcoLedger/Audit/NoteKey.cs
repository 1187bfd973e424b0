using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using NSec.Cryptography;

namespace EcoLedger.Audit;

/// <summary>
/// An Ed25519 signing key with a key name: signs notes (type 0x01) and cosigns checkpoints (cosignature/v1, type 0x04). Its file
/// form is golang.org/x/mod/sumdb/note's private key, <c>PRIVATE+KEY+&lt;name&gt;+&lt;hex key id&gt;+base64(0x01 ‖ seed)</c>, so
/// keys made by Go tooling (<c>note.GenerateKey</c>) work here and ours work there.
/// </summary>
public sealed class NoteKey : IDisposable
{
    private const string PrivatePrefix = "PRIVATE+KEY+";
    private readonly Key _key;

    private NoteKey(string name, Key key)
    {
        Name = name;
        _key = key;
        byte[] pub = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        VerifierKey = new NoteVerifierKey(name, NoteVerifierKey.Ed25519Type, pub);
        CosignatureKey = new NoteVerifierKey(name, NoteVerifierKey.CosignatureV1Type, pub);
    }

    /// <summary>The key name.</summary>
    public string Name { get; }

    /// <summary>The vkey that verifies this key's note signatures (type 0x01).</summary>
    public NoteVerifierKey VerifierKey { get; }

    /// <summary>The vkey that verifies this key's cosignatures (type 0x04).</summary>
    public NoteVerifierKey CosignatureKey { get; }

    /// <summary>A new random key.</summary>
    public static NoteKey Generate(string name) => FromSeed(name, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>The key of a 32-byte Ed25519 seed (RFC 8032 private key).</summary>
    /// <exception cref="ArgumentException">Invalid name or seed length.</exception>
    public static NoteKey FromSeed(string name, ReadOnlySpan<byte> seed)
    {
        if (!NoteVerifierKey.IsValidName(name))
        {
            throw new ArgumentException($"A key name is non-empty, without spaces or '+' (got '{name}').", nameof(name));
        }
        if (seed.Length != 32)
        {
            throw new ArgumentException($"An Ed25519 seed is 32 bytes (got {seed.Length}).", nameof(seed));
        }
        var key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey,
            new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        return new NoteKey(name, key);
    }

    /// <summary>Reads a private key in Go's form <c>PRIVATE+KEY+name+keyid+base64(0x01 ‖ seed)</c>.</summary>
    /// <exception cref="FormatException">Not such a key, or its key id does not match.</exception>
    public static NoteKey ParsePrivate(string skey)
    {
        ArgumentNullException.ThrowIfNull(skey);
        skey = skey.TrimEnd('\n', '\r');
        if (!skey.StartsWith(PrivatePrefix, StringComparison.Ordinal))
        {
            throw new FormatException("Not a note private key (expected PRIVATE+KEY+name+keyid+base64).");
        }
        string[] parts = skey[PrivatePrefix.Length..].Split('+', 3);
        byte[]? blob = parts.Length == 3 ? SignedNote.DecodeBase64(parts[2]) : null;
        if (blob is null || blob.Length != 33 || blob[0] != NoteVerifierKey.Ed25519Type || !NoteVerifierKey.IsValidName(parts[0])
            || !uint.TryParse(parts[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out uint id) || parts[1].Length != 8)
        {
            throw new FormatException("Not a note private key (expected PRIVATE+KEY+name+keyid+base64 of 0x01 and a 32-byte Ed25519 seed).");
        }
        var key = FromSeed(parts[0], blob.AsSpan(1));
        if (key.VerifierKey.KeyId != id)
        {
            key.Dispose();
            throw new FormatException($"The note private key's id {parts[1]} does not match its name and key.");
        }
        return key;
    }

    /// <summary>The private key in Go's form (a secret: write it only to a 0600 file).</summary>
    public string ToPrivateString() =>
        $"{PrivatePrefix}{Name}+{VerifierKey.KeyId:x8}+{Convert.ToBase64String([NoteVerifierKey.Ed25519Type, .. _key.Export(KeyBlobFormat.RawPrivateKey)])}";

    /// <summary>Signs a note text with Ed25519 (signature type 0x01).</summary>
    public NoteSignature Sign(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new NoteSignature(Name, VerifierKey.KeyId, SignatureAlgorithm.Ed25519.Sign(_key, Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// Cosigns a checkpoint text (cosignature/v1, type 0x04): the 8-byte big-endian POSIX time followed by Ed25519 over
    /// <c>cosignature/v1\ntime T\n</c> and the text.
    /// </summary>
    public NoteSignature Cosign(string text, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(text);
        long t = time.ToUnixTimeSeconds();
        ArgumentOutOfRangeException.ThrowIfNegative(t, nameof(time));
        byte[] sig = new byte[8 + 64];
        BinaryPrimitives.WriteUInt64BigEndian(sig, (ulong)t);
        SignatureAlgorithm.Ed25519.Sign(_key, NoteVerifierKey.CosignedMessage(text, t), sig.AsSpan(8));
        return new NoteSignature(Name, CosignatureKey.KeyId, sig);
    }

    /// <summary>Writes the private key to a new file created with mode 0600; never overwrites.</summary>
    /// <exception cref="IOException">The file exists.</exception>
    public void Save(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = LedgerKeys.PrivateKeyMode;
        }
        using var f = new FileStream(path, options);
        f.Write(Encoding.ASCII.GetBytes(ToPrivateString() + "\n"));
    }

    /// <summary>Reads a private key file; refuses one that group or others may access (as <see cref="LedgerKeys.LoadSigner"/>).</summary>
    /// <exception cref="InvalidOperationException">The file's permissions are wider than 0600.</exception>
    /// <exception cref="FormatException">The file holds no note private key.</exception>
    public static NoteKey Load(string path)
    {
        LedgerKeys.RequireOwnerOnly(path);
        return ParsePrivate(File.ReadAllText(path));
    }

    /// <inheritdoc/>
    public void Dispose() => _key.Dispose();
}
