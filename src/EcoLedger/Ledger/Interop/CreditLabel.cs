using Stateless;

namespace EcoLedger.Ledger.Interop;

/// <summary>A label's life: granted, then possibly withdrawn by its approving body.</summary>
public enum LabelState
{
    /// <summary>In force.</summary>
    Active,

    /// <summary>Withdrawn; kept for the record.</summary>
    Withdrawn,
}

/// <summary>What can happen to a label.</summary>
public enum LabelTrigger
{
    /// <summary>The approving body withdraws it (active → withdrawn).</summary>
    Withdraw,
}

/// <summary>
/// A label on a project's credits, such as the ICVCM Core Carbon Principles label: who approved it and when, for which period, and
/// optionally for one issuance only.
/// </summary>
public sealed class CreditLabel
{
    private StateMachine<LabelState, LabelTrigger>? _machine;

    private CreditLabel()
    {
        Id = ProjectId = Label = LabelType = ApprovingBody = Link = "";
    }

    /// <summary>Creates an active label as <see cref="LabelGranted"/> records it.</summary>
    public CreditLabel(string id, string projectId, string? issuanceId, string label, string labelType, string approvingBody, DateOnly approvedOn,
        DateOnly validFrom, DateOnly validTo, string link, long seq)
    {
        Id = id;
        ProjectId = projectId;
        IssuanceId = issuanceId;
        Label = label;
        LabelType = labelType;
        ApprovingBody = approvingBody;
        ApprovedOn = approvedOn;
        ValidFrom = validFrom;
        ValidTo = validTo;
        Link = link;
        State = LabelState.Active;
        GrantedSeq = seq;
    }

    /// <summary>Label id.</summary>
    public string Id { get; private set; }

    /// <summary>The project.</summary>
    public string ProjectId { get; private set; }

    /// <summary>The issuance it covers, or null for every issuance of the project.</summary>
    public string? IssuanceId { get; private set; }

    /// <summary>The label's name, e.g. "ICVCM CCP".</summary>
    public string Label { get; private set; }

    /// <summary>CAD Trust <c>labelType</c>: Endorsement, Certification, Letter of Approval, Letter of Authorization, Letter of Qualification.</summary>
    public string LabelType { get; private set; }

    /// <summary>Who approved it, e.g. "Integrity Council for the Voluntary Carbon Market".</summary>
    public string ApprovingBody { get; private set; }

    /// <summary>Date of approval.</summary>
    public DateOnly ApprovedOn { get; private set; }

    /// <summary>First day the label is valid.</summary>
    public DateOnly ValidFrom { get; private set; }

    /// <summary>Last day the label is valid.</summary>
    public DateOnly ValidTo { get; private set; }

    /// <summary>Where the decision is published (CAD Trust <c>labelLink</c>).</summary>
    public string Link { get; private set; }

    /// <summary>Active or withdrawn.</summary>
    public LabelState State { get; private set; }

    /// <summary>Why it was withdrawn.</summary>
    public string? WithdrawnReason { get; private set; }

    /// <summary>The event that granted it.</summary>
    public long GrantedSeq { get; private set; }

    /// <summary>The event that withdrew it.</summary>
    public long? WithdrawnSeq { get; private set; }

    private StateMachine<LabelState, LabelTrigger> Machine => _machine ??= CreateMachine(() => State, s => State = s);

    /// <summary>Withdraws the label; refuses when it is already withdrawn.</summary>
    public void Withdraw(string reason, string actorId, long seq)
    {
        if (!Machine.CanFire(LabelTrigger.Withdraw))
        {
            throw LedgerException.IllegalTransition(LabelTrigger.Withdraw.Name(), $"label '{Id}'", State.Name(), actorId);
        }
        Machine.Fire(LabelTrigger.Withdraw);
        WithdrawnReason = reason;
        WithdrawnSeq = seq;
    }

    /// <summary>True when the label can be withdrawn now.</summary>
    public bool CanFire(LabelTrigger trigger) => Machine.CanFire(trigger);

    /// <summary>The label state machine (used for diagrams and by each label).</summary>
    public static StateMachine<LabelState, LabelTrigger> CreateMachine(Func<LabelState> read, Action<LabelState> write)
    {
        var m = new StateMachine<LabelState, LabelTrigger>(read, write);
        m.Configure(LabelState.Active).Permit(LabelTrigger.Withdraw, LabelState.Withdrawn);
        return m;
    }
}
