using System.Globalization;
using EcoLedger.Reports.Inputs;

namespace EcoLedger.Reports.Gep;

/// <summary>The one-paragraph plain-language summary, generated from the numbers in the report's language.</summary>
internal static class GepSummaryText
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static string Write(GepReportModel m) => m.Labels.IsZh ? Zh(m) : En(m);

    private static string Zh(GepReportModel m)
    {
        var l = m.Labels;
        var g = m.Gep;
        var parts = new List<string>();
        string when = g.Year is { } y ? $"{y}年，" : "";
        parts.Add($"{when}{m.Region}核算区域（{Labels.Count(g.Units)}个核算单元，面积{Labels.Km2(g.AreaKm2)}）生态系统生产总值（GEP）为{l.Money(g.TotalCny)}，单位面积GEP为{l.Density(g.DensityCnyPerKm2)}"
            + (m.PerCapitaCny is { } pc ? $"，人均{l.PerCapita(pc)}" : "") + "。");
        var top = m.Indicators.OrderByDescending(i => i.ValueCny).First();
        var cats = g.ByCategory.OrderByDescending(kv => kv.Value).ToList();
        string rest = string.Join("，", cats.Skip(1).Select(kv => $"{l.Category(kv.Key)}占{Labels.Percent(GepReportModel.Share(kv.Value, g.TotalCny))}"));
        parts.Add($"{l.Category(cats[0].Key)}占{Labels.Percent(GepReportModel.Share(cats[0].Value, g.TotalCny))}，是GEP的主体，其中{top.Name}贡献最大（{l.Money(top.ValueCny)}，占{Labels.Percent(top.Share)}）" + (rest.Length > 0 ? $"；{rest}" : "") + "。");
        if (g.Ecosystems.Count > 0)
        {
            var byValue = g.Ecosystems.OrderByDescending(e => e.ValueCny).First();
            var byDensity = g.Ecosystems.OrderByDescending(e => e.DensityCnyPerKm2).First();
            string s = $"{l.Ecosystem(byValue.Code)}生态系统贡献{l.Money(byValue.ValueCny)}（{Labels.Percent(GepReportModel.Share(byValue.ValueCny, g.TotalCny))}）";
            if (g.Ecosystems.Count > 1)
            {
                s += $"，{l.Ecosystem(byDensity.Code)}单位面积价值最高（{l.Density(byDensity.DensityCnyPerKm2)}）";
            }
            parts.Add(s + "。");
        }
        if (m.Zones is { } z)
        {
            var topTier = z.Tiers.OrderByDescending(t => t.ThresholdCnyPerKm2).First();
            int n = z.Zones.Count(x => x.Tier == topTier.Name);
            parts.Add($"价值密度达到{l.Density(topTier.ThresholdCnyPerKm2)}的{l.Tier(topTier.Name)}区共{n}个，面积{Labels.Km2(z.PriorityAreaKm2)}，占核算面积的{Labels.Percent(z.PriorityShareOfArea)}，集中了{Labels.Percent(z.PriorityShareOfValue)}的价值。");
        }
        if (m.Changes is { } ch && m.Previous is { } p)
        {
            decimal d = g.TotalCny - p.TotalCny;
            var big = ch.Where(c => c.Comparable).DefaultIfEmpty(ch[0]).MaxBy(c => Math.Abs(c.Difference))!;
            string since = p.Year is { } py ? $"与{py}年相比" : "与上期相比";
            parts.Add($"{since}，GEP{(d >= 0 ? "增加" : "减少")}{l.Money(Math.Abs(d))}（{Labels.SignedPercent(GepReportModel.Share(d, p.TotalCny))}），变化最大的是{l.Indicator(big.Code)}（{(big.Difference >= 0 ? "+" : "−")}{l.Money(Math.Abs(big.Difference))}）。");
        }
        if (g.NotComputed.Count > 0)
        {
            var byIndicator = GapsByIndicator(g).Select(x => $"{l.Indicator(x.Indicator)}{Labels.Count(x.Units)}个");
            parts.Add($"有{Labels.Count(g.NotComputed.Sum(x => x.Units))}个单元×指标未核算，未计入GEP：{string.Join("、", byIndicator)}（原因见“未核算项”）。");
        }
        return string.Concat(parts);
    }

    private static string En(GepReportModel m)
    {
        var l = m.Labels;
        var g = m.Gep;
        var parts = new List<string>();
        string when = g.Year is { } y ? $"In {y}, the" : "The";
        parts.Add($"{when} Gross Ecosystem Product (GEP) of {m.Region} ({Labels.Count(g.Units)} accounting units, {Labels.Km2(g.AreaKm2)}) was {l.Money(g.TotalCny)}, or {l.Density(g.DensityCnyPerKm2)}"
            + (m.PerCapitaCny is { } pc ? $" and {l.PerCapita(pc)}" : "") + ".");
        var top = m.Indicators.OrderByDescending(i => i.ValueCny).First();
        var cats = g.ByCategory.OrderByDescending(kv => kv.Value).ToList();
        string rest = string.Join(" and ", cats.Skip(1).Select(kv => $"{l.Category(kv.Key).ToLowerInvariant()} services {Labels.Percent(GepReportModel.Share(kv.Value, g.TotalCny))}"));
        parts.Add($" {l.Category(cats[0].Key)} services made up {Labels.Percent(GepReportModel.Share(cats[0].Value, g.TotalCny))}, led by {top.Name.ToLowerInvariant()} ({l.Money(top.ValueCny)}, {Labels.Percent(top.Share)})" + (rest.Length > 0 ? $"; {rest}" : "") + ".");
        if (g.Ecosystems.Count > 0)
        {
            var byValue = g.Ecosystems.OrderByDescending(e => e.ValueCny).First();
            var byDensity = g.Ecosystems.OrderByDescending(e => e.DensityCnyPerKm2).First();
            string s = $" {l.Ecosystem(byValue.Code)} contributed {l.Money(byValue.ValueCny)} ({Labels.Percent(GepReportModel.Share(byValue.ValueCny, g.TotalCny))})";
            if (g.Ecosystems.Count > 1)
            {
                s += $"; {l.Ecosystem(byDensity.Code).ToLowerInvariant()} had the highest value per km² ({l.Density(byDensity.DensityCnyPerKm2)})";
            }
            parts.Add(s + ".");
        }
        if (m.Zones is { } z)
        {
            var topTier = z.Tiers.OrderByDescending(t => t.ThresholdCnyPerKm2).First();
            int n = z.Zones.Count(x => x.Tier == topTier.Name);
            parts.Add($" {n} {l.Tier(topTier.Name)} zone{(n == 1 ? "" : "s")} at or above {l.Density(topTier.ThresholdCnyPerKm2)} {(n == 1 ? "covers" : "cover")} {Labels.Km2(z.PriorityAreaKm2)}, {Labels.Percent(z.PriorityShareOfArea)} of the area, and {(n == 1 ? "holds" : "hold")} {Labels.Percent(z.PriorityShareOfValue)} of the value.");
        }
        if (m.Changes is { } ch && m.Previous is { } p)
        {
            decimal d = g.TotalCny - p.TotalCny;
            var big = ch.Where(c => c.Comparable).DefaultIfEmpty(ch[0]).MaxBy(c => Math.Abs(c.Difference))!;
            string since = p.Year is { } py ? $"Since {py.ToString(C)}" : "Since the previous account";
            parts.Add($" {since}, GEP {(d >= 0 ? "rose" : "fell")} by {l.Money(Math.Abs(d))} ({Labels.SignedPercent(GepReportModel.Share(d, p.TotalCny))}); the largest change was in {l.Indicator(big.Code).ToLowerInvariant()} ({(big.Difference >= 0 ? "+" : "−")}{l.Money(Math.Abs(big.Difference))}).");
        }
        if (g.NotComputed.Count > 0)
        {
            var byIndicator = GapsByIndicator(g).Select(x => $"{l.Indicator(x.Indicator).ToLowerInvariant()} {Labels.Count(x.Units)}");
            parts.Add($" {Labels.Count(g.NotComputed.Sum(x => x.Units))} unit × indicator items were not computed and are not in GEP: {string.Join(", ", byIndicator)} (reasons under Not computed).");
        }
        return string.Concat(parts);
    }

    /// <summary>
    /// The units not computed per indicator, in the order the indicators first appear among the gaps. The sentence gives
    /// counts rather than a cause: gaps come from missing monitoring fields, region statistics or parameters alike, and a
    /// count next to the number of units shows whether an indicator is missing everywhere or in a few units only.
    /// </summary>
    private static IEnumerable<(string Indicator, int Units)> GapsByIndicator(GepResultFolder g) =>
        g.NotComputed.GroupBy(x => x.Indicator).Select(x => (x.Key, x.Sum(y => y.Units)));
}
