namespace EcoLedger.Audit;

/// <summary>
/// An append-only RFC 6962 Merkle tree that stores every perfect subtree hash, so the root of any earlier size and any
/// inclusion or consistency proof take O(log² n) hash reads and at most O(log n) new hashes.
/// </summary>
/// <remarks>
/// Level 0 holds the leaf hashes; level h holds the hashes of the complete subtrees of 2^h leaves, in order (⌊n / 2^h⌋ of
/// them). That is 2n hashes in all (64 bytes per leaf), kept in 1 MiB chunks. A subtree D[a:b] that is not complete is the
/// right edge of a tree and is folded from at most log n stored hashes. Appending costs one leaf hash plus one node hash
/// on average.
/// </remarks>
public sealed class MerkleTree
{
    private readonly List<HashList> _levels = [];

    /// <summary>Number of leaves.</summary>
    public long Size { get; private set; }

    /// <summary>Appends the data of one leaf (hashed as SHA-256(0x00 ‖ data)).</summary>
    public void AppendData(ReadOnlySpan<byte> data)
    {
        Span<byte> h = stackalloc byte[MerkleHash.Size];
        MerkleHash.Leaf(data, h);
        AppendLeafHash(h);
    }

    /// <summary>Appends one leaf given its leaf hash.</summary>
    public void AppendLeafHash(ReadOnlySpan<byte> leafHash)
    {
        if (leafHash.Length != MerkleHash.Size)
        {
            throw new ArgumentException($"A leaf hash is {MerkleHash.Size} bytes (got {leafHash.Length}).", nameof(leafHash));
        }
        Level(0).Add(leafHash);
        Size++;
        Span<byte> node = stackalloc byte[MerkleHash.Size];
        long index = Size - 1;
        int level = 0;
        // Each time the new leaf completes a right child, hash it with its left sibling into the level above.
        while ((index & 1) == 1)
        {
            var list = _levels[level];
            MerkleHash.Node(list.Get(index - 1), list.Get(index), node);
            Level(level + 1).Add(node);
            index >>= 1;
            level++;
        }
    }

    /// <summary>The leaf hash at <paramref name="index"/>.</summary>
    public byte[] LeafHash(long index)
    {
        CheckRange(index, 0, Size - 1, nameof(index));
        return _levels[0].Get(index).ToArray();
    }

    /// <summary>The root of the current tree.</summary>
    public byte[] Root() => RootAt(Size);

    /// <summary>The root of the tree of the first <paramref name="size"/> leaves.</summary>
    public byte[] RootAt(long size)
    {
        CheckRange(size, 0, Size, nameof(size));
        return size == 0 ? MerkleHash.Empty : Subtree(0, size);
    }

    /// <summary>Inclusion proof of leaf <paramref name="index"/> in the tree of size <paramref name="size"/> (RFC 9162 §2.1.3.1).</summary>
    public List<byte[]> InclusionProof(long index, long size)
    {
        CheckRange(size, 1, Size, nameof(size));
        return MerkleProof.Inclusion(index, size, Subtree);
    }

    /// <summary>Consistency proof from size <paramref name="size1"/> to <paramref name="size2"/> (RFC 9162 §2.1.4.1).</summary>
    public List<byte[]> ConsistencyProof(long size1, long size2)
    {
        CheckRange(size2, 0, Size, nameof(size2));
        return MerkleProof.Consistency(size1, size2, Subtree);
    }

    /// <summary>Hash of the subtree over leaves [start, end), which must lie within the tree.</summary>
    public byte[] Subtree(long start, long end)
    {
        if (start < 0 || end > Size || start >= end)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Subtree [{start}, {end}) is not a non-empty range within [0, {Size}).");
        }
        long n = end - start;
        if ((n & (n - 1)) == 0 && start % n == 0)
        {
            int level = 63 - (int)long.LeadingZeroCount(n);
            return _levels[level].Get(start / n).ToArray();
        }
        long k = MerkleHash.SplitPoint(n);
        return MerkleHash.Node(Subtree(start, start + k), Subtree(start + k, end));
    }

    private HashList Level(int level)
    {
        while (_levels.Count <= level)
        {
            _levels.Add(new HashList());
        }
        return _levels[level];
    }

    private static void CheckRange(long value, long min, long max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"Must be in [{min}, {max}].");
        }
    }

    /// <summary>A growable list of 32-byte hashes in 1 MiB chunks (no large-object-heap copies when it grows).</summary>
    private sealed class HashList
    {
        private const int ChunkHashes = 1 << 15;
        private readonly List<byte[]> _chunks = [];
        private long _count;

        public void Add(ReadOnlySpan<byte> hash)
        {
            int slot = (int)(_count % ChunkHashes);
            if (slot == 0)
            {
                _chunks.Add(new byte[ChunkHashes * MerkleHash.Size]);
            }
            hash.CopyTo(_chunks[^1].AsSpan(slot * MerkleHash.Size, MerkleHash.Size));
            _count++;
        }

        public ReadOnlySpan<byte> Get(long index) =>
            _chunks[(int)(index / ChunkHashes)].AsSpan((int)(index % ChunkHashes) * MerkleHash.Size, MerkleHash.Size);
    }
}
