using EcoLedger.Server.Auth;
using EcoLedger.Server.Hosting;
using EcoLedger.Server.Http;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using static EcoLedger.Server.Auth.ServerRoles;

namespace EcoLedger.Server.Endpoints;

/// <summary>Creates a person's account.</summary>
/// <param name="UserName">The sign-in name (letters, digits, <c>-._@</c>).</param>
/// <param name="Roles">The roles, as for an API token.</param>
/// <param name="Participant">The ledger participant the person acts as (omit only for auditor/bureau accounts).</param>
public sealed record CreateAccountRequest(string UserName, IReadOnlyList<string> Roles, string? Participant = null);

/// <summary>A new account: the initial password is shown here once and never again.</summary>
/// <param name="Id">The account's id (the credential <c>account:ID</c> in the security log).</param>
/// <param name="UserName">The sign-in name.</param>
/// <param name="InitialPassword">The one-time initial password; the person changes it after signing in.</param>
/// <param name="Participant">The participant.</param>
/// <param name="Roles">The roles.</param>
public sealed record CreatedAccount(string Id, string UserName, string InitialPassword, string? Participant, IReadOnlyList<string> Roles);

/// <summary>An account as the registry and auditors see it (no secrets).</summary>
/// <param name="Id">The id.</param>
/// <param name="UserName">The sign-in name.</param>
/// <param name="Participant">The participant.</param>
/// <param name="Roles">The roles.</param>
/// <param name="TwoFactorEnabled">True when a TOTP code is required at sign-in.</param>
/// <param name="LockedOutUntil">The end of a running lockout, or null.</param>
/// <param name="FailedSignIns">Failed attempts since the last success or lockout.</param>
/// <param name="Disabled">When and by whom the registry disabled the account, or null while it is enabled.</param>
/// <param name="Closed">When and by whom the registry closed the account for good, or null while it is open.</param>
public sealed record AccountView(string Id, string UserName, string? Participant, IReadOnlyList<string> Roles, bool TwoFactorEnabled,
    DateTimeOffset? LockedOutUntil, int FailedSignIns, string? Disabled, string? Closed);

/// <summary>Why the registry closes an account, and whether the participant's API tokens go with it.</summary>
/// <param name="Reason">A short reason, kept in the security log (e.g. the person left the bank).</param>
/// <param name="RevokeParticipantTokens">True to revoke every active API token of the account's participant too (the participant leaves
/// the registry); false keeps them (another person of the same participant carries on).</param>
public sealed record CloseAccount(string? Reason, bool RevokeParticipantTokens = false);

/// <summary>An account closed: what was removed.</summary>
/// <param name="UserName">The sign-in name (kept: never given to anyone else).</param>
/// <param name="Participant">The participant, which stays in the ledger with its journal history.</param>
/// <param name="Closed">When and by whom.</param>
/// <param name="RevokedTokens">The ids of the API tokens revoked with it.</param>
public sealed record ClosedAccount(string UserName, string? Participant, string Closed, IReadOnlyList<string> RevokedTokens);

/// <summary>Removing one's second factor needs the password again.</summary>
/// <param name="Password">The account's current password.</param>
public sealed record RemoveTotp(string Password);

/// <summary>One-time recovery codes: shown here once, stored only as hashes; each signs in once in place of a TOTP code.</summary>
/// <param name="RecoveryCodes">The codes (<c>xxxx-xxxx-xxxx</c>); any earlier codes no longer work.</param>
public sealed record NewRecoveryCodes(IReadOnlyList<string> RecoveryCodes);

/// <summary>Why the registry disables an account (kept in the security log).</summary>
/// <param name="Reason">A short reason, e.g. the person left the organisation.</param>
public sealed record DisableAccount(string? Reason);

/// <summary>Who is calling.</summary>
/// <param name="Name">The principal's name.</param>
/// <param name="Participant">The participant it acts as.</param>
/// <param name="Roles">Its roles.</param>
/// <param name="Credential">The token id, or <c>account:ID</c> for a signed-in person.</param>
/// <param name="CsrfToken">For a signed-in person: the antiforgery token to send as <c>X-CSRF-Token</c> on writes made with the cookie.</param>
public sealed record WhoAmI(string Name, string? Participant, IReadOnlyList<string> Roles, string Credential, string? CsrfToken);

