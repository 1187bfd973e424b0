using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace EcoLedger.Benchmarks.Server;

/// <summary>
/// <c>server-load URL ADMIN-TOKEN-FILE [CLIENTS] [SECONDS]</c>: a bounded load client for a running EcoLedger server on loopback (it
/// refuses any other host). Sets up a registered project with one holder per client (through the API, as the registry), then each
/// client alternates a 1 t transfer to the next holder and a balance read for the given time. Prints transfers/s, reads/s, p50/p99
/// latencies, 5xx count, and the server's own <c>/api/audit/verify</c> and supply afterwards.
/// </summary>
public static class ServerLoad
{
    public static int Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: server-load URL ADMIN-TOKEN-FILE [CLIENTS=32] [SECONDS=60]");
            return 2;
        }
        var baseUri = new Uri(args[0]);
        if (!baseUri.IsLoopback)
        {
            Console.Error.WriteLine($"server-load drives loopback servers only; {baseUri} is not one.");
            return 2;
        }
        string admin = File.ReadAllText(args[1]).Trim();
        int clients = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 32;
        int seconds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 60;
        return RunAsync(baseUri, admin, clients, seconds).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(Uri baseUri, string admin, int clients, int seconds)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = baseUri };
        string run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        string owner = $"lo{run}", verifier = $"lv{run}", project = $"LP{run}";
        await Post(http, admin, "/api/participants", new { id = owner, role = "project_owner" });
        await Post(http, admin, "/api/participants", new { id = verifier, role = "verifier" });
        string ownerToken = await Token(http, admin, owner, "project_owner");
        string verifierToken = await Token(http, admin, verifier, "verifier");
        var holders = Enumerable.Range(0, clients).Select(i => $"lh{run}_{i}").ToArray();
        var tokens = new string[clients];
        for (int i = 0; i < clients; i++)
        {
            await Post(http, admin, "/api/participants", new { id = holders[i], role = "holder" });
            tokens[i] = await Token(http, admin, holders[i], "holder");
        }
        await Post(http, ownerToken, "/api/projects", new { id = project, region = "LD", methodology = "LOAD", buffer_pct = 0, period_start = "2020-01-01", period_end = "2049-12-31" });
        await Post(http, ownerToken, $"/api/projects/{project}/submit", null);
        await Post(http, verifierToken, $"/api/projects/{project}/validate", null);
        await Post(http, admin, $"/api/projects/{project}/register", null);
        await Post(http, ownerToken, "/api/issuances", new { id = $"LR{run}", project, vintage_start = "2023-01-01", vintage_end = "2023-12-31", quantity = 10_000_000 });
        await Post(http, verifierToken, $"/api/issuances/LR{run}/verify", null);
        await Post(http, admin, $"/api/issuances/LR{run}/issue", null);
        for (int i = 0; i < clients; i++)
        {
            await Post(http, ownerToken, "/api/credits/transfer", new { counterparty = holders[i], quantity = 100_000 }, $"seed-{run}-{i}");
        }

        var writes = new List<double>[clients];
        var reads = new List<double>[clients];
        int errors5xx = 0, refused = 0;
        var stop = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            writes[c] = [];
            reads[c] = [];
            for (long n = 0; stop.Elapsed < until; n++)
            {
                var t = Stopwatch.StartNew();
                using var w = await Send(http, tokens[c], HttpMethod.Post, "/api/credits/transfer",
                    new { counterparty = holders[(c + 1) % clients], quantity = 1 }, $"ld-{run}-{c}-{n}");
                writes[c].Add(t.Elapsed.TotalMilliseconds);
                Count(w, ref errors5xx, ref refused);
                t.Restart();
                using var r = await Send(http, tokens[c], HttpMethod.Get, "/api/balances", null, null);
                reads[c].Add(t.Elapsed.TotalMilliseconds);
                Count(r, ref errors5xx, ref refused);
            }
        })));
        double elapsed = stop.Elapsed.TotalSeconds;
        var all = writes.SelectMany(x => x).Order().ToList();
        var allReads = reads.SelectMany(x => x).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{clients} clients, {elapsed:0.0} s: {all.Count} transfers ({all.Count / elapsed:0} /s), {allReads.Count} reads ({allReads.Count / elapsed:0} /s)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"transfer latency p50 {Pct(all, 0.50):0.0} ms, p99 {Pct(all, 0.99):0.0} ms; read p50 {Pct(allReads, 0.50):0.0} ms, p99 {Pct(allReads, 0.99):0.0} ms"));
        Console.WriteLine($"5xx: {errors5xx}; refused (4xx): {refused}");
        using var verify = await Send(http, admin, HttpMethod.Get, "/api/audit/verify", null, null);
        Console.WriteLine("audit verify: " + await verify.Content.ReadAsStringAsync());
        using var supply = await Send(http, admin, HttpMethod.Get, $"/api/supply?project={project}", null, null);
        Console.WriteLine("supply: " + await supply.Content.ReadAsStringAsync());
        return errors5xx == 0 ? 0 : 1;
    }

    private static void Count(HttpResponseMessage r, ref int errors5xx, ref int refused)
    {
        if ((int)r.StatusCode >= 500)
        {
            Interlocked.Increment(ref errors5xx);
        }
        else if ((int)r.StatusCode >= 400)
        {
            Interlocked.Increment(ref refused);
        }
    }

    private static double Pct(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static async Task<string> Token(HttpClient http, string admin, string participant, string role)
    {
        var node = await Post(http, admin, "/api/tokens", new { participant, roles = new[] { role } });
        return node!["token"]!.GetValue<string>();
    }

    private static async Task<JsonNode?> Post(HttpClient http, string token, string path, object? body, string? key = null)
    {
        using var r = await Send(http, token, HttpMethod.Post, path, body, key);
        string text = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)r.StatusCode} {text}");
        }
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private static Task<HttpResponseMessage> Send(HttpClient http, string token, HttpMethod method, string path, object? body, string? key)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return http.SendAsync(request);
    }
}
