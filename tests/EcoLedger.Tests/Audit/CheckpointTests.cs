using System.Text;
using System.Text.Json;
using EcoLedger.Audit;

namespace EcoLedger.Tests.Audit;

public class CheckpointTests
{
    private static readonly JsonElement Vectors = JsonDocument.Parse(File.ReadAllText(TestJournal.SourceFile("vectors.json"))).RootElement;

    [Fact]
    public void Signed_bytes_are_the_five_line_text_of_the_vectors()
    {
        var v = Vectors.GetProperty("checkpoint");
        var cp = new Checkpoint(v.GetProperty("ledger_id").GetString()!, v.GetProperty("tree_size").GetInt64(),
            v.GetProperty("root_hash").GetString()!, new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));
        Assert.Equal(v.GetProperty("signed_text").GetString(), Encoding.ASCII.GetString(cp.ToSignedBytes()));
    }

    [Fact]
    public void A_signature_verifies_with_its_key_and_fails_for_any_changed_field_or_other_key()
    {
        using var signer = TestJournal.NewSigner();
        using var other = TestJournal.NewSigner();
        var cp = new Checkpoint("L", 10, new string('a', 64), new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(8)));
        var signed = signer.Sign(cp);
        Assert.True(signed.VerifySignature(signer.PublicKeyPem));
        Assert.False(signed.VerifySignature(other.PublicKeyPem));
        Assert.False((signed with { Checkpoint = new Checkpoint("L", 11, cp.RootHash, cp.Time) }).VerifySignature(signer.PublicKeyPem));
        Assert.False((signed with { Checkpoint = new Checkpoint("M", 10, cp.RootHash, cp.Time) }).VerifySignature(signer.PublicKeyPem));
        Assert.False((signed with { Checkpoint = new Checkpoint("L", 10, new string('b', 64), cp.Time) }).VerifySignature(signer.PublicKeyPem));
        Assert.False((signed with { Checkpoint = new Checkpoint("L", 10, cp.RootHash, cp.Time.AddTicks(1)) }).VerifySignature(signer.PublicKeyPem));
        Assert.False((signed with { Signature = "not base64!" }).VerifySignature(signer.PublicKeyPem));
    }

    [Fact]
    public void Checkpoint_file_round_trips_as_canonical_json()
    {
        using var signer = TestJournal.NewSigner();
        var signed = signer.Sign(new Checkpoint("L", 3, new string('c', 64), new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));
        byte[] json = signed.ToJson();
        Assert.True(CanonicalJson.IsCanonical(json));
        Assert.StartsWith("{\"checkpoint\":{\"ledger_id\":\"L\",\"root_hash\":\"cccc", Encoding.UTF8.GetString(json));
        Assert.Equal(signed, SignedCheckpoint.Parse(json));
    }

    [Theory]
    [InlineData("", "A ledger id is 1–200 printable ASCII characters without spaces (got \"\"). (Parameter 'LedgerId')")]
    [InlineData("a b", "A ledger id is 1–200 printable ASCII characters without spaces (got \"a b\"). (Parameter 'LedgerId')")]
    [InlineData("a\nb", "A ledger id is 1–200 printable ASCII characters without spaces (got \"a\nb\"). (Parameter 'LedgerId')")]
    public void Ledger_ids_that_could_break_the_signed_text_are_refused(string id, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new Checkpoint(id, 1, new string('a', 64), DateTimeOffset.UnixEpoch));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Root_hash_must_be_64_lowercase_hex_digits()
    {
        Assert.Throws<ArgumentException>(() => new Checkpoint("L", 1, new string('A', 64), DateTimeOffset.UnixEpoch));
        Assert.Throws<ArgumentException>(() => new Checkpoint("L", 1, new string('a', 63), DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void Key_pair_creation_writes_a_0600_private_key_and_a_public_key_that_verifies()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        string dir = Directory.CreateTempSubdirectory("ecoledger-keys-").FullName;
        try
        {
            // Given a new key pair
            string priv = Path.Combine(dir, "ledger.key");
            string pub = Path.Combine(dir, "ledger.pub");
            string pem = LedgerKeys.CreateKeyPair(priv, pub);

            // Then the private key is the owner's only, and signatures made with it verify with the public key
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(priv));
            Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(priv));
            Assert.Equal(pem + "\n", File.ReadAllText(pub));
            Assert.StartsWith("-----BEGIN PUBLIC KEY-----", pem);
            using (var signer = LedgerKeys.LoadSigner(priv))
            {
                var cp = signer.Sign(new Checkpoint("L", 0, Convert.ToHexStringLower(MerkleHash.Empty), DateTimeOffset.UnixEpoch));
                Assert.True(cp.VerifySignature(File.ReadAllText(pub)));
            }
            Assert.Equal(64, LedgerKeys.Fingerprint(pem).Length);

            // And an existing key is never overwritten
            Assert.Throws<IOException>(() => LedgerKeys.CreateKeyPair(priv, pub));

            // And a key others can read is refused
            File.SetUnixFileMode(priv, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var e = Assert.Throws<InvalidOperationException>(() => LedgerKeys.LoadSigner(priv));
            Assert.Equal($"Private key file {priv} has permissions 0644; it must be readable by its owner only (chmod 600).", e.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
