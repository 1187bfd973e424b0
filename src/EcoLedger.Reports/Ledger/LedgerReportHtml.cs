using EcoLedger.Ledger;
using EcoLedger.Reports.Charts;
using EcoLedger.Reports.Html;
using static EcoLedger.Reports.Html.ReportPage;

namespace EcoLedger.Reports.Ledger;

/// <summary>Lays the ledger report out on the shared page.</summary>
public static class LedgerReportHtml
{
    /// <summary>Colours of the credit statuses (charts and legends).</summary>
    public static class StatusColours
    {
        /// <summary>Buffer pool.</summary>
        public const string Buffer = "#8d99a6";

        /// <summary>Active with holders.</summary>
        public const string Active = ChartFactory.Palette.Regulating;

        /// <summary>Pledged.</summary>
        public const string Pledged = ChartFactory.Palette.Provisioning;

        /// <summary>Frozen.</summary>
        public const string Frozen = ChartFactory.Palette.Cultural;

        /// <summary>Retired.</summary>
        public const string Retired = "#7b5ea7";

        /// <summary>Cancelled.</summary>
        public const string Cancelled = ChartFactory.Palette.Down;
    }

    /// <summary>The complete HTML document.</summary>
    public static string Render(LedgerReportModel m)
    {
        var l = m.Labels;
        string subtitle = l.Format("ledger.subtitle", Path.GetFileName(m.DatabasePath), m.Projects.Count, m.Journal.Events);
        var page = new ReportPage(l, m.Title, subtitle);
        string t = l.IsZh ? "吨" : "t";

        // 1. Headline figures and summary.
        page.Section("headline", l["ledger.headline"]);
        page.Kpis(
        [
            (l["ledger.kpi_issued"], $"{Labels.Tonnes(m.Issued)} {t}", l.IsZh ? $"{m.Supply.Count} 个项目年份" : $"{m.Supply.Count} vintage(s)"),
            (l["ledger.kpi_outstanding"], $"{Labels.Tonnes(m.Outstanding)} {t}", $"{l["ledger.kpi_buffer"]} {Labels.Tonnes(m.Buffer)} {t}"),
            (l["ledger.kpi_retired"], $"{Labels.Tonnes(m.Retired)} {t}", Labels.Percent(LedgerReportModel.Share(m.Retired, m.Issued))),
            (l["ledger.kpi_pledged"], $"{Labels.Tonnes(m.Pledged)} {t}", m.Pricing is null ? $"LTV: {l["ledger.not_priced"]}" : l.Format("ledger.kpi_margin", m.MarginCalls)),
            (l["ledger.kpi_chain"], m.Problems.Count == 0 ? l["ledger.chain_ok"] : l["ledger.chain_bad"], l.IsZh ? $"{m.Journal.Events} 条事件" : $"{m.Journal.Events} events"),
        ]);
        page.Heading(l["ledger.summary"]).Paragraph(m.Summary, "summary");

        page.Heading(l["ledger.projects"]);
        page.Table([new(l["ledger.project"]), new(l["ledger.owner"]), new(l["ledger.region"]), new(l["ledger.methodology"]), new(l["ledger.buffer_share"], true),
            new(l["ledger.period"]), new(l["ledger.state"]), new(l["ledger.units"], true)],
            m.Projects.Select(p => (IReadOnlyList<string>)[Cell($"<code>{Esc(p.Id)}</code>"), $"{m.NameOf(p.Owner)} ({p.Owner})", p.Region, p.Methodology,
                Labels.Percent(p.BufferBasisPoints / 10_000m), LedgerReportModel.Vintage(p.PeriodStart, p.PeriodEnd), l.State(p.State), Labels.Count(p.Units)]), id: "table-projects");

        // 2. Supply.
        page.Section("supply", l["ledger.supply"]);
        var statuses = new (string Key, string Colour, Func<EcoLedger.Ledger.SupplyRow, long> Value)[]
        {
            ("ledger.buffer", StatusColours.Buffer, s => s.Buffer),
            ("ledger.active", StatusColours.Active, s => s.Active),
            ("ledger.pledged", StatusColours.Pledged, s => s.Pledged),
            ("ledger.frozen", StatusColours.Frozen, s => s.Frozen),
            ("ledger.retired", StatusColours.Retired, s => s.Retired),
            ("ledger.cancelled", StatusColours.Cancelled, s => s.Cancelled),
        };
        if (m.Supply.Count > 0)
        {
            var categories = m.Supply.Select(s => $"{s.Project} {LedgerReportModel.VintageShort(s.VintageStart, s.VintageEnd)}").ToList();
            var series = statuses.Select(st => new StackSeries(l[st.Key], st.Colour, m.Supply.Select(s => (double)st.Value(s)).ToList())).ToList();
            page.PngFigure("chart-supply", ChartFactory.StackedBars(l["ledger.chart_supply"], Axis(l), categories, series, width: 760, height: 340),
                l["ledger.chart_supply"], cssWidth: 760, legendHtml: LegendHtml(series.Select(s => (s.Colour, s.Name))));
        }
        var supplyRows = m.Supply.Select(s => (IReadOnlyList<string>)[Cell($"<code>{Esc(s.Project)}</code>"), LedgerReportModel.Vintage(s.VintageStart, s.VintageEnd),
            Labels.Tonnes(s.Issued), Labels.Tonnes(s.Buffer), Labels.Tonnes(s.Active), Labels.Tonnes(s.Pledged), Labels.Tonnes(s.Frozen), Labels.Tonnes(s.Retired),
            Labels.Tonnes(s.Cancelled), s.AddsUp ? l["ledger.check_ok"] : Cell($"<!--warn-->{Esc(l["ledger.check_bad"])}")]).ToList();
        supplyRows.Add([l["total"], "", Labels.Tonnes(m.Issued), Labels.Tonnes(m.Buffer), Labels.Tonnes(m.Supply.Sum(s => s.Active)), Labels.Tonnes(m.Pledged),
            Labels.Tonnes(m.Supply.Sum(s => s.Frozen)), Labels.Tonnes(m.Retired), Labels.Tonnes(m.Cancelled), m.SupplyAddsUp ? l["ledger.check_ok"] : l["ledger.check_bad"]]);
        page.Table([new(l["ledger.project"]), new(l["ledger.vintage"]), new(l["ledger.issued"], true), new(l["ledger.buffer"], true), new(l["ledger.active"], true),
            new(l["ledger.pledged"], true), new(l["ledger.frozen"], true), new(l["ledger.retired"], true), new(l["ledger.cancelled"], true), new(l["ledger.check"])],
            supplyRows, totalRow: true, id: "table-supply");
        page.Paragraph(l["ledger.supply_rule"], "note");

        // 3. Holdings.
        page.Section("holdings", l["ledger.holdings"]);
        var holders = m.Balances.Where(b => b.Active + b.Pledged + b.Frozen > 0).ToList();
        if (holders.Count > 0)
        {
            var series = new[] { ("ledger.active", StatusColours.Active), ("ledger.pledged", StatusColours.Pledged), ("ledger.frozen", StatusColours.Frozen) }
                .Select(x => new StackSeries(l[x.Item1], x.Item2, holders.Select(b => (double)(x.Item1 switch
                {
                    "ledger.active" => b.Active,
                    "ledger.pledged" => b.Pledged,
                    _ => b.Frozen,
                })).ToList())).ToList();
            page.PngFigure("chart-holdings", ChartFactory.StackedBars(l["ledger.chart_holdings"], Axis(l), holders.Select(b => m.NameOf(b.Holder)).ToList(), series, width: 760, height: 320),
                l["ledger.chart_holdings"], cssWidth: 760, legendHtml: LegendHtml(series.Select(s => (s.Colour, s.Name))));
        }
        page.Table([new(l["ledger.holder"]), new(l["ledger.name"]), new(l["ledger.role"]), new(l["ledger.active"], true), new(l["ledger.pledged"], true),
            new(l["ledger.frozen"], true), new(l["ledger.retired"], true), new(l["ledger.cancelled"], true), new(l["ledger.held"], true), new(l["ledger.posted"], true)],
            m.Balances.Select(b => (IReadOnlyList<string>)[Cell($"<code>{Esc(b.Holder)}</code>"), m.NameOf(b.Holder), l.Role(m.RoleOf(b.Holder)), Labels.Tonnes(b.Active),
                Labels.Tonnes(b.Pledged), Labels.Tonnes(b.Frozen), Labels.Tonnes(b.Retired), Labels.Tonnes(b.Cancelled), Labels.Tonnes(b.Total), Labels.Tonnes(b.Posted)]),
            id: "table-holdings");
        page.Paragraph(l["ledger.holdings_note"], "note");

        // 4. Retirements.
        page.Section("retirements", l["ledger.retirements"]);
        if (m.Retirements.Count == 0)
        {
            page.Paragraph(l["ledger.retirements_none"]);
        }
        else
        {
            var rows = m.Retirements.Select(r => (IReadOnlyList<string>)[$"#{r.Seq}", LedgerReportModel.Time(r.Time), $"{m.NameOf(r.Holder)} ({r.Holder})", r.Beneficiary, r.Purpose,
                Labels.Tonnes(r.Quantity), Serials(r.Serials)]).ToList();
            rows.Add([l["total"], "", "", "", "", Labels.Tonnes(m.Retirements.Sum(r => r.Quantity)), ""]);
            page.Table([new(l["ledger.event"]), new(l["ledger.time"]), new(l["ledger.retired_by"]), new(l["ledger.beneficiary"]), new(l["ledger.purpose"]),
                new(l["ledger.quantity"], true), new(l["ledger.serials"])], rows, totalRow: true, id: "table-retirements");
        }

        // 5. Pledges.
        page.Section("pledges", l["ledger.pledges"]);
        if (m.Pledges.Count == 0)
        {
            page.Paragraph(l["ledger.pledges_none"]);
        }
        else
        {
            string notPriced = Cell($"<!--warn-->{Esc(l["ledger.not_priced"])}");
            var rows = m.Pledges.Select(p => (IReadOnlyList<string>)[$"{m.NameOf(p.Holder)} ({p.Holder})", p.Pledgee is { } b ? $"{m.NameOf(b)} ({b})" : "—",
                Cell($"<code>{Esc(p.Project)}</code>"), LedgerReportModel.VintageShort(p.VintageStart, p.VintageEnd), Labels.Tonnes(p.Quantity), Serials([p.Serial]),
                Cell($"<code>{Esc(m.PledgeIdOf(p))}</code>"), m.ValueOf(p) is { } v ? Ltv(l, v) : notPriced]).ToList();
            rows.Add([l["total"], "", "", "", Labels.Tonnes(m.Pledges.Sum(p => p.Quantity)), "", "", ""]);
            page.Table([new(l["ledger.holder"]), new(l["ledger.bank"]), new(l["ledger.project"]), new(l["ledger.vintage"]), new(l["ledger.quantity"], true),
                new(l["ledger.serials"]), new(l["ledger.pledge"]), new(l["ledger.ltv"])], rows, totalRow: true, id: "table-pledges");
            if (m.Pricing is { } pricing)
            {
                page.Heading(l["ledger.pledge_values"]);
                var values = pricing.Values.Select(v => (IReadOnlyList<string>)[Cell($"<code>{Esc(v.Exposure.PledgeId)}</code>"), $"{m.NameOf(v.Exposure.Borrower)} ({v.Exposure.Borrower})",
                    $"{m.NameOf(v.Exposure.Bank)} ({v.Exposure.Bank})", v.Exposure.Subject, Labels.Fen(v.Exposure.MarketValue.Amount), Labels.Percent(v.Exposure.Haircut),
                    Labels.Fen(v.Collateral.Amount), v.Exposure.Loan is { } loan ? Labels.Fen(loan.Amount) : "—", Ltv(l, v),
                    v.MarginCall ? Cell($"<!--warn-->{Esc(l["ledger.margin_yes"])}") : "—"]).ToList();
                values.Add([l["total"], "", "", "", Labels.Fen(pricing.Values.Sum(v => v.Exposure.MarketValue.Amount)), "", Labels.Fen(pricing.Values.Sum(v => v.Collateral.Amount)),
                    Labels.Fen(pricing.Values.Sum(v => v.Exposure.Loan?.Amount ?? 0m)), "", l.Format("ledger.kpi_margin", m.MarginCalls)]);
                page.Table([new(l["ledger.pledge"]), new(l["ledger.holder"]), new(l["ledger.bank"]), new(l["ledger.subject"]), new(l["ledger.market_value"], true),
                    new(l["ledger.haircut"], true), new(l["ledger.collateral"], true), new(l["ledger.loan"], true), new(l["ledger.ltv"], true), new(l["ledger.margin"])],
                    values, totalRow: true, id: "table-pledge-values");
            }
        }
        if (m.Pricing is { } priced)
        {
            var req = priced.Request;
            page.Paragraph(l.Format("ledger.ltv_priced_note", req.Market, priced.Price.Quote.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                Labels.Fen(priced.Price.Quote.Price.Amount), req.AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                req.DiscountsFile is { } f ? l.Format("ledger.discounts", Path.GetFileName(f)) : "", Labels.Ltv(req.Threshold, false)!), "note");
        }
        else
        {
            if (m.PricingProblem is { } problem)
            {
                page.Paragraph(l.Format("ledger.price_problem", problem), "warn");
            }
            page.Paragraph(l["ledger.ltv_note"], "note");
        }

        // 6. Compensation.
        page.Section("compensation", l["ledger.compensation"]);
        if (m.Compensation.Count == 0)
        {
            page.Paragraph(l["ledger.compensation_none"]);
        }
        foreach (var d in m.Compensation)
        {
            var a = d.Agreement;
            page.Heading($"{a.Name} ({a.Id})");
            page.Paragraph(l.Format("ledger.agreement_head", $"{m.NameOf(a.AdministratorId)} ({a.AdministratorId})", LedgerReportModel.Vintage(a.PeriodStart, a.PeriodEnd),
                a.RoundMonths, l.State(a.State.Name()), a.Rule.Version));
            page.Table([new(l["ledger.source"]), new(l["ledger.fund_kind"]), new(l["ledger.share"], true), new(l["ledger.funder"])],
                a.FundingSources.OrderBy(f => f.SourceId, StringComparer.Ordinal).Select(f => (IReadOnlyList<string>)[Cell($"<code>{Esc(f.SourceId)}</code>"), l.State(f.Kind.Name()),
                    f.Share.ToString(System.Globalization.CultureInfo.InvariantCulture), f.Funder ?? ""]), id: $"table-funding-{a.Id}");
            page.Table([new(l["ledger.round"]), new(l["ledger.round_period"]), new(l["ledger.state"]), new(l["ledger.p_index"], true), new(l["ledger.decision"]), new(l["ledger.amount"], true)],
                d.Rounds.Select(r => (IReadOnlyList<string>)[Cell($"<code>{Esc(r.Id)}</code>"), LedgerReportModel.Vintage(r.PeriodStart, r.PeriodEnd), l.State(r.State.Name()),
                    LedgerReportModel.IndexText(r) ?? "—", r.Assessment is { } x ? l.Decision(x.Decision) : l["ledger.not_assessed"], r.AmountFen is long fen ? Labels.Fen(fen / 100m) : "—"]),
                id: $"table-rounds-{a.Id}");
            var split = d.Rounds.Where(r => r.Assessment is not null).SelectMany(r => r.Funding(a).Select(f => (IReadOnlyList<string>)[Cell($"<code>{Esc(r.Id)}</code>"),
                Cell($"<code>{Esc(f.Source)}</code>"), l.State(f.Kind), f.Share.ToString(System.Globalization.CultureInfo.InvariantCulture), Labels.Fen(f.AmountFen / 100m)])).ToList();
            if (split.Count > 0)
            {
                page.Heading(l["ledger.funding_split"]);
                page.Table([new(l["ledger.round"]), new(l["ledger.source"]), new(l["ledger.fund_kind"]), new(l["ledger.share"], true), new(l["ledger.amount"], true)],
                    split, id: $"table-split-{a.Id}");
            }
            page.Heading(l["ledger.payments"]);
            if (d.Payments.Count == 0)
            {
                page.Paragraph(l["ledger.payments_none"]);
            }
            else
            {
                var payments = d.Payments.Select(x => (IReadOnlyList<string>)[Cell($"<code>{Esc(x.Id)}</code>"), Cell($"<code>{Esc(x.RoundId)}</code>"), x.SourceId,
                    $"{m.NameOf(x.FromParty)} ({x.FromParty})", $"{m.NameOf(x.ToParty)} ({x.ToParty})", Labels.Fen(x.AmountFen / 100m), l.State(x.State.Name())]).ToList();
                payments.Add([l["total"], "", "", "", "", Labels.Fen(d.Payments.Sum(x => x.AmountFen) / 100m), ""]);
                page.Table([new(l["ledger.payment"]), new(l["ledger.round"]), new(l["ledger.source"]), new(l["ledger.from"]), new(l["ledger.to"]), new(l["ledger.amount"], true),
                    new(l["ledger.state"])], payments, totalRow: true, id: $"table-payments-{a.Id}");
            }
        }
        if (m.Compensation.Count > 0)
        {
            page.Paragraph(l["ledger.compensation_note"], "note");
        }

        // 7. Journal.
        page.Section("journal", l["ledger.journal"]);
        var j = m.Journal;
        if (j.Events == 0)
        {
            page.Paragraph(l["ledger.journal_empty"]);
        }
        else
        {
            page.Raw($"<p>{Esc(l.Format("ledger.journal_head", j.Events, LedgerReportModel.Time(j.FirstTime!), LedgerReportModel.Time(j.LastTime!), j.LastSeq))} <code class=\"hash\">{Esc(j.LastHash)}</code></p>");
            var kinds = j.ByKind.Select(k => (IReadOnlyList<string>)[Cell($"<code>{Esc(k.Kind)}</code>"), k.Events.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture),
                LedgerReportModel.Time(k.FirstTime), LedgerReportModel.Time(k.LastTime)]).ToList();
            kinds.Add([l["total"], j.Events.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture), LedgerReportModel.Time(j.FirstTime!), LedgerReportModel.Time(j.LastTime!)]);
            page.Table([new(l["ledger.kind"]), new(l["ledger.events"], true), new(l["ledger.first"]), new(l["ledger.last"])], kinds, totalRow: true, id: "table-journal");
        }
        if (m.Problems.Count == 0)
        {
            page.Paragraph(l["ledger.verified"]);
        }
        else
        {
            page.Paragraph(l["ledger.verify_failed"], "warn");
            foreach (string p in m.Problems)
            {
                page.Paragraph(p, "warn");
            }
        }

        // Appendix.
        page.Section("source", l["ledger.appendix_source"], appendix: true);
        page.Table([new(l["role"]), new(l["file"]), new(l["ledger.journal"])],
            [[l["ledger.database"], m.DatabasePath, Cell($"{Esc(l.IsZh ? $"{j.Events} 条事件，末条哈希" : $"{j.Events} events, last hash")} <code class=\"hash\">{Esc(j.LastHash)}</code>")]], id: "table-source");
        page.Paragraph(l["ledger.reproduce"], "note");

        return page.Render(m.Generated, footerKey: "ledger.footer");
    }

    /// <summary>A pledge's LTV cell: the ratio (warned when called), or "no loan".</summary>
    private static string Ltv(Labels l, EcoLedger.Pricing.PledgeValue v) => LedgerReportModel.LtvText(v) is not { } text ? l["ledger.no_loan"]
        : v.MarginCall ? Cell($"<!--warn-->{Esc(text)}") : text;

    /// <summary>The chart axis unit, in plain digits: the chart font has no subscript two.</summary>
    private static string Axis(Labels l) => l.IsZh ? "吨 CO2e" : "t CO2e";

    private static string Serials(IEnumerable<string> serials) =>
        Cell("<!--serials-->" + string.Join("<br>", serials.Select(s => $"<code>{Esc(s)}</code>")));
}
