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

    /// <summary>
    /// Markdown to HTML; links to other methodology files are kept as text, since the report stands alone. A link whose
    /// text is a relative path (e.g. <c>../README.md</c>, written from <paramref name="baseDir"/>) becomes the file's path
    /// in the repository, <c>methodology/README.md</c>, so the reader can find it.
    /// </summary>
    public static string ToHtml(string markdown, string baseDir = "methodology/indicators")
    {
        string html = Markdown.ToHtml(markdown, Pipeline);
        // Relative links point into the repository, not into the report: drop the anchors, keep their text.
        html = System.Text.RegularExpressions.Regex.Replace(html, "<a href=\"(?!https?:)([^\"]*)\">(.*?)</a>",
            m => m.Groups[2].Value.Contains(".md", StringComparison.Ordinal) ? RepositoryPath(baseDir, m.Groups[2].Value) : m.Groups[2].Value);
        // The same for relative paths written as plain text (in code blocks).
        return System.Text.RegularExpressions.Regex.Replace(html, @"(?<![\w/])\.\./[\w./-]+\.md", m => RepositoryPath(baseDir, m.Value));
    }

    /// <summary><paramref name="relative"/> resolved against <paramref name="baseDir"/>, e.g. <c>../README.md#x</c> from methodology/indicators is <c>methodology/README.md</c>.</summary>
    internal static string RepositoryPath(string baseDir, string relative)
    {
        var parts = baseDir.Split('/', StringSplitOptions.RemoveEmptyEntries).ToList();
        string path = relative.Split('#')[0];
        foreach (string p in path.Split('/'))
        {
            if (p == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (p is not ("." or ""))
            {
                parts.Add(p);
            }
        }
        return string.Join('/', parts);
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
