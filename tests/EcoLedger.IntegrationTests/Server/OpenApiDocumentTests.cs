using System.Net;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// The OpenAPI document the server serves is the one checked in (docs/openapi.json): a change to an endpoint fails here until the
/// document is regenerated (ECOLEDGER_UPDATE_GOLDEN=1 or UPDATE_GOLDEN=1) and the diff reviewed.
/// </summary>
public sealed class OpenApiDocumentTests
{
    [Fact]
    public void The_served_document_is_the_checked_in_one()
    {
        using var server = new ServerTestHost();
        var served = server.Send(null, HttpMethod.Get, "/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, served.Status);
        string actual = served.Text.ReplaceLineEndings("\n").TrimEnd() + "\n";
        string path = CliRunner.Repo("docs", "openapi.json");
        if (Environment.GetEnvironmentVariable("ECOLEDGER_UPDATE_GOLDEN") == "1" || Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
        }
        Assert.True(File.Exists(path), $"{path} is missing; run with ECOLEDGER_UPDATE_GOLDEN=1 to create it, then review it.");
        string expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.True(expected == actual, $"The served OpenAPI document differs from {path}; run with ECOLEDGER_UPDATE_GOLDEN=1 to accept, then review the diff.");
        // It documents every ledger verb and the roles of each
        foreach (var p in new[] { "/api/credits/transfer", "/api/credits/retire", "/api/credits/pledge", "/api/credits/release", "/api/balances", "/api/history",
            "/api/supply", "/api/audit/checkpoint", "/api/audit/proofs/{seq}", "/api/audit/export", "/api/public/retirements", "/api/tokens" })
        {
            Assert.Contains($"\"{p}\"", actual, StringComparison.Ordinal);
        }
        Assert.Contains("Roles: holder, project_owner.", actual, StringComparison.Ordinal);
    }

    [Fact]
    public void The_API_reference_page_loads_nothing_from_outside_the_server()
    {
        using var server = new ServerTestHost();

        var page = server.Send(null, HttpMethod.Get, "/scalar/");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("<html", page.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", page.Text);
    }
}
