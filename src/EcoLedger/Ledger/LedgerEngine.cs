namespace EcoLedger.Ledger;

/// <summary>The arguments of a credits command.</summary>
/// <param name="Operation">What to do.</param>
/// <param name="Holder">The holding account the credits are taken from.</param>
/// <param name="Quantity">Tonnes; may be null when <paramref name="Serials"/> or <paramref name="Block"/> says it.</param>
/// <param name="Counterparty">Receiver of a transfer, bank of a pledge or release.</param>
/// <param name="Project">Restrict to credits of this project (required with <paramref name="Serials"/>).</param>
/// <param name="Serials">Exact serials to operate on.</param>
/// <param name="Block">Take the credits from this block only.</param>
/// <param name="Beneficiary">Retirement beneficiary.</param>
/// <param name="Purpose">Retirement purpose.</param>
/// <param name="Reason">Cancellation reason.</param>
/// <param name="PriceFen">Optional price of the whole transfer in fen.</param>
/// <param name="RequestId">The idempotency id.</param>
public sealed record CreditCommand(CreditOperation Operation, string Holder, long? Quantity, string? Counterparty = null,
    string? Project = null, SerialRange? Serials = null, long? Block = null, string? Beneficiary = null, string? Purpose = null,
    string? Reason = null, long? PriceFen = null, string? RequestId = null) : ILedgerCommand;

/// <summary>
/// Decides ledger commands: checks the state machines, the actor's role and the quantities against a store and returns the
/// event to append. It never changes the store; <see cref="LedgerApplier"/> does, with the returned event.
/// </summary>
public sealed class LedgerEngine(ILedgerStore store)
{
    /// <summary>The actor name used for events no participant fires (<c>ledger init</c>).</summary>
    public const string SystemActor = "system";

    /// <summary>Decides a ledger command for an actor the runner has resolved (<see cref="Actor.Resolve"/>).</summary>
    public PendingEvent Decide(Actor actor, ILedgerCommand command)
    {
        ArgumentNullException.ThrowIfNull(actor);
        string? id = actor.Role == Role.System ? null : actor.Id;
        return command switch
        {
            InitializeLedger => Initialize(),
            AddParticipant c => AddParticipant(id, c.Id, c.Role, c.Name),
            CreateProject c => CreateProject(id, c.Id, c.Owner, c.Region, c.Methodology, c.BufferBasisPoints, c.PeriodStart, c.PeriodEnd, c.Units, c.Geometries),
            TransitionProject c => TransitionProject(id, c.Project, c.Trigger),
            RequestIssuance c => RequestIssuance(id, c.Id, c.Project, c.VintageStart, c.VintageEnd, c.Quantity),
            TransitionIssuance c => TransitionIssuance(id, c.Request, c.Trigger),
            IssueCredits c => Issue(id, c.Request),
            ReportReversal c => ReportReversal(id, c.Project, c.Quantity, c.Cause),
            CreditCommand c => Credits(id, c),
            RegisterParticipantKey c => ParticipantKeys.Register(store, RequireActor(id), c),
            RevokeParticipantKey c => ParticipantKeys.Revoke(store, RequireActor(id), c),
            SetSignaturePolicy c => ParticipantKeys.SetPolicy(store, RequireActor(id), c),
            _ => throw new ArgumentException($"Unknown ledger command {command?.GetType().Name}.", nameof(command)),
        };
    }

    /// <summary>Decides <c>ledger init</c>.</summary>
    public PendingEvent Initialize()
    {
        if (store.FindParticipant(SystemAccounts.Issuance) is not null)
        {
            throw new LedgerException("The ledger is already initialised.");
        }
        return new PendingEvent(EventKinds.LedgerInitialized, SystemActor, new LedgerInitialized(SystemAccounts.All));
    }

