using EcoLedger.Audit;

namespace EcoLedger.Tests.Audit;

public class MerkleTreeTests
{
    // The eight leaves of the Certificate Transparency test suite. Expected roots computed independently:
    //   python3 -c 'import hashlib; ...' — see make_vectors.py (recursive MTH straight from RFC 6962 §2.1):
    //   0 e3b0c442…, 1 6e340b9c…, … — and they equal the roots published with CT's own tests.
    private static readonly byte[][] Leaves =
        [.. new[] { "", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f" }.Select(Convert.FromHexString)];

    [Theory]
    [InlineData(0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData(1, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")]
    [InlineData(2, "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]
    [InlineData(3, "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77")]
    [InlineData(4, "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")]
    [InlineData(5, "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4")]
    [InlineData(6, "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef")]
    [InlineData(7, "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c")]
    [InlineData(8, "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")]
    public void Root_of_the_first_n_CT_leaves_is_the_hand_checked_value(int n, string expected)
    {
        var tree = new MerkleTree();
        var range = new CompactRange();
        foreach (var leaf in Leaves.Take(n))
        {
            tree.AppendData(leaf);
            range.Append(MerkleHash.Leaf(leaf));
        }
        Assert.Equal(expected, Convert.ToHexStringLower(tree.Root()));
        Assert.Equal(expected, Convert.ToHexStringLower(range.Root()));
        Assert.Equal(expected, Convert.ToHexStringLower(MerkleHash.RootOf(Leaves.Take(n).ToList())));
    }

    [Fact]
    public void Root_at_an_earlier_size_equals_the_root_of_that_prefix()
    {
        var tree = new MerkleTree();
        foreach (var leaf in Leaves)
        {
            tree.AppendData(leaf);
        }
        for (int n = 0; n <= 8; n++)
        {
            Assert.Equal(MerkleHash.RootOf(Leaves.Take(n).ToList()), tree.RootAt(n));
        }
    }

    [Fact]
    public void Empty_tree_root_is_sha256_of_nothing()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(new MerkleTree().Root()));
    }

    [Fact]
    public void Leaf_and_node_hashes_use_the_domain_prefixes()
    {
        // python3 -c "import hashlib; print(hashlib.sha256(b'\\x00').hexdigest())" gives 6e340b9c…; the node is SHA-256(0x01 ‖ 64 zero bytes).
        Assert.Equal("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", Convert.ToHexStringLower(MerkleHash.Leaf([])));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([0x01, .. new byte[64]])),
            Convert.ToHexStringLower(MerkleHash.Node(new byte[32], new byte[32])));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    [InlineData(5, 4)]
    [InlineData(8, 4)]
    [InlineData(9, 8)]
    [InlineData(1_000_000, 524_288)]
    public void Split_point_is_the_largest_power_of_two_below_n(long n, long k)
    {
        Assert.Equal(k, MerkleHash.SplitPoint(n));
    }

    [Fact]
    public void Stored_tree_compact_range_and_definition_agree_for_every_size_up_to_70()
    {
        var rng = new Random(7);
        var data = Enumerable.Range(0, 70).Select(_ => { var b = new byte[rng.Next(0, 40)]; rng.NextBytes(b); return b; }).ToList();
        var tree = new MerkleTree();
        var range = new CompactRange();
        for (int n = 1; n <= data.Count; n++)
        {
            tree.AppendData(data[n - 1]);
            range.Append(MerkleHash.Leaf(data[n - 1]));
            byte[] expected = MerkleHash.RootOf(data.Take(n).ToList());
            Assert.Equal(expected, tree.Root());
            Assert.Equal(expected, range.Root());
        }
    }
}
