using EcoLedger.Audit;
using EcoLedger.Ledger;
using EcoLedger.Reports.Certificates;
using EcoLedger.Server.Hosting;
using EcoLedger.Server.Http;

namespace EcoLedger.Server.Endpoints;

/// <summary>
/// A retirement's certificate and proof for anyone, like the rest of the public registry: the PDF is made by the code
/// <c>ledger certificate</c> runs, so the server and the CLI give the same bytes for the same retirement and checkpoint.
/// </summary>
public static class CertificateEndpoints
{
    /// <summary>Maps <c>/api/public/retirements/{seq}/certificate</c> and <c>/proof</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var pub = app.MapGroup("/api/public/retirements").WithTags("public").AllowAnonymous();
        // {seq}, not {seq:long}: a constraint would answer a mistyped number with 404; unconstrained, "abc" is a 400 naming seq.
        pub.MapGet("/{seq}/certificate", async (long seq, HttpContext http, LedgerHost host) =>
            {
                try
                {
                    byte[] pdf = await host.UseAsync(db =>
                    {
                        var certificate = RetirementCertificates.Load(db, seq);
                        using var buffer = new MemoryStream();
                        RetirementCertificatePdf.Write(certificate, buffer);
                        return buffer.ToArray();
                    }, http.RequestAborted).ConfigureAwait(false);
                    return Results.File(pdf, "application/pdf", $"retirement-{seq}.pdf");
                }
                catch (LedgerException e)
                {
                    return Problems.FromLedger(e);
                }
            })
            .WithSummary("The retirement's certificate (PDF, Chinese and English; its QR code carries the inclusion proof), as ledger certificate writes it.");
        pub.MapGet("/{seq}/proof", async (long seq, HttpContext http, LedgerHost host) =>
            {
                try
                {
                    byte[] json = await host.UseAsync(db =>
                    {
                        var proof = db.ProveEvent(seq);
                        return proof.Event.Kind == RetirementCertificate.RetirementKind
                            ? ProofFiles.ToJson(proof)
                            : throw new LedgerException($"event {seq} is not a retirement ({RetirementCertificate.RetirementKind}); the public registry proves retirements.");
                    }, http.RequestAborted).ConfigureAwait(false);
                    return Results.Bytes(json, "application/json", $"retirement-{seq}-proof.json");
                }
                catch (LedgerException e)
                {
                    return Problems.FromLedger(e);
                }
            })
            .WithSummary("The inclusion proof of a retirement against the latest signed checkpoint (the file audit prove writes).");
    }
}