    /// <summary>
    /// Decides <c>participant add</c>. The first registry may be added without an actor; after that only a registry may add participants.
    /// </summary>
    public PendingEvent AddParticipant(string? actorId, string id, Role role, string? name)
    {
        RequireInitialized();
        string actor;
        if (!store.AnyParticipantWithRole(Role.Registry) && actorId is null)
        {
            if (role != Role.Registry)
            {
                throw LedgerException.ForFields("The first participant must be a registry; add it with {role} registry.", "role");
            }
            actor = SystemActor;
        }
        else
        {
            var a = RequireActor(actorId);
            if (a.Role != Role.Registry)
            {
                throw new LedgerException($"Actor '{a.Id}' (role '{a.Role.Name()}') may not add participants: it requires role 'registry'.");
            }
            actor = a.Id;
        }
        var p = new Participant(id, role, name);
        if (store.FindParticipant(id) is not null)
        {
            throw new LedgerException($"Participant '{id}' already exists.");
        }
        return new PendingEvent(EventKinds.ParticipantAdded, actor, new ParticipantAdded(p.Id, role.Name(), p.Name));
    }

    /// <summary>Decides <c>project create</c>: the actor must be the owner, with role project_owner.</summary>
    public PendingEvent CreateProject(string? actorId, string id, string ownerId, string region, string methodology,
        int bufferBasisPoints, DateOnly periodStart, DateOnly periodEnd, IReadOnlyList<string>? units = null, IReadOnlyList<UnitGeometry>? geometries = null)
    {
        var actor = RequireActor(actorId);
        var owner = store.FindParticipant(ownerId) ?? throw new LedgerException($"Unknown owner '{ownerId}'.");
        if (owner.Role != Role.ProjectOwner)
        {
            throw new LedgerException($"Owner '{ownerId}' has role '{owner.Role.Name()}'; a project owner needs role 'project_owner'.");
        }
        if (actor.Id != ownerId)
        {
            throw new LedgerException($"Actor '{actor.Id}' (role '{actor.Role.Name()}') may not create project '{id}': it requires the owner '{ownerId}'.");
        }
        var p = new Project(id, ownerId, region, methodology, bufferBasisPoints, periodStart, periodEnd, units, geometries);
        if (store.FindProject(id) is not null)
        {
            throw new LedgerException($"Project '{id}' already exists.");
        }
        return new PendingEvent(EventKinds.ProjectCreated, actor.Id,
            new ProjectCreated(p.Id, ownerId, region, methodology, bufferBasisPoints, periodStart, periodEnd, units ?? [], geometries is { Count: > 0 } ? geometries : null));
    }

    /// <summary>Who may fire a project trigger: a sentence fragment for messages, and the check.</summary>
    public static (string Requirement, Func<Participant, Project, bool> Allowed) ProjectRule(ProjectTrigger trigger) => trigger switch
    {
        ProjectTrigger.Submit or ProjectTrigger.RequestIssuance => ("the project's owner", (a, p) => a.Id == p.OwnerId),
        ProjectTrigger.Validate => ("role 'verifier'", (a, _) => a.Role == Role.Verifier),
        ProjectTrigger.Reject => ("role 'registry' or 'verifier'", (a, _) => a.Role is Role.Registry or Role.Verifier),
        ProjectTrigger.ReportReversal => ("role 'registry' or the project's owner", (a, p) => a.Role == Role.Registry || a.Id == p.OwnerId),
        _ => ("role 'registry'", (a, _) => a.Role == Role.Registry),
    };

    /// <summary>Decides <c>project submit|validate|register|suspend|reinstate|close|reject</c>.</summary>
    public PendingEvent TransitionProject(string? actorId, string projectId, ProjectTrigger trigger)
    {
        var actor = RequireActor(actorId);
        var project = RequireProject(projectId);
        CheckProject(project, trigger, actor);
        if (trigger == ProjectTrigger.Register)
        {
            CheckUnitsNotRegisteredElsewhere(project);
        }
        var to = ProjectTarget(project.State, trigger);
        return new PendingEvent(EventKinds.ProjectTransitioned, actor.Id,
            new ProjectTransitioned(project.Id, trigger.Name(), project.State.Name(), to.Name()));
    }

