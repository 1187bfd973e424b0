using MiniExcelLibs;

namespace EcoLedger.Reports.Gep;

/// <summary>
/// report.xlsx: the report's tables as sheets with fixed English names (Summary, Indicators, Ecosystems, Zones, Change,
/// Extent, ExtentMatrix, Condition, Parameters, Inputs) and headers in the report language; money in CNY to the fen as numbers, not text.
/// </summary>
public static class GepReportWorkbook
{
    /// <summary>Sheet names, in order.</summary>
    public static readonly string[] Sheets = ["Summary", "Indicators", "Ecosystems", "Zones", "Change", "Extent", "ExtentMatrix", "Condition", "Parameters", "Inputs"];

    /// <summary>Writes the workbook.</summary>
    public static void Write(GepReportModel m, string path)
    {
        var l = m.Labels;
        var g = m.Gep;
        var sheets = new Dictionary<string, object>(StringComparer.Ordinal);
        string item = l.IsZh ? "项目" : "Item", value = l["value"], unit = l["unit"];
        var summary = new List<Dictionary<string, object?>>
        {
            Row((item, l.IsZh ? "报告" : "Report"), (value, m.Title), (unit, "")),
            Row((item, l.IsZh ? "年份" : "Year"), (value, g.Year), (unit, "")),
            Row((item, l["gep.kpi_total"]), (value, g.TotalCny), (unit, "CNY")),
            Row((item, l["gep.kpi_area"]), (value, g.AreaKm2), (unit, "km²")),
            Row((item, l["units"]), (value, g.Units), (unit, "")),
            Row((item, l["gep.kpi_density"]), (value, g.DensityCnyPerKm2), (unit, "CNY/km²")),
        };
        if (m.PerCapitaCny is { } pc)
        {
            summary.Add(Row((item, l["gep.kpi_per_capita"]), (value, pc), (unit, "CNY/person")));
        }
        foreach (var (code, v) in g.ByCategory)
        {
            summary.Add(Row((item, l.Category(code)), (value, v), (unit, "CNY")));
        }
        summary.Add(Row((item, l["gep.kpi_regulating"]), (value, m.RegulatingShare), (unit, "share")));
        summary.Add(Row((item, l.IsZh ? "参数表版本" : "Parameter table version"), (value, g.ParametersVersion), (unit, "")));
        summary.Add(Row((item, l["gep.summary"]), (value, m.Summary), (unit, "")));
        sheets["Summary"] = summary;

        sheets["Indicators"] = m.Indicators.Select(i => Row(
            ("code", i.Code), (l["gep.indicator"], i.Name), (l["gep.category"], l.Category(i.Category)),
            (l["gep.quantity"], i.Quantity), (unit, Labels.QuantityUnit(i.QuantityUnit)), ($"{value} (CNY)", i.ValueCny), (l["share"], i.Share),
            (l["gep.computed_units"], i.Units), (l["gep.method"], i.Method), (l["gep.formula"], i.Formula),
            (l["gep.parameters"], string.Join("; ", i.Parameters.Select(p => $"{p.Key} = {(p.Value is { } v ? Labels.Number(v) : "—")} {p.Unit} [{p.Source}]")))
        )).ToList();

        sheets["Ecosystems"] = g.Ecosystems.Select(e => Row(
            ("code", e.Code), (l["gep.ecosystem"], l.Ecosystem(e.Code)), (l["units"], e.Units), ($"{l["area"]} (km²)", e.AreaKm2),
            ($"{l.Category("provisioning")} (CNY)", e.ByCategory.GetValueOrDefault("provisioning")),
            ($"{l.Category("regulating")} (CNY)", e.ByCategory.GetValueOrDefault("regulating")),
            ($"{l.Category("cultural")} (CNY)", e.ByCategory.GetValueOrDefault("cultural")),
            ("GEP (CNY)", e.ValueCny), ($"{l["density"]} (CNY/km²)", e.DensityCnyPerKm2))).ToList();

        sheets["Zones"] = m.Zones is { } z
            ? z.Zones.Select(x => Row((l["gep.zone"], x.ZoneId), (l["gep.tier"], l.Tier(x.Tier)), (l["units"], x.UnitCount), ($"{l["area"]} (km²)", x.AreaKm2),
                ($"{value} (CNY)", x.ValueCny), ($"{l["density"]} (CNY/km²)", x.DensityCnyPerKm2))).ToList()
            : [Row((l["note"], l["gep.map_missing"]))];

        sheets["Change"] = m.Changes is { } ch
            ? ch.Select(c => Row(("code", c.Code), (l["gep.indicator"], l.Indicator(c.Code)),
                ($"{l["gep.previous"]} (CNY)", c.PreviousComputed ? c.Previous : l["gep.not_computed_short"]),
                ($"{l["gep.current"]} (CNY)", c.CurrentComputed ? c.Current : l["gep.not_computed_short"]),
                ($"{l["gep.difference"]} (CNY)", c.Comparable ? c.Difference : l["gep.not_computed_short"]))).ToList()
            : [Row((l["note"], l.IsZh ? "未提供 --previous。" : "No --previous folder was given."))];

        // The SEEA accounts of a --change folder, cells as gep compare wrote them (numbers as numbers).
        string noChange = l.IsZh ? "未提供 --change（gep compare 的输出）。" : "No --change folder (the output of gep compare) was given.";
        sheets["Extent"] = Account(m.ChangeAccount?.Extent, l, noChange);
        sheets["ExtentMatrix"] = Account(m.ChangeAccount?.ChangeMatrix, l, noChange);
        sheets["Condition"] = Account(m.ChangeAccount?.Condition, l, noChange);

        sheets["Parameters"] = m.Parameters.All.Select(p => Row((l["key"], p.Key), (value, p.Value), (unit, p.Unit), (l["price_year"], m.PriceYearOf(p)),
            (l["source"], p.Source), (l["note"], p.Note))).ToList();

        sheets["Inputs"] = m.Inputs.Select(i => Row((l["role"], l[$"gep.role.{i.Role}"]), (l["file"], i.Path), ("sha256", i.Sha256))).ToList();

        MiniExcel.SaveAs(path, sheets, excelType: ExcelType.XLSX, overwriteFile: true);
    }

    private static List<Dictionary<string, object?>> Account(Inputs.AccountTable? table, Labels l, string missing) =>
        table is null
            ? [Row((l["note"], missing))]
            : [.. table.Rows.Select(r => Row([.. table.Header.Select((h, i) => (h, (object?)(decimal.TryParse(r[i], System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : r[i])))]))];

    private static Dictionary<string, object?> Row(params (string Key, object? Value)[] cells)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in cells)
        {
            d[k] = v;
        }
        return d;
    }
}
