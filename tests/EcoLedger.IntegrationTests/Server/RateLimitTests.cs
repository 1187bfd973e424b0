using System.Net;

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
}