    /// <summary>Decides <c>issuance request</c>: the project must be registered and the actor its owner.</summary>
    public PendingEvent RequestIssuance(string? actorId, string id, string projectId, DateOnly vintageStart, DateOnly vintageEnd, long quantity)
    {
        var actor = RequireActor(actorId);
        var project = RequireProject(projectId);
        CheckProject(project, ProjectTrigger.RequestIssuance, actor);
        var request = new IssuanceRequest(id, projectId, vintageStart, vintageEnd, quantity);
        if (store.FindRequest(id) is not null)
        {
            throw new LedgerException($"Issuance request '{id}' already exists.");
        }
        if (vintageStart < project.PeriodStart || vintageEnd > project.PeriodEnd)
        {
            throw new LedgerException($"Monitoring period {vintageStart:yyyy-MM-dd}..{vintageEnd:yyyy-MM-dd} is outside the crediting period " +
                $"{project.PeriodStart:yyyy-MM-dd}..{project.PeriodEnd:yyyy-MM-dd} of project '{projectId}'.");
        }
        CheckNoOverlap(project, request);
        return new PendingEvent(EventKinds.IssuanceRequested, actor.Id,
            new IssuanceRequested(id, projectId, vintageStart, vintageEnd, quantity));
    }

    /// <summary>Decides <c>issuance verify|reject</c>: verify needs a verifier; reject a verifier or the registry.</summary>
    public PendingEvent TransitionIssuance(string? actorId, string requestId, IssuanceTrigger trigger)
    {
        if (trigger == IssuanceTrigger.Issue)
        {
            throw new ArgumentException("Use Issue() to issue.", nameof(trigger));
        }
        var actor = RequireActor(actorId);
        var request = RequireRequest(requestId);
        CheckRequest(request, trigger, actor);
        var to = trigger == IssuanceTrigger.Verify ? IssuanceState.Verified : IssuanceState.Rejected;
        return new PendingEvent(EventKinds.IssuanceTransitioned, actor.Id,
            new IssuanceTransitioned(request.Id, trigger.Name(), request.State.Name(), to.Name()));
    }

    /// <summary>
    /// Decides <c>issuance issue</c>: registry only, project registered and not held by a reversal shortfall, period not
    /// overlapping an issued one. One block of the whole quantity is created and split: the lowest
    /// floor(quantity × buffer %) serials go to the buffer pool, the rest to the owner.
    /// </summary>
    public PendingEvent Issue(string? actorId, string requestId)
    {
        var actor = RequireActor(actorId);
        var request = RequireRequest(requestId);
        CheckRequest(request, IssuanceTrigger.Issue, actor);
        var project = RequireProject(request.ProjectId);
        if (!project.CanFire(ProjectTrigger.Issue))
        {
            throw LedgerException.IllegalTransition(ProjectTrigger.Issue.Name(), $"project '{project.Id}'", project.State.Name(), actor.Id);
        }
        if (project.IssuanceHeld)
        {
            throw new LedgerException($"Issuance to project '{project.Id}' is held: the owner must first surrender {project.ReversalShortfall} t " +
                $"to cover a reversal (trigger 'issue', actor '{actor.Id}').");
        }
        CheckNoOverlap(project, request);
        long q = request.Quantity;
        long buffer = project.BufferShare(q);
        long start = project.NextSerial;
        var all = new SerialRange(start, start + q - 1);
        long blockId = store.AllocateBlockId();
        var moves = new List<BlockMove>();
        long? rest = start;
        if (buffer > 0)
        {
            var b = new SerialRange(start, start + buffer - 1);
            long? carvedId = buffer == q ? null : store.AllocateBlockId();
            moves.Add(Move(project, request.VintageStart, request.VintageEnd, blockId, carvedId, null, b, BlockTrigger.Transfer,
                SystemAccounts.Issuance, SystemAccounts.BufferPool, BlockStatus.Active, null));
            rest = buffer == q ? null : start + buffer;
        }
        if (rest is long r)
        {
            moves.Add(Move(project, request.VintageStart, request.VintageEnd, blockId, null, null, new SerialRange(r, all.End),
                BlockTrigger.Transfer, SystemAccounts.Issuance, project.OwnerId, BlockStatus.Active, null));
        }
        return new PendingEvent(EventKinds.IssuanceIssued, actor.Id, new IssuanceIssued(request.Id, project.Id, request.VintageStart,
            request.VintageEnd, q, buffer, all.Start, all.End,
            SerialNumber.Format(project.Region, project.Id, request.VintageStart, request.VintageEnd, all), blockId, moves));
    }

