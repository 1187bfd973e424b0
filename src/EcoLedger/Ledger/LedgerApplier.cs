namespace EcoLedger.Ledger;

/// <summary>
/// Applies a decided event to a store. The same code runs when a command is executed and when the journal is replayed,
/// so replaying the journal into an empty <see cref="InMemoryLedgerStore"/> reproduces the blocks and balances.
/// </summary>
public static class LedgerApplier
{
    /// <summary>Applies <paramref name="payload"/> (a payload record of <paramref name="kind"/>) as event <paramref name="seq"/>.</summary>
    public static void Apply(ILedgerStore store, string kind, string actor, object payload, long seq)
    {
        switch (payload)
        {
            case LedgerInitialized init:
                foreach (var a in init.Accounts)
                {
                    store.AddParticipant(new Participant(a, Role.System, a));
                }
                break;
            case ParticipantAdded p:
                store.AddParticipant(new Participant(p.Id, LedgerNames.Parse<Role>(p.Role), p.Name));
                break;
            case ProjectCreated p:
                store.AddProject(new Project(p.Id, p.Owner, p.Region, p.Methodology, p.BufferBasisPoints, p.PeriodStart, p.PeriodEnd, p.Units, p.Geometries));
                break;
            case ProjectTransitioned t:
                Required(store.FindProject(t.Id), "project", t.Id).Fire(LedgerNames.Parse<ProjectTrigger>(t.Trigger), actor);
                break;
            case IssuanceRequested r:
                store.AddRequest(new IssuanceRequest(r.Id, r.Project, r.VintageStart, r.VintageEnd, r.Quantity));
                break;
            case IssuanceTransitioned t:
                Required(store.FindRequest(t.Id), "issuance request", t.Id).Fire(LedgerNames.Parse<IssuanceTrigger>(t.Trigger), actor);
                break;
            case IssuanceIssued i:
                ApplyIssue(store, i, actor, seq);
                break;
            case ReversalReported r:
                ApplyMoves(store, r.Moves, actor, seq);
                Required(store.FindProject(r.Project), "project", r.Project).AddShortfall(r.Shortfall);
                store.AddReversed(r.Project, r.Quantity);
                break;
            case CreditsMoved c:
                ApplyMoves(store, c.Moves, actor, seq);
                if (kind == EventKinds.ForOperation(CreditOperation.Surrender))
                {
                    Required(store.FindProject(c.Project!), "project", c.Project!).AddShortfall(-c.Quantity);
                }
                break;
            case ParticipantKeyRegistered or ParticipantKeyRevoked or SignaturePolicySet:
                ParticipantKeys.Apply(store, payload, seq);
                break;
            case CommandAccepted:
                break; // the request record is the runner's (CommandRunner); the signature is checked by the verifier (CommandSignatures)
            case IModuleEvent:
                break; // no effect on credits: the module's own applier (compensation, pricing) replays it
            default:
                throw new InvalidOperationException($"Unknown payload {payload.GetType().Name} for event kind '{kind}'.");
        }
    }

    private static void ApplyIssue(ILedgerStore store, IssuanceIssued i, string actor, long seq)
    {
        var request = Required(store.FindRequest(i.Id), "issuance request", i.Id);
        var project = Required(store.FindProject(i.Project), "project", i.Project);
        request.Fire(IssuanceTrigger.Issue, actor);
        long start = project.ReserveSerials(i.Quantity);
        if (start != i.SerialStart)
        {
            throw new InvalidOperationException($"Issuance '{i.Id}' starts at serial {i.SerialStart} but project '{i.Project}' is at {start}.");
        }
        request.RecordIssue(start, i.Buffer);
        store.AddBlock(new CreditBlock(i.Block, i.Project, i.VintageStart, i.VintageEnd, new SerialRange(i.SerialStart, i.SerialEnd),
            SystemAccounts.Issuance, seq));
        store.AddTouch(i.Block, seq);
        ApplyMoves(store, i.Moves, actor, seq);
    }

    private static void ApplyMoves(ILedgerStore store, IReadOnlyList<BlockMove> moves, string actor, long seq)
    {
        var net = new Dictionary<(string Account, string Project, DateOnly Vs, DateOnly Ve), long>();
        foreach (var m in moves)
        {
            var block = store.FindBlock(m.Block) ?? throw new InvalidOperationException($"Event {seq} moves unknown block {m.Block}.");
            var part = new SerialRange(m.Start, m.End);
            var target = block;
            if (m.NewBlock is long newId)
            {
                store.BlockChanging(block);
                var (carved, upper) = block.Carve(part, newId, m.UpperBlock, seq);
                store.BlockChanged(block);
                store.AddBlock(carved);
                if (upper is not null)
                {
                    store.AddBlock(upper);
                }
                target = carved;
            }
            else if (part != block.Range)
            {
                throw new InvalidOperationException($"Event {seq} moves {part} as the whole of {block.Subject}.");
            }
            store.AddTouch(block.Id, seq);
            string from = target.HolderId;
            if (from != m.FromHolder || target.Status.Name() != m.FromStatus)
            {
                throw new InvalidOperationException($"Event {seq} expects {target.Subject} held by '{m.FromHolder}' as '{m.FromStatus}'.");
            }
            store.BlockChanging(target);
            target.Apply(LedgerNames.Parse<BlockTrigger>(m.Trigger), m.Holder, m.Pledgee, actor);
            store.BlockChanged(target);
            if (from != m.Holder)
            {
                Add(net, (from, m.Project, m.VintageStart, m.VintageEnd), -m.Quantity);
                Add(net, (m.Holder, m.Project, m.VintageStart, m.VintageEnd), m.Quantity);
            }
        }
        foreach (var ((account, project, vs, ve), amount) in net.OrderBy(kv => kv.Key.Account, StringComparer.Ordinal)
                     .ThenBy(kv => kv.Key.Project, StringComparer.Ordinal).ThenBy(kv => kv.Key.Vs))
        {
            if (amount != 0)
            {
                store.AddPosting(new Posting(seq, account, project, vs, ve, amount));
            }
        }
    }

    private static void Add(Dictionary<(string, string, DateOnly, DateOnly), long> net, (string, string, DateOnly, DateOnly) key, long amount) =>
        net[key] = net.GetValueOrDefault(key) + amount;

    private static T Required<T>(T? value, string what, string id) where T : class =>
        value ?? throw new InvalidOperationException($"The journal refers to unknown {what} '{id}'.");
}
