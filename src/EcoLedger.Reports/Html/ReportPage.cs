using System.Net;
using System.Text;

namespace EcoLedger.Reports.Html;

/// <summary>A table column: its header, and whether it holds numbers (right-aligned).</summary>
/// <param name="Header">Header text.</param>
/// <param name="Numeric">Right-align the column.</param>
/// <param name="CssClass">A CSS class for the header cell (the print style sheet hides or narrows some columns by it).</param>
public sealed record Column(string Header, bool Numeric = false, string? CssClass = null);

/// <summary>
/// The shared page of every report: one self-contained HTML file (inline CSS, images as data URIs or inline SVG,
/// no script, no network), a coloured title band with a table of contents, numbered sections and a footer.
/// Cells given to <see cref="Table"/> and <see cref="Paragraph"/> are escaped; <see cref="Raw"/> is not.
/// </summary>
public sealed class ReportPage
{
    private readonly StringBuilder _body = new();
    private readonly List<(string Id, string Title)> _toc = [];

    /// <summary>Starts a page.</summary>
    public ReportPage(Labels labels, string title, string subtitle)
    {
        Labels = labels;
        Title = title;
        Subtitle = subtitle;
    }

    /// <summary>The labels of the page's language.</summary>
    public Labels Labels { get; }

    /// <summary>The title (also the HTML title).</summary>
    public string Title { get; }

    /// <summary>The line under the title.</summary>
    public string Subtitle { get; }