    /// <summary>
    /// Decides <c>reversal report</c>: cancels up to <paramref name="quantity"/> of the project's buffer credits (oldest vintage first);
    /// what the buffer cannot cover is recorded as a shortfall that holds further issuance until surrendered.
    /// </summary>
    public PendingEvent ReportReversal(string? actorId, string projectId, long quantity, string cause)
    {
        var actor = RequireActor(actorId);
        var project = RequireProject(projectId);
        CheckProject(project, ProjectTrigger.ReportReversal, actor);
        RequirePositive(quantity);
        if (string.IsNullOrWhiteSpace(cause))
        {
            throw new LedgerException("A reversal needs a cause (fire, illegal felling, pest, ...).");
        }
        // A reversal is the loss of sequestration that was verified and issued as credits (docs/ledger.md, "Issuance, buffer and
        // reversals"): it cannot exceed what the project issued, net of what earlier reversals already took back.
        long issued = project.IssuedTonnes;
        long reversed = store.ReversedTonnes(projectId);
        if (quantity > issued - reversed)
        {
            throw new LedgerException($"Project '{projectId}' has issued {issued} t and already reported {reversed} t reversed; a reversal of " +
                $"{quantity} t exceeds the {issued - reversed} t that remain (a reversal is a loss of issued credits: docs/ledger.md, " +
                "'Issuance, buffer and reversals').");
        }
        var moves = new List<BlockMove>();
        long remaining = quantity;
        foreach (var b in Ordered(store.BlocksOf(SystemAccounts.BufferPool), BlockStatus.Active, projectId, null))
        {
            if (remaining == 0)
            {
                break;
            }
            long take = Math.Min(remaining, b.Quantity);
            moves.Add(Take(project, b, b.Range.TakeLowest(take).Moved, BlockTrigger.Cancel, SystemAccounts.Cancelled, null));
            remaining -= take;
        }
        return new PendingEvent(EventKinds.ReversalReported, actor.Id,
            new ReversalReported(projectId, quantity, cause, quantity - remaining, remaining, moves));
    }

