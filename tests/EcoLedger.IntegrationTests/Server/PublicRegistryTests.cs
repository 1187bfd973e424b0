using System.Net;
using EcoLedger.Audit;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>The public registry view: no sign-in; retirements with serials, beneficiaries and proofs that verify against the published key.</summary>
public sealed class PublicRegistryTests
{
    [Fact]
    public void A_retirement_is_published_with_its_serials_beneficiary_and_a_proof_that_verifies_offline()
    {
        using var server = new ServerTestHost();
        server.Seed();
        server.Ok("farm", HttpMethod.Post, "/api/credits/retire", new { quantity = 25, beneficiary = "Yichun forestry bureau", purpose = "2024 offset" }, "r-pub");

        var retirements = server.Send(null, HttpMethod.Get, "/api/public/retirements").Json!.AsArray();
        var checkpoint = server.Send(null, HttpMethod.Get, "/api/public/checkpoint").Json!;
        var projects = server.Send(null, HttpMethod.Get, "/api/public/projects").Json!.AsArray();
        var issuances = server.Send(null, HttpMethod.Get, "/api/public/issuances").Json!.AsArray();

        var r = Assert.Single(retirements)!;
        Assert.Equal("farm", r["holder"]!.GetValue<string>());
        Assert.Equal("Yichun forestry bureau", r["beneficiary"]!.GetValue<string>());
        Assert.Equal(25L, r["quantity"]!.GetValue<long>());
        // farm holds 101-1000; the lowest 25 serials go: 101-125
        Assert.Equal("ECO-YC-P1-20230101-20231231-101-125", Assert.Single(r["serials"]!.AsArray())!.GetValue<string>());
        var proof = ProofFiles.ParseInclusion(System.Text.Encoding.UTF8.GetBytes(r["proof"]!.ToJsonString()));
        Assert.Equal(r["seq"]!.GetValue<long>(), proof.Event.Seq);
        var trusted = SignedCheckpoint.Parse(System.Text.Encoding.UTF8.GetBytes(checkpoint["checkpoint"]!.ToJsonString()));
        Assert.Null(ProofFiles.VerifyInclusion(proof, trusted, checkpoint["public_key"]!.GetValue<string>()));
        Assert.Equal("registered", Assert.Single(projects)!["state"]!.GetValue<string>());
        Assert.Equal(1000L, Assert.Single(issuances)!["quantity"]!.GetValue<long>());
        Assert.Equal(100L, issuances[0]!["buffer"]!.GetValue<long>());
    }

    [Fact]
    public void The_registry_page_is_plain_HTML_without_script_under_a_strict_CSP()
    {
        using var server = new ServerTestHost();
        server.Seed();

        var page = server.Send(null, HttpMethod.Get, "/registry");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("text/html; charset=utf-8", page.Headers["Content-Type"]);
        Assert.Equal("default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            page.Headers["Content-Security-Policy"]);
        Assert.Equal("nosniff", page.Headers["X-Content-Type-Options"]);
        Assert.Equal("DENY", page.Headers["X-Frame-Options"]);
        Assert.DoesNotContain("<script", page.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", page.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", page.Text, StringComparison.Ordinal);
        Assert.Contains("<td>ECO-YC-P1-20230101-20231231-1-1000</td>", page.Text, StringComparison.Ordinal);
        Assert.Contains("-----BEGIN PUBLIC KEY-----", page.Text, StringComparison.Ordinal);
    }
}
