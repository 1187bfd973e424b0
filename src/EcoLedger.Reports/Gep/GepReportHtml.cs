using EcoLedger.Reports.Charts;
using EcoLedger.Reports.Html;
using static EcoLedger.Reports.Html.ReportPage;

namespace EcoLedger.Reports.Gep;

/// <summary>Lays the GEP report out on the shared page.</summary>
public static class GepReportHtml
{
    /// <summary>The complete HTML document.</summary>
    public static string Render(GepReportModel m)
    {
        var l = m.Labels;
        var g = m.Gep;
        string subtitle = $"{l["gep.kpi_area"]} {Labels.Km2(g.AreaKm2)} · {Labels.Count(g.Units)} {(l.IsZh ? "个核算单元" : "units")} · {(l.IsZh ? "参数表" : "parameters")} {g.ParametersVersion}";
        var page = new ReportPage(l, m.Title, subtitle);

        // 1. Headline figures and summary.
        page.Section("headline", l["gep.headline"]);
        var cards = new List<(string, string, string?)>
        {
            (l["gep.kpi_total"], l.Money(g.TotalCny), Labels.Fen(g.TotalCny) + (l.IsZh ? " 元" : " yuan")),
            (l["gep.kpi_density"], l.Density(g.DensityCnyPerKm2), Labels.Km2(g.AreaKm2)),
        };
        if (m.PerCapitaCny is { } pc)
        {
            cards.Add((l["gep.kpi_per_capita"], l.PerCapita(pc), $"{(l.IsZh ? "人口" : "population")} {m.Population:#,0}"));
        }
        cards.Add((l["gep.kpi_regulating"], Labels.Percent(m.RegulatingShare), l.Money(g.ByCategory.GetValueOrDefault("regulating"))));
        if (g.GepInterval is { } gi)
        {
            // methodology/uncertainty.md: P5–P95 of the Monte Carlo draws over the published price choices.
            cards.Add((l.IsZh ? "GEP 90% 区间" : "GEP 90% interval", $"{l.Money(gi.P5)} – {l.Money(gi.P95)}",
                l.IsZh ? $"P5–P95，{gi.Draws:#,0} 次抽样（种子 {gi.Seed}），中位数 {l.Money(gi.P50)}" : $"P5–P95 of {gi.Draws:#,0} draws (seed {gi.Seed}), median {l.Money(gi.P50)}"));
        }
        page.Kpis(cards);
        if (g.PriceBasisIn(l) is { } basis)
        {
            page.Paragraph(l.IsZh ? $"价格基础：{basis}；各参数价格已按价格指数换算到同一价格年份，见 methodology/price-conversion.md。" : $"Prices: {basis} (every price moved to one price level by the price index; methodology/price-conversion.md).");
        }
        page.Heading(l["gep.summary"]).Paragraph(m.Summary, "summary");
        if (g.Method is { } method)
        {
            page.Paragraph(l.Format("gep.method_profile", method.Title, method.Version, method.Code));
        }
        if (g.PriceYears.Count > 0)
        {
            string years = string.Join(l.IsZh ? "、" : ", ", g.PriceYears.Keys.Order(StringComparer.Ordinal)
                .Select(y => l.Format("gep.price_year_item", y, g.PriceYears[y].Count)));
            page.Paragraph(l.Format(g.MixedPriceYears ? "gep.price_years_mixed" : "gep.price_years", years), g.MixedPriceYears ? "warn" : null);
        }

        // 2. Charts.
        page.Section("composition", l["gep.charts"]);
        var categoryItems = g.ByCategory.Select(kv => new BarItem(l.Category(kv.Key), l.ValueAxis(kv.Value), ChartFactory.Palette.Category(kv.Key),
            $"{l.ValueAxis(kv.Value):0.00} ({Labels.Percent(GepReportModel.Share(kv.Value, g.TotalCny))})")).ToList();
        var ecoNames = g.Ecosystems.Select(e => l.Ecosystem(e.Code)).ToList();
        var series = new[] { "provisioning", "regulating", "cultural" }.Select(c => new StackSeries(l.Category(c), ChartFactory.Palette.Category(c),
            g.Ecosystems.Select(e => l.ValueAxis(e.ByCategory.GetValueOrDefault(c))).ToList())).ToList();
        page.BeginGrid()
            .PngFigure("chart-category", ChartFactory.VerticalBars(l["gep.chart_category"], l["axis.value_yi"], categoryItems), l["gep.chart_category"], cssWidth: 460)
            .PngFigure("chart-ecosystem", ChartFactory.StackedBars(l["gep.chart_ecosystem"], l["axis.value_yi"], ecoNames, series), l["gep.chart_ecosystem"], cssWidth: 460,
                legendHtml: LegendHtml(series.Select(s => (s.Colour, s.Name))))
            .EndGrid();
        var indicatorItems = m.Indicators.Where(i => i.ValueCny > 0).OrderByDescending(i => i.ValueCny)
            .Select(i => new BarItem(i.Name, l.ValueAxis(i.ValueCny), ChartFactory.Palette.Category(i.Category), $"{l.ValueAxis(i.ValueCny):0.00} ({Labels.Percent(i.Share)})")
            {
                Interval = g.IndicatorIntervals.TryGetValue(i.Code, out var iv) ? (l.ValueAxis(iv.P5), l.ValueAxis(iv.P95)) : null,
            }).ToList();
        string whiskers = g.GepInterval is { } draws
            ? (l.IsZh ? $"须线为 P5–P95（{draws.Draws:#,0} 次蒙特卡洛抽样，分布见 methodology/uncertainty.md）。" : $" Whiskers: P5–P95 of {draws.Draws:#,0} Monte Carlo draws (distributions in methodology/uncertainty.md).")
            : "";
        page.PngFigure("chart-indicator", ChartFactory.HorizontalBars(l["gep.chart_indicator"], l["axis.value_yi"], indicatorItems), l["gep.chart_indicator"],
            (l.IsZh ? "颜色表示服务类别；未核算或为零的指标不画出。" : "Colour shows the service category; indicators not computed or zero are left out.") + whiskers, 760);
        if (m.Zones is not null)
        {
            string threshold = l.Density(m.PriorityThreshold);
            page.PngFigure("chart-density", ChartFactory.Histogram(l["gep.chart_density"], l["axis.density"], l["axis.unit_count"],
                m.UnitDensities.Select(d => l.DensityAxis(d)).ToList(), l.DensityAxis(m.PriorityThreshold), l.Format("gep.chart_density_line", threshold)),
                l["gep.chart_density"], l.IsZh ? $"深色柱为达到重点保护阈值（{threshold}）的单元。" : $"Dark bars: units at or above the priority threshold ({threshold}).", 760);
        }
        else
        {
            page.Paragraph(l["gep.chart_density_missing"], "note");
        }

        // 3. Change between years.
        if (m.Changes is { } changes && m.Previous is { } prev)
        {
            string prevName = prev.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? l["gep.previous"];
            page.Section("change", l["gep.change"]);
            var steps = new List<WaterfallStep> { new(prevName, l.ValueAxis(prev.TotalCny), true) };
            steps.AddRange(changes.Where(c => c.Difference != 0).OrderByDescending(c => Math.Abs(c.Difference)).Select(c => new WaterfallStep(l.Indicator(c.Code), l.ValueAxis(c.Difference), false)));
            steps.Add(new WaterfallStep(g.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? l["gep.current"], l.ValueAxis(g.TotalCny), true));
            page.PngFigure("chart-change", ChartFactory.Waterfall(l.Format("gep.chart_change", prevName), l["axis.change_yi"], steps, v => v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)),
                l.Format("gep.chart_change", prevName), cssWidth: 760);
            string notComputed = l["gep.not_computed_short"];
            var rows = changes.Select(c => (IReadOnlyList<string>)[l.Indicator(c.Code),
                c.PreviousComputed ? Labels.Fen(c.Previous) : notComputed, c.CurrentComputed ? Labels.Fen(c.Current) : notComputed,
                c.Comparable ? Labels.Fen(c.Difference) : notComputed,
                !c.Comparable ? notComputed : c.Previous == 0 ? "—" : Labels.SignedPercent(GepReportModel.Share(c.Difference, c.Previous))]).ToList();
            rows.Add([l["total"], Labels.Fen(prev.TotalCny), Labels.Fen(g.TotalCny), Labels.Fen(g.TotalCny - prev.TotalCny), Labels.SignedPercent(GepReportModel.Share(g.TotalCny - prev.TotalCny, prev.TotalCny))]);
            page.Table([new(l["gep.indicator"]), new($"{l["gep.previous"]} {prevName} ({Yuan(l)})", true), new($"{l["gep.current"]} ({Yuan(l)})", true), new($"{l["gep.difference"]} ({Yuan(l)})", true), new("%", true)], rows, totalRow: true, id: "table-change");
        }