    /// <summary>Decides a credits command (transfer, retire, pledge, release, freeze, unfreeze, cancel, surrender).</summary>
    public PendingEvent Credits(string? actorId, CreditCommand c)
    {
        var actor = RequireActor(actorId);
        var (trigger, source) = TriggerOf(c.Operation);
        var holder = store.FindParticipant(c.Holder) ?? throw new LedgerException($"Unknown holder '{c.Holder}'.");
        string subject = $"credits of holder '{holder.Id}'";
        string newHolder = holder.Id;
        string? pledgee = null;
        string? pledgeeFilter = null;
        Participant? counterparty = c.Counterparty is null ? null
            : store.FindParticipant(c.Counterparty) ?? throw new LedgerException($"Unknown participant '{c.Counterparty}'.");
        Project? surrenderProject = null;
        switch (c.Operation)
        {
            case CreditOperation.Transfer:
                RequireHolderActor(actor, holder, trigger, subject, source);
                if (counterparty is null)
                {
                    throw LedgerException.ForFields("A transfer needs a receiver ({counterparty}).", "counterparty");
                }
                if (counterparty.Role == Role.System)
                {
                    throw new LedgerException($"Cannot transfer to system account '{counterparty.Id}'; retire or cancel instead.");
                }
                if (counterparty.Id == holder.Id)
                {
                    throw new LedgerException($"Cannot transfer from '{holder.Id}' to itself.");
                }
                if (!counterparty.Role.MayHoldCredits())
                {
                    throw new LedgerException($"Cannot transfer to '{counterparty.Id}': role '{counterparty.Role.Name()}' may not hold credits; " +
                        $"only roles {RoleNames.CreditHolderRoles} may.");
                }
                newHolder = counterparty.Id;
                break;
            case CreditOperation.Retire:
                RequireHolderActor(actor, holder, trigger, subject, source);
                if (string.IsNullOrWhiteSpace(c.Beneficiary) || string.IsNullOrWhiteSpace(c.Purpose))
                {
                    throw LedgerException.ForFields("A retirement needs a beneficiary ({beneficiary}) and a purpose ({purpose}).", "beneficiary", "purpose");
                }
                newHolder = SystemAccounts.Retired;
                break;
            case CreditOperation.Pledge:
                RequireHolderActor(actor, holder, trigger, subject, source);
                if (counterparty is null || counterparty.Role != Role.Holder)
                {
                    throw LedgerException.ForFields($"A pledge needs a bank with role 'holder' ({{counterparty}}); got '{c.Counterparty}'.", "counterparty");
                }
                if (counterparty.Id == holder.Id)
                {
                    throw new LedgerException($"Cannot pledge credits of '{holder.Id}' to itself.");
                }
                pledgee = counterparty.Id;
                break;
            case CreditOperation.Release:
                if (actor.Role == Role.Registry)
                {
                    pledgeeFilter = counterparty?.Id;
                }
                else if (counterparty is null || counterparty.Id == actor.Id)
                {
                    pledgeeFilter = actor.Id;
                }
                else
                {
                    throw LedgerException.MissingRole(trigger.Name(), subject, source.Name(), actor, $"the bank '{counterparty.Id}' or role 'registry'");
                }
                break;
            case CreditOperation.Freeze:
            case CreditOperation.Unfreeze:
            case CreditOperation.Cancel:
                if (actor.Role != Role.Registry)
                {
                    throw LedgerException.MissingRole(trigger.Name(), subject, source.Name(), actor, "role 'registry'");
                }
                if (c.Operation == CreditOperation.Cancel)
                {
                    if (string.IsNullOrWhiteSpace(c.Reason))
                    {
                        throw LedgerException.ForFields("A cancellation needs a reason ({reason}).", "reason");
                    }
                    newHolder = SystemAccounts.Cancelled;
                }
                break;
            case CreditOperation.Surrender:
                if (actor.Id != holder.Id && actor.Role != Role.Registry)
                {
                    throw LedgerException.MissingRole(trigger.Name(), subject, source.Name(), actor, $"the holder '{holder.Id}' or role 'registry'");
                }
                surrenderProject = RequireProject(c.Project ?? throw LedgerException.ForFields("A surrender needs the project ({project}).", "project"));
                if (c.Quantity is null || c.Quantity > surrenderProject.ReversalShortfall)
                {
                    throw new LedgerException($"Project '{surrenderProject.Id}' has a reversal shortfall of {surrenderProject.ReversalShortfall} t; " +
                        $"cannot surrender {c.Quantity?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "an unspecified quantity"} t.");
                }
                newHolder = SystemAccounts.Cancelled;
                break;
        }
        var moves = c.Serials is SerialRange serials
            ? MovesForSerials(c, serials, actor, holder.Id, trigger, newHolder, pledgee)
            : c.Block is long blockId
                ? MovesForBlock(c, blockId, actor, holder.Id, trigger, newHolder, pledgee)
                : MovesForQuantity(c, holder.Id, source, trigger, newHolder, pledgee, pledgeeFilter);
        long total = moves.Sum(m => m.Quantity);
        return new PendingEvent(EventKinds.ForOperation(c.Operation), actor.Id, new CreditsMoved(c.Operation.Name(), c.RequestId, holder.Id,
            c.Operation == CreditOperation.Release ? moves.Select(m => m.Pledgee).FirstOrDefault() ?? pledgeeFilter : counterparty?.Id,
            total, surrenderProject?.Id ?? c.Project, c.Beneficiary, c.Purpose, c.Reason, c.PriceFen, moves));
    }

    /// <summary>The block trigger of an operation and the status the credits must be in.</summary>
    public static (BlockTrigger Trigger, BlockStatus Source) TriggerOf(CreditOperation op) => op switch
    {
        CreditOperation.Transfer => (BlockTrigger.Transfer, BlockStatus.Active),
        CreditOperation.Retire => (BlockTrigger.Retire, BlockStatus.Active),
        CreditOperation.Pledge => (BlockTrigger.Pledge, BlockStatus.Active),
        CreditOperation.Release => (BlockTrigger.Release, BlockStatus.Pledged),
        CreditOperation.Freeze => (BlockTrigger.Freeze, BlockStatus.Active),
        CreditOperation.Unfreeze => (BlockTrigger.Unfreeze, BlockStatus.Frozen),
        CreditOperation.Cancel or CreditOperation.Surrender => (BlockTrigger.Cancel, BlockStatus.Active),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown operation."),
    };

