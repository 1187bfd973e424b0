using System.Threading.RateLimiting;
using EcoLedger.Server.Auth;
using EcoLedger.Server.Hosting;
using EcoLedger.Server.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace EcoLedger.Server;

/// <summary>
/// Rate limits (ASP.NET Core's rate limiter), per minute in fixed windows: sign-in form posts per remote address, writes (every method but GET/HEAD) per calling token, and
/// every request that does not authenticate (no token, or a refused one) per remote address, which bounds guessing tokens and flooding
/// the security log with <c>auth.failed</c>. A refused request gets 429 with <c>Retry-After</c> and a problem-details body.
/// </summary>
public static class RateLimits
{
    /// <summary>Adds the limiter, configured from <see cref="ServerOptions"/>.</summary>
    public static IServiceCollection AddEcoLedgerRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<ServerOptions>>((o, server) =>
        {
            var s = server.Value;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                if (HttpMethods.IsPost(http.Request.Method) && http.Request.Path.Equals(Web.SignIn.Path, StringComparison.OrdinalIgnoreCase))
                {
                    // Password guessing: a small budget per address, whether or not the caller is already signed in.
                    string from = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                    return RateLimitPartition.GetFixedWindowLimiter("signin:" + from, _ => Window(s.SignInsPerMinute));
                }
                string? token = http.User.FindFirst(Caller.TokenClaim)?.Value;
                if (token is null)
                {
                    string remote = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                    return RateLimitPartition.GetFixedWindowLimiter("anonymous:" + remote, _ => Window(s.AnonymousRequestsPerMinute));
                }
                return HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
                    ? RateLimitPartition.GetNoLimiter("read:" + token)
                    : RateLimitPartition.GetFixedWindowLimiter("write:" + token, _ => Window(s.WritesPerMinute));
            });
            o.OnRejected = (context, cancel) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return new ValueTask(Problems.Write(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    "This caller has made too many requests in the last minute; retry after the time in Retry-After.", "rate-limited"));
            };
        });
        return services;
    }

    private static FixedWindowRateLimiterOptions Window(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    };
}
