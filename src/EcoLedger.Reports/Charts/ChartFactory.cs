using ScottPlot;

namespace EcoLedger.Reports.Charts;

/// <summary>One bar of a chart: a label, a value and an optional colour and text drawn beside the bar.</summary>
/// <param name="Label">Category label on the axis.</param>
/// <param name="Value">Bar length.</param>
/// <param name="Colour">Fill colour (hex), or null for the palette's first colour.</param>
/// <param name="Text">Value label drawn at the end of the bar.</param>
public sealed record BarItem(string Label, double Value, string? Colour = null, string? Text = null)
{
    /// <summary>An interval drawn as a whisker over the bar (e.g. P5–P95 of Monte Carlo draws), in the bar's value units.</summary>
    public (double Low, double High)? Interval { get; init; }
}

/// <summary>One series of a stacked bar chart.</summary>
/// <param name="Name">Legend label.</param>
/// <param name="Colour">Fill colour (hex).</param>
/// <param name="Values">One value per category, in category order.</param>
public sealed record StackSeries(string Name, string Colour, IReadOnlyList<double> Values);

/// <summary>One step of a waterfall: a total (drawn from zero) or a change (drawn from the running total).</summary>
/// <param name="Label">Axis label.</param>
/// <param name="Value">The total, or the change.</param>
/// <param name="IsTotal">True for the first and last bars.</param>
public sealed record WaterfallStep(string Label, double Value, bool IsTotal);

/// <summary>
/// The report charts, drawn with ScottPlot into PNG bytes at twice the CSS size (sharp on high-density screens and
/// in print). Every report uses these helpers, so the charts share one palette, one font and one size.
/// </summary>
public static class ChartFactory
{
    /// <summary>The palette: service categories, then tiers and changes.</summary>
    public static class Palette
    {
        /// <summary>Provisioning.</summary>
        public const string Provisioning = "#d9a441";

        /// <summary>Regulating.</summary>
        public const string Regulating = "#2e7d5b";

        /// <summary>Cultural.</summary>
        public const string Cultural = "#4a7fb5";

        /// <summary>An increase.</summary>
        public const string Up = "#2e7d5b";

        /// <summary>A decrease.</summary>
        public const string Down = "#c0392b";

        /// <summary>A total.</summary>
        public const string Total = "#5b6770";

        /// <summary>A threshold line.</summary>
        public const string Threshold = "#c0392b";

        /// <summary>The colour of a service category code.</summary>
        public static string Category(string code) => code switch
        {
            "provisioning" => Provisioning,
            "cultural" => Cultural,
            _ => Regulating,
        };
    }

    /// <summary>Pixels per CSS pixel.</summary>
    public const double Scale = 2;

    /// <summary>
    /// The font family the charts use: the Noto Sans SC subset embedded in this assembly (<see cref="ReportFont"/>),
    /// never a system font, so Chinese labels draw the same on every machine.
    /// </summary>
    public static string ChineseFontFamily => ReportFont.EnsureRegistered();

    private static Plot NewPlot()
    {
        var plot = new Plot();
        plot.ScaleFactor = (float)Scale;
        plot.Font.Set(ChineseFontFamily);
        plot.Axes.Title.Label.FontSize = 15;
        plot.Axes.Title.Label.Bold = true;
        plot.Grid.MajorLineColor = Color.FromHex("#e3e6e8");
        plot.Axes.Left.FrameLineStyle.Color = Color.FromHex("#9aa3a9");
        plot.Axes.Bottom.FrameLineStyle.Color = Color.FromHex("#9aa3a9");
        plot.Axes.Right.FrameLineStyle.IsVisible = false;
        plot.Axes.Top.FrameLineStyle.IsVisible = false;
        return plot;
    }

    /// <summary>Renders at <see cref="Scale"/> times the CSS size: the page shows the image at <paramref name="width"/> CSS pixels.</summary>
    private static byte[] Png(Plot plot, int width, int height) => plot.GetImageBytes((int)(width * Scale), (int)(height * Scale), ImageFormat.Png);

