using System.Net;
using System.Text;
using System.Text.Json;
using EcoLedger.Audit;
using EcoLedger.Ledger;
using EcoLedger.Server.Hosting;
using EcoLedger.Server.Http;
using EcoLedger.Storage;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Server.Endpoints;

/// <summary>A project as the public registry shows it.</summary>
public sealed record PublicProject(string Id, string Owner, string Region, string Methodology, string State, decimal BufferPct,
    DateOnly PeriodStart, DateOnly PeriodEnd);

/// <summary>An issuance as the public registry shows it.</summary>
public sealed record PublicIssuance(long Seq, string Time, string Id, string Project, DateOnly VintageStart, DateOnly VintageEnd, long Quantity,
    long Buffer, string Serial);

/// <summary>A retirement with its serials, beneficiary and the inclusion proof of its journal entry against the latest checkpoint.</summary>
public sealed record PublicRetirement(long Seq, string Time, string Holder, string? Beneficiary, string? Purpose, long Quantity,
    IReadOnlyList<string> Serials, JsonElement Proof);

/// <summary>
/// The public registry, without sign-in: projects, issuances, retirements (serials, beneficiaries, inclusion proofs) and the latest
/// signed checkpoint with the public key, as JSON under <c>/api/public</c> and as one server-rendered page at <c>/registry</c>
/// (no script, no external asset; the strict CSP applies).
/// </summary>
public static class PublicEndpoints
{
    /// <summary>Maps the public endpoints (anonymous).</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var pub = app.MapGroup("/api/public").WithTags("public").AllowAnonymous();
        pub.MapGet("/projects", (LedgerHost host) => LedgerEndpoints.Read(host, Projects)).WithSummary("Every project and its state.");
        pub.MapGet("/issuances", (LedgerHost host) => LedgerEndpoints.Read(host, Issuances)).WithSummary("Every issuance with its serial block.");
        pub.MapGet("/retirements", (LedgerHost host) => LedgerEndpoints.Read(host, Retirements))
            .WithSummary("Every retirement: serials, beneficiary, purpose and the inclusion proof of its journal entry.");
        pub.MapGet("/checkpoint", (LedgerHost host) => AuditEndpoints.Checkpoint(host)).WithSummary("The latest signed checkpoint and the public key.");
        app.MapGet("/registry", async (HttpContext http, LedgerHost host) =>
            {
                string html = await host.UseAsync(Page, http.RequestAborted).ConfigureAwait(false);
                return Results.Content(html, "text/html; charset=utf-8");
            })
            .AllowAnonymous().ExcludeFromDescription();
    }

    private static List<PublicProject> Projects(LedgerDatabase db)
    {
        using var ctx = db.NewContext();
        return ctx.Projects.AsNoTracking().OrderBy(p => p.Id).AsEnumerable()
            .Select(p => new PublicProject(p.Id, p.OwnerId, p.Region, p.Methodology, p.State.Name(), p.BufferBasisPoints / 100m, p.PeriodStart, p.PeriodEnd))
            .ToList();
    }

    // One pass over the journal: fine for a registry of thousands of events; a larger one wants a read model (not done).
    private static List<PublicIssuance> Issuances(LedgerDatabase db) => db.JournalEvents()
        .Where(e => e.Kind == EventKinds.IssuanceIssued)
        .Select(e => (e, i: (IssuanceIssued)Journal.ReadPayload(e.Kind, e.Payload)))
        .Select(x => new PublicIssuance(x.e.Seq, x.e.Time, x.i.Id, x.i.Project, x.i.VintageStart, x.i.VintageEnd, x.i.Quantity, x.i.Buffer, x.i.Serial))
        .ToList();

    private static List<PublicRetirement> Retirements(LedgerDatabase db)
    {
        var latest = db.LatestCheckpoint();
        var retired = db.JournalEvents().Where(e => e.Kind == "credits.retired").ToList();
        return retired.Select(e =>
        {
            var c = (CreditsMoved)Journal.ReadPayload(e.Kind, e.Payload);
            using var proof = JsonDocument.Parse(latest is null ? "null"u8.ToArray() : ProofFiles.ToJson(db.ProveEvent(e.Seq, latest)));
            return new PublicRetirement(e.Seq, e.Time, c.Holder, c.Beneficiary, c.Purpose, c.Quantity, c.Moves.Select(m => m.Serial).ToList(),
                proof.RootElement.Clone());
        }).ToList();
    }

    private static string Page(LedgerDatabase db)
    {
        var projects = Projects(db);
        var issuances = Issuances(db);
        var retirements = Retirements(db);
        var id = db.AuditIdentity();
        var latest = db.LatestCheckpoint();
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>EcoLedger public registry</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"/registry.css\">\n</head>\n<body>\n<h1>EcoLedger public registry</h1>\n");
        h.Append("<p>Machine-readable: <a href=\"/api/public/projects\">projects</a>, <a href=\"/api/public/issuances\">issuances</a>, ")
            .Append("<a href=\"/api/public/retirements\">retirements with inclusion proofs</a>, <a href=\"/api/public/checkpoint\">checkpoint and public key</a>.</p>\n");
        Table(h, "Projects", ["Project", "Owner", "Region", "Methodology", "State", "Buffer %", "Crediting period"],
            projects.Select(p => new[] { p.Id, p.Owner, p.Region, p.Methodology, p.State, p.BufferPct.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), $"{p.PeriodStart:yyyy-MM-dd} – {p.PeriodEnd:yyyy-MM-dd}" }));
        Table(h, "Issuances", ["Event", "Issuance", "Project", "Vintage", "Tonnes", "Buffer t", "Serials"],
            issuances.Select(i => new[] { Num(i.Seq), i.Id, i.Project, $"{i.VintageStart:yyyy-MM-dd} – {i.VintageEnd:yyyy-MM-dd}", Num(i.Quantity), Num(i.Buffer), i.Serial }));
        Table(h, "Retirements", ["Event", "Time", "Retired by", "Beneficiary", "Purpose", "Tonnes", "Serials", "Proof", "Certificate"],
            retirements.Select(r => new[] { Num(r.Seq), r.Time, r.Holder, r.Beneficiary ?? "", r.Purpose ?? "", Num(r.Quantity), string.Join(", ", r.Serials),
                $"/api/public/retirements/{Num(r.Seq)}/proof", $"/api/public/retirements/{Num(r.Seq)}/certificate" }));
        h.Append("<h2>Latest signed checkpoint</h2>\n");
        if (id is not null && latest is not null)
        {
            h.Append("<p>Ledger <code>").Append(Enc(id.LedgerId)).Append("</code>, ").Append(Num(latest.Checkpoint.TreeSize))
                .Append(" events, root <code>").Append(Enc(latest.Checkpoint.RootHash)).Append("</code>.</p>\n<pre>")
                .Append(Enc(Encoding.UTF8.GetString(latest.ToJson()))).Append("</pre>\n<p>Public key (fingerprint <code>")
                .Append(Enc(id.Fingerprint)).Append("</code>):</p>\n<pre>").Append(Enc(id.PublicKeyPem)).Append("</pre>\n");
        }
        else
        {
            h.Append("<p>No checkpoint yet.</p>\n");
        }
        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    private static void Table(StringBuilder h, string title, string[] headers, IEnumerable<string[]> rows)
    {
        h.Append("<h2>").Append(Enc(title)).Append("</h2>\n<table>\n<thead><tr>");
        foreach (var c in headers)
        {
            h.Append("<th scope=\"col\">").Append(Enc(c)).Append("</th>");
        }
        h.Append("</tr></thead>\n<tbody>\n");
        int n = 0;
        foreach (var row in rows)
        {
            n++;
            h.Append("<tr>");
            foreach (var c in row)
            {
                string link = c.EndsWith("/certificate", StringComparison.Ordinal) ? "certificate (PDF)" : "proof";
                h.Append("<td>").Append(c.StartsWith("/api/", StringComparison.Ordinal) ? $"<a href=\"{Enc(c)}\">{link}</a>" : Enc(c)).Append("</td>");
            }
            h.Append("</tr>\n");
        }
        if (n == 0)
        {
            h.Append("<tr><td colspan=\"").Append(headers.Length).Append("\">None yet.</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
    }

    private static string Enc(string s) => WebUtility.HtmlEncode(s);

    private static string Num(long n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
