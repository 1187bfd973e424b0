namespace EcoLedger.Ledger;

/// <summary>
/// The state <see cref="LedgerEngine"/> decides against and <see cref="LedgerApplier"/> changes: an in-memory model
/// (<see cref="InMemoryLedgerStore"/>, used for replay and tests) or the database (EcoLedger.Storage).
/// </summary>
public interface ILedgerStore
{
    /// <summary>A participant or system account by id.</summary>
    Participant? FindParticipant(string id);

    /// <summary>True when some participant has the role.</summary>
    bool AnyParticipantWithRole(Role role);

    /// <summary>A project by id.</summary>
    Project? FindProject(string id);

    /// <summary>An issuance request by id.</summary>
    IssuanceRequest? FindRequest(string id);

    /// <summary>All issuance requests of a project.</summary>
    IReadOnlyList<IssuanceRequest> RequestsOf(string projectId);

    /// <summary>
    /// The other projects that cover an accounting unit of <paramref name="projectId"/> (whatever their state), each with the first unit
    /// they share (<see cref="SharedUnit.FirstPerProject"/>); empty when its units are its own. The database answers it from the index on
    /// <c>project_units.unit_id</c>, so it costs the project's own units, not the ledger's.
    /// </summary>
    IReadOnlyList<SharedUnit> ProjectsSharingUnits(string projectId);

    /// <summary>
    /// Tonnes reported reversed on the project so far: the sum of the quantities of its <c>reversal.reported</c> events (buffer part and
    /// shortfall alike). The database reads them from the journal; the in-memory store counts what <see cref="AddReversed"/> told it.
    /// </summary>
    long ReversedTonnes(string projectId);

    /// <summary>Records that a reversal of <paramref name="tonnes"/> was reported on the project (see <see cref="ReversedTonnes"/>).</summary>
    void AddReversed(string projectId, long tonnes);

    /// <summary>A block by id.</summary>
    CreditBlock? FindBlock(long id);

    /// <summary>The block of <paramref name="projectId"/> whose range contains <paramref name="serial"/>.</summary>
    CreditBlock? BlockContaining(string projectId, long serial);

    /// <summary>The blocks a holding account holds now, ordered by <see cref="CreditBlock.SpendingOrder"/> (oldest vintage, project, serial).</summary>
    IReadOnlyCollection<CreditBlock> BlocksOf(string holderId);

    /// <summary>Reserves the next block id.</summary>
    long AllocateBlockId();

    /// <summary>Adds a participant.</summary>
    void AddParticipant(Participant participant);

    /// <summary>Adds a project.</summary>
    void AddProject(Project project);

    /// <summary>Adds an issuance request.</summary>
    void AddRequest(IssuanceRequest request);

    /// <summary>Adds a new block.</summary>
    void AddBlock(CreditBlock block);

    /// <summary>Tells the store a block is about to change (range, status or holder): take it out of its indexes.</summary>
    void BlockChanging(CreditBlock block);

    /// <summary>Tells the store a block has changed: put it back into its indexes and remember to write it.</summary>
    void BlockChanged(CreditBlock block);

    /// <summary>Records that event <paramref name="seq"/> carved or changed block <paramref name="blockId"/>.</summary>
    void AddTouch(long blockId, long seq);

    /// <summary>The events after <paramref name="afterSeq"/> that carved or changed block <paramref name="blockId"/> (<see cref="AddTouch"/>), oldest first.</summary>
    IReadOnlyList<long> TouchesAfter(long blockId, long afterSeq);

    /// <summary>Adds a posting.</summary>
    void AddPosting(Posting posting);

    /// <summary>A participant key by its id (active or revoked), or null.</summary>
    ParticipantKey? FindParticipantKey(string keyId);

    /// <summary>The participant's keys that are not revoked.</summary>
    IReadOnlyList<ParticipantKey> ActiveKeysOf(string participantId);

    /// <summary>Adds a registered key.</summary>
    void AddParticipantKey(ParticipantKey key);

    /// <summary>Records that a key changed (was revoked).</summary>
    void ParticipantKeyChanged(ParticipantKey key);

    /// <summary>The event since which every command must be signed (<see cref="SignaturePolicySet"/>), or null while unsigned commands are allowed.</summary>
    long? SignaturesRequiredSince { get; }

    /// <summary>Records the signature policy: required since event <paramref name="since"/>, or null to allow unsigned commands.</summary>
    void SetSignaturesRequired(long? since);
}
