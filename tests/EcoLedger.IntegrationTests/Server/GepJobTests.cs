using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EcoLedger.IntegrationTests.Ledger;
using EcoLedger.Server.Hosting;
using EcoLedger.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// GEP runs and zoning as server jobs on the Yichun sample: upload, start, poll and stream, download; the same figures and hashes as
/// <c>gep compute</c> on the CLI; problems named as the CLI names them; the security log records who ran what on which inputs; an asset
/// package takes a run's unit values exactly as <c>bank package create</c> does.
/// </summary>
public sealed class GepJobTests
{
    private static readonly string Units = CliRunner.Repo("samples", "yichun", "units.geojson");
    private static readonly string Stats = CliRunner.Repo("samples", "yichun", "region-stats.csv");

    [Fact]
    public void A_GEP_run_and_its_zoning_run_off_the_request_and_publish_hashed_outputs_and_a_logged_record()
    {
        using var server = new ServerTestHost();
        string bureau = server.TokenOf("bureau");

        // Given the two inputs uploaded by the bureau
        var units = Upload(server, bureau, Units, "units.geojson");
        var stats = Upload(server, bureau, Stats, "region-stats.csv");
        Assert.Equal(Sha256(File.ReadAllBytes(Units)), units["sha256"]!.GetValue<string>());
        Assert.Equal(new FileInfo(Units).Length, units["bytes"]!.GetValue<long>());

        // When a run starts: 202 at once, with where to poll
        var started = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = Sha(units), region_stats = Sha(stats), year = 2023, report_lang = "en" }, "run-1");
        Assert.Equal(HttpStatusCode.Accepted, started.Status);
        string id = started.Json!["id"]!.GetValue<string>();
        Assert.Equal($"/api/gep/runs/{id}", started.Headers["Location"]);
        Assert.Contains(started.Json["status"]!.GetValue<string>(), new[] { "queued", "running", "succeeded" });

        // Then it succeeds, and every output is listed with its hash
        var run = WaitFor(server, "auditor", id);
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
        Assert.Equal("token:" + bureau.Split('_')[1], run["started_by"]!.GetValue<string>()); // a bureau token acts for no participant
        Assert.Equal("done", run["phase"]!.GetValue<string>());
        Assert.Equal(run["total"]!.GetValue<long>(), run["done"]!.GetValue<long>()); // the last phase (the report's four steps) ran to its end
        var outputs = run["outputs"]!.AsArray().ToDictionary(o => o!["name"]!.GetValue<string>(), o => o!["sha256"]!.GetValue<string>());
        Assert.Superset(new HashSet<string> { "gep-units.csv", "gep-summary.json", "gep-not-computed.csv", "gep-warnings.csv", "report/report.html", "report/report.xlsx", "report/report.json" },
            outputs.Keys.ToHashSet());
        var summaryBytes = Download(server, "auditor", id, "gep-summary.json");
        Assert.Equal(outputs["gep-summary.json"], Sha256(summaryBytes));
        Assert.Equal(outputs["gep-summary.json"], run["summary_sha256"]!.GetValue<string>());
        var summary = JsonNode.Parse(summaryBytes)!;
        // the summary names the inputs as uploaded, never the server's folders
        Assert.Equal(["units.geojson", "region-stats.csv"], summary["inputs"]!.AsArray().Select(i => i!["path"]!.GetValue<string>()).ToArray());
        Assert.Equal(Sha(units), summary["inputs"]![0]!["sha256"]!.GetValue<string>());
        Assert.Equal(300, summary["units"]!.GetValue<int>());
        Assert.Equal(2023, summary["year"]!.GetValue<int>());

        // A stream of a finished run ends at once with its 'done' event
        var events = server.Send(bureau, HttpMethod.Get, $"/api/gep/runs/{id}/events");
        Assert.Equal("text/event-stream", events.Headers["Content-Type"]);
        Assert.StartsWith("event: done\ndata: {", events.Text, StringComparison.Ordinal);

        // When the bureau zones the run (its units are polygons), with two tiers
        var zoning = server.Send(bureau, HttpMethod.Post, $"/api/gep/runs/{id}/zones", new { tiers = "priority:5e6,important:2e6", report_lang = "en" });
        Assert.Equal(HttpStatusCode.Accepted, zoning.Status);
        string zid = zoning.Json!["id"]!.GetValue<string>();
        var zrun = WaitFor(server, "bureau", zid);
        Assert.Equal("succeeded", zrun["status"]!.GetValue<string>());
        Assert.Equal(zrun["total"]!.GetValue<long>(), zrun["done"]!.GetValue<long>());
        var classified = JsonNode.Parse(Download(server, "bureau", zid, "units-classified.geojson"))!;
        Assert.Equal(300, classified["features"]!.AsArray().Count);
        var zsummary = JsonNode.Parse(Download(server, "bureau", zid, "zones-summary.json"))!;
        Assert.Equal(["priority", "important"], zsummary["tiers"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToArray());
        Assert.Equal(zrun["summary_sha256"]!.GetValue<string>(), Sha256(Download(server, "bureau", zid, "zones-summary.json")));
        Assert.Contains(zrun["outputs"]!.AsArray(), o => o!["name"]!.GetValue<string>() == "report/report.html");

        // And the security log says who ran what on which inputs, with the summary's hash, and still verifies
        var log = server.Ok("auditor", HttpMethod.Get, "/api/security-log")!.AsArray()
            .Where(e => e!["kind"]!.GetValue<string>().Contains(".run_", StringComparison.Ordinal)).ToList();
        Assert.Equal(["gep.run_started", "gep.run_finished", "zones.run_started", "zones.run_finished"], log.Select(e => e!["kind"]!.GetValue<string>()).ToArray());
        var startedDetail = JsonNode.Parse(log[0]!["detail"]!.GetValue<string>())!;
        Assert.Equal($"units=units.geojson:{Sha(units)},region_stats=region-stats.csv:{Sha(stats)}", startedDetail["inputs"]!.GetValue<string>());
        var finishedDetail = JsonNode.Parse(log[1]!["detail"]!.GetValue<string>())!;
        Assert.Equal(run["summary_sha256"]!.GetValue<string>(), finishedDetail["summary_sha256"]!.GetValue<string>());
        Assert.Equal(server.TokenOf("bureau").Split('_')[1], log[0]!["credential"]!.GetValue<string>());
        Assert.True(server.Ok("auditor", HttpMethod.Get, "/api/security-log/verify")!["verified"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_client_that_streams_progress_and_goes_away_leaves_the_run_running_to_its_end()
    {
        using var server = new ServerTestHost();
        string bureau = server.TokenOf("bureau");
        // the run is held at its first accounting phase, mid-run, until the test opens the gate
        using var gate = new RunGate(server.Services.GetRequiredService<Jobs>(), TimeSpan.FromMinutes(2));
        var units = Upload(server, bureau, Units, "units.geojson");
        string id = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = Sha(units), year = 2023 }).Json!["id"]!.GetValue<string>();
        Assert.Equal(id, await gate.Held.WaitAsync(TimeSpan.FromMinutes(2)));

        // Given one client that reads the first event of the stream (the run, held mid-run) and disconnects ...
        using (var client = server.Client(bureau))
        using (var cancel = new CancellationTokenSource())
        {
            using var response = await client.GetAsync($"/api/gep/runs/{id}/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
            Assert.Equal("event: progress", await reader.ReadLineAsync(cancel.Token));
            var first = JsonNode.Parse((await reader.ReadLineAsync(cancel.Token))!["data: ".Length..])!;
            Assert.Equal("running", first["status"]!.GetValue<string>());
            Assert.Equal("accounting units", first["phase"]!.GetValue<string>());
            await cancel.CancelAsync();
        }
        // ... the run is still running after the client went away; then the gate opens
        Assert.Equal("running", server.Ok("bureau", HttpMethod.Get, $"/api/gep/runs/{id}")!["status"]!.GetValue<string>());
        gate.Open();

        // and another client follows the stream to its end
        using var follower = server.Client(bureau);
        string stream = await follower.GetStringAsync($"/api/gep/runs/{id}/events");
        var events = stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Where(e => e.StartsWith("event: ", StringComparison.Ordinal)).ToList();

        // Then the run finished all the same, and the stream ended with it
        Assert.StartsWith("event: done\ndata: ", events[^1], StringComparison.Ordinal);
        var last = JsonNode.Parse(events[^1].Split("data: ")[1])!;
        Assert.Equal("succeeded", last["status"]!.GetValue<string>());
        Assert.All(events[..^1], e => Assert.StartsWith("event: progress", e, StringComparison.Ordinal));
        Assert.Equal("succeeded", WaitFor(server, "bureau", id)["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_cancelled_run_stops_mid_run_keeps_no_file_and_is_logged_as_cancelled_and_a_queued_one_never_starts()
    {
        using var server = new ServerTestHost();
        string bureau = server.TokenOf("bureau");
        var jobs = server.Services.GetRequiredService<Jobs>();
        using var gate = new RunGate(jobs, TimeSpan.FromMinutes(2));
        var units = Upload(server, bureau, Units, "units.geojson");
        string running = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = Sha(units), year = 2023 }).Json!["id"]!.GetValue<string>();
        Assert.Equal(running, await gate.Held.WaitAsync(TimeSpan.FromMinutes(2)));
        // one worker (the default), held: a second run waits in the queue
        string queued = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = Sha(units), year = 2022 }).Json!["id"]!.GetValue<string>();

        // When the registry cancels the queued run and the bureau the running one
        var cancelledQueued = server.Send(server.TokenOf("reg"), HttpMethod.Post, $"/api/gep/runs/{queued}/cancel");
        var cancelling = server.Send(bureau, HttpMethod.Post, $"/api/gep/runs/{running}/cancel");
        var auditorTries = server.Send(server.TokenOf("auditor"), HttpMethod.Post, $"/api/gep/runs/{running}/cancel");
        gate.Open();
        var stopped = WaitFor(server, "bureau", running);

        // Then the queued run is cancelled at once and the running one at its next step; neither offers a file
        Assert.Equal(HttpStatusCode.OK, cancelledQueued.Status);
        Assert.Equal("cancelled", cancelledQueued.Json!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Accepted, cancelling.Status);
        Assert.Equal(HttpStatusCode.Forbidden, auditorTries.Status);
        Assert.Equal("cancelled", stopped["status"]!.GetValue<string>());
        Assert.Empty(stopped["outputs"]!.AsArray());
        Assert.Null(stopped["summary_sha256"]);
        Assert.False(Directory.Exists(jobs.OutputFolder(running)), "the cancelled run's partial output folder is still there");
        Assert.Equal(HttpStatusCode.NotFound, server.Send(bureau, HttpMethod.Get, $"/api/gep/runs/{running}/files/gep-units.csv").Status);
        Assert.Equal("cancelled", server.Ok("bureau", HttpMethod.Get, $"/api/gep/runs/{queued}")!["status"]!.GetValue<string>());
        Assert.Null(server.Ok("bureau", HttpMethod.Get, $"/api/gep/runs/{queued}")!["started"]);
        var again = server.Send(bureau, HttpMethod.Post, $"/api/gep/runs/{running}/cancel");
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Equal($"Run {running} is cancelled already: there is nothing to cancel.", again.Json!["detail"]!.GetValue<string>());
        var log = server.Ok("reg", HttpMethod.Get, "/api/security-log")!.AsArray().Select(e => e!).Where(e => e["kind"]!.GetValue<string>() == "gep.run_cancelled").ToList();
        Assert.Equal(2, log.Count);
        var q = Assert.Single(log, e => e["detail"]!.GetValue<string>().Contains(queued, StringComparison.Ordinal));
        Assert.Equal("reg", q["principal"]!.GetValue<string>());
        Assert.Equal("queued", JsonNode.Parse(q["detail"]!.GetValue<string>())!["during"]!.GetValue<string>());
        var r = Assert.Single(log, e => e["detail"]!.GetValue<string>().Contains(running, StringComparison.Ordinal));
        Assert.Equal("token:" + bureau.Split('_')[1], r["principal"]!.GetValue<string>()); // the bureau's token acts for no participant
        Assert.Equal("accounting units", JsonNode.Parse(r["detail"]!.GetValue<string>())!["during"]!.GetValue<string>());
        Assert.DoesNotContain(server.Ok("reg", HttpMethod.Get, "/api/security-log")!.AsArray(),
            e => e!["kind"]!.GetValue<string>() == "gep.run_finished" && e["detail"]!.GetValue<string>().Contains(running, StringComparison.Ordinal));
    }

    [Fact]
    public void Finished_runs_older_than_the_retention_setting_are_removed_with_their_files_and_the_removal_is_logged()
    {
        using var server = new ServerTestHost(settings: new Dictionary<string, string> { ["EcoLedger:JobRetentionDays"] = "30" });
        string bureau = server.TokenOf("bureau");
        var jobs = server.Services.GetRequiredService<Jobs>();
        var units = Upload(server, bureau, Units, "units.geojson");
        string id = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = Sha(units), year = 2023 }).Json!["id"]!.GetValue<string>();
        var run = WaitFor(server, "bureau", id);
        var finished = DateTimeOffset.Parse(run["finished"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        string runFolder = Path.GetDirectoryName(jobs.OutputFolder(id))!;

        // 29 days after it finished the run is kept; 31 days after, it and its upload are gone
        Assert.Empty(jobs.RemoveExpired(finished.AddDays(29)));
        Assert.Equal("succeeded", server.Ok("auditor", HttpMethod.Get, $"/api/gep/runs/{id}")!["status"]!.GetValue<string>());
        File.SetLastWriteTimeUtc(Path.Combine(jobs.Root, "inputs", Sha(units) + ".name"), finished.UtcDateTime);
        Assert.Equal([id], jobs.RemoveExpired(finished.AddDays(31)));

        Assert.Equal(HttpStatusCode.NotFound, server.Send(server.TokenOf("auditor"), HttpMethod.Get, $"/api/gep/runs/{id}").Status);
        Assert.False(Directory.Exists(runFolder));
        Assert.False(File.Exists(Path.Combine(jobs.Root, "inputs", Sha(units))));
        Assert.Empty(server.Ok("auditor", HttpMethod.Get, "/api/gep/inputs")!.AsArray());
        var removed = Assert.Single(server.Ok("reg", HttpMethod.Get, "/api/security-log")!.AsArray(), e => e!["kind"]!.GetValue<string>() == "gep.runs_removed")!;
        var detail = JsonNode.Parse(removed["detail"]!.GetValue<string>())!;
        Assert.Equal("30", detail["retention_days"]!.GetValue<string>());
        Assert.Equal($"{id}:succeeded:{run["summary_sha256"]!.GetValue<string>()}", detail["runs"]!.GetValue<string>());
        Assert.True(server.Ok("auditor", HttpMethod.Get, "/api/security-log/verify")!["verified"]!.GetValue<bool>());
    }

    [Fact]
    public void Without_a_retention_setting_every_run_is_kept()
    {
        using var server = new ServerTestHost();
        string bureau = server.TokenOf("bureau");
        var jobs = server.Services.GetRequiredService<Jobs>();
        var units = Upload(server, bureau, Units, "units.geojson");
        string id = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = Sha(units), year = 2023 }).Json!["id"]!.GetValue<string>();
        WaitFor(server, "bureau", id);

        Assert.Empty(jobs.RemoveExpired(DateTimeOffset.UtcNow.AddYears(10)));
        Assert.Equal("succeeded", server.Ok("auditor", HttpMethod.Get, $"/api/gep/runs/{id}")!["status"]!.GetValue<string>());
    }

    [Fact]
    public void Constant_prices_and_monte_carlo_on_a_server_run_give_the_CLIs_files_and_bad_values_get_the_CLIs_refusals()
    {
        string dir = Directory.CreateTempSubdirectory("ecoledger-gep-options-").FullName;
        try
        {
            // Given gep compute on the CLI at 2024 prices (CPI) with 100 Monte Carlo draws, seed 7 ...
            var cli = CliRunner.Run("gep", "compute", "--units", Units, "--region-stats", Stats, "--year", "2023", "--price-year", "2024", "--price-series", "cpi",
                "--uncertainty", "100", "--seed", "7", "--out", Path.Combine(dir, "cli"));
            Assert.True(cli.ExitCode == 0, cli.Err);

            // ... and the same as a server run
            using var server = new ServerTestHost();
            string bureau = server.TokenOf("bureau");
            var units = Upload(server, bureau, Units, "units.geojson");
            var stats = Upload(server, bureau, Stats, "region-stats.csv");
            string id = server.Send(bureau, HttpMethod.Post, "/api/gep/runs",
                new { units = Sha(units), region_stats = Sha(stats), year = 2023, price_year = 2024, price_series = "cpi", uncertainty = 100, seed = 7 }).Json!["id"]!.GetValue<string>();
            Assert.Equal("succeeded", WaitFor(server, "bureau", id)["status"]!.GetValue<string>());

            // Then the unit rows, the intervals and the drawn parameters are the same bytes, and the summaries the same figures
            foreach (var file in new[] { "gep-units.csv", "gep-uncertainty.csv", "gep-uncertainty-parameters.csv" })
            {
                Assert.Equal(Sha256(File.ReadAllBytes(Path.Combine(dir, "cli", file))), Sha256(Download(server, "bureau", id, file)));
            }
            var fromCli = JsonNode.Parse(File.ReadAllBytes(Path.Combine(dir, "cli", "gep-summary.json")))!.AsObject();
            var fromServer = JsonNode.Parse(Download(server, "bureau", id, "gep-summary.json"))!.AsObject();
            foreach (var (input, name) in fromCli["inputs"]!.AsArray().Zip(["units.geojson", "region-stats.csv"]))
            {
                input!["path"] = name;
            }
            Assert.Equal(fromCli.ToJsonString(), fromServer.ToJsonString());
            Assert.NotNull(fromServer["uncertainty"]);

            // And bad values are refused before anything runs, with the CLI's sentences naming the members
            string Refusal(object body) => server.Send(bureau, HttpMethod.Post, "/api/gep/runs", body).Json!["detail"]!.GetValue<string>();
            Assert.Equal("price_year: expected a year from 1900 to 2100, got 1800.", Refusal(new { units = Sha(units), price_year = 1800 }));
            Assert.Equal("price_series: the index table has no series 'gdp'; expected one of cpi, ppi.", Refusal(new { units = Sha(units), price_year = 2020, price_series = "gdp" }));
            Assert.StartsWith("price_series: given without price_year", Refusal(new { units = Sha(units), price_series = "ppi" }), StringComparison.Ordinal);
            Assert.Equal("uncertainty: expected from 100 to 1,000,000 draws, got 10.", Refusal(new { units = Sha(units), uncertainty = 10 }));
            Assert.StartsWith("seed: given without uncertainty", Refusal(new { units = Sha(units), seed = 3 }), StringComparison.Ordinal);
            Assert.Single(server.Ok("auditor", HttpMethod.Get, "/api/gep/runs")!.AsArray());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void The_same_run_on_the_CLI_and_on_the_server_gives_the_same_figures_and_hashes()
    {
        // Given gep compute on the CLI ...
        string dir = Directory.CreateTempSubdirectory("ecoledger-gep-parity-").FullName;
        try
        {
            var cli = CliRunner.Run("gep", "compute", "--units", Units, "--region-stats", Stats, "--year", "2023", "--out", Path.Combine(dir, "cli"), "--json");
            Assert.True(cli.ExitCode == 0, cli.Err);

            // ... and the same inputs as a server run
            using var server = new ServerTestHost();
            string bureau = server.TokenOf("bureau");
            var units = Upload(server, bureau, Units, "units.geojson");
            var stats = Upload(server, bureau, Stats, "region-stats.csv");
            string id = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = Sha(units), region_stats = Sha(stats), year = 2023 }).Json!["id"]!.GetValue<string>();
            Assert.Equal("succeeded", WaitFor(server, "bureau", id)["status"]!.GetValue<string>());

            // Then the unit rows are the same bytes, and the summaries the same figures (the inputs differ only in how their path is written)
            foreach (var file in new[] { "gep-units.csv", "gep-not-computed.csv", "gep-warnings.csv" })
            {
                Assert.Equal(Sha256(File.ReadAllBytes(Path.Combine(dir, "cli", file))), Sha256(Download(server, "bureau", id, file)));
            }
            var fromCli = JsonNode.Parse(File.ReadAllBytes(Path.Combine(dir, "cli", "gep-summary.json")))!.AsObject();
            var fromServer = JsonNode.Parse(Download(server, "bureau", id, "gep-summary.json"))!.AsObject();
            Assert.Equal([Units, Stats], fromCli["inputs"]!.AsArray().Select(i => i!["path"]!.GetValue<string>()).ToArray());
            foreach (var (input, name) in fromCli["inputs"]!.AsArray().Zip(["units.geojson", "region-stats.csv"]))
            {
                input!["path"] = name;
            }
            Assert.Equal(fromCli.ToJsonString(), fromServer.ToJsonString());
            Assert.True(fromServer["total_cny"]!.GetValue<decimal>() > 0);

            // And zoning both ways gives the same zones, classified units and summary, byte for byte
            var zcli = CliRunner.Run("zones", "mark", "--units", Units, "--gep", Path.Combine(dir, "cli"), "--out", Path.Combine(dir, "zones"),
                "--tiers", "priority:5e6,important:2e6");
            Assert.True(zcli.ExitCode == 0, zcli.Err);
            string zid = server.Send(bureau, HttpMethod.Post, $"/api/gep/runs/{id}/zones", new { tiers = "priority:5e6,important:2e6", report_lang = "en" })
                .Json!["id"]!.GetValue<string>();
            Assert.Equal("succeeded", WaitFor(server, "bureau", zid)["status"]!.GetValue<string>());
            foreach (var file in new[] { "zones.geojson", "units-classified.geojson", "zones-summary.json" })
            {
                Assert.Equal(Sha256(File.ReadAllBytes(Path.Combine(dir, "zones", file))), Sha256(Download(server, "bureau", zid, file)));
            }
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_run_with_bad_input_fails_naming_file_row_and_field_as_the_CLI_does_and_writes_nothing()
    {
        // Given a units CSV whose second data row has an area that is not a number
        string dir = Directory.CreateTempSubdirectory("ecoledger-gep-bad-").FullName;
        try
        {
            string csv = Path.Combine(dir, "bad-units.csv");
            File.WriteAllText(csv, "unit_id,region,ecosystem,area_ha,precipitation_mm,evapotranspiration_mm\nU1,R,forest,100,700,400\nU2,R,forest,lots,700,400\n");
            var cli = CliRunner.Run("gep", "compute", "--units", csv, "--out", Path.Combine(dir, "out"));
            Assert.Equal(2, cli.ExitCode);
            string[] expected = [.. cli.ErrLines.Where(l => l.StartsWith("error: " + csv, StringComparison.Ordinal)).Select(l => l["error: ".Length..].Replace(csv, "bad-units.csv", StringComparison.Ordinal))];
            Assert.NotEmpty(expected);

            using var server = new ServerTestHost();
            string bureau = server.TokenOf("bureau");
            var units = Upload(server, bureau, csv, "bad-units.csv");
            string id = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = Sha(units) }).Json!["id"]!.GetValue<string>();
            var run = WaitFor(server, "bureau", id);

            Assert.Equal("failed", run["status"]!.GetValue<string>());
            Assert.Equal(expected, run["problems"]!.AsArray().Select(p => p!.GetValue<string>()).ToArray());
            Assert.Contains("area_ha", expected[0], StringComparison.Ordinal);
            Assert.Empty(run["outputs"]!.AsArray());
            var download = server.Send(bureau, HttpMethod.Get, $"/api/gep/runs/{id}/files/gep-summary.json");
            Assert.Equal(HttpStatusCode.NotFound, download.Status);
            Assert.Equal($"Run {id} has no output 'gep-summary.json'; it wrote nothing.", download.Json!["detail"]!.GetValue<string>());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Bad_requests_are_refused_before_anything_runs()
    {
        using var server = new ServerTestHost(settings: new Dictionary<string, string> { ["EcoLedger:MaxUploadMegabytes"] = "1" });
        string bureau = server.TokenOf("bureau");

        var tooLarge = server.Send(bureau, HttpMethod.Post, "/api/gep/inputs?file=big.csv", new ByteArrayContent(new byte[1024 * 1024 + 1]));
        var shapefile = server.Send(bureau, HttpMethod.Post, "/api/gep/inputs?file=units.shp", new ByteArrayContent([1, 2, 3]));
        var unknown = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = new string('a', 64) });
        var year = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = new string('a', 64), year = 1800 });
        var method = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = new string('a', 64), method = "nope" });
        var zonesOfNothing = server.Send(bureau, HttpMethod.Post, "/api/gep/runs/run-none/zones", new { });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.Status);
        Assert.Equal("big.csv is larger than 1 MiB, the largest input this server takes (EcoLedger:MaxUploadMegabytes); nothing was kept.", tooLarge.Json!["detail"]!.GetValue<string>());
        Assert.Equal("application/problem+json", tooLarge.Headers["Content-Type"]);
        Assert.Equal(HttpStatusCode.BadRequest, shapefile.Status);
        Assert.Equal(["file"], shapefile.Json!["fields"]!.AsArray().Select(f => f!.GetValue<string>()).ToArray());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal($"No uploaded input has SHA-256 '{new string('a', 64)}' (units); upload the file first (POST /api/gep/inputs?file=NAME) and name it by the sha256 answered.",
            unknown.Json!["detail"]!.GetValue<string>());
        Assert.Equal("year: expected an accounting year from 1900 to 2100, got 1800.", year.Json!["detail"]!.GetValue<string>());
        Assert.Equal(["method"], method.Json!["fields"]!.AsArray().Select(f => f!.GetValue<string>()).ToArray());
        Assert.Equal(HttpStatusCode.NotFound, zonesOfNothing.Status);
        Assert.Empty(server.Ok("bureau", HttpMethod.Get, "/api/gep/inputs")!.AsArray()); // the refused uploads kept nothing
        Assert.Empty(server.Ok("bureau", HttpMethod.Get, "/api/gep/runs")!.AsArray());
    }

    [Fact]
    public void An_idempotency_key_starts_one_run_and_refuses_another_request()
    {
        using var server = new ServerTestHost();
        string bureau = server.TokenOf("bureau");
        var units = Upload(server, bureau, Units, "units.geojson");

        var first = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = Sha(units), year = 2023 }, "same-key");
        var again = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = Sha(units), year = 2023 }, "same-key");
        var other = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = Sha(units), year = 2024 }, "same-key");

        Assert.Equal(first.Json!["id"]!.GetValue<string>(), again.Json!["id"]!.GetValue<string>());
        Assert.Equal("true", again.Headers["Idempotent-Replayed"]);
        Assert.Equal(HttpStatusCode.Conflict, other.Status);
        Assert.Single(server.Ok("bureau", HttpMethod.Get, "/api/gep/runs")!.AsArray());
        WaitFor(server, "bureau", first.Json["id"]!.GetValue<string>()); // let it finish before the folder goes
    }

    [Fact]
    public void An_asset_package_from_a_server_run_journals_what_bank_package_create_journals_from_the_same_values()
    {
        // Given a GEP run on the server, and households holding two of its units
        using var server = new ServerTestHost();
        string bureau = server.TokenOf("bureau");
        var units = Upload(server, bureau, Units, "units.geojson");
        var stats = Upload(server, bureau, Stats, "region-stats.csv");
        string id = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = Sha(units), region_stats = Sha(stats), year = 2023 }).Json!["id"]!.GetValue<string>();
        Assert.Equal("succeeded", WaitFor(server, "bureau", id)["status"]!.GetValue<string>());
        foreach (var hh in new[] { "hh_a", "hh_b" })
        {
            server.Ok("reg", HttpMethod.Post, "/api/participants", new { id = hh, role = "holder" });
        }
        const string Contributions = "unit_id,contributor,mode,term_years,area_ha,guaranteed_min_cny\nYC-0001,hh_a,custody,30,2500,1500\nYC-0002,hh_b,lease,20,2500,1200\n";

        // When the registry, as operator, creates the package from the run
        var created = server.Send(server.TokenOf("reg"), HttpMethod.Post,
            $"/api/pricing/packages?id=YC_PKG_1&gep_run={id}&services=water_conservation,soil_retention&share_basis=area&file=contributions.csv",
            new StringContent(Contributions, Encoding.UTF8, "text/csv"), "pkg-1");
        Assert.True(created.Status == HttpStatusCode.Created, created.Text);

        // Then the journal holds what the CLI journals from the run's gep-units.csv
        string dir = Directory.CreateTempSubdirectory("ecoledger-pkg-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "gep-units.csv"), Download(server, "bureau", id, "gep-units.csv"));
            File.WriteAllText(Path.Combine(dir, "contributions.csv"), Contributions);
            using var cli = new LedgerTestDb();
            cli.Ok("ledger", "init");
            cli.Ok("ledger", "participant", "add", "--id", "reg", "--role", "registry");
            foreach (var hh in new[] { "hh_a", "hh_b" })
            {
                cli.Ok("ledger", "participant", "add", "--id", hh, "--role", "holder", "--actor", "reg");
            }
            cli.Ok("bank", "package", "create", "--id", "YC_PKG_1", "--units", Path.Combine(dir, "contributions.csv"), "--gep", dir,
                "--services", "water_conservation,soil_retention", "--share-basis", "area", "--actor", "reg", "--request-id", "pkg-1");
            Assert.Equal(Last(cli.Path, "bank.package_created"), Last(server.DbPath, "bank.package_created"));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
        var payload = JsonNode.Parse(Last(server.DbPath, "bank.package_created"))!;
        Assert.Equal(2, payload["units"]!.AsArray().Count);
        Assert.True(payload["units"]![0]!["annual_gep_fen"]!.GetValue<long>() > 0);
        // and the security log says which run the values came from
        var link = server.Ok("auditor", HttpMethod.Get, "/api/security-log")!.AsArray().Last(e => e!["kind"]!.GetValue<string>() == "package.created_from_run");
        var detail = JsonNode.Parse(link!["detail"]!.GetValue<string>())!;
        Assert.Equal(id, detail["run"]!.GetValue<string>());
        Assert.Equal("YC_PKG_1", detail["package"]!.GetValue<string>());
    }

    private static string Last(string db, string kind)
    {
        using var d = LedgerDatabase.Open(db);
        return d.JournalEntries().Last(e => e.Kind == kind).Payload;
    }

    internal static JsonNode Upload(ServerTestHost server, string token, string path, string name)
    {
        var content = new ByteArrayContent(File.ReadAllBytes(path));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var r = server.Send(token, HttpMethod.Post, "/api/gep/inputs?file=" + Uri.EscapeDataString(name), content);
        Assert.True(r.Status == HttpStatusCode.Created, r.Text);
        return r.Json!;
    }

    internal static string Sha(JsonNode input) => input["sha256"]!.GetValue<string>();

    /// <summary>Polls a run until it has finished (a run of the 300 Yichun units takes seconds; a shared two-core machine, more).</summary>
    internal static JsonNode WaitFor(ServerTestHost server, string who, string id)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var run = server.Ok(who, HttpMethod.Get, $"/api/gep/runs/{id}")!;
            if (run["status"]!.GetValue<string>() is "succeeded" or "failed" or "cancelled")
            {
                return run;
            }
            Assert.True(DateTime.UtcNow < deadline, $"run {id} did not finish: {run.ToJsonString()}");
            Thread.Sleep(200);
        }
    }

    private static byte[] Download(ServerTestHost server, string who, string id, string name)
    {
        using var client = server.Client(server.TokenOf(who));
        using var response = Task.Run(() => client.GetAsync($"/api/gep/runs/{id}/files/{name}")).GetAwaiter().GetResult();
        Assert.True(response.IsSuccessStatusCode, $"{name}: {(int)response.StatusCode}");
        return Task.Run(() => response.Content.ReadAsByteArrayAsync()).GetAwaiter().GetResult();
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
