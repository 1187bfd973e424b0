using EcoLedger.Ledger;

namespace EcoLedger.Tests.Ledger;

/// <summary>An in-memory ledger with a journal: decide, seal, apply — what the storage layer does, without a database.</summary>
internal sealed class TestLedger
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public InMemoryLedgerStore Store { get; } = new();

    public List<JournalEntry> Journal { get; } = [];

    public JournalEntry Run(Func<LedgerEngine, PendingEvent> decide)
    {
        var pending = decide(new LedgerEngine(Store));
        long seq = Journal.Count + 1;
        var entry = EcoLedger.Ledger.Journal.Seal(seq, T0.AddSeconds(seq - 1), pending,
            Journal.Count == 0 ? EcoLedger.Ledger.Journal.GenesisHash : Journal[^1].Hash);
        LedgerApplier.Apply(Store, pending.Kind, pending.Actor, pending.Payload, seq);
        Journal.Add(entry);
        return entry;
    }

    /// <summary>Runs a command that must be refused; asserts nothing was journalled and returns the message.</summary>
    public string Refused(Func<LedgerEngine, PendingEvent> decide)
    {
        int before = Journal.Count;
        var blocks = Snapshot();
        var e = Assert.Throws<LedgerException>(() => Run(decide));
        Assert.Equal(before, Journal.Count);
        Assert.Equal(blocks, Snapshot());
        return e.Message;
    }

    public List<string> Snapshot() =>
        Store.Blocks.OrderBy(b => b.Id).Select(b => $"{b.Id}:{b.ProjectId}:{b.Start}-{b.End}:{b.HolderId}:{b.Status}:{b.PledgeeId}").ToList();

    public T Payload<T>(JournalEntry e) => (T)EcoLedger.Ledger.Journal.ReadPayload(e.Kind, e.Payload);

    /// <summary>
    /// Participants reg (registry), ver (verifier), owner (project_owner), h1, h2, bank (holders); project P1 in region YC with the given
    /// buffer share (basis points), crediting period 2020-01-01..2049-12-31, brought to <paramref name="state"/>.
    /// </summary>
    public static TestLedger WithProject(int bufferBp = 1_000, ProjectState state = ProjectState.Registered)
    {
        var l = new TestLedger();
        l.Run(e => e.Initialize());
        l.Run(e => e.AddParticipant(null, "reg", Role.Registry, null));
        l.Run(e => e.AddParticipant("reg", "ver", Role.Verifier, null));
        l.Run(e => e.AddParticipant("reg", "owner", Role.ProjectOwner, null));
        foreach (var h in new[] { "h1", "h2", "bank" })
        {
            l.Run(e => e.AddParticipant("reg", h, Role.Holder, null));
        }
        l.CreateProject("P1", bufferBp);
        l.Advance("P1", state);
        return l;
    }

    /// <summary>Creates a draft project of owner; by default over units u1 and u2 with crediting period 2020-01-01..2049-12-31.</summary>
    public void CreateProject(string id, int bufferBp, IReadOnlyList<string>? units = null, DateOnly? periodStart = null, DateOnly? periodEnd = null) =>
        Run(e => e.CreateProject("owner", id, "owner", "YC", "CCER-14-001-V01", bufferBp, periodStart ?? new DateOnly(2020, 1, 1),
            periodEnd ?? new DateOnly(2049, 12, 31), units ?? ["u1", "u2"]));

    /// <summary>Fires the triggers that lead from draft to <paramref name="state"/>.</summary>
    public void Advance(string project, ProjectState state)
    {
        (ProjectTrigger, string)[] path = state switch
        {
            ProjectState.Draft => [],
            ProjectState.Submitted => [(ProjectTrigger.Submit, "owner")],
            ProjectState.Validated => [(ProjectTrigger.Submit, "owner"), (ProjectTrigger.Validate, "ver")],
            ProjectState.Registered => [(ProjectTrigger.Submit, "owner"), (ProjectTrigger.Validate, "ver"), (ProjectTrigger.Register, "reg")],
            ProjectState.Suspended => [(ProjectTrigger.Submit, "owner"), (ProjectTrigger.Validate, "ver"), (ProjectTrigger.Register, "reg"), (ProjectTrigger.Suspend, "reg")],
            ProjectState.Closed => [(ProjectTrigger.Submit, "owner"), (ProjectTrigger.Validate, "ver"), (ProjectTrigger.Register, "reg"), (ProjectTrigger.Close, "reg")],
            _ => [(ProjectTrigger.Submit, "owner"), (ProjectTrigger.Reject, "reg")],
        };
        foreach (var (t, a) in path)
        {
            Run(e => e.TransitionProject(a, project, t));
        }
    }

    /// <summary>Requests, verifies and issues one calendar-year vintage.</summary>
    public IssuanceIssued Issue(string requestId, string project, int year, long quantity)
    {
        Run(e => e.RequestIssuance("owner", requestId, project, new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), quantity));
        Run(e => e.TransitionIssuance("ver", requestId, IssuanceTrigger.Verify));
        return Payload<IssuanceIssued>(Run(e => e.Issue("reg", requestId)));
    }

    public CreditsMoved Credits(string actor, CreditCommand c) => Payload<CreditsMoved>(Run(e => e.Credits(actor, c)));

    public long Held(string holder, BlockStatus status = BlockStatus.Active) =>
        Store.BlocksOf(holder).Where(b => b.Status == status).Sum(b => b.Quantity);

    public string Ranges(string holder, BlockStatus status = BlockStatus.Active) =>
        string.Join(",", Store.BlocksOf(holder).Where(b => b.Status == status).OrderBy(b => b.ProjectId).ThenBy(b => b.Start).Select(b => $"{b.ProjectId}:{b.Range}"));
}
