using EcoLedger.Audit;

namespace EcoLedger.Storage;

/// <summary>
/// Where the ledger's checkpoint signing key lives. The default keeps it in a file beside the database; an operator who keeps the
/// key away from the database (another volume, another account, later a hardware module) gives another store, so a copy of the
/// database alone cannot be re-signed.
/// </summary>
public interface ICheckpointKeyStore
{
    /// <summary>Where the key is, for messages (a path, a key id).</summary>
    string Location { get; }

    /// <summary>True when the key exists.</summary>
    bool Exists { get; }

    /// <summary>The signer of the existing key.</summary>
    CheckpointSigner Load();

    /// <summary>Creates a new ECDSA P-256 key pair, writes the public key to <paramref name="publicKeyPath"/> and returns it as PEM.</summary>
    string Create(string publicKeyPath);
}

/// <summary>A signing key in a PKCS#8 PEM file, created with mode 0600.</summary>
/// <param name="path">The private key file.</param>
public sealed class FileKeyStore(string path) : ICheckpointKeyStore
{
    /// <inheritdoc/>
    public string Location { get; } = path;

    /// <inheritdoc/>
    public bool Exists => File.Exists(Location);

    /// <inheritdoc/>
    public CheckpointSigner Load() => LedgerKeys.LoadSigner(Location);

    /// <inheritdoc/>
    public string Create(string publicKeyPath)
    {
        // A bare file name ("ledger.db.key.pem") has no directory part: resolve it against the working directory first.
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(Location))!);
        return LedgerKeys.CreateKeyPair(Location, publicKeyPath);
    }
}
