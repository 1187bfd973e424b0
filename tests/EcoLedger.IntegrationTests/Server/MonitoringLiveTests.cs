using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EcoLedger.Server;
using EcoLedger.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// The live stream (<c>/api/monitoring/live</c>, Server-Sent Events) on the real server (Kestrel on a loopback port): the state on
/// connect, an update after an ingest commits, the stream's end when its client goes, and when the server stops (without waiting for
/// the shutdown timeout).
/// </summary>
public sealed class MonitoringLiveTests
{
    [Fact]
    public async Task A_stream_receives_the_update_of_an_ingest_and_ends_on_disconnect_and_on_shutdown()
    {
        await using var site = await LoopbackServer.StartAsync(seed =>
        {
            MonitoringEndpointTests.SeedWithStation(seed);
            return (Ver: seed.TokenOf("ver"), Auditor: seed.TokenOf("auditor"));
        });
        var (ver, auditor) = site.Seeded;
        var feed = site.App.Services.GetRequiredService<MonitoringFeed>();
        using var http = site.Api(auditor, Timeout.InfiniteTimeSpan);

        // On connect: the state now (stations, no readings yet: the status says why)
        using (var stream = await Open(http, "/api/monitoring/live?haircut=0.1"))
        {
            Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType!.MediaType);
            var first = await stream.Next();
            Assert.Equal("No readings have been ingested yet (monitor ingest).", first["problem"]!.GetValue<string>());
            Assert.Empty(first["recent"]!.AsArray());

            // An ingest commits: the stream sends the new account, pricing basis and the chart's readings
            using var post = new HttpRequestMessage(HttpMethod.Post, "/api/monitoring/readings?file=r.csv")
            {
                Content = MonitoringEndpointTests.Csv(MonitoringEndpointTests.Readings),
            };
            post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ver);
            using var posted = await http.SendAsync(post);
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
            var update = await stream.Next();
            Assert.True(update["version"]!.GetValue<long>() > first["version"]!.GetValue<long>());
            // (−10 − 8) × 792,180,000 µg/ha = −14,259,240,000 µg CO2/ha (MonitoringEndpointTests); P1 2.138886 t
            Assert.Equal(-14_259_240_000L, update["status"]!["series"]![0]!["total"]!.GetValue<long>());
            Assert.Equal(2.138886m, update["status"]!["projects"]![0]!["ytd_t_co2"]!.GetValue<decimal>());
            var chart = update["recent"]![0]!;
            Assert.Equal(("T1", "nee", "umol m-2 s-1"), (chart["station"]!.GetValue<string>(), chart["variable"]!.GetValue<string>(), chart["qc_unit"]!.GetValue<string>()));
            Assert.Equal(["2024-05-31T16:30:00Z", "2024-05-31T17:00:00Z"], chart["readings"]!.AsArray().Select(r => r!["time"]!.GetValue<string>()).ToArray());
            Assert.Equal(1, feed.Listeners);
        }
        // The client went away: the stream ends and stops listening
        await Until(() => feed.Listeners == 0, "the stream kept listening after its client disconnected");

        // Shutdown with a stream open: it ends at once (no wait for the shutdown timeout) and the client sees the end of the stream
        var open = await Open(http, "/api/monitoring/live");
        _ = await open.Next();
        var clock = Stopwatch.StartNew();
        await site.StopAsync();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"shutdown took {clock.Elapsed}");
        Assert.Null(await open.Reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        open.Dispose();
        Assert.Equal(0, feed.Listeners);
    }

    [Fact]
    public async Task Readings_the_CLI_writes_into_the_servers_file_reach_an_open_stream_after_the_quiet_interval()
    {
        await using var site = await LoopbackServer.StartAsync(seed =>
        {
            MonitoringEndpointTests.SeedWithStation(seed);
            return seed.TokenOf("auditor");
        }, "--" + EcoLedger.Server.Endpoints.MonitoringEndpoints.HeartbeatSetting + "=1");
        string readings = Path.Combine(site.Dir, "r.csv");
        File.WriteAllText(readings, MonitoringEndpointTests.Readings);
        using var http = site.Api(site.Seeded, Timeout.InfiniteTimeSpan);
        using var stream = await Open(http, "/api/monitoring/live");
        Assert.NotNull((await stream.Next())["problem"]);

        // another writer: the CLI on the same SQLite file, which the server's feed knows nothing about
        var o = new StringWriter();
        var e = new StringWriter();
        int code = EcoLedger.Cli.Program.Run(["monitor", "ingest", readings, "--actor", "ver", "--db", site.Db], new EcoLedger.Cli.Hosting.CliIo(o, e, false));
        Assert.True(code == 0, e.ToString());

        var update = await stream.Next();
        // (−10 − 8) × 792,180,000 µg/ha = −14,259,240,000 µg CO2/ha
        Assert.Equal(-14_259_240_000L, update["status"]!["series"]![0]!["total"]!.GetValue<long>());
    }

    [Fact]
    public async Task A_client_reconnecting_with_Last_Event_ID_gets_the_changes_it_missed_then_the_state_or_only_the_state_when_too_old()
    {
        // a 1 s heartbeat, and at most one missed entry listed
        await using var site = await LoopbackServer.StartAsync(seed =>
        {
            MonitoringEndpointTests.SeedWithStation(seed);
            return (Ver: seed.TokenOf("ver"), Auditor: seed.TokenOf("auditor"));
        }, "--" + EcoLedger.Server.Endpoints.MonitoringEndpoints.HeartbeatSetting + "=1", "--" + EcoLedger.Server.Endpoints.MonitoringEndpoints.ResumeLimitSetting + "=1");
        var (ver, auditor) = site.Seeded;
        using var http = site.Api(auditor, Timeout.InfiniteTimeSpan);
        string seen;
        using (var first = await Open(http, "/api/monitoring/live"))
        {
            var e = await first.NextEvent();
            Assert.Equal("status", e.Kind);
            seen = e.Id!;
            Assert.Equal(long.Parse(seen, System.Globalization.CultureInfo.InvariantCulture), JsonNode.Parse(e.Data)!["seq"]!.GetValue<long>());
        }

        // Nothing journaled since: the resumed stream sends no state again, only its heartbeat
        using (var current = await Open(http, "/api/monitoring/live", seen))
        {
            Assert.Equal("ping", (await current.NextEvent()).Kind);
        }

        // Disconnected while an ingest committed: the resumed stream lists it (source, readings, actor), then sends the new state
        await Post(http, ver, "r.csv", MonitoringEndpointTests.Readings);
        using (var resumed = await Open(http, "/api/monitoring/live", seen))
        {
            var changes = await resumed.NextEvent();
            Assert.Equal("changes", changes.Kind);
            var c = JsonNode.Parse(changes.Data)!;
            Assert.True(c["complete"]!.GetValue<bool>());
            Assert.Equal(long.Parse(seen, System.Globalization.CultureInfo.InvariantCulture), c["since"]!.GetValue<long>());
            var entry = c["changes"]!.AsArray().Single()!;
            Assert.Equal(("monitor.readings_accepted", "r.csv", 2, "ver"), (entry["kind"]!.GetValue<string>(), entry["source"]!.GetValue<string>(),
                entry["items"]!.GetValue<int>(), entry["actor"]!.GetValue<string>()));
            var status = await resumed.NextEvent();
            Assert.Equal(("status", c["head"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture)), (status.Kind, status.Id));
            // (−10 − 8) × 792,180,000 µg/ha = −14,259,240,000 µg CO2/ha
            Assert.Equal(-14_259_240_000L, JsonNode.Parse(status.Data)!["status"]!["series"]![0]!["total"]!.GetValue<long>());
        }

        // Two entries missed with a limit of one, or an id this ledger never had: not complete, and the whole state follows
        await Post(http, ver, "fix.csv", "station,variable,time,value,unit\nT1,nee,2024-06-01T01:30:00+08:00,-6,umol m-2 s-1\n");
        foreach (string id in new[] { seen, "999999", "not-a-number" })
        {
            using var old = await Open(http, "/api/monitoring/live", id);
            var changes = JsonNode.Parse((await old.NextEvent()).Data)!;
            Assert.False(changes["complete"]!.GetValue<bool>());
            Assert.Empty(changes["changes"]!.AsArray());
            var status = await old.NextEvent();
            Assert.Equal("status", status.Kind);
            Assert.Equal(3L, JsonNode.Parse(status.Data)!["status"]!["readings"]!.GetValue<long>());
        }
    }

    private static async Task Post(HttpClient http, string token, string file, string csv)
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, "/api/monitoring/readings?file=" + file) { Content = MonitoringEndpointTests.Csv(csv) };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var posted = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
    }

    [Fact]
    public async Task Kestrel_takes_a_readings_body_over_the_server_wide_1_MiB_and_refuses_one_over_the_readings_limit()
    {
        // 22,000 half hours from 2024-01-01 (UTC+8), −5 µmol m-2 s-1 each: about 1.1 MB of CSV
        var csv = new System.Text.StringBuilder("station,variable,time,value,unit\n");
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));
        for (int i = 1; i <= 22_000; i++)
        {
            csv.Append("T1,nee,").Append(start.AddMinutes(30 * i).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture)).Append(",-5,umol m-2 s-1\n");
        }
        Assert.True(csv.Length > EcoLedger.Server.ServerApp.MaxRequestBodyBytes);
        await using var site = await LoopbackServer.StartAsync(seed =>
        {
            MonitoringEndpointTests.SeedWithStation(seed);
            return seed.TokenOf("ver");
        });
        using var http = site.Api(site.Seeded, TimeSpan.FromMinutes(5));
        using var big = await http.PostAsync("/api/monitoring/readings?file=year.csv", MonitoringEndpointTests.Csv(csv.ToString()));
        Assert.Equal(HttpStatusCode.Created, big.StatusCode);
        var entry = JsonNode.Parse(await big.Content.ReadAsStringAsync())!;
        Assert.Equal(22_000, entry["payload"]!["readings"]!["id"]!.AsArray().Count);

        // Expect: 100-continue, so that the client reads the refusal instead of a reset while it is still sending
        using var huge = await Post(http, "/api/monitoring/readings?file=huge.csv", (int)EcoLedger.Server.Endpoints.MonitoringEndpoints.MaxReadingsBodyBytes + 1);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        // and the server-wide limit still holds elsewhere
        using var other = await Post(http, "/api/compensation/rounds/X_R1/samples?file=s.csv", (int)EcoLedger.Server.ServerApp.MaxRequestBodyBytes + 1);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, other.StatusCode);
    }

    private static Task<HttpResponseMessage> Post(HttpClient http, string path, int bytes)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = MonitoringEndpointTests.Csv(new string('x', bytes)) };
        request.Headers.ExpectContinue = true;
        return http.SendAsync(request);
    }

    private static async Task<EventStream> Open(HttpClient http, string path, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new EventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    private static async Task Until(Func<bool> done, string failure)
    {
        for (int i = 0; i < 200 && !done(); i++)
        {
            await Task.Delay(50);
        }
        Assert.True(done(), failure);
    }

    private sealed record EventStream(HttpResponseMessage Response, StreamReader Reader) : IDisposable
    {
        /// <summary>The next event of any kind (status, changes, ping) with its id.</summary>
        public async Task<(string Kind, string? Id, string Data)> NextEvent()
        {
            string? kind = null, id = null, data = null;
            while (await Reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    kind = line["event: ".Length..];
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = line["id: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line["data: ".Length..];
                }
                else if (line.Length == 0 && kind is not null && data is not null)
                {
                    return (kind, id, data);
                }
            }
            throw new InvalidOperationException("The event stream ended.");
        }

        /// <summary>The data of the next <c>status</c> event (pings are skipped).</summary>
        public async Task<JsonNode> Next()
        {
            string? kind = null, data = null;
            while (await Reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    kind = line["event: ".Length..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line["data: ".Length..];
                }
                else if (line.Length == 0 && kind == "status" && data is not null)
                {
                    return JsonNode.Parse(data)!;
                }
                else if (line.Length == 0)
                {
                    (kind, data) = (null, null);
                }
            }
            throw new InvalidOperationException("The event stream ended.");
        }

        public void Dispose()
        {
            Reader.Dispose();
            Response.Dispose();
        }
    }
}
