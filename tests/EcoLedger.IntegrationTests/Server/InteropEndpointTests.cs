using System.Net;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>The registry's Article 6 and CAD Trust endpoints run the same commands as the CLI and name refused fields as the request does.</summary>
public sealed class InteropEndpointTests
{
    [Fact]
    public void The_registry_authorizes_an_issuance_and_a_withdrawal_after_the_first_transfer_is_refused_with_the_CLIs_sentence()
    {
        using var server = new ServerTestHost();
        server.Seed(); // P1 registered, R2023 issued
        string reg = server.TokenOf("reg");

        var authorized = server.Ok("reg", HttpMethod.Post, "/api/issuances/R2023/authorize", new { reference = "LoA-CN-2025-007", on = "2025-03-01" });
        server.Ok("reg", HttpMethod.Post, "/api/issuances/R2023/first-transfer", new { on = "2025-06-30", basis = "international_transfer" });
        var withdraw = server.Send(reg, HttpMethod.Post, "/api/issuances/R2023/withdraw-authorization", new { reference = "W", on = "2025-07-01" });
        var badCountry = server.Send(reg, HttpMethod.Put, "/api/projects/P1/description",
            new { name = "P", host_country = "XX", sector = "S", project_type = "T", methodology = "M" });

        Assert.Equal("interop.authorization_changed", authorized!["kind"]!.GetValue<string>());
        Assert.Equal("pending", authorized["payload"]!["adjustment_to"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode)422, withdraw.Status);
        Assert.Equal("Issuance 'R2023' is in state 'authorized (first transferred 2025-06-30)', where trigger 'withdraw' is not allowed (actor 'reg').",
            withdraw.Json!["detail"]!.GetValue<string>());
        Assert.Contains("host_country 'XX' is not an ISO 3166-1 alpha-2 code of a country the CAD Trust lists (e.g. CN).", badCountry.Json!["detail"]!.GetValue<string>());
    }
}
