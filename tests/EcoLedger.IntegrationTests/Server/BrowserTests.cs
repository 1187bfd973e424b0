using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// The web app in a real browser: Debian's chromium driven by Playwright against the real server (Kestrel on a loopback port, not the
/// in-memory test server). A project owner signs in, transfers and retires credits through the forms; an auditor signs in and verifies
/// the ledger; the public registry shows the retirement. Screenshots of each page are kept under the test output folder
/// (<c>artifacts/browser</c>); axe-core (npm, installed by scripts/install-test-deps.sh) checks each page for serious or critical
/// accessibility violations.
/// </summary>
[Collection(BrowserTests.Collection)]
public sealed class BrowserTests
{
    /// <summary>The browser tests run one at a time: two chromiums and two servers at once are too much for a two-core machine.</summary>
    public const string Collection = "Browser";

    internal static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "artifacts", "browser");

    [Fact]
    public async Task A_project_owner_transfers_and_retires_and_an_auditor_verifies_in_chromium()
    {
        string dir = Directory.CreateTempSubdirectory("ecoledger-browser-").FullName;
        string db = Path.Combine(dir, "ledger.db");
        string farmPassword, auditorPassword, regToken;
        using (var seed = new ServerTestHost(db))
        {
            seed.Seed();
            farmPassword = CreateAccount(seed, "li.farm", "farm", "project_owner");
            auditorPassword = CreateAccount(seed, "zhao.audit", null, "auditor");
            regToken = seed.TokenOf("reg");
        }
        Directory.CreateDirectory(Screenshots);
        var (server, url) = await LoopbackServer.StartAsync(db);
        try
        {
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await BrowserTests.LaunchAsync(playwright);
            var problems = new List<string>();
            var page = await BrowserTests.NewPageAsync(browser, problems);

            await page.GotoAsync(url + "/app/sign-in?lang=en");
            await Check(page, "credits-01-sign-in");
            // One fresh-clone CI run on the loaded 2-core machine never left the sign-in page (cause unknown: no page content was
            // kept). A second attempt from a freshly loaded form is allowed, and a failure now says what the page showed.
            string? firstAttempt = null;
            for (int attempt = 1; ; attempt++)
            {
                await page.FillAsync("#user_name", "li.farm");
                await page.FillAsync("#password", farmPassword);
                await page.ClickAsync("form.sign-in button[type=submit]");
                try
                {
                    await page.WaitForURLAsync(url + "/app?lang=en", new PageWaitForURLOptions { Timeout = 45_000 });
                    break;
                }
                catch (TimeoutException) when (attempt == 1)
                {
                    firstAttempt = $"{page.Url}: {await page.InnerTextAsync("body")}";
                    await page.GotoAsync(url + "/app/sign-in?lang=en");
                }
                catch (TimeoutException e)
                {
                    throw new TimeoutException($"sign-in did not reach /app twice; first: {firstAttempt}; then {page.Url}: {await page.InnerTextAsync("body")}", e);
                }
            }
            await page.WaitForSelectorAsync("[data-source='/api/balances'] table");
            // farm holds 101-1000: 900 t active
            Assert.Contains("900", await page.InnerTextAsync("[data-source='/api/balances']"));
            await Check(page, "credits-02-registry");

            // The participant's key is made in the browser (non-extractable) and only its public half is registered; from now on the
            // credit forms send RFC 9421 signed requests, which the runner checks against that key (a bad signature is refused).
            await page.ClickAsync("#create-key");
            await page.WaitForFunctionAsync("() => document.getElementById('key-status').textContent.includes('signed with the key')");
            Assert.Contains("registered for farm: its commands must be signed with it", await Result(page, "#key-result"));

            await page.FillAsync("#transfer-counterparty", "buyer");
            await page.FillAsync("#transfer-quantity", "5");
            await page.ClickAsync("#form-transfer button[type=submit]");
            string transfer = await Result(page, "#transfer-result");
            Assert.Contains("farm transferred 5 t CO₂e to buyer.", transfer);
            Assert.Equal("farm", await Term(page, "#transfer-result", "Recorded by"));
            await Check(page, "credits-03-transfer");

            await page.FillAsync("#retire-quantity", "10");
            await page.FillAsync("#retire-beneficiary", "Yichun Forestry Bureau");
            await page.FillAsync("#retire-purpose", "2024 offset");
            await page.ClickAsync("#form-retire button[type=submit]");
            string retirement = await Result(page, "#retire-result");
            Assert.Contains("Yichun Forestry Bureau", retirement);
            // 900 - 5 transferred - 10 retired = 885 t active
            await page.WaitForFunctionAsync("() => document.querySelector(\"[data-source='/api/balances']\").innerText.includes('885')");
            await Check(page, "credits-04-retirement");

            // The retirement's certificate, from the link under the result: the bytes the CLI's ledger certificate writes for it.
            long retired = long.Parse((await Term(page, "#retire-result", "Journal event")).TrimStart('#'), System.Globalization.CultureInfo.InvariantCulture);
            var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#form-retire p.certificate a"));
            byte[] served = await File.ReadAllBytesAsync(await download.PathAsync());
            string cliPdf = Path.Combine(dir, "cli-certificate.pdf");
            var cliOut = new StringWriter();
            var cliErr = new StringWriter();
            int cliCode = EcoLedger.Cli.Program.Run(["ledger", "certificate", "--retirement", retired.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--out", cliPdf, "--db", db], new EcoLedger.Cli.Hosting.CliIo(cliOut, cliErr, false));
            Assert.True(cliCode == 0, cliErr.ToString());
            Assert.Equal(await File.ReadAllBytesAsync(cliPdf), served);
            Assert.Equal($"retirement-{retired}.pdf", download.SuggestedFilename);

            await page.FillAsync("#history-serial", "106");
            await page.FillAsync("#history-project", "P1");
            await page.ClickAsync("#form-history button[type=submit]");
            await page.WaitForSelectorAsync("#history-result table");
            await Check(page, "credits-05-serial-history");

            await page.ClickAsync("form[action^='/app/sign-out'] button");
            await page.WaitForURLAsync(url + "/app/sign-in**");
            await BrowserTests.SignInAsync(page, url, "zhao.audit", auditorPassword, open: false);
            Assert.Equal(0, await page.Locator("#form-transfer").CountAsync()); // an auditor reads; it gets no credit forms
            await page.ClickAsync("#form-verify button[type=submit]");
            await Result(page, "#verify-result");
            Assert.Equal("yes", await Term(page, "#verify-result", "Verified"));
            await page.ClickAsync("#form-checkpoint button[type=submit]");
            await Result(page, "#checkpoint-result");
            Assert.NotEqual("missing", await Term(page, "#checkpoint-result", "Public key fingerprint"));
            await Check(page, "credits-06-auditor");

            using (var api = new HttpClient { BaseAddress = new Uri(url) })
            {
                api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", regToken);
                string journal = await api.GetStringAsync("/api/journal?limit=1000");
                // both commands were accepted on the browser key's RFC 9421 signature
                var accepted = System.Text.Json.Nodes.JsonNode.Parse(journal)!.AsArray()
                    .Where(e => e!["kind"]!.GetValue<string>() == "command.accepted" && e["payload"]!["http_signature_base"] is not null)
                    .Select(e => e!["payload"]!["signer"]!.GetValue<string>()).ToList();
                Assert.Equal(["farm", "farm"], accepted);
            }

            await page.GotoAsync(url + "/registry");
            Assert.Contains("Yichun Forestry Bureau", await page.ContentAsync());
            await Check(page, "credits-07-public-registry");

            await page.GotoAsync(url + "/app/sign-in?lang=zh");
            Assert.Contains("用户名", await page.InnerTextAsync("main"));
            await Check(page, "credits-08-sign-in-zh");
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
        finally
        {
            await LoopbackServer.StopAsync(server, dir);
        }
    }

    /// <summary>Waits for a form's result and returns it; fails when the API refused the command.</summary>
    /// <summary>Debian's chromium, headless, with nothing that reaches the network on its own.</summary>
    internal static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });

    /// <summary>A page in British English with a 90 s default timeout (a loaded 2-core CI machine) whose console errors and page errors go to <paramref name="problems"/>.</summary>
    internal static async Task<IPage> NewPageAsync(IBrowser browser, List<string> problems)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { Locale = "en-GB" });
        page.SetDefaultTimeout(90_000);
        page.Console += (_, m) => { if (m.Type == "error") problems.Add($"console: {m.Text} ({m.Location})"); };
        page.PageError += (_, e) => problems.Add("page error: " + e);
        return page;
    }

    /// <summary>Signs in on the English sign-in page (opened first unless <paramref name="open"/> is false) and waits for the app.</summary>
    internal static async Task SignInAsync(IPage page, string url, string userName, string password, bool open = true)
    {
        if (open)
        {
            await page.GotoAsync(url + "/app/sign-in?lang=en");
        }
        await page.FillAsync("#user_name", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("form.sign-in button[type=submit]");
        await page.WaitForURLAsync(url + "/app?lang=en");
    }

    internal static async Task<string> Result(IPage page, string selector)
    {
        await page.WaitForFunctionAsync($"() => {{ const o = document.querySelector('{selector}'); return o && o.textContent.length > 1; }}");
        string text = await page.InnerTextAsync(selector);
        Assert.False(await page.Locator(selector + ".error").CountAsync() > 0, text);
        return text;
    }

    /// <summary>The value of a term in a result's list of terms (dt/dd), or <c>missing</c>.</summary>
    internal static Task<string> Term(IPage page, string result, string term) => page.EvaluateAsync<string>(
        "([result, term]) => [...document.querySelectorAll(result + ' dt')].find(d => d.textContent === term)?.nextElementSibling?.textContent ?? 'missing'",
        new[] { result, term });

    /// <summary>A screenshot of the whole page, then axe-core: no serious or critical violation.</summary>
    internal static async Task Check(IPage page, string name)
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

    internal static string AxePath()
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

    internal static string CreateAccount(ServerTestHost server, string userName, string? participant, params string[] roles)
    {
        var created = server.Send(server.TokenOf("reg"), HttpMethod.Post, "/api/accounts", new { user_name = userName, participant, roles });
        Assert.True(created.Status == HttpStatusCode.Created, created.Text);
        return created.Json!["initial_password"]!.GetValue<string>();
    }
}