    /// <summary>HTML-escapes text.</summary>
    public static string Esc(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Starts a section with an anchor, listed in the table of contents.</summary>
    public ReportPage Section(string id, string title, bool appendix = false)
    {
        if (_toc.Count > 0)
        {
            _body.AppendLine("</section>");
        }
        _toc.Add((id, title));
        _body.AppendLine(appendix ? $"<section id=\"{Esc(id)}\" class=\"appendix\">" : $"<section id=\"{Esc(id)}\">");
        _body.AppendLine($"<h2>{Esc(title)}</h2>");
        return this;
    }

    /// <summary>A sub-heading.</summary>
    public ReportPage Heading(string text)
    {
        _body.AppendLine($"<h3>{Esc(text)}</h3>");
        return this;
    }

    /// <summary>A paragraph of text, with an optional CSS class.</summary>
    public ReportPage Paragraph(string text, string? cssClass = null)
    {
        _body.AppendLine(cssClass is null ? $"<p>{Esc(text)}</p>" : $"<p class=\"{cssClass}\">{Esc(text)}</p>");
        return this;
    }

    /// <summary>Headline figure cards.</summary>
    public ReportPage Kpis(IEnumerable<(string Label, string Value, string? Detail)> cards)
    {
        _body.AppendLine("<div class=\"kpis\">");
        foreach (var (label, value, detail) in cards)
        {
            _body.Append($"<div class=\"kpi\"><div class=\"label\">{Esc(label)}</div><div class=\"value\">{Esc(value)}</div>");
            if (detail is not null)
            {
                _body.Append($"<div class=\"detail\">{Esc(detail)}</div>");
            }
            _body.AppendLine("</div>");
        }
        _body.AppendLine("</div>");
        return this;
    }

    /// <summary>A figure holding a PNG (as a data URI) with alternative text and a caption.</summary>
    public ReportPage PngFigure(string id, byte[] png, string alt, string? caption = null, double cssWidth = 0, string? legendHtml = null)
    {
        string width = cssWidth > 0 ? $" width=\"{cssWidth:0}\"" : "";
        _body.Append($"<figure id=\"{Esc(id)}\"><img{width} alt=\"{Esc(alt)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">");
        if (caption is not null || legendHtml is not null)
        {
            _body.Append($"<figcaption>{legendHtml}{Esc(caption ?? "")}</figcaption>");
        }
        _body.AppendLine("</figure>");
        return this;
    }

    /// <summary>A legend of colour swatches for a figure caption.</summary>
    public static string LegendHtml(IEnumerable<(string Colour, string Label)> items) =>
        string.Concat(items.Select(i => $"<span class=\"swatch\" style=\"background:{Esc(i.Colour)}\"></span>{Esc(i.Label)}　"));

    /// <summary>A figure holding inline SVG markup (trusted: produced by the report code).</summary>
    public ReportPage SvgFigure(string id, string svg, string? caption = null)
    {
        _body.Append($"<figure id=\"{Esc(id)}\">").Append(svg);
        if (caption is not null)
        {
            _body.Append($"<figcaption>{Esc(caption)}</figcaption>");
        }
        _body.AppendLine("</figure>");
        return this;
    }

    /// <summary>Opens a two-column grid (figures side by side on wide screens).</summary>
    public ReportPage BeginGrid()
    {
        _body.AppendLine("<div class=\"grid-2\">");
        return this;
    }

    /// <summary>Closes the grid.</summary>
    public ReportPage EndGrid()
    {
        _body.AppendLine("</div>");
        return this;
    }

    /// <summary>A table; cells are escaped text, except those wrapped with <see cref="Cell"/>. The last row is bold when <paramref name="totalRow"/>.</summary>
    public ReportPage Table(IReadOnlyList<Column> columns, IEnumerable<IReadOnlyList<string>> rows, bool totalRow = false, string? id = null)
    {
        // The box scrolls a table sideways on a screen too narrow for its numbers, which never break (report.css);
        // it can take the keyboard focus so that the scrolling works without a pointer.
        _body.AppendLine(id is null ? "<div class=\"table-scroll\" tabindex=\"0\"><table>" : $"<div class=\"table-scroll\" tabindex=\"0\"><table id=\"{Esc(id)}\">");
        _body.Append("<thead><tr>");
        foreach (var c in columns)
        {
            string cls = string.Join(' ', new[] { c.Numeric ? "num" : null, c.CssClass }.OfType<string>());
            _body.Append(cls.Length > 0 ? $"<th class=\"{Esc(cls)}\">{Esc(c.Header)}</th>" : $"<th>{Esc(c.Header)}</th>");
        }
        _body.AppendLine("</tr></thead><tbody>");
        var list = rows.ToList();
        for (int r = 0; r < list.Count; r++)
        {
            _body.Append(totalRow && r == list.Count - 1 ? "<tr class=\"total\">" : "<tr>");
            for (int i = 0; i < columns.Count; i++)
            {
                string cell = i < list[r].Count ? list[r][i] : "";
                string content = cell.StartsWith(HtmlMarker, StringComparison.Ordinal) ? cell[HtmlMarker.Length..] : Esc(cell);
                string cls = columns[i].Numeric ? " class=\"num\""
                    : cell.StartsWith(HtmlMarker + "<!--", StringComparison.Ordinal) ? $" class=\"{cell[(HtmlMarker.Length + 4)..cell.IndexOf("-->", StringComparison.Ordinal)]}\""
                    : "";
                _body.Append($"<td{cls}>{content}</td>");
            }
            _body.AppendLine("</tr>");
        }
        _body.AppendLine("</tbody></table></div>");
        return this;
    }

    private const string HtmlMarker = "\u0001html:";

    /// <summary>Marks a table cell as trusted HTML; a leading <c>&lt;!--name--&gt;</c> becomes the cell's CSS class.</summary>
    public static string Cell(string html) => HtmlMarker + html;

    /// <summary>Appends trusted HTML.</summary>
    public ReportPage Raw(string html)
    {
        _body.AppendLine(html);
        return this;
    }

    /// <summary>The complete document; <paramref name="generated"/> is printed in the title band and footer.</summary>
    /// <param name="generated">When the report was made.</param>
    /// <param name="footerExtra">Text appended to the footer.</param>
    /// <param name="footerKey">The label key of the footer text.</param>
    public string Render(DateTimeOffset generated, string footerExtra = "", string footerKey = "footer")
    {
        var sb = new StringBuilder();
        sb.AppendLine("<!DOCTYPE html>");
        sb.AppendLine($"<html lang=\"{Labels.HtmlLang}\">");
        sb.AppendLine("<head>");
        sb.AppendLine("<meta charset=\"utf-8\">");
        sb.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.AppendLine("<meta name=\"generator\" content=\"EcoLedger\">");
        sb.AppendLine($"<title>{Esc(Title)}</title>");
        sb.AppendLine("<style>");
        sb.Append(Css);
        sb.AppendLine("</style>");
        sb.AppendLine("</head>");
        sb.AppendLine("<body>");
        sb.AppendLine("<header class=\"report-head\"><div class=\"inner\">");
        sb.AppendLine($"<h1>{Esc(Title)}</h1>");
        string stamp = generated.ToString("yyyy-MM-dd HH:mm 'UTC'zzz", System.Globalization.CultureInfo.InvariantCulture);
        sb.AppendLine($"<div class=\"sub\">{Esc(Subtitle)} · {Esc(Labels["generated"])} <time datetime=\"{generated:O}\">{Esc(stamp)}</time></div>");
        sb.Append("<nav class=\"toc\">");
        foreach (var (id, title) in _toc)
        {
            sb.Append($"<a href=\"#{Esc(id)}\">{Esc(title)}</a>");
        }
        sb.AppendLine("</nav>");
        sb.AppendLine("</div></header>");
        sb.AppendLine("<main>");
        sb.Append(_body);
        if (_toc.Count > 0)
        {
            sb.AppendLine("</section>");
        }
        sb.AppendLine($"<footer class=\"report-foot\">{Esc(Labels[footerKey])}{(footerExtra.Length > 0 ? " " + Esc(footerExtra) : "")}</footer>");
        sb.AppendLine("</main>");
        sb.AppendLine("</body>");
        sb.AppendLine("</html>");
        return sb.ToString();
    }

    /// <summary>The shipped CJK font's path relative to a report's HTML file (the style sheet's <c>@font-face</c> names it).</summary>
    public const string FontPath = "fonts/NotoSansCJKsc-Regular-subset.otf";

    /// <summary>The font's licence, which travels with it (OFL 1.1 asks for that).</summary>
    public const string FontLicencePath = "fonts/OFL.txt";

    /// <summary>
    /// Writes the page to <paramref name="htmlPath"/> and the shipped CJK font and its licence beside it
    /// (<see cref="FontPath"/>, <see cref="FontLicencePath"/>), so the page shows Chinese on a machine without a CJK font.
    /// </summary>
    /// <remarks>
    /// The font is a file beside the page rather than a data URI inside it: the subset is 2.8 MB (3.8 MB as base64), which
    /// would be copied into every report and every golden file, and no served library can subset a font per report. A page
    /// copied without its folder still falls back to the system CJK fonts of the style sheet's font stack.
    /// </remarks>
    public static void WriteWithFont(string htmlPath, string html)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(htmlPath))!;
        Directory.CreateDirectory(Path.Combine(dir, "fonts"));
        EcoLedger.IO.AtomicFile.Write(Path.Combine(dir, FontPath), path => File.WriteAllBytes(path, ShippedFont.Bytes.ToArray()));
        EcoLedger.IO.AtomicFile.Write(Path.Combine(dir, FontLicencePath), path => File.WriteAllText(path, ShippedFont.Licence, new UTF8Encoding(false)));
        EcoLedger.IO.AtomicFile.Write(htmlPath, path => File.WriteAllText(path, html, new UTF8Encoding(false)));
    }

    private static readonly Lazy<string> CssText = new(() =>
    {
        using var s = typeof(ReportPage).Assembly.GetManifestResourceStream("EcoLedger.Reports.report.css")
            ?? throw new InvalidOperationException("report.css is not embedded in the assembly.");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    });

    /// <summary>The shared style sheet.</summary>
    public static string Css => CssText.Value;
}
