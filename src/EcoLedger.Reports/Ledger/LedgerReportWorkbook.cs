using System.Globalization;
using EcoLedger.Ledger;
using MiniExcelLibs;

namespace EcoLedger.Reports.Ledger;

/// <summary>
/// report.xlsx of the ledger report: sheets with fixed English names (Summary, Projects, Supply, Holdings, Retirements,
/// Pledges, PledgeValues, Compensation, Payments, Journal) and headers in the report language; quantities in tonnes as numbers, not text.
/// </summary>
public static class LedgerReportWorkbook
{
    /// <summary>Sheet names, in order.</summary>
    public static readonly string[] Sheets = ["Summary", "Projects", "Supply", "Holdings", "Retirements", "Pledges", "PledgeValues", "Compensation", "Payments", "Journal"];

    /// <summary>Writes the workbook.</summary>
    public static void Write(LedgerReportModel m, string path)
    {
        var l = m.Labels;
        var sheets = new Dictionary<string, object>(StringComparer.Ordinal);
        string item = l.IsZh ? "项目" : "Item", value = l["value"], unit = l["unit"];
        sheets["Summary"] = new List<Dictionary<string, object?>>
        {
            Row((item, l.IsZh ? "报告" : "Report"), (value, m.Title), (unit, "")),
            Row((item, l["ledger.database"]), (value, m.DatabasePath), (unit, "")),
            Row((item, l["ledger.kpi_issued"]), (value, m.Issued), (unit, "t CO2e")),
            Row((item, l["ledger.kpi_buffer"]), (value, m.Buffer), (unit, "t CO2e")),
            Row((item, l["ledger.kpi_retired"]), (value, m.Retired), (unit, "t CO2e")),
            Row((item, l["ledger.kpi_pledged"]), (value, m.Pledged), (unit, "t CO2e")),
            Row((item, l["ledger.cancelled"]), (value, m.Cancelled), (unit, "t CO2e")),
            Row((item, l["ledger.kpi_outstanding"]), (value, m.Outstanding), (unit, "t CO2e")),
            Row((item, l["ledger.events"]), (value, m.Journal.Events), (unit, "")),
            Row((item, l.IsZh ? "日志末条哈希" : "Last journal hash"), (value, m.Journal.LastHash), (unit, "")),
            Row((item, l["ledger.kpi_chain"]), (value, m.Problems.Count == 0 ? l["ledger.chain_ok"] : l["ledger.chain_bad"]), (unit, "")),
            Row((item, l["ledger.summary"]), (value, m.Summary), (unit, "")),
        };
        sheets["Projects"] = m.Projects.Count == 0 ? [Row((l["note"], l["none"]))]
            : m.Projects.Select(p => Row((l["ledger.project"], p.Id), (l["ledger.owner"], p.Owner), (l["ledger.region"], p.Region), (l["ledger.methodology"], p.Methodology),
                (l["ledger.buffer_share"], p.BufferBasisPoints / 10_000m), (l["ledger.period"], LedgerReportModel.Vintage(p.PeriodStart, p.PeriodEnd)),
                (l["ledger.state"], p.State), (l["ledger.units"], p.Units))).ToList();
        sheets["Supply"] = m.Supply.Count == 0 ? [Row((l["note"], l["none"]))]
            : m.Supply.Select(s => Row((l["ledger.project"], s.Project), ("vintage_start", Date(s.VintageStart)), ("vintage_end", Date(s.VintageEnd)),
                (l["ledger.issued"], s.Issued), (l["ledger.buffer"], s.Buffer), (l["ledger.active"], s.Active), (l["ledger.pledged"], s.Pledged),
                (l["ledger.frozen"], s.Frozen), (l["ledger.retired"], s.Retired), (l["ledger.cancelled"], s.Cancelled),
                (l["ledger.check"], s.AddsUp ? "ok" : "MISMATCH"))).ToList();
        sheets["Holdings"] = m.Balances.Count == 0 ? [Row((l["note"], l["none"]))]
            : m.Balances.Select(b => Row((l["ledger.holder"], b.Holder), (l["ledger.name"], m.NameOf(b.Holder)), (l["ledger.role"], m.RoleOf(b.Holder)),
                (l["ledger.active"], b.Active), (l["ledger.pledged"], b.Pledged), (l["ledger.frozen"], b.Frozen), (l["ledger.retired"], b.Retired),
                (l["ledger.cancelled"], b.Cancelled), (l["ledger.held"], b.Total), (l["ledger.posted"], b.Posted))).ToList();
        // One row per serial range, so a range can be filtered and summed; the event's quantity is the sum of its rows.
        sheets["Retirements"] = m.Retirements.Count == 0 ? [Row((l["note"], l["ledger.retirements_none"]))]
            : m.Retirements.SelectMany(r => r.Serials.Select(s => Row((l["ledger.event"], r.Seq), (l["ledger.time"], r.Time), (l["ledger.retired_by"], r.Holder),
                (l["ledger.beneficiary"], r.Beneficiary), (l["ledger.purpose"], r.Purpose), (l["ledger.serials"], s), (l["ledger.quantity"], SerialCount(s))))).ToList();
        // One row per pledged block; the LTV and the margin flag are those of the block's pledge (loans are per pledge).
        sheets["Pledges"] = m.Pledges.Count == 0 ? [Row((l["note"], l["ledger.pledges_none"]))]
            : m.Pledges.Select(p => Row((l["ledger.holder"], p.Holder), (l["ledger.bank"], p.Pledgee), (l["ledger.project"], p.Project),
                ("vintage_start", Date(p.VintageStart)), ("vintage_end", Date(p.VintageEnd)), (l["ledger.quantity"], p.Quantity), (l["ledger.serials"], p.Serial),
                (l["ledger.pledge"], m.PledgeIdOf(p)),
                (l["ledger.ltv"], m.ValueOf(p) is not { } v ? l["ledger.not_priced"] : v.Ltv is { } x ? decimal.Round(x, 6) : (object)(LedgerReportModel.LtvText(v) ?? l["ledger.no_loan"])),
                (l["ledger.margin"], m.ValueOf(p) is { } c ? (c.MarginCall ? "YES" : "no") : ""))).ToList();
        // One row per credits pledge: amounts in CNY as numbers.
        sheets["PledgeValues"] = m.Pricing is not { } pricing ? [Row((l["note"], m.PricingProblem is { } problem ? l.Format("ledger.price_problem", problem) : l["ledger.ltv_note"]))]
            : pricing.Values.Count == 0 ? [Row((l["note"], l["ledger.pledges_none"]))]
            : pricing.Values.Select(v => Row((l["ledger.pledge"], v.Exposure.PledgeId), (l["ledger.holder"], v.Exposure.Borrower), (l["ledger.bank"], v.Exposure.Bank),
                (l["ledger.subject"], v.Exposure.Subject), ("market", pricing.Request.Market), ("as_of", Date(pricing.Request.AsOf)),
                ("price_cny_per_t", pricing.Price.Quote.Price.Amount), (l["ledger.market_value"], v.Exposure.MarketValue.Amount), (l["ledger.haircut"], v.Exposure.Haircut),
                (l["ledger.collateral"], v.Collateral.Amount), (l["ledger.loan"], v.Exposure.Loan?.Amount),
                (l["ledger.ltv"], v.Ltv is { } x ? decimal.Round(x, 6) : null), (l["ledger.margin"], v.MarginCall ? "YES" : "no"))).ToList();
        // One row per round, with its funding split in the source columns' order.
        var rounds = m.Compensation.SelectMany(d => d.Rounds.Select(r => Row(("agreement", d.Agreement.Id), (l["ledger.round"], r.Id),
            ("period_start", Date(r.PeriodStart)), ("period_end", Date(r.PeriodEnd)), (l["ledger.state"], r.State.Name()),
            (l["ledger.p_index"], r.Assessment?.Index is { } p ? decimal.Parse(p, NumberStyles.Float, CultureInfo.InvariantCulture) : null),
            (l["ledger.decision"], r.Assessment is { } assessed ? l.Decision(assessed.Decision) : l["ledger.not_assessed"]), ("direction", r.Direction), (l["ledger.amount"], r.AmountFen is long a ? a / 100m : null),
            (l["ledger.funding_split"], r.Assessment is not null ? string.Join("; ", r.Funding(d.Agreement).Select(f => $"{f.Source} {f.Share}: {Labels.Fen(f.AmountFen / 100m)}")) : "")))).ToList();
        sheets["Compensation"] = rounds.Count == 0 ? [Row((l["note"], l["ledger.compensation_none"]))] : rounds;
        var payments = m.Compensation.SelectMany(d => d.Payments.Select(x => Row(("agreement", d.Agreement.Id), (l["ledger.payment"], x.Id), (l["ledger.round"], x.RoundId),
            (l["ledger.source"], x.SourceId), (l["ledger.from"], x.FromParty), (l["ledger.to"], x.ToParty), (l["ledger.amount"], x.AmountFen / 100m),
            (l["ledger.state"], x.State.Name())))).ToList();
        sheets["Payments"] = payments.Count == 0 ? [Row((l["note"], l["ledger.payments_none"]))] : payments;
        sheets["Journal"] = m.Journal.ByKind.Count == 0 ? [Row((l["note"], l["ledger.journal_empty"]))]
            : m.Journal.ByKind.Select(k => Row((l["ledger.kind"], k.Kind), (l["ledger.events"], k.Events), (l["ledger.first"], k.FirstTime), (l["ledger.last"], k.LastTime))).ToList();
        MiniExcel.SaveAs(path, sheets, excelType: ExcelType.XLSX, overwriteFile: true);
    }

    /// <summary>The number of credits in a full serial (<c>ECO-…-START-END</c>).</summary>
    internal static long SerialCount(string serial) => EcoLedger.Ledger.SerialNumber.Parse(serial).Range.Count;

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

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
