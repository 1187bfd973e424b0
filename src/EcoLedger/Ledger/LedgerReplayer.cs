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
    private readonly Dictionary<string, SignatureTally> _signatures = new(StringComparer.Ordinal);
    private readonly HashSet<string> _requestIds = new(StringComparer.Ordinal);
    private (CommandAccepted Command, long Seq, string Actor)? _accepted;

    /// <summary>
    /// The ledger the signatures must be bound to (from the bundle's or database's audit identity). When not set, the first signed
    /// command's ledger id is taken and every later one must match it.
    /// </summary>
    public string? LedgerId { get; set; }

    /// <summary>Per acting participant: events signed by it, entered for it by a registry, and unsigned (it had no key then).</summary>
    public IReadOnlyDictionary<string, SignatureTally> Signatures => _signatures;

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
        if (Authorize(journalEvent, payload) is { } unauthorized)
        {
            return unauthorized;
        }
        if (payload is CommandAccepted)
        {
            return null;
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
    public string? Finish() =>
        _accepted is { } open ? $"command.accepted at event {open.Seq} is not followed by its event" : LedgerInvariants.Check(Store).FirstOrDefault();

    /// <summary>
    /// Who authorised the event (<see cref="CommandSignatures.Check"/>, on the state before it), and for a credit-ledger command, that
    /// the event is exactly what the accepted command decides on that state: an operator who holds no participant key can neither
    /// make a keyed participant act nor change what a signed command did.
    /// </summary>
    private string? Authorize(JournalEvent e, object payload)
    {
        if (payload is CommandAccepted a)
        {
            if (_accepted is { } open)
            {
                return $"command.accepted at event {open.Seq} is followed by another acceptance instead of its event";
            }
            if (a.IsSigned)
            {
                LedgerId ??= a.LedgerId;
            }
            if (CommandSignatures.Check(Store, e.Actor, a, LedgerId) is { } failure)
            {
                return failure;
            }
            if (a.RequestId is { } rid && !_requestIds.Add(rid))
            {
                return $"request id '{rid}' was accepted twice";
            }
            _accepted = (a, e.Seq, e.Actor);
            return null;
        }
        var accepted = _accepted;
        _accepted = null;
        if (accepted is null)
        {
            if (CommandSignatures.Check(Store, e.Actor, null, LedgerId) is { } failure)
            {
                return failure;
            }
            Count(e.Actor, null);
            return null;
        }
        var (command, seq, actor) = accepted.Value;
        if (actor != e.Actor)
        {
            return $"the command accepted at event {seq} for '{actor}' is followed by an event of '{e.Actor}'";
        }
        Count(e.Actor, command);
        ICommand decoded;
        try
        {
            decoded = CommandHash.Read(command.Command, command.Content.GetRawText());
        }
        catch (FormatException x)
        {
            return $"the command accepted at event {seq} does not read: {x.Message}";
        }
        if (decoded is not ILedgerCommand ledgerCommand)
        {
            return null; // compensation and pricing commands decide against their modules' tables, which the live comparison replays
        }
        var by = e.Actor == LedgerEngine.SystemActor ? Actor.System : Store.FindParticipant(e.Actor) is { } p ? Actor.Of(p) : null;
        if (by is null)
        {
            return $"unknown actor '{e.Actor}'";
        }
        PendingEvent decided;
        try
        {
            decided = new LedgerEngine(Store).Decide(by, ledgerCommand);
        }
        catch (LedgerException x)
        {
            return $"the {command.Command} accepted at event {seq} is refused on the state before it: {x.Message}";
        }
        if (decided.Kind != e.Kind || Journal.WritePayload(decided.Payload) != e.Payload)
        {
            return $"the {command.Command} accepted at event {seq} decides a different {decided.Kind} event than the journal holds";
        }
        return null;
    }

    private void Count(string actor, CommandAccepted? command)
    {
        if (actor == LedgerEngine.SystemActor)
        {
            return;
        }
        var t = _signatures.GetValueOrDefault(actor) ?? new SignatureTally(0, 0, 0);
        _signatures[actor] = command is not { IsSigned: true } ? t with { Unsigned = t.Unsigned + 1 }
            : command.Signer == actor ? t with { Signed = t.Signed + 1 }
            : t with { EnteredByRegistry = t.EnteredByRegistry + 1 };
    }
}

/// <summary>How one participant's events were authorised.</summary>
/// <param name="Signed">Signed by the participant's own key.</param>
/// <param name="EnteredByRegistry">Entered on its behalf by a registry, signed by the registry's key (back office).</param>
/// <param name="Unsigned">Run on the operator's word alone (the participant had no registered key then).</param>
public sealed record SignatureTally(long Signed, long EnteredByRegistry, long Unsigned);
