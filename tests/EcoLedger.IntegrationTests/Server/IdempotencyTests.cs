using System.Net;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>The Idempotency-Key header is the runner's request id: a retry returns the original response, a reuse for another body is 409.</summary>
public sealed class IdempotencyTests
{
    [Fact]
    public void The_same_key_and_body_return_the_original_response_and_write_nothing()
    {
        using var server = new ServerTestHost();
        server.Seed();
        var body = new { counterparty = "buyer", quantity = 100, price = "1234.50" };

        var first = server.Send(server.TokenOf("farm"), HttpMethod.Post, "/api/credits/transfer", body, "t-1");
        var retry = server.Send(server.TokenOf("farm"), HttpMethod.Post, "/api/credits/transfer", body, "t-1");

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Created, retry.Status);
        Assert.Equal(first.Text, retry.Text);
        Assert.False(first.Headers.ContainsKey("Idempotent-Replayed"));
        Assert.Equal("true", retry.Headers["Idempotent-Replayed"]);
        Assert.Equal("credits.transferred", first.Json!["kind"]!.GetValue<string>());
        Assert.Equal("farm", first.Json!["actor"]!.GetValue<string>());
        Assert.Equal(123450L, first.Json!["payload"]!["price_fen"]!.GetValue<long>());
        // 900 − 100 = 800 with farm, 100 with the buyer: moved once
        Assert.Equal(800L, server.Ok("farm", HttpMethod.Get, "/api/balances")![0]!["active"]!.GetValue<long>());
        Assert.Equal(100L, server.Ok("buyer", HttpMethod.Get, "/api/balances")![0]!["active"]!.GetValue<long>());
    }

    [Fact]
    public void The_same_key_with_another_body_is_409_and_writes_nothing()
    {
        using var server = new ServerTestHost();
        server.Seed();
        var first = server.Send(server.TokenOf("farm"), HttpMethod.Post, "/api/credits/transfer", new { counterparty = "buyer", quantity = 100 }, "t-1");

        var other = server.Send(server.TokenOf("farm"), HttpMethod.Post, "/api/credits/transfer", new { counterparty = "buyer", quantity = 200 }, "t-1");

        Assert.Equal(HttpStatusCode.Conflict, other.Status);
        Assert.Equal("application/problem+json", other.Headers["Content-Type"]);
        Assert.Equal("urn:ecoledger:problem:idempotency-conflict", other.Json!["type"]!.GetValue<string>());
        long seq = first.Json!["seq"]!.GetValue<long>();
        Assert.Equal($"Request id 't-1' was already used for a different command (journal entry {seq}); nothing was written.",
            other.Json!["detail"]!.GetValue<string>());
        Assert.Equal(100L, server.Ok("buyer", HttpMethod.Get, "/api/balances")![0]!["active"]!.GetValue<long>());
    }

    [Fact]
    public void A_credit_operation_without_an_idempotency_key_is_refused_naming_the_header()
    {
        using var server = new ServerTestHost();
        server.Seed();

        var r = server.Send(server.TokenOf("farm"), HttpMethod.Post, "/api/credits/transfer", new { counterparty = "buyer", quantity = 100 });

        Assert.Equal(HttpStatusCode.BadRequest, r.Status);
        Assert.Equal("This command needs an Idempotency-Key header (1 to 128 visible ASCII characters): it makes a retry safe.", r.Json!["detail"]!.GetValue<string>());
        Assert.Equal("Idempotency-Key", r.Json!["fields"]![0]!.GetValue<string>());
    }
}
