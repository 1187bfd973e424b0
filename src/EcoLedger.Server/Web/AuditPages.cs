using Microsoft.AspNetCore.Antiforgery;
using static EcoLedger.Server.Auth.ServerRoles;
using static EcoLedger.Server.Web.AppPage;

namespace EcoLedger.Server.Web;

/// <summary>
/// The auditor's page (<c>/app/audit</c>): download the audit bundle, verify an uploaded bundle or proof file against this ledger's public
/// key (the checks <c>audit verify FILE</c> and <c>audit verify-proof</c> run), verify the live ledger, and the history of signed checkpoints.
/// </summary>
public static class AuditPages
{
    /// <summary>The page.</summary>
    public const string Path = "/app/audit";

    /// <summary>Maps the page.</summary>
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Path, (HttpContext http, IAntiforgery antiforgery) => Render(http, antiforgery, "Audit", "审计", Body))
            .AllowAnonymous().ExcludeFromDescription();

    private static string Body(PageContext c)
    {
        var parts = new List<string>();
        bool auditor = c.Caller.Has(Registry) || c.Caller.Has(Auditor);
        if (auditor)
        {
            parts.Add(Section("bundle", c.L("The audit bundle", "审计包"),
                "<p><a id=\"bundle-download\" href=\"/api/audit/export\" download=\"ecoledger-audit.jsonl\">", c.L("Download the audit bundle (signs a checkpoint first)", "下载审计包（先签署检查点）"), "</a></p>",
                Form("bundle-verify", "/api/audit/bundles/verify", c.L("Verify an audit bundle (hash chain, Merkle roots, signatures, consistency, replay)", "验证审计包（哈希链、默克尔根、签名、一致性、重放）"),
                    c.L("Verify the bundle", "验证审计包"), [File(c.L("Bundle file (.jsonl)", "审计包文件（.jsonl）"), ".jsonl,application/x-ndjson")],
                    upload: "application/x-ndjson", render: "detail")));
        }
        parts.Add(Section("proof", c.L("Inclusion and consistency proofs", "包含证明与一致性证明"),
            Form("proof-verify", "/api/audit/proofs/verify", c.L("Verify a proof file with this ledger's public key", "用本账本公钥验证证明文件"), c.L("Verify the proof", "验证证明"),
                [File(c.L("Proof file (.json)", "证明文件（.json）"), ".json,application/json")], upload: "application/json", render: "detail")));
        if (auditor)
        {
            parts.Add(Section("live", c.L("The live ledger", "在线账本"),
                Form("live-verify", "/api/audit/verify", c.L("Verify the ledger (journal, tables, checkpoints)", "验证账本（日志、数据表、检查点）"), c.L("Verify", "验证"), [],
                    method: "GET", render: "detail")));
            parts.Add(Section("history", c.L("Checkpoint history", "检查点历史"),
                Source("/api/audit/checkpoints", c.L("Signed checkpoints by tree size", "按树大小排列的签名检查点"), c.L("No checkpoints.", "无检查点。"))));
        }
        return string.Concat(parts);
    }
}
