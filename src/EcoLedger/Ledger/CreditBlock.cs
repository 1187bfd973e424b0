using Stateless;

namespace EcoLedger.Ledger;

/// <summary>The status of a block of credits.</summary>
public enum BlockStatus
{
    /// <summary>Free to transfer, retire, pledge, freeze or cancel.</summary>
    Active,

    /// <summary>Collateral for a bank: stays with its holder but cannot move.</summary>
    Pledged,

    /// <summary>Frozen by the registry.</summary>
    Frozen,

    /// <summary>Retired for a beneficiary: final.</summary>
    Retired,

    /// <summary>Cancelled by the registry or by a reversal: final.</summary>
    Cancelled,
}

/// <summary>What can happen to a block (or to the part of it an operation carves out).</summary>
public enum BlockTrigger
{
    /// <summary>Move to another holder (active → active).</summary>
    Transfer,

    /// <summary>Pledge as collateral (active → pledged).</summary>
    Pledge,

    /// <summary>End a pledge (pledged → active).</summary>
    Release,

    /// <summary>Registry freezes (active → frozen).</summary>
    Freeze,

    /// <summary>Registry unfreezes (frozen → active).</summary>
    Unfreeze,

    /// <summary>Retire for a beneficiary (active → retired).</summary>
    Retire,

    /// <summary>Cancel (active → cancelled).</summary>
    Cancel,
}

/// <summary>
/// A block of credits: one credit class (project + vintage), an inclusive serial range, a holder and a status.
/// Blocks never overlap; operating on part of a block splits it (<see cref="SerialRange.TakeLowest"/>).
/// </summary>
public sealed class CreditBlock
{
    private CreditBlock()
    {
        ProjectId = HolderId = "";
    }

    /// <summary>Creates an active block.</summary>
    public CreditBlock(long id, string projectId, DateOnly vintageStart, DateOnly vintageEnd, SerialRange range,
        string holderId, long createdSeq, long? parentId = null)
    {
        Id = id;
        ProjectId = projectId;
        VintageStart = vintageStart;
        VintageEnd = vintageEnd;
        Start = range.Start;
        End = range.End;
        HolderId = holderId;
        Status = BlockStatus.Active;
        CreatedSeq = createdSeq;
        ParentId = parentId;
    }

    /// <summary>The order in which a holder's blocks are spent: oldest vintage first, then project, then lowest serial.</summary>
    public static IComparer<CreditBlock> SpendingOrder { get; } = Comparer<CreditBlock>.Create((a, b) =>
    {
        int c = a.VintageStart.CompareTo(b.VintageStart);
        if (c == 0)
        {
            c = string.CompareOrdinal(a.ProjectId, b.ProjectId);
        }
        if (c == 0)
        {
            c = a.Start.CompareTo(b.Start);
        }
        return c != 0 ? c : a.Id.CompareTo(b.Id);
    });

    /// <summary>Rebuilds a block as stored.</summary>
    public static CreditBlock Restore(long id, string projectId, DateOnly vintageStart, DateOnly vintageEnd, long start, long end, string holderId,
        BlockStatus status, string? pledgeeId, long? parentId, long createdSeq, long version) =>
        new(id, projectId, vintageStart, vintageEnd, new SerialRange(start, end), holderId, createdSeq, parentId)
        {
            Status = status,
            PledgeeId = pledgeeId,
            Version = version,
        };

    /// <summary>Block id, unique in the ledger.</summary>
    public long Id { get; private set; }

    /// <summary>Project of the credit class.</summary>
    public string ProjectId { get; private set; }

    /// <summary>Vintage start of the credit class.</summary>
    public DateOnly VintageStart { get; private set; }

    /// <summary>Vintage end of the credit class.</summary>
    public DateOnly VintageEnd { get; private set; }

    /// <summary>First serial.</summary>
    public long Start { get; private set; }

    /// <summary>Last serial (inclusive).</summary>
    public long End { get; private set; }

    /// <summary>Holding account (participant id or system account).</summary>
    public string HolderId { get; private set; }

    /// <summary>Status.</summary>
    public BlockStatus Status { get; private set; }

    /// <summary>The bank holding the pledge, while pledged.</summary>
    public string? PledgeeId { get; private set; }

    /// <summary>The block this one was split from (null for an issued block).</summary>
    public long? ParentId { get; private set; }

    /// <summary>Journal sequence number of the event that created this block.</summary>
    public long CreatedSeq { get; private set; }

    /// <summary>Optimistic-concurrency version, incremented on every change.</summary>
    public long Version { get; private set; }

