using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>Writes are limited per token and unauthenticated requests per address; the excess gets 429 and nothing is written.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public void Writes_beyond_the_limit_per_token_get_429_and_write_nothing()
    {
        using var server = new ServerTestHost(settings: new Dictionary<string, string> { ["EcoLedger:WritesPerMinute"] = "3" });
        string reg = server.AdminToken;

        var statuses = Enumerable.Range(1, 4)
            .Select(i => server.Send(reg, HttpMethod.Post, "/api/participants", new { id = $"h{i}", role = "holder" }))
            .ToList();
        var read = server.Send(reg, HttpMethod.Get, "/api/participants");

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses.Select(s => s.Status).ToArray());
        Assert.Equal("60", statuses[3].Headers["Retry-After"]);
        Assert.Equal("urn:ecoledger:problem:rate-limited", statuses[3].Json!["type"]!.GetValue<string>());
        // reads are not limited, and h4 was never added: reg, h1, h2, h3
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(["h1", "h2", "h3", "reg"], read.Json!.AsArray().Select(p => p!["id"]!.GetValue<string>()).ToArray());
    }

    [Fact]
    public void Requests_without_a_valid_token_are_limited_per_address()
    {
        using var server = new ServerTestHost(settings: new Dictionary<string, string> { ["EcoLedger:AnonymousRequestsPerMinute"] = "2" });

        var statuses = Enumerable.Range(1, 3).Select(_ => server.Send("eco_0123456789abcdef_" + new string('1', 64), HttpMethod.Get, "/api/balances").Status).ToArray();

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public void A_flood_of_bad_tokens_logs_a_few_failures_per_address_and_counts_the_rest_in_one_entry()
    {
        using var server = new ServerTestHost(settings: new Dictionary<string, string>
        {
            ["EcoLedger:AnonymousRequestsPerMinute"] = "1000",
            ["EcoLedger:AuthFailuresLoggedPerMinute"] = "3",
        });
        string reg = server.AdminToken;
        int before = server.Ok("reg", HttpMethod.Get, "/api/security-log")!.AsArray().Count;

        var statuses = Enumerable.Range(1, 25)
            .Select(i => server.Send($"eco_{i:x16}_" + new string('1', 64), HttpMethod.Get, "/api/balances").Status).ToArray();
        server.Services.GetRequiredService<EcoLedger.Server.Auth.FailureLogLimit>().Sweep(all: true); // as when the minute is over

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s)); // every one is still refused
        var log = server.Send(reg, HttpMethod.Get, "/api/security-log").Json!.AsArray().Skip(before).Select(e => e!).ToList();
        // 3 entries name their token ids (1, 2, 3), the other 22 failures are one entry with their count
        Assert.Equal(["auth.failed", "auth.failed", "auth.failed", "auth.failed_suppressed"], log.Select(e => e["kind"]!.GetValue<string>()).ToArray());
        Assert.Equal(["0000000000000001", "0000000000000002", "0000000000000003"], log.Take(3).Select(e => e["credential"]!.GetValue<string>()).ToArray());
        var summary = System.Text.Json.Nodes.JsonNode.Parse(log[3]["detail"]!.GetValue<string>())!;
        Assert.Equal("22", summary["count"]!.GetValue<string>());
        Assert.Equal("3", summary["logged"]!.GetValue<string>());
        Assert.True(server.Ok("auditor", HttpMethod.Get, "/api/security-log/verify")!["verified"]!.GetValue<bool>());
    }
}
