using EcoLedger.Audit;

namespace EcoLedger.Tests.Audit;

/// <summary>
/// Signed notes against the vectors of c2sp.org/signed-note and of golang.org/x/mod/sumdb/note's note_test.go (TestSign, TestOpen),
/// so interoperability with Go's reference implementation is checked on its own bytes.
/// </summary>
public class SignedNoteTests
{
    // golang.org/x/mod/sumdb/note note_test.go
    internal const string PeterSkey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    internal const string PeterVkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private const string EnochVkey = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
    private const string Text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
    private const string PeterSig = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    private const string EnochSig = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    private static readonly NoteVerifierKey Peter = NoteVerifierKey.Parse(PeterVkey);
    private static readonly NoteVerifierKey Enoch = NoteVerifierKey.Parse(EnochVkey);

    [Fact]
    public void Should_verify_the_example_of_the_signed_note_specification()
    {
        var key = NoteVerifierKey.Parse("example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k");
        var note = SignedNote.Parse("This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n");

        var result = note.Verify([key]);

        Assert.Null(result.Failure);
        Assert.Equal([key], result.Verified);
        Assert.Equal("This is an example message.\n", note.Text);
        Assert.Equal(0x530d903au, note.Signatures[0].KeyId);
    }

    [Fact]
    public void Should_sign_byte_for_byte_as_gos_TestSign()
    {
        using var key = NoteKey.ParsePrivate(PeterSkey);

        var note = SignedNote.Create(Text, [key.Sign(Text)]);

        Assert.Equal(Text + "\n" + PeterSig, note.ToString());
        Assert.Equal(PeterVkey, key.VerifierKey.ToString());
        Assert.Equal(PeterSkey, key.ToPrivateString());
    }

    [Fact]
    public void Should_verify_the_known_key_and_ignore_the_unknown_one_as_gos_TestOpen()
    {
        var note = SignedNote.Parse(Text + "\n" + PeterSig + EnochSig);

        Assert.Equal(2, note.Signatures.Count);
        Assert.Equal([Peter], note.Verify([Peter]).Verified);
        Assert.Equal([Peter, Enoch], note.Verify([Peter, Enoch]).Verified);
        Assert.Equal(Text + "\n" + PeterSig + EnochSig, note.ToString());
    }

    [Fact]
    public void Should_reject_a_note_with_no_signature_of_a_known_key()
    {
        var note = SignedNote.Parse(Text + "\n" + PeterSig + EnochSig);

        var result = note.Verify([]);

        Assert.Empty(result.Verified);
        Assert.Equal("no signature of a known key: no key is known", result.Failure);
    }

    [Fact]
    public void Should_ignore_a_signature_that_shares_only_the_name_or_only_the_key_id_of_a_known_key()
    {
        // signed-note: verifiers MUST ignore signatures from unknown keys, even if they share a name or ID (but not both) with a known key
        string otherId = PeterSig.Replace("x08g", "xxxx", StringComparison.Ordinal);
        string otherName = PeterSig.Replace("PeterNeumann", "CarmenSandiego", StringComparison.Ordinal);

        var note = SignedNote.Parse(Text + "\n" + otherId + otherName + PeterSig);

        Assert.Null(note.Verify([Peter]).Failure);
        Assert.Equal([Peter], note.Verify([Peter]).Verified);
        Assert.Equal("no signature of a known key: known PeterNeumann+c74f20a3", SignedNote.Parse(Text + "\n" + otherId + otherName).Verify([Peter]).Failure);
    }

    [Fact]
    public void Should_reject_the_whole_note_when_a_known_keys_signature_does_not_verify()
    {
        // Go's TestOpen "Invalid signature": four characters inserted into Peter's signature
        var note = SignedNote.Parse(Text + "\n" + PeterSig[..60] + "ABCD" + PeterSig[60..]);

        var result = note.Verify([Peter]);

        Assert.Empty(result.Verified);
        Assert.Equal("the signature of PeterNeumann+c74f20a3 does not verify", result.Failure);
    }

    [Theory]
    [InlineData("no-signatures", "Malformed note: no blank line separates the text from the signatures.")]
    [InlineData("blank-only", "Malformed note: it has no signature lines after the blank line.")]
    [InlineData("no-final-newline", "Malformed note: it does not end with a newline.")]
    [InlineData("control", "Malformed note: control character U+0001 at character 1 (only the newline is allowed).")]
    [InlineData("name-with-space", "Malformed note: signature line 1 is not '— <key name> <base64 signature>' (the signature is not canonical base64).")]
    [InlineData("unexpected-line", "Malformed note: signature line 2 does not start with '— ' (em dash, space).")]
    [InlineData("name-with-plus", "Malformed note: signature line 1 has an invalid key name 'Peter+Neumann' (non-empty, no spaces, no '+').")]
    [InlineData("short-signature", "Malformed note: the signature on line 1 has 3 bytes; it needs a 4-byte key id and a signature.")]
    [InlineData("whitespace-in-base64", "Malformed note: signature line 1 is not '— <key name> <base64 signature>' (the signature is not canonical base64).")]
    public void Should_refuse_a_malformed_note_naming_what_is_wrong(string kind, string message)
    {
        // the first five are Go's TestOpen badMsgs
        string note = kind switch
        {
            "no-signatures" => Text,
            "blank-only" => Text + "\n",
            "no-final-newline" => Text + "\n" + PeterSig[..^1],
            "control" => "\x01" + Text + "\n" + PeterSig,
            "name-with-space" => Text + "\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n",
            "unexpected-line" => Text + "\n" + PeterSig + "Unexpected line.\n",
            "name-with-plus" => Text + "\n" + PeterSig.Replace("PeterNeumann", "Peter+Neumann", StringComparison.Ordinal),
            "short-signature" => Text + "\n— PeterNeumann AAAA\n",
            "whitespace-in-base64" => Text + "\n" + PeterSig.Replace("x08go/", "x08g o/", StringComparison.Ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        var e = Assert.Throws<FormatException>(() => SignedNote.Parse(note));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Should_refuse_invalid_utf8_and_more_than_100_signatures()
    {
        byte[] invalid = [0xff, .. System.Text.Encoding.UTF8.GetBytes(Text + "\n" + PeterSig)];
        Assert.Equal("Malformed note: it is not valid UTF-8.", Assert.Throws<FormatException>(() => SignedNote.Parse(invalid)).Message);

        Assert.Equal(100, SignedNote.Parse(Text + "\n" + string.Concat(Enumerable.Repeat(PeterSig, 100))).Signatures.Count);
        Assert.Equal("Malformed note: 101 signature lines, more than the 100 accepted.",
            Assert.Throws<FormatException>(() => SignedNote.Parse(Text + "\n" + string.Concat(Enumerable.Repeat(PeterSig, 101)))).Message);
    }

    [Fact]
    public void Should_separate_the_text_at_the_last_blank_line_so_the_text_may_contain_blank_lines()
    {
        using var key = NoteKey.ParsePrivate(PeterSkey);
        const string text = "first paragraph\n\nsecond paragraph\n";

        var note = SignedNote.Parse(SignedNote.Create(text, [key.Sign(text)]).ToString());

        Assert.Equal(text, note.Text);
        Assert.Null(note.Verify([key.VerifierKey]).Failure);
    }
}