    /// <summary>Blocks of a holder (given in <see cref="CreditBlock.SpendingOrder"/>) in a status, optionally of one project and pledgee.</summary>
    public static IEnumerable<CreditBlock> Ordered(IEnumerable<CreditBlock> blocks, BlockStatus status, string? projectId, string? pledgeeId) =>
        blocks.Where(b => b.Status == status && (projectId is null || b.ProjectId == projectId) && (pledgeeId is null || b.PledgeeId == pledgeeId));

    private List<BlockMove> MovesForQuantity(CreditCommand c, string holderId, BlockStatus source, BlockTrigger trigger,
        string newHolder, string? pledgee, string? pledgeeFilter)
    {
        long quantity = c.Quantity ?? throw LedgerException.ForFields("A quantity ({quantity}) is required.", "quantity");
        RequirePositive(quantity);
        var picked = new List<(CreditBlock Block, long Take)>();
        long remaining = quantity;
        foreach (var b in Ordered(store.BlocksOf(holderId), source, c.Project, pledgeeFilter))
        {
            long take = Math.Min(remaining, b.Quantity);
            picked.Add((b, take));
            remaining -= take;
            if (remaining == 0)
            {
                break;
            }
        }
        if (remaining > 0)
        {
            long available = Ordered(store.BlocksOf(holderId), source, c.Project, pledgeeFilter).Sum(b => b.Quantity);
            string scope = (c.Project is null ? "" : $" of project '{c.Project}'") + (pledgeeFilter is null ? "" : $" pledged to '{pledgeeFilter}'");
            throw new LedgerException($"Holder '{holderId}' has {available} {source.Name()} credits{scope}; cannot {trigger.Name()} {quantity}.");
        }
        var moves = new List<BlockMove>(picked.Count);
        foreach (var (b, take) in picked)
        {
            moves.Add(Take(RequireProject(b.ProjectId), b, b.Range.TakeLowest(take).Moved, trigger, newHolder,
                trigger == BlockTrigger.Pledge ? pledgee : trigger == BlockTrigger.Release ? null : b.PledgeeId));
        }
        return moves;
    }

    private List<BlockMove> MovesForBlock(CreditCommand c, long blockId, Participant actor, string holderId, BlockTrigger trigger,
        string newHolder, string? pledgee)
    {
        var b = store.FindBlock(blockId) ?? throw new LedgerException($"Unknown block {blockId}.");
        RequireHeldBy(b, holderId);
        b.EnsureCanFire(trigger, actor.Id);
        long quantity = c.Quantity ?? b.Quantity;
        RequirePositive(quantity);
        if (quantity > b.Quantity)
        {
            throw new LedgerException($"Block {b.Id} holds {b.Quantity} credits; cannot {trigger.Name()} {quantity}.");
        }
        return [Take(RequireProject(b.ProjectId), b, b.Range.TakeLowest(quantity).Moved, trigger, newHolder,
            trigger == BlockTrigger.Pledge ? pledgee : null)];
    }

    private List<BlockMove> MovesForSerials(CreditCommand c, SerialRange serials, Participant actor, string holderId, BlockTrigger trigger,
        string newHolder, string? pledgee)
    {
        var project = RequireProject(c.Project ?? throw LedgerException.ForFields("Naming serials needs the project ({project}, or a full serial).", "project"));
        if (c.Quantity is long q && q != serials.Count)
        {
            throw new LedgerException($"Serials {serials} are {serials.Count} credits, but the quantity is {q}.");
        }
        var moves = new List<BlockMove>();
        long cur = serials.Start;
        while (cur <= serials.End)
        {
            var b = store.BlockContaining(project.Id, cur) ?? throw new LedgerException($"Serial {cur} of project '{project.Id}' was never issued.");
            RequireHeldBy(b, holderId);
            b.EnsureCanFire(trigger, actor.Id);
            var part = new SerialRange(cur, Math.Min(serials.End, b.End));
            moves.Add(Take(project, b, part, trigger, newHolder, trigger == BlockTrigger.Pledge ? pledgee : null));
            cur = part.End + 1;
        }
        return moves;
    }

