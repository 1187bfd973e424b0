using Stateless;

namespace EcoLedger.Ledger.Interop;

/// <summary>
/// Whether the host Party authorized the credits of an issuance for use under Article 6 (methodology/serials.md §CAD Trust,
/// docs/interop.md §Article 6).
/// </summary>
public enum AuthorizationStatus
{
    /// <summary>No authorization: a voluntary credit counted in the host Party's NDC; no corresponding adjustment.</summary>
    NotAuthorized,

    /// <summary>Designated a mitigation contribution (Article 6.4 "mitigation contribution A6.4ERs"): supports the host NDC, no corresponding adjustment.</summary>
    MitigationContribution,

    /// <summary>Authorized by the host Party (letter of authorization) for NDC use or other international mitigation purposes: a corresponding adjustment is due.</summary>
    Authorized,
}

/// <summary>What can happen to an issuance's authorization.</summary>
public enum AuthorizationTrigger
{
    /// <summary>The host Party authorizes (not_authorized or mitigation_contribution → authorized).</summary>
    Authorize,

    /// <summary>The host Party designates the units mitigation contributions (not_authorized → mitigation_contribution).</summary>
    DesignateMitigationContribution,

    /// <summary>The host Party withdraws its authorization before the first transfer (authorized → not_authorized).</summary>
    Withdraw,
}

/// <summary>The corresponding adjustment the host Party owes for authorized units.</summary>
public enum AdjustmentStatus
{
    /// <summary>No adjustment is due (not authorized, or mitigation contribution).</summary>
    NotRequired,

    /// <summary>Due: the units are authorized; the host Party has not yet reported the adjustment.</summary>
    Pending,

    /// <summary>The host Party reported the adjustment (biennial transparency report / annual information); final.</summary>
    Completed,
}

/// <summary>What can happen to a corresponding adjustment.</summary>
public enum AdjustmentTrigger
{
    /// <summary>Authorization makes the adjustment due (not_required → pending).</summary>
    Require,

    /// <summary>Authorization withdrawn before first transfer (pending → not_required).</summary>
    Release,

    /// <summary>The host Party reported it (pending → completed; only after the first transfer).</summary>
    Complete,
}

/// <summary>
/// The Article 6 status of the credits of one issuance: authorization, corresponding adjustment, first transfer. Every block carved
/// from the issuance shares it (blocks split; the issuance's serial range is the stable identity, methodology/serials.md).
/// </summary>
/// <remarks>
/// The rules come from decision 2/CMA.3 (Article 6.2 guidance) and 6/CMA.4: a corresponding adjustment is applied for authorized
/// units at their first transfer, and a change of authorization does not apply to units already first transferred; and from
/// decision 3/CMA.3 (Article 6.4 rules, para. 55) and the Article 6.4 mechanism registry, which distinguishes authorized A6.4ERs from
/// mitigation contribution A6.4ERs. Hence: withdrawing is refused once the first transfer is recorded; completion needs the first
/// transfer; completed is final; not_required changes only through an authorization, never on its own.
/// </remarks>
public sealed class IssuanceArticle6
{
    private StateMachine<AuthorizationStatus, AuthorizationTrigger>? _authorization;
    private StateMachine<AdjustmentStatus, AdjustmentTrigger>? _adjustment;

    private IssuanceArticle6()
    {
        IssuanceId = ProjectId = "";
    }

    /// <summary>The status of an issuance nobody has acted on: not authorized, no adjustment.</summary>
    public IssuanceArticle6(string issuanceId, string projectId)
    {
        IssuanceId = issuanceId;
        ProjectId = projectId;
        Authorization = AuthorizationStatus.NotAuthorized;
        Adjustment = AdjustmentStatus.NotRequired;
    }

    /// <summary>The issuance request id.</summary>
    public string IssuanceId { get; private set; }

    /// <summary>The project.</summary>
    public string ProjectId { get; private set; }

    /// <summary>Authorization status.</summary>
    public AuthorizationStatus Authorization { get; private set; }

    /// <summary>Corresponding-adjustment status.</summary>
    public AdjustmentStatus Adjustment { get; private set; }

    /// <summary>The host Party's letter of authorization (or designation) reference.</summary>
    public string? AuthorizationReference { get; private set; }

    /// <summary>Date of the authorization or designation.</summary>
    public DateOnly? AuthorizedOn { get; private set; }

    /// <summary>Date of the first transfer under Article 6, once recorded.</summary>
    public DateOnly? FirstTransferOn { get; private set; }

    /// <summary>What counted as the first transfer (the host Party's choice: issuance, authorization, international transfer, use or cancellation).</summary>
    public string? FirstTransferBasis { get; private set; }

    /// <summary>Where the host Party reported the adjustment (e.g. its BTR or annual information).</summary>
    public string? AdjustmentReference { get; private set; }

    /// <summary>Date the adjustment was reported.</summary>
    public DateOnly? AdjustedOn { get; private set; }

    /// <summary>The journal event that last changed this row.</summary>
    public long UpdatedSeq { get; private set; }

    private StateMachine<AuthorizationStatus, AuthorizationTrigger> AuthorizationMachine =>
        _authorization ??= CreateAuthorizationMachine(() => Authorization, s => Authorization = s, () => FirstTransferOn is null);

    private StateMachine<AdjustmentStatus, AdjustmentTrigger> AdjustmentMachine =>
        _adjustment ??= CreateAdjustmentMachine(() => Adjustment, s => Adjustment = s, () => FirstTransferOn is not null);

    /// <summary>The subject as messages name it.</summary>
    public string Subject => $"issuance '{IssuanceId}'";

