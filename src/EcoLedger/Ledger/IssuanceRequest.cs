using Stateless;

namespace EcoLedger.Ledger;

/// <summary>The life cycle of a monitoring period's issuance request.</summary>
public enum IssuanceState
{
    /// <summary>Requested by the project owner.</summary>
    Submitted,

    /// <summary>Verified by a verifier.</summary>
    Verified,

    /// <summary>Issued by the registry: credits exist.</summary>
    Issued,

    /// <summary>Rejected by a verifier or the registry.</summary>
    Rejected,
}

/// <summary>What can happen to an issuance request.</summary>
public enum IssuanceTrigger
{
    /// <summary>Verifier verifies the claimed quantity (submitted → verified).</summary>
    Verify,

    /// <summary>Registry issues (verified → issued).</summary>
    Issue,

    /// <summary>Verifier or registry rejects (submitted or verified → rejected).</summary>
    Reject,
}

/// <summary>A monitoring period of a project with its claimed sequestration, to be verified and issued.</summary>
public sealed class IssuanceRequest
{
    private StateMachine<IssuanceState, IssuanceTrigger>? _machine;

    private IssuanceRequest()
    {
        Id = ProjectId = "";
    }

    /// <summary>
    /// The largest quantity of one issuance: 10^12 t CO2e, 25 times the world's yearly emissions. Serial numbers and the buffer
    /// share (quantity × basis points) then stay far inside 64-bit integers, so no arithmetic on a block can overflow.
    /// </summary>
    public const long MaxQuantity = 1_000_000_000_000;

    /// <summary>Creates a submitted request.</summary>
    public IssuanceRequest(string id, string projectId, DateOnly vintageStart, DateOnly vintageEnd, long quantity)
    {
        Identifiers.Require(id, "issuance request id");
        if (quantity <= 0)
        {
            throw new LedgerException($"Quantity must be a positive number of tonnes; got {quantity}.");
        }
        if (quantity > MaxQuantity)
        {
            throw new LedgerException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Quantity must be at most {MaxQuantity:#,0} t in one issuance; got {quantity:#,0}."));
        }
        if (vintageEnd < vintageStart)
        {
            throw new LedgerException($"Vintage ends ({vintageEnd:yyyy-MM-dd}) before it starts ({vintageStart:yyyy-MM-dd}).");
        }
        Id = id;
        ProjectId = projectId;
        VintageStart = vintageStart;
        VintageEnd = vintageEnd;
        Quantity = quantity;
        State = IssuanceState.Submitted;
    }

    /// <summary>Rebuilds a request as stored.</summary>
    public static IssuanceRequest Restore(string id, string projectId, DateOnly vintageStart, DateOnly vintageEnd, long quantity, IssuanceState state,
        string? verifierId, long? serialStart, long? bufferQuantity) =>
        new(id, projectId, vintageStart, vintageEnd, quantity)
        {
            State = state,
            VerifierId = verifierId,
            SerialStart = serialStart,
            BufferQuantity = bufferQuantity,
        };

    /// <summary>The request id.</summary>
    public string Id { get; private set; }

    /// <summary>The project.</summary>
    public string ProjectId { get; private set; }

    /// <summary>First day of the monitoring period (vintage).</summary>
    public DateOnly VintageStart { get; private set; }

    /// <summary>Last day of the monitoring period (vintage).</summary>
    public DateOnly VintageEnd { get; private set; }

    /// <summary>Claimed and, once issued, issued tonnes CO2e.</summary>
    public long Quantity { get; private set; }

    /// <summary>Current state.</summary>
    public IssuanceState State { get; private set; }

    /// <summary>The verifier who verified it.</summary>
    public string? VerifierId { get; private set; }

    /// <summary>First serial issued (once issued).</summary>
    public long? SerialStart { get; private set; }

    /// <summary>Tonnes sent to the buffer pool (once issued).</summary>
    public long? BufferQuantity { get; private set; }

    private StateMachine<IssuanceState, IssuanceTrigger> Machine =>
        _machine ??= CreateMachine(() => State, s => State = s);

    /// <summary>True when the monitoring period shares a day with <paramref name="other"/>'s.</summary>
    public bool Overlaps(IssuanceRequest other) => VintageStart <= other.VintageEnd && other.VintageStart <= VintageEnd;

    /// <summary>True when the state machine permits the trigger now.</summary>
    public bool CanFire(IssuanceTrigger trigger) => Machine.CanFire(trigger);

    /// <summary>Fires a trigger (roles are checked by <see cref="LedgerEngine"/>).</summary>
    /// <exception cref="LedgerException">The trigger is not allowed in the current state.</exception>
    public void Fire(IssuanceTrigger trigger, string actorId)
    {
        if (!Machine.CanFire(trigger))
        {
            throw LedgerException.IllegalTransition(trigger.Name(), $"issuance request '{Id}'", State.Name(), actorId);
        }
        Machine.Fire(trigger);
        if (trigger == IssuanceTrigger.Verify)
        {
            VerifierId = actorId;
        }
    }

    internal void RecordIssue(long serialStart, long buffer)
    {
        SerialStart = serialStart;
        BufferQuantity = buffer;
    }

    /// <summary>The issuance request state machine, with state kept by the caller.</summary>
    public static StateMachine<IssuanceState, IssuanceTrigger> CreateMachine(Func<IssuanceState> read, Action<IssuanceState> write)
    {
        var m = new StateMachine<IssuanceState, IssuanceTrigger>(read, write);
        m.Configure(IssuanceState.Submitted)
            .Permit(IssuanceTrigger.Verify, IssuanceState.Verified)
            .Permit(IssuanceTrigger.Reject, IssuanceState.Rejected);
        m.Configure(IssuanceState.Verified)
            .Permit(IssuanceTrigger.Issue, IssuanceState.Issued)
            .Permit(IssuanceTrigger.Reject, IssuanceState.Rejected);
        return m;
    }
}
