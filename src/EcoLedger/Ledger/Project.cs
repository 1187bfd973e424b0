using Stateless;

namespace EcoLedger.Ledger;

/// <summary>The life cycle of a carbon-sink project.</summary>
public enum ProjectState
{
    /// <summary>Created by its owner, editable.</summary>
    Draft,

    /// <summary>Submitted for validation.</summary>
    Submitted,

    /// <summary>Validated by a verifier.</summary>
    Validated,

    /// <summary>Registered by the registry: may request issuance.</summary>
    Registered,

    /// <summary>Suspended by the registry: no issuance until reinstated.</summary>
    Suspended,

    /// <summary>Closed for good.</summary>
    Closed,

    /// <summary>Rejected during submission or validation.</summary>
    Rejected,
}

/// <summary>What can happen to a project.</summary>
public enum ProjectTrigger
{
    /// <summary>Owner submits the draft (draft → submitted).</summary>
    Submit,

    /// <summary>Verifier validates (submitted → validated).</summary>
    Validate,

    /// <summary>Registry registers (validated → registered).</summary>
    Register,

    /// <summary>Registry suspends (registered → suspended).</summary>
    Suspend,

    /// <summary>Registry reinstates (suspended → registered).</summary>
    Reinstate,

    /// <summary>Registry closes (registered or suspended → closed).</summary>
    Close,

    /// <summary>Registry or verifier rejects (submitted or validated → rejected).</summary>
    Reject,

    /// <summary>Owner requests issuance for a monitoring period (registered only; state unchanged; a re-entry).</summary>
    RequestIssuance,

    /// <summary>Registry issues credits (registered only; state unchanged; a re-entry).</summary>
    Issue,

    /// <summary>Registry or owner reports a reversal (registered, suspended or closed; state unchanged; a re-entry).</summary>
    ReportReversal,
}

/// <summary>A forestry carbon-sink project: owner, methodology, crediting period, region, accounting units, buffer share.</summary>
public sealed class Project
{
    private readonly List<ProjectUnit> _units = [];
    private StateMachine<ProjectState, ProjectTrigger>? _machine;

    private Project()
    {
        Id = OwnerId = Region = Methodology = "";
    }

    /// <summary>Creates a draft project.</summary>
    /// <param name="id">Project id (letters, digits, underscore).</param>
    /// <param name="ownerId">The owning participant.</param>
    /// <param name="region">Region code used in serial numbers.</param>
    /// <param name="methodology">Methodology code, e.g. CCER-14-001-V01.</param>
    /// <param name="bufferBasisPoints">Non-permanence buffer share in basis points (0–10,000 = 0–100 %).</param>
    /// <param name="periodStart">First day of the crediting period.</param>
    /// <param name="periodEnd">Last day of the crediting period.</param>
    /// <param name="unitIds">Accounting units covered (ids).</param>
    /// <param name="geometries">The outlines of some or all of those units (<see cref="UnitGeometry"/>), when known.</param>
    public Project(string id, string ownerId, string region, string methodology, int bufferBasisPoints,
        DateOnly periodStart, DateOnly periodEnd, IEnumerable<string>? unitIds = null, IReadOnlyList<UnitGeometry>? geometries = null)
    {
        Identifiers.Require(id, "project id");
        Identifiers.Require(region, "region code");
        if (string.IsNullOrWhiteSpace(methodology))
        {
            throw new LedgerException("A methodology code is required.");
        }
        if (bufferBasisPoints is < 0 or > 10_000)
        {
            throw new LedgerException($"Buffer percentage must be between 0 and 100; got {bufferBasisPoints / 100m}.");
        }
        if (periodEnd < periodStart)
        {
            throw new LedgerException($"Crediting period ends ({periodEnd:yyyy-MM-dd}) before it starts ({periodStart:yyyy-MM-dd}).");
        }
        Id = id;
        OwnerId = ownerId;
        Region = region;
        Methodology = methodology;
        BufferBasisPoints = bufferBasisPoints;
        PeriodStart = periodStart;
        PeriodEnd = periodEnd;
        NextSerial = 1;
        State = ProjectState.Draft;
        var outlines = UnitGeometry.ByUnit(geometries, unitIds ?? []);
        foreach (var u in unitIds ?? [])
        {
            _units.Add(new ProjectUnit(id, u, outlines.GetValueOrDefault(u)?.ToEwkb()));
        }
    }

    /// <summary>Rebuilds a project as stored (without its units).</summary>
    public static Project Restore(string id, string ownerId, string region, string methodology, int bufferBasisPoints, DateOnly periodStart,
        DateOnly periodEnd, ProjectState state, long nextSerial, long reversalShortfall) =>
        new(id, ownerId, region, methodology, bufferBasisPoints, periodStart, periodEnd)
        {
            State = state,
            NextSerial = nextSerial,
            ReversalShortfall = reversalShortfall,
        };

    /// <summary>The project id.</summary>
    public string Id { get; private set; }

    /// <summary>The owning participant's id.</summary>
    public string OwnerId { get; private set; }

    /// <summary>Region code (part of serial numbers).</summary>
    public string Region { get; private set; }

    /// <summary>Methodology code.</summary>
    public string Methodology { get; private set; }

    /// <summary>Buffer share in basis points: 1,500 = 15 %.</summary>
    public int BufferBasisPoints { get; private set; }

    /// <summary>First day of the crediting period.</summary>
    public DateOnly PeriodStart { get; private set; }

    /// <summary>Last day of the crediting period.</summary>
    public DateOnly PeriodEnd { get; private set; }

