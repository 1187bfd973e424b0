using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using OtpNet;

namespace EcoLedger.IntegrationTests.Server;

/// <summary>
/// People sign in (ASP.NET Core Identity in the server's store): registry-created accounts, lockout, TOTP, the session cookie beside API
/// tokens, CSRF protection of cookie writes, the sign-in rate limit, and the security-log entries of each.
/// </summary>
public sealed partial class SignInTests
{
    [Fact]
    public void A_person_signs_in_with_the_registry_issued_password_and_transfers_with_the_cookie_and_csrf_token()
    {
        using var server = new ServerTestHost();
        server.Seed();
        string password = CreateAccount(server, "li.farm", "farm", "project_owner");
        using var browser = server.Browser();

        var signedIn = SignInForm(browser, "li.farm", password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        string cookie = string.Join("\n", signedIn.Headers.GetValues("Set-Cookie")).ToLowerInvariant();
        // The session cookie is not readable by script and is never sent on a cross-site request.
        Assert.Matches("ecoledger\\.session=[^;]+;.*samesite=strict", cookie);
        Assert.Contains("httponly", cookie);

        var me = Json(browser, HttpMethod.Get, "/api/account");
        Assert.Equal("farm", me["participant"]!.GetValue<string>());
        Assert.StartsWith("account:", me["credential"]!.GetValue<string>());
        string csrf = me["csrf_token"]!.GetValue<string>();

        var transfer = Send(browser, HttpMethod.Post, "/api/credits/transfer", new { counterparty = "buyer", quantity = 5 },
            new() { ["X-CSRF-Token"] = csrf, ["Idempotency-Key"] = "web-t1" });
        Assert.Equal(HttpStatusCode.Created, transfer.StatusCode);
        var entry = JsonNode.Parse(Body(transfer))!;
        Assert.Equal("farm", entry["actor"]!.GetValue<string>());
        // 900 t (101-1000) less 5 t transferred
        Assert.Equal(895L, server.Ok("farm", HttpMethod.Get, "/api/balances")![0]!["active"]!.GetValue<long>());

        var log = server.Ok("reg", HttpMethod.Get, "/api/security-log")!.AsArray();
        var signIn = log.Single(e => e!["kind"]!.GetValue<string>() == "signin.succeeded")!;
        Assert.Equal("li.farm", signIn["principal"]!.GetValue<string>());
        Assert.Contains("\"method\":\"password\"", signIn["detail"]!.GetValue<string>());
        Assert.Contains(log, e => e!["kind"]!.GetValue<string>() == "account.created" && e["detail"]!.GetValue<string>().Contains("\"user_name\":\"li.farm\""));
    }

    [Fact]
    public void The_journal_names_the_credential_of_each_event_the_token_or_the_session_and_never_a_claimed_actor()
    {
        using var server = new ServerTestHost();
        server.Seed();
        string password = CreateAccount(server, "li.farm", "farm", "project_owner");
        using var browser = server.Browser();
        Assert.Equal(HttpStatusCode.Redirect, SignInForm(browser, "li.farm", password).StatusCode);
        var me = Json(browser, HttpMethod.Get, "/api/account");
        string session = me["credential"]!.GetValue<string>();

        // The same participant acts once with the browser session (with a key) and once with its API token (without one); a body that
        // names another actor changes nothing: the actor is the authenticated participant.
        var web = Send(browser, HttpMethod.Post, "/api/credits/transfer", new { counterparty = "buyer", quantity = 5 },
            new() { ["X-CSRF-Token"] = me["csrf_token"]!.GetValue<string>(), ["Idempotency-Key"] = "web-t1" });
        Assert.Equal(HttpStatusCode.Created, web.StatusCode);
        var token = server.Send(server.TokenOf("farm"), HttpMethod.Post, "/api/credits/transfer", new { counterparty = "buyer", quantity = 7, actor = "reg" }, "tok-t1");
        Assert.True(token.Status == HttpStatusCode.Created, token.Text);

        var journal = HostJournal.Of(server.DbPath);
        var made = HostJournal.Credentials(journal).Where(e => e.Kind == "credits.transferred").ToList();
        string tokenId = server.TokenOf("farm").Split('_')[1];
        Assert.Equal([("farm", "credits.transferred", session), ("farm", "credits.transferred", "token:" + tokenId)], made);
        Assert.Matches("^account:[0-9a-f-]{36}$", session);
        // Every event the server made names its credential: the seed's (registry, owner, verifier tokens) included.
        Assert.All(HostJournal.Credentials(journal), e => Assert.NotNull(e.Credential));
        // The acceptance that carries the credential is on the hash chain, and the ledger still verifies.
        Assert.True(server.Ok("auditor", HttpMethod.Get, "/api/audit/verify")!["verified"]!.GetValue<bool>());
    }

    [Fact]
    public void A_cookie_write_without_the_csrf_token_or_from_another_site_is_refused_and_logged()
    {
        using var server = new ServerTestHost();
        server.Seed();
        string password = CreateAccount(server, "li.farm", "farm", "project_owner");
        using var browser = server.Browser();
        Assert.Equal(HttpStatusCode.Redirect, SignInForm(browser, "li.farm", password).StatusCode);
        string csrf = Json(browser, HttpMethod.Get, "/api/account")["csrf_token"]!.GetValue<string>();
        var body = new { counterparty = "buyer", quantity = 5 };

        var noToken = Send(browser, HttpMethod.Post, "/api/credits/transfer", body, new() { ["Idempotency-Key"] = "c1" });
        var otherOrigin = Send(browser, HttpMethod.Post, "/api/credits/transfer", body,
            new() { ["Idempotency-Key"] = "c2", ["X-CSRF-Token"] = csrf, ["Origin"] = "https://evil.example" });
        var crossSite = Send(browser, HttpMethod.Post, "/api/credits/transfer", body,
            new() { ["Idempotency-Key"] = "c3", ["X-CSRF-Token"] = csrf, ["Sec-Fetch-Site"] = "cross-site" });
        var forged = Send(browser, HttpMethod.Post, "/api/credits/transfer", body,
            new() { ["Idempotency-Key"] = "c4", ["X-CSRF-Token"] = csrf[..^4] + "AAAA" });

        foreach (var refused in new[] { noToken, otherOrigin, crossSite, forged })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("urn:ecoledger:problem:csrf", JsonNode.Parse(Body(refused))!["type"]!.GetValue<string>());
        }
        Assert.Contains("Origin 'https://evil.example' is not this server", Body(otherOrigin));
        Assert.Contains("Sec-Fetch-Site is 'cross-site'", Body(crossSite));
        // nothing moved: farm still holds 900 t
        Assert.Equal(900L, server.Ok("farm", HttpMethod.Get, "/api/balances")![0]!["active"]!.GetValue<long>());
        var log = server.Ok("reg", HttpMethod.Get, "/api/security-log")!.AsArray();
        Assert.Equal(4, log.Count(e => e!["kind"]!.GetValue<string>() == "csrf.refused"));
        // and an API token needs no CSRF token: it is not an ambient credential
        Assert.Equal(HttpStatusCode.Created, server.Send(server.TokenOf("farm"), HttpMethod.Post, "/api/credits/transfer", body, "c5").Status);
    }

