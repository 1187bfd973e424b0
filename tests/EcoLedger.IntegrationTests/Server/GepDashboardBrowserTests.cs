using System.Net;
using Microsoft.Playwright;
using static EcoLedger.IntegrationTests.Server.BrowserSite;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// The GEP dashboard in chromium (Playwright, the real server on Kestrel): a bureau analyst signs in, opens the Yichun run, sees the
/// headline figures, the charts and the zone map drawn by OpenLayers from the zoning run's vector layers (every unit a feature), hovers a
/// unit for its figures, and the page passes axe-core with no serious or critical violation, in English and Chinese, with no CSP
/// violation or script error in the console. Screenshots are kept under <c>artifacts/browser</c>.
/// </summary>
[Collection(BrowserSite.Collection)]
public sealed class GepDashboardBrowserTests(BrowserFixture chromium)
{
    [Fact]
    public async Task A_bureau_analyst_sees_the_figures_and_the_zone_map_of_a_run_in_chromium()
    {
        await using var site = await BrowserSite.StartAsync(chromium, seed =>
        {
            // Given a GEP run of the Yichun sample and its zoning, computed by the server's jobs
            string bureau = seed.TokenOf("bureau");
            var units = GepJobTests.Upload(seed, bureau, CliRunner.Repo("samples", "yichun", "units.geojson"), "units.geojson");
            var stats = GepJobTests.Upload(seed, bureau, CliRunner.Repo("samples", "yichun", "region-stats.csv"), "region-stats.csv");
            string runId = seed.Send(bureau, HttpMethod.Post, "/api/gep/runs", new { units = GepJobTests.Sha(units), region_stats = GepJobTests.Sha(stats), year = 2023 })
                .Json!["id"]!.GetValue<string>();
            Assert.Equal("succeeded", GepJobTests.WaitFor(seed, "bureau", runId)["status"]!.GetValue<string>());
            string zid = seed.Send(bureau, HttpMethod.Post, $"/api/gep/runs/{runId}/zones", new { tiers = "priority:5e6,important:2e6" }).Json!["id"]!.GetValue<string>();
            Assert.Equal("succeeded", GepJobTests.WaitFor(seed, "bureau", zid)["status"]!.GetValue<string>());
            string password = CreateAccount(seed, "wang.bureau", null, "bureau");
            var summary = seed.Send(bureau, HttpMethod.Get, $"/api/gep/runs/{runId}/files/gep-summary.json").Json!;
            return (Password: password, RunId: runId, BureauToken: bureau, Total: summary["total_cny"]!.GetValue<decimal>());
        });
        var (password, runId, bureauToken, total) = site.Seeded;
        string url = site.Url;

        // Kestrel takes an upload above its 1 MiB request limit on the upload endpoint only (the in-memory test server enforces no limit)
        using (var api = site.Api(bureauToken))
        {
            using var big = await api.PostAsync("/api/gep/inputs?file=big.csv", new ByteArrayContent(new byte[3 * 1024 * 1024]));
            Assert.Equal(HttpStatusCode.Created, big.StatusCode);
            using var command = await api.PostAsync("/api/gep/runs", new StringContent("{\"units\":\"" + new string('a', 2 * 1024 * 1024) + "\"}",
                System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, command.StatusCode);
        }
        var page = await site.NewPageAsync(viewport: new ViewportSize { Width = 1280, Height = 900 });
        var foreign = new List<string>();
        page.Request += (_, r) => { if (!r.Url.StartsWith(url, StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal)) foreign.Add(r.Url); };

        await SignInAsync(page, url, "wang.bureau", password);

        // When the analyst follows the dashboard link to the run
        await page.ClickAsync($"a[href='/app/gep?lang=en']");
        await page.ClickAsync($"a[href='/app/gep/{runId}?lang=en']");

        // Then the headline shows the run's GEP total, the charts are drawn, and OpenLayers renders every unit of the zoning
        string headline = await page.InnerTextAsync("#headline + dl");
        Assert.Contains(((total / 1_000_000_000m).ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture)) + " billion yuan", headline);
        Assert.Equal(3, await page.Locator("#chart-category rect").CountAsync()); // provisioning, regulating, cultural
        await page.WaitForSelectorAsync("#zone-map[data-rendered]");
        Assert.Equal("300", await page.GetAttributeAsync("#zone-map", "data-rendered"));
        Assert.Equal(1, await page.Locator("#zone-map canvas").CountAsync());
        Assert.Contains("300 units", await page.InnerTextAsync("#zone-map-status"));
        // every script a file (the app's CSP allows no inline script); the map's in this order: OpenLayers, the details list the two maps
        // share, the zone map (deferred scripts run in document order)
        Assert.Equal(["/app/vendor/ol.js", "/app/map-details.js", "/app/gep-map.js"],
            await page.EvaluateAsync<string[]>("() => [...document.scripts].map(s => s.getAttribute('src'))"));

        await page.Locator("#zone-map").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "gep-01-dashboard-map.png") });
        // hovering the map shows the figures of the unit under the pointer
        var box = (await page.Locator("#zone-map").BoundingBoxAsync())!;
        foreach (var (fx, fy) in new[] { (0.5, 0.5), (0.4, 0.4), (0.6, 0.6), (0.3, 0.6), (0.6, 0.3), (0.45, 0.55) })
        {
            await page.Mouse.MoveAsync((float)(box.X + box.Width * fx), (float)(box.Y + box.Height * fy), new MouseMoveOptions { Steps = 5 });
            await page.WaitForTimeoutAsync(300);
            if (await page.Locator("#zone-map-details dl").CountAsync() > 0)
            {
                break;
            }
        }
        Assert.Matches("YC-\\d{4}", await page.InnerTextAsync("#zone-map-details"));
        // and the unit table picks a unit for keyboard users: the map zooms to it and shows its figures
        string first = (await page.GetAttributeAsync("button[data-unit-focus]", "data-unit-focus"))!;
        await page.ClickAsync("button[data-unit-focus]");
        await page.WaitForFunctionAsync($"() => document.getElementById('zone-map-details').innerText.includes('{first}')");
        Assert.Contains("Tier", await page.InnerTextAsync("#zone-map-details"));
        await Check(page, "gep-02-dashboard");

        await page.GotoAsync(url + $"/app/gep/{runId}?lang=zh");
        await page.WaitForSelectorAsync("#zone-map[data-rendered]");
        Assert.Contains("GEP 总值", await page.InnerTextAsync("main"));
        Assert.Contains("保护等级", await page.InnerTextAsync(".map-layout"));
        await Check(page, "gep-03-dashboard-zh");

        site.AssertNoProblems();
        Assert.Empty(foreign); // no CDN, no tiles: every request went to this server
    }
}
