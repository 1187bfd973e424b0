using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// The real server (every middleware, endpoint and SQLite file) in memory over a temporary ledger, with its log captured. The registry
/// participant is <c>reg</c>; <see cref="Seed"/> builds the same ledger as the CLI tests' <c>LedgerTestDb.Seed</c>, through the API.
/// </summary>
internal sealed class ServerTestHost : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ecoledger-server-").FullName;
    private readonly WebApplicationFactory<EcoLedger.Server.Program> _factory;
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);

    public ServerTestHost(string? dbPath = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        DbPath = dbPath ?? Path.Combine(_dir, "ledger.db");
        _factory = new WebApplicationFactory<EcoLedger.Server.Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("EcoLedger:Database", DbPath);
            b.UseSetting("EcoLedger:RegistryParticipant", "reg");
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                b.UseSetting(key, value);
            }
            b.ConfigureLogging(l => l.AddProvider(new CaptureLogs(Logs)));
        });
        _ = _factory.Server; // starts the app: the bootstrap runs now
    }

    public string DbPath { get; }

    /// <summary>The server's services.</summary>
    public IServiceProvider Services => _factory.Services;

    public string Dir => _dir;

    /// <summary>Every log line the server wrote (category, level, message and exception).</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>The first-run administrator token (the registry <c>reg</c>).</summary>
    public string AdminToken => File.ReadAllText(EcoLedger.Storage.LedgerDatabase.FilesOf(DbPath) + ".admin-token").Trim();

    /// <summary>A client sending <paramref name="token"/> (none: anonymous).</summary>
    public HttpClient Client(string? token = null)
    {
        var c = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
        {
            c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return c;
    }

    /// <summary>A browser-like client: keeps cookies across requests, follows no redirects, sends no token.</summary>
    public HttpClient Browser() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>The token of a seeded participant, or of one of the server-only roles (created on first use).</summary>
    public string TokenOf(string who)
    {
        if (!_tokens.TryGetValue(who, out var token))
        {
            (string? participant, string[] roles) = who switch
            {
                "reg" => ("reg", new[] { "registry" }),
                "ver" => ("ver", ["verifier"]),
                "farm" => ("farm", ["project_owner"]),
                "buyer" => ("buyer", ["holder"]),
                "bank" => ("bank", ["bank"]),
                "bureau" => (null, ["bureau"]),
                "auditor" => (null, ["auditor"]),
                _ => throw new ArgumentException($"No token recipe for '{who}'.", nameof(who)),
            };
            var created = Send(AdminToken, HttpMethod.Post, "/api/tokens", new { participant, roles });
            Assert.Equal(HttpStatusCode.Created, created.Status);
            token = _tokens[who] = created.Json!["token"]!.GetValue<string>();
        }
        return token;
    }

    /// <summary>A token for any participant with <paramref name="roles"/>, created by the registry (and remembered under the participant's id).</summary>
    public string TokenFor(string participant, params string[] roles)
    {
        if (!_tokens.TryGetValue(participant, out var token))
        {
            var created = Send(AdminToken, HttpMethod.Post, "/api/tokens", new { participant, roles });
            Assert.Equal(HttpStatusCode.Created, created.Status);
            token = _tokens[participant] = created.Json!["token"]!.GetValue<string>();
        }
        return token;
    }

    /// <summary>A file as a <c>text/csv</c> request body.</summary>
    public static HttpContent Csv(string path) => new StringContent(File.ReadAllText(path), Encoding.UTF8, "text/csv");

    /// <summary>One request: status, headers and body (JSON when it parses).</summary>
    public Response Send(string? token, HttpMethod method, string path, object? body = null, string? idempotencyKey = null,
        IReadOnlyDictionary<string, string>? headers = null) =>
        // The test server is asynchronous only; off the test's thread, so that no synchronisation context can deadlock.
        Task.Run(() => SendAsync(token, method, path, body, idempotencyKey, headers)).GetAwaiter().GetResult();

    /// <summary>
    /// <see cref="Send"/> without blocking a thread while the server answers: for many requests at once, which would otherwise
    /// each hold a thread-pool thread and leave the pool (and the server on it) waiting for new threads.
    /// </summary>
    public async Task<Response> SendAsync(string? token, HttpMethod method, string path, object? body = null, string? idempotencyKey = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        using var client = Client(token);
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = body switch
            {
                HttpContent content => content,
                string s => new StringContent(s, Encoding.UTF8, "application/json"),
                _ => JsonContent.Create(body, options: Json),
            };
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        foreach (var (k, v) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(k, v);
        }
        using var response = await client.SendAsync(request).ConfigureAwait(false);
        string text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        JsonNode? json = null;
        try
        {
            json = text.Length > 0 ? JsonNode.Parse(text) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            // not JSON (HTML, an export bundle)
        }
        return new Response(response.StatusCode, text, json, response.Headers.Concat(response.Content.Headers)
            .ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>A request that must succeed (2xx); returns its JSON.</summary>
    public JsonNode? Ok(string who, HttpMethod method, string path, object? body = null, string? idempotencyKey = null)
    {
        var r = Send(TokenOf(who), method, path, body, idempotencyKey);
        Assert.True((int)r.Status is >= 200 and < 300, $"{method} {path} as {who}: {(int)r.Status} {r.Text}");
        return r.Json;
    }

    /// <summary>
    /// reg (registry, the bootstrap), ver, farm, buyer, bank; project P1 (YC, 10 % buffer) registered; 1,000 t of vintage 2023 issued:
    /// buffer 1-100, farm 101-1000 — the same commands as <c>LedgerTestDb.Seed</c>, over HTTP.
    /// </summary>
    public void Seed()
    {
        foreach (var (id, role) in new[] { ("ver", "verifier"), ("farm", "project_owner"), ("buyer", "holder"), ("bank", "holder") })
        {
            Ok("reg", HttpMethod.Post, "/api/participants", new { id, role });
        }
        Ok("farm", HttpMethod.Post, "/api/projects", new
        {
            id = "P1",
            region = "YC",
            methodology = "CCER-14-001-V01",
            buffer_pct = 10,
            period_start = "2020-01-01",
            period_end = "2049-12-31",
            units = new[] { "YC-0001", "YC-0002" },
        });
        Ok("farm", HttpMethod.Post, "/api/projects/P1/submit");
        Ok("ver", HttpMethod.Post, "/api/projects/P1/validate");
        Ok("reg", HttpMethod.Post, "/api/projects/P1/register");
        Ok("farm", HttpMethod.Post, "/api/issuances", new { id = "R2023", project = "P1", vintage_start = "2023-01-01", vintage_end = "2023-12-31", quantity = 1000 });
        Ok("ver", HttpMethod.Post, "/api/issuances/R2023/verify");
        Ok("reg", HttpMethod.Post, "/api/issuances/R2023/issue");
    }

    public static readonly System.Text.Json.JsonSerializerOptions Json = new() { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower };

    public void Dispose()
    {
        _factory.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, true);
        }
        catch (IOException)
        {
            // a file still open on a slow machine: the temp folder is cleaned later
        }
    }

    public sealed record Response(HttpStatusCode Status, string Text, JsonNode? Json, IReadOnlyDictionary<string, string> Headers);

    private sealed class CaptureLogs(ConcurrentQueue<string> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, sink);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> sink) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                sink.Enqueue($"{category} {logLevel}: {formatter(state, exception)} {exception}");
        }
    }
}
