using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// Where every browser test starts: a ledger in a temporary folder, seeded through the in-memory server by the test's own function; the
/// real server (Kestrel, not the in-memory test server) on a free loopback port over it; Debian's chromium driven by Playwright
/// (<see cref="BrowserFixture"/>, one for the collection, in which each page has a browser context of its own); the screenshots
/// folder. A test states only its seed and what it does in the pages. Disposing it closes its pages' contexts, stops the server and
/// removes the folder. The helpers below (sign-in, form results, screenshot plus axe-core) are what the browser tests share.
/// </summary>
internal static class BrowserSite
{
    /// <summary>The browser tests run one at a time: two chromiums and two servers at once are too much for a two-core machine.</summary>
    public const string Collection = "Browser";

    /// <summary>Where the screenshots are kept: <c>artifacts/browser</c> under the test output folder.</summary>
    public static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "artifacts", "browser");

    /// <summary>
    /// Seeds a new ledger with <paramref name="seed"/> and starts the real server over it with any further <paramref name="settings"/>
    /// (<see cref="LoopbackServer.StartAsync{TSeeded}"/>), with the collection's chromium (<paramref name="chromium"/>).
    /// </summary>
    public static async Task<BrowserSite<TSeeded>> StartAsync<TSeeded>(BrowserFixture chromium, Func<ServerTestHost, TSeeded> seed, params string[] settings)
    {
        ArgumentNullException.ThrowIfNull(chromium);
        Directory.CreateDirectory(Screenshots);
        var server = await LoopbackServer.StartAsync(seed, settings);
        try
        {
            return new BrowserSite<TSeeded>(server, await chromium.BrowserAsync());
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Signs in on the English sign-in page (opened first unless <paramref name="open"/> is false) and waits for the app. A sign-in that
    /// never reached <c>/app</c> was seen rarely on a loaded two-core CI machine (cause not found: no page content was kept), so it is
    /// tried once more from a freshly loaded form, and a second failure says what the page showed both times.
    /// </summary>
    public static async Task SignInAsync(IPage page, string url, string userName, string password, bool open = true)
    {
        string? first = null;
        for (int attempt = 1; ; attempt++)
        {
            if (open || attempt > 1)
            {
                await page.GotoAsync(url + "/app/sign-in?lang=en");
            }
            await page.FillAsync("#user_name", userName);
            await page.FillAsync("#password", password);
            await page.ClickAsync("form.sign-in button[type=submit]");
            try
            {
                await page.WaitForURLAsync(url + "/app?lang=en", new PageWaitForURLOptions { Timeout = 45_000 });
                return;
            }
            catch (TimeoutException) when (attempt == 1)
            {
                first = $"{page.Url}: {await page.InnerTextAsync("body")}";
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{userName}: sign-in did not reach /app twice; first {first}; then {page.Url}: {await page.InnerTextAsync("body")}", e);
            }
        }
    }

    /// <summary>Waits for a form's result and returns it; fails when the API refused the command.</summary>
    public static async Task<string> Result(IPage page, string selector)
    {
        await page.WaitForFunctionAsync($"() => {{ const o = document.querySelector('{selector}'); return o && o.textContent.length > 1; }}");
        string text = await page.InnerTextAsync(selector);
        Assert.False(await page.Locator(selector + ".error").CountAsync() > 0, text);
        return text;
    }

    /// <summary>Empties a form's result, sends the form and returns its new result (failing when the API refused the command).</summary>
    public static async Task<string> Submit(IPage page, string form)
    {
        await page.EvalOnSelectorAsync($"#{form}-result", "o => o.textContent = ''");
        await page.ClickAsync($"#form-{form} button[type=submit]");
        return await Result(page, $"#{form}-result");
    }

    /// <summary>The value of a term in a result's list of terms (dt/dd), or <c>missing</c>.</summary>
    public static Task<string> Term(IPage page, string result, string term) => page.EvaluateAsync<string>(
        "([result, term]) => [...document.querySelectorAll(result + ' dt')].find(d => d.textContent === term)?.nextElementSibling?.textContent ?? 'missing'",
        new[] { result, term });

    /// <summary>A screenshot of the whole page, then axe-core: no serious or critical violation.</summary>
    public static async Task Check(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
        // Evaluated through the DevTools protocol, which the page's CSP (no inline script) does not govern.
        await page.EvaluateAsync(await File.ReadAllTextAsync(AxePath()));
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => (await axe.run(document, { resultTypes: ['violations'] })).violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)
            """);
        Assert.True(violations.GetArrayLength() == 0, $"{name}: {violations}");
    }

    private static string AxePath()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string path = Path.Combine(d.FullName, "tests", "EcoLedger.IntegrationTests", "web", "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new FileNotFoundException("axe-core is not installed: run scripts/install-test-deps.sh (npm ci in tests/EcoLedger.IntegrationTests/web).");
    }

    /// <summary>Creates a person's account through the API (as the registry) and returns its initial password.</summary>
    public static string CreateAccount(ServerTestHost server, string userName, string? participant, params string[] roles)
    {
        var created = server.Send(server.TokenOf("reg"), HttpMethod.Post, "/api/accounts", new { user_name = userName, participant, roles });
        Assert.True(created.Status == HttpStatusCode.Created, created.Text);
        return created.Json!["initial_password"]!.GetValue<string>();
    }
}

/// <summary>A started <see cref="BrowserSite"/>: the seeded server (<see cref="LoopbackSite{TSeeded}"/>), chromium, and its pages' problems.</summary>
internal sealed class BrowserSite<TSeeded> : IAsyncDisposable
{
    private readonly LoopbackSite<TSeeded> _server;
    private readonly List<IBrowserContext> _contexts = [];

    internal BrowserSite(LoopbackSite<TSeeded> server, IBrowser browser)
    {
        (_server, Browser) = (server, browser);
    }

    /// <inheritdoc cref="LoopbackSite{TSeeded}.Dir"/>
    public string Dir => _server.Dir;

    /// <inheritdoc cref="LoopbackSite{TSeeded}.Db"/>
    public string Db => _server.Db;

    /// <inheritdoc cref="LoopbackSite{TSeeded}.Url"/>
    public string Url => _server.Url;

    /// <inheritdoc cref="LoopbackSite{TSeeded}.App"/>
    public WebApplication App => _server.App;

    /// <inheritdoc cref="LoopbackSite{TSeeded}.Seeded"/>
    public TSeeded Seeded => _server.Seeded;

    /// <summary>The collection's chromium; <see cref="NewPageAsync"/> makes the pages, each in a context of its own.</summary>
    public IBrowser Browser { get; }

    /// <summary>Every console error and page error of the pages made by <see cref="NewPageAsync"/> (see <see cref="AssertNoProblems"/>).</summary>
    public List<string> Problems { get; } = [];

    /// <summary>
    /// A page in a browser context of its own (its own cookies and storage), in British English, with a 90 s default timeout (a loaded
    /// two-core CI machine). Its console errors and page errors go to <see cref="Problems"/>, prefixed by <paramref name="who"/>, except
    /// the console errors <paramref name="provoked"/> says the test causes on purpose.
    /// </summary>
    public async Task<IPage> NewPageAsync(string? who = null, Func<IConsoleMessage, bool>? provoked = null, ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-GB", ViewportSize = viewport });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(90_000);
        string prefix = who is null ? "" : who + " ";
        page.Console += (_, m) =>
        {
            if (m.Type == "error" && provoked?.Invoke(m) != true)
            {
                Problems.Add($"{prefix}console: {m.Text} ({m.Location})");
            }
        };
        page.PageError += (_, e) => Problems.Add($"{prefix}page error: " + e);
        return page;
    }

    /// <inheritdoc cref="LoopbackSite{TSeeded}.Api"/>
    public HttpClient Api(string? token = null) => _server.Api(token);

    /// <summary>Fails, naming them, if any page had a console error or a page error.</summary>
    public void AssertNoProblems() => Assert.True(Problems.Count == 0, string.Join("\n", Problems));

    public async ValueTask DisposeAsync()
    {
        // Each context on its own: one that fails to close does not leave the others open in the collection's chromium.
        foreach (var context in _contexts)
        {
            try
            {
                await context.CloseAsync();
            }
            catch (PlaywrightException)
            {
                // chromium went away: BrowserFixture starts another for the next test
            }
        }
        await _server.DisposeAsync();
    }
}

/// <summary>
/// Playwright and Debian's chromium (headless, with nothing that reaches the network on its own) for the browser tests: started on
/// first use and shared by the tests of the <see cref="BrowserSite.Collection"/> collection, which run one at a time and each open
/// their pages in browser contexts of their own (no cookie or storage of one test is seen by another). Started again if it went
/// away; closed after the collection.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The running chromium, started (again) when there is none.</summary>
    internal async Task<IBrowser> BrowserAsync()
    {
        if (_browser is { IsConnected: true })
        {
            return _browser;
        }
        await CloseAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        return _browser;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => CloseAsync();

    private async Task CloseAsync()
    {
        if (_browser is not null)
        {
            try
            {
                await _browser.DisposeAsync();
            }
            catch (PlaywrightException)
            {
                // already gone
            }
            _browser = null;
        }
        _playwright?.Dispose();
        _playwright = null;
    }
}

[CollectionDefinition(BrowserSite.Collection)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;
