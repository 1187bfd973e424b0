using System.Text.Json.Nodes;
using Microsoft.Playwright;
using OtpNet;
using static EcoLedger.IntegrationTests.Server.BrowserSite;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// The account page in chromium against the real server: a registry person sets up TOTP (key shown, confirmed with the app's code, the
/// recovery codes shown once), makes new recovery codes, creates an account (its initial password shown once), disables and enables
/// it, and closes another one with its participant's tokens; the security log holds each change. Screenshots kept, axe-core clean.
/// </summary>
[Collection(BrowserSite.Collection)]
public sealed class AccountBrowserTests(BrowserFixture chromium)
{
    [Fact]
    public async Task A_person_enrols_totp_and_the_registry_creates_disables_and_closes_accounts_from_the_account_page()
    {
        await using var site = await BrowserSite.StartAsync(chromium, seed =>
        {
            seed.Seed();
            string regPassword = CreateAccount(seed, "wang.reg", "reg", "registry");
            CreateAccount(seed, "chen.buyer", "buyer", "holder");
            seed.TokenOf("buyer");
            return (RegPassword: regPassword, RegToken: seed.TokenOf("reg"));
        });
        var (regPassword, regToken) = site.Seeded;
        string url = site.Url;
        // the one refusal the test provokes (closing one's own account: 409) is logged by chromium as a failed load; nothing else may be
        var page = await site.NewPageAsync(provoked: m => m.Location.EndsWith("/api/accounts/wang.reg/close:0:0", StringComparison.Ordinal));
        await SignInAsync(page, url, "wang.reg", regPassword);

        // TOTP: the key is shown, the app's code confirms it, and the ten recovery codes are shown once.
        await page.ClickAsync($"a[href='/app/account?lang=en']");
        await page.WaitForSelectorAsync("[data-source='/api/accounts'] table");
        Assert.Contains("Second factor: off", await page.InnerTextAsync("#account-status"));
        await Submit(page, "totp-setup");
        string key = await Term(page, "#totp-setup-result", "Authenticator key");
        Assert.Matches("^[A-Z2-7]{16,}$", key);
        await page.FillAsync("#totp-confirm-code", new Totp(Base32Encoding.ToBytes(key)).ComputeTotp());
        string codes = await Submit(page, "totp-confirm");
        Assert.Contains("shown once", codes);
        Assert.Equal(10, System.Text.RegularExpressions.Regex.Matches(codes, "[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}").Count);
        await Check(page, "account-01-totp-enrolled");
        await page.ReloadAsync();
        Assert.Contains("Second factor: on (authenticator app). Unused recovery codes: 10.", await page.InnerTextAsync("#account-status"));
        await Submit(page, "recovery-codes");

        // The registry creates an account (its initial password shown once), disables and enables it.
        await page.FillAsync("#account-create-user_name", "liu.bank");
        await page.FillAsync("#account-create-participant", "bank");
        await page.FillAsync("#account-create-roles", "holder");
        await Submit(page, "account-create");
        Assert.Matches("^.{12,}$", await Term(page, "#account-create-result", "Initial password (shown once)"));
        await page.FillAsync("#account-action-user_name", "liu.bank");
        await page.SelectOptionAsync("#account-action-action", "disable");
        await page.FillAsync("#account-action-reason", "on leave");
        Assert.Equal("Done.", await Submit(page, "account-action"));
        await page.WaitForFunctionAsync("() => document.querySelector(\"[data-source='/api/accounts']\").innerText.includes(' by reg')");
        await page.SelectOptionAsync("#account-action-action", "enable");
        Assert.Equal("Done.", await Submit(page, "account-action"));

        // It closes the buyer's account with the buyer's tokens; the participant stays.
        await page.FillAsync("#account-close-user_name", "chen.buyer");
        await page.FillAsync("#account-close-reason", "left the company");
        await page.CheckAsync("#account-close-revoke");
        await Submit(page, "account-close");
        Assert.Equal("buyer", await Term(page, "#account-close-result", "Participant"));
        Assert.Matches(@"^\S+$", await page.InnerTextAsync("#account-close-result section li")); // the revoked token's id
        await Check(page, "account-02-registry");
        // closing oneself is refused with the API's problem text
        await page.FillAsync("#account-close-user_name", "wang.reg");
        await page.ClickAsync("#form-account-close button[type=submit]");
        await page.WaitForSelectorAsync("#account-close-result.error");
        Assert.Contains("409", await page.InnerTextAsync("#account-close-result"));

        await page.GotoAsync(url + "/app/account?lang=zh");
        Assert.Contains("第二因素：已启用", await page.InnerTextAsync("#account-status"));
        await page.WaitForSelectorAsync("[data-source='/api/accounts'] table");
        await Check(page, "account-03-zh");

        using (var api = site.Api(regToken))
        {
            var kinds = JsonNode.Parse(await api.GetStringAsync(new Uri("/api/security-log", UriKind.Relative)))!.AsArray()
                .Select(e => e!["kind"]!.GetValue<string>()).ToList();
            foreach (var kind in new[] { "account.totp_enabled", "account.recovery_codes_generated", "account.disabled", "account.enabled", "account.closed", "token.revoked" })
            {
                Assert.Contains(kind, kinds);
            }
            Assert.Equal(3, kinds.Count(k => k == "account.created")); // wang.reg and chen.buyer (seeded), liu.bank (the page)
        }
        site.AssertNoProblems();
    }

