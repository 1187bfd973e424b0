using System.Text.RegularExpressions;
using EcoLedger.IntegrationTests.Ledger;

namespace EcoLedger.IntegrationTests.Reports;

/// <summary><c>audit report --lang zh|en</c>: the Chinese report (the default, as for the other reports) is in Chinese throughout.</summary>
public sealed partial class AuditReportLanguageTests
{
    /// <summary>
    /// Words a Chinese report may still show in Latin letters: names of standards and algorithms, the product, the
    /// JSON file's name, UTC.
    /// </summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "EcoLedger", "Merkle", "RFC", "SHA", "ECDSA", "DER", "SubjectPublicKeyInfo", "base", "audit", "report", "json", "UTC",
    };

    [Fact]
    public void Audit_report_is_in_Chinese_by_default_and_in_English_with_lang_en()
    {
        using var t = new LedgerTestDb();
        t.Seed();
        string zhDir = Path.Combine(t.Dir, "zh");
        string enDir = Path.Combine(t.Dir, "en");

        t.Ok("audit", "report", "--out", zhDir);
        t.Ok("audit", "report", "--out", enDir, "--lang", "en");

        string zh = File.ReadAllText(Path.Combine(zhDir, "audit-report.html"));
        Assert.Contains("<html lang=\"zh-CN\">", zh);
        Assert.Contains("<title>登记簿审计报告</title>", zh);
        Assert.Contains("<div class=\"value\">验证通过</div>", zh);
        Assert.Contains("附录　签名检查点", zh);
        string ledgerId = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(zhDir, "audit-report.json")))!["ledger_id"]!.GetValue<string>();
        var english = VisibleWords(zh, t.Path, ledgerId).Where(w => !Allowed.Contains(w)).Distinct().ToList();
        Assert.True(english.Count == 0, "English left in the Chinese audit report: " + string.Join(", ", english));

        string en = File.ReadAllText(Path.Combine(enDir, "audit-report.html"));
        Assert.Contains("<html lang=\"en\">", en);
        Assert.Contains("<div class=\"value\">VERIFIED</div>", en);
        Assert.Contains("Appendix. Signed checkpoints", en);
        Assert.DoesNotContain("验证通过", en);
    }

    [Fact]
    public void Audit_report_refuses_an_unknown_language_with_exit_2()
    {
        using var t = new LedgerTestDb();
        t.Seed();

        var (code, _, err) = t.Cli("audit", "report", "--out", Path.Combine(t.Dir, "fr"), "--lang", "fr");

        Assert.Equal(2, code);
        Assert.Contains("--lang", err);
        Assert.False(Directory.Exists(Path.Combine(t.Dir, "fr")));
    }

    /// <summary>
    /// Latin words of three letters or more in the page's visible text: outside tags, the style sheet and &lt;code&gt;
    /// (identifiers, hashes, signatures and event kinds are codes, not prose), with the data (database path, ledger id) removed.
    /// </summary>
    private static IEnumerable<string> VisibleWords(string html, params string[] data)
    {
        string body = html[html.IndexOf("<body>", StringComparison.Ordinal)..];
        body = CodeElement().Replace(body, " ");
        body = Tag().Replace(body, " ");
        body = System.Net.WebUtility.HtmlDecode(body);
        foreach (string d in data)
        {
            body = body.Replace(d, " ", StringComparison.Ordinal);
        }
        return Word().Matches(body).Select(m => m.Value);
    }

    [GeneratedRegex("<code[^>]*>.*?</code>", RegexOptions.Singleline)]
    private static partial Regex CodeElement();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex("[A-Za-z]{3,}")]
    private static partial Regex Word();
}
