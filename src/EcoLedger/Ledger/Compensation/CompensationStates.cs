using Stateless;

namespace EcoLedger.Ledger.Compensation;

/// <summary>The life cycle of a compensation agreement.</summary>
public enum AgreementState
{
    /// <summary>Created by the administrator; parties are signing.</summary>
    Draft,

    /// <summary>Every party has signed.</summary>
    Signed,

    /// <summary>In force: rounds are monitored, assessed and settled.</summary>
    Active,

    /// <summary>Temporarily not in force (no round may move).</summary>
    Suspended,

    /// <summary>Ended normally after every round was settled: final.</summary>
    Closed,

    /// <summary>Ended early; pending payments were voided: final.</summary>
    Terminated,
}

/// <summary>What can happen to an agreement.</summary>
public enum AgreementTrigger
{
    /// <summary>A party signs (draft → draft, or → signed with the last signature).</summary>
    Sign,

    /// <summary>Administrator puts it in force (signed → active, suspended → active).</summary>
    Activate,

    /// <summary>Administrator suspends (active → suspended).</summary>
    Suspend,

    /// <summary>Administrator ends it early (draft, signed, active, suspended → terminated).</summary>
    Terminate,

    /// <summary>Administrator closes it once every round is settled (active → closed).</summary>
    Close,
}

/// <summary>The life cycle of one round (e.g. one year) of an agreement.</summary>
public enum RoundState
{
    /// <summary>Monitoring samples are being imported.</summary>
    Open,

    /// <summary>Monitoring is closed: samples are immutable, only corrections may be added.</summary>
    MonitoringClosed,

    /// <summary>The rule was applied; payments are pending.</summary>
    Assessed,

    /// <summary>A party disputes the assessment.</summary>
    Disputed,

    /// <summary>The administrator resolved the dispute (upheld or amended).</summary>
    Resolved,

    /// <summary>Payments were posted: final.</summary>
    Settled,
}

/// <summary>What can happen to a round.</summary>
public enum RoundTrigger
{
    /// <summary>Samples are imported (open, or corrections only in monitoring_closed).</summary>
    ImportSamples,

    /// <summary>Close monitoring (open → monitoring_closed).</summary>
    CloseMonitoring,

    /// <summary>Apply the rule (monitoring_closed → assessed).</summary>
    Assess,

    /// <summary>Post the payments (assessed or resolved → settled).</summary>
    Settle,

    /// <summary>A party disputes (assessed → disputed).</summary>
    Dispute,

    /// <summary>Administrator resolves (disputed → resolved).</summary>
    Resolve,
}

/// <summary>The two phases of a payment, like TigerBeetle's pending transfers.</summary>
public enum PaymentState
{
    /// <summary>The amount is reserved in the fund account.</summary>
    Pending,

    /// <summary>The amount was paid to the receiver: final.</summary>
    Posted,

    /// <summary>The reservation was released back to the payer: final.</summary>
    Voided,
}

/// <summary>How a pending payment resolves (exactly once).</summary>
public enum PaymentTrigger
{
    /// <summary>Pay (pending → posted).</summary>
    Post,

    /// <summary>Release (pending → voided).</summary>
    Void,
}

/// <summary>The side of a party in an agreement.</summary>
public enum PartySide
{
    /// <summary>Pays when the rule is met (e.g. the downstream province).</summary>
    Payer,

    /// <summary>Is paid when the rule is met (e.g. the upstream province).</summary>
    Payee,
}

/// <summary>Where the money of a funding source comes from.</summary>
public enum FundingKind
{
    /// <summary>Central or provincial fiscal transfer payments.</summary>
    GovernmentTransfer,

    /// <summary>Enterprise ecological-responsibility agreements.</summary>
    EnterpriseAgreement,

    /// <summary>Social capital (green bonds, funds, donations).</summary>
    SocialCapital,
}

/// <summary>The state machines of agreements, rounds and payments (the single definition, also used for diagrams and table tests).</summary>
public static class CompensationMachines
{
    /// <summary>The agreement machine. <paramref name="lastSignature"/> tells whether the signature being added completes the set.</summary>
    public static StateMachine<AgreementState, AgreementTrigger> Agreement(Func<AgreementState> read, Action<AgreementState> write,
        Func<bool> lastSignature)
    {
        var m = new StateMachine<AgreementState, AgreementTrigger>(read, write);
        m.Configure(AgreementState.Draft)
            .PermitIf(AgreementTrigger.Sign, AgreementState.Signed, lastSignature, "last signature")
            .PermitReentryIf(AgreementTrigger.Sign, () => !lastSignature(), "signatures missing")
            .Permit(AgreementTrigger.Terminate, AgreementState.Terminated);
        m.Configure(AgreementState.Signed)
            .Permit(AgreementTrigger.Activate, AgreementState.Active)
            .Permit(AgreementTrigger.Terminate, AgreementState.Terminated);
        m.Configure(AgreementState.Active)
            .Permit(AgreementTrigger.Suspend, AgreementState.Suspended)
            .Permit(AgreementTrigger.Close, AgreementState.Closed)
            .Permit(AgreementTrigger.Terminate, AgreementState.Terminated);
        m.Configure(AgreementState.Suspended)
            .Permit(AgreementTrigger.Activate, AgreementState.Active)
            .Permit(AgreementTrigger.Terminate, AgreementState.Terminated);
        return m;
    }

    /// <summary>The round machine.</summary>
    public static StateMachine<RoundState, RoundTrigger> Round(Func<RoundState> read, Action<RoundState> write)
    {
        var m = new StateMachine<RoundState, RoundTrigger>(read, write);
        m.Configure(RoundState.Open)
            .PermitReentry(RoundTrigger.ImportSamples)
            .Permit(RoundTrigger.CloseMonitoring, RoundState.MonitoringClosed);
        m.Configure(RoundState.MonitoringClosed)
            .PermitReentry(RoundTrigger.ImportSamples)
            .Permit(RoundTrigger.Assess, RoundState.Assessed);
        m.Configure(RoundState.Assessed)
            .Permit(RoundTrigger.Settle, RoundState.Settled)
            .Permit(RoundTrigger.Dispute, RoundState.Disputed);
        m.Configure(RoundState.Disputed)
            .Permit(RoundTrigger.Resolve, RoundState.Resolved);
        m.Configure(RoundState.Resolved)
            .Permit(RoundTrigger.Settle, RoundState.Settled);
        return m;
    }

    /// <summary>The payment machine: a pending payment resolves exactly once.</summary>
    public static StateMachine<PaymentState, PaymentTrigger> Payment(Func<PaymentState> read, Action<PaymentState> write)
    {
        var m = new StateMachine<PaymentState, PaymentTrigger>(read, write);
        m.Configure(PaymentState.Pending)
            .Permit(PaymentTrigger.Post, PaymentState.Posted)
            .Permit(PaymentTrigger.Void, PaymentState.Voided);
        return m;
    }
}
