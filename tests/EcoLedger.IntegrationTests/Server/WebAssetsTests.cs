using System.Net;
using System.Text.RegularExpressions;
using EcoLedger.IntegrationTests.Ledger;
using EcoLedger.Server.Web;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// The web app's scripts and styles as the server serves them (from the assembly, to anyone, with their type), and the order in which a
/// map page loads its scripts: OpenLayers, the details list both maps share (<c>map-details.js</c>), then the page's own map script.
/// </summary>
public sealed partial class WebAssetsTests
{
    [Fact]
    public async Task Every_script_and_style_is_served_to_anyone_byte_for_byte_from_its_source_file_with_its_type()
    {
        using var server = new ServerTestHost();
        using var anonymous = server.Client();
        // path → the file under src/EcoLedger.Server/Web it must serve, and its media type (stated here, not read from WebAssets)
        var expected = new Dictionary<string, (string File, string Type)>(StringComparer.Ordinal)
        {
            ["/app.js"] = ("app.js", "text/javascript"),
            ["/app/monitoring.js"] = ("monitoring.js", "text/javascript"),
            ["/app/monitoring-map.js"] = ("monitoring-map.js", "text/javascript"),
            ["/app/gep-map.js"] = ("gep-map.js", "text/javascript"),
            ["/app/map-details.js"] = ("map-details.js", "text/javascript"),
            ["/app/vendor/ol.js"] = ("vendor/ol/ol.js", "text/javascript"),
            ["/app/vendor/ol.css"] = ("vendor/ol/ol.css", "text/css"),
        };

        foreach (var (path, (file, type)) in expected)
        {
            using var response = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
            Assert.Equal(File.ReadAllBytes(CliRunner.Repo(["src", "EcoLedger.Server", "Web", .. file.Split('/')])), await response.Content.ReadAsByteArrayAsync());
        }
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), WebAssets.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_live_page_loads_openlayers_then_the_shared_map_details_then_its_map_script_as_files_under_the_apps_CSP()
    {
        using var server = new ServerTestHost();
        server.Seed();
        string password = BrowserSite.CreateAccount(server, "zhao.audit", null, "auditor");
        using var browser = server.Browser();
        Assert.Equal(HttpStatusCode.Redirect, SignInTests.SignInForm(browser, "zhao.audit", password).StatusCode);

        using var page = await browser.GetAsync(new Uri("/app/monitoring?lang=en", UriKind.Relative));
        string html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(WebApp.ContentSecurityPolicy, page.Headers.GetValues("Content-Security-Policy").Single());
        // every script a deferred file (no inline script under script-src 'self'); deferred scripts run in this order
        Assert.Equal(
            ["<script src=\"/app/monitoring.js\" defer>", "<script src=\"/app/vendor/ol.js\" defer>", "<script src=\"/app/map-details.js\" defer>",
                "<script src=\"/app/monitoring-map.js\" defer>"],
            ScriptTag().Matches(html).Select(m => m.Value));
    }

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();
}
