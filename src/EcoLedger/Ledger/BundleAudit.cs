using EcoLedger.Audit;

namespace EcoLedger.Ledger;

/// <summary>The verdict on an export bundle with what the replay found: supply per project and vintage, and how each participant's events were authorised.</summary>
/// <param name="Verification">The bundle verifier's result (hash chain, Merkle roots, signatures, consistency, invariants).</param>
/// <param name="Failure">The first failure, or null when everything holds.</param>
/// <param name="Supply">Supply per project and vintage, from the replay.</param>
/// <param name="Signatures">Per acting participant, how its events were authorised.</param>
public sealed record BundleAuditResult(BundleVerification Verification, string? Failure, IReadOnlyList<SupplyRow> Supply,
    IReadOnlyDictionary<string, SignatureTally> Signatures)
{
    /// <summary>True when the bundle verified and the participants' signatures are bound to its ledger.</summary>
    public bool Verified => Failure is null;
}

/// <summary>
/// <c>audit verify FILE</c>'s check of a bundle with the ledger's replay, in one place for every host (the CLI reads a file, the server an
/// upload): the bundle verifier with the ledger's invariants, and that the participants' signatures are bound to the bundle's ledger.
/// </summary>
public static class BundleAudit
{
    /// <summary>Verifies <paramref name="bundle"/>, optionally against a checkpoint and public key the auditor already trusts.</summary>
    public static BundleAuditResult Verify(Stream bundle, SignedCheckpoint? trusted = null, string? publicKeyPem = null)
    {
        var replayer = new LedgerReplayer();
        var v = BundleVerifier.Verify(bundle, trusted, replayer, publicKeyPem);
        string? failure = v.Failure;
        if (v.Verified && replayer.LedgerId is { } signedFor && signedFor != v.LedgerId)
        {
            // The replayer took the ledger id from the first signed command: signatures made for another ledger prove nothing here.
            failure = $"participants' signatures are bound to ledger '{signedFor}', but the bundle is ledger '{v.LedgerId}'";
        }
        return new BundleAuditResult(v, failure, Supply.Compute(replayer.Store), replayer.Signatures);
    }
}
