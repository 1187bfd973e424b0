using System.Text.Encodings.Web;
using EcoLedger.Server.Hosting;
using EcoLedger.Server.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace EcoLedger.Server.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer eco_…</c> API tokens against their stored hashes. A request without the header is anonymous
/// (public endpoints serve it; others answer 401); a header that does not authenticate is refused and logged as <c>auth.failed</c>
/// in the security log with the reason and the token id when the text has one, never the text itself (at most
/// <see cref="ServerOptions.AuthFailuresLoggedPerMinute"/> entries per address and minute, the rest counted: <see cref="FailureLogLimit"/>).
/// </summary>
public sealed class TokenAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ServerStore store, FailureLogLimit failures, TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "ApiToken";

    /// <inheritdoc/>
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(Failed(null, "the Authorization header is not a Bearer token"));
        }
        string text = header["Bearer ".Length..].Trim();
        var token = store.Authenticate(text);
        if (token is null)
        {
            return Task.FromResult(Failed(ServerStore.TokenId(text), "unknown token"));
        }
        var now = time.GetUtcNow();
        if (token.Revoked is not null)
        {
            return Task.FromResult(Failed(token.Id, "revoked token"));
        }
        if (now >= token.Expires)
        {
            return Task.FromResult(Failed(token.Id, "expired token"));
        }
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(Caller.Principal(token, SchemeName), SchemeName)));
    }

    /// <inheritdoc/>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceAsync().ConfigureAwait(false);
        Response.Headers.WWWAuthenticate = "Bearer";
        string detail = result.Failure?.Message is { } why
            ? $"The API token was refused: {why}."
            : "This endpoint needs an API token: send 'Authorization: Bearer <token>'.";
        await Problems.Write(Context, StatusCodes.Status401Unauthorized, "Authentication required", detail, "unauthenticated").ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var caller = Caller.Of(Context.User);
        string detail = $"'{caller.Name}' (roles {string.Join(", ", caller.Roles)}) may not call {Request.Method} {Request.Path}.";
        return Problems.Write(Context, StatusCodes.Status403Forbidden, "Forbidden", detail, "forbidden");
    }

    private AuthenticateResult Failed(string? tokenId, string reason)
    {
        string remote = Context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        failures.Failed(remote, tokenId, new()
        {
            ["reason"] = reason,
            ["method"] = Request.Method,
            ["path"] = Request.Path.Value,
            ["remote"] = remote,
        });
        return AuthenticateResult.Fail(reason);
    }
}
