using System.Diagnostics;
using System.Text.Json;
using SkiaSharp;

namespace EcoLedger.IntegrationTests.Reports;

/// <summary>
/// Renders report.html in headless Chromium (Debian's <c>chromium</c>, installed by scripts/install-test-deps.sh;
/// this test installs nothing): the page logs no error, every chart and the map have a size, and a PNG of the page is
/// written to the system temp folder (<c>ecoledger-gep-report.png</c>) for a person to look at.
/// </summary>
public sealed class GepReportRenderTests(GepReportFixture fx) : IClassFixture<GepReportFixture>
{
    /// <summary>Collects errors from the start of the page; after load, writes the figures' sizes into a &lt;pre id="probe"&gt;.</summary>
    private const string ErrorHook =
        "<script>window.__errors=[];addEventListener('error',e=>__errors.push(String(e.message||(e.target&&(e.target.src||e.target.outerHTML.slice(0,80))))),true);" +
        "console.error=(...a)=>__errors.push(a.join(' '));</script>";

    private const string Probe =
        "<script>addEventListener('load',()=>{const figs=[...document.querySelectorAll('figure')].map(f=>{const el=f.querySelector('img,svg');const b=el.getBoundingClientRect();" +
        "return {id:f.id,tag:el.tagName.toLowerCase(),w:b.width,h:b.height,natural:el.tagName==='IMG'?el.naturalWidth:-1};});" +
        "const p=document.createElement('pre');p.id='probe';p.textContent=JSON.stringify({errors:__errors,figures:figs});document.body.appendChild(p);});</script>";

    private static string? Chromium() =>
        new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    private static (string Out, string Err) RunChromium(string exe, string profile, params string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", "--enable-logging=stderr", "--v=0", $"--user-data-dir={profile}" }.Concat(args))
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish within 60 s.");
        }
        return (stdout.Result, stderr.Result);
    }

    [Fact]
    public void Should_render_in_headless_chromium_without_errors_and_with_sized_charts_and_map() =>
        RenderAndCheck(fx.Files.Html, fx.Root, "ecoledger-gep-report.png",
            ["chart-category", "chart-ecosystem", "chart-indicator", "chart-density", "chart-change", "zone-map"]);

    /// <summary>
    /// Opens <paramref name="htmlPath"/> in headless Chromium: no network reference, no page error, exactly the figures
    /// <paramref name="figureIds"/>, each drawn larger than 100 × 100 CSS pixels; writes a 1200 × 6000 screenshot to the temp folder.
    /// </summary>
    internal static void RenderAndCheck(string htmlPath, string root, string pngName, string[] figureIds)
    {
        string? exe = Chromium();
        Assert.True(exe is not null, "chromium is not installed; run scripts/install-test-deps.sh (CI's .ci/run does).");
        string html = File.ReadAllText(htmlPath);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        string probed = Path.Combine(root, Path.GetFileNameWithoutExtension(pngName) + "-probe.html");
        File.WriteAllText(probed, html.Replace("<head>", "<head>" + ErrorHook, StringComparison.Ordinal).Replace("</body>", Probe + "</body>", StringComparison.Ordinal));

        // When: the DOM after load, and a screenshot of the real report.
        var (dom, log) = RunChromium(exe, Path.Combine(root, "profile-dom-" + pngName), "--window-size=1200,2000", "--virtual-time-budget=5000", "--dump-dom", new Uri(probed).AbsoluteUri);
        string png = Path.Combine(Path.GetTempPath(), pngName);
        File.Delete(png);
        RunChromium(exe, Path.Combine(root, "profile-shot-" + pngName), "--window-size=1200,6000", $"--screenshot={png}", new Uri(htmlPath).AbsoluteUri);

        // Then: no page error, every figure drawn with a size.
        var m = System.Text.RegularExpressions.Regex.Match(dom, "<pre id=\"probe\">(.*?)</pre>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(m.Success, "The probe did not run; chromium output: " + log[..Math.Min(2000, log.Length)]);
        using var doc = JsonDocument.Parse(System.Net.WebUtility.HtmlDecode(m.Groups[1].Value));
        Assert.Empty(doc.RootElement.GetProperty("errors").EnumerateArray());
        Assert.DoesNotContain(log.Split('\n'), l => l.Contains("Uncaught", StringComparison.Ordinal));
        var figures = doc.RootElement.GetProperty("figures").EnumerateArray().ToList();
        Assert.Equal(figureIds, figures.Select(f => f.GetProperty("id").GetString()!).ToArray());
        foreach (var f in figures)
        {
            string id = f.GetProperty("id").GetString()!;
            Assert.True(f.GetProperty("w").GetDouble() > 100 && f.GetProperty("h").GetDouble() > 100, $"{id} is {f.GetProperty("w")} × {f.GetProperty("h")} px.");
            if (f.GetProperty("tag").GetString() == "img")
            {
                Assert.True(f.GetProperty("natural").GetInt32() > 0, $"{id}: the image did not decode.");
            }
        }
        Assert.True(File.Exists(png), "chromium wrote no screenshot.");
        using var shot = SKBitmap.Decode(png);
        Assert.Equal((1200, 6000), (shot.Width, shot.Height));
    }
}
