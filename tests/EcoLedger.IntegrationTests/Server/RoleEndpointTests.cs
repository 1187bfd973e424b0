using System.Net;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// Authorization is the server's, for every endpoint: this table is the specification (who may call what), written independently of
/// the code's own role lists. An allowed call may still be refused by the ledger (400/404/409/422), but never with 401 or 403; every
/// other role gets 403; no token gets 401.
/// </summary>
public sealed class RoleEndpointTests
{
    private const string All = "reg ver farm buyer bank bureau auditor";

    /// <summary>(method, path, body, who may call it). Bodies stay within the caller's own holdings, so 403 comes only from roles.</summary>
    private static readonly (string Method, string Path, object? Body, string Allowed)[] Table =
    [
        ("POST", "/api/participants", new { id = "newcomer", role = "holder" }, "reg"),
        ("POST", "/api/participants/buyer/keys", new { public_key = "not-a-key" }, "reg buyer"),
        ("POST", "/api/participants/buyer/keys/00000000000000000000/revoke", new { reason = "rotation" }, "reg buyer"),
        ("PUT", "/api/signature-policy", new { required = false }, "reg"),
        ("POST", "/api/projects", new { id = "P9", region = "YC", methodology = "M", buffer_pct = 10, period_start = "2020-01-01", period_end = "2030-12-31" }, "farm"),
        ("POST", "/api/projects/P9/submit", null, "farm"),
        ("POST", "/api/projects/P9/validate", null, "ver"),
        ("POST", "/api/projects/P9/register", null, "reg"),
        ("POST", "/api/projects/P9/suspend", null, "reg"),
        ("POST", "/api/projects/P9/reinstate", null, "reg"),
        ("POST", "/api/projects/P9/close", null, "reg"),
        ("POST", "/api/projects/P9/reject", null, "reg ver"),
        ("POST", "/api/projects/P1/reversals", new { quantity = 0, cause = "fire" }, "reg farm"),
        ("POST", "/api/issuances", new { id = "R9", project = "P9", vintage_start = "2023-01-01", vintage_end = "2023-12-31", quantity = 5 }, "farm"),
        ("POST", "/api/issuances/R9/verify", null, "ver"),
        ("POST", "/api/issuances/R9/issue", null, "reg"),
        ("POST", "/api/issuances/R9/reject", null, "reg ver"),
        ("PUT", "/api/projects/P1/description", new { name = "P", host_country = "CN", sector = "S", project_type = "T", methodology = "M" }, "reg"),
        ("POST", "/api/projects/P1/listings", new { registry = "Verra", external_id = "VCS-1" }, "reg"),
        ("POST", "/api/projects/P1/listings/remove", new { registry = "Verra", external_id = "VCS-2", reason = "error" }, "reg"),
        ("POST", "/api/projects/P1/labels", new { id = "L1", label = "ICVCM CCP", label_type = "Certification", approving_body = "ICVCM", approved_on = "2025-01-01",
            valid_from = "2025-01-01", valid_to = "2026-01-01", link = "x" }, "reg"),
        ("POST", "/api/labels/L9/withdraw", new { reason = "test" }, "reg"),
        ("POST", "/api/issuances/R2023/authorize", new { reference = "LoA", on = "2025-01-01" }, "reg"),
        ("POST", "/api/issuances/R2023/designate-contribution", new { reference = "MC", on = "2025-01-01" }, "reg"),
        ("POST", "/api/issuances/R2023/withdraw-authorization", new { reference = "W", on = "2025-01-01" }, "reg"),
        ("POST", "/api/issuances/R2023/first-transfer", new { on = "2025-01-01", basis = "use" }, "reg"),
        ("POST", "/api/issuances/R2023/adjustment-complete", new { reference = "BTR", on = "2025-01-01" }, "reg"),
        ("PUT", "/api/participants/buyer/jurisdiction", new { country = "CN" }, "reg"),
        ("POST", "/api/credits/transfer", new { counterparty = "bank", quantity = 1 }, "farm buyer"),
        ("POST", "/api/credits/retire", new { quantity = 1, beneficiary = "Yichun", purpose = "offset" }, "farm buyer"),
        ("POST", "/api/credits/pledge", new { counterparty = "bank", quantity = 1 }, "farm buyer"),
        ("POST", "/api/credits/release", new { holder = "farm" }, "reg bank"),
        ("POST", "/api/credits/freeze", new { holder = "farm", quantity = 1 }, "reg"),
        ("POST", "/api/credits/unfreeze", new { holder = "farm", quantity = 1 }, "reg"),
        ("POST", "/api/credits/cancel", new { holder = "farm", quantity = 1, reason = "error" }, "reg"),
        ("POST", "/api/credits/surrender", new { holder = "farm", project = "P1", quantity = 1 }, "reg farm"),
        ("POST", "/api/compensation/agreements", new { id = "A9", spec = new { } }, "reg"),
        ("POST", "/api/compensation/agreements/A9/sign", null, "reg ver farm buyer bank"),
        ("POST", "/api/compensation/agreements/A9/activate", null, "reg"),
        ("POST", "/api/compensation/agreements/A9/suspend", null, "reg"),
        ("POST", "/api/compensation/agreements/A9/terminate", null, "reg"),
        ("POST", "/api/compensation/agreements/A9/close", null, "reg"),
        ("POST", "/api/compensation/rounds/A9_R1/samples?file=s.csv", null, "reg ver farm buyer bank"),
        ("POST", "/api/compensation/rounds/A9_R1/close-monitoring", null, "reg"),
        ("POST", "/api/compensation/rounds/A9_R1/assess", null, "reg"),
        ("POST", "/api/compensation/rounds/A9_R1/settle", null, "reg ver farm buyer bank"),
        ("POST", "/api/compensation/rounds/A9_R1/dispute", new { reason = "sampling" }, "reg ver farm buyer bank"),
        ("POST", "/api/compensation/rounds/A9_R1/resolve", new { outcome = "upheld" }, "reg"),
        ("POST", "/api/pricing/prices?file=p.csv", null, "reg"),
        ("POST", "/api/pricing/loans", new { pledge_seq = 1, principal = "1.00" }, "bank"),
        ("POST", "/api/pricing/certificates/C9/pledge", new { bank = "bank", loan = "1.00" }, "buyer"),
        ("POST", "/api/pricing/certificates/C9/release", null, "bank"),
        ("POST", "/api/pricing/packages/K9/distributions", new { year = 2024, income = "1.00" }, "reg ver farm buyer bank"),
        // a bureau operates stations as its registry or verifier participant, and only the stations that participant registered
        // (MonitoringEndpointTests.A_bureau_operates_only_the_stations_its_participant_registered…); the table's bureau has none: 403
        ("POST", "/api/monitoring/stations", null, "reg ver"),
        ("POST", "/api/monitoring/readings?file=r.csv", null, "reg ver"),
        ("GET", "/api/monitoring/status", null, All),
        ("GET", "/api/monitoring/map", null, All),
        ("GET", "/api/monitoring/live?haircut=2", null, All), // a bad query answers at once (the stream itself never ends)
        ("POST", "/api/pricing/packages?id=K9&gep_run=run-none&services=water_conservation&file=c.csv", null, "reg ver farm buyer bank"),
        ("POST", "/api/gep/inputs?file=u.csv", null, "bureau"),
        ("GET", "/api/gep/inputs", null, "reg bureau auditor"),
        ("POST", "/api/gep/runs", new { units = "0000" }, "bureau"),
        ("POST", "/api/gep/raster-sets", null, "bureau"),
        ("POST", "/api/gep/runs/run-none/screen", new { sites = "0" }, "bureau"),
        ("POST", "/api/gep/compare", new { from = "run-none", to = "run-none" }, "bureau"),
        ("GET", "/api/gep/runs", null, "reg bureau auditor"),
        ("GET", "/api/gep/runs/run-none", null, "reg bureau auditor"),
        ("GET", "/api/gep/runs/run-none/events", null, "reg bureau auditor"),
        ("GET", "/api/gep/runs/run-none/files/gep-summary.json", null, "reg bureau auditor"),
        ("POST", "/api/gep/runs/run-none/zones", new { }, "bureau"),
        ("POST", "/api/gep/runs/run-none/cancel", null, "reg bureau"),
        ("GET", "/api/participants", null, All),
        ("GET", "/api/balances", null, All),
        ("GET", "/api/blocks", null, All),
        ("GET", "/api/supply", null, All),
        ("GET", "/api/history?serial=101&project=P1", null, All),
        ("GET", "/api/journal", null, "reg ver auditor"),
        ("GET", "/api/compensation/payments", null, "reg bureau auditor"),
        ("GET", "/api/compensation/agreements/A1/statement", null, "reg bureau auditor"),
        ("GET", "/api/pricing/pledges", null, "reg bank bureau auditor"),
        ("GET", "/api/compensation/agreements", null, All),
        ("GET", "/api/compensation/agreements/A1/rounds", null, All),
        ("GET", "/api/pricing/prices", null, All),
        ("GET", "/api/pricing/prices/as-of?as_of=2025-01-01", null, All),
        ("GET", "/api/pricing/mark-to-market?market=CEA&as_of=2025-01-01", null, All),
        ("GET", "/api/pricing/pledges/valuation?market=CEA&as_of=2025-01-01", null, "reg bank bureau auditor"),
        ("GET", "/api/pricing/projects/P1/forward-value?market=CEA&as_of=2025-01-01&tonnes_per_year=100", null, All),
        ("GET", "/api/audit/checkpoint", null, All),
        ("GET", "/api/audit/proofs/1", null, All),
        ("GET", "/api/audit/export", null, "reg auditor"),
        ("GET", "/api/audit/verify", null, "reg auditor"),
        ("GET", "/api/audit/checkpoints", null, "reg auditor"),
        ("POST", "/api/audit/bundles/verify", null, "reg auditor"),
        ("POST", "/api/audit/proofs/verify", null, All),
        ("POST", "/api/tokens", new { participant = "buyer", roles = new[] { "holder" } }, "reg"),
        ("GET", "/api/tokens", null, "reg auditor"),
        ("POST", "/api/tokens/0000000000000000/revoke", new { reason = "test" }, "reg"),
        ("GET", "/api/security-log", null, "reg auditor"),
        ("GET", "/api/security-log/verify", null, "reg auditor"),
        ("POST", "/api/accounts", new { user_name = "new.person", participant = "buyer", roles = new[] { "holder" } }, "reg"),
        ("GET", "/api/accounts", null, "reg auditor"),
        ("POST", "/api/accounts/nobody/unlock", null, "reg"),
        ("POST", "/api/accounts/nobody/disable", new { reason = "left" }, "reg"),
        ("POST", "/api/accounts/nobody/enable", null, "reg"),
        ("POST", "/api/accounts/nobody/totp/reset", null, "reg"),
        ("POST", "/api/accounts/nobody/close", new { reason = "left", revoke_participant_tokens = true }, "reg"),
        ("GET", "/api/account", null, All),
        // a signed-in person's own account: API tokens are refused whatever their role (SignInTests covers the people)
        ("POST", "/api/account/totp", null, ""),
        ("POST", "/api/account/totp/confirm", new { code = "000000" }, ""),
        ("POST", "/api/account/recovery-codes", null, ""),
        ("POST", "/api/account/totp/remove", new { password = "x" }, ""),
        ("POST", "/api/account/password", new { current_password = "x", new_password = "y" }, ""),
    ];

