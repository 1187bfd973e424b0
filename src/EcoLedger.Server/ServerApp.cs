using System.Text.Json;
using EcoLedger.Server.Auth;
using EcoLedger.Server.Endpoints;
using EcoLedger.Server.Hosting;
using EcoLedger.Server.Http;
using EcoLedger.Server.Web;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace EcoLedger.Server;

/// <summary>Builds the server: services, the middleware pipeline and every endpoint.</summary>
public static class ServerApp
{
    /// <summary>Where the server listens unless <c>--urls</c> or <c>ASPNETCORE_URLS</c> says otherwise: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The largest request body accepted (bytes): commands are small; GEP input uploads raise it for their endpoint only.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>The Content-Security-Policy of every response but the API reference page: no script at all, styles from this server only.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Builds the application from command-line arguments and configuration, and runs the first-run bootstrap.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        // A start that fails (the port is taken) is said in one line by Program.Main; the host would also log it with a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        var services = builder.Services;
        services.Configure<ServerOptions>(builder.Configuration.GetSection("EcoLedger"));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ServerStore(sp.GetRequiredService<IOptions<ServerOptions>>().Value.StorePath, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<LedgerHost>();
        services.AddSingleton<WriteQueue>();
        services.AddSingleton<MonitoringFeed>();
        services.AddSingleton<StationOperators>();
        services.AddSingleton<Jobs>();
        services.AddHostedService(sp => sp.GetRequiredService<Jobs>());
        services.AddSingleton(sp => new FailureLogLimit(sp.GetRequiredService<ServerStore>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<ServerOptions>>().Value.AuthFailuresLoggedPerMinute));
        AddPeople(services, builder.Configuration.GetSection("EcoLedger").Get<ServerOptions>() ?? new ServerOptions());
        services.AddAuthorization();
        services.AddProblemDetails();
        services.AddEcoLedgerRateLimits();
        services.Configure<JsonOptions>(o => Configure(o.SerializerOptions));
        // A body that does not bind (missing member, wrong type) throws, so the handler below can answer with the member it names.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            // The checked-in document must not depend on the host it was fetched from.
            doc.Servers = [];
            doc.Info.Title = "EcoLedger server";
            doc.Info.Version = "v1";
            return Task.CompletedTask;
        }));

        var app = builder.Build();
        app.Use(SecurityHeaders);
        app.Use(BadRequests);
        app.Use(HttpSignatureRequests.KeepSignedBody);
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.Use(CsrfGuard.Check);
        app.UseRateLimiter(); // after authentication: writes are counted per token, the rest per remote address
        app.UseAuthorization();

        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapGet("/registry.css", () => Results.Text(Css, "text/css; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/", () => Results.Redirect("/registry")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/favicon.ico", () => Results.NoContent()).AllowAnonymous().ExcludeFromDescription(); // browsers ask; there is none

        LedgerEndpoints.Map(app);
        AuditEndpoints.Map(app);
        CompensationPricingEndpoints.Map(app);
        CompensationPricingCommandEndpoints.Map(app);
        CompensationReadEndpoints.Map(app);
        FinanceEndpoints.Map(app);
        AuditWebEndpoints.Map(app);
        CertificateEndpoints.Map(app);
        TokenEndpoints.Map(app);
        AccountEndpoints.Map(app);
        SignIn.Map(app);
        WebAssets.Map(app);
        WebApp.Map(app);
        PublicEndpoints.Map(app);
        MonitoringEndpoints.Map(app);
        MonitoringPage.Map(app);
        GepJobEndpoints.Map(app);
        GepDashboard.Map(app);
        CompensationPages.Map(app);
        FinancePages.Map(app);
        AuditPages.Map(app);
        AccountPages.Map(app);

        var host = app.Services.GetRequiredService<LedgerHost>();
        var store = app.Services.GetRequiredService<ServerStore>();
        AccountsDb.EnsureTables(app.Services);
        if (host.Bootstrap(store) is { } tokenFile)
        {
            // The path only: the token itself is in the file and nowhere else.
            app.Logger.LogWarning("First run: the registry administrator's API token was written to {TokenFile} (mode 0600). " +
                "Read it once, keep it safe, and delete the file.", tokenFile);
        }
        app.Logger.LogInformation("Ledger {Database}; server store {Store}.", EcoLedger.Storage.LedgerDatabase.Display(host.Options.Database), store.Path);
        return app;
    }

    /// <summary>
    /// Who may call: API tokens (<c>Authorization: Bearer</c>) and people signed in with ASP.NET Core Identity (accounts in the server's
    /// store, hashed passwords, lockout, optional TOTP) holding a session cookie (HttpOnly, SameSite=Strict). One policy scheme picks the
    /// token when the header is present, else the cookie; challenges and refusals are answered as problem details by the token handler.
    /// </summary>
    private static void AddPeople(IServiceCollection services, ServerOptions options)
    {
        const string either = "TokenOrCookie";
        services.AddAuthentication(either)
            .AddPolicyScheme(either, null, o =>
            {
                o.ForwardDefaultSelector = http => http.Request.Headers.Authorization.Count > 0
                    ? TokenAuthentication.SchemeName : IdentityConstants.ApplicationScheme;
                o.ForwardChallenge = TokenAuthentication.SchemeName;
                o.ForwardForbid = TokenAuthentication.SchemeName;
            })
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, TokenAuthentication>(TokenAuthentication.SchemeName, null)
            .AddIdentityCookies();
        services.AddDbContext<AccountsDb>((sp, o) => o.UseSqlite(
            new SqliteConnectionStringBuilder { DataSource = sp.GetRequiredService<IOptions<ServerOptions>>().Value.StorePath }.ToString()));
        services.AddIdentityCore<ServerUser>(o =>
            {
                o.Password.RequiredLength = AccountPasswords.MinimumLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = options.SignInMaxFailures;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(options.LockoutMinutes);
                o.User.RequireUniqueEmail = false;
            })
            .AddSignInManager()
            .AddEntityFrameworkStores<AccountsDb>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<AccountClaimsFactory>();
        services.TryAddScoped<ISecurityStampValidator, SecurityStampValidator<ServerUser>>();
        // Every session request re-reads the account's security stamp (one indexed row), so disabling an account ends its sessions at once.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.TryAddScoped<ITwoFactorSecurityStampValidator, TwoFactorSecurityStampValidator<ServerUser>>();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "ecoledger.session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure whenever the server is reached over HTTPS
            o.ExpireTimeSpan = TimeSpan.FromMinutes(options.SessionMinutes);
            o.SlidingExpiration = true;
            o.LoginPath = SignIn.Path;
        });
        services.AddAntiforgery(o =>
        {
            o.HeaderName = CsrfGuard.HeaderName;
            o.FormFieldName = CsrfGuard.FormFieldName;
            o.Cookie.Name = "ecoledger.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SuppressXFrameOptionsHeader = true; // every response already says DENY
        });
    }

    /// <summary>The JSON conventions of the API: snake_case members like the journal, required constructor members enforced.</summary>
    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.RespectRequiredConstructorParameters = true;
    }

    private static Task SecurityHeaders(HttpContext http, Func<Task> next)
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        // The API reference page (Scalar, served from this server's own assets) runs script; nothing else does.
        if (http.Request.Path.StartsWithSegments(WebApp.Path, StringComparison.Ordinal))
        {
            headers.ContentSecurityPolicy = WebApp.ContentSecurityPolicy; // the web app's own script, never inline
        }
        else if (!http.Request.Path.StartsWithSegments("/scalar", StringComparison.Ordinal))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }
        return next();
    }

    private static async Task BadRequests(HttpContext http, Func<Task> next)
    {
        try
        {
            await next().ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted && ParameterProblems.Describe(http, e) is { } parameter)
        {
            // A query-string, route or header value, named as the request names it; the body's problems follow.
            await Problems.BadInput(parameter.Field, parameter.Detail).ExecuteAsync(http).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted)
        {
            var status = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? e.StatusCode : StatusCodes.Status400BadRequest;
            string why = e.InnerException is JsonException j ? BodyProblem(http, j) : e.Message;
            await Problems.Write(http, status, status == 400 ? "Invalid request body" : "Request body too large", why, "bad-request").ConfigureAwait(false);
        }
        catch (Exception e) when (!http.Response.HasStarted && EcoLedger.Storage.StorageProvider.FindUnavailable(e) is not null)
        {
            // The database server is restarting or unreachable: the request may be retried as it is (nothing was committed).
            http.Response.Headers.RetryAfter = "5";
            await Problems.Write(http, StatusCodes.Status503ServiceUnavailable, "Database unavailable",
                "The ledger's database server is not available; nothing of this request was committed. Retry it (the same Idempotency-Key is safe).",
                "database-unavailable").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A command body that did not bind, in the words of the CLI's JSON readers and without .NET type names:
    /// <c>line 1, byte 58, field '$.buffer_pct': expected a number.</c> The body was read as a stream and is not kept (buffering every
    /// write to count characters costs too much), so the place is the serializer's, counted from 1, in bytes of the line.
    /// </summary>
    private static string BodyProblem(HttpContext http, JsonException e)
    {
        string? where = EcoLedger.IO.JsonErrorPosition.WhereInBytes(e);
        string what;
        if (EcoLedger.IO.JsonErrorPosition.IsSyntaxError(e))
        {
            what = (e.Path is { Length: > 1 } path ? $"field '{path}': " : "") + EcoLedger.IO.JsonErrorPosition.NotValid(e);
        }
        else if (http.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType is { } bodyType)
        {
            var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            what = EcoLedger.IO.JsonErrorPosition.NotBound(e, options.GetTypeInfo(bodyType));
        }
        else
        {
            what = "the body does not match the request's members.";
        }
        return where is null ? what : $"{where}{(what.StartsWith("field ", StringComparison.Ordinal) ? ", " : ": ")}{what}";
    }

    private const string Css = """
        body { font-family: system-ui, sans-serif; margin: 2rem; color: #1b2a1f; }
        table { border-collapse: collapse; margin-bottom: 2rem; }
        th, td { border: 1px solid #b8c7bb; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
        th { background: #e6efe8; }
        pre, output { display: block; background: #f4f7f5; padding: 0.8rem; overflow-x: auto; white-space: pre-wrap; }
        output:empty { display: none; }
        .error { color: #8a1c1c; }
        fieldset { border: 1px solid #b8c7bb; margin-bottom: 1rem; max-width: 40rem; }
        header nav a { color: #1d5b2f; }
        caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        svg.chart { max-width: 100%; height: auto; background: #fbfdfb; border: 1px solid #b8c7bb; }
        svg.chart text { font-size: 11px; fill: #1b2a1f; }
        svg.chart .axis { stroke: #4a5a4e; }
        svg.chart .zero { stroke: #8a9a8e; stroke-dasharray: 4 3; }
        svg.chart .series { fill: none; stroke: #1d5b2f; stroke-width: 1.5; }
        svg.chart .flagged { fill: #b00020; }
        /* Narrow screens: long serials and hashes wrap inside their cells, so a table never makes the page wider than the screen. */
        table { max-width: 100%; }
        body { overflow-wrap: anywhere; }
        /* A command's answer (the journal entry) scrolls in its own box; a read rendered as tables and sections is shown whole. */
        output { max-height: 24rem; overflow-y: auto; }
        output.detail { max-height: none; }
        textarea, input, select { max-width: 100%; box-sizing: border-box; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
        dt { font-weight: bold; }
        dd { margin: 0; }
        /* A read shown as tables (holdings, pledges) takes the page's width, not the form's. */
        fieldset:has(output.detail) { max-width: none; }
        p.statement { margin: 0 0 0.5rem; font-weight: bold; white-space: normal; }
        @media (max-width: 40rem) { body { margin: 0.6rem; } th, td { padding: 0.2rem 0.3rem; } }
        """;
}
