using System.Text.Json;
using EcoLedger.Audit;
using EcoLedger.IO;
using EcoLedger.Ledger;
using EcoLedger.Server.Hosting;
using EcoLedger.Server.Http;
using Microsoft.AspNetCore.Http.Features;
using static EcoLedger.Server.Auth.ServerRoles;

namespace EcoLedger.Server.Endpoints;

/// <summary>A signed checkpoint in the ledger's history.</summary>
public sealed record CheckpointHistoryView(long TreeSize, string RootHash, string Time, string Signature, bool SignatureVerifies);

/// <summary>The verdict on an uploaded audit bundle (<c>audit verify FILE --json</c>, pinned to this ledger's public key).</summary>
public sealed record BundleVerificationView(bool Verified, string? Failure, string? LedgerId, string? PublicKeyFingerprint, long Events, string RootHash,
    int Checkpoints, IReadOnlyDictionary<string, long> EventsByKind, IReadOnlyList<SupplyRow> Supply, long Bytes);

/// <summary>The verdict on an uploaded proof file (<c>audit verify-proof</c>, with this ledger's public key).</summary>
public sealed record ProofVerificationView(bool Verified, string? Failure, string Type, string Statement);

/// <summary>
/// The auditor's checks that take a file: an export bundle or a proof file uploaded as the request body is verified by the same code
/// <c>audit verify FILE</c> and <c>audit verify-proof</c> run, against this ledger's public key (a bundle or proof of another ledger, or
/// signed by another key, fails and says so); and the history of signed checkpoints, each signature checked.
/// </summary>
public static class AuditWebEndpoints
{
    /// <summary>The largest bundle accepted (bytes); the server's other requests keep the 1 MiB limit.</summary>
    public const long MaxBundleBytes = 256L * 1024 * 1024;

    /// <summary>Maps the upload checks and the checkpoint history under <c>/api/audit</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("audit");
        audit.MapGet("/checkpoints", (LedgerHost host) => LedgerEndpoints.Read(host, db =>
            {
                var id = db.AuditIdentity() ?? throw new LedgerException("The ledger has no audit identity (no checkpoint key).");
                return db.Checkpoints().Select(c => new CheckpointHistoryView(c.Checkpoint.TreeSize, c.Checkpoint.RootHash, c.Checkpoint.TimeText, c.Signature,
                    c.VerifySignature(id.PublicKeyPem))).ToList();
            }))
            .Roles(Registry, Auditor).WithSummary("Every signed checkpoint by tree size, each signature checked with the ledger's public key.");
        audit.MapPost("/bundles/verify", VerifyBundle)
            .Roles(Registry, Auditor)
            .WithSummary("Verify an uploaded export bundle (the body, application/x-ndjson) as audit verify FILE does, pinned to this ledger's public key.");
        audit.MapPost("/proofs/verify", VerifyProof)
            .Roles(Registry, Verifier, ProjectOwner, Holder, Bank, Bureau, Auditor)
            .WithSummary("Verify an uploaded inclusion or consistency proof file (the body, JSON) with this ledger's public key, as audit verify-proof does.");
    }

    private static async Task<IResult> VerifyBundle(HttpContext http, LedgerHost host)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBundleBytes; // a bundle holds the whole journal
        }
        string? pem = await host.UseAsync(db => db.AuditIdentity()?.PublicKeyPem).ConfigureAwait(false);
        if (pem is null)
        {
            return Problems.Problem(StatusCodes.Status422UnprocessableEntity, "Command refused", "The ledger has no audit identity (no checkpoint key).", "refused", []);
        }
        // The verifier reads synchronously; the upload is spooled to a private temporary file first (memory stays constant).
        string file = Path.Combine(Path.GetTempPath(), $"ecoledger-upload-{Guid.NewGuid():N}.jsonl");
        try
        {
            long bytes;
            await using (var spool = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await http.Request.Body.CopyToAsync(spool, http.RequestAborted).ConfigureAwait(false);
                bytes = spool.Length;
            }
            if (bytes == 0)
            {
                return Problems.BadInput("body", "The body must be the audit bundle (the file GET /api/audit/export or audit export writes); it was empty.");
            }
            await using var read = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            var a = BundleAudit.Verify(read, null, pem);
            var v = a.Verification;
            return Results.Ok(new BundleVerificationView(a.Verified, a.Failure, v.LedgerId, v.PublicKeyFingerprint, v.Events, v.RootHash, v.Checkpoints.Count,
                v.EventsByKind, a.Supply, bytes));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<IResult> VerifyProof(HttpContext http, LedgerHost host)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        byte[] json = buffer.ToArray();
        string? type;
        try
        {
            using var doc = JsonDocument.Parse(json);
            type = doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("type", out var t) ? t.GetString() : null;
        }
        catch (JsonException e)
        {
            return Problems.BadInput("body", $"The body is not a proof file: {JsonErrorPosition.Describe(e, json)}");
        }
        if (type is not (ProofFiles.InclusionType or ProofFiles.ConsistencyType))
        {
            return Problems.BadInput("body", $"The body is not an EcoLedger proof file (type {ProofFiles.InclusionType} or {ProofFiles.ConsistencyType}).");
        }
        string? pem = await host.UseAsync(db => db.AuditIdentity()?.PublicKeyPem).ConfigureAwait(false);
        if (pem is null)
        {
            return Problems.Problem(StatusCodes.Status422UnprocessableEntity, "Command refused", "The ledger has no audit identity (no checkpoint key).", "refused", []);
        }
        try
        {
            if (type == ProofFiles.InclusionType)
            {
                var proof = ProofFiles.ParseInclusion(json);
                // As audit verify-proof without --checkpoint: the checkpoint the proof carries, whose signature must verify with this ledger's key.
                string? failure = ProofFiles.VerifyInclusion(proof, proof.Checkpoint, pem);
                return Results.Ok(new ProofVerificationView(failure is null, failure, type,
                    $"event {proof.Event.Seq} ({proof.Event.Kind}) is included in the tree of size {proof.TreeSize}, root {proof.Checkpoint.Checkpoint.RootHash}"));
            }
            var consistency = ProofFiles.ParseConsistency(json);
            string? f = ProofFiles.VerifyConsistency(consistency, pem);
            return Results.Ok(new ProofVerificationView(f is null, f, type,
                $"the tree of size {consistency.To.Checkpoint.TreeSize} extends the tree of size {consistency.From.Checkpoint.TreeSize}"));
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or ArgumentException)
        {
            return Problems.BadInput("body", $"The proof file cannot be read: {e.Message}");
        }
    }
}