        // 3b. Change account of gep compare: quantity and price effects (methodology/change-accounts.md).
        if (m.ChangeAccount is { } ca)
        {
            GepChangeAccountHtml.Write(page, ca, l);
        }

        // 4. Map and zones.
        page.Section("map", l["gep.map"]);
        bool draped = m.Zones is { } zd && m.MapRaster is { } lr && lr.FullPath is not null && ZoneMap.CanDrape(zd);
        if (m.Zones is { } z)
        {
            var baseLayer = draped ? (m.MapRaster!.FullPath!, m.MapRaster.Band, m.MapRaster.Field, m.MapRaster.ClassName, m.MapRaster.ClassColour)
                : ((string, int, string, Func<long, string?>?, Func<long, EcoLedger.Rasters.RgbColour?>?)?)null;
            string caption = l.Format(draped ? "gep.map_caption_raster" : "gep.map_caption", ZoneMap.ProjectionText(z, l));
            if (draped)
            {
                var r = m.MapRaster!;
                caption += " " + l.Format("gep.raster_base_caption", r.Field, r.Raster.Path, r.Band.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    string.IsNullOrEmpty(r.Raster.Crs) ? "" : (l.IsZh ? "，" : ", ") + r.Raster.Crs, r.Image.Step.ToString(System.Globalization.CultureInfo.InvariantCulture), r.Raster.Sha256[..Math.Min(12, r.Raster.Sha256.Length)], LegendNote(r, l));
            }
            page.SvgFigure("zone-map", ZoneMap.Render(z, l, baseLayer), caption);
            page.Table([new(l["gep.zone"]), new(l["gep.tier"]), new(l["units"], true), new($"{l["area"]} (km²)", true), new($"{l["value"]} ({Yuan(l)})", true), new(l["density"], true)],
                z.Zones.OrderByDescending(x => x.ValueCny).Select(x => (IReadOnlyList<string>)[x.ZoneId, l.Tier(x.Tier), Labels.Count(x.UnitCount), x.AreaKm2.ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture), Labels.Fen(x.ValueCny), l.Density(x.DensityCnyPerKm2)]), id: "table-zones");
        }
        else if (m.MapRaster is null)
        {
            page.Paragraph(l["gep.map_missing"], "note");
        }
        if (m.MapRaster is { } layer && !draped)
        {
            var img = layer.Image;
            string what = l.Format("gep.raster_preview_caption", layer.Field, layer.Raster.Path, layer.Band.ToString(System.Globalization.CultureInfo.InvariantCulture),
                string.IsNullOrEmpty(layer.Raster.Crs) ? "" : (l.IsZh ? "，" : ", ") + layer.Raster.Crs, img.Step.ToString(System.Globalization.CultureInfo.InvariantCulture), layer.Raster.Sha256[..Math.Min(12, layer.Raster.Sha256.Length)], LegendNote(layer, l));
            page.PngFigure("raster-preview", img.Png, l.Format("gep.raster_preview_alt", layer.Field), what, cssWidth: Math.Min(img.Width, 640),
                legendHtml: ReportPage.LegendHtml(img.Legend) + "<br>");
        }

        // 5. Indicator table.
        page.Section("indicators", l["gep.indicators"]);
        var indicatorRows = m.Indicators.Select(i => (IReadOnlyList<string>)[
            Cell($"{Esc(l.IndicatorBoth(i.Code))}<br><code>{Esc(i.Code)}</code>"),
            l.Category(i.Category),
            i.Quantity is { } q ? $"{Labels.Quantity(q)} {l.Unit(i.QuantityUnit)}" : "—",
            Labels.Fen(i.ValueCny),
            Labels.Percent(i.Share),
            Labels.Count(i.Units),
            Cell($"<!--method-->{Esc(i.Method)}<code>{Esc(i.Formula)}</code>"),
            Cell("<!--params-->" + string.Join("<br>", i.Parameters.Select(p => $"<code>{Esc(p.Key)}</code> = {Esc(p.Value is { } v ? Labels.Number(v) : "—")} {Esc(l.Unit(p.Unit))} <span title=\"{Esc(p.Source)}\">[{Esc(ShortSource(p.Source))}]</span>"))),
        ]).ToList();
        indicatorRows.Add([l["total"], "", "", Labels.Fen(g.TotalCny), Labels.Percent(g.TotalCny == 0 ? 0 : 1), "", "", ""]);
        page.Table([new(l["gep.indicator"]), new(l["gep.category"]), new(l["gep.quantity"], true), new($"{l["value"]} ({Yuan(l)})", true), new(l["share"], true), new(l["gep.computed_units"], true), new(l["gep.method"]), new(l["gep.parameters"], CssClass: "params")],
            indicatorRows, totalRow: true, id: "table-indicators");
        page.Paragraph(l["gep.rounding"], "note");
        page.Paragraph(l.Format("gep.parameters_in_appendix", l.Format("gep.appendix_parameters", m.Parameters.Version)), "note print-only");

        page.Heading(l["gep.ecosystems"]);
        var ecoRows = g.Ecosystems.Select(e => (IReadOnlyList<string>)[l.Ecosystem(e.Code), Labels.Count(e.Units), e.AreaKm2.ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture),
            Labels.Fen(e.ByCategory.GetValueOrDefault("provisioning")), Labels.Fen(e.ByCategory.GetValueOrDefault("regulating")), Labels.Fen(e.ByCategory.GetValueOrDefault("cultural")),
            Labels.Fen(e.ValueCny), l.Density(e.DensityCnyPerKm2)]).ToList();
        ecoRows.Add([l["total"], Labels.Count(g.Units), g.AreaKm2.ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture), Labels.Fen(g.ByCategory.GetValueOrDefault("provisioning")),
            Labels.Fen(g.ByCategory.GetValueOrDefault("regulating")), Labels.Fen(g.ByCategory.GetValueOrDefault("cultural")), Labels.Fen(g.TotalCny), l.Density(g.DensityCnyPerKm2)]);
        page.Table([new(l["gep.ecosystem"]), new(l["units"], true), new($"{l["area"]} (km²)", true), new($"{l.Category("provisioning")} ({Yuan(l)})", true), new($"{l.Category("regulating")} ({Yuan(l)})", true),
            new($"{l.Category("cultural")} ({Yuan(l)})", true), new($"GEP ({Yuan(l)})", true), new(l["density"], true)], ecoRows, totalRow: true, id: "table-ecosystems");

        page.Heading(l["gep.not_computed"]);
        if (g.NotComputed.Count == 0)
        {
            page.Paragraph(l["gep.not_computed_none"]);
        }
        else
        {
            // The code is what each line of gep-not-computed.csv carries; the sentence is shown here in full.
            page.Table([new(l["gep.reason_code"]), new(l["gep.indicator"]), new(l["gep.reason"]), new(l["units"], true), new(l["gep.examples"])],
                g.NotComputed.Select(x => (IReadOnlyList<string>)[x.Code ?? "", l.Indicator(x.Indicator), l.Reason(x.Reason), Labels.Count(x.Units), string.Join(", ", x.Examples)]), id: "table-not-computed");
        }
        if (g.Warnings.Count > 0 || g.WarningsByIndicator.Count > 0)
        {
            page.Heading(l["gep.warnings"]);
            foreach (string w in g.Warnings)
            {
                page.Paragraph(l.Warning(w), "warn");
            }
            foreach (var (code, n) in g.WarningsByIndicator)
            {
                page.Paragraph(l.IsZh ? $"{l.Indicator(code)}：{n} 个单元有警告（见 gep-warnings.csv）。" : $"{l.Indicator(code)}: {n} units with warnings (see gep-warnings.csv).", "warn");
            }
        }

        // Appendices.
        page.Section("methodology", l["gep.appendix_methods"], appendix: true);
        if (l.IsZh)
        {
            // The methodology documents are written in English; a Chinese report gives each indicator's method in Chinese,
            // its formula as implemented and its parameters, and says where the full documents are.
            page.Paragraph(l["gep.methods_english_only"], "note");
            page.Raw("<div class=\"methodology methodology-zh\">");
            foreach (var i in m.Indicators)
            {
                string parameters = i.Parameters.Count == 0 ? Esc(l["none"]) + "。"
                    : string.Join("、", i.Parameters.Select(p => $"<code>{Esc(p.Key)}</code>")) + Esc(l.Format("gep.method_parameters_where", l.Format("gep.appendix_parameters", m.Parameters.Version)));
                page.Raw($"<article id=\"method-{Esc(i.Code)}\"><h3>{Esc(l.Indicator(i.Code))}（<code>{Esc(i.Code)}</code>）</h3>" +
                    $"<p>{Esc(l["gep.category"])}：{Esc(l.Category(i.Category))}；{Esc(l["gep.quantity"])}：{Esc(i.QuantityUnit.Length > 0 ? l.Unit(i.QuantityUnit) : "—")}。</p>" +
                    $"<p>{Esc(l["gep.method"])}：{Esc(i.Method)}</p>" +
                    $"<p>{Esc(l["gep.formula"])}：</p><pre><code>{Esc(i.Formula)}</code></pre>" +
                    $"<p>{Esc(l["key"])}：{parameters}</p>" +
                    $"<p class=\"note\">{Esc(l.Format("gep.method_document", $"methodology/indicators/{i.Code}.md"))}</p></article>");
            }
            page.Raw("</div>");
        }
        else
        {
            page.Raw("<div class=\"methodology\">");
            foreach (var i in m.Indicators)
            {
                if (Methodology.IndicatorMarkdown(i.Code) is { } md)
                {
                    page.Raw($"<article id=\"method-{Esc(i.Code)}\">{Methodology.ToHtml(md)}</article>");
                }
            }
            page.Raw("</div>");
        }

        if (g.UncertaintyParameters.Count > 0)
        {
            // methodology/uncertainty.md: what the interval in the headline and the whiskers of the indicator chart were drawn from.
            page.Section("uncertainty", l.IsZh ? "附录：不确定性分析所用的参数分布" : "Appendix: the distributions behind the intervals", appendix: true);
            page.Paragraph(l.IsZh
                ? "区间为蒙特卡洛抽样的 P5–P95；未列出的参数取其取值不变，因此区间反映的是已发表价格选择的离散程度，而非全部误差来源。ρ 为参数与 GEP 的 Spearman 秩相关系数。"
                : "Intervals are P5–P95 of the Monte Carlo draws; parameters not listed are held at their values, so the interval shows the spread over the published price choices, not every source of error. ρ is the Spearman rank correlation of the parameter with GEP.");
            page.Table([new(l["key"]), new(l.IsZh ? "分布" : "distribution"), new("ρ", true), new(l.IsZh ? "依据" : "justification")],
                g.UncertaintyParameters.Select(p => (IReadOnlyList<string>)[Cell($"<code>{Esc(p.Key)}</code>"), p.Distribution,
                    p.Rho.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), p.Justification]), id: "table-uncertainty");
        }
        page.Section("parameters", l.Format("gep.appendix_parameters", m.Parameters.Version), appendix: true);
        if (!m.ParametersResolved)
        {
            page.Paragraph(l.Format("gep.parameters_unresolved", g.ParametersVersion, m.Parameters.Version), "warn");
        }
        page.Table([new(l["key"]), new(l["value"], true), new(l["unit"]), new(l["price_year"]), new(l["source"])],
            m.Parameters.All.Select(p => (IReadOnlyList<string>)[Cell($"<code>{Esc(p.Key)}</code>"), p.Value is { } v ? Labels.Number(v) : "—", l.Unit(p.Unit), m.PriceYearOf(p) ?? "", p.Source]), id: "table-parameters");

        page.Section("inputs", l["gep.appendix_inputs"], appendix: true);
        page.Paragraph(l.Format("gep.reproduce", g.ParametersVersion));
        page.Table([new(l["role"]), new(l["file"]), new(l["sha256"])],
            m.Inputs.Select(i => (IReadOnlyList<string>)[l[$"gep.role.{i.Role}"], i.Path, Cell($"<code class=\"hash\">{Esc(i.Sha256)}</code>")]), id: "table-inputs");
        if (g.Rasters.Count > 0)
        {
            // Each monitoring raster with what the run took from it: the provenance of every raster-derived unit field.
            page.Paragraph(l.Format("gep.rasters_intro", g.RasterConfigPath ?? "rasters.json") +
                (g.RasterCoverage is "exact" or "centre" ? " " + l[$"gep.raster_coverage_{g.RasterCoverage}"] : ""));
            page.Table([new(l["file"]), new("CRS"), new(l["gep.raster_size"]), new(l["gep.raster_fields"]), new(l["sha256"])],
                g.Rasters.Select(r => (IReadOnlyList<string>)[r.Path, r.Crs, r.Size,
                    string.Join("; ", r.Sources.Select(s => string.Join(" ", new[] { s.Field, "←", $"band {s.Band}", s.Statistic, s.Conversion }.Where(x => x.Length > 0)))),
                    Cell($"<code class=\"hash\">{Esc(r.Sha256)}</code>")]), id: "table-rasters");
        }

        return page.Render(m.Generated, $"{(l.IsZh ? "参数表版本" : "Parameter table version")} {g.ParametersVersion}.");
    }

    private static string Yuan(Labels l) => l.IsZh ? "元" : "yuan";

    /// <summary>What the raster legend shows: class names (with the class table the run used) and where the class colours come
    /// from when the layer names its classes, else stored values.</summary>
    private static string LegendNote(MapRasterLayer layer, Labels l)
    {
        if (layer.ClassName is null || !layer.Image.Categorical)
        {
            return l["gep.raster_legend_values"];
        }
        var source = layer.Raster.Sources.First(s => s.Field == layer.Field);
        string note = l.Format("gep.raster_legend_classes", source.Conversion);
        if (layer.ClassColour is null)
        {
            return note;
        }
        // Of the classes the preview shows: all in the table's colours, all in their ecosystem's, or some of each.
        var from = layer.Image.Classes.Select(code => source.ClassNames.TryGetValue(code, out var n) ? n.ColourSource : "").Where(x => x.Length > 0).Distinct().ToList();
        string key = from switch
        {
            ["table"] => "gep.raster_colours_table",
            ["ecosystem"] => "gep.raster_colours_ecosystem",
            _ => "gep.raster_colours_mixed",
        };
        return note + (l.IsZh ? "；" : "; ") + l[key];
    }

    /// <summary>The short name of a source: the part before the first colon when short (G17), else the first 40 characters.</summary>
    internal static string ShortSource(string source)
    {
        int colon = source.IndexOf(':', StringComparison.Ordinal);
        if (colon is > 0 and <= 24)
        {
            return source[..colon];
        }
        return source.Length <= 40 ? source : source[..40] + "…";
    }
}
