using EcoLedger.Audit;

namespace EcoLedger.Tests.Audit;

public class TlogCheckpointTests
{
    [Fact]
    public void Should_read_the_example_of_the_tlog_checkpoint_specification()
    {
        const string text = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

        var cp = TlogCheckpoint.Parse(text);

        Assert.Equal("example.com/behind-the-sofa", cp.Origin);
        Assert.Equal(20852163, cp.TreeSize);
        Assert.Equal("0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62", cp.RootHex);
        Assert.Empty(cp.Extensions);
        Assert.Equal(text, cp.Text);
    }

    [Fact]
    public void Should_write_a_ledger_checkpoint_as_origin_size_and_base64_root()
    {
        // MTH of the empty tree, e3b0c442…b855, is 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= in base64
        var cp = TlogCheckpoint.From(new Checkpoint("yichun-registry", 0, Convert.ToHexStringLower(MerkleHash.Empty), DateTimeOffset.UnixEpoch));

        Assert.Equal("ecoledger/yichun-registry\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", cp.Text);
    }

    [Theory]
    [InlineData("plain-id", "ecoledger/plain-id")]
    [InlineData("a+b", "ecoledger/a%2Bb")]
    [InlineData("a%2Bb", "ecoledger/a%252Bb")]
    public void Should_derive_an_origin_without_plus_that_keeps_ledger_ids_apart(string ledgerId, string origin)
    {
        Assert.Equal(origin, TlogCheckpoint.OriginFor(ledgerId));
        Assert.True(NoteVerifierKey.IsValidName(origin));
    }

    [Theory]
    [InlineData("o\n12\n", "Not a checkpoint: it has 2 lines; a checkpoint has origin, tree size and root hash.")]
    [InlineData("o\n012\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", "Not a checkpoint: line 2 (tree size) '012' is not a decimal number without leading zeros.")]
    [InlineData("o\n-1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", "Not a checkpoint: line 2 (tree size) '-1' is not a decimal number without leading zeros.")]
    [InlineData("o\n1\nAAAA\n", "Not a checkpoint: line 3 (root hash) is not the base64 of 32 bytes.")]
    [InlineData("\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", "Not a checkpoint: line 1 (origin) is empty.")]
    [InlineData("o\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\nx\n", "Not a checkpoint: an extension line is empty.")]
    public void Should_refuse_a_malformed_checkpoint_naming_the_line(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => TlogCheckpoint.Parse(text)).Message);
    }
}
