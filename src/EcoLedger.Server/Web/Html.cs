using System.Net;
using System.Text;

namespace EcoLedger.Server.Web;

/// <summary>
/// Server-rendered pages: one layout, English and Chinese text from one table, every value HTML-encoded. No inline script or style (the
/// CSP forbids both); pages work without script.
/// </summary>
public static class Html
{
    private static readonly Dictionary<string, (string En, string Zh)> Text = new(StringComparer.Ordinal)
    {
        ["title"] = ("EcoLedger registry", "EcoLedger 生态账本登记簿"),
        ["sign_in"] = ("Sign in", "登录"),
        ["sign_out"] = ("Sign out", "退出"),
        ["user_name"] = ("User name", "用户名"),
        ["password"] = ("Password", "密码"),
        ["code"] = ("Authenticator code or recovery code (if enabled)", "动态验证码或恢复码（如已启用）"),
        ["bad_credentials"] = ("Wrong user name, password or code.", "用户名、密码或验证码错误。"),
        ["code_required"] = ("This account needs the code from its authenticator app.", "此账户需要身份验证器应用中的验证码。"),
        ["locked_out"] = ("Too many failed sign-ins: this account is locked for a while. Ask the registry to unlock it.",
            "登录失败次数过多，账户已暂时锁定。请联系登记机构解锁。"),
        ["disabled"] = ("This account is disabled. Ask the registry.", "此账户已停用，请联系登记机构。"),
        ["form_expired"] = ("The form expired or did not come from this site; load the page again.", "表单已过期或并非来自本站，请重新加载页面。"),
        ["public_registry"] = ("Public registry", "公开登记簿"),
        ["language"] = ("中文", "English"),
        ["main"] = ("Main", "主要内容"),
    };

    /// <summary>The page language: <c>?lang=zh</c> or <c>?lang=en</c>, else the browser's first preference (Chinese or English).</summary>
    public static string Language(HttpContext http) => Http.RequestLanguage.Of(http);

    /// <summary>The text <paramref name="key"/> in <paramref name="lang"/>, HTML-encoded.</summary>
    public static string T(string lang, string key) => Encode(lang == "zh" ? Text[key].Zh : Text[key].En);

    /// <summary>HTML-encodes a value.</summary>
    public static string Encode(string? value) => WebUtility.HtmlEncode(value ?? "");

    /// <summary>A whole page around <paramref name="body"/> (already HTML).</summary>
    public static string Page(string lang, string title, string body, string? nav = null, bool script = false)
    {
        var page = new StringBuilder();
        string other = lang == "zh" ? "en" : "zh";
        page.Append("<!DOCTYPE html><html lang=\"").Append(lang == "zh" ? "zh-CN" : "en").Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append(" · ").Append(T(lang, "title")).Append("</title>")
            .Append("<link rel=\"stylesheet\" href=\"/registry.css\">").Append(script ? "<script src=\"" + WebAssets.AppScript + "\" defer></script>" : "").Append("</head><body>")
            .Append("<header><nav aria-label=\"site\"><a href=\"/app?lang=").Append(lang).Append("\">").Append(T(lang, "title")).Append("</a> · ")
            .Append(nav ?? "")
            .Append("<a href=\"/registry\">").Append(T(lang, "public_registry")).Append("</a> · ")
            .Append("<a href=\"?lang=").Append(other).Append("\" lang=\"").Append(other == "zh" ? "zh-CN" : "en").Append("\">").Append(T(lang, "language")).Append("</a>")
            .Append("</nav></header><main id=\"main\"><h1>").Append(Encode(title)).Append("</h1>")
            .Append(body).Append("</main></body></html>");
        return page.ToString();
    }

    /// <summary>An HTML result.</summary>
    public static IResult Result(string html, int status = StatusCodes.Status200OK) =>
        Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
}
