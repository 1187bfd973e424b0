using Microsoft.AspNetCore.Antiforgery;
using static EcoLedger.Server.Auth.ServerRoles;
using static EcoLedger.Server.Web.AppPage;

namespace EcoLedger.Server.Web;

/// <summary>
/// The compensation page (<c>/app/compensation</c>): the agreements the reader may see, a round's index (the assessment's P and its
/// steps), the sample means per indicator and the payments; and the forms for the roles that may act — the registry creates, activates,
/// closes monitoring, assesses and resolves; a party signs, records samples, settles and disputes. Every form posts to the compensation
/// endpoints any client calls; a participant's commands are signed in the browser when it holds a key, as the transfer form is.
/// </summary>
public static class CompensationPages
{
    /// <summary>The page.</summary>
    public const string Path = "/app/compensation";

    /// <summary>Maps the page.</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Path, (HttpContext http, IAntiforgery antiforgery) =>
                Render(http, antiforgery, "Ecological compensation", "生态补偿", Body))
            .AllowAnonymous().ExcludeFromDescription();

    private static string Body(PageContext c)
    {
        var caller = c.Caller;
        var parts = new List<string>
        {
            SigningKey(c),
            Section("agreements", c.L("Agreements", "补偿协议"),
                Source("/api/compensation/agreements", c.L("Agreements", "补偿协议"), c.L("No agreements.", "无补偿协议。"), "detail")),
            Section("rounds", c.L("Rounds: index, means and payments", "考核轮次：指数、均值与支付"),
                Form("rounds", "/api/compensation/agreements/{agreement}/rounds", c.L("Show the rounds of an agreement", "查看协议的考核轮次"), c.L("Show", "查询"),
                    [Field("agreement", c.L("Agreement id", "协议编号"))], method: "GET", render: "detail")),
        };
        if (caller.Has(Registry))
        {
            parts.Add(Section("administer", c.L("Administer (registry)", "管理（登记机构）"),
                Form("create-agreement", "/api/compensation/agreements", c.L("Create an agreement (you become its administrator)", "创建协议（您将成为管理方）"),
                    c.L("Create", "创建"),
                    [Field("id", c.L("Agreement id (letters, digits, underscore)", "协议编号（字母、数字、下划线）")),
                     TextArea("spec", c.L("Agreement spec (JSON: name, period, round_months, parties, funding, rule)", "协议规格（JSON：名称、期限、每轮月数、协议方、资金来源、规则）"), json: true)],
                    sign: true),
                Form("agreement-action", "/api/compensation/agreements/{agreement}/{action}", c.L("Activate, suspend, terminate or close an agreement", "启用、暂停、终止或关闭协议"),
                    c.L("Apply", "执行"),
                    [Field("agreement", c.L("Agreement id", "协议编号")),
                     Select("action", c.L("Action", "操作"), ("activate", c.L("Activate", "启用")), ("suspend", c.L("Suspend", "暂停")),
                        ("terminate", c.L("Terminate", "终止")), ("close", c.L("Close", "关闭")))],
                    sign: true),
                Form("round-action", "/api/compensation/rounds/{round}/{action}", c.L("Close monitoring or assess a round", "结束监测或考核轮次"), c.L("Apply", "执行"),
                    [Field("round", c.L("Round id (AGREEMENT_Rn)", "轮次编号（协议_Rn）")),
                     Select("action", c.L("Action", "操作"), ("close-monitoring", c.L("Close monitoring", "结束监测")), ("assess", c.L("Assess", "考核")))],
                    sign: true),
                Form("resolve", "/api/compensation/rounds/{round}/resolve", c.L("Resolve a disputed round", "裁决有异议的轮次"), c.L("Resolve", "裁决"),
                    [Field("round", c.L("Round id", "轮次编号")),
                     Select("outcome", c.L("Outcome", "结果"), ("upheld", c.L("Upheld: keep the payments", "维持：保留支付")),
                        ("amended", c.L("Amended: void them and reserve the amount below", "变更：作废原支付并按下列金额预留"))),
                     Field("amount", c.L("Amended amount, CNY (0 waives)", "变更金额，元（0 表示免除）"), required: false),
                     Field("note", c.L("Note", "说明"), required: false)],
                    sign: true)));
        }
        if (caller.Participant is not null)
        {
            parts.Add(Section("party", c.L("As a party", "作为协议方"),
                Form("sign-agreement", "/api/compensation/agreements/{agreement}/sign", c.L("Sign an agreement", "签署协议"), c.L("Sign", "签署"),
                    [Field("agreement", c.L("Agreement id", "协议编号"))], sign: true),
                Form("samples", "/api/compensation/rounds/{round}/samples?file={file}", c.L("Record monitoring samples (CSV)", "记录监测样本（CSV）"),
                    c.L("Record", "记录"),
                    [Field("round", c.L("Round id", "轮次编号")),
                     File(c.L("CSV: section,sampled_at,indicator,value,unit,lab,party[,corrects,reason]", "CSV：断面、采样时间、指标、数值、单位、实验室、采样方[、更正、原因]"), ".csv,text/csv")],
                    sign: true, upload: "text/csv"),
                Form("settle", "/api/compensation/rounds/{round}/settle", c.L("Pay: settle an assessed round (the administrator or a paying party)", "支付：结算已考核的轮次（管理方或付款方）"),
                    c.L("Settle", "结算"), [Field("round", c.L("Round id", "轮次编号"))], sign: true),
                Form("dispute", "/api/compensation/rounds/{round}/dispute", c.L("Dispute an assessed round", "对考核结果提出异议"), c.L("Dispute", "提出异议"),
                    [Field("round", c.L("Round id", "轮次编号")), Field("reason", c.L("Reason", "理由"))], sign: true)));
        }
        if (caller.Has(Registry) || caller.Has(Bureau) || caller.Has(Auditor))
        {
            parts.Add(Section("payments", c.L("Payments and statements", "支付与结算单"),
                Source("/api/compensation/payments", c.L("Every payment (pending, posted or voided)", "全部支付（待付、已付或作废）"), c.L("No payments.", "无支付。")),
                Form("statement", "/api/compensation/agreements/{agreement}/statement", c.L("An agreement's statement (Markdown)", "协议结算单（Markdown）"),
                    c.L("Show", "查看"), [Field("agreement", c.L("Agreement id", "协议编号"))], method: "GET")));
        }
        return string.Concat(parts);
    }
}
