namespace EcoLedger.Ledger;

/// <summary>
/// Who runs a command, resolved once by the command runner: a registered participant with its role, or the ledger itself
/// (<see cref="System"/>) for the two commands nobody else can make (<c>ledger init</c> and the first registry).
/// </summary>
/// <param name="Id">The participant id, or <c>system</c>.</param>
/// <param name="Role">The participant's role (<see cref="Role.System"/> for the ledger itself).</param>
public sealed record Actor(string Id, Role Role)
{
    /// <summary>The ledger itself.</summary>
    public static Actor System { get; } = new(LedgerEngine.SystemActor, Role.System);

    /// <summary>The actor a participant acts as.</summary>
    public static Actor Of(Participant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        return new Actor(participant.Id, participant.Role);
    }

    /// <summary>
    /// Resolves <paramref name="actorId"/> against the participants for <paramref name="command"/>: refuses a missing, unknown or system
    /// actor; <see cref="System"/> only for <see cref="InitializeLedger"/> and for the first registry when no actor is given.
    /// </summary>
    /// <exception cref="LedgerException">The actor is missing, unknown or a system account, or the ledger is not initialised.</exception>
    public static Actor Resolve(ILedgerStore store, string? actorId, ICommand command)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (command is InitializeLedger)
        {
            return System;
        }
        if (string.IsNullOrEmpty(actorId) && command is AddParticipant && store.FindParticipant(SystemAccounts.Issuance) is not null
            && !store.AnyParticipantWithRole(Role.Registry))
        {
            return System;
        }
        return Of(RequireParticipant(store, actorId));
    }

    /// <summary>
    /// The participant <paramref name="actorId"/> names: the one check of who acts, shared by the runner and the engines (an
    /// initialised ledger, an actor given, known, and not a system account).
    /// </summary>
    /// <exception cref="LedgerException">The ledger is not initialised, or the actor is missing, unknown or a system account.</exception>
    public static Participant RequireParticipant(ILedgerStore store, string? actorId)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store.FindParticipant(SystemAccounts.Issuance) is null)
        {
            throw new LedgerException("The ledger is not initialised; run 'ecoledger ledger init' first.");
        }
        if (string.IsNullOrEmpty(actorId))
        {
            throw LedgerException.ForFields("This command needs the acting participant ({actor}).", "actor");
        }
        var participant = store.FindParticipant(actorId) ?? throw new LedgerException($"Unknown actor '{actorId}'.");
        if (participant.Role == Role.System)
        {
            throw new LedgerException($"System account '{actorId}' cannot act.");
        }
        return participant;
    }

    /// <summary>Refuses the actor unless it has one of <paramref name="roles"/>; <paramref name="what"/> completes "may not …".</summary>
    /// <exception cref="LedgerException">The actor has another role.</exception>
    public void Require(string what, params Role[] roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        if (!roles.Contains(Role))
        {
            string needed = string.Join(" or ", roles.Select(r => $"'{r.Name()}'"));
            throw new LedgerException($"Actor '{Id}' (role '{Role.Name()}') may not {what}: it requires role {needed}.");
        }
    }
}