    /// <summary>Current state.</summary>
    public ProjectState State { get; private set; }

    /// <summary>The next serial number to issue; serials are per project and cumulative across vintages, starting at 1.</summary>
    public long NextSerial { get; private set; }

    /// <summary>Tonnes issued to the project so far, buffer share included (serials run from 1 to <see cref="NextSerial"/> − 1).</summary>
    public long IssuedTonnes => NextSerial - 1;

    /// <summary>Tonnes of a reversal the buffer could not cover; while positive, issuance to the project is held.</summary>
    public long ReversalShortfall { get; private set; }

    /// <summary>The accounting units covered.</summary>
    public IReadOnlyList<ProjectUnit> Units => _units;

    /// <summary>True while issuance is held because of an uncovered reversal.</summary>
    public bool IssuanceHeld => ReversalShortfall > 0;

    private StateMachine<ProjectState, ProjectTrigger> Machine =>
        _machine ??= CreateMachine(() => State, s => State = s);

    /// <summary>Buffer share of an issuance: floor(quantity × buffer %), in whole tonnes.</summary>
    public long BufferShare(long quantity) => checked(quantity * BufferBasisPoints) / 10_000;

    /// <summary>True when the state machine permits the trigger now.</summary>
    public bool CanFire(ProjectTrigger trigger) => Machine.CanFire(trigger);

    /// <summary>Fires a trigger. Roles are checked by <see cref="LedgerEngine"/> before this is called.</summary>
    /// <exception cref="LedgerException">The trigger is not allowed in the current state.</exception>
    public void Fire(ProjectTrigger trigger, string actorId)
    {
        if (!Machine.CanFire(trigger))
        {
            throw LedgerException.IllegalTransition(trigger.Name(), $"project '{Id}'", State.Name(), actorId);
        }
        Machine.Fire(trigger);
    }

    internal long ReserveSerials(long quantity)
    {
        long start = NextSerial;
        NextSerial = checked(NextSerial + quantity);
        return start;
    }

    internal void AddShortfall(long tonnes) => ReversalShortfall = checked(ReversalShortfall + tonnes);

    /// <summary>The project state machine, with states kept by the caller (used for diagrams and by each project).</summary>
    public static StateMachine<ProjectState, ProjectTrigger> CreateMachine(Func<ProjectState> read, Action<ProjectState> write)
    {
        var m = new StateMachine<ProjectState, ProjectTrigger>(read, write);
        m.Configure(ProjectState.Draft).Permit(ProjectTrigger.Submit, ProjectState.Submitted);
        m.Configure(ProjectState.Submitted)
            .Permit(ProjectTrigger.Validate, ProjectState.Validated)
            .Permit(ProjectTrigger.Reject, ProjectState.Rejected);
        m.Configure(ProjectState.Validated)
            .Permit(ProjectTrigger.Register, ProjectState.Registered)
            .Permit(ProjectTrigger.Reject, ProjectState.Rejected);
        m.Configure(ProjectState.Registered)
            .Permit(ProjectTrigger.Suspend, ProjectState.Suspended)
            .Permit(ProjectTrigger.Close, ProjectState.Closed)
            .PermitReentry(ProjectTrigger.RequestIssuance)
            .PermitReentry(ProjectTrigger.Issue)
            .PermitReentry(ProjectTrigger.ReportReversal);
        m.Configure(ProjectState.Suspended)
            .Permit(ProjectTrigger.Reinstate, ProjectState.Registered)
            .Permit(ProjectTrigger.Close, ProjectState.Closed)
            .PermitReentry(ProjectTrigger.ReportReversal);
        m.Configure(ProjectState.Closed)
            .PermitReentry(ProjectTrigger.ReportReversal);
        return m;
    }
}

/// <summary>An accounting unit (forest parcel, grid cell) covered by a project.</summary>
public sealed class ProjectUnit
{
    private ProjectUnit()
    {
        ProjectId = UnitId = "";
    }

    /// <summary>Creates a unit link.</summary>
    public ProjectUnit(string projectId, string unitId, byte[]? geometryWkb = null)
    {
        ProjectId = projectId;
        UnitId = unitId;
        GeometryWkb = geometryWkb;
    }

    /// <summary>The project.</summary>
    public string ProjectId { get; private set; }

    /// <summary>The accounting unit id.</summary>
    public string UnitId { get; private set; }

    /// <summary>
    /// The unit's outline as PostGIS extended WKB (EWKB: WKB with the SRID), when known (<see cref="UnitGeometry.ToEwkb()"/>). On
    /// PostgreSQL the column feeds a generated PostGIS <c>geometry</c> column with a GiST index; on SQLite it is read by NTS.
    /// </summary>
    public byte[]? GeometryWkb { get; private set; }
}

/// <summary>Another project that covers an accounting unit of a project: the other project and the first shared unit (ordinal order).</summary>
/// <param name="ProjectId">The other project.</param>
/// <param name="UnitId">The first unit both projects cover.</param>
public sealed record SharedUnit(string ProjectId, string UnitId)
{
    /// <summary>One <see cref="SharedUnit"/> per other project, with its first shared unit, ordered by project id (ordinal).</summary>
    public static IReadOnlyList<SharedUnit> FirstPerProject(IEnumerable<(string ProjectId, string UnitId)> pairs) =>
        pairs.GroupBy(p => p.ProjectId, StringComparer.Ordinal)
            .Select(g => new SharedUnit(g.Key, g.Select(p => p.UnitId).Min(StringComparer.Ordinal)!))
            .OrderBy(s => s.ProjectId, StringComparer.Ordinal)
            .ToList();
}
