using EcoLedger.Audit;

namespace EcoLedger.Tests.Audit;

/// <summary>
/// Verifier keys, private keys and cosignature/v1. Vectors: golang.org/x/mod/sumdb/note (TestNewVerifier), transparency-dev/formats
/// note_cosigv1_test.go (TestCoSigV1NewVerifier, TestCosignatureTimestamp), and make_note_vectors.py (Python's `cryptography`,
/// written from the specification alone) for a cosignature of the tlog-checkpoint specification's example checkpoint.
/// </summary>
public class NoteKeyTests
{
    private const string SpecCheckpoint = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    // make_note_vectors.py: PeterNeumann's seed as witness.example.com/w1, cosigning SpecCheckpoint at 1679315147 (2023-03-20T12:25:47Z)
    private const string WitnessVkey = "witness.example.com/w1+d46a2b1b+BBpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private const string WitnessCosignature = "— witness.example.com/w1 1GorGwAAAABkGFDLJeR//pqzhnEKVvEm2wWbh2RJ6oru5+cUUfm5X9NnlaGr8aSH9QE5RVZD4QGlxl2F5UpVIIi94p178KLfqPPsAA==";

    [Fact]
    public void Should_refuse_every_truncation_and_every_changed_character_of_a_vkey_as_go_does()
    {
        const string vkey = SignedNoteTests.PeterVkey;
        Assert.Equal(0xc74f20a3u, NoteVerifierKey.Parse(vkey).KeyId);
        int accepted = 0;
        for (int i = 0; i <= vkey.Length; i++)
        {
            for (int j = i + 1; j <= vkey.Length; j++)
            {
                if ((i != 0 || j != vkey.Length) && TryParse(vkey[i..j]))
                {
                    accepted++;
                }
            }
        }
        for (int i = 0; i < vkey.Length; i++)
        {
            if (TryParse(vkey[..i] + (char)(vkey[i] + 1) + vkey[(i + 1)..]))
            {
                accepted++;
            }
        }
        Assert.Equal(0, accepted);
    }

    [Theory]
    [InlineData("TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6", null)]
    [InlineData("remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2", null)]
    [InlineData("bananas.sigstore.dev+12344556", "'bananas.sigstore.dev+12344556' is not a verifier key (expected name+keyid+base64, three parts separated by '+').")]
    [InlineData("rekor.sigstore.dev+12345678+AwEB", "Verifier key 'rekor.sigstore.dev+12345678+AwEB': Signature type 0x03 is not supported (0x01 Ed25519, 0x04 cosignature/v1).")]
    [InlineData("PeterNeumann+00000000+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "Verifier key 'PeterNeumann+00000000+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW': the key id 00000000 does not match its name and key (expected c74f20a3).")]
    public void Should_read_real_vkeys_and_refuse_broken_ones_as_transparency_dev_does(string vkey, string? error)
    {
        if (error is null)
        {
            Assert.Equal(vkey, NoteVerifierKey.Parse(vkey).ToString());
        }
        else
        {
            Assert.Equal(error, Assert.Throws<FormatException>(() => NoteVerifierKey.Parse(vkey)).Message);
        }
    }

    [Fact]
    public void Should_read_the_timestamp_of_a_real_cosignature()
    {
        // transparency-dev/formats TestCosignatureTimestamp: key id 0x646846b9, time 1727964367
        var line = SignedNote.ParseSignatureLines("— w ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==\n")[0];
        var ed25519 = SignedNote.ParseSignatureLines("— w eQjRQm6eSKzFoiYalgwCPXu2y3ijtg68is9M46JKxuZB+dRfTmeQeDBoXnvxZx2ugnkyV+MUMLXpWs1hPb/W/4xkNQY=\n")[0];

        Assert.Equal(0x646846b9u, line.KeyId);
        Assert.Equal(1727964367L, NoteVerifierKey.CosignatureTime(line.Signature));
        Assert.Null(NoteVerifierKey.CosignatureTime(ed25519.Signature));
    }

    [Fact]
    public void Should_cosign_the_spec_checkpoint_byte_for_byte_as_the_independent_vector()
    {
        using var peter = NoteKey.ParsePrivate(SignedNoteTests.PeterSkey);
        using var witness = NoteKey.FromSeed("witness.example.com/w1", Convert.FromBase64String("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz").AsSpan(1));

        var cosignature = witness.Cosign(SpecCheckpoint, DateTimeOffset.FromUnixTimeSeconds(1679315147));

        Assert.Equal(WitnessCosignature, cosignature.Line);
        Assert.Equal(WitnessVkey, witness.CosignatureKey.ToString());
        Assert.True(witness.CosignatureKey.PublicKey.SequenceEqual(peter.VerifierKey.PublicKey));
    }

    [Fact]
    public void Should_verify_a_cosignature_only_over_the_text_it_cosigned_and_not_as_a_plain_note_signature()
    {
        var key = NoteVerifierKey.Parse(WitnessVkey);
        var note = SignedNote.Parse(SpecCheckpoint + "\n" + WitnessCosignature + "\n");
        var changed = SignedNote.Parse(SpecCheckpoint.Replace("20852163", "20852164", StringComparison.Ordinal) + "\n" + WitnessCosignature + "\n");
        var asNoteKey = new NoteVerifierKey(key.Name, NoteVerifierKey.Ed25519Type, key.PublicKey);

        Assert.Equal([key], note.Verify([key]).Verified);
        Assert.Equal("the signature of witness.example.com/w1+d46a2b1b does not verify", changed.Verify([key]).Failure);
        // the type is part of the key id, so the same key as a type 0x01 key does not even match the line
        Assert.StartsWith("no signature of a known key", note.Verify([asNoteKey]).Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_write_a_private_key_file_with_mode_0600_and_refuse_to_overwrite_it()
    {
        string dir = Directory.CreateTempSubdirectory("ecoledger-notekey-").FullName;
        try
        {
            string path = Path.Combine(dir, "w.key");
            using var key = NoteKey.Generate("witness.example/w1");
            key.Save(path);

            using var loaded = NoteKey.Load(path);

            Assert.Equal(key.CosignatureKey, loaded.CosignatureKey);
            Assert.Throws<IOException>(() => key.Save(path));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
                Assert.Contains("it must be readable by its owner only (chmod 600)", Assert.Throws<InvalidOperationException>(() => NoteKey.Load(path)).Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Should_derive_the_same_note_key_from_the_same_checkpoint_key_and_different_ones_per_origin_or_key()
    {
        using var a = TestJournal.NewSigner();
        using var b = TestJournal.NewSigner();

        using var a1 = a.DeriveNoteKey("ecoledger/one");
        using var a1Again = a.DeriveNoteKey("ecoledger/one");
        using var a2 = a.DeriveNoteKey("ecoledger/two");
        using var b1 = b.DeriveNoteKey("ecoledger/one");

        Assert.Equal(a1.VerifierKey, a1Again.VerifierKey);
        Assert.Equal("ecoledger/one", a1.Name);
        Assert.False(a1.VerifierKey.PublicKey.SequenceEqual(a2.VerifierKey.PublicKey));
        Assert.False(a1.VerifierKey.PublicKey.SequenceEqual(b1.VerifierKey.PublicKey));
    }

    private static bool TryParse(string vkey)
    {
        try
        {
            NoteVerifierKey.Parse(vkey);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
