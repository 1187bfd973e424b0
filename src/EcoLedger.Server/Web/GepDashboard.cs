using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using EcoLedger.Reports;
using EcoLedger.Server.Auth;
using EcoLedger.Server.Endpoints;
using EcoLedger.Server.Hosting;
using EcoLedger.Valuation.Files;

namespace EcoLedger.Server.Web;

/// <summary>
/// The GEP dashboard (<c>/app/gep</c>, <c>/app/gep/{run}</c>) for the bureau, the registry and auditors: the runs; for one run the headline
/// figures, charts by service category and ecosystem (server-rendered SVG), the indicator table, the zone map (OpenLayers vector layers of
/// the latest zoning run, hover details, tier legend), the units and the input table with every hash. Every figure is read from the run's
/// own files (gep-summary.json, gep-units.csv, zones-summary.json), so the page always agrees with the downloads. Labels come from the
/// reports' one label table (<see cref="Labels"/>), in Chinese or English.
/// </summary>
public static class GepDashboard
{
    /// <summary>The dashboard's path.</summary>
    public const string Path = "/app/gep";

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Tier fills, strongest first; units below every tier are grey.</summary>
    private static readonly string[] TierColours = ["#b2182b", "#ef8a62", "#fddbc7", "#92c5de"];

    private const string NoTierColour = "#d9d9d9";

