using System.Text.Json;
using EcoLedger.Audit;

namespace EcoLedger.Tests.Audit;

public class MerkleProofTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(File.ReadAllText(TestJournal.SourceFile("vectors.json"))).RootElement;

    private static readonly byte[][] Leaves = [.. Vectors.GetProperty("leaves_hex").EnumerateArray().Select(e => Convert.FromHexString(e.GetString()!))];

    private static MerkleTree TreeOf(IEnumerable<byte[]> leaves)
    {
        var tree = new MerkleTree();
        foreach (var l in leaves)
        {
            tree.AppendData(l);
        }
        return tree;
    }

    private static List<byte[]> Hashes(JsonElement array) => [.. array.EnumerateArray().Select(e => Convert.FromHexString(e.GetString()!))];

    private static byte[] Root(int n) => Convert.FromHexString(Vectors.GetProperty("roots").GetProperty(n.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetString()!);

    [Fact]
    public void Inclusion_proofs_match_the_published_vectors_and_verify()
    {
        var tree = TreeOf(Leaves);
        int count = 0;
        foreach (var v in Vectors.GetProperty("inclusion").EnumerateArray())
        {
            int index = v.GetProperty("index").GetInt32();
            int size = v.GetProperty("size").GetInt32();
            var expected = Hashes(v.GetProperty("path"));
            Assert.Equal(expected, tree.InclusionProof(index, size));
            Assert.True(MerkleProof.VerifyInclusion(index, size, MerkleHash.Leaf(Leaves[index]), expected, Root(size)), $"({index}, {size})");
            count++;
        }
        Assert.Equal(36, count);
    }

    [Fact]
    public void Consistency_proofs_match_the_published_vectors_and_verify()
    {
        var tree = TreeOf(Leaves);
        foreach (var v in Vectors.GetProperty("consistency").EnumerateArray())
        {
            int m = v.GetProperty("size1").GetInt32();
            int n = v.GetProperty("size2").GetInt32();
            var expected = Hashes(v.GetProperty("path"));
            Assert.Equal(expected, tree.ConsistencyProof(m, n));
            Assert.True(MerkleProof.VerifyConsistency(m, n, Root(m), Root(n), expected), $"({m}, {n})");
        }
    }

    [Fact]
    public void RFC_example_consistency_proof_from_3_to_7_has_four_elements()
    {
        // RFC 6962 §2.1.3: PROOF(3, D[7]) = [c, d, g, l].
        var tree = TreeOf(Leaves);
        var proof = tree.ConsistencyProof(3, 7);
        Assert.Equal(4, proof.Count);
        Assert.Equal(MerkleHash.Leaf(Leaves[2]), proof[0]);
        Assert.Equal(MerkleHash.Leaf(Leaves[3]), proof[1]);
        Assert.Equal(tree.Subtree(0, 2), proof[2]);
        Assert.Equal(tree.Subtree(4, 7), proof[3]);
    }

    [Fact]
    public void Every_inclusion_and_consistency_proof_up_to_size_20_round_trips()
    {
        var rng = new Random(20);
        var data = Enumerable.Range(0, 20).Select(_ => { var b = new byte[8]; rng.NextBytes(b); return b; }).ToList();
        var tree = TreeOf(data);
        for (int n = 1; n <= 20; n++)
        {
            byte[] root = MerkleHash.RootOf(data.Take(n).ToList());
            for (int i = 0; i < n; i++)
            {
                var path = tree.InclusionProof(i, n);
                Assert.True(MerkleProof.VerifyInclusion(i, n, MerkleHash.Leaf(data[i]), path, root), $"inclusion ({i}, {n})");
                Assert.False(MerkleProof.VerifyInclusion(i, n, MerkleHash.Leaf([1, 2, 3]), path, root), $"other leaf ({i}, {n})");
            }
            for (int m = 1; m <= n; m++)
            {
                byte[] rootM = MerkleHash.RootOf(data.Take(m).ToList());
                var proof = tree.ConsistencyProof(m, n);
                Assert.True(MerkleProof.VerifyConsistency(m, n, rootM, root, proof), $"consistency ({m}, {n})");
            }
        }
    }

    public static TheoryData<int, int> InclusionCases()
    {
        var d = new TheoryData<int, int>();
        for (int n = 1; n <= 20; n++)
        {
            for (int i = 0; i < n; i++)
            {
                d.Add(i, n);
            }
        }
        return d;
    }

    public static TheoryData<int, int> ConsistencyCases()
    {
        var d = new TheoryData<int, int>();
        for (int n = 2; n <= 20; n++)
        {
            for (int m = 1; m < n; m++)
            {
                d.Add(m, n);
            }
        }
        return d;
    }

    private static readonly List<byte[]> Data20 = [.. Enumerable.Range(0, 20).Select(i => new[] { (byte)i, (byte)(i * 7) })];
    private static readonly MerkleTree Tree20 = TreeOf(Data20);

    [Theory]
    [MemberData(nameof(InclusionCases))]
    public void Tampered_inclusion_proofs_fail(int index, int size)
    {
        byte[] leaf = MerkleHash.Leaf(Data20[index]);
        byte[] root = Tree20.RootAt(size);
        var path = Tree20.InclusionProof(index, size);
        Assert.True(MerkleProof.VerifyInclusion(index, size, leaf, path, root));

        // One bit flipped in any element.
        for (int k = 0; k < path.Count; k++)
        {
            var flipped = path.Select(p => (byte[])p.Clone()).ToList();
            flipped[k][k % 32] ^= 0x01;
            Assert.False(MerkleProof.VerifyInclusion(index, size, leaf, flipped, root), $"bit flip in element {k}");
        }
        // Truncated.
        if (path.Count > 0)
        {
            Assert.False(MerkleProof.VerifyInclusion(index, size, leaf, path.Take(path.Count - 1).ToList(), root), "truncated");
        }
        // Extra trailing elements: a copy of the root, zeros, and the last element repeated.
        Assert.False(MerkleProof.VerifyInclusion(index, size, leaf, [.. path, root], root), "extra root");
        Assert.False(MerkleProof.VerifyInclusion(index, size, leaf, [.. path, new byte[32]], root), "extra zeros");
        if (path.Count > 0)
        {
            Assert.False(MerkleProof.VerifyInclusion(index, size, leaf, [.. path, path[^1]], root), "extra repeat");
        }
        // Wrong tree size: the proof checked against the (size, root) of a checkpoint one larger or one smaller. (Against the
        // right root with only the size changed, a path can be shaped the same for both sizes: the size is bound to the
        // root by the signed checkpoint, not by the path.)
        if (size < 20)
        {
            Assert.False(MerkleProof.VerifyInclusion(index, size + 1, leaf, path, Tree20.RootAt(size + 1)), "size + 1");
        }
        if (index < size - 1)
        {
            Assert.False(MerkleProof.VerifyInclusion(index, size - 1, leaf, path, Tree20.RootAt(size - 1)), "size - 1");
        }
        if (size > 1)
        {
            Assert.False(MerkleProof.VerifyInclusion((index + 1) % size, size, leaf, path, root), "other index");
        }
        Assert.False(MerkleProof.VerifyInclusion(size, size, leaf, path, root), "index = size");
        // Flipped bit in the root or the leaf.
        var badRoot = (byte[])root.Clone();
        badRoot[31] ^= 0x80;
        Assert.False(MerkleProof.VerifyInclusion(index, size, leaf, path, badRoot), "root bit");
        var badLeaf = (byte[])leaf.Clone();
        badLeaf[0] ^= 0x01;
        Assert.False(MerkleProof.VerifyInclusion(index, size, badLeaf, path, root), "leaf bit");
    }

    [Theory]
    [MemberData(nameof(ConsistencyCases))]
    public void Tampered_consistency_proofs_fail(int m, int n)
    {
        byte[] r1 = Tree20.RootAt(m);
        byte[] r2 = Tree20.RootAt(n);
        var proof = Tree20.ConsistencyProof(m, n);
        Assert.True(MerkleProof.VerifyConsistency(m, n, r1, r2, proof));

        for (int k = 0; k < proof.Count; k++)
        {
            var flipped = proof.Select(p => (byte[])p.Clone()).ToList();
            flipped[k][31 - (k % 32)] ^= 0x40;
            Assert.False(MerkleProof.VerifyConsistency(m, n, r1, r2, flipped), $"bit flip in element {k}");
        }
        Assert.False(MerkleProof.VerifyConsistency(m, n, r1, r2, proof.Take(proof.Count - 1).ToList()), "truncated");
        Assert.False(MerkleProof.VerifyConsistency(m, n, r1, r2, [.. proof, r2]), "extra root");
        Assert.False(MerkleProof.VerifyConsistency(m, n, r1, r2, [.. proof, proof[^1]]), "extra repeat");
        Assert.False(MerkleProof.VerifyConsistency(m, n, r1, r2, [r1, .. proof]), "prepended first root");
        Assert.False(MerkleProof.VerifyConsistency(m, n, r1, r2, []), "empty");
        if (n < 20)
        {
            Assert.False(MerkleProof.VerifyConsistency(m, n + 1, r1, Tree20.RootAt(n + 1), proof), "size2 + 1");
        }
        Assert.False(MerkleProof.VerifyConsistency(m, n - 1, r1, Tree20.RootAt(n - 1), proof), "size2 - 1");
        Assert.False(MerkleProof.VerifyConsistency(m + 1, n, Tree20.RootAt(m + 1), r2, proof), "size1 + 1");
        if (m > 1)
        {
            Assert.False(MerkleProof.VerifyConsistency(m - 1, n, Tree20.RootAt(m - 1), r2, proof), "size1 - 1");
        }
        Assert.False(MerkleProof.VerifyConsistency(n, m, r2, r1, proof), "sizes swapped");
        // A root of a rewritten history: leaf 0 replaced.
        var rewritten = TreeOf([[0xff], .. Data20.Skip(1).Take(n - 1)]);
        Assert.False(MerkleProof.VerifyConsistency(m, n, r1, rewritten.RootAt(n), rewritten.ConsistencyProof(m, n)), "rewritten history");
        var badR1 = (byte[])r1.Clone();
        badR1[0] ^= 1;
        Assert.False(MerkleProof.VerifyConsistency(m, n, badR1, r2, proof), "first root bit");
    }

    [Fact]
    public void Consistency_between_equal_sizes_needs_an_empty_proof_and_equal_roots()
    {
        byte[] r = Tree20.RootAt(5);
        Assert.True(MerkleProof.VerifyConsistency(5, 5, r, r, []));
        Assert.False(MerkleProof.VerifyConsistency(5, 5, r, r, [r]));
        Assert.False(MerkleProof.VerifyConsistency(5, 5, r, Tree20.RootAt(6), []));
    }

    [Fact]
    public void Consistency_from_the_empty_tree_is_rejected()
    {
        Assert.False(MerkleProof.VerifyConsistency(0, 5, MerkleHash.Empty, Tree20.RootAt(5), []));
    }

    [Fact]
    public void Proof_elements_of_the_wrong_length_fail()
    {
        var path = Tree20.InclusionProof(3, 11);
        path[1] = path[1][..31];
        Assert.False(MerkleProof.VerifyInclusion(3, 11, MerkleHash.Leaf(Data20[3]), path, Tree20.RootAt(11)));
    }

    [Fact]
    public void A_large_tree_answers_proofs_for_any_size()
    {
        // Given a tree of 100,003 leaves
        var tree = new MerkleTree();
        var range = new CompactRange();
        Span<byte> leaf = stackalloc byte[32];
        for (int i = 0; i < 100_003; i++)
        {
            BitConverter.TryWriteBytes(leaf, i);
            tree.AppendLeafHash(leaf);
            range.Append(leaf);
        }
        // Then the stored tree agrees with the compact range, and proofs at odd sizes verify
        Assert.Equal(range.Root(), tree.Root());
        foreach (long size in new long[] { 1, 2, 65_537, 99_999, 100_003 })
        {
            long index = size / 3;
            Assert.True(MerkleProof.VerifyInclusion(index, size, tree.LeafHash(index), tree.InclusionProof(index, size), tree.RootAt(size)));
            Assert.True(size == 1 || MerkleProof.VerifyConsistency(size / 2 + 1, size, tree.RootAt(size / 2 + 1), tree.RootAt(size), tree.ConsistencyProof(size / 2 + 1, size)));
        }
    }
}
