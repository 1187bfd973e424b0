using System.Text.Json;
using EcoLedger.Audit;
using EcoLedger.Ledger;
using EcoLedger.Server.Hosting;
using EcoLedger.Server.Http;
using static EcoLedger.Server.Auth.ServerRoles;

namespace EcoLedger.Server.Endpoints;

/// <summary>The ledger's public key and signed checkpoint (what an auditor pins and checks proofs against).</summary>
/// <param name="LedgerId">The ledger id signed into every checkpoint.</param>
/// <param name="PublicKey">The checkpoint public key (SubjectPublicKeyInfo PEM).</param>
/// <param name="PublicKeyFingerprint">SHA-256 of the public key's DER, hex.</param>
/// <param name="Checkpoint">The latest signed checkpoint, in its file form (<c>{"checkpoint":{…},"signature":"…"}</c>).</param>
public sealed record CheckpointView(string LedgerId, string PublicKey, string PublicKeyFingerprint, JsonElement Checkpoint);

/// <summary>The result of checking the live database against its journal (<c>audit verify --db</c>).</summary>
/// <param name="Verified">True when every check passed.</param>
/// <param name="Failure">The first failure, or null.</param>
/// <param name="Differences">Table rows that differ from the replay.</param>
/// <param name="Events">Events checked.</param>
public sealed record VerificationView(bool Verified, string? Failure, IReadOnlyList<string> Differences, long Events);

/// <summary>Audit reads: checkpoint, inclusion proofs, the export bundle and the live verification, as <c>ecoledger audit …</c> gives them.</summary>
public static class AuditEndpoints
{
    private static readonly string[] Readers = [Registry, Verifier, ProjectOwner, Holder, Bank, Bureau, Auditor];

    /// <summary>Maps the audit endpoints under <c>/api/audit</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("audit");
        audit.MapGet("/checkpoint", (LedgerHost host) => Checkpoint(host))
            .Roles(Readers).WithSummary("The latest signed checkpoint and the public key.");
        audit.MapGet("/proofs/{seq:long}", (long seq, LedgerHost host) => Proof(host, seq))
            .Roles(Readers).WithSummary("Inclusion proof of one journal entry against the latest checkpoint (the proof file audit prove writes).");
        audit.MapGet("/export", async (HttpContext http, LedgerHost host) =>
            {
                string file = Path.Combine(Path.GetTempPath(), $"ecoledger-export-{Guid.NewGuid():N}.jsonl");
                try
                {
                    await host.UseAsync(db => db.ExportAudit(file), http.RequestAborted).ConfigureAwait(false);
                    http.Response.ContentType = "application/x-ndjson";
                    http.Response.Headers.ContentDisposition = "attachment; filename=\"ecoledger-audit.jsonl\"";
                    await http.Response.SendFileAsync(file, http.RequestAborted).ConfigureAwait(false);
                }
                catch (LedgerException e)
                {
                    await Problems.FromLedger(e).ExecuteAsync(http).ConfigureAwait(false);
                }
                finally
                {
                    File.Delete(file);
                }
            })
            .Roles(Registry, Auditor).WithSummary("The audit export bundle (audit export): signs a checkpoint, then streams the journal and every checkpoint.");
        audit.MapGet("/verify", (LedgerHost host) => LedgerEndpoints.Read(host, db =>
            {
                var v = db.VerifyLive();
                return new VerificationView(v.Verified, v.Failure, v.Differences, v.Events);
            }))
            .Roles(Registry, Auditor).WithSummary("Replays the journal and compares every ledger table (audit verify --db).");
    }

    /// <summary>The latest checkpoint with the public key, or 404 on a ledger without one.</summary>
    public static Task<IResult> Checkpoint(LedgerHost host) => LedgerEndpoints.Read(host, db =>
    {
        var id = db.AuditIdentity() ?? throw new LedgerException("The ledger has no audit identity (no checkpoint key).");
        var latest = db.LatestCheckpoint() ?? throw new LedgerException("The ledger has no signed checkpoint yet.");
        using var doc = JsonDocument.Parse(latest.ToJson());
        return new CheckpointView(id.LedgerId, id.PublicKeyPem, id.Fingerprint, doc.RootElement.Clone());
    });

    private static async Task<IResult> Proof(LedgerHost host, long seq)
    {
        try
        {
            byte[] json = await host.UseAsync(db => ProofFiles.ToJson(db.ProveEvent(seq))).ConfigureAwait(false);
            return Results.Bytes(json, "application/json");
        }
        catch (LedgerException e)
        {
            return Problems.FromLedger(e);
        }
    }
}
