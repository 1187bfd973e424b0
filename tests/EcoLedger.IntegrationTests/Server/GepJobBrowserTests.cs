using System.Net;
using System.Text.Json.Nodes;
using EcoLedger.IntegrationTests.Ledger;
using EcoLedger.Server.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static EcoLedger.IntegrationTests.Server.BrowserSite;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// Starting and cancelling a GEP run from the dashboard in chromium: the bureau analyst chooses the units file, the page uploads it and
/// starts the run through the API; the run is held mid-run (a gate on the server's job progress), the analyst cancels it from the page,
/// and the run ends cancelled with no file to download. Screenshots kept, axe-core clean, English and Chinese.
/// </summary>
[Collection(BrowserSite.Collection)]
public sealed class GepJobBrowserTests(BrowserFixture chromium)
{
    [Fact]
    public async Task A_bureau_analyst_starts_a_run_from_the_dashboard_and_cancels_it_mid_run()
    {
        await using var site = await BrowserSite.StartAsync(chromium, seed =>
            (BureauToken: seed.TokenOf("bureau"), Password: CreateAccount(seed, "wang.bureau", null, "bureau")));
        var (bureauToken, password) = site.Seeded;
        string url = site.Url;
        using var gate = new RunGate(site.App.Services.GetRequiredService<Jobs>(), TimeSpan.FromMinutes(3));
        var page = await site.NewPageAsync();
        await SignInAsync(page, url, "wang.bureau", password);

        // The analyst chooses the units file and the year; the page uploads the file and starts the run.
        await page.GotoAsync(url + "/app/gep?lang=en");
        await page.SetInputFilesAsync("#gep-start-units", CliRunner.Repo("samples", "yichun", "units.geojson"));
        await page.FillAsync("#gep-start-year", "2023");
        await page.ClickAsync("#form-gep-start button[type=submit]");
        await page.WaitForSelectorAsync("#gep-start-result a");
        string id = await gate.Held.WaitAsync(TimeSpan.FromMinutes(3));
        Assert.Contains(id, await page.InnerTextAsync("#gep-start-result"));
        Assert.Equal($"/app/gep/{id}?lang=en", await page.GetAttributeAsync("#gep-start-result a", "href"));
        await Check(page, "gep-jobs-01-started");

        // Held mid-run, it is listed for cancelling; the analyst cancels it.
        await page.GotoAsync(url + "/app/gep?lang=en");
        Assert.Equal(id, await page.InputValueAsync("#gep-cancel-run"));
        await page.ClickAsync("#form-gep-cancel button[type=submit]");
        await Result(page, "#gep-cancel-result");
        Assert.Equal("cancelling", await Term(page, "#gep-cancel-result", "Phase"));
        await Check(page, "gep-jobs-02-cancelling");
        gate.Open();

        using var api = site.Api(bureauToken);
        var run = await Ended(api, id);
        Assert.Equal("cancelled", run["status"]!.GetValue<string>());
        Assert.Empty(run["outputs"]!.AsArray());
        using (var file = await api.GetAsync(new Uri($"/api/gep/runs/{id}/files/gep-units.csv", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, file.StatusCode);
        }

        // The dashboard lists it as cancelled, with nothing left to cancel; in Chinese as well.
        await page.GotoAsync(url + "/app/gep?lang=zh");
        Assert.Contains("cancelled", await page.InnerTextAsync("table"));
        Assert.Equal(0, await page.Locator("#form-gep-cancel").CountAsync());
        Assert.Contains("发起 GEP 核算", await page.InnerTextAsync("main"));
        await Check(page, "gep-jobs-03-cancelled-zh");
        site.AssertNoProblems();
    }

    [Fact]
    public async Task A_bureau_analyst_screens_sites_and_compares_two_runs_from_the_dashboard()
    {
        await using var site = await BrowserSite.StartAsync(chromium, seed =>
        {
            // Given two GEP runs (Yichun 2023 and 2024) and a zoning of the first, made through the API
            string bureauToken = seed.TokenOf("bureau");
            string password = CreateAccount(seed, "wang.bureau", null, "bureau");
            string Run(string sample, int year)
            {
                var units = GepJobTests.Upload(seed, bureauToken, CliRunner.Repo("samples", sample, "units.geojson"), "units.geojson");
                var stats = GepJobTests.Upload(seed, bureauToken, CliRunner.Repo("samples", sample, "region-stats.csv"), "region-stats.csv");
                string id = seed.Send(bureauToken, HttpMethod.Post, "/api/gep/runs",
                    new { units = GepJobTests.Sha(units), region_stats = GepJobTests.Sha(stats), year, price_year = 2024 }).Json!["id"]!.GetValue<string>();
                Assert.Equal("succeeded", GepJobTests.WaitFor(seed, "bureau", id)["status"]!.GetValue<string>());
                return id;
            }
            string from = Run("yichun", 2023);
            string to = Run("yichun-2024", 2024);
            string zid = seed.Send(bureauToken, HttpMethod.Post, $"/api/gep/runs/{from}/zones", new { tiers = "priority:5e6,important:2e6" }).Json!["id"]!.GetValue<string>();
            Assert.Equal("succeeded", GepJobTests.WaitFor(seed, "bureau", zid)["status"]!.GetValue<string>());
            return (Password: password, BureauToken: bureauToken, Zoning: zid, From: from, To: to);
        });
        var (password, bureauToken, zid, from, to) = site.Seeded;
        string url = site.Url;
        var page = await site.NewPageAsync();
        await SignInAsync(page, url, "wang.bureau", password);

        // When the analyst screens the sample's planned sites against the zoning, and compares the two runs with the unit map
        await page.GotoAsync(url + "/app/gep?lang=en");
        Assert.Equal(zid, await page.InputValueAsync("#gep-screen-run"));
        await page.SetInputFilesAsync("#gep-screen-sites", CliRunner.Repo("samples", "yichun", "sites.geojson"));
        await page.ClickAsync("#form-gep-screen button[type=submit]");
        string screen = await ResultId(page, "#gep-screen-result");
        await page.SelectOptionAsync("#gep-compare-from", from);
        await page.SelectOptionAsync("#gep-compare-to", to);
        await page.SetInputFilesAsync("#gep-compare-unit_map", CliRunner.Repo("samples", "yichun-2024", "unit-map.csv"));
        await page.ClickAsync("#form-gep-compare button[type=submit]");
        string compare = await ResultId(page, "#gep-compare-result");
        await Check(page, "gep-jobs-04-screen-compare-started");

        // Then both run to their end, with the CLI's outputs, and the dashboard offers their files for download
        using var api = site.Api(bureauToken);
        foreach (var (id, kind) in new[] { (screen, "screen"), (compare, "compare") })
        {
            var run = await Ended(api, id);
            Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.ToJsonString());
            Assert.Equal(kind, run["kind"]!.GetValue<string>());
        }
        await page.GotoAsync(url + "/app/gep?lang=en");
        Assert.Equal($"/api/gep/runs/{screen}/files/screening.json", await page.GetAttributeAsync("a[href$='/screening.json']", "href"));
        Assert.Equal(1, await page.Locator($"a[href='/api/gep/runs/{compare}/files/gep-change-summary.json']").CountAsync());
        await Check(page, "gep-jobs-05-screen-compare-done");
        await page.GotoAsync(url + "/app/gep?lang=zh");
        Assert.Contains("规划选址筛查", await page.InnerTextAsync("main"));
        Assert.Contains("比较两次 GEP 核算", await page.InnerTextAsync("main"));
        await Check(page, "gep-jobs-06-screen-compare-zh");
        site.AssertNoProblems();
    }