    private static void RequireHeldBy(CreditBlock b, string holderId)
    {
        if (b.HolderId != holderId)
        {
            throw new LedgerException($"Serials {b.Range} of project '{b.ProjectId}' are held by '{b.HolderId}', not '{holderId}'.");
        }
    }

    private BlockMove Take(Project project, CreditBlock b, SerialRange part, BlockTrigger trigger, string newHolder, string? pledgee)
    {
        bool whole = part == b.Range;
        long? carved = whole ? null : store.AllocateBlockId();
        long? upper = !whole && part.Start > b.Start && part.End < b.End ? store.AllocateBlockId() : null;
        return Move(project, b.VintageStart, b.VintageEnd, b.Id, carved, upper, part, trigger, b.HolderId, newHolder, b.Status, pledgee);
    }

    private static BlockMove Move(Project project, DateOnly vs, DateOnly ve, long block, long? carved, long? upper, SerialRange part,
        BlockTrigger trigger, string fromHolder, string holder, BlockStatus fromStatus, string? pledgee) =>
        new(block, carved, upper, project.Id, vs, ve, part.Start, part.End, trigger.Name(), fromHolder, holder, fromStatus.Name(),
            StatusAfter(trigger).Name(), pledgee, SerialNumber.Format(project.Region, project.Id, vs, ve, part));

