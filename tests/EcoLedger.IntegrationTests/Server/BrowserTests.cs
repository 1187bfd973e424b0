using static EcoLedger.IntegrationTests.Server.BrowserSite;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// The web app in a real browser: Debian's chromium driven by Playwright against the real server (Kestrel on a loopback port, not the
/// in-memory test server; <see cref="BrowserSite"/> starts both). A project owner signs in, transfers and retires credits through the forms; an auditor signs in and verifies
/// the ledger; the public registry shows the retirement. Screenshots of each page are kept under the test output folder
/// (<c>artifacts/browser</c>); axe-core (npm, installed by scripts/install-test-deps.sh) checks each page for serious or critical
/// accessibility violations.
/// </summary>
[Collection(BrowserSite.Collection)]
public sealed class BrowserTests(BrowserFixture chromium)
{
    [Fact]
    public async Task A_project_owner_transfers_and_retires_and_an_auditor_verifies_in_chromium()
    {
        await using var site = await BrowserSite.StartAsync(chromium, seed =>
        {
            seed.Seed();
            return (Farm: CreateAccount(seed, "li.farm", "farm", "project_owner"), Auditor: CreateAccount(seed, "zhao.audit", null, "auditor"),
                RegToken: seed.TokenOf("reg"));
        });
        var (farmPassword, auditorPassword, regToken) = site.Seeded;
        string url = site.Url;
        var page = await site.NewPageAsync();

        await page.GotoAsync(url + "/app/sign-in?lang=en");
        await Check(page, "credits-01-sign-in");
        await SignInAsync(page, url, "li.farm", farmPassword, open: false);
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
        string cliPdf = Path.Combine(site.Dir, "cli-certificate.pdf");
        var cliOut = new StringWriter();
        var cliErr = new StringWriter();
        int cliCode = EcoLedger.Cli.Program.Run(["ledger", "certificate", "--retirement", retired.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--out", cliPdf, "--db", site.Db], new EcoLedger.Cli.Hosting.CliIo(cliOut, cliErr, false));
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
        await SignInAsync(page, url, "zhao.audit", auditorPassword, open: false);
        Assert.Equal(0, await page.Locator("#form-transfer").CountAsync()); // an auditor reads; it gets no credit forms
        await page.ClickAsync("#form-verify button[type=submit]");
        await Result(page, "#verify-result");
        Assert.Equal("yes", await Term(page, "#verify-result", "Verified"));
        await page.ClickAsync("#form-checkpoint button[type=submit]");
        await Result(page, "#checkpoint-result");
        Assert.NotEqual("missing", await Term(page, "#checkpoint-result", "Public key fingerprint"));
        await Check(page, "credits-06-auditor");

        using (var api = site.Api(regToken))
        {
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
        site.AssertNoProblems();
    }
}
