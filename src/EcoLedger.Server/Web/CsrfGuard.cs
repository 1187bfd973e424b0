using EcoLedger.Server.Auth;
using EcoLedger.Server.Endpoints;
using EcoLedger.Server.Http;
using Microsoft.AspNetCore.Antiforgery;

namespace EcoLedger.Server.Web;

/// <summary>
/// CSRF protection for requests authenticated with the sign-in cookie (API tokens are not ambient credentials and need none): a write
/// (any method but GET, HEAD, OPTIONS, TRACE) must come from this site (<c>Sec-Fetch-Site</c>, when the browser sends it, is
/// <c>same-origin</c> or <c>none</c>; <c>Origin</c>, when present, is this server) and carry the antiforgery token, in the form field
/// <c>csrf</c> or the header <c>X-CSRF-Token</c>. The cookie itself is <c>SameSite=Strict</c>, so a cross-site request does not even
/// carry it; this guard is the second line. A refusal is 403 <c>urn:ecoledger:problem:csrf</c> and a <c>csrf.refused</c> log entry.
/// </summary>
public static class CsrfGuard
{
    /// <summary>The header that carries the antiforgery token on API calls made with the cookie.</summary>
    public const string HeaderName = "X-CSRF-Token";

    /// <summary>The form field that carries it on form posts.</summary>
    public const string FormFieldName = "csrf";

    /// <summary>The middleware: runs after authentication.</summary>
    public static Task Check(HttpContext http, Func<Task> next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);
        string method = http.Request.Method;
        bool safe = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
        // Reads and token callers (every API client) pass straight on; only a person's cookie write is checked.
        return safe || http.User.Identity?.IsAuthenticated != true || !AccountEndpoints.IsPerson(Caller.Of(http.User))
            ? next()
            : CheckCookieWrite(http, next, method);
    }

    private static async Task CheckCookieWrite(HttpContext http, Func<Task> next, string method)
    {
        string? why = CrossSite(http.Request);
        if (why is null)
        {
            try
            {
                await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http).ConfigureAwait(false);
            }
            catch (AntiforgeryValidationException e)
            {
                why = "missing or invalid CSRF token (" + e.Message + ")";
            }
        }
        if (why is null)
        {
            await next().ConfigureAwait(false);
            return;
        }
        var caller = Caller.Of(http.User);
        http.RequestServices.GetRequiredService<ServerStore>().Log("csrf.refused", caller.Name, caller.TokenId, new()
        {
            ["reason"] = why,
            ["method"] = method,
            ["path"] = http.Request.Path.Value,
            ["remote"] = http.Connection.RemoteIpAddress?.ToString(),
        });
        await Problems.Write(http, StatusCodes.Status403Forbidden, "Cross-site request refused",
            $"A write made with the sign-in cookie must come from this site's own pages with the CSRF token (form field '{FormFieldName}' or header '{HeaderName}'): {why}.",
            "csrf").ConfigureAwait(false);
    }

    private static string? CrossSite(HttpRequest request)
    {
        // Sec-Fetch-Site is set by the browser itself and cannot be forged by a page; when it is there it decides.
        string site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is "same-origin" or "none" ? null : $"Sec-Fetch-Site is '{site}'";
        }
        // Older browsers: Origin, when it names a site ("null" is what a no-referrer page sends; the token still decides).
        string origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && origin != "null" && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase))
        {
            return $"Origin '{origin}' is not this server";
        }
        return null;
    }
}
