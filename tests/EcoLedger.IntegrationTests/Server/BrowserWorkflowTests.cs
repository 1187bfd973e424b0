using System.Text.Json.Nodes;
using EcoLedger.IntegrationTests.Ledger;
using Microsoft.Playwright;
using static EcoLedger.IntegrationTests.Server.BrowserSite;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// The compensation, finance and audit pages in chromium against the real server: the registry creates the Xin'an agreement, each
/// province signs it with a key made in its own browser, Anhui records the monitoring samples (a signed CSV upload), the registry closes
/// monitoring and assesses, Zhejiang pays (settles, signed); the registry imports prices and values the pledges (LTV, margin call);
/// an auditor downloads the bundle and verifies it and a retirement's proof by upload; the pages in Chinese; the registry on a narrow
/// screen. Each page is screenshotted and checked with axe-core (no serious or critical violation).
/// </summary>
[Collection(BrowserSite.Collection)]
public sealed class BrowserWorkflowTests(BrowserFixture chromium)
{
    private static readonly string Spec = CliRunner.Repo("samples", "xinan", "agreement.json");
    private static readonly string Samples = CliRunner.Repo("samples", "xinan", "jiekou-2024.csv");
    private static readonly string Prices = CliRunner.Repo("samples", "finance", "prices.csv");

    [Fact]
    public async Task A_compensation_round_finance_and_the_auditors_upload_checks_work_in_chromium()
    {
        await using var site = await BrowserSite.StartAsync(chromium, seed =>
        {
            seed.Seed();
            seed.Ok("reg", HttpMethod.Post, "/api/participants", new { id = "zhejiang", role = "holder" });
            seed.Ok("reg", HttpMethod.Post, "/api/participants", new { id = "anhui", role = "holder" });
            long pledge = seed.Ok("farm", HttpMethod.Post, "/api/credits/pledge", new { counterparty = "bank", quantity = 100 }, "p-1")!["seq"]!.GetValue<long>();
            seed.Ok("bank", HttpMethod.Post, "/api/pricing/loans", new { pledge_seq = pledge, principal = "6000.00" }, "l-1");
            long retired = seed.Ok("farm", HttpMethod.Post, "/api/credits/retire", new { quantity = 5, beneficiary = "Yichun", purpose = "offset" }, "r-1")!["seq"]!
                .GetValue<long>();
            var passwords = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["wang.reg"] = CreateAccount(seed, "wang.reg", "reg", "registry"),
                ["zj.finance"] = CreateAccount(seed, "zj.finance", "zhejiang", "holder"),
                ["ah.monitor"] = CreateAccount(seed, "ah.monitor", "anhui", "holder"),
                ["zhao.audit"] = CreateAccount(seed, "zhao.audit", null, "auditor"),
            };
            return (Passwords: passwords, RegToken: seed.TokenOf("reg"), Retired: retired);
        });
        var (passwords, regToken, retired) = site.Seeded;
        string url = site.Url;
        async Task<IPage> Person(string user)
        {
            // each person in a browser context of its own: its own cookies and its own IndexedDB (its signing key)
            var page = await site.NewPageAsync(who: user);
            await SignInAsync(page, url, user, passwords[user]);
            return page;
        }
        // what sticks out on the right of a narrow screen
        static Task<string> Wide(IPage page) => page.EvaluateAsync<string>(
            "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map(e => e.tagName + ':' + Math.round(e.getBoundingClientRect().right)).join(', ')");
        async Task MakeKey(IPage page)
        {
            await page.ClickAsync("#create-key");
            await page.WaitForFunctionAsync("() => document.getElementById('key-status').textContent.includes('signed with the key')");
        }

        // The registry creates the agreement from its spec.
        var reg = await Person("wang.reg");
        await reg.GotoAsync(url + "/app/compensation?lang=en");
        await reg.FillAsync("#create-agreement-id", "XINAN");
        await reg.FillAsync("#create-agreement-spec", await File.ReadAllTextAsync(Spec));
        Assert.Contains("Agreement XINAN created as a draft; reg administers it.", await Submit(reg, "create-agreement"));
        await reg.WaitForSelectorAsync("[data-source='/api/compensation/agreements'] table");
        await Check(reg, "workflow-01-compensation-agreement");

