using System.Globalization;
using System.Text;

namespace EcoLedger.Audit;

/// <summary>
/// The text of a C2SP transparency-log checkpoint: origin, tree size, base64 root hash, and optional extension lines.
/// </summary>
/// <remarks>
/// https://c2sp.org/tlog-checkpoint (v1.0.0). EcoLedger writes no extension lines (the specification does not recommend them:
/// monitors cannot audit them), so its checkpoint notes are exactly the three lines any tlog tool reads.
/// </remarks>
public sealed class TlogCheckpoint
{
    /// <summary>Prefix of the origin of every EcoLedger ledger.</summary>
    public const string OriginPrefix = "ecoledger/";

    private readonly byte[] _root;

    /// <summary>A checkpoint text.</summary>
    /// <exception cref="ArgumentException">Empty origin, negative size, a root that is not 32 bytes, or an empty extension line.</exception>
    public TlogCheckpoint(string origin, long treeSize, ReadOnlySpan<byte> rootHash, IReadOnlyList<string>? extensions = null)
    {
        if (string.IsNullOrEmpty(origin) || origin.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException("A checkpoint origin is one non-empty line.", nameof(origin));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(treeSize);
        if (rootHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"A root hash is {MerkleHash.Size} bytes (got {rootHash.Length}).", nameof(rootHash));
        }
        extensions ??= [];
        if (extensions.Any(e => e.Length == 0 || e.Contains('\n', StringComparison.Ordinal)))
        {
            throw new ArgumentException("Extension lines are single non-empty lines.", nameof(extensions));
        }
        Origin = origin;
        TreeSize = treeSize;
        _root = rootHash.ToArray();
        Extensions = extensions;
    }

    /// <summary>The log's origin (first line).</summary>
    public string Origin { get; }

    /// <summary>The number of leaves.</summary>
    public long TreeSize { get; }

    /// <summary>The RFC 6962 root hash.</summary>
    public ReadOnlySpan<byte> RootHash => _root;

    /// <summary>The root hash as 64 lowercase hex digits (EcoLedger's own checkpoints write it so).</summary>
    public string RootHex => Convert.ToHexStringLower(_root);

    /// <summary>Extension lines (after the root), usually none.</summary>
    public IReadOnlyList<string> Extensions { get; }

    /// <summary>The note text: each line ended by a newline.</summary>
    public string Text
    {
        get
        {
            var sb = new StringBuilder();
            sb.Append(Origin).Append('\n').Append(TreeSize.ToString(CultureInfo.InvariantCulture)).Append('\n').Append(Convert.ToBase64String(_root)).Append('\n');
            foreach (var e in Extensions)
            {
                sb.Append(e).Append('\n');
            }
            return sb.ToString();
        }
    }

    /// <summary>
    /// The origin of a ledger: <c>ecoledger/</c> and the ledger id, with <c>%</c> written <c>%25</c> and <c>+</c> written <c>%2B</c>, so
    /// that the origin can also be the log's key name (which may not contain '+') and different ids never share an origin.
    /// </summary>
    public static string OriginFor(string ledgerId)
    {
        ArgumentNullException.ThrowIfNull(ledgerId);
        return OriginPrefix + ledgerId.Replace("%", "%25", StringComparison.Ordinal).Replace("+", "%2B", StringComparison.Ordinal);
    }

    /// <summary>The C2SP form of one of the ledger's own checkpoints.</summary>
    public static TlogCheckpoint From(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return new TlogCheckpoint(OriginFor(checkpoint.LedgerId), checkpoint.TreeSize, Convert.FromHexString(checkpoint.RootHash));
    }

    /// <summary>Reads a checkpoint text (the text of a signed note).</summary>
    /// <exception cref="FormatException">Not a checkpoint; the message names the line.</exception>
    public static TlogCheckpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || text[^1] != '\n')
        {
            throw new FormatException("Not a checkpoint: the text does not end with a newline.");
        }
        string[] lines = text[..^1].Split('\n');
        if (lines.Length < 3)
        {
            throw new FormatException($"Not a checkpoint: it has {lines.Length} lines; a checkpoint has origin, tree size and root hash.");
        }
        if (lines[0].Length == 0)
        {
            throw new FormatException("Not a checkpoint: line 1 (origin) is empty.");
        }
        string size = lines[1];
        if (size.Length == 0 || size.Length > 19 || !size.All(char.IsAsciiDigit) || (size.Length > 1 && size[0] == '0')
            || !long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out long n))
        {
            throw new FormatException($"Not a checkpoint: line 2 (tree size) '{size}' is not a decimal number without leading zeros.");
        }
        byte[]? root = SignedNote.DecodeBase64(lines[2]);
        if (root is not { Length: MerkleHash.Size })
        {
            throw new FormatException($"Not a checkpoint: line 3 (root hash) is not the base64 of {MerkleHash.Size} bytes.");
        }
        if (lines.Skip(3).Any(l => l.Length == 0))
        {
            throw new FormatException("Not a checkpoint: an extension line is empty.");
        }
        return new TlogCheckpoint(lines[0], n, root, lines[3..]);
    }
}
