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
        page.Paragraph(l.IsZh
            ? $"价格基础：{ca.Prices}。变化 = 数量效应 + 价格效应（Bennet 分解，ΔV = ½(p₀+p₁)Δq + ½(q₀+q₁)Δp，无残差）；物质产品等无实物量的指标不分解。"
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
        string title = l.IsZh ? $"GEP 变化 {from}—{to}（{ca.Prices}）" : $"GEP change {from}–{to} ({ca.Prices})";
        page.PngFigure("chart-change-account", ChartFactory.Waterfall(title, l["axis.change_yi"], steps, v => v.ToString("0.00", CultureInfo.InvariantCulture)), title, cssWidth: 760);
        var rows = ca.Indicators.Where(c => c.FromCny != 0m || c.ToCny != 0m).Select(c => (IReadOnlyList<string>)[l.Indicator(c.Code), Labels.Fen(c.FromCny), Labels.Fen(c.ToCny),
            Labels.Fen(c.ChangeCny), Labels.Fen(c.QuantityEffectCny), Labels.Fen(c.PriceEffectCny), Labels.Fen(c.NotDecomposedCny)]).ToList();
        var t = ca.Total;
        rows.Add([l["total"], Labels.Fen(t.FromCny), Labels.Fen(t.ToCny), Labels.Fen(t.ChangeCny), Labels.Fen(t.QuantityEffectCny), Labels.Fen(t.PriceEffectCny), Labels.Fen(t.NotDecomposedCny)]);
        string yuan = l.IsZh ? "元" : "CNY";
        page.Table([new(l["gep.indicator"]), new($"{from} ({yuan})", true), new($"{to} ({yuan})", true), new($"{l["gep.difference"]} ({yuan})", true),
            new($"{quantity} ({yuan})", true), new($"{price} ({yuan})", true), new($"{rest} ({yuan})", true)], rows, totalRow: true, id: "table-change-account");
    }
}
