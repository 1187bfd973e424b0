namespace EcoLedger.Ledger;

/// <summary>Journal event kinds.</summary>
public static class EventKinds
{
#pragma warning disable CS1591 // self-describing constants
    public const string LedgerInitialized = "ledger.initialized";
    public const string ParticipantAdded = "participant.added";
    public const string ProjectCreated = "project.created";
    public const string ProjectTransitioned = "project.transitioned";
    public const string IssuanceRequested = "issuance.requested";
    public const string IssuanceTransitioned = "issuance.transitioned";
    public const string IssuanceIssued = "issuance.issued";
    public const string ReversalReported = "reversal.reported";
#pragma warning restore CS1591

    /// <summary>The kind of a credits operation: <c>credits.transferred</c>, <c>credits.retired</c>, … and <c>reversal.surrendered</c>.</summary>
    public static string ForOperation(CreditOperation op) => op switch
    {
        CreditOperation.Transfer => "credits.transferred",
        CreditOperation.Retire => "credits.retired",
        CreditOperation.Pledge => "credits.pledged",
        CreditOperation.Release => "credits.released",
        CreditOperation.Freeze => "credits.frozen",
        CreditOperation.Unfreeze => "credits.unfrozen",
        CreditOperation.Cancel => "credits.cancelled",
        CreditOperation.Surrender => "reversal.surrendered",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown operation."),
    };
}

/// <summary>An event decided by <see cref="LedgerEngine"/> and not yet in the journal.</summary>
/// <param name="Kind">One of <see cref="EventKinds"/>.</param>
/// <param name="Actor">The acting participant (or <c>system</c>).</param>
/// <param name="Payload">One of the payload records in this file.</param>
public sealed record PendingEvent(string Kind, string Actor, object Payload)
{
    /// <summary>
    /// True when the command changes nothing (an import whose every row is already recorded): the runner journals no event and signs no
    /// checkpoint for it, and the host says what was skipped.
    /// </summary>
    public bool Unchanged { get; init; }
}

/// <summary>The system accounts were created.</summary>
[EventKind(EventKinds.LedgerInitialized)]
public sealed record LedgerInitialized(IReadOnlyList<string> Accounts);

/// <summary>A participant joined.</summary>
[EventKind(EventKinds.ParticipantAdded)]
public sealed record ParticipantAdded(string Id, string Role, string Name);

/// <summary>A draft project was created; <paramref name="Geometries"/> are its units' outlines when given (absent from older events).</summary>
[EventKind(EventKinds.ProjectCreated)]
public sealed record ProjectCreated(string Id, string Owner, string Region, string Methodology, int BufferBasisPoints,
    DateOnly PeriodStart, DateOnly PeriodEnd, IReadOnlyList<string> Units, IReadOnlyList<UnitGeometry>? Geometries = null);

/// <summary>A project changed state.</summary>
[EventKind(EventKinds.ProjectTransitioned)]
public sealed record ProjectTransitioned(string Id, string Trigger, string From, string To);

/// <summary>An issuance was requested for a monitoring period.</summary>
[EventKind(EventKinds.IssuanceRequested)]
public sealed record IssuanceRequested(string Id, string Project, DateOnly VintageStart, DateOnly VintageEnd, long Quantity);

/// <summary>An issuance request was verified or rejected.</summary>
[EventKind(EventKinds.IssuanceTransitioned)]
public sealed record IssuanceTransitioned(string Id, string Trigger, string From, string To);

/// <summary>
/// Credits were issued: one block <see cref="Block"/> covering <see cref="SerialStart"/>..<see cref="SerialEnd"/> was created
/// in the issuance account and split by <see cref="Moves"/> into the buffer share and the owner's share.
/// </summary>
[EventKind(EventKinds.IssuanceIssued)]
public sealed record IssuanceIssued(string Id, string Project, DateOnly VintageStart, DateOnly VintageEnd, long Quantity,
    long Buffer, long SerialStart, long SerialEnd, string Serial, long Block, IReadOnlyList<BlockMove> Moves);

/// <summary>A reversal was reported: buffer credits cancelled, any shortfall recorded against the project.</summary>
[EventKind(EventKinds.ReversalReported)]
public sealed record ReversalReported(string Project, long Quantity, string Cause, long FromBuffer, long Shortfall,
    IReadOnlyList<BlockMove> Moves);

/// <summary>A credits operation (transfer, retire, pledge, release, freeze, unfreeze, cancel, surrender).</summary>
[EventKind("credits.transferred")]
[EventKind("credits.retired")]
[EventKind("credits.pledged")]
[EventKind("credits.released")]
[EventKind("credits.frozen")]
[EventKind("credits.unfrozen")]
[EventKind("credits.cancelled")]
[EventKind("reversal.surrendered")]
public sealed record CreditsMoved(string Operation, string? RequestId, string Holder, string? Counterparty, long Quantity,
    string? Project, string? Beneficiary, string? Purpose, string? Reason, long? PriceFen, IReadOnlyList<BlockMove> Moves);

/// <summary>
/// The effect of an event on one block: the serials <see cref="Start"/>..<see cref="End"/> of block <see cref="Block"/> are
/// carved out into <see cref="NewBlock"/> (null when they are the whole block; <see cref="UpperBlock"/> receives the serials above
/// them when some remain on both sides), the trigger is fired and the part gets its new holder and pledgee.
/// </summary>
public sealed record BlockMove(long Block, long? NewBlock, long? UpperBlock, string Project, DateOnly VintageStart,
    DateOnly VintageEnd, long Start, long End, string Trigger, string FromHolder, string Holder, string FromStatus,
    string Status, string? Pledgee, string Serial)
{
    /// <summary>Number of credits moved.</summary>
    public long Quantity => End - Start + 1;
}

/// <summary>What a credits command does.</summary>
public enum CreditOperation
{
    /// <summary>Move to another holder.</summary>
    Transfer,

    /// <summary>Retire for a beneficiary.</summary>
    Retire,

    /// <summary>Pledge to a bank.</summary>
    Pledge,

    /// <summary>End a pledge.</summary>
    Release,

    /// <summary>Registry freezes.</summary>
    Freeze,

    /// <summary>Registry unfreezes.</summary>
    Unfreeze,

    /// <summary>Registry cancels.</summary>
    Cancel,

    /// <summary>Owner surrenders credits to cover a reversal shortfall (they are cancelled).</summary>
    Surrender,
}

/// <summary>One side of a double-entry posting, per credit class (project + vintage). Postings of one event sum to zero per class.</summary>
public sealed record Posting(long Seq, string Account, string ProjectId, DateOnly VintageStart, DateOnly VintageEnd, long Amount);
