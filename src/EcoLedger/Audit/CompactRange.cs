namespace EcoLedger.Audit;

/// <summary>
/// The O(log n) state that grows an RFC 6962 tree one leaf at a time: the roots of the complete subtrees that make up the
/// tree so far, one per set bit of its size (largest first). Used to recompute the root of a streamed export in constant memory.
/// </summary>
public sealed class CompactRange
{
    private readonly List<byte[]> _hashes = new(64);

    /// <summary>Called for every complete subtree as it is formed: its height (0 for a leaf), its first leaf, and its hash.</summary>
    public delegate void SubtreeFormed(int height, long start, ReadOnlySpan<byte> hash);

    /// <summary>Optional observer of every complete subtree (leaves included).</summary>
    public SubtreeFormed? OnSubtree { get; set; }

    /// <summary>Number of leaves appended.</summary>
    public long Size { get; private set; }

    /// <summary>Appends a leaf by its leaf hash.</summary>
    public void Append(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"A leaf hash is {MerkleHash.Size} bytes (got {leafHash.Length}).", nameof(leafHash));
        }
        byte[] h = leafHash.ToArray();
        OnSubtree?.Invoke(0, Size, h);
        long index = Size;
        int height = 0;
        while ((index & 1) == 1)
        {
            byte[] left = _hashes[^1];
            _hashes.RemoveAt(_hashes.Count - 1);
            MerkleHash.Node(left, h, h);
            index >>= 1;
            height++;
            OnSubtree?.Invoke(height, index << height, h);
        }
        _hashes.Add(h);
        Size++;
    }

    /// <summary>The state to persist: the hashes of the complete subtrees held, largest first, concatenated (32 bytes each).</summary>
    public byte[] ExportState()
    {
        byte[] state = new byte[_hashes.Count * MerkleHash.Size];
        for (int i = 0; i < _hashes.Count; i++)
        {
            _hashes[i].CopyTo(state, i * MerkleHash.Size);
        }
        return state;
    }

    /// <summary>Rebuilds a range from <see cref="Size"/> and <see cref="ExportState"/>: one hash per set bit of the size.</summary>
    /// <exception cref="FormatException">The state does not hold exactly one 32-byte hash per set bit of <paramref name="size"/>.</exception>
    public static CompactRange Restore(long size, ReadOnlySpan<byte> state)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        int expected = (int)long.PopCount(size);
        if (state.Length != expected * MerkleHash.Size)
        {
            throw new FormatException($"A compact range of size {size} holds {expected} hashes ({expected * MerkleHash.Size} bytes), not {state.Length} bytes.");
        }
        var range = new CompactRange { Size = size };
        for (int i = 0; i < expected; i++)
        {
            range._hashes.Add(state.Slice(i * MerkleHash.Size, MerkleHash.Size).ToArray());
        }
        return range;
    }

    /// <summary>The root of the tree of the leaves appended so far (SHA-256 of nothing when empty).</summary>
    public byte[] Root() => RootFrom(0);

    /// <summary>
    /// Hash of the right-edge subtree D[start:Size] where <paramref name="start"/> is a boundary between the complete
    /// subtrees held (0, or a prefix sum of the powers of two in Size from the largest down).
    /// </summary>
    public byte[] RootFrom(long start)
    {
        if (Size == 0)
        {
            return MerkleHash.Empty;
        }
        // Entries from largest to smallest; fold right to left over those starting at or after `start`.
        long boundary = 0;
        int first = -1;
        int entry = 0;
        for (int bit = 62; bit >= 0; bit--)
        {
            if ((Size & (1L << bit)) == 0)
            {
                continue;
            }
            if (boundary == start)
            {
                first = entry;
            }
            boundary += 1L << bit;
            entry++;
        }
        if (first < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(start), start, $"{start} is not a subtree boundary of a tree of size {Size}.");
        }
        byte[] r = (byte[])_hashes[^1].Clone();
        for (int i = _hashes.Count - 2; i >= first; i--)
        {
            MerkleHash.Node(_hashes[i], r, r);
        }
        return r;
    }
}
