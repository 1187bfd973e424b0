using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Storage;

/// <summary>
/// The ledger's audit identity and the state of its Merkle tree: the compact range (one hash per set bit of the tree size), so a
/// checkpoint appends only the events written since the last one instead of rehashing the journal.
/// </summary>
/// <param name="Id">Always 1 (one row).</param>
/// <param name="LedgerId">The ledger id signed into every checkpoint.</param>
/// <param name="PublicKey">The checkpoint public key, SubjectPublicKeyInfo PEM.</param>
/// <param name="TreeSize">Events covered by the tree state (and by the last checkpoint).</param>
/// <param name="CompactRange">The compact range's hashes, largest subtree first, 32 bytes each.</param>
public sealed record AuditState(int Id, string LedgerId, string PublicKey, long TreeSize, byte[] CompactRange);

/// <summary>A signed checkpoint as stored (append-only).</summary>
/// <param name="TreeSize">Events covered.</param>
/// <param name="LedgerId">Ledger id.</param>
/// <param name="RootHash">Merkle root of events 1 … TreeSize, hex.</param>
/// <param name="Time">Checkpoint time, <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>.</param>
/// <param name="Signature">ECDSA P-256 signature, DER, base64.</param>
public sealed record StoredCheckpoint(long TreeSize, string LedgerId, string RootHash, string Time, string Signature);

/// <summary>The hash of a complete subtree of 2^Height events starting at leaf Start (kept for Height ≥ 8, for fast proofs).</summary>
/// <param name="Height">Subtree height (its size is 2^Height leaves).</param>
/// <param name="Start">Its first leaf index (seq − 1).</param>
/// <param name="Hash">Its Merkle hash, 32 bytes.</param>
public sealed record AuditSubtree(int Height, long Start, byte[] Hash);

/// <summary>EF configuration of the audit tables (called from <see cref="LedgerDbContext"/>).</summary>
internal static class AuditModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<AuditState>(e =>
        {
            e.ToTable("audit_state");
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).ValueGeneratedNever();
        });
        b.Entity<StoredCheckpoint>(e =>
        {
            e.ToTable("audit_checkpoints");
            e.HasKey(c => c.TreeSize);
            e.Property(c => c.TreeSize).ValueGeneratedNever();
        });
        b.Entity<AuditSubtree>(e =>
        {
            e.ToTable("audit_subtrees");
            e.HasKey(s => new { s.Height, s.Start });
        });
    }
}
