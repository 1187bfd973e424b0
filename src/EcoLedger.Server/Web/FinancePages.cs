using Microsoft.AspNetCore.Antiforgery;
using static EcoLedger.Server.Auth.ServerRoles;
using static EcoLedger.Server.Web.AppPage;

namespace EcoLedger.Server.Web;

/// <summary>
/// The finance page (<c>/app/finance</c>): the price series, a market's price at a date, mark-to-market of holdings, the pledges with
/// collateral value, LTV and margin calls, and a project's forward value; the registry imports quotes and a bank records the loan on a
/// pledge. The figures come from the same code as <c>price show</c> and <c>value holdings|pledges|project</c> (methodology/pricing.md).
/// </summary>
public static class FinancePages
{
    /// <summary>The page.</summary>
    public const string Path = "/app/finance";

    /// <summary>Maps the page.</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Path, (HttpContext http, IAntiforgery antiforgery) => Render(http, antiforgery, "Green finance", "绿色金融", Body))
            .AllowAnonymous().ExcludeFromDescription();

    private static string Body(PageContext c)
    {
        var caller = c.Caller;
        string today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        string Market() => Field("market", c.L("Market (e.g. CEA)", "市场（如 CEA）"));
        string AsOf() => Field("as_of", c.L("Valuation date (YYYY-MM-DD)", "估值日（YYYY-MM-DD）"), value: today);
        var parts = new List<string> { SigningKey(c) };
        var prices = new List<string>
        {
            Source("/api/pricing/prices", c.L("Price quotes (CNY per t CO₂e)", "价格报价（元/吨二氧化碳当量）"), c.L("No quotes yet.", "尚无报价。")),
            Form("price-as-of", "/api/pricing/prices/as-of", c.L("The price each market gives at a date (its last quote on or before it)", "各市场在某日的价格（该日及之前的最新报价）"),
                c.L("Show", "查询"), [AsOf(), Field("max_age_days", c.L("Refuse quotes older than (days)", "报价最长天数"), "number", false, "90")], method: "GET", render: "table"),
        };
        if (caller.Has(Registry))
        {
            prices.Add(Form("prices-import", "/api/pricing/prices?file={file}", c.L("Import quotes (CSV: date,market,price_cny_per_t_co2e,source)", "导入报价（CSV：日期、市场、价格、来源）"),
                c.L("Import", "导入"), [File(c.L("Quotes file (CSV)", "报价文件（CSV）"), ".csv,text/csv")], sign: true, upload: "text/csv"));
        }
        parts.Add(Section("prices", c.L("Prices", "价格"), string.Concat(prices)));
        parts.Add(Section("mtm", c.L("Mark-to-market of holdings", "持有按市值计价"),
            Form("mtm", "/api/pricing/mark-to-market", c.L("Value holdings at a market's price", "按市场价格估值持有"), c.L("Value", "估值"),
                [Market(), AsOf(), Field("holder", c.L("Holder (optional)", "持有方（可选）"), required: false),
                 Field("project", c.L("Project (optional)", "项目（可选）"), required: false)], method: "GET", render: "detail")));
        if (caller.Has(Registry) || caller.Has(Bank) || caller.Has(Bureau) || caller.Has(Auditor))
        {
            var pledges = new List<string>
            {
                Source("/api/pricing/pledges", c.L("Credits under pledge", "质押中的碳信用"), c.L("No pledges.", "无质押。"), "detail"),
                Form("pledges", "/api/pricing/pledges/valuation", c.L("Pledges with LTV and margin calls", "质押的贷款价值比与追加保证金"), c.L("Value", "估值"),
                    [Market(), AsOf(), Field("haircut", c.L("Haircut where a loan names none (0–1)", "贷款未指定时的折扣率（0–1）"), value: "0.3"),
                     Field("threshold", c.L("Margin threshold: LTV above it is called", "追加保证金阈值（LTV 超过即通知）"), value: "0.8")],
                    method: "GET", render: "detail"),
            };
            if (caller.Has(Bank))
            {
                pledges.Add(Form("loan", "/api/pricing/loans", c.L("Record the loan secured on a pledge (you are its bank)", "登记以质押担保的贷款（您为质权银行）"), c.L("Record", "登记"),
                    [Field("pledge_seq", c.L("Pledge (journal event)", "质押（日志事件）"), "number"), Field("principal", c.L("Outstanding principal, CNY", "未偿本金，元")),
                     Field("haircut", c.L("Haircut for this loan, 0–1 (optional)", "本笔贷款折扣率，0–1（可选）"), required: false)], sign: true));
            }
            parts.Add(Section("pledges-section", c.L("Pledges, LTV and margin calls", "质押、贷款价值比与追加保证金"), string.Concat(pledges)));
        }
        parts.Add(Section("forward", c.L("Forward value of a project", "项目远期价值"),
            Form("forward", "/api/pricing/projects/{project}/forward-value", c.L("NPV of expected issuances at a constant yearly sequestration", "按固定年固碳量估算预期签发的净现值"),
                c.L("Value", "估值"),
                [Field("project", c.L("Project", "项目")), Market(), AsOf(), Field("tonnes_per_year", c.L("Expected t CO₂e a year", "预期年固碳量（吨）")),
                 Field("years", c.L("Years (default: to the crediting period's end)", "年数（默认至计入期结束）"), "number", false),
                 Field("discount_rate", c.L("Discount rate", "折现率"), value: "0.08"), Field("delivery_haircut", c.L("Delivery-risk haircut", "交付风险折扣"), value: "0.1")],
                method: "GET", render: "detail")));
        return string.Concat(parts);
    }
}