        // Each province signs in its own browser, with a key made there.
        var anhui = await Person("ah.monitor");
        var zhejiang = await Person("zj.finance");
        foreach (var party in new[] { anhui, zhejiang })
        {
            await party.GotoAsync(url + "/app/compensation?lang=en");
            await MakeKey(party);
            await party.FillAsync("#sign-agreement-agreement", "XINAN");
            Assert.Contains("signed agreement XINAN", await Submit(party, "sign-agreement"));
        }
        await reg.FillAsync("#agreement-action-agreement", "XINAN");
        await reg.SelectOptionAsync("#agreement-action-action", "activate");
        Assert.Contains("→ active.", await Submit(reg, "agreement-action"));
        Assert.Contains("XINAN_R1", await Term(reg, "#agreement-action-result", "Rounds opened"));

        // Anhui records the year's samples: the CSV file is the signed body.
        await anhui.FillAsync("#samples-round", "XINAN_R1");
        await anhui.SetInputFilesAsync("#samples-file", Samples);
        Assert.Contains("96 samples recorded in round XINAN_R1.", await Submit(anhui, "samples"));
        await Check(anhui, "workflow-02-compensation-samples");

        // The registry closes monitoring and assesses; Zhejiang, the paying party, settles.
        await reg.FillAsync("#round-action-round", "XINAN_R1");
        await reg.SelectOptionAsync("#round-action-action", "close-monitoring");
        Assert.Contains("→ monitoring_closed.", await Submit(reg, "round-action"));
        await reg.SelectOptionAsync("#round-action-action", "assess");
        // the round's target was missed: pay_if_not_met, 100,000,000.00 CNY reserved
        Assert.Contains("Round XINAN_R1 assessed:", await Submit(reg, "round-action"));
        Assert.Equal("100,000,000.00 CNY", await Term(reg, "#round-action-result", "Amount"));
        Assert.DoesNotContain("\"payload\"", await reg.InnerTextAsync("#round-action-result"));
        await Check(reg, "workflow-03-compensation-assessed");
        await zhejiang.FillAsync("#settle-round", "XINAN_R1");
        Assert.Contains("Round XINAN_R1 settled:", await Submit(zhejiang, "settle"));

        // The round's page: the index and its steps, the means per indicator, the payments (all posted).
        await reg.FillAsync("#rounds-agreement", "XINAN");
        await Submit(reg, "rounds");
        string round = await reg.InnerTextAsync("#rounds-result");
        Assert.Contains("XINAN_R1 · settled", round);
        Assert.Contains("Sample means by indicator", round);
        Assert.Contains("Compensation index P", round);
        Assert.Contains("CODMn", round);
        Assert.Contains("posted", round);
        await Check(reg, "workflow-04-compensation-round");
        await reg.WaitForSelectorAsync("[data-source='/api/compensation/payments'] table");
        string paymentsTable = await reg.InnerTextAsync("[data-source='/api/compensation/payments']");
        Assert.Contains("posted", paymentsTable);
        Assert.Matches(@"[0-9],[0-9]{3}\.[0-9]{2} CNY", paymentsTable); // amounts in CNY to the fen, never raw fen