    /// <summary>The serial range.</summary>
    public SerialRange Range => new(Start, End);

    /// <summary>Number of credits.</summary>
    public long Quantity => End - Start + 1;

    // Every split creates a block, so blocks do not each build a Stateless machine: the transitions are read once from the
    // machine that CreateMachine defines (the single definition, also used for the diagrams) into a table.
    private static readonly Dictionary<(BlockStatus, BlockTrigger), BlockStatus> Transitions = CompileTransitions();

    private static Dictionary<(BlockStatus, BlockTrigger), BlockStatus> CompileTransitions()
    {
        var table = new Dictionary<(BlockStatus, BlockTrigger), BlockStatus>();
        foreach (var from in Enum.GetValues<BlockStatus>())
        {
            foreach (var trigger in Enum.GetValues<BlockTrigger>())
            {
                var state = from;
                var machine = CreateMachine(() => state, s => state = s);
                if (machine.CanFire(trigger))
                {
                    machine.Fire(trigger);
                    table.Add((from, trigger), state);
                }
            }
        }
        return table;
    }

    /// <summary>True when the state machine permits the trigger now.</summary>
    public bool CanFire(BlockTrigger trigger) => Transitions.ContainsKey((Status, trigger));

    /// <summary>Lower-case subject for messages: <c>block 7 (serials 1-100 of project 'P1')</c>.</summary>
    public string Subject => $"block {Id} (serials {Range} of project '{ProjectId}')";

    /// <summary>Throws unless the trigger is allowed in the current status.</summary>
    public void EnsureCanFire(BlockTrigger trigger, string actorId)
    {
        if (!CanFire(trigger))
        {
            throw LedgerException.IllegalTransition(trigger.Name(), Subject, Status.Name(), actorId);
        }
    }

    /// <summary>
    /// Carves <paramref name="part"/> out of this block into a new block with the same class, holder and status.
    /// This block keeps the serials below the part; when serials remain above it as well, they go to a third block
    /// <paramref name="upperId"/>. Returns the carved block and the upper remainder, if any.
    /// </summary>
    public (CreditBlock Carved, CreditBlock? Upper) Carve(SerialRange part, long carvedId, long? upperId, long seq)
    {
        if (part.Start < Start || part.End > End || part == Range)
        {
            throw new InvalidOperationException($"Cannot carve {part} out of {Subject}: it must be a proper part of {Range}.");
        }
        var carved = CloneWith(carvedId, part, seq);
        CreditBlock? upper = null;
        if (part.Start > Start && part.End < End)
        {
            if (upperId is null)
            {
                throw new InvalidOperationException($"Carving {part} out of the middle of {Subject} needs an id for the upper part.");
            }
            upper = CloneWith(upperId.Value, new SerialRange(part.End + 1, End), seq);
            End = part.Start - 1;
        }
        else if (part.Start == Start)
        {
            Start = part.End + 1;
        }
        else
        {
            End = part.Start - 1;
        }
        Version++;
        return (carved, upper);
    }

    /// <summary>Fires a trigger and sets the resulting holder and pledgee.</summary>
    public void Apply(BlockTrigger trigger, string holderId, string? pledgeeId, string actorId)
    {
        EnsureCanFire(trigger, actorId);
        Status = Transitions[(Status, trigger)];
        HolderId = holderId;
        PledgeeId = pledgeeId;
        Version++;
    }

    private CreditBlock CloneWith(long id, SerialRange range, long seq) =>
        new(id, ProjectId, VintageStart, VintageEnd, range, HolderId, seq, Id) { Status = Status, PledgeeId = PledgeeId };

    /// <summary>The block state machine, with status kept by the caller.</summary>
    public static StateMachine<BlockStatus, BlockTrigger> CreateMachine(Func<BlockStatus> read, Action<BlockStatus> write)
    {
        var m = new StateMachine<BlockStatus, BlockTrigger>(read, write);
        m.Configure(BlockStatus.Active)
            .PermitReentry(BlockTrigger.Transfer)
            .Permit(BlockTrigger.Pledge, BlockStatus.Pledged)
            .Permit(BlockTrigger.Freeze, BlockStatus.Frozen)
            .Permit(BlockTrigger.Retire, BlockStatus.Retired)
            .Permit(BlockTrigger.Cancel, BlockStatus.Cancelled);
        m.Configure(BlockStatus.Pledged).Permit(BlockTrigger.Release, BlockStatus.Active);
        m.Configure(BlockStatus.Frozen).Permit(BlockTrigger.Unfreeze, BlockStatus.Active);
        return m;
    }
}