    [Fact]
    public void Every_role_may_call_exactly_the_endpoints_of_its_role_and_no_token_gets_401()
    {
        using var server = new ServerTestHost();
        server.Seed();
        var wrong = new List<string>();
        string[] everyone = All.Split(' ');
        foreach (var who in everyone)
        {
            server.TokenOf(who);
        }
        foreach (var (method, path, body, allowed) in Table)
        {
            var anonymous = server.Send(null, new HttpMethod(method), path, body, "k-anon");
            if (anonymous.Status != HttpStatusCode.Unauthorized)
            {
                wrong.Add($"{method} {path} without a token: {(int)anonymous.Status}, expected 401");
            }
            foreach (var who in everyone)
            {
                var r = server.Send(server.TokenOf(who), new HttpMethod(method), path, body, $"k-{who}-{method}-{path}");
                bool may = allowed.Split(' ').Contains(who);
                bool denied = r.Status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized;
                if (may == denied || (!may && r.Status != HttpStatusCode.Forbidden))
                {
                    wrong.Add($"{method} {path} as {who}: {(int)r.Status} {r.Text}; expected {(may ? "allowed" : "403")}");
                }
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(112, Table.Length);
    }

    [Fact]
    public void Public_registry_endpoints_answer_without_a_token()
    {
        using var server = new ServerTestHost();
        foreach (var path in new[] { "/api/public/projects", "/api/public/issuances", "/api/public/retirements", "/api/public/checkpoint", "/registry", "/openapi/v1.json" })
        {
            Assert.Equal(HttpStatusCode.OK, server.Send(null, HttpMethod.Get, path).Status);
        }
    }

    [Fact]
    public void A_holder_acts_only_on_its_own_holdings_and_a_bank_only_on_pledges_to_it()
    {
        using var server = new ServerTestHost();
        server.Seed();

        var theft = server.Send(server.TokenOf("buyer"), HttpMethod.Post, "/api/credits/transfer", new { holder = "farm", counterparty = "buyer", quantity = 5 }, "t-theft");
        var peek = server.Send(server.TokenOf("buyer"), HttpMethod.Get, "/api/balances?holder=farm");
        var release = server.Send(server.TokenOf("bank"), HttpMethod.Post, "/api/credits/release", new { holder = "farm", counterparty = "buyer" }, "t-rel");

        Assert.Equal(HttpStatusCode.Forbidden, theft.Status);
        Assert.Equal("'buyer' acts only on its own holdings; it may not transfer credits of 'farm'.", theft.Json!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, peek.Status);
        Assert.Equal("'buyer' may read only its own holdings, not those of 'farm'.", peek.Json!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, release.Status);
        Assert.Equal("'bank' releases only pledges made to it, not pledges to 'buyer'.", release.Json!["detail"]!.GetValue<string>());
        // and nothing moved: farm still holds 900 t
        Assert.Equal(900L, server.Ok("farm", HttpMethod.Get, "/api/balances")![0]!["active"]!.GetValue<long>());
    }

    [Fact]
    public void Credits_go_only_to_a_participant_whose_role_may_hold_them()
    {
        using var server = new ServerTestHost();
        server.Seed();

        var toVerifier = server.Send(server.TokenOf("farm"), HttpMethod.Post, "/api/credits/transfer", new { counterparty = "ver", quantity = 5 }, "t-ver");
        var toRegistry = server.Send(server.TokenOf("farm"), HttpMethod.Post, "/api/credits/transfer", new { counterparty = "reg", quantity = 5 }, "t-reg");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, toVerifier.Status);
        Assert.Equal("Cannot transfer to 'ver': role 'verifier' may not hold credits; only roles 'holder' and 'project_owner' may.",
            toVerifier.Json!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, toRegistry.Status);
        Assert.Equal("Cannot transfer to 'reg': role 'registry' may not hold credits; only roles 'holder' and 'project_owner' may.",
            toRegistry.Json!["detail"]!.GetValue<string>());
        // nothing moved: farm still holds 1,000 − 100 buffer = 900 t
        Assert.Equal(900L, server.Ok("farm", HttpMethod.Get, "/api/balances")![0]!["active"]!.GetValue<long>());
    }

    [Fact]
    public void A_revoked_or_unknown_token_gets_401_and_the_failure_is_in_the_security_log()
    {
        using var server = new ServerTestHost();
        string buyer = CreateBuyer(server);
        string id = buyer.Split('_')[1];
        server.Ok("reg", HttpMethod.Post, $"/api/tokens/{id}/revoke", new { reason = "laptop lost" });

        var revoked = server.Send(buyer, HttpMethod.Get, "/api/balances");
        var forged = server.Send(buyer[..^4] + "0000", HttpMethod.Get, "/api/balances");

        Assert.Equal(HttpStatusCode.Unauthorized, revoked.Status);
        Assert.Equal("The API token was refused: revoked token.", revoked.Json!["detail"]!.GetValue<string>());
        Assert.Equal("Bearer", revoked.Headers["WWW-Authenticate"]);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.Status);
        Assert.Equal("The API token was refused: unknown token.", forged.Json!["detail"]!.GetValue<string>());
        var log = server.Ok("reg", HttpMethod.Get, "/api/security-log")!.AsArray();
        Assert.Equal(["token.created", "token.created", "token.created", "token.revoked", "auth.failed", "auth.failed"],
            log.Select(e => e!["kind"]!.GetValue<string>()).ToArray());
        Assert.Equal(id, log[4]!["credential"]!.GetValue<string>());
        Assert.Contains("\"reason\":\"revoked token\"", log[4]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(log, e => e!.ToJsonString().Contains(buyer.Split('_')[2], StringComparison.Ordinal));
    }

    private static string CreateBuyer(ServerTestHost server)
    {
        server.Ok("reg", HttpMethod.Post, "/api/participants", new { id = "buyer", role = "holder" });
        return server.TokenOf("buyer");
    }
}