    [Fact]
    public async Task A_bureau_analyst_starts_a_run_from_rasters_on_the_dashboard()
    {
        await using var site = await BrowserSite.StartAsync(chromium, seed =>
            (BureauToken: seed.TokenOf("bureau"), Password: CreateAccount(seed, "wang.bureau", null, "bureau")));
        var (bureauToken, password) = site.Seeded;
        string url = site.Url;
        var page = await site.NewPageAsync();
        await SignInAsync(page, url, "wang.bureau", password);

        // The analyst chooses the units' polygons, the sample's rasters.json and its rasters, but not the class table the land cover
        // names three folders up: the page says which file the configuration names that was not chosen, and sends nothing.
        await page.GotoAsync(url + "/app/gep?lang=en");
        await page.SetInputFilesAsync("#gep-start-units", CliRunner.Repo("samples", "yichun", "units.geojson"));
        await page.SetInputFilesAsync("#gep-start-rasters", GepRasterJobTests.Config);
        var rasters = GepRasterJobTests.SampleFiles.Select(f => f.File).ToArray();
        await page.SetInputFilesAsync("#gep-start-raster-files", rasters.Where(f => !f.EndsWith(".csv", StringComparison.Ordinal)));
        await page.FillAsync("#gep-start-year", "2023");
        await page.ClickAsync("#form-gep-start button[type=submit]");
        await page.WaitForSelectorAsync("#gep-start-result.error");
        Assert.Equal("Choose the files the raster configuration names; not chosen: ../../../methodology/parameters/landcover/cnlucc.csv",
            await page.InnerTextAsync("#gep-start-result"));
        using var api = site.Api(bureauToken);
        Assert.Equal("[]", (await api.GetStringAsync(new Uri("/api/gep/inputs", UriKind.Relative))).Trim());
        Assert.Equal("[]", (await api.GetStringAsync(new Uri("/api/gep/runs", UriKind.Relative))).Trim());
        await Check(page, "gep-jobs-07-rasters-missing-file");

        // A configuration naming two files of one name in different folders cannot be matched by file name: said, nothing sent.
        string folder = Directory.CreateTempSubdirectory("ecoledger-raster-config-").FullName;
        string twoOfOneName = Path.Combine(folder, "two.json");
        File.WriteAllText(twoOfOneName, """
            { "fields": { "precipitation_mm": { "raster": "a/p.tif", "statistic": "mean", "scale": 1, "unit": "mm" },
                          "evapotranspiration_mm": { "raster": "b/p.tif", "statistic": "mean", "scale": 1, "unit": "mm" } } }
            """);
        await page.SetInputFilesAsync("#gep-start-rasters", twoOfOneName);
        await page.ClickAsync("#form-gep-start button[type=submit]");
        await page.WaitForFunctionAsync("() => document.querySelector('#gep-start-result').textContent.includes('a/p.tif')");
        Assert.Equal("The raster configuration names different files of the same name, which a browser cannot tell apart (rename them, or upload the set through the API): a/p.tif, b/p.tif",
            await page.InnerTextAsync("#gep-start-result"));
        Assert.Equal("[]", (await api.GetStringAsync(new Uri("/api/gep/inputs", UriKind.Relative))).Trim());

        // With every file chosen, the page uploads the set (each file under the path the configuration names), starts the run on it,
        // and the run computes the units' inputs from the rasters, as gep compute --rasters does. The configuration has a comment and
        // a trailing comma, which the CLI reads, so the page reads them too; and it was written on Windows: the class table's path
        // separates its folders with \ (JSON "..\\..\\…"), which the page sends and the server reads as /.
        string commented = Path.Combine(folder, "rasters.json");
        string windows = File.ReadAllText(GepRasterJobTests.Config).Replace("../../../methodology/parameters/landcover/cnlucc.csv",
            @"..\\..\\..\\methodology\\parameters\\landcover\\cnlucc.csv", StringComparison.Ordinal);
        Assert.Contains(@"..\\..\\..\\methodology", windows, StringComparison.Ordinal);
        File.WriteAllText(commented, "// the Yichun sample's configuration\n" + windows.TrimEnd().TrimEnd('}').TrimEnd() + ",\n}\n");
        await page.SetInputFilesAsync("#gep-start-rasters", commented);
        await page.SetInputFilesAsync("#gep-start-raster-files", rasters);
        await page.ClickAsync("#form-gep-start button[type=submit]");
        string id = await ResultId(page, "#gep-start-result");
        var run = await Ended(api, id);
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.ToJsonString());
        var roles = run["inputs"]!.AsArray().Select(i => i!["role"]!.GetValue<string>()).ToList();
        Assert.Contains("rasters", roles);
        Assert.Contains(run["outputs"]!.AsArray(), o => o!["name"]!.GetValue<string>() == "raster-provenance.json");
        var summary = JsonNode.Parse(await api.GetStringAsync(new Uri($"/api/gep/runs/{id}/files/gep-summary.json", UriKind.Relative)))!;
        Assert.Equal(5, summary["rasters"]!.AsArray().Count);
        await Check(page, "gep-jobs-08-rasters-started");
        await page.GotoAsync(url + "/app/gep?lang=zh");
        Assert.Contains("栅格配置（可选；此时核算单元须为面要素），即 --rasters", await page.InnerTextAsync("#form-gep-start"));
        Directory.Delete(folder, recursive: true);
        site.AssertNoProblems();
    }

    /// <summary>The run as the API shows it once it is no longer queued or running (or after three minutes, as it then is).</summary>
    private static async Task<JsonNode> Ended(HttpClient api, string id)
    {
        JsonNode run;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        do
        {
            await Task.Delay(200);
            run = JsonNode.Parse(await api.GetStringAsync(new Uri($"/api/gep/runs/{id}", UriKind.Relative)))!;
        }
        while (run["status"]!.GetValue<string>() is "queued" or "running" && DateTime.UtcNow < deadline);
        return run;
    }

    /// <summary>The run id a start form's result shows (its detail list's first value), once the answer is there.</summary>
    private static async Task<string> ResultId(IPage page, string result)
    {
        await Result(page, result);
        return await page.EvaluateAsync<string>("r => document.querySelector(r + ' dd')?.textContent ?? 'missing'", result);
    }
}
