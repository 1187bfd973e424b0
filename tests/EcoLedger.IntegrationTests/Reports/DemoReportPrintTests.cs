using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using EcoLedger.IntegrationTests.Demo;

namespace EcoLedger.IntegrationTests.Reports;

/// <summary>
/// One headless Chromium for the tests of a class, which open their pages in it one after another, each page in a browser context
/// of its own (<see cref="ChromiumDevTools.OpenPage"/>); started on first use, and again if it died or stopped answering.
/// </summary>
public sealed class ChromiumFixture : IDisposable
{
    private readonly string _profiles = Directory.CreateTempSubdirectory("ecoledger-chromium-").FullName;
    private ChromiumDevTools? _browser;
    private int _starts;

    /// <inheritdoc cref="ChromiumDevTools.OpenPage"/>
    internal ChromiumDevTools.Page OpenPage(string url)
    {
        if (_browser is not { Usable: true })
        {
            _browser?.Dispose();
            _browser = ChromiumDevTools.Launch(Path.Combine(_profiles, "profile-" + ++_starts));
        }
        return _browser.OpenPage(url);
    }

    public void Dispose()
    {
        _browser?.Dispose();
        try
        {
            Directory.Delete(_profiles, recursive: true);
        }
        catch (IOException)
        {
            // a file chromium still held: the temp folder is cleaned later
        }
    }
}

