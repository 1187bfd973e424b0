using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcoLedger.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using static EcoLedger.IntegrationTests.Server.GepJobTests;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// <c>zones screen</c> and <c>gep compare</c> as server jobs: the same application calls as the CLI, the same bytes, refusals before anything
/// is queued, the security log's record, and retention that keeps what a kept run was made from.
/// </summary>
public sealed class GepAnalysisJobTests
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public void A_screening_of_planned_sites_gives_what_zones_screen_json_prints_and_its_table()
    {
        string dir = Directory.CreateTempSubdirectory("ecoledger-screen-").FullName;
        try
        {
            // Given the CLI's accounting, zoning and screening of the Yichun sample's planned sites ...
            string units = CliRunner.Repo("samples", "yichun", "units.geojson"), sites = CliRunner.Repo("samples", "yichun", "sites.geojson");
            Assert.Equal(0, CliRunner.Run("gep", "compute", "--units", units, "--region-stats", CliRunner.Repo("samples", "yichun", "region-stats.csv"), "--year", "2023",
                "--out", Path.Combine(dir, "gep")).ExitCode);
            Assert.Equal(0, CliRunner.Run("zones", "mark", "--units", units, "--gep", Path.Combine(dir, "gep"), "--tiers", "priority:5e6,important:2e6",
                "--out", Path.Combine(dir, "zones")).ExitCode);
            var cli = CliRunner.Run("zones", "screen", "--zones", Path.Combine(dir, "zones"), "--sites", sites, "--sliver-m2", "10", "--json");
            Assert.True(cli.ExitCode == 0, cli.Err);
            var cliTable = CliRunner.Run("zones", "screen", "--zones", Path.Combine(dir, "zones"), "--sites", sites, "--sliver-m2", "10");
            Assert.True(cliTable.ExitCode == 0, cliTable.Err);

            // ... and the same on the server: a GEP run, its zoning, then the screening of the uploaded sites
            using var server = new ServerTestHost();
            string bureau = server.TokenOf("bureau");
            string zid = Zoned(server, bureau);
            var uploaded = Upload(server, bureau, sites, "sites.geojson");
            var started = server.Send(bureau, HttpMethod.Post, $"/api/gep/runs/{zid}/screen", new { sites = Sha(uploaded), sliver_m2 = 10 }, "screen-1");
            Assert.Equal(HttpStatusCode.Accepted, started.Status);
            string sid = started.Json!["id"]!.GetValue<string>();
            var run = WaitFor(server, "auditor", sid);

            // Then screening.json is the CLI's output, byte for byte, and the run names the zoning it screened against
            Assert.Equal("succeeded", run["status"]!.GetValue<string>());
            Assert.Equal("screen", run["kind"]!.GetValue<string>());
            Assert.Equal(zid, run["parent"]!.GetValue<string>());
            byte[] screening = Download(server, sid, "screening.json");
            Assert.Equal(cli.Out, Encoding.UTF8.GetString(screening));
            Assert.Equal(run["summary_sha256"]!.GetValue<string>(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(screening)));
            var doc = JsonNode.Parse(screening)!;
            Assert.Equal(10, doc["sliver_tolerance"]!["min_m2"]!.GetValue<double>());
            Assert.NotEmpty(doc["sites"]!.AsArray());
            // ... with the table 'zones screen' prints beside it, for people
            string table = Encoding.UTF8.GetString(Download(server, sid, "screening.txt"));
            Assert.Equal(cliTable.Out, table);
            Assert.StartsWith("site_id", table, StringComparison.Ordinal);
            Assert.Contains($"{doc["sites"]!.AsArray().Count} sites: ", table, StringComparison.Ordinal);

            // And the security log records it as a screening, and bad requests are refused before anything is queued
            var kinds = server.Ok("auditor", HttpMethod.Get, "/api/security-log")!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
            Assert.Contains("zones.screen_started", kinds);
            Assert.Contains("zones.screen_finished", kinds);
            var unknownSites = server.Send(bureau, HttpMethod.Post, $"/api/gep/runs/{zid}/screen", new { sites = "0" });
            Assert.Equal(HttpStatusCode.BadRequest, unknownSites.Status);
            Assert.Equal(["sites"], unknownSites.Json!["fields"]!.AsArray().Select(f => f!.GetValue<string>()).ToArray());
            string gid = server.Ok("bureau", HttpMethod.Get, $"/api/gep/runs/{zid}")!["parent"]!.GetValue<string>();
            var notZoning = server.Send(bureau, HttpMethod.Post, $"/api/gep/runs/{gid}/screen", new { sites = Sha(uploaded) });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, notZoning.Status);
            Assert.Equal($"Run {gid} is a gep run that is succeeded; screening sites needs a zoning run that succeeded.", notZoning.Json!["detail"]!.GetValue<string>());
            var badSliver = server.Send(bureau, HttpMethod.Post, $"/api/gep/runs/{zid}/screen", new { sites = Sha(uploaded), sliver_m2 = -1 });
            Assert.Equal(HttpStatusCode.BadRequest, badSliver.Status);
            Assert.Equal("sliver_m2: -1 is not a tolerance; expected square metres ≥ 0 (default 1).", badSliver.Json!["detail"]!.GetValue<string>());
            Assert.Equal(3, server.Ok("auditor", HttpMethod.Get, "/api/gep/runs")!.AsArray().Count);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_comparison_of_two_server_runs_gives_the_accounts_gep_compare_writes()
    {
        string dir = Directory.CreateTempSubdirectory("ecoledger-compare-job-").FullName;
        try
        {
            // Given the CLI's comparison of Yichun 2023 and 2024 at 2024 prices, with the sample's unit map ...
            string Compute(string sample, int year)
            {
                string outDir = Path.Combine(dir, sample);
                var r = CliRunner.Run("gep", "compute", "--units", CliRunner.Repo("samples", sample, "units.geojson"), "--region-stats", CliRunner.Repo("samples", sample, "region-stats.csv"),
                    "--year", year.ToString(System.Globalization.CultureInfo.InvariantCulture), "--price-year", "2024", "--out", outDir);
                Assert.True(r.ExitCode == 0, r.Err);
                return outDir;
            }
            string cliFrom = Compute("yichun", 2023), cliTo = Compute("yichun-2024", 2024);
            string map = CliRunner.Repo("samples", "yichun-2024", "unit-map.csv");
            var cli = CliRunner.Run("gep", "compare", "--from", cliFrom, "--to", cliTo, "--unit-map", map, "--out", Path.Combine(dir, "compare"));
            Assert.True(cli.ExitCode == 0, cli.Err);

            // ... and the same two runs on the server, compared there
            using var server = new ServerTestHost();
            string bureau = server.TokenOf("bureau");
            string Run(string sample, int year)
            {
                var units = Upload(server, bureau, CliRunner.Repo("samples", sample, "units.geojson"), "units.geojson");
                var stats = Upload(server, bureau, CliRunner.Repo("samples", sample, "region-stats.csv"), "region-stats.csv");
                string id = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = Sha(units), region_stats = Sha(stats), year, price_year = 2024 }).Json!["id"]!.GetValue<string>();
                Assert.Equal("succeeded", WaitFor(server, "bureau", id)["status"]!.GetValue<string>());
                return id;
            }
            string from = Run("yichun", 2023), to = Run("yichun-2024", 2024);
            var unitMap = Upload(server, bureau, map, "unit-map.csv");
            var started = server.Send(bureau, HttpMethod.Post, "/api/gep/compare", new { from, to, unit_map = Sha(unitMap) });
            Assert.Equal(HttpStatusCode.Accepted, started.Status);
            string cid = started.Json!["id"]!.GetValue<string>();
            var run = WaitFor(server, "bureau", cid);
            Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.ToJsonString());

            // Then every file the CLI wrote is the server's, byte for byte, with runs named by id and files as uploaded
            var names = new Dictionary<string, string>
            {
                [Path.Combine(cliFrom)] = from,
                [cliTo] = to,
                [map] = "unit-map.csv",
                [CliRunner.Repo("samples", "yichun", "units.geojson")] = "units.geojson",
                [CliRunner.Repo("samples", "yichun-2024", "units.geojson")] = "units.geojson",
            };
            string[] written = [.. Directory.GetFiles(Path.Combine(dir, "compare")).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];
            Assert.Equal(written, run["outputs"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()).ToArray());
            foreach (var file in written)
            {
                string expected = File.ReadAllText(Path.Combine(dir, "compare", file));
                foreach (var (path, name) in names.OrderByDescending(n => n.Key.Length))
                {
                    expected = expected.Replace(JsonSerializer.Serialize(path, Relaxed), JsonSerializer.Serialize(name, Relaxed), StringComparison.Ordinal);
                }
                Assert.Equal(expected, Encoding.UTF8.GetString(Download(server, cid, file)));
            }
            var summary = JsonNode.Parse(Download(server, cid, "gep-change-summary.json"))!;
            Assert.Equal("units.geojson", summary["from"]!["units_file"]!.GetValue<string>());
            Assert.Equal("unit-map.csv", summary["unit_map"]!.GetValue<string>());

            // And a comparison of a run that is not a succeeded GEP run is refused before anything is queued
            var unknown = server.Send(bureau, HttpMethod.Post, "/api/gep/compare", new { from, to = "run-none" });
            Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
            Assert.Equal("to: there is no GEP run 'run-none' on this server.", unknown.Json!["detail"]!.GetValue<string>());
            var ofComparison = server.Send(bureau, HttpMethod.Post, "/api/gep/compare", new { from = cid, to });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, ofComparison.Status);

            // And the security log records the comparison
            var kinds = server.Ok("auditor", HttpMethod.Get, "/api/security-log")!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToList();
            Assert.Contains("gep.compare_finished", kinds);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Retention_removes_old_runs_but_keeps_every_run_a_kept_screening_or_comparison_was_made_from()
    {
        using var server = new ServerTestHost(settings: new Dictionary<string, string> { ["EcoLedger:JobRetentionDays"] = "30" });
        string bureau = server.TokenOf("bureau");
        string zid = Zoned(server, bureau);
        string gid = server.Ok("bureau", HttpMethod.Get, $"/api/gep/runs/{zid}")!["parent"]!.GetValue<string>();
        var sites = Upload(server, bureau, CliRunner.Repo("samples", "yichun", "sites.geojson"), "sites.geojson");
        Thread.Sleep(50); // the screening finishes strictly after the zoning (times are kept to the millisecond)
        string sid = server.Send(bureau, HttpMethod.Post, $"/api/gep/runs/{zid}/screen", new { sites = Sha(sites) }).Json!["id"]!.GetValue<string>();
        Assert.Equal("succeeded", WaitFor(server, "bureau", sid)["status"]!.GetValue<string>());
        var jobs = server.Services.GetRequiredService<Jobs>();
        var zoningFinished = DateTimeOffset.Parse(jobs.Get(zid)!.Finished!, System.Globalization.CultureInfo.InvariantCulture);
        var screeningFinished = DateTimeOffset.Parse(jobs.Get(sid)!.Finished!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(screeningFinished > zoningFinished, "the screening finished after the zoning");

        // When the cutoff (30 days before the sweep) falls after the zoning finished but before the screening did, nothing goes: the
        // zoning and its GEP run are what the kept screening was made from
        var between = zoningFinished + ((screeningFinished - zoningFinished) / 2);
        Assert.Empty(jobs.RemoveExpired(between.AddDays(30)));
        Assert.NotNull(jobs.Get(gid));

        // Then, once the screening is older than the cutoff too, all three go in one sweep
        Assert.Equal(new[] { gid, zid, sid }.Order(StringComparer.Ordinal), jobs.RemoveExpired(screeningFinished.AddDays(30).AddSeconds(1)).Order(StringComparer.Ordinal));
        Assert.Empty(server.Ok("auditor", HttpMethod.Get, "/api/gep/runs")!.AsArray());
    }

    /// <summary>A succeeded GEP run of the Yichun sample and its succeeded zoning (two tiers); the zoning run's id.</summary>
    private static string Zoned(ServerTestHost server, string bureau)
    {
        var units = Upload(server, bureau, CliRunner.Repo("samples", "yichun", "units.geojson"), "units.geojson");
        var stats = Upload(server, bureau, CliRunner.Repo("samples", "yichun", "region-stats.csv"), "region-stats.csv");
        string id = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = Sha(units), region_stats = Sha(stats), year = 2023 }).Json!["id"]!.GetValue<string>();
        Assert.Equal("succeeded", WaitFor(server, "bureau", id)["status"]!.GetValue<string>());
        string zid = server.Send(bureau, HttpMethod.Post, $"/api/gep/runs/{id}/zones", new { tiers = "priority:5e6,important:2e6" }).Json!["id"]!.GetValue<string>();
        Assert.Equal("succeeded", WaitFor(server, "bureau", zid)["status"]!.GetValue<string>());
        return zid;
    }

    private static byte[] Download(ServerTestHost server, string id, string name)
    {
        using var client = server.Client(server.TokenOf("bureau"));
        using var response = Task.Run(() => client.GetAsync($"/api/gep/runs/{id}/files/{name}")).GetAwaiter().GetResult();
        Assert.True(response.IsSuccessStatusCode, $"{name}: {(int)response.StatusCode}");
        return Task.Run(() => response.Content.ReadAsByteArrayAsync()).GetAwaiter().GetResult();
    }
}
