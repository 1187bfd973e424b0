using EcoLedger.Server.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using static EcoLedger.Server.Auth.ServerRoles;
using static EcoLedger.Server.Web.AppPage;

namespace EcoLedger.Server.Web;

/// <summary>
/// The account page (<c>/app/account</c>): a signed-in person sets up or removes the TOTP second factor, makes new recovery codes (shown
/// once) and changes the password; the registry lists the accounts, creates them, and unlocks, disables, enables, resets the second
/// factor of or closes one. Every form posts to the account endpoints an API client calls (<c>/api/account</c>, <c>/api/accounts</c>),
/// which write each change to the append-only security log.
/// </summary>
public static class AccountPages
{
    /// <summary>The page.</summary>
    public const string Path = "/app/account";

    /// <summary>Maps the page.</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Path, async (HttpContext http, IAntiforgery antiforgery, UserManager<ServerUser> users) =>
            {
                var caller = Caller.Of(http.User);
                bool person = http.User.Identity?.IsAuthenticated == true && Endpoints.AccountEndpoints.IsPerson(caller);
                var user = person ? await users.FindByIdAsync(caller.TokenId[AccountClaimsFactory.CredentialPrefix.Length..]).ConfigureAwait(false) : null;
                int codesLeft = user is { TwoFactorEnabled: true } ? await SecondFactor.RecoveryCodesLeftAsync(users, user).ConfigureAwait(false) : 0;
                return Render(http, antiforgery, "Account and security", "账户与安全", c => Body(c, user, codesLeft));
            })
            .AllowAnonymous().ExcludeFromDescription();

    private static string Body(PageContext c, ServerUser? user, int codesLeft)
    {
        var caller = c.Caller;
        var parts = new List<string>();
        bool totp = user?.TwoFactorEnabled == true;
        string status = totp
            ? c.L($"Second factor: on (authenticator app). Unused recovery codes: {codesLeft}.", $"第二因素：已启用（身份验证器应用）。未使用的恢复码：{codesLeft} 个。")
            : c.L("Second factor: off. Sign-in asks only for the password.", "第二因素：未启用。登录只需密码。");
        var mine = new List<string>
        {
            $"<p id=\"account-status\">{Html.Encode(caller.Person)} · {c.L("roles", "角色")} {Html.Encode(string.Join(", ", caller.Roles))}. {status}</p>",
        };
        if (!totp)
        {
            mine.Add(Form("totp-setup", "/api/account/totp", c.L("1. Make an authenticator key (type it into the app, or use the otpauth link)", "1. 生成身份验证器密钥（输入到应用中，或使用 otpauth 链接）"),
                c.L("Make a key", "生成密钥"), [], render: "detail"));
            mine.Add(Form("totp-confirm", "/api/account/totp/confirm", c.L("2. Confirm with the app's code: the recovery codes are shown once, here", "2. 用应用显示的验证码确认：恢复码仅在此显示一次"),
                c.L("Confirm", "确认"), [Field("code", c.L("Six-digit code", "六位验证码"), hint: "123456")], render: "detail"));
        }
        else
        {
            mine.Add(Form("recovery-codes", "/api/account/recovery-codes", c.L("New recovery codes (shown once; the earlier ones stop working)", "新的恢复码（仅显示一次；旧恢复码失效）"),
                c.L("Make new codes", "生成新恢复码"), [], render: "detail"));
            mine.Add(Form("totp-remove", "/api/account/totp/remove", c.L("Remove the second factor", "移除第二因素"), c.L("Remove", "移除"),
                [Field("password", c.L("Current password", "当前密码"), "password")]));
        }
        mine.Add(Form("password", "/api/account/password", c.L("Change the password", "修改密码"), c.L("Change", "修改"),
            [Field("current_password", c.L("Current password", "当前密码"), "password"),
             Field("new_password", c.L("New password (at least 12 characters)", "新密码（至少 12 个字符）"), "password")]));
        parts.Add(Section("mine", c.L("My account", "我的账户"), string.Concat(mine)));

        if (caller.Has(Registry) || caller.Has(Auditor))
        {
            var accounts = new List<string>
            {
                Source("/api/accounts", c.L("Accounts (no secrets: passwords and keys are stored only as hashes)", "账户（不含机密：密码与密钥仅以哈希保存）"), c.L("No accounts.", "无账户。")),
            };
            if (caller.Has(Registry))
            {
                accounts.Add(Form("account-create", "/api/accounts", c.L("Create an account (the initial password is shown once)", "创建账户（初始密码仅显示一次）"), c.L("Create", "创建"),
                    [Field("user_name", c.L("User name", "用户名")), Field("participant", c.L("Participant (empty for an auditor or bureau)", "参与方（审计方或主管部门可留空）"), required: false),
                     Field("roles", c.L("Roles, comma-separated (e.g. holder)", "角色，逗号分隔（如 holder）"))], render: "detail").Replace("name=\"roles\"", "name=\"roles\" data-list", StringComparison.Ordinal));
                accounts.Add(Form("account-action", "/api/accounts/{user_name}/{action}", c.L("Unlock, disable, enable or reset the second factor of an account", "解锁、停用、启用账户或重置其第二因素"),
                    c.L("Apply", "执行"),
                    [Field("user_name", c.L("User name", "用户名")),
                     Select("action", c.L("Action", "操作"), ("unlock", c.L("Unlock (end a lockout)", "解锁（结束锁定）")), ("disable", c.L("Disable", "停用")),
                        ("enable", c.L("Enable", "启用")), ("totp/reset", c.L("Reset the second factor (lost phone)", "重置第二因素（手机丢失）"))),
                     Field("reason", c.L("Reason (for disabling)", "理由（停用时）"), required: false)]));
                accounts.Add(Form("account-close", "/api/accounts/{user_name}/close",
                    c.L("Close an account for good: password and second factor removed, sessions ended; the participant and its journal history stay",
                        "永久关闭账户：删除密码与第二因素并结束会话；参与方及其日志历史保留"),
                    c.L("Close the account", "关闭账户"),
                    [Field("user_name", c.L("User name", "用户名")), Field("reason", c.L("Reason", "理由")),
                     $"<p><input id=\"{{form}}-revoke\" name=\"revoke_participant_tokens\" type=\"checkbox\"> <label for=\"{{form}}-revoke\">{c.L("Also revoke every API token of its participant (the participant leaves)", "同时撤销其参与方的全部 API 令牌（参与方退出）")}</label></p>"],
                    render: "detail"));
            }
            parts.Add(Section("accounts", c.L("Accounts (registry)", "账户管理（登记机构）"), string.Concat(accounts)));
        }
        return string.Concat(parts);
    }
}
