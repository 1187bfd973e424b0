using EcoLedger.Server.Auth;
using EcoLedger.Server.Hosting;
using EcoLedger.Server.Http;
using static EcoLedger.Server.Auth.ServerRoles;

namespace EcoLedger.Server.Endpoints;

/// <summary>Creates an API token.</summary>
/// <param name="Roles">Its roles: the participant's ledger role, and/or bank, bureau, auditor.</param>
/// <param name="Participant">The ledger participant it acts as (omit only for auditor/bureau tokens).</param>
/// <param name="ExpiresInDays">Lifetime in days, 1–366 (default 90).</param>
public sealed record CreateTokenRequest(IReadOnlyList<string> Roles, string? Participant = null, int? ExpiresInDays = null);

/// <summary>A new token: the secret is shown here once and never again.</summary>
/// <param name="Id">The token's id.</param>
/// <param name="Token">The secret bearer token.</param>
/// <param name="Participant">The participant it acts as.</param>
/// <param name="Roles">Its roles.</param>
/// <param name="Expires">When it stops working.</param>
public sealed record CreatedToken(string Id, string Token, string? Participant, IReadOnlyList<string> Roles, DateTimeOffset Expires);

/// <summary>Revokes a token.</summary>
/// <param name="Reason">Why.</param>
public sealed record RevokeTokenRequest(string Reason);

/// <summary>API tokens (created and revoked by the registry) and the security log.</summary>
public static class TokenEndpoints
{
    /// <summary>Maps <c>/api/tokens</c> and <c>/api/security-log</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var tokens = app.MapGroup("/api/tokens").WithTags("security");
        tokens.MapPost("/", async (CreateTokenRequest body, HttpContext http, LedgerHost host, ServerStore store) =>
            {
                var caller = Caller.Of(http.User);
                int days = body.ExpiresInDays ?? 90;
                if (days is < 1 or > 366)
                {
                    return Problems.BadInput("expires_in_days", $"Invalid expires_in_days {days}: expected 1 to 366 days.");
                }
                var roles = (body.Roles ?? []).Distinct(StringComparer.Ordinal).ToList();
                if (await RoleGrants.RefuseAsync(host, roles, body.Participant, "token").ConfigureAwait(false) is { } refused)
                {
                    return refused;
                }
                var (token, secret) = store.CreateToken(body.Participant, roles, TimeSpan.FromDays(days), caller.Name, caller.TokenId);
                return Results.Json(new CreatedToken(token.Id, secret, token.Participant, token.Roles, token.Expires), statusCode: StatusCodes.Status201Created);
            })
            .Roles(Registry).WithSummary("Create an API token for a participant; the secret is in this response only.");
        tokens.MapGet("/", (ServerStore store) => Results.Ok(store.Tokens()))
            .Roles(Registry, Auditor).WithSummary("Every token (ids, roles, expiry, revocation; never secrets).");
        tokens.MapPost("/{id}/revoke", (string id, RevokeTokenRequest body, HttpContext http, ServerStore store) =>
            {
                var caller = Caller.Of(http.User);
                return store.RevokeToken(id, caller.Name, caller.TokenId, body.Reason)
                    ? Results.NoContent()
                    : Problems.NotFound($"There is no active token '{id}'.");
            })
            .Roles(Registry).WithSummary("Revoke a token: it authenticates nothing from now on.");

        var log = app.MapGroup("/api/security-log").WithTags("security");
        log.MapGet("/", (long? from, int? limit, ServerStore store) => Results.Ok(store.SecurityLog(Math.Max(1, from ?? 1), Math.Clamp(limit ?? 100, 1, 1000))))
            .Roles(Registry, Auditor).WithSummary("The security log: token creation and revocation, failed authentications.");
        log.MapGet("/verify", (ServerStore store) => Results.Ok(new SecurityLogVerification(store.VerifySecurityLog())))
            .Roles(Registry, Auditor).WithSummary("Checks the security log's hash chain and that the tokens table matches it.");
    }
}

/// <summary>The result of checking the security log.</summary>
/// <param name="Failure">The first failure, or null when the chain and the tokens table agree.</param>
public sealed record SecurityLogVerification(string? Failure)
{
    /// <summary>True when nothing failed.</summary>
    public bool Verified => Failure is null;
}
