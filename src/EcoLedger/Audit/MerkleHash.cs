using System.Buffers;
using System.Security.Cryptography;

namespace EcoLedger.Audit;

/// <summary>The hash functions of an RFC 6962 Merkle tree with SHA-256.</summary>
/// <remarks>RFC 6962 §2.1 (and RFC 9162 §2.1.1): MTH({}) = SHA-256(), MTH({d}) = SHA-256(0x00 ‖ d),
/// MTH(D[n]) = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])) with k the largest power of two smaller than n.</remarks>
public static class MerkleHash
{
    /// <summary>Length of every hash in bytes.</summary>
    public const int Size = 32;

    /// <summary>The root of the empty tree: SHA-256 of no bytes (<c>e3b0c442…b855</c>).</summary>
    public static byte[] Empty => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>Leaf hash SHA-256(0x00 ‖ data).</summary>
    public static byte[] Leaf(ReadOnlySpan<byte> data)
    {
        byte[] result = new byte[Size];
        Leaf(data, result);
        return result;
    }

    /// <summary>Writes the leaf hash SHA-256(0x00 ‖ data) into <paramref name="destination"/> (32 bytes).</summary>
    public static void Leaf(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(data.Length + 1);
        try
        {
            buffer[0] = 0x00;
            data.CopyTo(buffer.AsSpan(1));
            SHA256.HashData(buffer.AsSpan(0, data.Length + 1), destination);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Interior node hash SHA-256(0x01 ‖ left ‖ right).</summary>
    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        byte[] result = new byte[Size];
        Node(left, right, result);
        return result;
    }

    /// <summary>Writes SHA-256(0x01 ‖ left ‖ right) into <paramref name="destination"/>; it may overlap either input.</summary>
    public static void Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        if (left.Length != Size || right.Length != Size)
        {
            throw new ArgumentException($"Node children must be {Size} bytes each (got {left.Length} and {right.Length}).");
        }
        Span<byte> buffer = stackalloc byte[1 + 2 * Size];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + Size)..]);
        SHA256.HashData(buffer, destination);
    }

    /// <summary>The largest power of two strictly smaller than <paramref name="n"/> (n ≥ 2): the split point of RFC 6962.</summary>
    public static long SplitPoint(long n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);
        return 1L << (63 - (int)long.LeadingZeroCount(n - 1));
    }

    /// <summary>Root of a tree over the given leaf data, computed directly from the definition (for tests and small trees).</summary>
    public static byte[] RootOf(IReadOnlyList<byte[]> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        return leaves.Count == 0 ? Empty : RootOf(leaves, 0, leaves.Count);
    }

    private static byte[] RootOf(IReadOnlyList<byte[]> leaves, int start, int end)
    {
        if (end - start == 1)
        {
            return Leaf(leaves[start]);
        }
        int k = (int)SplitPoint(end - start);
        return Node(RootOf(leaves, start, start + k), RootOf(leaves, start + k, end));
    }
}