    /// <summary>Maps the pages and their style sheet (the scripts are among <see cref="WebAssets"/>).</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/app/gep.css", () => Results.Text(Css, "text/css; charset=utf-8")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(Path, (HttpContext http, Jobs jobs, Microsoft.AspNetCore.Antiforgery.IAntiforgery antiforgery) => Guard(http)
                ?? Html.Result(Index(Html.Language(http), jobs, Caller.Of(http.User), antiforgery.GetAndStoreTokens(http).RequestToken!)))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapGet(Path + "/{id}", (string id, HttpContext http, Jobs jobs) => Guard(http) ?? (jobs.Get(id) is { Kind: "gep" } run
                ? Html.Result(Dashboard(Html.Language(http), jobs, run))
                : Html.Result(Html.Page(Html.Language(http), "GEP", "<p>" + Html.Encode($"There is no GEP run '{id}'.") + "</p>"), StatusCodes.Status404NotFound)))
            .AllowAnonymous().ExcludeFromDescription();
    }

    private const string Css = """
        .kpi { display: flex; flex-wrap: wrap; gap: 1rem; }
        .kpi div { border: 1px solid #b8c7bb; padding: 0.5rem 1rem; min-width: 10rem; }
        .kpi dt { font-size: 0.9rem; color: #3b4a3f; }
        .kpi dd { margin: 0; font-size: 1.4rem; font-weight: bold; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .map-layout { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; }
        .zone-map { width: min(720px, 100%); height: 480px; border: 1px solid #b8c7bb; background: #f7faf8; }
        .legend { list-style: none; padding: 0; }
        .legend li { margin-bottom: 0.3rem; }
        #zone-map-details dl { display: grid; grid-template-columns: auto auto; gap: 0.2rem 0.8rem; }
        #zone-map-details dd { margin: 0; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        """;

    /// <summary>Signed-in people with a reading role see the dashboard; others are sent to sign in, or refused.</summary>
    private static IResult? Guard(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated != true || !AccountEndpoints.IsPerson(Caller.Of(http.User)))
        {
            return Results.Redirect(SignIn.Path + "?lang=" + Html.Language(http));
        }
        var caller = Caller.Of(http.User);
        return GepJobEndpoints.Readers.Any(caller.Has) ? null
            : Html.Result(Html.Page(Html.Language(http), "GEP", "<p>" + Html.Encode(Html.Language(http) == "zh"
                ? "GEP 看板仅对生态部门、登记机构和审计人员开放。" : "The GEP dashboard is for the bureau, the registry and auditors.") + "</p>"), StatusCodes.Status403Forbidden);
    }

    private static string Index(string lang, Jobs jobs, Caller caller, string csrf)
    {
        string L(string en, string zh) => Html.Encode(lang == "zh" ? zh : en);
        var b = new StringBuilder();
        var runs = jobs.All();
        b.Append("<meta name=\"csrf-token\" content=\"").Append(Html.Encode(csrf)).Append("\">").Append(AppPage.Meta(lang));
        if (caller.Has(ServerRoles.Bureau))
        {
            // The files are uploaded first (each answered with its SHA-256), then the run names them: POST /api/gep/inputs, POST /api/gep/runs.
            string File(string role, string label, bool required) =>
                $"<p><label for=\"gep-start-{role}\">{label}</label><br><input id=\"gep-start-{role}\" type=\"file\" data-role=\"{role}\" accept=\".csv,.geojson,.json,.gpkg\"{(required ? " required" : "")}></p>";
            b.Append("<section aria-labelledby=\"start\"><h2 id=\"start\">").Append(L("Start a GEP run", "发起 GEP 核算")).Append("</h2>")
                .Append("<form id=\"form-gep-start\" data-gep-start data-dashboard=\"").Append(Path).Append("\" data-lang=\"").Append(lang).Append("\"><fieldset><legend>")
                .Append(L("gep compute with the same inputs and options as the CLI; the report follows", "与命令行 gep compute 相同的输入和选项；随后生成报告")).Append("</legend>")
                .Append(File("units", L("Accounting units (CSV, GeoJSON or GeoPackage), as --units", "核算单元（CSV、GeoJSON 或 GeoPackage），即 --units"), true))
                // A raster set is one multipart upload (POST /api/gep/raster-sets) of the configuration and the files it names, each part
                // named by the path the configuration gives it: the page matches the chosen files to those paths by file name.
                .Append("<p><label for=\"gep-start-rasters\">").Append(L("Raster configuration (optional; the units are then polygons), as --rasters", "栅格配置（可选；此时核算单元须为面要素），即 --rasters"))
                .Append("</label><br><input id=\"gep-start-rasters\" type=\"file\" data-raster-config accept=\".json\"></p>")
                .Append("<p><label for=\"gep-start-raster-files\">").Append(L("The files the raster configuration names (rasters, class table; choose them all at once)", "栅格配置所列的文件（栅格、类别对照表；可一次全选）"))
                .Append("</label><br><input id=\"gep-start-raster-files\" type=\"file\" data-raster-files multiple accept=\".tif,.tiff,.csv,.prj\"></p>")
                .Append(File("region_stats", L("Region statistics CSV (optional), as --region-stats", "区域统计 CSV（可选），即 --region-stats"), false))
                .Append(File("parameters", L("Parameter overrides JSON (optional), as --parameters", "参数覆盖 JSON（可选），即 --parameters"), false))
                .Append(AppPage.Field("year", L("Accounting year, as --year", "核算年份，即 --year"), "number", false).Replace("{form}", "gep-start", StringComparison.Ordinal))
                .Append(AppPage.Field("method", L("Method profile (optional), as --method", "方法配置（可选），即 --method"), required: false).Replace("{form}", "gep-start", StringComparison.Ordinal))
                .Append(AppPage.Field("price_year", L("Constant prices of this year (optional), as --price-year", "按该年价格水平计（可选），即 --price-year"), "number", false).Replace("{form}", "gep-start", StringComparison.Ordinal))
                .Append(AppPage.Field("uncertainty", L("Monte Carlo draws (optional, 100 or more), as --uncertainty", "蒙特卡洛抽样次数（可选，至少 100），即 --uncertainty"), "number", false).Replace("{form}", "gep-start", StringComparison.Ordinal))
                .Append(AppPage.Select("report_lang", L("Report language", "报告语言"), ("zh", "中文"), ("en", "English")).Replace("{form}", "gep-start", StringComparison.Ordinal))
                .Append("<p><button type=\"submit\">").Append(L("Upload and start", "上传并开始")).Append("</button></p><output id=\"gep-start-result\" aria-live=\"polite\" tabindex=\"0\"></output></fieldset></form></section>");
        }
        if (caller.Has(ServerRoles.Bureau))
        {
            b.Append(AnalysisForms(lang, runs));
        }
        var open = runs.Where(r => !r.IsFinished).ToList();
        if (open.Count > 0 && (caller.Has(ServerRoles.Bureau) || caller.Has(ServerRoles.Registry)))
        {
            b.Append("<section aria-labelledby=\"cancel\"><h2 id=\"cancel\">").Append(L("Cancel a run", "取消任务")).Append("</h2>")
                .Append(AppPage.Form("gep-cancel", "/api/gep/runs/{run}/cancel", L("A cancelled run stops at its next step and keeps no file", "取消的任务在下一步停止，不保留任何文件"),
                    L("Cancel the run", "取消任务"),
                    [AppPage.Select("run", L("Queued or running run", "排队或运行中的任务"), [.. open.Select(r => (r.Id, Html.Encode($"{r.Id} · {r.Kind} · {r.Status} · {r.Phase}")))])],
                    render: "detail"))
                .Append("</section>");
        }
        b.Append("<p>").Append(L("GEP accounting, zoning, site screening and comparison runs computed on this server (POST /api/gep/runs). Open a GEP run for its figures, charts and zone map; a screening or comparison offers its files.",
            "在本服务器上运行的 GEP 核算、分区、选址筛查与比较任务（POST /api/gep/runs）。打开一次核算可查看其指标、图表与分区地图；筛查与比较任务提供其文件下载。")).Append("</p>");
        if (runs.Count == 0)
        {
            b.Append("<p>").Append(L("No runs yet.", "尚无核算任务。")).Append("</p>");
            return Html.Page(lang, lang == "zh" ? "GEP 看板" : "GEP dashboard", b.ToString(), AppPage.Nav(lang), script: true);
        }
        b.Append("<table><caption>").Append(L("Runs", "核算任务")).Append("</caption><thead><tr>")
            .Append(Th(L("Run", "任务"))).Append(Th(L("Kind", "类型"))).Append(Th(L("Status", "状态"))).Append(Th(L("Started by", "发起人")))
            .Append(Th(L("Accepted", "提交时间"))).Append(Th(L("Inputs", "输入"))).Append("</tr></thead><tbody>");
        foreach (var run in runs)
        {
            string id = Html.Encode(run.Id);
            string link = run.Kind switch
            {
                "gep" => $"<a href=\"{Path}/{id}?lang={lang}\">{id}</a>",
                "zones" => $"{id} ({L("zones of", "分区：")} {Html.Encode(run.Parent)})",
                "screen" => $"{id} ({L("sites screened against", "选址筛查，依据分区")} {Html.Encode(run.Parent)})",
                _ => $"{id} ({L("compares", "比较")} {Html.Encode(run.Parent)} → {Html.Encode(run.Options["to"]?.GetValue<string>())})",
            };
            if (run.Kind is "screen" or "compare" && run.Status == JobStatus.Succeeded)
            {
                // these runs have no page of their own: their files are the result
                link += "<br>" + string.Join(" ", run.Outputs.Select(o =>
                    $"<a href=\"/api/gep/runs/{id}/files/{Html.Encode(o.Name)}\" download>{Html.Encode(o.Name)}</a>"));
            }
            b.Append("<tr><td>").Append(link).Append("</td><td>").Append(Html.Encode(run.Kind)).Append("</td><td>").Append(Html.Encode(run.Status))
                .Append("</td><td>").Append(Html.Encode(run.StartedBy)).Append("</td><td>").Append(Html.Encode(run.Created)).Append("</td><td>")
                .Append(Html.Encode(string.Join(", ", run.Inputs.Select(i => i.Name)))).Append("</td></tr>");
        }
        b.Append("</tbody></table>");
        return Html.Page(lang, lang == "zh" ? "GEP 看板" : "GEP dashboard", b.ToString(), AppPage.Nav(lang), script: true);
    }

    /// <summary>
    /// The bureau's forms for <c>zones screen</c> (on a succeeded zoning run, with an uploaded sites file) and <c>gep compare</c> (two
    /// succeeded GEP runs); both post to the API as a client would (<c>POST /api/gep/runs/{zoning}/screen</c>, <c>POST /api/gep/compare</c>).
    /// </summary>
    private static string AnalysisForms(string lang, IReadOnlyList<JobRecord> runs)
    {
        string L(string en, string zh) => Html.Encode(lang == "zh" ? zh : en);
        var b = new StringBuilder();
        var zonings = runs.Where(r => r.Kind == "zones" && r.Status == JobStatus.Succeeded).ToList();
        if (zonings.Count > 0)
        {
            b.Append("<section aria-labelledby=\"screen\"><h2 id=\"screen\">").Append(L("Screen planned sites", "规划选址筛查")).Append("</h2>")
                .Append("<form id=\"form-gep-screen\" data-gep-start data-start=\"/api/gep/runs/{run}/screen\"><fieldset><legend>")
                .Append(L("zones screen: overlap, value at risk and verdict of each planned site against a zoning run", "zones screen：各规划选址与分区的重叠、受影响价值与结论")).Append("</legend>")
                .Append("<p><label for=\"gep-screen-sites\">").Append(L("Site footprints (GeoJSON or GeoPackage, polygons with site_id), as --sites", "选址范围（GeoJSON 或 GeoPackage，含 site_id 的多边形），即 --sites"))
                .Append("</label><br><input id=\"gep-screen-sites\" type=\"file\" data-role=\"sites\" accept=\".geojson,.json,.gpkg\" required></p>")
                .Append(AppPage.Select("run", L("Zoning run, as --zones", "分区任务，即 --zones"), [.. zonings.Select(r => (r.Id, Html.Encode($"{r.Id} · {r.Options["tiers"]?.GetValue<string>() ?? "default tiers"}")))])
                    .Replace("{form}", "gep-screen", StringComparison.Ordinal))
                .Append(AppPage.Field("sliver_m2", L("Sliver below this many m² (optional, default 1), as --sliver-m2", "小于该面积（m²）的重叠视为碎片（可选，默认 1），即 --sliver-m2"), "number", false)
                    .Replace("{form}", "gep-screen", StringComparison.Ordinal))
                .Append("<p><button type=\"submit\">").Append(L("Upload and screen", "上传并筛查")).Append("</button></p><output id=\"gep-screen-result\" aria-live=\"polite\" tabindex=\"0\"></output></fieldset></form></section>");
        }
        var geps = runs.Where(r => r.Kind == "gep" && r.Status == JobStatus.Succeeded).ToList();
        if (geps.Count > 1)
        {
            // runs are listed newest first: the earlier run defaults to the oldest, the later to the newest
            (string, string)[] options = [.. geps.Select(r => (r.Id, Html.Encode($"{r.Id} · {r.Options["year"]?.ToString() ?? "–"}")))];
            b.Append("<section aria-labelledby=\"compare\"><h2 id=\"compare\">").Append(L("Compare two GEP runs", "比较两次 GEP 核算")).Append("</h2>")
                .Append("<form id=\"form-gep-compare\" data-gep-start data-start=\"/api/gep/compare\"><fieldset><legend>")
                .Append(L("gep compare: change by indicator, ecosystem and unit split into quantity and price effects", "gep compare：按指标、生态系统和单元的变化，分解为数量效应与价格效应")).Append("</legend>")
                .Append(AppPage.Select("from", L("Earlier run, as --from", "较早的核算，即 --from"), [.. options.Reverse()]).Replace("{form}", "gep-compare", StringComparison.Ordinal))
                .Append(AppPage.Select("to", L("Later run, as --to", "较晚的核算，即 --to"), options).Replace("{form}", "gep-compare", StringComparison.Ordinal))
                .Append("<p><label for=\"gep-compare-unit_map\">").Append(L("Unit map CSV from_unit_id,to_unit_id (optional), as --unit-map", "单元对照 CSV from_unit_id,to_unit_id（可选），即 --unit-map"))
                .Append("</label><br><input id=\"gep-compare-unit_map\" type=\"file\" data-role=\"unit_map\" accept=\".csv\"></p>")
                .Append("<p><button type=\"submit\">").Append(L("Compare", "比较")).Append("</button></p><output id=\"gep-compare-result\" aria-live=\"polite\" tabindex=\"0\"></output></fieldset></form></section>");
        }
        return b.ToString();
    }

    private static string Dashboard(string lang, Jobs jobs, JobRecord run)
    {
        var labels = new Labels(lang == "zh" ? ReportLanguage.Zh : ReportLanguage.En);
        string L(string en, string zh) => Html.Encode(lang == "zh" ? zh : en);
        string title = (lang == "zh" ? "GEP 看板 · " : "GEP dashboard · ") + run.Id;
        var b = new StringBuilder();
        b.Append("<link rel=\"stylesheet\" href=\"/app/gep.css\">");
        b.Append("<p><a href=\"").Append(Path).Append("?lang=").Append(lang).Append("\">").Append(L("All runs", "全部任务")).Append("</a></p>");
        if (run.Status != JobStatus.Succeeded)
        {
            b.Append("<p>").Append(L("Status", "状态")).Append(": <strong>").Append(Html.Encode(run.Status)).Append("</strong> · ")
                .Append(Html.Encode(run.Phase)).Append("</p>");
            if (run.Problems.Count > 0)
            {
                b.Append("<ul class=\"error\">");
                foreach (var p in run.Problems)
                {
                    b.Append("<li>").Append(Html.Encode(p)).Append("</li>");
                }
                b.Append("</ul>");
            }
            b.Append(InputTable(lang, run));
            return Html.Page(lang, title, b.ToString());
        }
        string outDir = jobs.OutputFolder(run.Id);
        var summary = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(outDir, "gep-summary.json")))!.AsObject();
        decimal total = summary["total_cny"]!.GetValue<decimal>();

        // Headline figures.
        b.Append("<section aria-labelledby=\"headline\"><h2 id=\"headline\">").Append(L("Headline figures", "核心指标")).Append("</h2><dl class=\"kpi\">")
            .Append(Kpi(L("GEP total", "GEP 总值"), labels.Money(total)))
            .Append(Kpi(L("Area", "面积"), summary["area_km2"]!.GetValue<decimal>().ToString("#,0.00", C) + " km²"))
            .Append(Kpi(L("Units", "核算单元"), summary["units"]!.GetValue<long>().ToString("#,0", C)))
            .Append(Kpi(L("Value density", "价值密度"), labels.Density(summary["density_cny_per_km2"]!.GetValue<decimal>())))
            .Append(Kpi(L("Year", "核算年份"), summary["year"]?.ToString() ?? "–"))
            .Append(Kpi(L("Method", "核算方法"), summary["method"]!["profile"]!.GetValue<string>() + " · " + L("parameters", "参数") + " " + summary["parameters_version"]!.GetValue<string>()))
            .Append("</dl></section>");

        // By category and by ecosystem: tables with a bar chart each.
        var categories = summary["by_category"]!.AsObject().Select(kv => (Label: labels.Category(kv.Key), Value: kv.Value!.GetValue<decimal>())).ToList();
        var ecosystems = summary["by_ecosystem"]!.AsObject().Select(kv => (Label: labels.Ecosystem(kv.Key), Value: kv.Value!["value_cny"]!.GetValue<decimal>(),
            Area: kv.Value!["area_km2"]!.GetValue<decimal>(), Units: kv.Value!["units"]!.GetValue<long>())).ToList();
        b.Append("<section aria-labelledby=\"by-category\"><h2 id=\"by-category\">").Append(L("By service category", "按服务类别")).Append("</h2>")
            .Append(Bars("chart-category", L("GEP by service category", "按服务类别的 GEP"), categories, total, labels))
            .Append("<table><caption>").Append(L("GEP by service category", "按服务类别的 GEP")).Append("</caption><thead><tr>")
            .Append(Th(L("Category", "类别"))).Append(Th(L("Value (yuan)", "价值（元）"))).Append(Th(L("Share", "占比"))).Append("</tr></thead><tbody>");
        foreach (var (label, value) in categories)
        {
            b.Append("<tr><td>").Append(Html.Encode(label)).Append("</td><td class=\"num\">").Append(Labels.Fen(value)).Append("</td><td class=\"num\">")
                .Append(Share(value, total)).Append("</td></tr>");
        }
        b.Append("</tbody></table></section>");
        b.Append("<section aria-labelledby=\"by-ecosystem\"><h2 id=\"by-ecosystem\">").Append(L("By ecosystem", "按生态系统")).Append("</h2>")
            .Append(Bars("chart-ecosystem", L("GEP by ecosystem", "按生态系统的 GEP"), [.. ecosystems.Select(e => (e.Label, e.Value))], total, labels))
            .Append("<table><caption>").Append(L("GEP by ecosystem", "按生态系统的 GEP")).Append("</caption><thead><tr>")
            .Append(Th(L("Ecosystem", "生态系统"))).Append(Th(L("Units", "单元数"))).Append(Th(L("Area (km²)", "面积（km²）"))).Append(Th(L("Value (yuan)", "价值（元）")))
            .Append(Th(L("Share", "占比"))).Append("</tr></thead><tbody>");
        foreach (var e in ecosystems)
        {
            b.Append("<tr><td>").Append(Html.Encode(e.Label)).Append("</td><td class=\"num\">").Append(e.Units.ToString("#,0", C)).Append("</td><td class=\"num\">")
                .Append(e.Area.ToString("#,0.00", C)).Append("</td><td class=\"num\">").Append(Labels.Fen(e.Value)).Append("</td><td class=\"num\">").Append(Share(e.Value, total)).Append("</td></tr>");
        }
        b.Append("</tbody></table></section>");

        b.Append("<section aria-labelledby=\"by-indicator\"><h2 id=\"by-indicator\">").Append(L("By indicator", "按指标")).Append("</h2><table><caption>")
            .Append(L("Physical quantities and values by indicator", "各指标的实物量与价值量")).Append("</caption><thead><tr>").Append(Th(L("Indicator", "指标")))
            .Append(Th(L("Category", "类别"))).Append(Th(L("Quantity", "实物量"))).Append(Th(L("Unit", "单位"))).Append(Th(L("Value (yuan)", "价值（元）")))
            .Append(Th(L("Units computed", "计算单元数"))).Append("</tr></thead><tbody>");
        foreach (var (code, node) in summary["by_indicator"]!.AsObject())
        {
            b.Append("<tr><td>").Append(Html.Encode(labels.Indicator(code))).Append("</td><td>").Append(Html.Encode(labels.Category(node!["category"]!.GetValue<string>())))
                .Append("</td><td class=\"num\">").Append(node["quantity"] is { } q ? q.GetValue<decimal>().ToString("#,0.###", C) : "–").Append("</td><td>")
                .Append(Html.Encode(node["quantity_unit"]?.GetValue<string>())).Append("</td><td class=\"num\">").Append(Labels.Fen(node["value_cny"]!.GetValue<decimal>()))
                .Append("</td><td class=\"num\">").Append(node["units"]!.GetValue<long>().ToString("#,0", C)).Append("</td></tr>");
        }
        b.Append("</tbody></table></section>");

        b.Append(ZoneMap(lang, labels, jobs, run));
        b.Append(UnitTable(lang, labels, outDir));
        b.Append(InputTable(lang, run));
        return Html.Page(lang, title, b.ToString(), script: false);
    }

    private static string ZoneMap(string lang, Labels labels, Jobs jobs, JobRecord run)
    {
        string L(string en, string zh) => Html.Encode(lang == "zh" ? zh : en);
        var b = new StringBuilder("<section aria-labelledby=\"zone-map-title\"><h2 id=\"zone-map-title\">");
        b.Append(L("Zone map", "分区地图")).Append("</h2>");
        var zoning = jobs.All().FirstOrDefault(j => j.Kind == "zones" && j.Parent == run.Id && j.Status == JobStatus.Succeeded);
        if (zoning is null)
        {
            b.Append("<p>").Append(L("No zoning run of this GEP run yet (POST /api/gep/runs/{id}/zones).", "本次核算尚无分区任务（POST /api/gep/runs/{id}/zones）。")
                .Replace("{id}", Html.Encode(run.Id), StringComparison.Ordinal)).Append("</p></section>");
            return b.ToString();
        }
        var summary = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(jobs.OutputFolder(zoning.Id), "zones-summary.json")))!.AsObject();
        var tiers = summary["tiers"]!.AsArray().Select((t, i) => (Name: t!["name"]!.GetValue<string>(), Threshold: t["threshold_cny_per_km2"]!.GetValue<decimal>(),
            Zones: t["zone_count"]!.GetValue<int>(), Area: t["area_km2"]!.GetValue<decimal>(), Value: t["value_cny"]!.GetValue<decimal>(),
            Colour: TierColours[Math.Min(i, TierColours.Length - 1)])).ToList();
        var colours = new JsonObject { [""] = NoTierColour };
        foreach (var t in tiers)
        {
            colours[t.Name] = t.Colour;
        }
        bool zh = lang == "zh";
        var mapLabels = new JsonObject
        {
            ["unit"] = zh ? "核算单元" : "Unit",
            ["ecosystem"] = zh ? "生态系统" : "Ecosystem",
            ["area"] = zh ? "面积" : "Area",
            ["value"] = zh ? "GEP（万元）" : "GEP (10⁴ yuan)",
            ["density"] = zh ? "价值密度（万元/km²）" : "Value density (10⁴ yuan/km²)",
            ["tier"] = zh ? "保护等级" : "Tier",
            ["zone"] = zh ? "分区" : "Zone",
            ["none"] = zh ? "未达阈值" : "below every tier",
            ["hint"] = zh ? "将鼠标移到单元上，或在下方单元表中选择一个单元，查看其数值。" : "Hover over a unit, or pick one in the unit table below, to see its figures.",
            ["rendered"] = zh ? "地图已绘制：{units} 个单元，{zones} 个分区。" : "Map drawn: {units} units, {zones} zones.",
            ["failed"] = zh ? "地图加载失败：" : "The map could not be loaded: ",
        };
        string files = $"/api/gep/runs/{Html.Encode(zoning.Id)}/files/";
        b.Append("<link rel=\"stylesheet\" href=\"").Append(WebAssets.OpenLayersStyle).Append("\">")
            .Append("<p>").Append(L("Units coloured by protection tier (value density thresholds of zoning run ", "按保护等级着色的核算单元（分区任务 "))
            .Append(Html.Encode(zoning.Id)).Append(L("); zones outlined. No basemap: the layers are the data.", "的价值密度阈值）；分区以粗线勾出。无底图：图层即数据。")).Append("</p>")
            .Append("<div class=\"map-layout\"><div id=\"zone-map\" class=\"zone-map\" role=\"region\" aria-describedby=\"legend-title\" aria-label=\"").Append(L("Zone map", "分区地图"))
            .Append("\" data-units=\"").Append(files).Append("units-classified.geojson\" data-zones=\"").Append(files).Append("zones.geojson\" data-geographic=\"")
            .Append(summary["crs"]!["kind"]!.GetValue<string>() == "geographic" ? "true" : "false").Append("\" data-colours=\"").Append(Html.Encode(colours.ToJsonString()))
            .Append("\" data-labels=\"").Append(Html.Encode(mapLabels.ToJsonString(GepJob.Relaxed))).Append("\"></div>")
            .Append("<aside aria-labelledby=\"legend-title\"><h3 id=\"legend-title\">").Append(L("Tiers", "保护等级")).Append("</h3><ul class=\"legend\">");
        foreach (var t in tiers)
        {
            b.Append("<li><svg width=\"18\" height=\"14\" aria-hidden=\"true\"><rect width=\"18\" height=\"14\" fill=\"").Append(t.Colour).Append("\" stroke=\"#555\"/></svg> ")
                .Append(Html.Encode(labels.Tier(t.Name))).Append(" ≥ ").Append(Html.Encode(labels.Density(t.Threshold))).Append(" · ")
                .Append(t.Zones.ToString(C)).Append(' ').Append(L("zones", "个分区")).Append(", ").Append(t.Area.ToString("#,0.00", C)).Append(" km², ")
                .Append(Html.Encode(labels.Money(t.Value))).Append("</li>");
        }
        b.Append("<li><svg width=\"18\" height=\"14\" aria-hidden=\"true\"><rect width=\"18\" height=\"14\" fill=\"").Append(NoTierColour).Append("\" stroke=\"#555\"/></svg> ")
            .Append(L("below every tier", "未达阈值")).Append("</li></ul>")
            .Append("<div id=\"zone-map-details\" aria-live=\"polite\"></div></aside></div>")
            .Append("<p id=\"zone-map-status\" aria-live=\"polite\"></p>")
            .Append("<p><a href=\"").Append(files).Append("zones-map.svg\">").Append(L("Static map (SVG)", "静态地图（SVG）")).Append("</a> · <a href=\"").Append(files)
            .Append("report/report.html\">").Append(L("Report with zones (HTML)", "含分区的报告（HTML）")).Append("</a></p>")
            .Append(WebAssets.MapScripts(WebAssets.GepMapScript)).Append("</section>");
        return b.ToString();
    }

    private static string UnitTable(string lang, Labels labels, string outDir)
    {
        string L(string en, string zh) => Html.Encode(lang == "zh" ? zh : en);
        var units = new Dictionary<string, (string Ecosystem, decimal Value)>(StringComparer.Ordinal);
        foreach (var row in GepUnitsFile.Read(System.IO.Path.Combine(outDir, "gep-units.csv")))
        {
            units[row.UnitId] = units.TryGetValue(row.UnitId, out var u) ? (u.Ecosystem, u.Value + row.ValueCny) : (row.Ecosystem, row.ValueCny);
        }
        const int Shown = 50;
        var b = new StringBuilder("<section aria-labelledby=\"units-title\"><h2 id=\"units-title\">");
        b.Append(L("Units", "核算单元")).Append("</h2><table><caption>")
            .Append(Html.Encode(lang == "zh" ? $"GEP 最高的 {Math.Min(Shown, units.Count)} 个单元（共 {units.Count} 个；全部见 gep-units.csv）"
                : $"The {Math.Min(Shown, units.Count)} units of highest GEP ({units.Count} in all; every unit in gep-units.csv)"))
            .Append("</caption><thead><tr>").Append(Th(L("Unit", "单元"))).Append(Th(L("Ecosystem", "生态系统"))).Append(Th(L("GEP (yuan)", "GEP（元）")))
            .Append(Th(L("On the map", "地图定位"))).Append("</tr></thead><tbody>");
        foreach (var (id, u) in units.OrderByDescending(kv => kv.Value.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(Shown))
        {
            b.Append("<tr><td>").Append(Html.Encode(id)).Append("</td><td>").Append(Html.Encode(labels.Ecosystem(u.Ecosystem))).Append("</td><td class=\"num\">")
                .Append(Labels.Fen(u.Value)).Append("</td><td><button type=\"button\" data-unit-focus=\"").Append(Html.Encode(id)).Append("\">")
                .Append(L("Show", "显示")).Append("<span class=\"visually-hidden\"> ").Append(Html.Encode(id)).Append("</span></button></td></tr>");
        }
        b.Append("</tbody></table></section>");
        return b.ToString();
    }

    private static string InputTable(string lang, JobRecord run)
    {
        string L(string en, string zh) => Html.Encode(lang == "zh" ? zh : en);
        var b = new StringBuilder("<section aria-labelledby=\"inputs-title\"><h2 id=\"inputs-title\">");
        b.Append(L("Inputs and outputs", "输入与输出")).Append("</h2><p>").Append(L("Started by", "发起人")).Append(' ').Append(Html.Encode(run.StartedBy))
            .Append(" · ").Append(Html.Encode(run.Created)).Append(" · ").Append(L("options", "选项")).Append(" <code>").Append(Html.Encode(run.Options.ToJsonString()))
            .Append("</code></p><table><caption>").Append(L("Input files (SHA-256 of the bytes received)", "输入文件（所收字节的 SHA-256）")).Append("</caption><thead><tr>")
            .Append(Th(L("Role", "用途"))).Append(Th(L("File", "文件"))).Append(Th(L("Bytes", "字节"))).Append(Th("SHA-256")).Append("</tr></thead><tbody>");
        foreach (var i in run.Inputs)
        {
            b.Append("<tr><td>").Append(Html.Encode(i.Role)).Append("</td><td>").Append(Html.Encode(i.Name)).Append("</td><td class=\"num\">")
                .Append(i.Bytes.ToString("#,0", C)).Append("</td><td><code>").Append(i.Sha256).Append("</code></td></tr>");
        }
        b.Append("</tbody></table>");
        if (run.Outputs.Count > 0)
        {
            b.Append("<table><caption>").Append(L("Outputs", "输出文件")).Append(run.SummarySha256 is { } s ? $" · gep-summary.json SHA-256 <code>{s}</code>" : "")
                .Append("</caption><thead><tr>").Append(Th(L("File", "文件"))).Append(Th(L("Bytes", "字节"))).Append(Th("SHA-256")).Append("</tr></thead><tbody>");
            foreach (var o in run.Outputs)
            {
                b.Append("<tr><td><a href=\"/api/gep/runs/").Append(Html.Encode(run.Id)).Append("/files/").Append(Html.Encode(o.Name)).Append("\">").Append(Html.Encode(o.Name))
                    .Append("</a></td><td class=\"num\">").Append(o.Bytes.ToString("#,0", C)).Append("</td><td><code>").Append(o.Sha256).Append("</code></td></tr>");
            }
            b.Append("</tbody></table>");
        }
        b.Append("</section>");
        return b.ToString();
    }

    private static string Th(string text) => "<th scope=\"col\">" + text + "</th>";

    private static string Kpi(string label, string value) => "<div><dt>" + label + "</dt><dd>" + Html.Encode(value) + "</dd></div>";

    private static string Share(decimal part, decimal whole) => whole == 0 ? "–" : (part / whole).ToString("0.0%", C);

    /// <summary>A horizontal bar chart as inline SVG (no script, no style attribute: the CSP allows neither), with a text alternative.</summary>
    private static string Bars(string id, string title, IReadOnlyList<(string Label, decimal Value)> rows, decimal total, Labels labels)
    {
        const int Row = 28, LabelWidth = 150, BarWidth = 360, Pad = 8;
        decimal max = rows.Count == 0 ? 0 : rows.Max(r => Math.Abs(r.Value));
        int height = rows.Count * Row + Pad * 2;
        var b = new StringBuilder();
        b.Append("<figure><svg id=\"").Append(id).Append("\" role=\"img\" aria-labelledby=\"").Append(id).Append("-title\" width=\"").Append(LabelWidth + BarWidth + 200)
            .Append("\" height=\"").Append(height).Append("\" viewBox=\"0 0 ").Append(LabelWidth + BarWidth + 200).Append(' ').Append(height)
            .Append("\" font-family=\"system-ui, sans-serif\" font-size=\"13\"><title id=\"").Append(id).Append("-title\">").Append(title).Append(": ")
            .Append(Html.Encode(string.Join("; ", rows.Select(r => $"{r.Label} {labels.Money(r.Value)}")))).Append("</title>");
        for (int i = 0; i < rows.Count; i++)
        {
            var (label, value) = rows[i];
            double width = max == 0 ? 0 : (double)(Math.Abs(value) / max) * BarWidth;
            int y = Pad + i * Row;
            b.Append("<text x=\"").Append(LabelWidth - 6).Append("\" y=\"").Append(y + 18).Append("\" text-anchor=\"end\" fill=\"#1b2a1f\">").Append(Html.Encode(label)).Append("</text>")
                .Append("<rect x=\"").Append(LabelWidth).Append("\" y=\"").Append(y + 4).Append("\" width=\"").Append(width.ToString("0.#", C)).Append("\" height=\"18\" fill=\"#238443\"/>")
                .Append("<text x=\"").Append((LabelWidth + width + 6).ToString("0.#", C)).Append("\" y=\"").Append(y + 18).Append("\" fill=\"#1b2a1f\">")
                .Append(Html.Encode(labels.Money(value))).Append(" · ").Append(Share(value, total)).Append("</text>");
        }
        b.Append("</svg><figcaption>").Append(title).Append("</figcaption></figure>");
        return b.ToString();
    }
}
