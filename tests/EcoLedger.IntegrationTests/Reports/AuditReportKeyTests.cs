using System.Net;
using System.Text.RegularExpressions;
using EcoLedger.IntegrationTests.Ledger;

namespace EcoLedger.IntegrationTests.Reports;

/// <summary>
/// <c>audit report</c> says in its verdict what the checkpoints were checked against, as <c>audit verify</c> does: without
/// <c>--public-key</c> only the source's own key, which proves its consistency and not who signed it.
/// </summary>
public sealed partial class AuditReportKeyTests
{
    [Fact]
    public void Audit_report_without_a_public_key_says_under_the_verdict_that_the_key_is_not_pinned_in_English_and_Chinese()
    {
        // Before: the verdict said VERIFIED and "every signature verifies with the ledger's public key", nothing about whose key that was,
        // while audit verify of the same database printed "key not pinned: …".
        using var t = new LedgerTestDb();
        t.Seed();
        string fingerprint = (string)t.Json("audit", "verify", "--public-key", t.Path + ".pub.pem")["public_key_fingerprint"]!;
        string enDir = Path.Combine(t.Dir, "en");
        string zhDir = Path.Combine(t.Dir, "zh");
        string bundle = Path.Combine(t.Dir, "ledger.bundle");
        string bundleDir = Path.Combine(t.Dir, "bundle");
        t.Ok("audit", "export", "--out", bundle);

        t.Ok("audit", "report", "--out", enDir, "--lang", "en");
        t.Ok("audit", "report", "--out", zhDir);
        t.Ok("audit", "report", "--bundle", bundle, "--out", bundleDir, "--lang", "en");

        Assert.Equal([
            "Every event's hash and link recompute, the Merkle root matches every signed checkpoint, every signature verifies with the ledger's public key, " +
                "successive checkpoints are consistent, the replay of the journal satisfies the ledger's invariants, and the live tables equal the replay.",
            $"key not pinned: the checkpoints were checked against the database's own public key (fingerprint {fingerprint}), which proves only " +
                "that the database is internally consistent, not who signed it; pass --public-key with the operator's published key to pin it.",
        ], VerdictParagraphs(enDir));
        Assert.Equal([
            "每条事件的哈希与链接均重新计算无误，Merkle 根与每个签名检查点一致，每个签名均可用登记簿公钥验证，相邻检查点相互一致，重放日志满足登记簿的不变量，且数据表与重放结果一致。",
            $"密钥未固定：检查点是用数据库自带的公钥（指纹 {fingerprint}）验证的，这只证明数据库内部一致，不能证明签名者是谁；请用 --public-key 传入运营方公布的公钥以固定密钥。",
        ], VerdictParagraphs(zhDir));
        Assert.Equal($"key not pinned: the checkpoints were checked against the bundle's own public key (fingerprint {fingerprint}), which proves only " +
            "that the bundle is internally consistent, not who signed it; pass --public-key with the operator's published key to pin it.",
            VerdictParagraphs(bundleDir)[1]);
    }

    [Fact]
    public void Audit_report_with_a_public_key_shows_the_pinned_fingerprint_under_the_verdict()
    {
        // Before: audit report had no --public-key (exit 2), so no report could say the history was checked against the published key.
        using var t = new LedgerTestDb();
        t.Seed();
        string fingerprint = (string)t.Json("audit", "verify", "--public-key", t.Path + ".pub.pem")["public_key_fingerprint"]!;
        string enDir = Path.Combine(t.Dir, "en");
        string zhDir = Path.Combine(t.Dir, "zh");

        t.Ok("audit", "report", "--out", enDir, "--lang", "en", "--public-key", t.Path + ".pub.pem");
        t.Ok("audit", "report", "--out", zhDir, "--public-key", t.Path + ".pub.pem");

        Assert.Equal($"key pinned: the checkpoints were checked against the public key given with --public-key (fingerprint {fingerprint}).",
            VerdictParagraphs(enDir)[1]);
        Assert.Equal($"密钥已固定：检查点是用 --public-key 传入的公钥（指纹 {fingerprint}）验证的。", VerdictParagraphs(zhDir)[1]);
    }

    /// <summary>The text of each paragraph of the report's verdict section, tags removed.</summary>
    private static List<string> VerdictParagraphs(string dir)
    {
        string html = File.ReadAllText(Path.Combine(dir, "audit-report.html"));
        int start = html.IndexOf("<section id=\"verdict\">", StringComparison.Ordinal);
        string section = html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
        return [.. Paragraph().Matches(section).Select(m => WebUtility.HtmlDecode(Tag().Replace(m.Groups[1].Value, "")))];
    }

    [GeneratedRegex("<p[^>]*>(.*?)</p>", RegexOptions.Singleline)]
    private static partial Regex Paragraph();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();
}