    /// <summary>The status a block has after a trigger.</summary>
    public static BlockStatus StatusAfter(BlockTrigger trigger) => trigger switch
    {
        BlockTrigger.Transfer or BlockTrigger.Release or BlockTrigger.Unfreeze => BlockStatus.Active,
        BlockTrigger.Pledge => BlockStatus.Pledged,
        BlockTrigger.Freeze => BlockStatus.Frozen,
        BlockTrigger.Retire => BlockStatus.Retired,
        BlockTrigger.Cancel => BlockStatus.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "Unknown trigger."),
    };

    private static ProjectState ProjectTarget(ProjectState from, ProjectTrigger trigger)
    {
        var state = from;
        Project.CreateMachine(() => state, s => state = s).Fire(trigger);
        return state;
    }

    private static void RequireHolderActor(Participant actor, Participant holder, BlockTrigger trigger, string subject, BlockStatus source)
    {
        if (actor.Id != holder.Id)
        {
            throw LedgerException.MissingRole(trigger.Name(), subject, source.Name(), actor, $"the holder '{holder.Id}'");
        }
    }

    private static void CheckProject(Project project, ProjectTrigger trigger, Participant actor)
    {
        if (!project.CanFire(trigger))
        {
            throw LedgerException.IllegalTransition(trigger.Name(), $"project '{project.Id}'", project.State.Name(), actor.Id);
        }
        var (requirement, allowed) = ProjectRule(trigger);
        if (!allowed(actor, project))
        {
            throw LedgerException.MissingRole(trigger.Name(), $"project '{project.Id}'", project.State.Name(), actor,
                requirement == "the project's owner" ? $"the project's owner '{project.OwnerId}'" : requirement);
        }
    }

    /// <summary>Who may fire an issuance trigger: a sentence fragment for messages, and the check.</summary>
    public static (string Requirement, Func<Participant, bool> Allowed) IssuanceRule(IssuanceTrigger trigger) => trigger switch
    {
        IssuanceTrigger.Verify => ("role 'verifier'", a => a.Role == Role.Verifier),
        IssuanceTrigger.Issue => ("role 'registry'", a => a.Role == Role.Registry),
        _ => ("role 'registry' or 'verifier'", a => a.Role is Role.Registry or Role.Verifier),
    };

    private static void CheckRequest(IssuanceRequest request, IssuanceTrigger trigger, Participant actor)
    {
        if (!request.CanFire(trigger))
        {
            throw LedgerException.IllegalTransition(trigger.Name(), $"issuance request '{request.Id}'", request.State.Name(), actor.Id);
        }
        var (requirement, allowed) = IssuanceRule(trigger);
        if (!allowed(actor))
        {
            throw LedgerException.MissingRole(trigger.Name(), $"issuance request '{request.Id}'", request.State.Name(), actor, requirement);
        }
    }

    private void CheckNoOverlap(Project project, IssuanceRequest request)
    {
        foreach (var other in store.RequestsOf(project.Id))
        {
            if (other.Id != request.Id && other.State == IssuanceState.Issued && other.Overlaps(request))
            {
                throw new LedgerException($"Monitoring period {request.VintageStart:yyyy-MM-dd}..{request.VintageEnd:yyyy-MM-dd} overlaps the issued period " +
                    $"{other.VintageStart:yyyy-MM-dd}..{other.VintageEnd:yyyy-MM-dd} (request '{other.Id}') of project '{project.Id}'.");
            }
        }
        // The same land in another project: credits issued there for an overlapping period (in any state of that project, and whatever
        // became of the credits since: a vintage once issued has been credited to the land) rule this period out here.
        foreach (var shared in store.ProjectsSharingUnits(project.Id))
        {
            var issued = store.RequestsOf(shared.ProjectId).Where(o => o.State == IssuanceState.Issued && o.Overlaps(request))
                .OrderBy(o => o.VintageStart).ThenBy(o => o.Id, StringComparer.Ordinal).FirstOrDefault();
            if (issued is not null)
            {
                var (from, to) = (Max(request.VintageStart, issued.VintageStart), Min(request.VintageEnd, issued.VintageEnd));
                throw new LedgerException($"Monitoring period {request.VintageStart:yyyy-MM-dd}..{request.VintageEnd:yyyy-MM-dd} of project '{project.Id}' " +
                    $"overlaps the issued period {issued.VintageStart:yyyy-MM-dd}..{issued.VintageEnd:yyyy-MM-dd} (request '{issued.Id}') of project " +
                    $"'{shared.ProjectId}', which also covers unit '{shared.UnitId}': the same land cannot be credited twice for {from:yyyy-MM-dd}..{to:yyyy-MM-dd}.");
            }
        }
    }

    /// <summary>
    /// Registration claims the project's units for its crediting period: a unit may be in one registered (or suspended) project at a
    /// time for any day. A closed project no longer claims its units; what it issued is guarded at issuance (<see cref="CheckNoOverlap"/>).
    /// </summary>
    private void CheckUnitsNotRegisteredElsewhere(Project project)
    {
        foreach (var shared in store.ProjectsSharingUnits(project.Id))
        {
            var other = RequireProject(shared.ProjectId);
            if (other.State is ProjectState.Registered or ProjectState.Suspended && other.PeriodStart <= project.PeriodEnd && project.PeriodStart <= other.PeriodEnd)
            {
                var (from, to) = (Max(project.PeriodStart, other.PeriodStart), Min(project.PeriodEnd, other.PeriodEnd));
                throw new LedgerException($"Crediting period {project.PeriodStart:yyyy-MM-dd}..{project.PeriodEnd:yyyy-MM-dd} of project '{project.Id}' " +
                    $"overlaps the crediting period {other.PeriodStart:yyyy-MM-dd}..{other.PeriodEnd:yyyy-MM-dd} of {other.State.Name()} project '{other.Id}', " +
                    $"which already covers unit '{shared.UnitId}': the same land cannot be registered twice for {from:yyyy-MM-dd}..{to:yyyy-MM-dd}.");
            }
        }
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static void RequirePositive(long quantity)
    {
        if (quantity <= 0)
        {
            throw new LedgerException($"Quantity must be a positive number of tonnes; got {quantity}.");
        }
    }

    private void RequireInitialized()
    {
        if (store.FindParticipant(SystemAccounts.Issuance) is null)
        {
            throw new LedgerException("The ledger is not initialised; run 'ecoledger ledger init' first.");
        }
    }

    private Participant RequireActor(string? actorId) => Actor.RequireParticipant(store, actorId);

    private Project RequireProject(string id) => store.FindProject(id) ?? throw new LedgerException($"Unknown project '{id}'.");

    private IssuanceRequest RequireRequest(string id) => store.FindRequest(id) ?? throw new LedgerException($"Unknown issuance request '{id}'.");
}
