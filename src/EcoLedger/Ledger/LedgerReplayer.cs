using EcoLedger.Audit;

namespace EcoLedger.Ledger;

/// <summary>
/// The ledger's side of the audit verifier (<see cref="IEventReplayer"/>): replays journal events into blocks and balances with the
/// same <see cref="LedgerApplier"/> that executed the commands, and checks the invariants as it goes, so the first event that breaks
/// one is named.
/// </summary>
/// <remarks>
/// Per event (cheap, touches only what the event touches): the payload reads as its kind's record; no move starts from a retired or
/// cancelled block (<c>transfer of retired serials 101-200</c>); the applier accepts the event (the state machines allow every
/// transition, the moved serials are where and with whom the event says, issuance continues the project's numbering); the event's
/// postings sum to zero per credit class; no account but <c>issuance</c> goes negative. At the end, <see cref="LedgerInvariants"/>
/// in full: supply adds up per class, postings sum to zero, blocks never overlap and cover exactly the issued ranges.
/// </remarks>
public sealed class LedgerReplayer : IEventReplayer
{
    private readonly Dictionary<(string Account, string Project, DateOnly VintageStart), long> _balances = [];

    /// <summary>The ledger as replayed so far.</summary>
    public InMemoryLedgerStore Store { get; } = new();

    /// <summary>Running balance per account and credit class, from the replayed postings.</summary>
    public IReadOnlyDictionary<(string Account, string Project, DateOnly VintageStart), long> Balances => _balances;

    /// <inheritdoc/>
    public string? Apply(JournalEvent journalEvent)
    {
        ArgumentNullException.ThrowIfNull(journalEvent);
        object payload;
        try
        {
            payload = Journal.ReadPayload(journalEvent.Kind, journalEvent.Payload);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            return $"unreadable {journalEvent.Kind} payload ({e.Message})";
        }
        var (operation, moves) = payload switch
        {
            CreditsMoved c => (c.Operation, c.Moves),
            IssuanceIssued i => ("issuance", i.Moves),
            ReversalReported r => ("reversal", r.Moves),
            _ => ("", (IReadOnlyList<BlockMove>)[]),
        };
        foreach (var m in moves)
        {
            if (Store.FindBlock(m.Block) is { Status: BlockStatus.Retired or BlockStatus.Cancelled } spent)
            {
                return $"{operation} of {spent.Status.Name()} serials {m.Start}-{m.End}";
            }
        }
        int postingsBefore = Store.Postings.Count;
        try
        {
            LedgerApplier.Apply(Store, journalEvent.Kind, journalEvent.Actor, payload, journalEvent.Seq);
        }
        catch (Exception e) when (e is LedgerException or InvalidOperationException or ArgumentException or KeyNotFoundException or FormatException)
        {
            return $"{journalEvent.Kind} cannot be replayed: {e.Message}";
        }
        var perClass = new Dictionary<(string, DateOnly), long>();
        for (int i = postingsBefore; i < Store.Postings.Count; i++)
        {
            var p = Store.Postings[i];
            perClass[(p.ProjectId, p.VintageStart)] = perClass.GetValueOrDefault((p.ProjectId, p.VintageStart)) + p.Amount;
            var key = (p.Account, p.ProjectId, p.VintageStart);
            long balance = _balances.GetValueOrDefault(key) + p.Amount;
            _balances[key] = balance;
            if (balance < 0 && p.Account != SystemAccounts.Issuance)
            {
                return $"account '{p.Account}' goes negative ({balance}) in {p.ProjectId} {p.VintageStart:yyyy-MM-dd}";
            }
        }
        foreach (var ((project, vintage), sum) in perClass)
        {
            if (sum != 0)
            {
                return $"postings of {project} {vintage:yyyy-MM-dd} sum to {sum}, not 0";
            }
        }
        return null;
    }

    /// <inheritdoc/>
    public string? Finish() => LedgerInvariants.Check(Store).FirstOrDefault();
}
