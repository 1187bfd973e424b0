using System.Globalization;
using EcoLedger.Ledger;
using Stateless;

namespace EcoLedger.Pricing;

using Money = EcoLedger.Money.Money;

/// <summary>The status of a share certificate.</summary>
public enum CertificateStatus
{
    /// <summary>Held by the household, unencumbered.</summary>
    Active,

    /// <summary>Pledged to a bank as collateral for a loan; still held by the household.</summary>
    Pledged,
}

/// <summary>What can happen to a share certificate.</summary>
public enum CertificateTrigger
{
    /// <summary>Pledge to a bank (active → pledged).</summary>
    Pledge,

    /// <summary>End the pledge (pledged → active).</summary>
    Release,

    /// <summary>Move to another holder: permitted in no state — certificates are never transferred.</summary>
    Transfer,
}

/// <summary>
/// A household's share certificate in an ecological-bank package (林业生态银行 股权证). It may be pledged to a bank and released;
/// it is never transferred: its holder is fixed at creation (the state machine permits no transfer, and the database refuses an update of the holder).
/// </summary>
public sealed class ShareCertificate
{
    private ShareCertificate()
    {
        Id = PackageId = HolderId = "";
    }

    /// <summary>Creates an active certificate.</summary>
    public ShareCertificate(string id, string packageId, string holderId, decimal weight, long guaranteedMinimumFen)
    {
        if (weight <= 0m)
        {
            throw new LedgerException($"Certificate '{id}' needs a positive share weight; got {weight.ToString(CultureInfo.InvariantCulture)}.");
        }
        Id = id;
        PackageId = packageId;
        HolderId = holderId;
        Weight = weight;
        GuaranteedMinimumFen = guaranteedMinimumFen;
        Status = CertificateStatus.Active;
    }

    /// <summary>Certificate id.</summary>
    public string Id { get; private set; }

    /// <summary>Package.</summary>
    public string PackageId { get; private set; }

    /// <summary>The household holding it; never changes.</summary>
    public string HolderId { get; private set; }

    /// <summary>Share weight: hectares (area basis) or CNY per year (value basis).</summary>
    public decimal Weight { get; private set; }

    /// <summary>Guaranteed annual minimum in fen (sum over the holder's custody and lease units).</summary>
    public long GuaranteedMinimumFen { get; private set; }

    /// <summary>Status.</summary>
    public CertificateStatus Status { get; private set; }

    /// <summary>The bank, while pledged.</summary>
    public string? PledgeeId { get; private set; }

    /// <summary>The loan secured on the certificate, in fen, while pledged.</summary>
    public long? LoanFen { get; private set; }

    /// <summary>Optimistic-concurrency version.</summary>
    public long Version { get; private set; }

    /// <summary>Rebuilds a stored certificate.</summary>
    public static ShareCertificate Restore(string id, string packageId, string holderId, decimal weight, long minimumFen,
        CertificateStatus status, string? pledgee, long? loanFen, long version) =>
        new(id, packageId, holderId, weight, minimumFen) { Status = status, PledgeeId = pledgee, LoanFen = loanFen, Version = version };

    /// <summary>True when the state machine permits the trigger now.</summary>
    public bool CanFire(CertificateTrigger trigger) => CreateMachine(() => Status, _ => { }).CanFire(trigger);

    /// <summary>Pledges the certificate to <paramref name="bankId"/> for a loan; the actor must be the holder.</summary>
    public void Pledge(string actorId, string bankId, Money loan)
    {
        if (actorId != HolderId)
        {
            throw new LedgerException($"Actor '{actorId}' may not fire trigger 'pledge' on share certificate '{Id}' in state '{Status.Name()}': it requires the holder '{HolderId}'.");
        }
        if (bankId == HolderId)
        {
            throw new LedgerException($"Cannot pledge share certificate '{Id}' to its own holder '{HolderId}'.");
        }
        Fire(CertificateTrigger.Pledge, actorId);
        PledgeeId = bankId;
        LoanFen = Fen.Exact(loan, "The loan");
    }

    /// <summary>Releases the pledge; the actor must be the bank.</summary>
    public void Release(string actorId)
    {
        if (Status == CertificateStatus.Pledged && actorId != PledgeeId)
        {
            throw new LedgerException($"Actor '{actorId}' may not fire trigger 'release' on share certificate '{Id}' in state 'pledged': it requires the bank '{PledgeeId}'.");
        }
        Fire(CertificateTrigger.Release, actorId);
        PledgeeId = null;
        LoanFen = null;
    }

    /// <summary>Always refused: certificates can be pledged, never transferred.</summary>
    /// <exception cref="LedgerException">Always.</exception>
    public void Transfer(string actorId, string newHolderId) =>
        throw new LedgerException($"Share certificate '{Id}' cannot be transferred from '{HolderId}' to '{newHolderId}': ecological-bank certificates " +
            $"stay with the contributing household; they may be pledged, never transferred (trigger 'transfer', state '{Status.Name()}', actor '{actorId}').");

    private void Fire(CertificateTrigger trigger, string actorId)
    {
        var status = Status;
        var m = CreateMachine(() => status, s => status = s);
        if (!m.CanFire(trigger))
        {
            throw LedgerException.IllegalTransition(trigger.Name(), $"share certificate '{Id}'", Status.Name(), actorId);
        }
        m.Fire(trigger);
        Status = status;
        Version++;
    }

    /// <summary>The certificate state machine (for diagrams): active ⇄ pledged; transfer permitted nowhere.</summary>
    public static StateMachine<CertificateStatus, CertificateTrigger> CreateMachine(Func<CertificateStatus> read, Action<CertificateStatus> write)
    {
        var m = new StateMachine<CertificateStatus, CertificateTrigger>(read, write);
        m.Configure(CertificateStatus.Active).Permit(CertificateTrigger.Pledge, CertificateStatus.Pledged);
        m.Configure(CertificateStatus.Pledged).Permit(CertificateTrigger.Release, CertificateStatus.Active);
        return m;
    }
}