    [Fact]
    public void The_sign_in_form_refuses_a_post_without_its_csrf_token()
    {
        using var server = new ServerTestHost();
        server.Seed();
        string password = CreateAccount(server, "buyer.wang", "buyer", "holder");
        using var browser = server.Browser();
        using var response = Post(browser, "/app/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["user_name"] = "buyer.wang", ["password"] = password }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("ecoledger.session=", StringComparison.Ordinal)));
        var log = server.Ok("reg", HttpMethod.Get, "/api/security-log")!.AsArray();
        Assert.Contains(log, e => e!["kind"]!.GetValue<string>() == "signin.failed" && e["detail"]!.GetValue<string>().Contains("missing or invalid CSRF token"));
    }

    [Fact]
    public void Five_wrong_passwords_lock_the_account_until_the_registry_unlocks_it()
    {
        using var server = new ServerTestHost();
        server.Seed();
        string password = CreateAccount(server, "buyer.wang", "buyer", "holder");
        using var browser = server.Browser();

        var failures = Enumerable.Range(1, 5).Select(i => SignInForm(browser, "buyer.wang", "wrong-password-" + i)).ToList();
        var rightButLocked = SignInForm(browser, "buyer.wang", password);

        Assert.All(failures, f => Assert.Equal(HttpStatusCode.Unauthorized, f.StatusCode));
        Assert.Contains("Wrong user name, password or code.", Body(failures[3]));
        Assert.Contains("this account is locked", Body(failures[4]));
        Assert.Equal(HttpStatusCode.Unauthorized, rightButLocked.StatusCode);
        Assert.Contains("this account is locked", Body(rightButLocked));
        var account = server.Ok("reg", HttpMethod.Get, "/api/accounts")!.AsArray().Single()!;
        Assert.NotNull(account["locked_out_until"]);

        var log = server.Ok("reg", HttpMethod.Get, "/api/security-log")!.AsArray().Select(e => e!).ToList();
        Assert.Equal(5, log.Count(e => e["kind"]!.GetValue<string>() == "signin.failed" && e["detail"]!.GetValue<string>().Contains("wrong password")));
        Assert.Single(log, e => e["kind"]!.GetValue<string>() == "account.locked_out");
        Assert.Single(log, e => e["kind"]!.GetValue<string>() == "signin.failed" && e["detail"]!.GetValue<string>().Contains("\"reason\":\"locked out\""));

        Assert.Equal(HttpStatusCode.NoContent, server.Send(server.TokenOf("reg"), HttpMethod.Post, "/api/accounts/buyer.wang/unlock").Status);
        Assert.Equal(HttpStatusCode.Redirect, SignInForm(browser, "buyer.wang", password).StatusCode);
        Assert.True(server.Ok("reg", HttpMethod.Get, "/api/security-log/verify")!["verified"]!.GetValue<bool>());
    }

    [Fact]
    public void Once_a_person_enables_totp_sign_in_needs_the_current_code()
    {
        using var server = new ServerTestHost();
        server.Seed();
        string password = CreateAccount(server, "auditor.zhao", null, "auditor");
        using var browser = server.Browser();
        Assert.Equal(HttpStatusCode.Redirect, SignInForm(browser, "auditor.zhao", password).StatusCode);
        string csrf = Json(browser, HttpMethod.Get, "/api/account")["csrf_token"]!.GetValue<string>();
        var setup = JsonNode.Parse(Body(Send(browser, HttpMethod.Post, "/api/account/totp", null, new() { ["X-CSRF-Token"] = csrf })))!;
        var totp = new Totp(Base32Encoding.ToBytes(setup["shared_key"]!.GetValue<string>()));
        Assert.StartsWith("otpauth://totp/EcoLedger%3Aauditor.zhao?secret=", setup["uri"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK,
            Send(browser, HttpMethod.Post, "/api/account/totp/confirm", new { code = totp.ComputeTotp() }, new() { ["X-CSRF-Token"] = csrf }).StatusCode);

        using var other = server.Browser();
        var withoutCode = SignInForm(other, "auditor.zhao", password);
        // The confirmation used this step's code; the next step's is within the accepted drift and not used yet.
        string good = totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30));
        string wrong = ((int.Parse(good, System.Globalization.CultureInfo.InvariantCulture) + 500_000) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var wrongCode = SignInForm(other, "auditor.zhao", password, wrong);
        var rightCode = SignInForm(other, "auditor.zhao", password, good);

        Assert.Equal(HttpStatusCode.Unauthorized, withoutCode.StatusCode);
        Assert.Contains("needs the code from its authenticator app", Body(withoutCode));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongCode.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, rightCode.StatusCode);
        Assert.Equal("auditor.zhao", Json(other, HttpMethod.Get, "/api/account")["name"]!.GetValue<string>());
        var log = server.Ok("reg", HttpMethod.Get, "/api/security-log")!.AsArray().Select(e => e!).ToList();
        Assert.Single(log, e => e["kind"]!.GetValue<string>() == "account.totp_enabled");
        Assert.Single(log, e => e["kind"]!.GetValue<string>() == "signin.failed" && e["detail"]!.GetValue<string>().Contains("wrong or already used second-factor code"));
        Assert.Single(log, e => e["kind"]!.GetValue<string>() == "signin.succeeded" && JsonNode.Parse(e["detail"]!.GetValue<string>())!["method"]!.GetValue<string>() == "password+totp");
    }