        using (var api = site.Api(regToken))
        {
            var journal = JsonNode.Parse(await api.GetStringAsync(new Uri("/api/journal?limit=1000", UriKind.Relative)))!.AsArray();
            // the parties' commands were accepted on their browser keys' RFC 9421 signatures: two signatures, the samples, the payment
            var signed = journal.Where(e => e!["kind"]!.GetValue<string>() == "command.accepted" && e["payload"]!["http_signature_base"] is not null)
                .Select(e => e!["payload"]!["signer"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(["anhui", "anhui", "zhejiang", "zhejiang"], signed);
            var payments = JsonNode.Parse(await api.GetStringAsync(new Uri("/api/compensation/payments?agreement=XINAN", UriKind.Relative)))!.AsArray();
            Assert.Equal(10_000_000_000L, payments.Sum(p => p!["amount_fen"]!.GetValue<long>())); // 100,000,000.00 CNY, posted
        }

        // Finance: the registry imports the quotes, then values the pledge: 100 t × 72.40 = 7,240.00; collateral × 0.7 = 5,068.00;
        // LTV 6,000.00 / 5,068.00 = 1.183899 > 0.8: a margin call.
        await reg.GotoAsync(url + "/app/finance?lang=en");
        await reg.SetInputFilesAsync("#prices-import-file", Prices);
        Assert.Contains("quotes imported from prices.csv", await Submit(reg, "prices-import"));
        await reg.WaitForSelectorAsync("[data-source='/api/pricing/prices'] table");
        Assert.Contains("72.40 CNY/t", await reg.InnerTextAsync("[data-source='/api/pricing/prices']")); // as price show prints it, not 72.4
        await reg.FillAsync("#pledges-market", "CEA");
        await reg.FillAsync("#pledges-as_of", "2025-06-30");
        string pledges = await Submit(reg, "pledges");
        Assert.Contains("118.39%", pledges); // the LTV as value pledges prints it
        Assert.Contains("5,068.00 CNY", pledges);
        Assert.Contains("6,000.00 CNY", pledges);
        Assert.Contains("Margin calls", pledges);
        await reg.FillAsync("#mtm-market", "CEA");
        await reg.FillAsync("#mtm-as_of", "2025-06-30");
        await reg.FillAsync("#mtm-holder", "farm");
        // farm after the seed: 900 − 100 pledged − 5 retired = 795 t active (795 × 72.40 = 57,558.00) and 100 t pledged (7,240.00): 64,798.00
        await Submit(reg, "mtm");
        Assert.Equal("64,798.00 CNY", await Term(reg, "#mtm-result", "Total (CNY)"));
        Assert.Contains("57,558.00 CNY", await reg.InnerTextAsync("#mtm-result"));
        await Check(reg, "workflow-05-finance");

        // The auditor: downloads the bundle, verifies it by upload, verifies a retirement's proof, reads the checkpoint history.
        var auditor = await Person("zhao.audit");
        await auditor.GotoAsync(url + "/app/audit?lang=en");
        var bundle = await auditor.RunAndWaitForDownloadAsync(() => auditor.ClickAsync("#bundle-download"));
        string bundleFile = Path.Combine(site.Dir, "bundle.jsonl");
        await bundle.SaveAsAsync(bundleFile);
        await auditor.SetInputFilesAsync("#bundle-verify-file", bundleFile);
        await Submit(auditor, "bundle-verify");
        Assert.Equal("yes", await Term(auditor, "#bundle-verify-result", "Verified"));
        Assert.Equal("", await Term(auditor, "#bundle-verify-result", "Failure"));
        string proofFile = Path.Combine(site.Dir, "proof.json");
        using (var anonymous = site.Api())
        {
            await File.WriteAllBytesAsync(proofFile, await anonymous.GetByteArrayAsync(new Uri($"/api/public/retirements/{retired}/proof", UriKind.Relative)));
        }
        await auditor.SetInputFilesAsync("#proof-verify-file", proofFile);
        string proof = await Submit(auditor, "proof-verify");
        Assert.Contains($"event {retired} (credits.retired) is included", proof);
        Assert.Equal("yes", await Term(auditor, "#proof-verify-result", "Verified"));
        await auditor.WaitForSelectorAsync("[data-source='/api/audit/checkpoints'] table");
        await Check(auditor, "workflow-06-audit");

        // Chinese pages
        await reg.GotoAsync(url + "/app/compensation?lang=zh");
        Assert.Contains("生态补偿", await reg.InnerTextAsync("main"));
        await reg.WaitForSelectorAsync("[data-source='/api/compensation/agreements'] table");
        Assert.Contains("协议方", await reg.InnerTextAsync("main")); // the parties' heading, from the labels table
        await Check(reg, "workflow-07-compensation-zh");
        await reg.GotoAsync(url + "/app/finance?lang=zh");
        Assert.Contains("绿色金融", await reg.InnerTextAsync("main"));
        await reg.FillAsync("#pledges-market", "CEA");
        await reg.FillAsync("#pledges-as_of", "2025-06-30");
        Assert.Contains("5,068.00 元", await Submit(reg, "pledges"));
        await Check(reg, "workflow-08-finance-zh");
        await auditor.GotoAsync(url + "/app/audit?lang=zh");
        Assert.Contains("检查点历史", await auditor.InnerTextAsync("main"));
        await Check(auditor, "workflow-09-audit-zh");

        // A phone-sized screen: the issuance table (long serials) stays within the page.
        await reg.SetViewportSizeAsync(360, 740);
        await reg.GotoAsync(url + "/app?lang=en");
        await reg.WaitForSelectorAsync("[data-source='/api/public/issuances'] table");
        Assert.True(await reg.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            $"the registry page is {await reg.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px wide on a 360 px screen: {await Wide(reg)}");
        await Check(reg, "workflow-10-registry-narrow");
        await reg.GotoAsync(url + "/registry");
        Assert.True(await reg.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            $"the public registry is {await reg.EvaluateAsync<int>("() => document.documentElement.scrollWidth")} px wide on a 360 px screen: {await Wide(reg)}");
        await Check(reg, "workflow-11-public-registry-narrow");
        site.AssertNoProblems();
    }
}