/// <summary>
/// Every demo report carries its CJK font and fits A4 portrait: printed by headless Chromium with the report's own <c>@page</c> rule, the page is
/// A4 portrait, and laid out for print at the printable width (A4 less the rule's side margins, in CSS pixels) no element
/// reaches past the right edge and no element clips its content (a column squeezed off the page, a scroll box).
/// The PDFs are written to the temp folder (<c>ecoledger-print-*.pdf</c>, and the print layout as <c>.png</c>) for a person to look at.
/// </summary>
[Collection(DemoRunFixture.Collection)]
public sealed class DemoReportPrintTests(DemoRunFixture fx, ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    /// <summary>The demo's output folder, once the demo has succeeded.</summary>
    private string Root
    {
        get
        {
            Assert.True(fx.Result.ExitCode == 0, "ecoledger demo failed: " + fx.Result.Err);
            return fx.Root;
        }
    }

    /// <summary>A4 in PDF points (1/72 in).</summary>
    private const double A4WidthPt = 595.28, A4HeightPt = 841.89;

    /// <summary>
    /// The page's <c>@page</c> rule, and every visible element whose right edge is past the viewport or whose content is
    /// wider than its box while it clips (overflow other than visible), described by tag, id, class and text.
    /// </summary>
    private const string Measure = """
        (async () => {
          await document.fonts.ready;
          const W = document.documentElement.clientWidth;
          const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.replace(/ /g, '.') : '')
            + ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
          const bad = [];
          for (const el of document.body.querySelectorAll('*')) {
            const cs = getComputedStyle(el);
            if (cs.display === 'none' || cs.visibility === 'hidden') continue;
            const r = el.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) continue;
            if (r.right > W + 0.5) bad.push(describe(el) + ' ends at ' + r.right.toFixed(1) + ' px');
            if (cs.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1) bad.push(describe(el) + ' clips ' + el.scrollWidth + ' px of content into ' + el.clientWidth + ' px');
          }
          const pages = [];
          const walk = rules => { for (const rule of rules) { if (rule instanceof CSSPageRule) pages.push({ size: rule.style.size, left: rule.style.marginLeft, right: rule.style.marginRight }); else if (rule.cssRules) walk(rule.cssRules); } };
          for (const sheet of document.styleSheets) walk(sheet.cssRules);
          return { width: W, scrollWidth: document.documentElement.scrollWidth, bad, pages };
        })()
        """;

    public static TheoryData<string> Reports => new()
    {
        "yichun/report/report.html",
        "lueliang/report/report.html",
        "ledger-report/report.html",
        "audit-report/audit-report.html",
    };

    [Theory]
    [MemberData(nameof(Reports))]
    public void Every_demo_report_prints_on_A4_portrait_with_no_element_past_the_printable_width(string report)
    {
        string path = Path.Combine(Root, report);
        Assert.True(File.Exists(path), $"the demo wrote no {report}");
        string name = report.Split('/')[0];
        using var page = chromium.OpenPage(new Uri(path).AbsoluteUri);

        // Given: the report's own @page rule says A4 portrait and its side margins.
        var first = ChromiumDevTools.Parse(page.Evaluate(Measure));
        var rule = Assert.Single(first.GetProperty("pages").EnumerateArray());
        // Chromium writes "A4 portrait" back as "a4" (portrait is the default orientation).
        Assert.Matches("^(?i)a4( portrait)?$", rule.GetProperty("size").GetString());
        double printable = Mm(210) - Px(rule.GetProperty("left").GetString()!) - Px(rule.GetProperty("right").GetString()!);

        // When: laid out for print at the printable width.
        page.EmulatePrint(printable);
        var layout = ChromiumDevTools.Parse(page.Evaluate(Measure));

        // Then: nothing reaches past it, nothing is clipped.
        Assert.Equal(Math.Floor(printable), layout.GetProperty("width").GetDouble());
        var bad = layout.GetProperty("bad").EnumerateArray().Select(b => b.GetString()!).ToList();
        Assert.True(bad.Count == 0, $"{report} at the A4 printable width of {printable:0.#} px: {bad.Count} element(s) do not fit:\n" + string.Join("\n", bad.Take(15)));
        Assert.True(layout.GetProperty("scrollWidth").GetDouble() <= Math.Floor(printable), $"{report}: the page is {layout.GetProperty("scrollWidth")} px wide.");

        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), $"ecoledger-print-{name}.png"), page.Screenshot());

        // And: Chromium's print to PDF makes A4 portrait pages.
        byte[] pdf = page.PrintToPdf();
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), $"ecoledger-print-{name}.pdf"), pdf);
        var boxes = Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), @"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]");
        Assert.NotEmpty(boxes);
        foreach (Match box in boxes)
        {
            Assert.Equal(A4WidthPt, double.Parse(box.Groups[1].Value, CultureInfo.InvariantCulture), 0);
            Assert.Equal(A4HeightPt, double.Parse(box.Groups[2].Value, CultureInfo.InvariantCulture), 0);
        }
    }

    /// <summary>
    /// On a screen: every visible element outside a table's scroll box whose right edge is past the viewport, every
    /// amount cell whose text wraps onto a second line, and the scroll boxes that scroll (their tables' ids).
    /// </summary>
    private const string MeasureScreen = """
        (async () => {
          await document.fonts.ready;
          const W = document.documentElement.clientWidth;
          const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.replace(/ /g, '.') : '')
            + ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
          const bad = [], broken = [], scrolling = [];
          for (const el of document.body.querySelectorAll('*')) {
            const cs = getComputedStyle(el);
            if (cs.display === 'none' || cs.visibility === 'hidden' || el.closest('.table-scroll table')) continue;
            const r = el.getBoundingClientRect();
            if (r.width === 0 && r.height === 0) continue;
            if (r.right > W + 0.5) bad.push(describe(el) + ' ends at ' + r.right.toFixed(1) + ' px');
            if (el.classList.contains('table-scroll') && el.scrollWidth > el.clientWidth + 1) scrolling.push(el.querySelector('table').id || describe(el));
          }
          for (const td of document.querySelectorAll('td.num')) {
            const range = document.createRange();
            range.selectNodeContents(td);
            const lines = new Set([...range.getClientRects()].map(q => Math.round(q.top)));
            if (lines.size > 1) broken.push(describe(td));
          }
          return { width: W, scrollWidth: document.documentElement.scrollWidth, bad, broken, scrolling };
        })()
        """;

    [Theory]
    [MemberData(nameof(Reports))]
    public void Every_demo_report_fits_a_360_px_phone_screen_with_amounts_unbroken(string report)
    {
        string path = Path.Combine(Root, report);
        string name = report.Split('/')[0];
        using var page = chromium.OpenPage(new Uri(path).AbsoluteUri);

        // When: laid out on a phone-sized screen.
        page.EmulateScreen(360);
        var layout = ChromiumDevTools.Parse(page.Evaluate(MeasureScreen));
        File.WriteAllBytes(Path.Combine(Path.GetTempPath(), $"ecoledger-narrow-{name}.png"), page.Screenshot());

        // Then: the page is no wider than the screen; text wraps and a table too wide for its amounts scrolls in its own box.
        Assert.Equal(360, layout.GetProperty("width").GetDouble());
        var bad = layout.GetProperty("bad").EnumerateArray().Select(b => b.GetString()!).ToList();
        Assert.True(bad.Count == 0, $"{report} on a 360 px screen: {bad.Count} element(s) run past the screen:\n" + string.Join("\n", bad.Take(15)));
        Assert.True(layout.GetProperty("scrollWidth").GetDouble() <= 360, $"{report}: the page is {layout.GetProperty("scrollWidth")} px wide on a 360 px screen.");
        // And: no amount is split across lines (a figure read as two numbers).
        var broken = layout.GetProperty("broken").EnumerateArray().Select(b => b.GetString()!).ToList();
        Assert.True(broken.Count == 0, $"{report}: {broken.Count} amount(s) wrap:\n" + string.Join("\n", broken.Take(15)));
    }

    [Theory]
    [MemberData(nameof(Reports))]
    public void Every_demo_report_loads_the_CJK_font_shipped_beside_it(string report)
    {
        string path = Path.Combine(Root, report);
        string html = File.ReadAllText(path);

        // The page's @font-face names a file beside it: the shipped subset, byte for byte, with its licence.
        var face = Regex.Match(html, @"@font-face\s*\{[^}]*font-family:\s*""([^""]+)""[^}]*src:\s*url\(""([^""]+)""\)");
        Assert.True(face.Success, $"{report} declares no @font-face with a url().");
        string family = face.Groups[1].Value;
        string font = Path.Combine(Path.GetDirectoryName(path)!, face.Groups[2].Value);
        Assert.True(File.Exists(font), $"{report} refers to {face.Groups[2].Value}, which is not in the output folder.");
        Assert.Equal(File.ReadAllBytes(CliRunner.Repo("src", "EcoLedger.Reports", "Fonts", "NotoSansCJKsc-Regular-subset.otf")), File.ReadAllBytes(font));
        Assert.Contains("SIL OPEN FONT LICENSE", File.ReadAllText(Path.Combine(Path.GetDirectoryName(font)!, "OFL.txt")), StringComparison.OrdinalIgnoreCase);

        // Chromium loads it from the file and the body's font stack starts with it.
        using var page = chromium.OpenPage(new Uri(path).AbsoluteUri);
        var loaded = ChromiumDevTools.Parse(page.Evaluate(
            $"(async () => {{ const faces = await document.fonts.load('16px \"{family}\"', '生态系统生产总值'); " +
            "return { status: faces.map(f => f.status), body: getComputedStyle(document.body).fontFamily }; })()"));
        Assert.Equal("[\"loaded\"]", loaded.GetProperty("status").GetRawText());
        Assert.StartsWith($"\"{family}\"", loaded.GetProperty("body").GetString());
    }

    [Fact]
    public void Chinese_ledger_report_names_states_funding_kinds_and_decisions_in_Chinese()
    {
        string html = File.ReadAllText(Path.Combine(Root, "ledger-report", "report.html"));

        Assert.Contains("<td>P = 0.7952 ≤ 1：付费方向受偿方支付 100,000,000.00 元。</td>", html, StringComparison.Ordinal);
        Assert.Contains("状态 执行中", html, StringComparison.Ordinal);
        Assert.Contains("<td>社会资本</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>已结算</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>已入账</td>", html, StringComparison.Ordinal);
        Assert.Contains("<td>已登记</td>", html, StringComparison.Ordinal);
        foreach (string english in new[] { "the payer side", "<td>settled</td>", "<td>posted</td>", "<td>social_capital</td>", "<td>registered</td>", "状态 active" })
        {
            Assert.DoesNotContain(english, html, StringComparison.Ordinal);
        }
    }

    private static double Mm(double mm) => mm * 96 / 25.4;

    private static double Px(string length)
    {
        var m = Regex.Match(length, @"^([\d.]+)(mm|cm|px|in|pt)$");
        Assert.True(m.Success, $"@page margin '{length}': expected a length in mm, cm, px, in or pt.");
        double v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch
        {
            "mm" => Mm(v),
            "cm" => Mm(v * 10),
            "in" => v * 96,
            "pt" => v * 96 / 72,
            _ => v,
        };
    }
}
