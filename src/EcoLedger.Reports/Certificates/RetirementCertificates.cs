using EcoLedger.Ledger;
using EcoLedger.Storage;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Reports.Certificates;

/// <summary>Reads what a retirement certificate needs from a ledger database, for every host (CLI, server).</summary>
public static class RetirementCertificates
{
    /// <summary>
    /// The certificate of the retirement journaled as event <paramref name="seq"/>, proved against the latest signed checkpoint
    /// and checked with the ledger's recorded public key before anything is drawn.
    /// </summary>
    public static RetirementCertificate Load(LedgerDatabase db, long seq)
    {
        ArgumentNullException.ThrowIfNull(db);
        var identity = db.AuditIdentity() ?? throw new LedgerException($"{db.Path} has no audit identity (run ledger init); a certificate needs a signed checkpoint.");
        return db.InReadSnapshot(() =>
        {
            var proof = db.ProveEvent(seq);
            using var context = db.NewContext();
            return RetirementCertificate.FromProof(proof, identity.PublicKeyPem,
                id => context.Projects.AsNoTracking().FirstOrDefault(p => p.Id == id));
        });
    }
}
