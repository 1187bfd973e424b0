namespace EcoLedger.Audit;

/// <summary>Generation and verification of RFC 9162 inclusion and consistency proofs.</summary>
/// <remarks>
/// Generation follows RFC 9162 §2.1.3.1 (PATH) and §2.1.4.1 (PROOF/SUBPROOF) over a function that returns the hash of any
/// subtree D[start:end]. Verification follows §2.1.3.2 and §2.1.4.2 step by step; with those algorithms a proof that is
/// one element short leaves <c>sn ≠ 0</c>, and one element too long meets <c>sn = 0</c> inside the loop, so both fail.
/// Consistency between equal sizes (not covered by the RFC) requires an empty proof and equal roots, as in
/// transparency-dev/merkle; a proof from size 0 is rejected.
/// </remarks>
public static class MerkleProof
{
    /// <summary>Hash of the subtree over leaves [start, end) of some tree.</summary>
    public delegate byte[] SubtreeHash(long start, long end);

    /// <summary>The audit path for leaf <paramref name="index"/> in the tree of size <paramref name="size"/> (RFC 9162 §2.1.3.1).</summary>
    public static List<byte[]> Inclusion(long index, long size, SubtreeHash mth)
    {
        ArgumentNullException.ThrowIfNull(mth);
        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The leaf index must be in [0, {size}).");
        }
        var path = new List<byte[]>();
        Path(index, 0, size, mth, path);
        return path;
    }

    private static void Path(long m, long start, long end, SubtreeHash mth, List<byte[]> path)
    {
        long n = end - start;
        if (n <= 1)
        {
            return;
        }
        long k = MerkleHash.SplitPoint(n);
        if (m < k)
        {
            Path(m, start, start + k, mth, path);
            path.Add(mth(start + k, end));
        }
        else
        {
            Path(m - k, start + k, end, mth, path);
            path.Add(mth(start, start + k));
        }
    }

    /// <summary>The consistency proof between sizes <paramref name="m"/> and <paramref name="n"/> (RFC 9162 §2.1.4.1).</summary>
    public static List<byte[]> Consistency(long m, long n, SubtreeHash mth)
    {
        ArgumentNullException.ThrowIfNull(mth);
        if (m < 0 || m > n)
        {
            throw new ArgumentOutOfRangeException(nameof(m), m, $"The first size must be in [0, {n}].");
        }
        var proof = new List<byte[]>();
        if (m > 0 && m < n)
        {
            SubProof(m, 0, n, true, mth, proof);
        }
        return proof;
    }

    private static void SubProof(long m, long start, long end, bool b, SubtreeHash mth, List<byte[]> proof)
    {
        long n = end - start;
        if (m == n)
        {
            if (!b)
            {
                proof.Add(mth(start, end));
            }
            return;
        }
        long k = MerkleHash.SplitPoint(n);
        if (m <= k)
        {
            SubProof(m, start, start + k, b, mth, proof);
            proof.Add(mth(start + k, end));
        }
        else
        {
            SubProof(m - k, start + k, end, false, mth, proof);
            proof.Add(mth(start, start + k));
        }
    }

    /// <summary>
    /// Recomputes the root from an inclusion proof (RFC 9162 §2.1.3.2); null when the proof cannot be valid for this
    /// index and size (wrong length, index out of range, an element not 32 bytes).
    /// </summary>
    public static byte[]? RootFromInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (index < 0 || index >= size || leafHash.Length != MerkleHash.Size)
        {
            return null;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash.ToArray();
        foreach (byte[] p in path)
        {
            if (p is null || p.Length != MerkleHash.Size || sn == 0)
            {
                return null;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHash.Node(p, r, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                MerkleHash.Node(r, p, r);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 ? r : null;
    }

    /// <summary>True when <paramref name="path"/> proves that the leaf with hash <paramref name="leafHash"/> is at
    /// <paramref name="index"/> in the tree of size <paramref name="size"/> with root <paramref name="root"/>.</summary>
    public static bool VerifyInclusion(long index, long size, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root)
    {
        byte[]? r = RootFromInclusion(index, size, leafHash, path);
        return r is not null && root.Length == MerkleHash.Size && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>
    /// True when <paramref name="proof"/> proves that the tree of size <paramref name="size1"/> with root
    /// <paramref name="root1"/> is a prefix of the tree of size <paramref name="size2"/> with root <paramref name="root2"/>
    /// (RFC 9162 §2.1.4.2).
    /// </summary>
    public static bool VerifyConsistency(long size1, long size2, ReadOnlySpan<byte> root1, ReadOnlySpan<byte> root2, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (root1.Length != MerkleHash.Size || root2.Length != MerkleHash.Size || size1 <= 0 || size1 > size2)
        {
            return false;
        }
        if (size1 == size2)
        {
            return proof.Count == 0 && root1.SequenceEqual(root2);
        }
        // 1. An empty path fails.
        if (proof.Count == 0)
        {
            return false;
        }
        foreach (byte[] c in proof)
        {
            if (c is null || c.Length != MerkleHash.Size)
            {
                return false;
            }
        }
        // 2. If first is an exact power of 2, prepend first_hash to the path.
        var path = new List<byte[]>(proof.Count + 1);
        if ((size1 & (size1 - 1)) == 0)
        {
            path.Add(root1.ToArray());
        }
        path.AddRange(proof);
        // 3. fn = first − 1, sn = second − 1.
        long fn = size1 - 1;
        long sn = size2 - 1;
        // 4. If LSB(fn) is set, right-shift fn and sn equally until it is not.
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        // 5. fr = sr = first element.
        byte[] fr = (byte[])path[0].Clone();
        byte[] sr = (byte[])path[0].Clone();
        // 6. For each subsequent c.
        for (int i = 1; i < path.Count; i++)
        {
            byte[] c = path[i];
            if (sn == 0)
            {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                MerkleHash.Node(c, fr, fr);
                MerkleHash.Node(c, sr, sr);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                MerkleHash.Node(sr, c, sr);
            }
            fn >>= 1;
            sn >>= 1;
        }
        // 7. fr = first_hash, sr = second_hash, sn = 0.
        return sn == 0 && fr.AsSpan().SequenceEqual(root1) && sr.AsSpan().SequenceEqual(root2);
    }
}
