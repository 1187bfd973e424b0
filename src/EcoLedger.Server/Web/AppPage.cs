using System.Text;
using System.Text.Json;
using EcoLedger.Server.Auth;
using EcoLedger.Server.Endpoints;
using Microsoft.AspNetCore.Antiforgery;

namespace EcoLedger.Server.Web;

/// <summary>What a page is rendered for: the reader's language and the signed-in caller.</summary>
/// <param name="Lang"><c>en</c> or <c>zh</c>.</param>
/// <param name="Caller">The signed-in person's principal.</param>
public sealed record PageContext(string Lang, Caller Caller)
{
    /// <summary>The text in the page's language, HTML-encoded.</summary>
    public string L(string en, string zh) => Html.Encode(Lang == "zh" ? zh : en);
}

/// <summary>
/// The parts the web app's pages share: the signed-in check, the navigation between pages, forms that <c>/app.js</c> sends to the API
/// (<c>data-endpoint</c>, <c>data-method</c>, <c>data-sign</c> for commands signed with the browser's key, <c>data-upload</c> for a file
/// sent as the request body, <c>data-render</c> for how a result is shown) and the column labels in the reader's language.
/// </summary>
public static class AppPage
{
    /// <summary>The page for a signed-in person, or a redirect to sign-in.</summary>
    public static IResult Render(HttpContext http, IAntiforgery antiforgery, string titleEn, string titleZh, Func<PageContext, string> body)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(antiforgery);
        ArgumentNullException.ThrowIfNull(body);
        string lang = Html.Language(http);
        if (http.User.Identity?.IsAuthenticated != true || !AccountEndpoints.IsPerson(Caller.Of(http.User)))
        {
            return Results.Redirect(SignIn.Path + "?lang=" + lang);
        }
        var ctx = new PageContext(lang, Caller.Of(http.User));
        var b = new StringBuilder();
        b.Append("<meta name=\"csrf-token\" content=\"").Append(Html.Encode(antiforgery.GetAndStoreTokens(http).RequestToken)).Append("\">");
        if (ctx.Caller.Participant is { } p)
        {
            b.Append("<meta name=\"participant\" content=\"").Append(Html.Encode(p)).Append("\">");
        }
        b.Append(Meta(lang));
        b.Append(body(ctx));
        return Html.Result(Html.Page(lang, lang == "zh" ? titleZh : titleEn, b.ToString(), Nav(lang), script: true));
    }

    /// <summary>The column labels and number formats in the reader's language, for <c>/app.js</c>.</summary>
    public static string Meta(string lang) =>
        "<meta name=\"labels\" content=\"" + Html.Encode(JsonSerializer.Serialize(FieldLabels.For(lang))) + "\">"
        + "<meta name=\"formats\" content=\"" + Html.Encode(JsonSerializer.Serialize(FieldLabels.NumberFormats)) + "\">";

    /// <summary>Links to the app's pages, for the site navigation.</summary>
    public static string Nav(string lang)
    {
        string L(string en, string zh) => Html.Encode(lang == "zh" ? zh : en);
        return $"<a href=\"/app/compensation?lang={lang}\">{L("Compensation", "生态补偿")}</a> · <a href=\"/app/finance?lang={lang}\">{L("Finance", "绿色金融")}</a> · "
            + $"<a href=\"/app/audit?lang={lang}\">{L("Audit", "审计")}</a> · <a href=\"{AccountPages.Path}?lang={lang}\">{L("Account", "账户")}</a> · ";
    }

    /// <summary>A section with a heading.</summary>
    public static string Section(string id, string heading, params string[] parts) =>
        $"<section aria-labelledby=\"{id}\"><h2 id=\"{id}\">{heading}</h2>{string.Concat(parts)}</section>";

    /// <summary>A table (or, with <paramref name="render"/> <c>detail</c>, nested sections) filled from a GET of <paramref name="path"/>.</summary>
    public static string Source(string path, string caption, string empty, string? render = null) =>
        $"<div class=\"data\" data-source=\"{path}\" data-caption=\"{caption}\" data-empty=\"{empty}\"{(render is null ? "" : $" data-render=\"{render}\"")} aria-live=\"polite\"></div>";

    /// <summary>A labelled input; <c>{form}</c> is replaced by the form's id.</summary>
    public static string Field(string name, string label, string type = "text", bool required = true, string? value = null, string? hint = null) =>
        $"<p><label for=\"{{form}}-{name}\">{label}</label><br><input id=\"{{form}}-{name}\" name=\"{name}\" type=\"{type}\""
        + (type == "number" ? " min=\"0\" step=\"1\"" : "") + (required ? " required" : "") + (value is null ? "" : $" value=\"{Html.Encode(value)}\"")
        + (hint is null ? "" : $" placeholder=\"{hint}\"") + "></p>";

    /// <summary>A labelled text area; <paramref name="json"/> sends its text parsed as JSON.</summary>
    public static string TextArea(string name, string label, bool json = false) =>
        $"<p><label for=\"{{form}}-{name}\">{label}</label><br><textarea id=\"{{form}}-{name}\" name=\"{name}\" rows=\"8\" cols=\"60\" required{(json ? " data-json" : "")}></textarea></p>";

    /// <summary>A labelled choice.</summary>
    public static string Select(string name, string label, params (string Value, string Label)[] options) =>
        $"<p><label for=\"{{form}}-{name}\">{label}</label><br><select id=\"{{form}}-{name}\" name=\"{name}\">"
        + string.Concat(options.Select(o => $"<option value=\"{Html.Encode(o.Value)}\">{o.Label}</option>")) + "</select></p>";

    /// <summary>The file sent as the request body of an upload form.</summary>
    public static string File(string label, string accept) =>
        $"<p><label for=\"{{form}}-file\">{label}</label><br><input id=\"{{form}}-file\" name=\"file\" type=\"file\" accept=\"{accept}\" required data-body></p>";

    /// <summary>
    /// A form sent by <c>/app.js</c> to <paramref name="endpoint"/> (<c>{name}</c> taken from the field of that name). <paramref name="sign"/>:
    /// a command the browser signs with the participant's key when it has one. <paramref name="upload"/>: the content type of the file sent
    /// as the body. <paramref name="render"/>: <c>table</c> or <c>detail</c> for a read's result.
    /// </summary>
    public static string Form(string id, string endpoint, string legend, string button, string[] fields, string method = "POST", bool sign = false,
        string? upload = null, string? render = null) =>
        $"<form id=\"form-{id}\" data-endpoint=\"{endpoint}\" data-method=\"{method}\"{(sign ? " data-sign" : "")}"
        + (upload is null ? "" : $" data-upload=\"{upload}\"") + (render is null ? "" : $" data-render=\"{render}\"")
        + $"><fieldset><legend>{legend}</legend>" + string.Concat(fields).Replace("{form}", id, StringComparison.Ordinal)
        + $"<p><button type=\"submit\">{button}</button></p><output id=\"{id}-result\" aria-live=\"polite\" tabindex=\"0\"></output></fieldset></form>";

    /// <summary>The browser's signing key: its status, and the button that makes and registers one.</summary>
    public static string SigningKey(PageContext c) => c.Caller.Participant is null ? "" : Section("signing", c.L("Signing key", "签名密钥"),
        "<p id=\"key-status\" aria-live=\"polite\" data-has=\"", c.L("Commands are signed with the key kept in this browser (not extractable):", "命令使用保存在本浏览器中的密钥签名（不可导出）："),
        "\" data-none=\"", c.L("No signing key in this browser: commands are sent unsigned.", "本浏览器中没有签名密钥：命令将不签名发送。"), "\"></p>",
        "<p><button type=\"button\" id=\"create-key\">", c.L("Create a signing key in this browser and register it", "在本浏览器中生成签名密钥并登记"),
        "</button></p><output id=\"key-result\" aria-live=\"polite\" tabindex=\"0\"></output>");
}