    /// <summary>A horizontal bar chart, first item at the top.</summary>
    public static byte[] HorizontalBars(string title, string valueAxis, IReadOnlyList<BarItem> items, int width = 760)
    {
        var plot = NewPlot();
        int n = items.Count;
        double max = items.Count == 0 ? 1 : Math.Max(items.Max(i => i.Value), 1e-9);
        var bars = new List<Bar>();
        for (int i = 0; i < n; i++)
        {
            var item = items[i];
            bars.Add(new Bar
            {
                Position = n - 1 - i,
                Value = item.Value,
                FillColor = Color.FromHex(item.Colour ?? Palette.Regulating),
                LineWidth = 0,
                Label = item.Text ?? "",
                Orientation = Orientation.Horizontal,
            });
        }
        var bp = plot.Add.Bars(bars);
        bp.ValueLabelStyle.FontSize = 11;
        // Intervals are asymmetric (P5 and P95 around the point value), which ScottPlot's symmetric bar error cannot show: whiskers
        // are drawn as line segments with end caps.
        for (int i = 0; i < n; i++)
        {
            if (items[i].Interval is not (double low, double high))
            {
                continue;
            }
            double y = n - 1 - i;
            foreach (var (x1, y1, x2, y2) in new[] { (low, y, high, y), (low, y - 0.18, low, y + 0.18), (high, y - 0.18, high, y + 0.18) })
            {
                var whisker = plot.Add.Line(x1, y1, x2, y2);
                whisker.Color = Color.FromHex("#1f2937");
                whisker.LineWidth = 1.5f;
            }
            max = Math.Max(max, high);
        }
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, n).Select(i => (double)(n - 1 - i)).ToArray(), items.Select(i => i.Label).ToArray());
        plot.Axes.Left.MajorTickStyle.Color = Colors.Transparent;
        plot.Grid.YAxisStyle.IsVisible = false;
        plot.Axes.SetLimitsX(0, max * 1.22);
        plot.Axes.SetLimitsY(-0.6, n - 0.4);
        plot.Title(title);
        plot.XLabel(valueAxis);
        return Png(plot, width, 60 + 34 * Math.Max(n, 3) + 60);
    }

    /// <summary>A vertical bar chart.</summary>
    public static byte[] VerticalBars(string title, string valueAxis, IReadOnlyList<BarItem> items, int width = 460, int height = 340)
    {
        var plot = NewPlot();
        var bars = items.Select((item, i) => new Bar
        {
            Position = i,
            Value = item.Value,
            FillColor = Color.FromHex(item.Colour ?? Palette.Regulating),
            LineWidth = 0,
            Label = item.Text ?? "",
        }).ToList();
        var bp = plot.Add.Bars(bars);
        bp.ValueLabelStyle.FontSize = 11;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, items.Count).Select(i => (double)i).ToArray(), items.Select(i => i.Label).ToArray());
        plot.Axes.Bottom.MajorTickStyle.Color = Colors.Transparent;
        plot.Grid.XAxisStyle.IsVisible = false;
        double max = items.Count == 0 ? 1 : Math.Max(items.Max(i => i.Value), 1e-9);
        plot.Axes.SetLimitsY(0, max * 1.15);
        plot.Title(title);
        plot.YLabel(valueAxis);
        return Png(plot, width, height);
    }

    /// <summary>Vertical bars stacked by series; the page draws the legend (<see cref="Html.ReportPage.LegendHtml"/>), since ScottPlot clips CJK legend text.</summary>
    public static byte[] StackedBars(string title, string valueAxis, IReadOnlyList<string> categories, IReadOnlyList<StackSeries> series, int width = 460, int height = 340)
    {
        var plot = NewPlot();
        var bars = new List<Bar>();
        double maxTotal = 1e-9;
        for (int c = 0; c < categories.Count; c++)
        {
            double bottom = 0;
            foreach (var s in series)
            {
                double v = s.Values[c];
                bars.Add(new Bar { Position = c, ValueBase = bottom, Value = bottom + v, FillColor = Color.FromHex(s.Colour), LineWidth = 0 });
                bottom += v;
            }
            maxTotal = Math.Max(maxTotal, bottom);
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray(), categories.ToArray());
        plot.Axes.Bottom.MajorTickStyle.Color = Colors.Transparent;
        plot.Grid.XAxisStyle.IsVisible = false;
        plot.Axes.SetLimitsY(0, maxTotal * 1.3);
        plot.Axes.SetLimitsX(-0.6, categories.Count - 0.4);
        plot.Title(title);
        plot.YLabel(valueAxis);
        return Png(plot, width, height);
    }

    /// <summary>A histogram of <paramref name="values"/> with a labelled vertical line at <paramref name="threshold"/>.</summary>
    public static byte[] Histogram(string title, string valueAxis, string countAxis, IReadOnlyList<double> values, double threshold, string thresholdLabel, int width = 760, int height = 340) =>
        Png(HistogramPlot(title, valueAxis, countAxis, values, threshold, thresholdLabel), width, height);

    /// <summary>
    /// The histogram's plot: the threshold's label sits inside the data area, just right of the line (left of it when
    /// the line is in the right half), below a headroom of 30 % above the tallest bar, so it never meets the title or
    /// the ticks; the left axis keeps room for its title.
    /// </summary>
    internal static Plot HistogramPlot(string title, string valueAxis, string countAxis, IReadOnlyList<double> values, double threshold, string thresholdLabel)
    {
        var plot = NewPlot();
        var (edges, counts) = Bins(values, threshold);
        double binWidth = edges.Length > 1 ? edges[1] - edges[0] : 1;
        var bars = new List<Bar>();
        for (int i = 0; i < counts.Length; i++)
        {
            bars.Add(new Bar
            {
                Position = edges[i] + binWidth / 2,
                Value = counts[i],
                Size = binWidth * 0.94,
                FillColor = Color.FromHex(edges[i] >= threshold ? Palette.Regulating : "#a9c8b8"),
                LineWidth = 0,
            });
        }
        plot.Add.Bars(bars);
        var line = plot.Add.VerticalLine(threshold);
        line.Color = Color.FromHex(Palette.Threshold);
        line.LineWidth = 2;
        line.LinePattern = LinePattern.Dashed;
        double top = Math.Max(counts.DefaultIfEmpty(0).Max(), 1) * 1.3;
        bool rightHalf = threshold > (edges[0] + edges[^1]) / 2;
        // Threshold-coloured bold text beside the line, below the top edge (ScottPlot measures CJK glyphs a little short,
        // so a filled box would not cover them).
        var label = plot.Add.Text(thresholdLabel, threshold, top * 0.9);
        label.LabelFontSize = 12;
        label.LabelBold = true;
        label.LabelFontColor = Color.FromHex(Palette.Threshold);
        label.LabelAlignment = rightHalf ? Alignment.MiddleRight : Alignment.MiddleLeft;
        label.LabelOffsetX = rightHalf ? -6 : 6;
        plot.Axes.SetLimitsY(0, top);
        plot.Axes.SetLimitsX(edges[0], edges[^1]);
        plot.Axes.Left.Label.OffsetX = 8;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Title(title);
        plot.XLabel(valueAxis);
        plot.YLabel(countAxis);
        return plot;
    }

    /// <summary>Bin edges on round numbers that include the threshold as an edge, and the count per bin.</summary>
    public static (double[] Edges, int[] Counts) Bins(IReadOnlyList<double> values, double threshold)
    {
        double max = Math.Max(values.DefaultIfEmpty(0).Max(), threshold * 1.2);
        double raw = max / 20;
        double p = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1d, 2d, 2.5d, 5d, 10d }.Select(m => m * p).First(s => s >= raw);
        if (threshold > 0 && Math.Abs(threshold / step - Math.Round(threshold / step)) > 1e-9)
        {
            // Make the threshold fall on an edge: the largest divisor of the threshold not above the raw step.
            int parts = (int)Math.Ceiling(threshold / raw);
            step = threshold / parts;
        }
        int n = Math.Max(1, (int)Math.Ceiling(max / step));
        var edges = Enumerable.Range(0, n + 1).Select(i => i * step).ToArray();
        var counts = new int[n];
        foreach (double v in values)
        {
            int i = Math.Clamp((int)Math.Floor(v / step + 1e-9), 0, n - 1);
            counts[i]++;
        }
        return (edges, counts);
    }

    /// <summary>A waterfall: totals in grey, increases in green, decreases in red, each change starting where the last ended.</summary>
    public static byte[] Waterfall(string title, string valueAxis, IReadOnlyList<WaterfallStep> steps, Func<double, string> label, int width = 760, int height = 380)
    {
        var plot = NewPlot();
        var bars = new List<Bar>();
        double running = 0, min = 0, max = 0;
        for (int i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            double start = s.IsTotal ? 0 : running;
            double end = s.IsTotal ? s.Value : running + s.Value;
            running = end;
            min = Math.Min(min, Math.Min(start, end));
            max = Math.Max(max, Math.Max(start, end));
            bars.Add(new Bar
            {
                Position = i,
                ValueBase = start,
                Value = end,
                FillColor = Color.FromHex(s.IsTotal ? Palette.Total : s.Value >= 0 ? Palette.Up : Palette.Down),
                LineWidth = 0,
                Label = (s.IsTotal || s.Value < 0 ? "" : "+") + label(s.Value),
            });
        }
        var bp = plot.Add.Bars(bars);
        bp.ValueLabelStyle.FontSize = 10;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, steps.Count).Select(i => (double)i).ToArray(), steps.Select(s => s.Label).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = -40;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MajorTickStyle.Color = Colors.Transparent;
        plot.Grid.XAxisStyle.IsVisible = false;
        // headroom for the value labels above the bars, also when long tick labels or a two-line title leave a short plot
        double pad = (max - min) * 0.2;
        plot.Axes.SetLimitsY(min < 0 ? min - pad : 0, max + pad);
        plot.Axes.SetLimitsX(-0.6, steps.Count - 0.4);
        // The layout does not measure rotated tick labels: room for the longest, so neither they nor the axis title are cut off.
        double longest = steps.Max(s => EstimatedWidth(s.Label, bp.ValueLabelStyle.FontSize + 1));
        plot.Axes.Bottom.MinimumSize = (float)(Math.Sin(40 * Math.PI / 180) * longest + 12);
        plot.Axes.Left.MinimumSize = 80;
        plot.Axes.Left.Label.OffsetX = 14;
        plot.Title(FitTitle(title, width - 120));
        plot.YLabel(valueAxis);
        return Png(plot, width, height);
    }

    /// <summary>
    /// The title on two lines when one would be wider than <paramref name="available"/> CSS pixels (the title is centred over the
    /// data area, so a long one runs off the image's edges): broken before its first bracket, e.g. before the price basis.
    /// </summary>
    internal static string FitTitle(string title, double available)
    {
        if (EstimatedWidth(title, 15, bold: true) <= available)
        {
            return title;
        }
        int at = new[] { title.IndexOf('（', StringComparison.Ordinal), title.IndexOf(" (", StringComparison.Ordinal) }.Where(i => i > 0).DefaultIfEmpty(-1).Min();
        return at > 0 ? title[..at].TrimEnd() + "\n" + title[at..].TrimStart() : title;
    }

    /// <summary>Width of a one-line label in CSS pixels, estimated: CJK, full-width characters and the em dash one em, others 0.55 em (0.6 bold).</summary>
    internal static double EstimatedWidth(string text, double fontSize, bool bold = false) =>
        text.Sum(c => c >= '\u2E80' || c == '—' ? fontSize : fontSize * (bold ? 0.6 : 0.55));
}
