using EcoLedger.Ledger;

namespace EcoLedger.Server.Auth;

/// <summary>
/// The roles an API token carries. Four are the ledger participant's own role (registry, verifier, project_owner, holder); three exist
/// only on the server: <c>bank</c> (a holder participant that takes and releases pledges), <c>bureau</c> (reads the registry and GEP
/// figures) and <c>auditor</c> (read-only: queries, exports, proofs, the security log; needs no participant).
/// </summary>
public static class ServerRoles
{
    /// <summary>The ledger's registry.</summary>
    public const string Registry = "registry";

    /// <summary>A validation and verification body.</summary>
    public const string Verifier = "verifier";

    /// <summary>A project owner.</summary>
    public const string ProjectOwner = "project_owner";

    /// <summary>A credit holder.</summary>
    public const string Holder = "holder";

    /// <summary>A bank: a holder participant that takes pledges.</summary>
    public const string Bank = "bank";

    /// <summary>A forestry or ecology bureau: reads.</summary>
    public const string Bureau = "bureau";

    /// <summary>An auditor: reads, exports and proofs only.</summary>
    public const string Auditor = "auditor";

    /// <summary>Every role, in a fixed order.</summary>
    public static IReadOnlyList<string> All { get; } = [Registry, Verifier, ProjectOwner, Holder, Bank, Bureau, Auditor];

    /// <summary>Roles that see every participant's holdings and the journal.</summary>
    public static IReadOnlyList<string> Overseers { get; } = [Registry, Verifier, Bureau, Auditor];

    /// <summary>
    /// Why <paramref name="roles"/> may not be given to a token (or account: <paramref name="holder"/>) for <paramref name="participant"/>
    /// (null when they may): a ledger role must be the participant's own, <c>bank</c> needs a holder, and only <c>auditor</c> and
    /// <c>bureau</c> tokens may have no participant.
    /// </summary>
    public static string? Check(IReadOnlyList<string> roles, Participant? participant, string? participantId, string holder = "token")
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        // "a token", "an account"
        string one = ("aeiou".Contains(holder[0], StringComparison.Ordinal) ? "an " : "a ") + holder;
        if (roles.Count == 0)
        {
            return char.ToUpperInvariant(one[0]) + one[1..] + " needs at least one role (roles): one of " + string.Join(", ", All) + ".";
        }
        foreach (var role in roles)
        {
            if (!All.Contains(role))
            {
                return $"Unknown role '{role}' (roles): expected one of {string.Join(", ", All)}.";
            }
        }
        if (participantId is null)
        {
            return roles.All(r => r is Auditor or Bureau) ? null
                : "Only auditor and bureau tokens may have no participant (participant); the other roles act as a ledger participant.";
        }
        if (participant is null || participant.Role == Role.System)
        {
            return $"Unknown participant '{participantId}' (participant).";
        }
        string ledgerRole = participant.Role.Name();
        foreach (var role in roles)
        {
            if (role is Registry or Verifier or ProjectOwner or Holder && role != ledgerRole)
            {
                return $"Participant '{participant.Id}' has the ledger role '{ledgerRole}'; {one} for it cannot carry role '{role}' (roles).";
            }
            if (role == Bank && participant.Role != Role.Holder)
            {
                return $"Role 'bank' needs a participant with the ledger role 'holder'; '{participant.Id}' is '{ledgerRole}' (roles).";
            }
        }
        return null;
    }
}
