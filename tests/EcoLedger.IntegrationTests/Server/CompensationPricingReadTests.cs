using System.Net;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>Compensation and pricing reads: the CLI's queries over HTTP, a bank seeing the pledges made to it.</summary>
public sealed class CompensationPricingReadTests
{
    [Fact]
    public void A_bank_sees_the_credits_pledged_to_it()
    {
        using var server = new ServerTestHost();
        server.Seed();
        server.Ok("farm", HttpMethod.Post, "/api/credits/pledge", new { counterparty = "bank", quantity = 300 }, "p-1");

        var asBank = server.Ok("bank", HttpMethod.Get, "/api/pricing/pledges")!.AsArray();
        var asHolder = server.Send(server.TokenOf("buyer"), HttpMethod.Get, "/api/pricing/pledges");

        var pledge = Assert.Single(asBank)!;
        Assert.Equal("farm", pledge["borrower"]!.GetValue<string>());
        Assert.Equal("bank", pledge["bank"]!.GetValue<string>());
        var cls = Assert.Single(pledge["classes"]!.AsArray())!;
        Assert.Equal(("P1", "2023-01-01", 300L), (cls["project"]!.GetValue<string>(), cls["vintage_start"]!.GetValue<string>(), cls["tonnes"]!.GetValue<long>()));
        Assert.Equal(HttpStatusCode.Forbidden, asHolder.Status);
    }

    [Fact]
    public void An_unknown_agreement_statement_is_refused_with_the_CLI_sentence()
    {
        using var server = new ServerTestHost();
        server.Seed();

        var r = server.Send(server.TokenOf("bureau"), HttpMethod.Get, "/api/compensation/agreements/A9/statement");
        var payments = server.Ok("auditor", HttpMethod.Get, "/api/compensation/payments")!;

        Assert.Equal((HttpStatusCode)422, r.Status);
        Assert.Equal("Unknown agreement 'A9'.", r.Json!["detail"]!.GetValue<string>());
        Assert.Empty(payments.AsArray());
    }
}
