using Markdig;

namespace EcoLedger.Reports.Html;

/// <summary>The methodology documents embedded from <c>methodology/</c>, as HTML for a report's appendix.</summary>
public static class Methodology
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    /// <summary>The Markdown text of <c>methodology/indicators/CODE.md</c>, or null when it is not embedded.</summary>
    public static string? IndicatorMarkdown(string code)
    {
        using var s = typeof(Methodology).Assembly.GetManifestResourceStream($"methodology/indicators/{code}.md");
        if (s is null)
        {
            return null;
        }
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    /// <summary>Markdown to HTML; links to other methodology files are kept as text, since the report stands alone.</summary>
    public static string ToHtml(string markdown)
    {
        string html = Markdown.ToHtml(markdown, Pipeline);
        // Relative links point into the repository, not into the report: drop the anchors, keep their text.
        return System.Text.RegularExpressions.Regex.Replace(html, "<a href=\"(?!https?:)[^\"]*\">(.*?)</a>", "$1");
    }

    /// <summary>The first paragraph of the "Valuation method" section: what the indicator table shows as the method.</summary>
    public static string ValuationMethod(string code)
    {
        string? md = IndicatorMarkdown(code);
        if (md is null)
        {
            return "";
        }
        var lines = md.Split('\n');
        int start = Array.FindIndex(lines, l => l.StartsWith("## Valuation method", StringComparison.Ordinal));
        if (start < 0)
        {
            return "";
        }
        var para = new List<string>();
        for (int i = start + 1; i < lines.Length; i++)
        {
            string l = lines[i].Trim();
            if (l.Length == 0)
            {
                if (para.Count > 0)
                {
                    break;
                }
                continue;
            }
            if (l.StartsWith('#'))
            {
                break;
            }
            para.Add(l);
        }
        string text = string.Join(' ', para);
        int stop = text.IndexOf(". ", StringComparison.Ordinal);
        text = stop > 0 ? text[..(stop + 1)] : text;
        return System.Text.RegularExpressions.Regex.Replace(text, @"\[([^\]]*)\]\([^)]*\)", "$1").Replace("`", "", StringComparison.Ordinal);
    }
}
