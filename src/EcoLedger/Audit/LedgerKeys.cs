using System.Security.Cryptography;

namespace EcoLedger.Audit;

/// <summary>The ledger's ECDSA P-256 signing key: creation, loading, signing, and verification with the public key.</summary>
public static class LedgerKeys
{
    /// <summary>Permissions of the private key file: read and write for its owner only (0600).</summary>
    public const UnixFileMode PrivateKeyMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>
    /// Creates a key pair: the private key as PKCS#8 PEM at <paramref name="privateKeyPath"/> (created new, mode 0600 from the
    /// start), the public key as SubjectPublicKeyInfo PEM at <paramref name="publicKeyPath"/>. Returns the public key PEM.
    /// </summary>
    /// <exception cref="IOException">The private key file already exists.</exception>
    public static string CreateKeyPair(string privateKeyPath, string publicKeyPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateKeyMode;
        }
        using (var f = new FileStream(privateKeyPath, options))
        using (var w = new StreamWriter(f))
        {
            w.Write(key.ExportPkcs8PrivateKeyPem());
            w.Write('\n');
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(privateKeyPath, PrivateKeyMode);
        }
        string publicPem = key.ExportSubjectPublicKeyInfoPem();
        File.WriteAllText(publicKeyPath, publicPem + "\n");
        return publicPem;
    }

    /// <summary>Loads the private key; refuses a file that group or others may read or write.</summary>
    /// <exception cref="InvalidOperationException">The file's permissions are wider than 0600.</exception>
    public static CheckpointSigner LoadSigner(string privateKeyPath) => new(LoadPrivateKey(privateKeyPath));

    /// <summary>Loads an ECDSA P-256 private key (PKCS#8 PEM); refuses a file that group or others may read or write.</summary>
    /// <exception cref="InvalidOperationException">The file's permissions are wider than 0600.</exception>
    public static ECDsa LoadPrivateKey(string privateKeyPath)
    {
        RequireOwnerOnly(privateKeyPath);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(privateKeyPath));
            if (key.KeySize != 256)
            {
                throw new ArgumentException($"expected a P-256 key, got a {key.KeySize}-bit key");
            }
        }
        catch
        {
            key.Dispose();
            throw;
        }
        return key;
    }

    /// <summary>Refuses a private key file that group or others may read or write.</summary>
    /// <exception cref="InvalidOperationException">The file's permissions are wider than 0600.</exception>
    public static void RequireOwnerOnly(string privateKeyPath)
    {
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(privateKeyPath);
            if ((mode & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)) != 0)
            {
                throw new InvalidOperationException(
                    $"Private key file {privateKeyPath} has permissions {Convert.ToString((int)mode, 8).PadLeft(4, '0')}; it must be readable by its owner only (chmod 600).");
            }
        }
    }

    /// <summary>True when <paramref name="signatureBase64"/> is a valid DER ECDSA P-256 / SHA-256 signature of <paramref name="data"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> data, string signatureBase64, string publicKeyPem)
    {
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(signatureBase64);
        }
        catch (FormatException)
        {
            return false;
        }
        using var key = ImportPublicKey(publicKeyPem);
        return key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>Imports a P-256 public key from PEM.</summary>
    /// <exception cref="FormatException">Not a PEM public key on curve P-256.</exception>
    public static ECDsa ImportPublicKey(string publicKeyPem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(publicKeyPem);
            if (key.KeySize != 256 || key.ExportParameters(false).Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                throw new FormatException("The public key is not on curve P-256.");
            }
            return key;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new FormatException($"Not a PEM public key: {e.Message}", e);
        }
    }

    /// <summary>Fingerprint of a public key: SHA-256 of its DER SubjectPublicKeyInfo, lowercase hex.</summary>
    public static string Fingerprint(string publicKeyPem)
    {
        using var key = ImportPublicKey(publicKeyPem);
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }
}

/// <summary>Signs checkpoints with the ledger's private key.</summary>
public sealed class CheckpointSigner : IDisposable
{
    private readonly ECDsa _key;

    /// <summary>Wraps a P-256 key (the signer owns and disposes it).</summary>
    public CheckpointSigner(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.KeySize != 256)
        {
            throw new ArgumentException($"Checkpoint keys are ECDSA P-256 (got a {key.KeySize}-bit key).", nameof(key));
        }
        _key = key;
    }

    /// <summary>The public key as SubjectPublicKeyInfo PEM.</summary>
    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    /// <summary>Signs a checkpoint.</summary>
    public SignedCheckpoint Sign(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        byte[] sig = _key.SignData(checkpoint.ToSignedBytes(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new SignedCheckpoint(checkpoint, Convert.ToBase64String(sig));
    }

    /// <summary>
    /// The ledger's Ed25519 note key for the C2SP checkpoint of <paramref name="origin"/>: derived from this P-256 private key with
    /// HKDF-SHA256 (RFC 5869; input key material the 32-byte private scalar, info <c>ecoledger note key/v1</c>, a newline and the
    /// origin), named after the origin.
    /// </summary>
    /// <remarks>
    /// Why a second algorithm: signed-note's ECDSA type (0x02) is read only by transparency-dev's witness, while Ed25519 (0x01) is what
    /// every transparency-log tool reads (Go's sumdb/note, litewitness, sigsum, transparency-dev). Why derived rather than a second key
    /// file: the note key then lives wherever the checkpoint key lives (its file, its 0600 mode, <c>--signing-key</c>), with no second
    /// secret to place, back up or lose; whoever holds the checkpoint key holds the note key and nobody else can compute it, which is
    /// exactly the trust the checkpoint key already carries. HKDF is one-way, so the note key reveals nothing of the P-256 key.
    /// </remarks>
    public NoteKey DeriveNoteKey(string origin)
    {
        ArgumentNullException.ThrowIfNull(origin);
        byte[] scalar = _key.ExportParameters(includePrivateParameters: true).D!;
        try
        {
            byte[] seed = HKDF.DeriveKey(HashAlgorithmName.SHA256, scalar, 32, [], System.Text.Encoding.UTF8.GetBytes("ecoledger note key/v1\n" + origin));
            try
            {
                return NoteKey.FromSeed(origin, seed);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(seed);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(scalar);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
