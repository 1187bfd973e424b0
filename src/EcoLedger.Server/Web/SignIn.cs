using EcoLedger.Server.Auth;
using EcoLedger.Server.Endpoints;
using EcoLedger.Server.Http;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace EcoLedger.Server.Web;

/// <summary>
/// People sign in with a form (<c>/app/sign-in</c>): user name, password and, when the account has a second factor, the TOTP code, in
/// one post. The password check counts failures and locks the account (Identity's lockout); a wrong code counts the same way. Every
/// outcome is a security-log entry: <c>signin.succeeded</c>, <c>signin.failed</c> (with the reason) and <c>account.locked_out</c>. The
/// form carries an antiforgery token (no login CSRF) and the post is rate-limited per remote address (<see cref="RateLimits"/>).
/// </summary>
public static class SignIn
{
    /// <summary>The sign-in page.</summary>
    public const string Path = "/app/sign-in";

    /// <summary>The sign-out form's target.</summary>
    public const string SignOutPath = "/app/sign-out";

    /// <summary>Maps the sign-in and sign-out pages.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext http, IAntiforgery antiforgery) => Form(http, antiforgery, null, StatusCodes.Status200OK))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapPost(Path, Post).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        app.MapPost(SignOutPath, async (HttpContext http, SignInManager<ServerUser> signIn, ServerStore store) =>
            {
                // Cookie-authenticated: the CSRF guard has checked the form's token before this runs.
                if (http.User.Identity?.IsAuthenticated == true)
                {
                    var caller = Caller.Of(http.User);
                    await signIn.SignOutAsync().ConfigureAwait(false);
                    store.Log("signout", caller.Name, caller.TokenId, new() { ["remote"] = http.Connection.RemoteIpAddress?.ToString() });
                }
                return Results.Redirect(Path, permanent: false);
            })
            .AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
    }

    private static async Task<IResult> Post(HttpContext http, IAntiforgery antiforgery, UserManager<ServerUser> users, SignInManager<ServerUser> signIn,
        ServerStore store)
    {
        if (!http.Request.HasFormContentType)
        {
            return Problems.BadInput("form", "Sign in with the form: application/x-www-form-urlencoded user_name, password, code and csrf.");
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        string userName = form["user_name"].ToString().Trim();
        string password = form["password"].ToString();
        string code = form["code"].ToString().Replace(" ", "", StringComparison.Ordinal);
        string? remote = http.Connection.RemoteIpAddress?.ToString();
        if (!await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
        {
            store.Log("signin.failed", "anonymous", null, new() { ["user_name"] = userName, ["reason"] = "missing or invalid CSRF token", ["remote"] = remote });
            return Form(http, antiforgery, "form_expired", StatusCodes.Status400BadRequest);
        }
        var user = userName.Length == 0 ? null : await users.FindByNameAsync(userName).ConfigureAwait(false);
        if (user is null)
        {
            // Hash anyway, so that an unknown name takes as long as a wrong password.
            _ = users.PasswordHasher.HashPassword(new ServerUser(), password);
            return Failed(http, antiforgery, store, userName, null, "unknown user name", remote);
        }
        if (await users.IsLockedOutAsync(user).ConfigureAwait(false))
        {
            store.Log("signin.failed", user.UserName!, AccountClaimsFactory.CredentialPrefix + user.Id,
                new() { ["reason"] = "locked out", ["remote"] = remote, ["locked_until"] = user.LockoutEnd?.ToString("O") });
            return Form(http, antiforgery, "locked_out", StatusCodes.Status401Unauthorized);
        }
        var checkedPassword = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true).ConfigureAwait(false);
        if (!checkedPassword.Succeeded)
        {
            return await FailedCounted(http, antiforgery, users, store, user, "wrong password", remote).ConfigureAwait(false);
        }
        if (await SecondFactor.DisabledAsync(users, user).ConfigureAwait(false) is { } disabled)
        {
            store.Log("signin.failed", user.UserName!, AccountClaimsFactory.CredentialPrefix + user.Id,
                new() { ["reason"] = "account disabled", ["remote"] = remote, ["disabled"] = disabled });
            return Form(http, antiforgery, "disabled", StatusCodes.Status401Unauthorized);
        }
        string method = "password";
        if (user.TwoFactorEnabled)
        {
            if (code.Length == 0)
            {
                store.Log("signin.failed", user.UserName!, AccountClaimsFactory.CredentialPrefix + user.Id,
                    new() { ["reason"] = "second factor missing", ["remote"] = remote });
                return Form(http, antiforgery, "code_required", StatusCodes.Status401Unauthorized);
            }
            // Six digits are an authenticator code (accepted once within its step); anything else is tried as a one-time recovery code.
            bool isTotp = code.Length == 6 && code.All(char.IsAsciiDigit);
            int recoveryLeft = isTotp ? -1 : await SecondFactor.RedeemRecoveryCodeAsync(users, user, code).ConfigureAwait(false);
            if (isTotp ? !await SecondFactor.VerifyTotpAsync(users, user, code).ConfigureAwait(false) : recoveryLeft < 0)
            {
                await users.AccessFailedAsync(user).ConfigureAwait(false);
                return await FailedCounted(http, antiforgery, users, store, user,
                    isTotp ? "wrong or already used second-factor code" : "wrong or already used recovery code", remote).ConfigureAwait(false);
            }
            await users.ResetAccessFailedCountAsync(user).ConfigureAwait(false);
            method = isTotp ? "password+totp" : "password+recovery_code";
            if (!isTotp)
            {
                store.Log("account.recovery_code_used", user.UserName!, AccountClaimsFactory.CredentialPrefix + user.Id, new()
                {
                    ["account"] = user.Id,
                    ["remaining"] = recoveryLeft.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["remote"] = remote,
                });
            }
        }
        await signIn.SignInAsync(user, isPersistent: false, authenticationMethod: method).ConfigureAwait(false);
        store.Log("signin.succeeded", user.UserName!, AccountClaimsFactory.CredentialPrefix + user.Id,
            new() { ["method"] = method, ["remote"] = remote, ["participant"] = user.Participant });
        string lang = Html.Language(http);
        return Results.Redirect("/app?lang=" + lang, permanent: false);
    }

    private static async Task<IResult> FailedCounted(HttpContext http, IAntiforgery antiforgery, UserManager<ServerUser> users, ServerStore store,
        ServerUser user, string reason, string? remote)
    {
        string credential = AccountClaimsFactory.CredentialPrefix + user.Id;
        store.Log("signin.failed", user.UserName!, credential, new() { ["reason"] = reason, ["remote"] = remote });
        if (await users.IsLockedOutAsync(user).ConfigureAwait(false))
        {
            store.Log("account.locked_out", user.UserName!, credential, new()
            {
                ["until"] = user.LockoutEnd?.ToString("O"),
                ["after_failures"] = users.Options.Lockout.MaxFailedAccessAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            return Form(http, antiforgery, "locked_out", StatusCodes.Status401Unauthorized);
        }
        return Form(http, antiforgery, "bad_credentials", StatusCodes.Status401Unauthorized);
    }

    private static IResult Failed(HttpContext http, IAntiforgery antiforgery, ServerStore store, string userName, string? credential, string reason, string? remote)
    {
        store.Log("signin.failed", "anonymous", credential, new() { ["user_name"] = userName, ["reason"] = reason, ["remote"] = remote });
        return Form(http, antiforgery, "bad_credentials", StatusCodes.Status401Unauthorized);
    }

    private static IResult Form(HttpContext http, IAntiforgery antiforgery, string? error, int status)
    {
        string lang = Html.Language(http);
        var tokens = antiforgery.GetAndStoreTokens(http);
        string message = error is null ? "" : $"<p class=\"error\" role=\"alert\">{Html.T(lang, error)}</p>";
        string body = message + $"""
            <form method="post" action="{Path}?lang={lang}" class="sign-in">
            <input type="hidden" name="{Html.Encode(tokens.FormFieldName)}" value="{Html.Encode(tokens.RequestToken)}">
            <p><label for="user_name">{Html.T(lang, "user_name")}</label><br><input id="user_name" name="user_name" autocomplete="username" required></p>
            <p><label for="password">{Html.T(lang, "password")}</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
            <p><label for="code">{Html.T(lang, "code")}</label><br><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*"></p>
            <p><button type="submit">{Html.T(lang, "sign_in")}</button></p>
            </form>
            """;
        return Html.Result(Html.Page(lang, lang == "zh" ? "登录" : "Sign in", body), status);
    }
}