/// <summary>A new authenticator key, to be confirmed with a code before it is required.</summary>
/// <param name="SharedKey">The base32 key to type into an authenticator app.</param>
/// <param name="Uri">The <c>otpauth://</c> URI (for a QR code).</param>
public sealed record AuthenticatorSetup(string SharedKey, string Uri);

/// <summary>A TOTP code.</summary>
/// <param name="Code">Six digits from the authenticator app.</param>
public sealed record TotpCode(string Code);

/// <summary>A password change.</summary>
/// <param name="CurrentPassword">The current password.</param>
/// <param name="NewPassword">The new password (at least 12 characters).</param>
public sealed record ChangePassword(string CurrentPassword, string NewPassword);

/// <summary>
/// People's accounts (ASP.NET Core Identity in the server's store): created and unlocked by the registry; a signed-in person sets up a
/// TOTP second factor and changes their password. Every change and every sign-in outcome is a security-log entry.
/// </summary>
public static class AccountEndpoints
{
    /// <summary>Maps <c>/api/accounts</c> and <c>/api/account</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var accounts = app.MapGroup("/api/accounts").WithTags("security");
        accounts.MapPost("/", async (CreateAccountRequest body, HttpContext http, LedgerHost host, ServerStore store, UserManager<ServerUser> users) =>
            {
                var caller = Caller.Of(http.User);
                var roles = (body.Roles ?? []).Distinct(StringComparer.Ordinal).ToList();
                if (await RoleGrants.RefuseAsync(host, roles, body.Participant, "account").ConfigureAwait(false) is { } refused)
                {
                    return refused;
                }
                var user = new ServerUser { UserName = body.UserName, Participant = body.Participant, Roles = string.Join(',', roles), CreatedBy = caller.Name };
                string password = AccountPasswords.NewInitialPassword();
                var created = await users.CreateAsync(user, password).ConfigureAwait(false);
                if (!created.Succeeded)
                {
                    return Problems.BadInput("user_name", $"Account '{body.UserName}' was not created: "
                        + string.Join(" ", created.Errors.Select(e => e.Description)));
                }
                store.Log("account.created", caller.Name, caller.TokenId, new()
                {
                    ["account"] = user.Id,
                    ["user_name"] = user.UserName,
                    ["participant"] = user.Participant,
                    ["roles"] = user.Roles,
                });
                return Results.Json(new CreatedAccount(user.Id, body.UserName, password, user.Participant, roles), statusCode: StatusCodes.Status201Created);
            })
            .Roles(Registry).WithSummary("Create a person's account; the initial password is in this response only.");
        accounts.MapGet("/", async (UserManager<ServerUser> users) =>
            {
                var list = await users.Users.OrderBy(u => u.UserName).ToListAsync().ConfigureAwait(false);
                var now = DateTimeOffset.UtcNow;
                var views = new List<AccountView>(list.Count);
                foreach (var u in list)
                {
                    views.Add(new AccountView(u.Id, u.UserName!, u.Participant, u.RoleList, u.TwoFactorEnabled,
                        u.LockoutEnd > now ? u.LockoutEnd : null, u.AccessFailedCount, await SecondFactor.DisabledAsync(users, u).ConfigureAwait(false),
                        await SecondFactor.ClosedAsync(users, u).ConfigureAwait(false)));
                }
                return Results.Ok(views);
            })
            .Roles(Registry, Auditor).WithSummary("Every account (names, roles, second factor, lockout; never secrets).");
        accounts.MapPost("/{userName}/unlock", async (string userName, HttpContext http, ServerStore store, UserManager<ServerUser> users) =>
            {
                var caller = Caller.Of(http.User);
                var (user, refusal) = await OpenAccount(users, userName).ConfigureAwait(false);
                if (user is null)
                {
                    return refusal!;
                }
                await users.SetLockoutEndDateAsync(user, null).ConfigureAwait(false);
                await users.ResetAccessFailedCountAsync(user).ConfigureAwait(false);
                store.Log("account.unlocked", caller.Name, caller.TokenId, new() { ["account"] = user.Id, ["user_name"] = user.UserName });
                return Results.NoContent();
            })
            .Roles(Registry).WithSummary("End an account's lockout and reset its failed sign-ins.");
        accounts.MapPost("/{userName}/disable", async (string userName, DisableAccount? body, HttpContext http, ServerStore store, UserManager<ServerUser> users) =>
            {
                var caller = Caller.Of(http.User);
                var user = await users.FindByNameAsync(userName).ConfigureAwait(false);
                if (user is null)
                {
                    return Problems.NotFound($"There is no account '{userName}'.");
                }
                if (await SecondFactor.DisabledAsync(users, user).ConfigureAwait(false) is { } already)
                {
                    return Problems.Problem(StatusCodes.Status409Conflict, "Already disabled", $"Account '{userName}' is already disabled ({already}).", "conflict", []);
                }
                await SecondFactor.SetDisabledAsync(users, user, caller.Name, DateTimeOffset.UtcNow).ConfigureAwait(false);
                store.Log("account.disabled", caller.Name, caller.TokenId, new() { ["account"] = user.Id, ["user_name"] = user.UserName, ["reason"] = body?.Reason });
                return Results.NoContent();
            })
            .Roles(Registry).WithSummary("Disable an account: it cannot sign in, and its running sessions end at their next request.");
        accounts.MapPost("/{userName}/enable", async (string userName, HttpContext http, ServerStore store, UserManager<ServerUser> users) =>
            {
                var caller = Caller.Of(http.User);
                var (user, refusal) = await OpenAccount(users, userName).ConfigureAwait(false);
                if (user is null)
                {
                    return refusal!;
                }
                if (await SecondFactor.DisabledAsync(users, user).ConfigureAwait(false) is null)
                {
                    return Problems.Problem(StatusCodes.Status409Conflict, "Not disabled", $"Account '{userName}' is not disabled.", "conflict", []);
                }
                await SecondFactor.SetDisabledAsync(users, user, null, DateTimeOffset.UtcNow).ConfigureAwait(false);
                store.Log("account.enabled", caller.Name, caller.TokenId, new() { ["account"] = user.Id, ["user_name"] = user.UserName });
                return Results.NoContent();
            })
            .Roles(Registry).WithSummary("Re-enable a disabled account (it signs in afresh; earlier sessions stay ended).");
        accounts.MapPost("/{userName}/totp/reset", async (string userName, HttpContext http, ServerStore store, UserManager<ServerUser> users) =>
            {
                var caller = Caller.Of(http.User);
                var (user, refusal) = await OpenAccount(users, userName).ConfigureAwait(false);
                if (user is null)
                {
                    return refusal!;
                }
                if (!user.TwoFactorEnabled)
                {
                    return Problems.Problem(StatusCodes.Status409Conflict, "No second factor", $"Account '{userName}' has no authenticator set up.", "conflict", []);
                }
                await SecondFactor.RemoveAsync(users, user).ConfigureAwait(false);
                await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
                store.Log("account.totp_reset", caller.Name, caller.TokenId, new() { ["account"] = user.Id, ["user_name"] = user.UserName });
                return Results.NoContent();
            })
            .Roles(Registry).WithSummary("Remove a person's second factor (a lost phone): the person signs in with the password and sets up TOTP again; " +
                "running sessions end.");
        accounts.MapPost("/{userName}/close", async (string userName, CloseAccount? body, HttpContext http, ServerStore store, UserManager<ServerUser> users) =>
            {
                var caller = Caller.Of(http.User);
                var (user, refusal) = await OpenAccount(users, userName).ConfigureAwait(false);
                if (user is null)
                {
                    return refusal!;
                }
                if (IsPerson(caller) && caller.TokenId == AccountClaimsFactory.CredentialPrefix + user.Id)
                {
                    return Problems.Problem(StatusCodes.Status409Conflict, "Own account", "The registry closes another person's account, not the one it signs in with.",
                        "conflict", ["user_name"]);
                }
                var now = DateTimeOffset.UtcNow;
                await SecondFactor.CloseAsync(users, user, caller.Name, now).ConfigureAwait(false);
                var revoked = new List<string>();
                if (body?.RevokeParticipantTokens == true && user.Participant is { } participant)
                {
                    foreach (var t in store.Tokens().Where(t => t.Participant == participant && t.Revoked is null))
                    {
                        if (store.RevokeToken(t.Id, caller.Name, caller.TokenId, $"account {user.UserName} closed"))
                        {
                            revoked.Add(t.Id);
                        }
                    }
                }
                string when = (await SecondFactor.ClosedAsync(users, user).ConfigureAwait(false))!;
                store.Log("account.closed", caller.Name, caller.TokenId, new()
                {
                    ["account"] = user.Id,
                    ["user_name"] = user.UserName,
                    ["participant"] = user.Participant,
                    ["reason"] = body?.Reason,
                    ["revoked_tokens"] = string.Join(",", revoked),
                });
                return Results.Ok(new ClosedAccount(user.UserName!, user.Participant, when, revoked));
            })
            .Roles(Registry).WithSummary("Close an account for good: password and second factor removed, sessions ended, optionally the participant's API " +
                "tokens revoked; the participant and its journal history stay, and the user name is never reused.");

