using System.Net;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// The live monitoring page in chromium (as every browser test, from <see cref="BrowserSite"/>: the real server on a loopback port,
/// Debian's chromium through Playwright): a signed-in auditor opens the page, readings are posted by the station operator's API token,
/// and the page shows the new account, pricing basis and chart without a reload (Server-Sent Events). Screenshots are kept and axe-core
/// finds no serious violation.
/// </summary>
[Collection(BrowserSite.Collection)]
public sealed class MonitoringBrowserTests(BrowserFixture chromium)
{
    [Fact]
    public async Task The_live_page_shows_an_ingest_as_it_commits_in_english_and_chinese()
    {
        await using var site = await BrowserSite.StartAsync(chromium, seed =>
        {
            MonitoringEndpointTests.SeedWithStation(seed);
            // the first half hour only; the second arrives while the page is open
            seed.Ok("ver", HttpMethod.Post, "/api/monitoring/readings?file=first.csv",
                MonitoringEndpointTests.Csv("station,variable,time,value,unit\nT1,nee,2024-06-01T00:30:00+08:00,-10,umol m-2 s-1\n"));
            return (Password: BrowserSite.CreateAccount(seed, "zhao.audit", null, "auditor"), VerToken: seed.TokenOf("ver"));
        });
        var (password, ver) = site.Seeded;
        string url = site.Url;
        var page = await site.NewPageAsync();

        await BrowserSite.SignInAsync(page, url, "zhao.audit", password);
        await page.ClickAsync("a[href='/app/monitoring?lang=en']");
        await page.WaitForURLAsync(url + "/app/monitoring?lang=en");
        await page.FillAsync("#live-haircut", "0.1");
        await page.ClickAsync("#live form button[type=submit]");
        await page.WaitForSelectorAsync("#series-rows tr");
        // one half hour of −10 µmol m-2 s-1 = −7,921,800,000 µg CO2/ha = −0.007922 t CO2/ha
        Assert.Contains("-0.007922 t CO₂/ha", await page.InnerTextAsync("#series-rows"));
        string version = await page.GetAttributeAsync("#live-state", "data-version") ?? "";

        using (var http = site.Api(ver))
        {
            using var posted = await http.PostAsync(new Uri("/api/monitoring/readings?file=second.csv", UriKind.Relative),
                MonitoringEndpointTests.Csv("station,variable,time,value,unit\nT1,nee,2024-06-01T01:00:00+08:00,-8,umol m-2 s-1\n"));
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }
        await page.WaitForFunctionAsync($"() => document.getElementById('live-state').dataset.version !== '{version}'");
        // (−10 − 8) × 792,180,000 µg/ha = −0.014259 t CO2/ha; P1's year-to-date 2.138886 t → 2.139 shown
        Assert.Contains("-0.014259 t CO₂/ha", await page.InnerTextAsync("#series-rows"));
        Assert.Contains("2.139", await page.InnerTextAsync("#basis-rows"));
        Assert.Equal(2, await page.Locator("#charts svg polyline").EvaluateAsync<int>("p => p.points.numberOfItems"));
        // The station map: drawn without tiles, and each station reachable from the keyboard through the list beside it
        await page.WaitForSelectorAsync("#station-map[data-rendered='1']");
        await page.FocusAsync("#station-list button");
        await page.Keyboard.PressAsync("Enter");
        Assert.Contains("YC-0001 (1); YC-0002 (1)", await page.InnerTextAsync("#station-map-details"));
        Assert.Contains("128.90000, 47.70000", await page.InnerTextAsync("#station-map-details"));
        Assert.Contains("Map drawn: 1 stations", await page.InnerTextAsync("#station-map-status"));
        await BrowserSite.Check(page, "monitoring-01-live");

        await page.GotoAsync(url + "/app/monitoring?lang=zh&haircut=0.1");
        await page.WaitForSelectorAsync("#series-rows tr");
        Assert.Contains("各项目实时定价基础", await page.InnerTextAsync("main"));
        await page.WaitForSelectorAsync("#station-map[data-rendered='1']");
        await BrowserSite.Check(page, "monitoring-02-live-zh");
        site.AssertNoProblems();
    }
}
