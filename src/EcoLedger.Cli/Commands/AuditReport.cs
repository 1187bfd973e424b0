using System.Globalization;
using System.Text.Json.Nodes;
using EcoLedger.Reports;
using EcoLedger.Reports.Html;

namespace EcoLedger.Cli.Commands;

/// <summary>
/// The auditor report of <c>audit report</c>: one self-contained HTML page (the reports' shared page and CSS) and the same figures as
/// JSON: verdict, ledger id, public key fingerprint, tree size and root, every checkpoint with its signature, supply per project and
/// vintage (from the replay of the journal, not from the live tables), events by kind, and any live-table differences.
/// </summary>
internal static class AuditReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static (string Html, string Json) Write(string dir, AuditCommands.Outcome o, DateTimeOffset generated)
    {
        Directory.CreateDirectory(dir);
        string html = Path.Combine(dir, "audit-report.html");
        string json = Path.Combine(dir, "audit-report.json");
        var doc = AuditCommands.OutcomeJson(o);
        doc["generated"] = generated.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", C);
        doc["checkpoints"] = new JsonArray(o.Checkpoints.Select(cp => (JsonNode)new JsonObject
        {
            ["tree_size"] = cp.Checkpoint.TreeSize,
            ["root_hash"] = cp.Checkpoint.RootHash,
            ["time"] = cp.Checkpoint.TimeText,
            ["signature"] = cp.Signature,
            ["signature_verified"] = true,
        }).ToArray());
        doc["supply"] = new JsonArray(o.Supply.Select(s => (JsonNode)new JsonObject
        {
            ["project"] = s.Project,
            ["vintage_start"] = s.VintageStart.ToString("yyyy-MM-dd", C),
            ["vintage_end"] = s.VintageEnd.ToString("yyyy-MM-dd", C),
            ["issued"] = s.Issued,
            ["buffer"] = s.Buffer,
            ["active"] = s.Active,
            ["pledged"] = s.Pledged,
            ["frozen"] = s.Frozen,
            ["retired"] = s.Retired,
            ["cancelled"] = s.Cancelled,
            ["adds_up"] = s.AddsUp,
        }).ToArray());
        File.WriteAllText(json, doc.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.WriteAllText(html, Html(o, generated));
        return (html, json);
    }

    private static string Html(AuditCommands.Outcome o, DateTimeOffset generated)
    {
        var page = new ReportPage(new Labels(ReportLanguage.En), "Ledger audit report", $"Ledger {o.LedgerId ?? "(no audit identity)"} · {o.Source}");
        string verdict = o.Verified ? "VERIFIED" : "FAILED";
        page.Section("verdict", "Verdict")
            .Kpis([
                ("Verdict", verdict, o.Failure),
                ("Events", N(o.Events), "tree size"),
                ("Signed checkpoints", N(o.Checkpoints.Count), o.Checkpoints.Count > 0 ? $"latest at size {N(o.Checkpoints[^1].Checkpoint.TreeSize)}" : null),
            ])
            .Paragraph(o.Verified
                ? "Every event's hash and link recompute, the Merkle root matches every signed checkpoint, every signature verifies with the ledger's public key, " +
                  "successive checkpoints are consistent, the replay of the journal satisfies the ledger's invariants" +
                  (o.Source.EndsWith(".db", StringComparison.Ordinal) || o.Differences.Count == 0 ? ", and the live tables equal the replay." : ".")
                : $"Verification failed: {o.Failure}");
        if (o.Differences.Count > 0)
        {
            page.Heading("Live tables differing from the journal")
                .Table([new Column("difference")], o.Differences.Select(d => (IReadOnlyList<string>)[d]));
        }
        page.Section("identity", "Ledger identity and tree")
            .Table([new Column("item"), new Column("value")], [
                ["ledger id", o.LedgerId ?? ""],
                ["public key fingerprint (SHA-256 of the DER SubjectPublicKeyInfo)", o.Fingerprint ?? ""],
                ["tree size (events verified)", N(o.Events)],
                ["Merkle root (RFC 6962, SHA-256)", o.RootHash],
            ]);
        page.Section("supply", "Supply per project and vintage (replayed from the journal)")
            .Table([new Column("project"), new Column("vintage"), new Column("issued", true), new Column("buffer", true), new Column("active", true),
                    new Column("pledged", true), new Column("frozen", true), new Column("retired", true), new Column("cancelled", true), new Column("adds up")],
                o.Supply.Select(s => (IReadOnlyList<string>)[s.Project, $"{s.VintageStart:yyyy-MM-dd}..{s.VintageEnd:yyyy-MM-dd}", N(s.Issued), N(s.Buffer),
                    N(s.Active), N(s.Pledged), N(s.Frozen), N(s.Retired), N(s.Cancelled), s.AddsUp ? "yes" : "NO"]));
        page.Section("events", "Events by kind")
            .Table([new Column("kind"), new Column("events", true)],
                o.EventsByKind.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (IReadOnlyList<string>)[kv.Key, N(kv.Value)]));
        page.Section("checkpoints", "Signed checkpoints", appendix: true)
            .Paragraph("ECDSA P-256 / SHA-256 signatures (DER, base64) over the five-line checkpoint text; each verified with the ledger's public key.")
            .Table([new Column("tree size", true), new Column("time"), new Column("root hash"), new Column("signature")],
                o.Checkpoints.Reverse().Take(200).Select(cp => (IReadOnlyList<string>)[N(cp.Checkpoint.TreeSize), cp.Checkpoint.TimeText, cp.Checkpoint.RootHash, cp.Signature]));
        if (o.Checkpoints.Count > 200)
        {
            page.Paragraph($"The latest 200 of {N(o.Checkpoints.Count)} checkpoints are listed; audit-report.json lists all.");
        }
        return page.Render(generated, "Audit report: every figure is recomputed from the journal events and checked against the signed checkpoints.");
    }

    private static string N(long n) => n.ToString("#,0", C);
}
