using System.Globalization;
using EcoLedger.Reports.Charts;
using EcoLedger.Reports.Html;
using EcoLedger.Reports.Inputs;

namespace EcoLedger.Reports.Gep;

/// <summary>The report section of a <c>gep compare</c> change account: a waterfall of quantity and price effects by indicator, and the table.</summary>
internal static class GepChangeAccountHtml
{
    public static void Write(ReportPage page, ChangeAccountFolder ca, Labels l)
    {
        string from = ca.FromYear?.ToString(CultureInfo.InvariantCulture) ?? l["gep.previous"];
        string to = ca.ToYear?.ToString(CultureInfo.InvariantCulture) ?? l["gep.current"];
        page.Section("change-account", l.IsZh ? $"价值变化分解：{from}—{to}（数量效应与价格效应）" : $"Change {from}–{to}: quantity and price effects");
        string prices = ca.PricesIn(l);
        page.Paragraph(l.IsZh
            ? $"价格基础：{prices}。变化 = 数量效应 + 价格效应（Bennet 分解，ΔV = ½(p₀+p₁)Δq + ½(q₀+q₁)Δp，无残差）；物质产品等无实物量的指标不分解。"
            : $"Prices: {ca.Prices}. Change = quantity effect + price effect (Bennet decomposition, ΔV = ½(p₀+p₁)Δq + ½(q₀+q₁)Δp, no residual); indicators without a quantity (material products) are not decomposed.");
        string quantity = l.IsZh ? "数量" : "quantity", price = l.IsZh ? "价格" : "price", rest = l.IsZh ? "未分解" : "not decomposed";
        var steps = new List<WaterfallStep> { new(from, l.ValueAxis(ca.Total.FromCny), true) };
        foreach (var line in ca.Indicators)
        {
            foreach (var (part, value) in new[] { (quantity, line.QuantityEffectCny), (price, line.PriceEffectCny), (rest, line.NotDecomposedCny) })
            {
                if (value != 0m && Math.Abs(value) >= Math.Abs(ca.Total.ChangeCny) / 200m)
                {
                    steps.Add(new WaterfallStep($"{l.Indicator(line.Code)} ({part})", l.ValueAxis(value), false));
                }
            }
        }
        decimal shown = steps.Skip(1).Sum(s => (decimal)s.Value);
        decimal small = l.ValueAxis(ca.Total.ChangeCny) is var all ? (decimal)all - shown : 0m;
        if (Math.Abs(small) > 0.000001m)
        {
            steps.Add(new WaterfallStep(l.IsZh ? "其他（小项）" : "others (small)", (double)small, false));
        }
        steps.Add(new WaterfallStep(to, l.ValueAxis(ca.Total.ToCny), true));
        string title = l.IsZh ? $"GEP 变化 {from}—{to}（{prices}）" : $"GEP change {from}–{to} ({prices})";
        page.PngFigure("chart-change-account", ChartFactory.Waterfall(title, l["axis.change_yi"], steps, v => v.ToString("0.00", CultureInfo.InvariantCulture)), title, cssWidth: 760);
        var rows = ca.Indicators.Where(c => c.FromCny != 0m || c.ToCny != 0m).Select(c => (IReadOnlyList<string>)[l.Indicator(c.Code), Labels.Fen(c.FromCny), Labels.Fen(c.ToCny),
            Labels.Fen(c.ChangeCny), Labels.Fen(c.QuantityEffectCny), Labels.Fen(c.PriceEffectCny), Labels.Fen(c.NotDecomposedCny)]).ToList();
        var t = ca.Total;
        rows.Add([l["total"], Labels.Fen(t.FromCny), Labels.Fen(t.ToCny), Labels.Fen(t.ChangeCny), Labels.Fen(t.QuantityEffectCny), Labels.Fen(t.PriceEffectCny), Labels.Fen(t.NotDecomposedCny)]);
        string yuan = l.IsZh ? "元" : "CNY";
        page.Table([new(l["gep.indicator"]), new($"{from} ({yuan})", true), new($"{to} ({yuan})", true), new($"{l["gep.difference"]} ({yuan})", true),
            new($"{quantity} ({yuan})", true), new($"{price} ({yuan})", true), new($"{rest} ({yuan})", true)], rows, totalRow: true, id: "table-change-account");
        WriteAccounts(page, ca, l, from, to);
    }