        var me = app.MapGroup("/api/account").WithTags("security");
        me.MapGet("/", (HttpContext http, IAntiforgery antiforgery) =>
            {
                var caller = Caller.Of(http.User);
                string? csrf = IsPerson(caller) ? antiforgery.GetAndStoreTokens(http).RequestToken : null;
                return Results.Ok(new WhoAmI(caller.Name, caller.Participant, caller.Roles, caller.TokenId, csrf));
            })
            .Roles([.. All]).WithSummary("Who is calling: participant, roles, credential, and for a signed-in person the CSRF token for writes.");
        me.MapPost("/totp", async (HttpContext http, UserManager<ServerUser> users, SignInManager<ServerUser> signIn) =>
            {
                if (await Person(http, users).ConfigureAwait(false) is not { } user)
                {
                    return PeopleOnly(http);
                }
                await users.ResetAuthenticatorKeyAsync(user).ConfigureAwait(false);
                await SecondFactor.ResetTotpAsync(users, user).ConfigureAwait(false);
                // A new key changes the security stamp, which ends every session (stamps are checked on each request): keep this one.
                await signIn.RefreshSignInAsync(user).ConfigureAwait(false);
                string key = (await users.GetAuthenticatorKeyAsync(user).ConfigureAwait(false))!;
                string label = Uri.EscapeDataString("EcoLedger:" + user.UserName);
                return Results.Ok(new AuthenticatorSetup(key, $"otpauth://totp/{label}?secret={key}&issuer=EcoLedger&digits=6&period=30"));
            })
            .Roles([.. All]).WithSummary("A signed-in person: a new authenticator key (required at sign-in once confirmed).");
        me.MapPost("/totp/confirm", async (TotpCode body, HttpContext http, UserManager<ServerUser> users, SignInManager<ServerUser> signIn, ServerStore store) =>
            {
                if (await Person(http, users).ConfigureAwait(false) is not { } user)
                {
                    return PeopleOnly(http);
                }
                if (!await SecondFactor.VerifyTotpAsync(users, user, (body.Code ?? "").Replace(" ", "", StringComparison.Ordinal)).ConfigureAwait(false))
                {
                    return Problems.BadInput("code", "The code does not match the authenticator key (or was used already): expected the 6 digits the app shows now.");
                }
                await users.SetTwoFactorEnabledAsync(user, true).ConfigureAwait(false);
                await signIn.RefreshSignInAsync(user).ConfigureAwait(false); // the stamp changed: other sessions end, this one goes on
                var codes = await SecondFactor.NewRecoveryCodesAsync(users, user).ConfigureAwait(false);
                var caller = Caller.Of(http.User);
                store.Log("account.totp_enabled", caller.Name, caller.TokenId, new()
                {
                    ["account"] = user.Id,
                    ["user_name"] = user.UserName,
                    ["recovery_codes"] = codes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                });
                return Results.Ok(new NewRecoveryCodes(codes));
            })
            .Roles([.. All]).WithSummary("A signed-in person: confirm the authenticator key with a code; from now on sign-in needs a code. " +
                "The answer holds the one-time recovery codes, once.");
        me.MapPost("/recovery-codes", async (HttpContext http, UserManager<ServerUser> users, ServerStore store) =>
            {
                if (await Person(http, users).ConfigureAwait(false) is not { } user)
                {
                    return PeopleOnly(http);
                }
                if (!user.TwoFactorEnabled)
                {
                    return Problems.BadInput("totp", "Recovery codes stand in for the authenticator code: set up TOTP first (POST /api/account/totp, then /totp/confirm).");
                }
                var codes = await SecondFactor.NewRecoveryCodesAsync(users, user).ConfigureAwait(false);
                var caller = Caller.Of(http.User);
                store.Log("account.recovery_codes_generated", caller.Name, caller.TokenId, new()
                {
                    ["account"] = user.Id,
                    ["user_name"] = user.UserName,
                    ["count"] = codes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                });
                return Results.Ok(new NewRecoveryCodes(codes));
            })
            .Roles([.. All]).WithSummary("A signed-in person with TOTP: new one-time recovery codes (shown once; the earlier ones stop working).");
        me.MapPost("/totp/remove", async (RemoveTotp body, HttpContext http, UserManager<ServerUser> users, SignInManager<ServerUser> signIn, ServerStore store) =>
            {
                if (await Person(http, users).ConfigureAwait(false) is not { } user)
                {
                    return PeopleOnly(http);
                }
                if (!user.TwoFactorEnabled)
                {
                    return Problems.BadInput("totp", "This account has no authenticator set up: there is nothing to remove.");
                }
                if (!await users.CheckPasswordAsync(user, body.Password ?? "").ConfigureAwait(false))
                {
                    return Problems.BadInput("password", "The password is not this account's: removing the second factor needs the current password.");
                }
                await SecondFactor.RemoveAsync(users, user).ConfigureAwait(false);
                await signIn.RefreshSignInAsync(user).ConfigureAwait(false); // the stamp changed: other sessions end, this one goes on
                var caller = Caller.Of(http.User);
                store.Log("account.totp_removed", caller.Name, caller.TokenId, new() { ["account"] = user.Id, ["user_name"] = user.UserName });
                return Results.NoContent();
            })
            .Roles([.. All]).WithSummary("A signed-in person: remove the second factor (needs the current password); sign-in asks for no code from then on.");
        me.MapPost("/password", async (ChangePassword body, HttpContext http, UserManager<ServerUser> users, SignInManager<ServerUser> signIn, ServerStore store) =>
            {
                if (await Person(http, users).ConfigureAwait(false) is not { } user)
                {
                    return PeopleOnly(http);
                }
                var changed = await users.ChangePasswordAsync(user, body.CurrentPassword ?? "", body.NewPassword ?? "").ConfigureAwait(false);
                if (!changed.Succeeded)
                {
                    return Problems.BadInput(changed.Errors.Any(e => e.Code == "PasswordMismatch") ? "current_password" : "new_password",
                        string.Join(" ", changed.Errors.Select(e => e.Description)));
                }
                await signIn.RefreshSignInAsync(user).ConfigureAwait(false); // the stamp changed: other sessions end, this one goes on
                var caller = Caller.Of(http.User);
                store.Log("account.password_changed", caller.Name, caller.TokenId, new() { ["account"] = user.Id, ["user_name"] = user.UserName });
                return Results.NoContent();
            })
            .Roles([.. All]).WithSummary("A signed-in person: change the password.");
    }

    /// <summary>True when the caller is a signed-in person (cookie), not an API token.</summary>
    public static bool IsPerson(Caller caller) =>
        caller.TokenId.StartsWith(AccountClaimsFactory.CredentialPrefix, StringComparison.Ordinal);

    private static async Task<ServerUser?> Person(HttpContext http, UserManager<ServerUser> users)
    {
        var caller = Caller.Of(http.User);
        return IsPerson(caller) ? await users.FindByIdAsync(caller.TokenId[AccountClaimsFactory.CredentialPrefix.Length..]).ConfigureAwait(false) : null;
    }

    /// <summary>The account a registry action is on, or why there is none to act on: 404 when it does not exist, 409 when it is closed.</summary>
    private static async Task<(ServerUser? User, IResult? Refusal)> OpenAccount(UserManager<ServerUser> users, string userName)
    {
        var user = await users.FindByNameAsync(userName).ConfigureAwait(false);
        if (user is null)
        {
            return (null, Problems.NotFound($"There is no account '{userName}'."));
        }
        return await ClosedRefusal(users, user).ConfigureAwait(false) is { } closed ? (null, closed) : (user, null);
    }

    private static async Task<IResult?> ClosedRefusal(UserManager<ServerUser> users, ServerUser user) =>
        await SecondFactor.ClosedAsync(users, user).ConfigureAwait(false) is { } closed
            ? Problems.Problem(StatusCodes.Status409Conflict, "Account closed", $"Account '{user.UserName}' was closed ({closed}); a closed account is never reopened: create a new one.",
                "conflict", [])
            : null;

    private static IResult PeopleOnly(HttpContext http) =>
        Problems.Forbidden($"'{Caller.Of(http.User).Name}' calls with an API token; only a signed-in person manages their own account.");
}
