using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static EcoLedger.IntegrationTests.Server.GepJobTests;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// GEP runs from rasters (<c>gep compute --rasters</c>) and with the user's own price-index table (<c>--price-index</c>) or distribution
/// table (<c>--uncertainty-distributions</c>) on the server:
/// the raster configuration and its files arrive as one multipart upload, the run gives the CLI's files byte for byte (the inputs named as
/// uploaded, as the CLI names the paths it was given), and a set the CLI would refuse is refused with the CLI's sentence.
/// </summary>
public sealed class GepRasterJobTests
{
    private static readonly string Units = CliRunner.Repo("samples", "yichun", "units.geojson");
    private static readonly string Stats = CliRunner.Repo("samples", "yichun", "region-stats.csv");
    internal static readonly string RasterDir = CliRunner.Repo("samples", "yichun", "rasters");
    internal static readonly string Config = Path.Combine(RasterDir, "rasters.json");

    /// <summary>The sample's files as rasters.json names them (the class table sits three folders up, beside the methodology).</summary>
    internal static readonly (string Path, string File)[] SampleFiles =
    [
        ("precipitation_mm.tif", Path.Combine(RasterDir, "precipitation_mm.tif")),
        ("evapotranspiration_mm.tif", Path.Combine(RasterDir, "evapotranspiration_mm.tif")),
        ("npp_mod17_kgc_m2.tif", Path.Combine(RasterDir, "npp_mod17_kgc_m2.tif")),
        ("soil_erosion_potential_t_per_km2.tif", Path.Combine(RasterDir, "soil_erosion_potential_t_per_km2.tif")),
        ("landcover_cnlucc.tif", Path.Combine(RasterDir, "landcover_cnlucc.tif")),
        ("../../../methodology/parameters/landcover/cnlucc.csv", CliRunner.Repo("methodology", "parameters", "landcover", "cnlucc.csv")),
    ];

