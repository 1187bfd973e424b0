using System.Text;
using EcoLedger.Server.Auth;
using EcoLedger.Server.Endpoints;

namespace EcoLedger.Server.Web;

/// <summary>
/// The live monitoring page (<c>/app/monitoring</c>) for signed-in people: each project's live pricing basis, each station variable's
/// year-to-date account with its QC flag counts, and a chart of its recent readings (flagged readings marked). The server renders the
/// page and its labels in English or Chinese; <c>/app/monitoring.js</c> opens <c>/api/monitoring/live</c> (Server-Sent Events) and
/// redraws the tables and charts (SVG built in the browser, values inserted as text) from each event, so the page follows every ingest.
/// </summary>
public static class MonitoringPage
{
    /// <summary>The page.</summary>
    public const string Path = "/app/monitoring";

    /// <summary>Maps the page (its scripts are among <see cref="WebAssets"/>).</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext http) =>
            {
                if (http.User.Identity?.IsAuthenticated != true || !AccountEndpoints.IsPerson(Caller.Of(http.User)))
                {
                    return Results.Redirect(SignIn.Path + "?lang=" + Html.Language(http));
                }
                return Html.Result(Render(http));
            })
            .AllowAnonymous().ExcludeFromDescription();
    }

    private static string Render(HttpContext http)
    {
        string lang = Html.Language(http);
        string L(string en, string zh) => Html.Encode(lang == "zh" ? zh : en);
        string Q(string name) => Html.Encode(http.Request.Query[name].ToString());
        var b = new StringBuilder();
        // The stream's query is the page's own (market, haircut, project): the script passes it on unchanged.
        b.Append("<div id=\"live\" data-stream=\"/api/monitoring/live\"")
            .Append(" data-connecting=\"").Append(L("Connecting to the live stream…", "正在连接实时数据流…")).Append('"')
            .Append(" data-updated=\"").Append(L("Updated", "更新于")).Append('"')
            .Append(" data-lost=\"").Append(L("Connection lost; reconnecting…", "连接中断，正在重新连接…")).Append('"')
            .Append(" data-flagged=\"").Append(L("flagged by QC (not counted)", "质控标记（不计入）")).Append('"')
            .Append(" data-readings=\"").Append(L("readings", "条读数")).Append('"')
            .Append(" data-none=\"").Append(L("No readings yet.", "尚无读数。")).Append('"')
            .Append(" data-chart=\"").Append(L("Recent readings of", "最近读数：")).Append('"')
            .Append(" data-needs-haircut=\"").Append(L("needs a haircut", "需填写折扣率")).Append('"')
            .Append(" data-missed=\"").Append(L("Reconnected. Missed while disconnected:", "已重新连接。断开期间的变更：")).Append('"')
            .Append(" data-missed-none=\"").Append(L("Reconnected; no monitoring entries were missed.", "已重新连接；断开期间没有监测变更。")).Append('"')
            .Append(" data-missed-unknown=\"").Append(L("Reconnected after too many changes to list; the state below is complete.", "已重新连接，变更过多无法列出；以下为完整状态。")).Append('"')
            .Append(" data-qualified=\"").Append(L("qualified", "符合下限")).Append('"')
            .Append(" data-not-projected=\"").Append(L("not projected", "不予预测")).Append('"')
            .Append(" data-unqualified=\"").Append(L("unqualified: no minimum set", "未经限定：未设最低比例")).Append('"')
            .Append(" data-no-price=\"").Append(L("no market given", "未指定市场")).Append("\">");
        b.Append("<p id=\"live-state\" role=\"status\" aria-live=\"polite\">").Append(L("Connecting to the live stream…", "正在连接实时数据流…")).Append("</p>");
        b.Append("<p id=\"live-problem\" class=\"error\" role=\"alert\"></p>");
        b.Append("<p id=\"live-missed\" role=\"status\"></p>");

        b.Append("<form method=\"get\" action=\"").Append(Path).Append("\"><fieldset><legend>").Append(L("Pricing basis", "定价基础")).Append("</legend>")
            .Append("<input type=\"hidden\" name=\"lang\" value=\"").Append(lang).Append("\">")
            .Append(Field("market", L("Price market (e.g. CEA)", "价格市场（如 CEA）"), Q("market")))
            .Append(Field("haircut", L("Delivery-risk haircut, 0–1", "交付风险折扣率，0–1"), Q("haircut")))
            .Append(Field("min_observed", L("Minimum share of the year observed, 0–1 (the floor; without it the projection is unqualified)",
                "最低已观测比例，0–1（下限；未设置时预测标为未经限定）"), Q("min_observed")))
            .Append(Field("max_filled", L("Maximum gap-filled share, 0–1 (optional)", "最高插补比例，0–1（可选）"), Q("max_filled")))
            .Append(Field("project", L("Project (optional)", "项目（可选）"), Q("project")))
            .Append("<p><button type=\"submit\">").Append(L("Show", "显示")).Append("</button></p></fieldset></form>");

        b.Append("<section aria-labelledby=\"basis\"><h2 id=\"basis\">").Append(L("Live pricing basis by project", "各项目实时定价基础")).Append("</h2>")
            .Append(Table("basis-rows", L("Year-to-date sequestration, its projection and the issuable quantity (methodology/monitoring.md §5)",
                    "年初至今固碳量、全年预测与可签发量（methodology/monitoring.md 第 5 节）"),
                L("Project", "项目"), L("Units monitored", "监测单元"), L("Year-to-date, t CO₂", "年初至今，吨二氧化碳"), L("Year observed", "已观测比例"),
                L("Gap-filled", "插补比例"), L("Projection", "预测资格"), L("Projected year, t CO₂", "全年预测，吨二氧化碳"), L("Gross − buffer, t", "总量 − 缓冲，吨"),
                L("Issuable, t", "可签发，吨"), L("Price, CNY/t", "价格，元/吨"), L("Value, CNY", "价值，元")))
            .Append("</section>");

        b.Append("<section aria-labelledby=\"stations\"><h2 id=\"stations\">").Append(L("Stations: year-to-date and quality control", "监测站：年初至今与质量控制")).Append("</h2>")
            .Append(Table("series-rows", L("Each station variable's account; flagged readings are excluded, never deleted", "各监测站变量的账户；被标记的读数不计入，但从不删除"),
                L("Station", "监测站"), L("Variable", "变量"), L("Year-to-date", "年初至今"), L("Valid intervals", "有效时段"), L("Filled (linear / diurnal)", "插补（线性 / 日变化）"),
                L("Unfilled", "未插补"), L("Out of range", "超出范围"), L("Spikes", "尖峰"), L("Stuck", "卡滞"), L("Sender-flagged", "发送方标记")))
            .Append("</section>");

        var mapLabels = new System.Text.Json.Nodes.JsonObject
        {
            ["station"] = lang == "zh" ? "监测站" : "Station",
            ["kind"] = lang == "zh" ? "类型" : "Kind",
            ["variables"] = lang == "zh" ? "变量" : "Variables",
            ["units"] = lang == "zh" ? "代表的单元（权重）" : "Units represented (weight)",
            ["location"] = lang == "zh" ? "位置（经度，纬度）" : "Location (lon, lat)",
            ["unit"] = lang == "zh" ? "单元" : "Unit",
            ["area"] = lang == "zh" ? "面积" : "Area",
            ["stations"] = lang == "zh" ? "监测站（权重）" : "Stations (weight)",
            ["hint"] = lang == "zh" ? "将鼠标移到监测站或单元上，或在下方列表中选择监测站，查看详情。" : "Hover over a station or a unit, or choose a station in the list below, to see its details.",
            ["rendered"] = lang == "zh" ? "地图已绘制：{stations} 个监测站，{units} 个单元轮廓。" : "Map drawn: {stations} stations, {units} unit outlines.",
            ["failed"] = lang == "zh" ? "地图加载失败：" : "The map could not be loaded: ",
        };
        b.Append("<section aria-labelledby=\"map-title\"><h2 id=\"map-title\">").Append(L("Stations and the units they represent", "监测站及其代表的单元")).Append("</h2>")
            .Append("<p>").Append(L("Stations as blue points; the units they represent outlined in green where the ledger knows their outlines. No basemap: the layers are the data.",
                "蓝点为监测站；账本中有轮廓的代表单元以绿色勾出。无底图：图层即数据。")).Append("</p>")
            .Append("<div class=\"map-layout\"><div id=\"station-map\" class=\"zone-map\" role=\"region\" aria-label=\"").Append(L("Station map", "监测站地图"))
            .Append("\" data-source=\"/api/monitoring/map\" data-labels=\"").Append(Html.Encode(mapLabels.ToJsonString(new System.Text.Json.JsonSerializerOptions
            {
                Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            }))).Append("\"></div>")
            .Append("<aside aria-labelledby=\"station-list-title\"><h3 id=\"station-list-title\">").Append(L("Stations", "监测站")).Append("</h3><ul id=\"station-list\"></ul>")
            .Append("<div id=\"station-map-details\" aria-live=\"polite\"></div></aside></div>")
            .Append("<p id=\"station-map-status\" aria-live=\"polite\"></p></section>");

        b.Append("<section aria-labelledby=\"charts-title\"><h2 id=\"charts-title\">").Append(L("Recent readings", "最近读数")).Append("</h2>")
            .Append("<div id=\"charts\"></div></section></div>");
        string page = Html.Page(lang, lang == "zh" ? "实时监测" : "Live monitoring", b.ToString());
        // The page's own script instead of the registry's app.js (the layout's script switch names that one).
        return page.Replace("</head>", $"<link rel=\"stylesheet\" href=\"{WebAssets.OpenLayersStyle}\"><link rel=\"stylesheet\" href=\"/app/gep.css\">" +
            $"<script src=\"{WebAssets.MonitoringScript}\" defer></script>{WebAssets.MapScripts(WebAssets.MonitoringMapScript)}</head>",
            StringComparison.Ordinal);
    }

    private static string Field(string name, string label, string value) =>
        $"<p><label for=\"live-{name}\">{label}</label><br><input id=\"live-{name}\" name=\"{name}\" type=\"text\" value=\"{value}\"></p>";

    private static string Table(string body, string caption, params string[] headers) =>
        $"<table><caption>{caption}</caption><thead><tr>{string.Concat(headers.Select(h => $"<th scope=\"col\">{h}</th>"))}</tr></thead><tbody id=\"{body}\"></tbody></table>";
}
