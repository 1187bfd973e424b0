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

    public static (string Html, string Json) Write(string dir, AuditCommands.Outcome o, DateTimeOffset generated, ReportLanguage language)
    {
        EcoLedger.IO.OutputPaths.CreateFolder(dir);
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
        EcoLedger.IO.AtomicFile.Write(json, temp => File.WriteAllText(temp, doc.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n"));
        ReportPage.WriteWithFont(html, Html(o, generated, new Labels(language)));
        return (html, json);
    }

    private static string Html(AuditCommands.Outcome o, DateTimeOffset generated, Labels l)
    {
        var page = new ReportPage(l, l["audit.title"], l.Format("audit.subtitle", o.LedgerId ?? l["audit.no_identity"], o.Source));
        // The verifier's failure and difference sentences are English (they name events, tables and columns as stored);
        // the Chinese report says so rather than half-translating them.
        string verdict = o.Verified ? l["audit.verified"] : l["audit.failed"];
        string verifiedText = l["audit.verified_text"] +
            (o.Source.EndsWith(".db", StringComparison.Ordinal) || o.Differences.Count == 0 ? l["audit.verified_live"] : l["audit.verified_end"]);
        page.Section("verdict", l["audit.verdict"])
            .Kpis([
                (l["audit.verdict"], verdict, o.Failure),
                (l["audit.events"], N(o.Events), l["audit.tree_size"]),
                (l["audit.checkpoints"], N(o.Checkpoints.Count), o.Checkpoints.Count > 0 ? l.Format("audit.latest_at", N(o.Checkpoints[^1].Checkpoint.TreeSize)) : null),
            ])
            .Paragraph(o.Verified ? verifiedText : l.Format("audit.failed_text", o.Failure ?? ""));
        if (o.Verified)
        {
            // Right under the verdict: a history checked only against its own key is not proven to be the operator's.
            page.Raw($"<p class=\"{(o.KeyPinned ? "key-pinned" : "warn key-not-pinned")}\"><strong>"
                + AuditCommands.KeyStatement(o, l, ReportPage.Esc, s => $"<code>{ReportPage.Esc(s)}</code>", s => $"<code class=\"hash\">{ReportPage.Esc(s)}</code>") + ReportPage.Esc(l["audit.verified_end"]) + "</strong></p>");
        }
        if (o.Differences.Count > 0)
        {
            page.Heading(l["audit.differences"])
                .Table([new Column(l["audit.difference"])], o.Differences.Select(d => (IReadOnlyList<string>)[d]));
        }
        page.Section("identity", l["audit.identity"])
            .Table([new Column(l["audit.item"]), new Column(l["audit.value"])], [
                [l["audit.ledger_id"], o.LedgerId ?? ""],
                [l["audit.fingerprint"], Hash(o.Fingerprint ?? "")],
                [l["audit.tree_size_verified"], N(o.Events)],
                [l["audit.root"], Hash(o.RootHash)],
            ]);
        page.Section("supply", l["audit.supply"])
            .Table([new Column(l["ledger.project"]), new Column(l["ledger.vintage"]), new Column(l["ledger.issued"], true), new Column(l["ledger.buffer"], true),
                    new Column(l["ledger.active"], true), new Column(l["ledger.pledged"], true), new Column(l["ledger.frozen"], true), new Column(l["ledger.retired"], true),
                    new Column(l["ledger.cancelled"], true), new Column(l["audit.adds_up"])],
                o.Supply.Select(s => (IReadOnlyList<string>)[ReportPage.Cell($"<code>{ReportPage.Esc(s.Project)}</code>"), $"{s.VintageStart:yyyy-MM-dd}..{s.VintageEnd:yyyy-MM-dd}",
                    N(s.Issued), N(s.Buffer), N(s.Active), N(s.Pledged), N(s.Frozen), N(s.Retired), N(s.Cancelled), s.AddsUp ? l["audit.yes"] : l["audit.no"]]));
        page.Section("authorised", l["audit.authorised"])
            .Paragraph(l["audit.authorised_note"])
            .Table([new Column(l["audit.participant"]), new Column(l["audit.signed_self"], true), new Column(l["audit.entered_registry"], true),
                    new Column(l["audit.operator_word"], true)],
                o.Signatures.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (IReadOnlyList<string>)[ReportPage.Cell($"<code>{ReportPage.Esc(kv.Key)}</code>"),
                    N(kv.Value.Signed), N(kv.Value.EnteredByRegistry), N(kv.Value.Unsigned)]));
        page.Section("events", l["audit.events_by_kind"])
            .Table([new Column(l["audit.kind"]), new Column(l["audit.events"], true)],
                o.EventsByKind.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (IReadOnlyList<string>)[ReportPage.Cell($"<code>{ReportPage.Esc(kv.Key)}</code>"), N(kv.Value)]));
        // Root hashes and signatures are 64 and ~96 characters without a space: as hash cells they break anywhere on paper.
        page.Section("checkpoints", l["audit.checkpoints_appendix"], appendix: true)
            .Paragraph(l["audit.checkpoints_note"])
            .Table([new Column(l["audit.tree_size"], true), new Column(l["audit.time"]), new Column(l["audit.root_hash"]), new Column(l["audit.signature"])],
                o.Checkpoints.Reverse().Take(200).Select(cp => (IReadOnlyList<string>)[N(cp.Checkpoint.TreeSize), cp.Checkpoint.TimeText, Hash(cp.Checkpoint.RootHash), Hash(cp.Signature)]),
                id: "table-checkpoints");
        if (o.Checkpoints.Count > 200)
        {
            page.Paragraph(l.Format("audit.checkpoints_latest", 200, N(o.Checkpoints.Count)));
        }
        return page.Render(generated, footerKey: "audit.footer");
    }

    private static string Hash(string text) => ReportPage.Cell($"<code class=\"hash\">{ReportPage.Esc(text)}</code>");

    private static string N(long n) => n.ToString("#,0", C);
}