    [Fact]
    public void A_run_from_rasters_gives_the_CLIs_files_byte_for_byte()
    {
        string dir = Directory.CreateTempSubdirectory("ecoledger-gep-rasters-").FullName;
        try
        {
            // Given gep compute --rasters on the CLI ...
            var cli = CliRunner.Run("gep", "compute", "--units", Units, "--region-stats", Stats, "--year", "2023", "--rasters", Config, "--out", Path.Combine(dir, "cli"));
            Assert.True(cli.ExitCode == 0, cli.Err);

            // ... and the same configuration and rasters uploaded as one set, then run on the server
            using var server = new ServerTestHost();
            string bureau = server.TokenOf("bureau");
            var set = UploadSet(server, bureau, File.ReadAllBytes(Config), SampleFiles);
            Assert.Equal(HttpStatusCode.Created, set.Status);
            Assert.Equal("rasters.json", set.Json!["config"]!.GetValue<string>());
            Assert.Equal(7, set.Json["files"]!.AsArray().Count); // the configuration and the six files it names
            Assert.Equal(SampleFiles.Sum(f => new FileInfo(f.File).Length) + new FileInfo(Config).Length, set.Json["bytes"]!.GetValue<long>());
            var units = Upload(server, bureau, Units, "units.geojson");
            var stats = Upload(server, bureau, Stats, "region-stats.csv");
            string id = server.Send(bureau, HttpMethod.Post, "/api/gep/runs",
                new { units = Sha(units), region_stats = Sha(stats), year = 2023, rasters = Sha(set.Json) }).Json!["id"]!.GetValue<string>();
            var run = WaitFor(server, "bureau", id);
            Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.ToJsonString());

            // Then every file the CLI wrote is the server's, byte for byte, once the CLI's paths are named as the server names the uploads
            var names = new Dictionary<string, string> { [Units] = "units.geojson", [Stats] = "region-stats.csv", [Config] = "rasters.json" };
            string[] written = [.. Directory.GetFiles(Path.Combine(dir, "cli")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
            Assert.Contains("raster-provenance.json", written);
            foreach (var file in written)
            {
                string expected = File.ReadAllText(Path.Combine(dir, "cli", file));
                foreach (var (path, name) in names)
                {
                    expected = expected.Replace(JsonSerializer.Serialize(path, Relaxed), JsonSerializer.Serialize(name, Relaxed), StringComparison.Ordinal);
                }
                Assert.Equal(expected, Encoding.UTF8.GetString(Download(server, id, file)));
            }
            var summary = JsonNode.Parse(Download(server, id, "gep-summary.json"))!;
            Assert.Equal("rasters.json", summary["raster_config"]!["path"]!.GetValue<string>());
            Assert.Equal(5, summary["rasters"]!.AsArray().Count);
            Assert.Contains(run["outputs"]!.AsArray(), o => o!["name"]!.GetValue<string>() == "report/report.html");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_raster_set_the_CLI_would_refuse_is_refused_with_the_CLIs_sentence_and_nothing_is_kept_as_a_set()
    {
        string dir = Directory.CreateTempSubdirectory("ecoledger-gep-rasters-bad-").FullName;
        try
        {
            using var server = new ServerTestHost(settings: new Dictionary<string, string> { ["EcoLedger:MaxRasterUploadMegabytes"] = "1" });
            string bureau = server.TokenOf("bureau");

            // A raster the configuration names that is not uploaded: the CLI's "file not found" for that field, and what to do
            var missing = UploadSet(server, bureau, File.ReadAllBytes(Config), [.. SampleFiles.Where(f => f.Path != "precipitation_mm.tif")]);
            Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
            Assert.Equal("1 problem in rasters.json; no set was kept: rasters.json: fields.precipitation_mm: precipitation_mm.tif: file not found. " +
                "Upload it with the configuration as a part named 'precipitation_mm.tif'.", missing.Json!["detail"]!.GetValue<string>());

            // A configuration that is not valid: the CLI's sentence, naming the file as uploaded
            string bad = Path.Combine(dir, "rasters.json");
            File.WriteAllText(bad, "{ \"fields\": { \"npp_t_c_per_ha\": { \"raster\": \"npp_mod17_kgc_m2.tif\", \"band\": 1, \"statistic\": \"median\", \"scale\": 1, \"unit\": \"t C/ha\" } } }");
            var cli = CliRunner.Run("gep", "compute", "--units", Units, "--rasters", bad, "--out", Path.Combine(dir, "out"));
            Assert.Equal(2, cli.ExitCode);
            string cliSentence = cli.ErrLines.First(l => l.StartsWith("error: " + bad, StringComparison.Ordinal))["error: ".Length..].Replace(bad, "rasters.json", StringComparison.Ordinal);
            Assert.Equal("rasters.json, field 'fields.npp_t_c_per_ha.statistic': 'median' is not a statistic for a unit input; expected mean, sum, min or max.", cliSentence);
            var invalid = UploadSet(server, bureau, File.ReadAllBytes(bad), [SampleFiles[2]]);
            Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
            Assert.Equal("1 problem in rasters.json; no set was kept: " + cliSentence, invalid.Json!["detail"]!.GetValue<string>());

            // A configuration that names a file outside what was uploaded (an absolute path): the server reads nothing but the set
            var outside = UploadSet(server, bureau, Encoding.UTF8.GetBytes(File.ReadAllText(Config).Replace("../../../methodology", "/etc", StringComparison.Ordinal)), SampleFiles[..5]);
            Assert.Equal(HttpStatusCode.BadRequest, outside.Status);
            Assert.StartsWith("1 problem in rasters.json; no set was kept: rasters.json, field 'landcover.classes': '/etc/parameters/landcover/cnlucc.csv' is not a file this server can read",
                outside.Json!["detail"]!.GetValue<string>(), StringComparison.Ordinal);

            // A part whose path climbs inside a folder, no configuration, and a set beyond the endpoint's limit
            var climbing = UploadSet(server, bureau, File.ReadAllBytes(Config), [("a/../b.tif", SampleFiles[0].File)]);
            Assert.Equal(HttpStatusCode.BadRequest, climbing.Status);
            Assert.Equal(["a/../b.tif"], climbing.Json!["fields"]!.AsArray().Select(f => f!.GetValue<string>()).ToArray());
            var noConfig = UploadSet(server, bureau, null, SampleFiles);
            Assert.Equal(HttpStatusCode.BadRequest, noConfig.Status);
            Assert.StartsWith("No part 'config'", noConfig.Json!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            string big = Path.Combine(dir, "big.tif");
            File.WriteAllBytes(big, new byte[(1024 * 1024) + 1]);
            var tooLarge = UploadSet(server, bureau, File.ReadAllBytes(Config), [("precipitation_mm.tif", big)]);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.Status);
            Assert.Equal("The raster set is larger than 1 MiB, the largest this server takes (EcoLedger:MaxRasterUploadMegabytes); no set was kept.",
                tooLarge.Json!["detail"]!.GetValue<string>());

            // And a run naming a set that is not one is refused before anything is queued
            var units = Upload(server, bureau, Units, "units.geojson");
            var noSet = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = Sha(units), rasters = Sha(units) });
            Assert.Equal(HttpStatusCode.BadRequest, noSet.Status);
            Assert.Equal(["rasters"], noSet.Json!["fields"]!.AsArray().Select(f => f!.GetValue<string>()).ToArray());
            Assert.Empty(server.Ok("bureau", HttpMethod.Get, "/api/gep/runs")!.AsArray());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_run_with_the_users_price_index_table_gives_the_CLIs_files_and_a_bad_table_gets_the_CLIs_refusal()
    {
        string dir = Directory.CreateTempSubdirectory("ecoledger-gep-index-").FullName;
        try
        {
            // Given the user's own index table: the shipped one with another version and 2024's CPI at 101.0 instead of the shipped figure
            // (a test table, not a published index: it only has to differ so that the file visibly decides the figures)
            var table = JsonNode.Parse(File.ReadAllText(CliRunner.Repo("methodology", "parameters", "price-index.json")))!.AsObject();
            table["version"] = "bureau-2026-test";
            var cpi2024 = table["series"]!["cpi"]!["values"]!.AsArray().Single(v => v!["year"]!.GetValue<int>() == 2024)!;
            Assert.NotEqual(101.0m, cpi2024["index"]!.GetValue<decimal>());
            cpi2024["index"] = 101.0m;
            string index = Path.Combine(dir, "bureau-index.json");
            File.WriteAllText(index, table.ToJsonString());

            var cli = CliRunner.Run("gep", "compute", "--units", Units, "--region-stats", Stats, "--year", "2023", "--price-year", "2024", "--price-index", index,
                "--out", Path.Combine(dir, "cli"));
            Assert.True(cli.ExitCode == 0, cli.Err);
            var shipped = CliRunner.Run("gep", "compute", "--units", Units, "--region-stats", Stats, "--year", "2023", "--price-year", "2024", "--out", Path.Combine(dir, "shipped"));
            Assert.True(shipped.ExitCode == 0, shipped.Err);

            // When the server runs with the table uploaded
            using var server = new ServerTestHost();
            string bureau = server.TokenOf("bureau");
            var units = Upload(server, bureau, Units, "units.geojson");
            var stats = Upload(server, bureau, Stats, "region-stats.csv");
            var uploaded = Upload(server, bureau, index, "bureau-index.json");
            string id = server.Send(bureau, HttpMethod.Post, "/api/gep/runs",
                new { units = Sha(units), region_stats = Sha(stats), year = 2023, price_year = 2024, price_index = Sha(uploaded) }).Json!["id"]!.GetValue<string>();
            Assert.Equal("succeeded", WaitFor(server, "bureau", id)["status"]!.GetValue<string>());

            // Then the files are the CLI's (paths named as uploaded), and the table decided them (they differ from the shipped table's)
            var names = new Dictionary<string, string> { [Units] = "units.geojson", [Stats] = "region-stats.csv", [index] = "bureau-index.json" };
            foreach (var file in new[] { "gep-units.csv", "gep-summary.json" })
            {
                string expected = File.ReadAllText(Path.Combine(dir, "cli", file));
                foreach (var (path, name) in names)
                {
                    expected = expected.Replace(JsonSerializer.Serialize(path, Relaxed), JsonSerializer.Serialize(name, Relaxed), StringComparison.Ordinal);
                }
                Assert.Equal(expected, Encoding.UTF8.GetString(Download(server, id, file)));
            }
            Assert.NotEqual(File.ReadAllText(Path.Combine(dir, "shipped", "gep-units.csv")), Encoding.UTF8.GetString(Download(server, id, "gep-units.csv")));
            var prices = JsonNode.Parse(Download(server, id, "gep-summary.json"))!["prices"]!;
            Assert.Equal("bureau-index.json", prices["index"]!["file"]!.GetValue<string>());

            // And a table that is not one, or one without a year, is refused before anything runs, as the CLI refuses it
            string broken = Path.Combine(dir, "broken.json");
            File.WriteAllText(broken, "{ \"version\": \"x\" }");
            var cliBroken = CliRunner.Run("gep", "compute", "--units", Units, "--price-year", "2024", "--price-index", broken, "--out", Path.Combine(dir, "none"));
            Assert.Equal(2, cliBroken.ExitCode);
            string sentence = cliBroken.ErrLines.First(l => l.StartsWith("error: ", StringComparison.Ordinal))["error: ".Length..].Replace(broken, "broken.json", StringComparison.Ordinal);
            var brokenUpload = Upload(server, bureau, broken, "broken.json");
            var refused = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = Sha(units), price_year = 2024, price_index = Sha(brokenUpload) });
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Equal(sentence, refused.Json!["detail"]!.GetValue<string>());
            Assert.Equal(["price_index"], refused.Json["fields"]!.AsArray().Select(f => f!.GetValue<string>()).ToArray());
            var noYear = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = Sha(units), price_index = Sha(uploaded) });
            Assert.Equal("price_index: given without price_year; expected both (the index moves prices to the price_year level).", noYear.Json!["detail"]!.GetValue<string>());
            Assert.Single(server.Ok("auditor", HttpMethod.Get, "/api/gep/runs")!.AsArray());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_run_with_the_users_distribution_table_gives_the_CLIs_intervals_and_a_table_without_draws_is_refused()
    {
        string dir = Directory.CreateTempSubdirectory("ecoledger-gep-distributions-").FullName;
        try
        {
            // Given the user's own distribution table: the shipped one with another version and a narrower carbon price (test values)
            var table = JsonNode.Parse(File.ReadAllText(CliRunner.Repo("methodology", "parameters", "gep-uncertainty.json")))!.AsObject();
            table["version"] = "bureau-2026-test";
            var carbon = table["distributions"]!["carbon_price_cny_per_t_co2"]!;
            carbon["min"] = 50m;
            carbon["max"] = 80m;
            string distributions = Path.Combine(dir, "bureau-distributions.json");
            File.WriteAllText(distributions, table.ToJsonString());
            var cli = CliRunner.Run("gep", "compute", "--units", Units, "--region-stats", Stats, "--year", "2023", "--uncertainty", "100", "--seed", "3",
                "--uncertainty-distributions", distributions, "--out", Path.Combine(dir, "cli"));
            Assert.True(cli.ExitCode == 0, cli.Err);

            // When the server runs with the table uploaded
            using var server = new ServerTestHost();
            string bureau = server.TokenOf("bureau");
            var units = Upload(server, bureau, Units, "units.geojson");
            var stats = Upload(server, bureau, Stats, "region-stats.csv");
            var uploaded = Upload(server, bureau, distributions, "bureau-distributions.json");
            string id = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new
            {
                units = Sha(units),
                region_stats = Sha(stats),
                year = 2023,
                uncertainty = 100,
                seed = 3,
                uncertainty_distributions = Sha(uploaded),
            }).Json!["id"]!.GetValue<string>();
            Assert.Equal("succeeded", WaitFor(server, "bureau", id)["status"]!.GetValue<string>());

            // Then the intervals, the drawn parameters and the summary are the CLI's (paths named as uploaded)
            var names = new Dictionary<string, string> { [Units] = "units.geojson", [Stats] = "region-stats.csv", [distributions] = "bureau-distributions.json" };
            foreach (var file in new[] { "gep-uncertainty.csv", "gep-uncertainty-parameters.csv", "gep-summary.json" })
            {
                string expected = File.ReadAllText(Path.Combine(dir, "cli", file));
                foreach (var (path, name) in names)
                {
                    expected = expected.Replace(JsonSerializer.Serialize(path, Relaxed), JsonSerializer.Serialize(name, Relaxed), StringComparison.Ordinal);
                }
                Assert.Equal(expected, Encoding.UTF8.GetString(Download(server, id, file)));
            }
            Assert.Contains("bureau-distributions.json", Encoding.UTF8.GetString(Download(server, id, "gep-summary.json")), StringComparison.Ordinal);

            // And a table without draws is refused before anything runs, as the CLI now refuses it
            var refused = server.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = Sha(units), uncertainty_distributions = Sha(uploaded) });
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            Assert.Equal("uncertainty_distributions: given without uncertainty; expected both (the table's distributions are drawn uncertainty times).",
                refused.Json!["detail"]!.GetValue<string>());
            var cliRefused = CliRunner.Run("gep", "compute", "--units", Units, "--uncertainty-distributions", distributions, "--out", Path.Combine(dir, "none"));
            Assert.Equal(2, cliRefused.ExitCode);
            Assert.Contains("error: --uncertainty-distributions: given without --uncertainty; expected both (the table's distributions are drawn --uncertainty times).", cliRefused.ErrLines);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task On_kestrel_a_raster_set_may_exceed_the_servers_one_mebibyte_body_limit_up_to_its_own_limit()
    {
        await using var site = await LoopbackServer.StartAsync(seed => seed.TokenOf("bureau"), "--EcoLedger:MaxRasterUploadMegabytes=3");
        using var http = site.Api(site.Seeded);
        string padding = Path.Combine(site.Dir, "padding.bin");
        async Task<HttpResponseMessage> Post(int paddingBytes)
        {
            await File.WriteAllBytesAsync(padding, new byte[paddingBytes]);
            using var form = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(Config)), "config", "rasters.json" } };
            foreach (var (path, file) in SampleFiles.Append(("extra/padding.bin", padding)))
            {
                form.Add(new ByteArrayContent(await File.ReadAllBytesAsync(file)), path, Path.GetFileName(file));
            }
            return await http.PostAsync(new Uri("/api/gep/raster-sets", UriKind.Relative), form);
        }

        // 2 MiB of padding beside the sample (about 0.45 MiB): over Kestrel's 1 MiB for every other endpoint, under this one's 3 MiB
        using var accepted = await Post(2 * 1024 * 1024);
        Assert.True(accepted.StatusCode == HttpStatusCode.Created, await accepted.Content.ReadAsStringAsync());
        // 3 MiB of padding: over this endpoint's limit, refused as too large
        using var refused = await Post(3 * 1024 * 1024);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Contains("larger than 3 MiB", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Posts a raster set: the configuration as the part 'config', each file as a part named by its path (as curl -F does).</summary>
    internal static ServerTestHost.Response UploadSet(ServerTestHost server, string token, byte[]? config, IEnumerable<(string Path, string File)> files)
    {
        using var form = new MultipartFormDataContent();
        if (config is not null)
        {
            var part = new ByteArrayContent(config);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            form.Add(part, "config", "rasters.json");
        }
        foreach (var (path, file) in files)
        {
            var part = new ByteArrayContent(File.ReadAllBytes(file));
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, path, Path.GetFileName(file));
        }
        return server.Send(token, HttpMethod.Post, "/api/gep/raster-sets", form);
    }

    private static byte[] Download(ServerTestHost server, string id, string name)
    {
        using var client = server.Client(server.TokenOf("bureau"));
        using var response = Task.Run(() => client.GetAsync($"/api/gep/runs/{id}/files/{name}")).GetAwaiter().GetResult();
        Assert.True(response.IsSuccessStatusCode, $"{name}: {(int)response.StatusCode}");
        return Task.Run(() => response.Content.ReadAsByteArrayAsync()).GetAwaiter().GetResult();
    }
}