    [Fact]
    public async Task A_person_removes_the_second_factor_on_the_account_page_with_the_password_and_then_signs_in_without_a_code()
    {
        await using var site = await BrowserSite.StartAsync(chromium, seed =>
        {
            seed.Seed();
            return (Password: CreateAccount(seed, "zhao.audit", null, "auditor"), RegToken: seed.TokenOf("reg"));
        });
        var (password, regToken) = site.Seeded;
        string url = site.Url;
        async Task<IPage> SignIn(string? code)
        {
            // the refusals the test provokes (a sign-in without the code: 401; a wrong password: 400) are logged by chromium as failed loads
            var p = await site.NewPageAsync(provoked: m => m.Text.Contains("status of 40", StringComparison.Ordinal));
            await p.GotoAsync(url + "/app/sign-in?lang=en");
            await p.FillAsync("#user_name", "zhao.audit");
            await p.FillAsync("#password", password);
            if (code is not null)
            {
                await p.FillAsync("#code", code);
            }
            await p.ClickAsync("form.sign-in button[type=submit]");
            await p.WaitForLoadStateAsync(LoadState.NetworkIdle);
            return p;
        }

        // Given a person who set up an authenticator on the account page
        var page = await SignIn(null);
        Assert.Equal(url + "/app?lang=en", page.Url);
        await page.GotoAsync(url + "/app/account?lang=en");
        await page.ClickAsync("#form-totp-setup button[type=submit]");
        await Result(page, "#totp-setup-result");
        var totp = new Totp(Base32Encoding.ToBytes(await Term(page, "#totp-setup-result", "Authenticator key")));
        await page.FillAsync("#totp-confirm-code", totp.ComputeTotp());
        await page.ClickAsync("#form-totp-confirm button[type=submit]");
        await Result(page, "#totp-confirm-result");
        await page.ReloadAsync();
        Assert.Contains("Second factor: on (authenticator app)", await page.InnerTextAsync("#account-status"));
        var withoutCode = await SignIn(null); // from then on a sign-in without the code is refused
        Assert.StartsWith(url + "/app/sign-in", withoutCode.Url, StringComparison.Ordinal);

        // When the person removes it with a wrong password, the page says why and nothing changes
        await page.FillAsync("#totp-remove-password", "not-the-password");
        await page.ClickAsync("#form-totp-remove button[type=submit]");
        await page.WaitForSelectorAsync("#totp-remove-result.error");
        Assert.Contains("The password is not this account's: removing the second factor needs the current password.", await page.InnerTextAsync("#totp-remove-result"));
        await Check(page, "account-totp-01-wrong-password");

        // and then with the current password: removed, and the page shows it off (English and Chinese)
        await page.FillAsync("#totp-remove-password", password);
        await page.EvalOnSelectorAsync("#totp-remove-result", "o => { o.textContent = ''; o.classList.remove('error'); }");
        await page.ClickAsync("#form-totp-remove button[type=submit]");
        Assert.Equal("Done.", await Result(page, "#totp-remove-result"));
        await page.ReloadAsync();
        Assert.Contains("Second factor: off", await page.InnerTextAsync("#account-status"));
        Assert.Equal(1, await page.Locator("#form-totp-setup").CountAsync()); // it can be set up again
        await Check(page, "account-totp-02-removed");
        await page.GotoAsync(url + "/app/account?lang=zh");
        Assert.Contains("第二因素：未启用", await page.InnerTextAsync("#account-status"));
        await Check(page, "account-totp-03-removed-zh");

        // Then signing in takes the password alone, and the security log holds the removal
        var again = await SignIn(null);
        Assert.Equal(url + "/app?lang=en", again.Url);
        using (var api = site.Api(regToken))
        {
            var log = JsonNode.Parse(await api.GetStringAsync(new Uri("/api/security-log", UriKind.Relative)))!.AsArray();
            var removed = Assert.Single(log, e => e!["kind"]!.GetValue<string>() == "account.totp_removed");
            Assert.Equal("zhao.audit", JsonNode.Parse(removed!["detail"]!.GetValue<string>())!["user_name"]!.GetValue<string>());
        }
        site.AssertNoProblems();
    }
}
