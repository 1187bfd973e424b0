using System.Security.Cryptography;
using System.Text;
using EcoLedger.Ledger;

namespace EcoLedger.Tests.Ledger;

/// <summary>RFC 9421 as EcoLedger signs and checks it, against the RFC's own example (Appendix B.2.4, key B.1.3) and by round trip.</summary>
public class HttpMessageSignaturesTests
{
    /// <summary>RFC 9421 Appendix B.1.3, test-key-ecc-p256 (public half).</summary>
    private const string RfcP256PublicKey = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEqIVYZVLCrPZHGHjP17CTW0/+D9Lfw0EkjqF7xB4FivAxzic30tMM4GF+hR6Dxh71Z50VGGdldkkDXZCnTNnoXQ==";

    private const string RfcB24Params = "(\"@status\" \"content-type\" \"content-digest\" \"content-length\");created=1618884473;keyid=\"test-key-ecc-p256\"";

    private const string RfcB24Signature = "wNmSUAhwb5LxtOtOpNa6W5xj067m5hFrj0XQ4fvpaCLx0NKocgPquLgyahnzDnDAUy5eCdlYUEkLIj+32oiasw==";

    private const string RfcContentDigest = "sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==:";

    [Fact]
    public void The_signature_base_of_RFC_9421_B_2_4_is_rebuilt_byte_for_byte_and_its_published_signature_verifies()
    {
        var input = SignatureInput.Parse("sig-b24=" + RfcB24Params);
        string signatureBase = HttpMessageSignatures.SignatureBase(
            [("@status", "200"), ("content-type", "application/json"), ("content-digest", RfcContentDigest), ("content-length", "23")], input.Params);

        Assert.Equal("sig-b24", input.Label);
        Assert.Equal(["@status", "content-type", "content-digest", "content-length"], input.Covered);
        Assert.Equal(1618884473L, input.Created);
        Assert.Equal("test-key-ecc-p256", input.KeyId);
        Assert.Equal(
            "\"@status\": 200\n\"content-type\": application/json\n\"content-digest\": " + RfcContentDigest + "\n\"content-length\": 23\n" +
            "\"@signature-params\": " + RfcB24Params, signatureBase);
        Assert.True(HttpMessageSignatures.Verify(RfcP256PublicKey, signatureBase, RfcB24Signature));
        Assert.False(HttpMessageSignatures.Verify(RfcP256PublicKey, signatureBase.Replace("200", "201", StringComparison.Ordinal), RfcB24Signature));
        // The test response's body ({"message": "good dog"}, B.2) has the published sha-512 digest
        Assert.True(HttpMessageSignatures.ContentDigestMatches(RfcContentDigest, "{\"message\": \"good dog\"}"u8));
        Assert.False(HttpMessageSignatures.ContentDigestMatches(RfcContentDigest, "{\"message\": \"bad dog\"}"u8));
    }

    [Fact]
    public void A_signed_request_authorises_exactly_its_statement_and_nothing_else()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string publicKey = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());
        string keyId = ParticipantKeys.KeyIdOf(key.ExportSubjectPublicKeyInfo());
        byte[] statement = Encoding.UTF8.GetBytes("ecoledger-command/v1\n{\"actor\":\"buyer\"}");
        byte[] body = "{\"quantity\":10}"u8.ToArray();
        var headers = HttpMessageSignatures.SignRequest(key, "post", new Uri("https://registry.example/api/credits/retire"), body, statement,
            DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
        var input = SignatureInput.Parse(headers["Signature-Input"]);
        string signature = SignatureInput.SignatureOf(headers["Signature"], input.Label);
        string signatureBase = HttpMessageSignatures.SignatureBase(
            [("@method", "POST"), ("@target-uri", "https://registry.example/api/credits/retire"), ("content-digest", headers["Content-Digest"]),
                ("ecoledger-statement", headers["EcoLedger-Statement"])], input.Params);

        Assert.Equal($"eco=(\"@method\" \"@target-uri\" \"content-digest\" \"ecoledger-statement\");created=1800000000;keyid=\"{keyId}\";alg=\"ecdsa-p256-sha256\"",
            headers["Signature-Input"]);
        Assert.Equal("sha-256=:" + Convert.ToBase64String(SHA256.HashData(body)) + ":", headers["Content-Digest"]);
        Assert.Null(HttpMessageSignatures.CheckCommand(publicKey, keyId, signatureBase, signature, statement));
        Assert.Equal("the HTTP signature covers another command statement than the journaled command's",
            HttpMessageSignatures.CheckCommand(publicKey, keyId, signatureBase, signature, Encoding.UTF8.GetBytes("ecoledger-command/v1\n{\"actor\":\"farm\"}")));
        Assert.Equal("the HTTP message signature does not verify over its signature base",
            HttpMessageSignatures.CheckCommand(publicKey, keyId, signatureBase.Replace("/retire", "/transfer", StringComparison.Ordinal), signature, statement));
        Assert.StartsWith("the HTTP signature parameters name key 'other'",
            HttpMessageSignatures.CheckCommand(publicKey, keyId, signatureBase.Replace(keyId, "other", StringComparison.Ordinal), signature, statement),
            StringComparison.Ordinal);
        Assert.Equal("the HTTP signature base covers 0 'ecoledger-statement' lines, not one",
            HttpMessageSignatures.CheckCommand(publicKey, keyId, signatureBase.Replace("\"ecoledger-statement\": ", "\"x-statement\": ", StringComparison.Ordinal),
                signature, statement));
    }

    [Theory]
    [InlineData("eco=\"@method\";created=1", "Invalid Signature-Input header: the covered components must be an inner list in parentheses.")]
    [InlineData("eco=(\"@method\";req);created=1", "Invalid Signature-Input header: component '@method' has parameters; only plain component identifiers are accepted.")]
    [InlineData("eco=(\"@method\");created=x", "Invalid Signature-Input header: parameter 'created' must be a non-negative integer.")]
    [InlineData("eco=(\"@method\");created=1, two=(\"@path\");created=1", "Invalid Signature-Input header: only one signature per request is accepted.")]
    [InlineData("eco=(\"@method\");color=\"red\"", "Invalid Signature-Input header: unknown parameter 'color'.")]
    [InlineData("Eco=(\"@method\")", "Invalid Signature-Input header: expected LABEL=(\"component\" ...);created=…;keyid=\"…\".")]
    public void A_malformed_signature_input_is_refused_saying_what_is_wrong(string header, string message) =>
        Assert.Equal(message, Assert.Throws<LedgerException>(() => SignatureInput.Parse(header)).Message);
}
