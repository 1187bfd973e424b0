using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// Where every browser test starts: a ledger in a temporary folder, seeded through the in-memory server by the test's own function; the
/// real server (Kestrel, not the in-memory test server) on a free loopback port over it; Debian's chromium driven by Playwright; the
/// screenshots folder. A test states only its seed and what it does in the pages. Disposing it closes chromium, stops the server and
/// removes the folder. The helpers below (sign-in, form results, screenshot plus axe-core) are what the browser tests share.
/// </summary>
internal static class BrowserSite
{
    /// <summary>The browser tests run one at a time: two chromiums and two servers at once are too much for a two-core machine.</summary>
    public const string Collection = "Browser";

    /// <summary>Where the screenshots are kept: <c>artifacts/browser</c> under the test output folder.</summary>
    public static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "artifacts", "browser");

    /// <summary>
    /// Seeds a new ledger with <paramref name="seed"/> (the in-memory server over it, disposed before the real one opens the file),
    /// then starts the real server over it with any further <paramref name="settings"/>, and chromium.
    /// </summary>
    public static async Task<BrowserSite<TSeeded>> StartAsync<TSeeded>(Func<ServerTestHost, TSeeded> seed, params string[] settings)
    {
        string dir = Directory.CreateTempSubdirectory("ecoledger-browser-").FullName;
        string db = Path.Combine(dir, "ledger.db");
        TSeeded seeded;
        WebApplication? app = null;
        IPlaywright? playwright = null;
        try
        {
            using (var host = new ServerTestHost(db))
            {
                seeded = seed(host);
            }
            Directory.CreateDirectory(Screenshots);
            (app, string url) = await LoopbackServer.StartAsync(db, settings);
            playwright = await Playwright.CreateAsync();
            var browser = await LaunchAsync(playwright);
            return new BrowserSite<TSeeded>(dir, db, url, app, playwright, browser, seeded);
        }
        catch
        {
            playwright?.Dispose();
            if (app is not null)
            {
                await LoopbackServer.StopAsync(app, dir);
            }
            else
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try
                {
                    Directory.Delete(dir, true);
                }
                catch (IOException)
                {
                    // a file still open on a slow machine: left for the OS, the seed's own failure is the one to report
                }
            }
            throw;
        }
    }

    /// <summary>Debian's chromium, headless, with nothing that reaches the network on its own.</summary>
    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

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

/// <summary>A started <see cref="BrowserSite"/>: the seed's results, the server's address and services, chromium, and its pages' problems.</summary>
internal sealed class BrowserSite<TSeeded> : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    internal BrowserSite(string dir, string db, string url, WebApplication app, IPlaywright playwright, IBrowser browser, TSeeded seeded)
    {
        (Dir, Db, Url, App, _playwright, Browser, Seeded) = (dir, db, url, app, playwright, browser, seeded);
    }

    /// <summary>The temporary folder (the ledger and anything the test downloads); removed on dispose.</summary>
    public string Dir { get; }

    /// <summary>The ledger file.</summary>
    public string Db { get; }

    /// <summary>The server's address, <c>http://127.0.0.1:port</c>.</summary>
    public string Url { get; }

    /// <summary>The running server (its services, for a test that hooks into its jobs).</summary>
    public WebApplication App { get; }

    /// <summary>Chromium; <see cref="NewPageAsync"/> makes the pages.</summary>
    public IBrowser Browser { get; }

    /// <summary>What the seed function returned: passwords, tokens, ids.</summary>
    public TSeeded Seeded { get; }

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

    /// <summary>An API client for the running server sending <paramref name="token"/> as its bearer token (none: anonymous).</summary>
    public HttpClient Api(string? token = null)
    {
        var api = new HttpClient { BaseAddress = new Uri(Url) };
        if (token is not null)
        {
            api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return api;
    }

    /// <summary>Fails, naming them, if any page had a console error or a page error.</summary>
    public void AssertNoProblems() => Assert.True(Problems.Count == 0, string.Join("\n", Problems));

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await LoopbackServer.StopAsync(App, Dir);
    }
}
