using System.Net;
using System.Security.Cryptography;
using EcoLedger.Ledger;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// A participant signs its command with its own key, outside the server (which never holds it): the EcoLedger-Signature header carries
/// signer, key id and signature over the statement the CLI signs, with the Idempotency-Key as request id.
/// </summary>
public sealed class SignedRequestTests
{
    [Fact]
    public void A_keyed_participant_acts_only_with_a_signature_by_its_own_key()
    {
        using var server = new ServerTestHost();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string ledgerId = BuyerWithKey(server, key);
        var body = new { quantity = 10, beneficiary = "Yichun", purpose = "offset" };
        // The record the server builds from that body, signed here as the buyer's own software would
        var command = new CreditCommand(CreditOperation.Retire, "buyer", 10, Beneficiary: "Yichun", Purpose: "offset", RequestId: "r-signed");
        var signature = CommandSignatures.Sign(key, ledgerId, "buyer", "buyer", "r-signed", command);
        string header = $"signer={signature.Signer}; key-id={signature.KeyId}; signature={signature.Signature}";

        var unsigned = server.Send(server.TokenOf("buyer"), HttpMethod.Post, "/api/credits/retire", body, "r-unsigned");
        var tampered = server.Send(server.TokenOf("buyer"), HttpMethod.Post, "/api/credits/retire", body with { quantity = 11 }, "r-signed",
            new Dictionary<string, string> { ["EcoLedger-Signature"] = header });
        var signed = server.Send(server.TokenOf("buyer"), HttpMethod.Post, "/api/credits/retire", body, "r-signed",
            new Dictionary<string, string> { ["EcoLedger-Signature"] = header });

        Assert.Equal(HttpStatusCode.BadRequest, unsigned.Status);
        Assert.StartsWith("'buyer' has a registered signing key (", unsigned.Json!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith("its commands must be signed with it (the EcoLedger-Signature header), or entered by the registry with the registry's key " +
            "(signer=REGISTRY and the EcoLedger-Signature header).", unsigned.Json!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode)422, tampered.Status);
        Assert.Equal($"the signature by 'buyer' (key {signature.KeyId[..16]}) does not verify over the command", tampered.Json!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, signed.Status);
        Assert.Equal("credits.retired", signed.Json!["kind"]!.GetValue<string>());
        Assert.Equal(90L, server.Ok("buyer", HttpMethod.Get, "/api/balances")![0]!["active"]!.GetValue<long>());
        Assert.True(server.Ok("auditor", HttpMethod.Get, "/api/audit/verify")!["verified"]!.GetValue<bool>());
    }

    [Fact]
    public void An_RFC_9421_signed_request_runs_as_the_participant_and_the_auditor_checks_its_journaled_signature_base_offline()
    {
        using var server = new ServerTestHost();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string ledgerId = BuyerWithKey(server, key);
        const string body = "{\"quantity\":10,\"beneficiary\":\"Yichun\",\"purpose\":\"offset\"}";
        var uri = new Uri("http://localhost/api/credits/retire");
        // What the buyer's own software does: build the record the server will build from this body, and sign the request over its statement
        var command = new CreditCommand(CreditOperation.Retire, "buyer", 10, Beneficiary: "Yichun", Purpose: "offset", RequestId: "r-http");
        byte[] statement = CommandSignatures.StatementOf(ledgerId, "buyer", "buyer", "r-http", command);
        var signed = HttpMessageSignatures.SignRequest(key, "POST", uri, System.Text.Encoding.UTF8.GetBytes(body), statement, DateTimeOffset.UtcNow);
        var stale = HttpMessageSignatures.SignRequest(key, "POST", uri, System.Text.Encoding.UTF8.GetBytes(body), statement, DateTimeOffset.UtcNow.AddMinutes(-10));
        const string inflated = "{\"quantity\":11,\"beneficiary\":\"Yichun\",\"purpose\":\"offset\"}";
        var redigested = new Dictionary<string, string>(signed)
        {
            ["Content-Digest"] = HttpMessageSignatures.ContentDigest(System.Text.Encoding.UTF8.GetBytes(inflated)),
        };

        var changedBody = server.Send(server.TokenOf("buyer"), HttpMethod.Post, "/api/credits/retire", inflated, "r-http", signed);
        var changedDigest = server.Send(server.TokenOf("buyer"), HttpMethod.Post, "/api/credits/retire", inflated, "r-http", redigested);
        var old = server.Send(server.TokenOf("buyer"), HttpMethod.Post, "/api/credits/retire", body, "r-http", stale);
        var ok = server.Send(server.TokenOf("buyer"), HttpMethod.Post, "/api/credits/retire", body, "r-http", signed);

        Assert.Equal(HttpStatusCode.BadRequest, changedBody.Status);
        Assert.Equal("Content-Digest does not match the body received (sha-256 or sha-512, RFC 9530).", changedBody.Json!["detail"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode)422, changedDigest.Status);
        Assert.Equal($"the HTTP message signature by 'buyer' (key {ParticipantKeys.Short(ParticipantKeys.KeyIdOf(key.ExportSubjectPublicKeyInfo()))}) does not " +
            "authorise the command: the HTTP signature covers another command statement than the journaled command's", changedDigest.Json!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, old.Status);
        Assert.StartsWith("Invalid Signature-Input header: created ", old.Json!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith(" is older than the server's clock allows (5 minutes).", old.Json!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, ok.Status);
        Assert.Equal(90L, server.Ok("buyer", HttpMethod.Get, "/api/balances")![0]!["active"]!.GetValue<long>());

        // The journal holds the signature base next to the signature; the ledger verifies offline, signature included
        using var db = EcoLedger.Storage.LedgerDatabase.Open(server.DbPath);
        var accepted = db.JournalEntries().Last(e => e.Kind == CommandSignatures.AcceptedKind);
        var payload = System.Text.Json.Nodes.JsonNode.Parse(accepted.Payload)!;
        Assert.Equal("buyer", payload["signer"]!.GetValue<string>());
        Assert.StartsWith("\"@method\": POST\n\"@target-uri\": http://localhost/api/credits/retire\n\"content-digest\": sha-256=:",
            payload["http_signature_base"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(db.VerifyLive().Verified);
        Assert.True(server.Ok("auditor", HttpMethod.Get, "/api/audit/verify")!["verified"]!.GetValue<bool>());
    }

    /// <summary>The seeded ledger with 100 t moved to the buyer, who registers <paramref name="key"/>; returns the ledger id signatures bind to.</summary>
    private static string BuyerWithKey(ServerTestHost server, ECDsa key)
    {
        server.Seed();
        server.Ok("farm", HttpMethod.Post, "/api/credits/transfer", new { counterparty = "buyer", quantity = 100 }, "t0");
        server.Ok("buyer", HttpMethod.Post, "/api/participants/buyer/keys", new { public_key = Convert.ToBase64String(key.ExportSubjectPublicKeyInfo()) });
        return server.Ok("buyer", HttpMethod.Get, "/api/audit/checkpoint")!["ledger_id"]!.GetValue<string>();
    }
}
