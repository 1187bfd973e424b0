using System.Text;
using EcoLedger.Server.Auth;
using EcoLedger.Server.Endpoints;
using Microsoft.AspNetCore.Antiforgery;
using static EcoLedger.Server.Auth.ServerRoles;

namespace EcoLedger.Server.Web;

/// <summary>
/// The web app for signed-in people (<c>/app</c>): the credit registry (projects, issuances, the caller's holdings, a serial's history),
/// the transfer, retire, pledge and release forms for the roles that may use them, and the auditor's checkpoint and verification. The
/// page is server-rendered in English or Chinese; <c>/app.js</c> (served from this assembly, no CDN) fills the tables from the API and
/// sends each form to the same endpoint an API client calls, so every rule stays in the one application layer. The page's CSP allows
/// script from this server only, never inline.
/// </summary>
public static class WebApp
{
    /// <summary>The app's home page.</summary>
    public const string Path = "/app";

    /// <summary>The CSP of the app's pages: script and fetches from this server only.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Maps <c>/app</c> (its script is one of <see cref="WebAssets"/>).</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext http, IAntiforgery antiforgery) =>
            {
                if (http.User.Identity?.IsAuthenticated != true || !AccountEndpoints.IsPerson(Caller.Of(http.User)))
                {
                    return Results.Redirect(SignIn.Path + "?lang=" + Html.Language(http));
                }
                return Html.Result(Home(http, Caller.Of(http.User), antiforgery.GetAndStoreTokens(http).RequestToken!));
            })
            .AllowAnonymous().ExcludeFromDescription();
    }

    private static string Home(HttpContext http, Caller caller, string csrf)
    {
        string lang = Html.Language(http);
        string L(string en, string zh) => Html.Encode(lang == "zh" ? zh : en);
        var b = new StringBuilder();
        b.Append("<meta name=\"csrf-token\" content=\"").Append(Html.Encode(csrf)).Append("\">");
        b.Append("<section aria-labelledby=\"who\"><h2 id=\"who\">").Append(L("Signed in", "当前用户")).Append("</h2><p>")
            .Append(Html.Encode(caller.Person)).Append(caller.Participant is { } p ? " · " + L("participant", "参与方") + " <strong>" + Html.Encode(p) + "</strong>" : "")
            .Append(" · ").Append(L("roles", "角色")).Append(' ').Append(Html.Encode(string.Join(", ", caller.Roles))).Append("</p>")
            .Append("<form method=\"post\" action=\"").Append(SignIn.SignOutPath).Append("?lang=").Append(lang).Append("\"><input type=\"hidden\" name=\"")
            .Append(CsrfGuard.FormFieldName).Append("\" value=\"").Append(Html.Encode(csrf)).Append("\"><button type=\"submit\">")
            .Append(Html.T(lang, "sign_out")).Append("</button></form></section>");
        b.Append("<p><a href=\"").Append(MonitoringPage.Path).Append("?lang=").Append(lang).Append("\">").Append(L("Live monitoring: stations, QC and the pricing basis", "实时监测：监测站、质量控制与定价基础")).Append("</a></p>");

        if (caller.Participant is not null)
        {
            b.Append("<meta name=\"participant\" content=\"").Append(Html.Encode(caller.Participant)).Append("\">");
            b.Append("<section aria-labelledby=\"signing\"><h2 id=\"signing\">").Append(L("Signing key", "签名密钥")).Append("</h2>")
                .Append("<p id=\"key-status\" aria-live=\"polite\" data-has=\"").Append(L("Commands are signed with the key kept in this browser (not extractable):", "命令使用保存在本浏览器中的密钥签名（不可导出）："))
                .Append("\" data-none=\"").Append(L("No signing key in this browser: commands are sent unsigned.", "本浏览器中没有签名密钥：命令将不签名发送。")).Append("\"></p>")
                .Append("<p><button type=\"button\" id=\"create-key\">").Append(L("Create a signing key in this browser and register it", "在本浏览器中生成签名密钥并登记"))
                .Append("</button></p><output id=\"key-result\" aria-live=\"polite\" tabindex=\"0\"></output></section>");
            b.Append("<section aria-labelledby=\"holdings\"><h2 id=\"holdings\">").Append(L("My holdings", "我的持有")).Append("</h2>")
                .Append(Source("/api/balances", L("Balances by status (t CO₂e)", "按状态的余额（吨二氧化碳当量）"), L("No holdings.", "无持有。")))
                .Append(Source("/api/blocks", L("Serial blocks", "序列号区块"), L("No serial blocks.", "无序列号区块。")))
                .Append("</section>");
        }
        bool credits = caller.Has(Holder) || caller.Has(ProjectOwner);
        if (credits || caller.Has(Bank))
        {
            b.Append("<section aria-labelledby=\"operations\"><h2 id=\"operations\">").Append(L("Credit operations", "碳信用操作")).Append("</h2>");
            if (credits)
            {
                b.Append(Form("transfer", "/api/credits/transfer", L("Transfer", "转让"), L("Transfer", "转让"),
                    Field("counterparty", L("To participant", "受让方"), "text", true), Field("quantity", L("Quantity (t)", "数量（吨）"), "number", true),
                    Field("project", L("Project (optional)", "项目（可选）"), "text", false), Field("price", L("Price, CNY (optional)", "价格，元（可选）"), "text", false)));
                b.Append(Form("retire", "/api/credits/retire", L("Retire", "注销"), L("Retire", "注销"),
                    Field("quantity", L("Quantity (t)", "数量（吨）"), "number", true), Field("beneficiary", L("Beneficiary", "受益方"), "text", true),
                    Field("purpose", L("Purpose", "用途"), "text", true), Field("project", L("Project (optional)", "项目（可选）"), "text", false)));
                b.Append(Form("pledge", "/api/credits/pledge", L("Pledge to a bank", "质押给银行"), L("Pledge", "质押"),
                    Field("counterparty", L("Bank", "银行"), "text", true), Field("quantity", L("Quantity (t)", "数量（吨）"), "number", true)));
            }
            if (caller.Has(Bank))
            {
                b.Append(Form("release", "/api/credits/release", L("Release a pledge", "解除质押"), L("Release", "解除"),
                    Field("holder", L("Pledged by", "出质方"), "text", true), Field("quantity", L("Quantity (t, optional)", "数量（吨，可选）"), "number", false)));
            }
            b.Append("</section>");
        }

        b.Append("<section aria-labelledby=\"registry\"><h2 id=\"registry\">").Append(L("Projects and issuances", "项目与签发")).Append("</h2>")
            .Append(Source("/api/public/projects", L("Projects", "项目"), L("No projects.", "无项目。")))
            .Append(Source("/api/public/issuances", L("Issuances", "签发"), L("No issuances.", "无签发。")))
            .Append(Form("history", "/api/history", L("A serial's history", "序列号历史"), L("Show", "查询"),
                Field("serial", L("Serial (number or ECO-… serial)", "序列号（数字或 ECO-… 序列号）"), "text", true),
                Field("project", L("Project", "项目"), "text", false)).Replace("data-method=\"POST\"", "data-method=\"GET\" data-render=\"table\"", StringComparison.Ordinal))
            .Append("</section>");

        if (GepJobEndpoints.Readers.Any(caller.Has))
        {
            b.Append("<p><a href=\"").Append(GepDashboard.Path).Append("?lang=").Append(lang).Append("\">").Append(L("GEP dashboard: runs, figures and the zone map", "GEP 看板：核算任务、指标与分区地图")).Append("</a></p>");
        }
        if (caller.Has(Registry) || caller.Has(Auditor))
        {
            b.Append("<section aria-labelledby=\"audit\"><h2 id=\"audit\">").Append(L("Audit", "审计")).Append("</h2>")
                .Append(Form("checkpoint", "/api/audit/checkpoint", L("Latest signed checkpoint", "最新签名检查点"), L("Show checkpoint", "查看检查点"))
                    .Replace("data-method=\"POST\"", "data-method=\"GET\" data-render=\"detail\"", StringComparison.Ordinal))
                .Append(Form("verify", "/api/audit/verify", L("Verify the ledger (journal, tables, checkpoints)", "验证账本（日志、数据表、检查点）"), L("Verify", "验证"))
                    .Replace("data-method=\"POST\"", "data-method=\"GET\" data-render=\"detail\"", StringComparison.Ordinal))
                .Append(Form("security", "/api/security-log/verify", L("Verify the security log", "验证安全日志"), L("Verify", "验证"))
                    .Replace("data-method=\"POST\"", "data-method=\"GET\" data-render=\"detail\"", StringComparison.Ordinal))
                .Append("<p><a href=\"/api/audit/export\">").Append(L("Download the audit bundle", "下载审计包")).Append("</a></p></section>");
        }
        b.Append(AppPage.Meta(lang));
        return Html.Page(lang, lang == "zh" ? "碳信用登记簿" : "Credit registry", b.ToString(), AppPage.Nav(lang), script: true);
    }

    private static string Source(string path, string caption, string empty) =>
        $"<div class=\"data\" data-source=\"{path}\" data-caption=\"{caption}\" data-empty=\"{empty}\" aria-live=\"polite\"></div>";

    private static string Field(string name, string label, string type, bool required) =>
        $"<p><label for=\"{{form}}-{name}\">{label}</label><br><input id=\"{{form}}-{name}\" name=\"{name}\" type=\"{type}\"" +
        (type == "number" ? " min=\"1\" step=\"1\"" : "") + (required ? " required" : "") + "></p>";

    private static string Form(string id, string endpoint, string legend, string button, params string[] fields) =>
        $"<form id=\"form-{id}\" data-endpoint=\"{endpoint}\" data-method=\"POST\"{(endpoint.StartsWith("/api/credits/", StringComparison.Ordinal) ? " data-sign" : "")}><fieldset><legend>{legend}</legend>"
        + string.Concat(fields).Replace("{form}", id, StringComparison.Ordinal)
        + $"<p><button type=\"submit\">{button}</button></p><output id=\"{id}-result\" aria-live=\"polite\" tabindex=\"0\"></output></fieldset></form>";
}