    [Fact]
    public void A_totp_code_signs_in_once_and_recovery_codes_are_shown_once_stored_hashed_and_used_once()
    {
        using var server = new ServerTestHost();
        server.Seed();
        string password = CreateAccount(server, "auditor.qian", null, "auditor");
        using var browser = server.Browser();
        Assert.Equal(HttpStatusCode.Redirect, SignInForm(browser, "auditor.qian", password).StatusCode);
        string csrf = Json(browser, HttpMethod.Get, "/api/account")["csrf_token"]!.GetValue<string>();
        var setup = JsonNode.Parse(Body(Send(browser, HttpMethod.Post, "/api/account/totp", null, new() { ["X-CSRF-Token"] = csrf })))!;
        var totp = new Totp(Base32Encoding.ToBytes(setup["shared_key"]!.GetValue<string>()));
        string confirmCode = totp.ComputeTotp();
        var confirmed = Send(browser, HttpMethod.Post, "/api/account/totp/confirm", new { code = confirmCode }, new() { ["X-CSRF-Token"] = csrf });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var codes = JsonNode.Parse(Body(confirmed))!["recovery_codes"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        Assert.Equal(10, codes.Count);
        Assert.All(codes, c => Assert.Matches("^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$", c));
        Assert.Equal(10, codes.Distinct().Count());

        // The confirmation's code was used in its step: replaying it (a shoulder-surfed or logged code) is refused.
        using var replay = server.Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, SignInForm(replay, "auditor.qian", password, confirmCode).StatusCode);
        // A code of the next step signs in once; the same code again is refused.
        string next = totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30));
        using (var first = server.Browser())
        {
            Assert.Equal(HttpStatusCode.Redirect, SignInForm(first, "auditor.qian", password, next).StatusCode);
        }
        using (var again = server.Browser())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, SignInForm(again, "auditor.qian", password, next).StatusCode);
        }

        // A recovery code (typed in capitals, as a person might) signs in once in place of the authenticator code.
        using (var lost = server.Browser())
        {
            Assert.Equal(HttpStatusCode.Redirect, SignInForm(lost, "auditor.qian", password, codes[3].ToUpperInvariant()).StatusCode);
            Assert.Equal("auditor.qian", Json(lost, HttpMethod.Get, "/api/account")["name"]!.GetValue<string>());
        }
        using (var reused = server.Browser())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, SignInForm(reused, "auditor.qian", password, codes[3]).StatusCode);
        }

        // New codes replace the old ones.
        var renewed = Send(browser, HttpMethod.Post, "/api/account/recovery-codes", null, new() { ["X-CSRF-Token"] = csrf });
        Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        string newCode = JsonNode.Parse(Body(renewed))!["recovery_codes"]![0]!.GetValue<string>();
        using (var old = server.Browser())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, SignInForm(old, "auditor.qian", password, codes[4]).StatusCode);
        }

        var log = server.Ok("reg", HttpMethod.Get, "/api/security-log")!.AsArray().Select(e => e!).ToList();
        var used = Assert.Single(log, e => e["kind"]!.GetValue<string>() == "account.recovery_code_used");
        Assert.Equal("9", JsonNode.Parse(used["detail"]!.GetValue<string>())!["remaining"]!.GetValue<string>());
        Assert.Single(log, e => e["kind"]!.GetValue<string>() == "signin.succeeded"
            && JsonNode.Parse(e["detail"]!.GetValue<string>())!["method"]!.GetValue<string>() == "password+recovery_code");
        Assert.Equal(2, log.Count(e => e["kind"]!.GetValue<string>() == "signin.failed" && e["detail"]!.GetValue<string>().Contains("wrong or already used second-factor code")));
        Assert.Equal(2, log.Count(e => e["kind"]!.GetValue<string>() == "signin.failed" && e["detail"]!.GetValue<string>().Contains("wrong or already used recovery code")));
        Assert.Single(log, e => e["kind"]!.GetValue<string>() == "account.recovery_codes_generated");
        // Neither the log nor the server's store holds a code as text: only SHA-256 hashes of them.
        string storePath = EcoLedger.Storage.LedgerDatabase.FilesOf(server.DbPath) + ".server.db";
        string storeText;
        using (var connection = new SqliteConnection($"Data Source={storePath};Pooling=False"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT group_concat(LoginProvider || ' ' || Name || ' ' || Value, '\n') FROM AspNetUserTokens";
            storeText = (string)cmd.ExecuteScalar()!;
        }
        Assert.All(codes.Append(newCode), c => Assert.DoesNotContain(c.Replace("-", "", StringComparison.Ordinal), storeText, StringComparison.OrdinalIgnoreCase));
        Assert.All(codes, c => Assert.DoesNotContain(log, e => e.ToJsonString().Contains(c, StringComparison.OrdinalIgnoreCase)));
        Assert.Contains(Sha256Hex(newCode.Replace("-", "", StringComparison.Ordinal)), storeText, StringComparison.Ordinal);
        Assert.DoesNotContain(Sha256Hex(codes[0].Replace("-", "", StringComparison.Ordinal)), storeText, StringComparison.Ordinal); // replaced
    }

    [Fact]
    public void A_disabled_account_cannot_sign_in_and_its_session_ends_until_the_registry_enables_it()
    {
        using var server = new ServerTestHost();
        server.Seed();
        string password = CreateAccount(server, "li.farm", "farm", "project_owner");
        using var browser = server.Browser();
        Assert.Equal(HttpStatusCode.Redirect, SignInForm(browser, "li.farm", password).StatusCode);
        Assert.Equal("farm", Json(browser, HttpMethod.Get, "/api/account")["participant"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, server.Send(server.TokenOf("reg"), HttpMethod.Post, "/api/accounts/li.farm/disable", new { reason = "left the farm" }).Status);
        Assert.Equal(HttpStatusCode.Conflict, server.Send(server.TokenOf("reg"), HttpMethod.Post, "/api/accounts/li.farm/disable", new { reason = "again" }).Status);

        // The running session ends at its next request, and the right password no longer signs in.
        Assert.Equal(HttpStatusCode.Unauthorized, Send(browser, HttpMethod.Get, "/api/account", null, []).StatusCode);
        using var again = server.Browser();
        var refused = SignInForm(again, "li.farm", password);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("This account is disabled", Body(refused));
        var listed = server.Ok("auditor", HttpMethod.Get, "/api/accounts")!.AsArray().Single(a => a!["user_name"]!.GetValue<string>() == "li.farm")!;
        Assert.EndsWith(" by reg", listed["disabled"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NoContent, server.Send(server.TokenOf("reg"), HttpMethod.Post, "/api/accounts/li.farm/enable").Status);
        // The old session stays ended; a new sign-in works.
        Assert.Equal(HttpStatusCode.Unauthorized, Send(browser, HttpMethod.Get, "/api/account", null, []).StatusCode);
        using var back = server.Browser();
        Assert.Equal(HttpStatusCode.Redirect, SignInForm(back, "li.farm", password).StatusCode);
        Assert.Null(server.Ok("auditor", HttpMethod.Get, "/api/accounts")!.AsArray().Single(a => a!["user_name"]!.GetValue<string>() == "li.farm")!["disabled"]);

        var log = server.Ok("reg", HttpMethod.Get, "/api/security-log")!.AsArray().Select(e => e!).ToList();
        var disabled = Assert.Single(log, e => e["kind"]!.GetValue<string>() == "account.disabled");
        Assert.Contains("left the farm", disabled["detail"]!.GetValue<string>());
        Assert.Single(log, e => e["kind"]!.GetValue<string>() == "account.enabled");
        Assert.Single(log, e => e["kind"]!.GetValue<string>() == "signin.failed" && e["detail"]!.GetValue<string>().Contains("account disabled"));
        Assert.True(server.Ok("auditor", HttpMethod.Get, "/api/security-log/verify")!["verified"]!.GetValue<bool>());
    }

    [Fact]
    public void A_closed_account_loses_its_credentials_sessions_and_tokens_while_its_participant_and_journal_history_stay()
    {
        using var server = new ServerTestHost();
        server.Seed();
        string password = CreateAccount(server, "chen.buyer", "buyer", "holder");
        using var browser = server.Browser();
        Assert.Equal(HttpStatusCode.Redirect, SignInForm(browser, "chen.buyer", password).StatusCode);
        string csrf = Json(browser, HttpMethod.Get, "/api/account")["csrf_token"]!.GetValue<string>();
        // the person buys 5 t: an event of the participant's history, made with the account's session
        server.Ok("farm", HttpMethod.Post, "/api/credits/transfer", new { counterparty = "buyer", quantity = 5 }, "t-1");
        var setup = JsonNode.Parse(Body(Send(browser, HttpMethod.Post, "/api/account/totp", null, new() { ["X-CSRF-Token"] = csrf })))!;
        var totp = new Totp(Base32Encoding.ToBytes(setup["shared_key"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, Send(browser, HttpMethod.Post, "/api/account/totp/confirm", new { code = totp.ComputeTotp() }, new() { ["X-CSRF-Token"] = csrf }).StatusCode);
        string buyerToken = server.TokenOf("buyer");
        string buyerTokenId = buyerToken.Split('_')[1];
        long journalBefore = server.Ok("reg", HttpMethod.Get, "/api/journal?limit=1000")!.AsArray().Count;

        // The registry cannot close its own session's account; it closes the buyer's, with the participant's tokens.
        var closed = server.Send(server.TokenOf("reg"), HttpMethod.Post, "/api/accounts/chen.buyer/close", new { reason = "left the company", revoke_participant_tokens = true });

        Assert.Equal(HttpStatusCode.OK, closed.Status);
        Assert.Equal("buyer", closed.Json!["participant"]!.GetValue<string>());
        Assert.EndsWith(" by reg", closed.Json["closed"]!.GetValue<string>());
        Assert.Equal([buyerTokenId], closed.Json["revoked_tokens"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray());
        // the running session ends; neither the password nor password + code signs in; the token is refused
        Assert.Equal(HttpStatusCode.Unauthorized, Send(browser, HttpMethod.Get, "/api/account", null, []).StatusCode);
        using (var again = server.Browser())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, SignInForm(again, "chen.buyer", password, totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, server.Send(buyerToken, HttpMethod.Get, "/api/balances").Status);
        // a closed account is never reopened, unlocked or closed twice; its name is not given again
        var reopen = server.Send(server.TokenOf("reg"), HttpMethod.Post, "/api/accounts/chen.buyer/enable");
        Assert.Equal(HttpStatusCode.Conflict, reopen.Status);
        Assert.Contains("a closed account is never reopened", reopen.Json!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, server.Send(server.TokenOf("reg"), HttpMethod.Post, "/api/accounts/chen.buyer/unlock").Status);
        Assert.Equal(HttpStatusCode.Conflict, server.Send(server.TokenOf("reg"), HttpMethod.Post, "/api/accounts/chen.buyer/close", new { reason = "again" }).Status);
        Assert.Equal(HttpStatusCode.BadRequest, server.Send(server.TokenOf("reg"), HttpMethod.Post, "/api/accounts",
            new { user_name = "chen.buyer", participant = "buyer", roles = new[] { "holder" } }).Status);
        var listed = server.Ok("auditor", HttpMethod.Get, "/api/accounts")!.AsArray().Single(a => a!["user_name"]!.GetValue<string>() == "chen.buyer")!;
        Assert.False(listed["two_factor_enabled"]!.GetValue<bool>());
        Assert.NotNull(listed["closed"]);
        // no secret is left in the store for it: no password hash, no authenticator key, no recovery codes
        string storePath = EcoLedger.Storage.LedgerDatabase.FilesOf(server.DbPath) + ".server.db";
        using (var connection = new SqliteConnection($"Data Source={storePath};Pooling=False"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT PasswordHash IS NULL, (SELECT group_concat(Name, ',') FROM AspNetUserTokens t WHERE t.UserId = u.Id AND Name NOT IN ('Closed', 'Disabled', 'AuthenticatorKey')) FROM AspNetUsers u WHERE UserName = 'chen.buyer'";
            using var r = cmd.ExecuteReader();
            Assert.True(r.Read());
            Assert.Equal(1L, r.GetInt64(0));
            Assert.True(r.IsDBNull(1), r.IsDBNull(1) ? "" : r.GetString(1));
        }
        // the participant and its history stay: the ledger still holds buyer's 5 t and every earlier event; closing wrote no journal event
        Assert.Equal(5L, server.Ok("reg", HttpMethod.Get, "/api/balances?holder=buyer")![0]!["active"]!.GetValue<long>());
        Assert.Equal(journalBefore, server.Ok("reg", HttpMethod.Get, "/api/journal?limit=1000")!.AsArray().Count);
        var log = server.Ok("reg", HttpMethod.Get, "/api/security-log")!.AsArray().Select(e => e!).ToList();
        var entry = Assert.Single(log, e => e["kind"]!.GetValue<string>() == "account.closed");
        var detail = JsonNode.Parse(entry["detail"]!.GetValue<string>())!;
        Assert.Equal("left the company", detail["reason"]!.GetValue<string>());
        Assert.Equal(buyerTokenId, detail["revoked_tokens"]!.GetValue<string>());
        Assert.Single(log, e => e["kind"]!.GetValue<string>() == "token.revoked" && e["detail"]!.GetValue<string>().Contains("account chen.buyer closed"));
        Assert.True(server.Ok("auditor", HttpMethod.Get, "/api/security-log/verify")!["verified"]!.GetValue<bool>());
    }

    [Fact]
    public void A_person_removes_their_second_factor_with_the_password_and_the_registry_resets_a_lost_one()
    {
        using var server = new ServerTestHost();
        server.Seed();
        string password = CreateAccount(server, "sun.audit", null, "auditor");
        using var browser = server.Browser();
        Assert.Equal(HttpStatusCode.Redirect, SignInForm(browser, "sun.audit", password).StatusCode);
        string csrf = Json(browser, HttpMethod.Get, "/api/account")["csrf_token"]!.GetValue<string>();
        Dictionary<string, string> H() => new() { ["X-CSRF-Token"] = csrf };
        var setup = JsonNode.Parse(Body(Send(browser, HttpMethod.Post, "/api/account/totp", null, H())))!;
        var totp = new Totp(Base32Encoding.ToBytes(setup["shared_key"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, Send(browser, HttpMethod.Post, "/api/account/totp/confirm", new { code = totp.ComputeTotp() }, H()).StatusCode);

        var wrong = Send(browser, HttpMethod.Post, "/api/account/totp/remove", new { password = "not-the-password" }, H());
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("needs the current password", Body(wrong));
        Assert.Equal(HttpStatusCode.NoContent, Send(browser, HttpMethod.Post, "/api/account/totp/remove", new { password }, H()).StatusCode);
        // this session goes on; a new sign-in needs only the password
        Assert.Equal("sun.audit", Json(browser, HttpMethod.Get, "/api/account")["name"]!.GetValue<string>());
        using (var plain = server.Browser())
        {
            Assert.Equal(HttpStatusCode.Redirect, SignInForm(plain, "sun.audit", password).StatusCode);
        }

        // set up again, then the phone is lost: the registry resets it, the session ends, the password alone signs in
        setup = JsonNode.Parse(Body(Send(browser, HttpMethod.Post, "/api/account/totp", null, H())))!;
        totp = new Totp(Base32Encoding.ToBytes(setup["shared_key"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, Send(browser, HttpMethod.Post, "/api/account/totp/confirm", new { code = totp.ComputeTotp() }, H()).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, server.Send(server.TokenOf("reg"), HttpMethod.Post, "/api/accounts/sun.audit/totp/reset").Status);
        Assert.Equal(HttpStatusCode.Conflict, server.Send(server.TokenOf("reg"), HttpMethod.Post, "/api/accounts/sun.audit/totp/reset").Status);
        Assert.Equal(HttpStatusCode.Unauthorized, Send(browser, HttpMethod.Get, "/api/account", null, []).StatusCode);
        using (var back = server.Browser())
        {
            Assert.Equal(HttpStatusCode.Redirect, SignInForm(back, "sun.audit", password).StatusCode);
        }
        var log = server.Ok("reg", HttpMethod.Get, "/api/security-log")!.AsArray().Select(e => e!).ToList();
        Assert.Single(log, e => e["kind"]!.GetValue<string>() == "account.totp_removed");
        Assert.Single(log, e => e["kind"]!.GetValue<string>() == "account.totp_reset");
        Assert.Equal(2, log.Count(e => e["kind"]!.GetValue<string>() == "account.totp_enabled"));
    }

    [Fact]
    public void Sign_in_posts_are_rate_limited_per_address()
    {
        using var server = new ServerTestHost(settings: new Dictionary<string, string> { ["EcoLedger:SignInsPerMinute"] = "3" });
        using var browser = server.Browser();

        var answers = Enumerable.Range(1, 4).Select(i => SignInForm(browser, "nobody", "guess-" + i).StatusCode).ToList();

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], answers);
    }

    [Fact]
    public void An_account_added_behind_the_security_logs_back_fails_its_verification()
    {
        using var server = new ServerTestHost();
        server.Seed();
        CreateAccount(server, "buyer.wang", "buyer", "holder");
        Assert.True(server.Ok("reg", HttpMethod.Get, "/api/security-log/verify")!["verified"]!.GetValue<bool>());

        using (var sql = new SqliteConnection("Data Source=" + server.DbPath + ".server.db;Pooling=false"))
        {
            sql.Open();
            using var cmd = sql.CreateCommand();
            cmd.CommandText = "INSERT INTO AspNetUsers (Id, UserName, NormalizedUserName, Participant, Roles, CreatedBy, EmailConfirmed, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount) "
                + "VALUES ('intruder-id', 'intruder', 'INTRUDER', 'reg', 'registry', 'nobody', 0, 0, 0, 0, 0)";
            cmd.ExecuteNonQuery();
        }

        Assert.Equal("account 'intruder' (intruder-id) is in the accounts table but its creation is not in the security log.",
            server.Ok("reg", HttpMethod.Get, "/api/security-log/verify")!["failure"]!.GetValue<string>());
    }

    [Fact]
    public void The_web_app_sends_visitors_to_sign_in_and_its_pages_run_only_this_servers_script()
    {
        using var server = new ServerTestHost();
        server.Seed();
        string password = CreateAccount(server, "buyer.wang", "buyer", "holder");
        using var browser = server.Browser();

        using var anonymous = Send(browser, HttpMethod.Get, "/app?lang=zh", null, []);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Equal("/app/sign-in?lang=zh", anonymous.Headers.Location!.ToString());
        // an API token is not a session: the pages are for people
        Assert.Equal(HttpStatusCode.Redirect, server.Send(server.TokenOf("buyer"), HttpMethod.Get, "/app").Status);

        Assert.Equal(HttpStatusCode.Redirect, SignInForm(browser, "buyer.wang", password).StatusCode);
        using var page = Send(browser, HttpMethod.Get, "/app?lang=en", null, []);
        string html = Body(page);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(global::EcoLedger.Server.Web.WebApp.ContentSecurityPolicy, page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("script-src 'self';", global::EcoLedger.Server.Web.WebApp.ContentSecurityPolicy);
        Assert.DoesNotContain("unsafe-inline", global::EcoLedger.Server.Web.WebApp.ContentSecurityPolicy);
        Assert.Contains("<script src=\"/app.js\" defer></script>", html);
        Assert.Equal(1, Regex.Count(html, "<script")); // no inline script
        Assert.Contains("id=\"form-transfer\"", html); // a holder gets the credit forms ...
        Assert.DoesNotContain("id=\"form-verify\"", html); // ... but not the auditor's
        Assert.Contains("data-endpoint=\"/api/credits/retire\"", html);
        using var script = Send(browser, HttpMethod.Get, "/app.js", null, []);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public void Prepare_answers_the_statement_digest_of_a_command_and_runs_nothing()
    {
        using var server = new ServerTestHost();
        server.Seed();
        var body = new { counterparty = "buyer", quantity = 5 };
        var prepare = new Dictionary<string, string> { ["EcoLedger-Prepare"] = "statement" };

        var prepared = server.Send(server.TokenOf("farm"), HttpMethod.Post, "/api/credits/transfer", body, "prep-1", prepare);
        var again = server.Send(server.TokenOf("farm"), HttpMethod.Post, "/api/credits/transfer", body, "prep-1", prepare);
        var otherKey = server.Send(server.TokenOf("farm"), HttpMethod.Post, "/api/credits/transfer", body, "prep-2", prepare);
        var noKey = server.Send(server.TokenOf("farm"), HttpMethod.Post, "/api/credits/transfer", body, null, prepare);

        Assert.Equal(HttpStatusCode.OK, prepared.Status);
        Assert.Equal("farm", prepared.Json!["actor"]!.GetValue<string>());
        Assert.Equal("prep-1", prepared.Json!["request_id"]!.GetValue<string>());
        Assert.Matches("^sha-256=:[A-Za-z0-9+/]{43}=:$", prepared.Json!["statement_digest"]!.GetValue<string>());
        // the same command and key give the same statement; another key (request id) another one
        Assert.Equal(prepared.Json!["statement_digest"]!.GetValue<string>(), again.Json!["statement_digest"]!.GetValue<string>());
        Assert.NotEqual(prepared.Json!["statement_digest"]!.GetValue<string>(), otherKey.Json!["statement_digest"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, noKey.Status);
        // nothing ran: farm still holds 900 t, and the key is still free for the real command
        Assert.Equal(900L, server.Ok("farm", HttpMethod.Get, "/api/balances")![0]!["active"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.Created, server.Send(server.TokenOf("farm"), HttpMethod.Post, "/api/credits/transfer", body, "prep-1").Status);
    }

    private static string CreateAccount(ServerTestHost server, string userName, string? participant, params string[] roles)
    {
        var created = server.Send(server.TokenOf("reg"), HttpMethod.Post, "/api/accounts", new { user_name = userName, participant, roles });
        Assert.True(created.Status == HttpStatusCode.Created, created.Text);
        return created.Json!["initial_password"]!.GetValue<string>();
    }

    internal static HttpResponseMessage SignInForm(HttpClient browser, string userName, string password, string? code = null)
    {
        string page = Task.Run(() => browser.GetStringAsync("/app/sign-in")).GetAwaiter().GetResult();
        string csrf = CsrfField().Match(page).Groups[1].Value;
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["csrf"] = WebUtility.HtmlDecode(csrf),
            ["user_name"] = userName,
            ["password"] = password,
            ["code"] = code ?? "",
        });
        return Post(browser, "/app/sign-in", form);
    }

    private static HttpResponseMessage Post(HttpClient browser, string path, HttpContent content)
    {
        var response = Task.Run(() => browser.PostAsync(path, content)).GetAwaiter().GetResult();
        Task.Run(() => response.Content.LoadIntoBufferAsync()).GetAwaiter().GetResult();
        return response;
    }

    private static HttpResponseMessage Send(HttpClient browser, HttpMethod method, string path, object? body, Dictionary<string, string> headers)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: ServerTestHost.Json);
        }
        foreach (var (k, v) in headers)
        {
            request.Headers.Add(k, v);
        }
        var response = Task.Run(() => browser.SendAsync(request)).GetAwaiter().GetResult();
        Task.Run(() => response.Content.LoadIntoBufferAsync()).GetAwaiter().GetResult();
        return response;
    }

    private static JsonNode Json(HttpClient browser, HttpMethod method, string path)
    {
        var response = Send(browser, method, path, null, []);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {Body(response)}");
        return JsonNode.Parse(Body(response))!;
    }

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    private static string Body(HttpResponseMessage response) => Task.Run(() => response.Content.ReadAsStringAsync()).GetAwaiter().GetResult();

    [GeneratedRegex("name=\"csrf\" value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();
}