    /// <summary>True when the authorization machine permits the trigger now.</summary>
    public bool CanFire(AuthorizationTrigger trigger) => AuthorizationMachine.CanFire(trigger);

    /// <summary>True when the adjustment machine permits the trigger now.</summary>
    public bool CanFire(AdjustmentTrigger trigger) => AdjustmentMachine.CanFire(trigger);

    /// <summary>The adjustment trigger an authorization trigger brings with it, if any.</summary>
    public static AdjustmentTrigger? AdjustmentFor(AuthorizationTrigger trigger) => trigger switch
    {
        AuthorizationTrigger.Authorize => AdjustmentTrigger.Require,
        AuthorizationTrigger.Withdraw => AdjustmentTrigger.Release,
        _ => null,
    };

    /// <summary>The authorization status a trigger leads to (every trigger has one target).</summary>
    public static AuthorizationStatus TargetOf(AuthorizationTrigger trigger) => trigger switch
    {
        AuthorizationTrigger.Authorize => AuthorizationStatus.Authorized,
        AuthorizationTrigger.DesignateMitigationContribution => AuthorizationStatus.MitigationContribution,
        _ => AuthorizationStatus.NotAuthorized,
    };

    /// <summary>Changes the authorization (and the adjustment it brings); refuses an illegal transition naming state and trigger.</summary>
    public void ChangeAuthorization(AuthorizationTrigger trigger, string? reference, DateOnly on, string actorId, long seq)
    {
        if (!AuthorizationMachine.CanFire(trigger))
        {
            string state = Authorization.Name() + (FirstTransferOn is { } d ? $" (first transferred {d:yyyy-MM-dd})" : "");
            throw LedgerException.IllegalTransition(trigger.Name(), Subject, state, actorId);
        }
        if (AdjustmentFor(trigger) is { } adj)
        {
            if (!AdjustmentMachine.CanFire(adj))
            {
                throw LedgerException.IllegalTransition(adj.Name(), $"the corresponding adjustment of {Subject}", Adjustment.Name(), actorId);
            }
            AdjustmentMachine.Fire(adj);
        }
        AuthorizationMachine.Fire(trigger);
        AuthorizationReference = reference;
        AuthorizedOn = on;
        UpdatedSeq = seq;
    }

    /// <summary>Records the first transfer; only authorized units have one, and only once.</summary>
    public void RecordFirstTransfer(DateOnly on, string basis, string actorId, long seq)
    {
        if (Authorization != AuthorizationStatus.Authorized || FirstTransferOn is not null)
        {
            string state = Authorization.Name() + (FirstTransferOn is { } d ? $" (first transferred {d:yyyy-MM-dd})" : "");
            throw LedgerException.IllegalTransition("record_first_transfer", Subject, state, actorId);
        }
        FirstTransferOn = on;
        FirstTransferBasis = basis;
        UpdatedSeq = seq;
    }

    /// <summary>Records that the host Party applied the corresponding adjustment.</summary>
    public void CompleteAdjustment(string reference, DateOnly on, string actorId, long seq)
    {
        if (!AdjustmentMachine.CanFire(AdjustmentTrigger.Complete))
        {
            string state = Adjustment.Name() + (Adjustment == AdjustmentStatus.Pending ? " (no first transfer recorded)" : "");
            throw LedgerException.IllegalTransition(AdjustmentTrigger.Complete.Name(), $"the corresponding adjustment of {Subject}", state, actorId);
        }
        AdjustmentMachine.Fire(AdjustmentTrigger.Complete);
        AdjustmentReference = reference;
        AdjustedOn = on;
        UpdatedSeq = seq;
    }

    /// <summary>The authorization state machine (used for diagrams and by each row); <paramref name="notFirstTransferred"/> guards withdrawal.</summary>
    public static StateMachine<AuthorizationStatus, AuthorizationTrigger> CreateAuthorizationMachine(Func<AuthorizationStatus> read,
        Action<AuthorizationStatus> write, Func<bool> notFirstTransferred)
    {
        var m = new StateMachine<AuthorizationStatus, AuthorizationTrigger>(read, write);
        m.Configure(AuthorizationStatus.NotAuthorized)
            .Permit(AuthorizationTrigger.Authorize, AuthorizationStatus.Authorized)
            .Permit(AuthorizationTrigger.DesignateMitigationContribution, AuthorizationStatus.MitigationContribution);
        m.Configure(AuthorizationStatus.MitigationContribution)
            .Permit(AuthorizationTrigger.Authorize, AuthorizationStatus.Authorized);
        m.Configure(AuthorizationStatus.Authorized)
            .PermitIf(AuthorizationTrigger.Withdraw, AuthorizationStatus.NotAuthorized, notFirstTransferred, "not first transferred");
        return m;
    }

    /// <summary>The corresponding-adjustment state machine; <paramref name="firstTransferred"/> guards completion.</summary>
    public static StateMachine<AdjustmentStatus, AdjustmentTrigger> CreateAdjustmentMachine(Func<AdjustmentStatus> read,
        Action<AdjustmentStatus> write, Func<bool> firstTransferred)
    {
        var m = new StateMachine<AdjustmentStatus, AdjustmentTrigger>(read, write);
        m.Configure(AdjustmentStatus.NotRequired).Permit(AdjustmentTrigger.Require, AdjustmentStatus.Pending);
        m.Configure(AdjustmentStatus.Pending)
            .Permit(AdjustmentTrigger.Release, AdjustmentStatus.NotRequired)
            .PermitIf(AdjustmentTrigger.Complete, AdjustmentStatus.Completed, firstTransferred, "first transfer recorded");
        return m;
    }
}