    /// <summary>
    /// The SEEA Ecosystem Accounting tables of the comparison (methodology/extent-condition.md), cells as <c>gep compare</c>
    /// wrote them (km² to 1 m²), so closing = opening + additions − reductions can be checked on the page.
    /// </summary>
    private static void WriteAccounts(ReportPage page, ChangeAccountFolder ca, Labels l, string from, string to)
    {
        if (ca.Extent is { } extent)
        {
            page.Section("extent-account", l.IsZh ? $"生态系统面积账户（SEEA EA）：{from}—{to}" : $"Ecosystem extent account (SEEA EA), {from}–{to}");
            page.Paragraph(l.IsZh
                ? "按生态系统类型列出期初面积、增加、减少、净变化与期末面积（km²），期末 = 期初 + 增加 − 减少；新增与消失的核算单元计入增加与减少。"
                : "Opening area, additions, reductions, net change and closing area by ecosystem type (km²); closing = opening + additions − reductions; units that appeared or disappeared count as additions and reductions.");
            page.Table(Columns(extent, l, numericFrom: 1), extent.Rows.Select(r => (IReadOnlyList<string>)[ExtentItem(r[0], l), .. r.Skip(1)]), id: "table-extent-account");
        }
        if (ca.ChangeMatrix is { } matrix)
        {
            page.Section("extent-change-matrix", l.IsZh ? "生态系统类型变化矩阵（km²，行：期初类型，列：期末类型）" : "Ecosystem type change matrix (km²; rows: opening type, columns: closing type)");
            page.Table(Columns(matrix, l, numericFrom: 1), matrix.Rows.Select(r => (IReadOnlyList<string>)[ExtentItem(r[0], l), .. r.Skip(1)]), id: "table-extent-matrix");
        }
        if (ca.Condition is { } condition)
        {
            page.Section("condition-account", l.IsZh ? "生态系统状况账户（面积加权平均）" : "Ecosystem condition account (area-weighted means)");
            page.Table(Columns(condition, l, numericFrom: 2), condition.Rows.Select(r => (IReadOnlyList<string>)[l.Ecosystem(r[0]), .. r.Skip(1)]), id: "table-condition-account");
        }
    }

    private static List<Column> Columns(AccountTable table, Labels l, int numericFrom) =>
        [.. table.Header.Select((h, i) => new Column(ExtentItem(h, l), i >= numericFrom))];

    /// <summary>The account's row and column names in the report language; ecosystem codes become their names.</summary>
    private static string ExtentItem(string code, Labels l) => code switch
    {
        "opening_km2" => l.IsZh ? "期初面积 (km²)" : "opening (km²)",
        "additions_km2" => l.IsZh ? "增加 (km²)" : "additions (km²)",
        "reductions_km2" => l.IsZh ? "减少 (km²)" : "reductions (km²)",
        "net_change_km2" => l.IsZh ? "净变化 (km²)" : "net change (km²)",
        "closing_km2" => l.IsZh ? "期末面积 (km²)" : "closing (km²)",
        "(none)" => l.IsZh ? "（无：新增或消失的单元）" : "(none: units that appeared or disappeared)",
        "total" => l["total"],
        "item" => l.IsZh ? "项目" : "item",
        "from\\to" => l.IsZh ? "期初 \\ 期末" : "from \\ to",
        "ecosystem" => l.IsZh ? "生态系统" : "ecosystem",
        "variable" => l.IsZh ? "状况变量" : "variable",
        "opening" => l.IsZh ? "期初" : "opening",
        "closing" => l.IsZh ? "期末" : "closing",
        "change" => l.IsZh ? "变化" : "change",
        "opening_area_km2" => l.IsZh ? "期初面积 (km²)" : "opening area (km²)",
        "closing_area_km2" => l.IsZh ? "期末面积 (km²)" : "closing area (km²)",
        _ => l.Ecosystem(code),
    };
}
