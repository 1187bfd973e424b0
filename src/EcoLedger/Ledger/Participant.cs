namespace EcoLedger.Ledger;

/// <summary>What a participant may do in the registry.</summary>
public enum Role
{
    /// <summary>The registry operator and regulator: registers projects, issues, freezes and cancels credits.</summary>
    Registry,

    /// <summary>A validation and verification body: validates projects and verifies monitoring periods.</summary>
    Verifier,

    /// <summary>The owner of carbon-sink projects: submits projects and requests issuance.</summary>
    ProjectOwner,

    /// <summary>A buyer, fund or bank: holds, transfers, retires credits and accepts pledges.</summary>
    Holder,

    /// <summary>A system account (issuance, buffer pool, retired, cancelled); never an actor.</summary>
    System,
}

/// <summary>Parsing of roles as the CLI spells them.</summary>
public static class RoleNames
{
    /// <summary>
    /// The roles whose participants may hold credits (docs/ledger.md, "Participants and accounts"), as a sentence fragment
    /// (<c>'holder' and 'project_owner'</c>): made from <see cref="MayHoldCredits"/>, so the message cannot drift from the rule.
    /// </summary>
    public static readonly string CreditHolderRoles = string.Join(" and ", Enum.GetValues<Role>().Where(MayHoldCredits).Select(r => $"'{r.Name()}'").Order(StringComparer.Ordinal));

    /// <summary>True when a participant of the role may hold credits: <c>holder</c> and <c>project_owner</c> (docs/ledger.md).</summary>
    public static bool MayHoldCredits(this Role role) => role is Role.Holder or Role.ProjectOwner;

    /// <summary>Parses a role a participant can be given (not <c>system</c>).</summary>
    /// <exception cref="LedgerException">The text is not one of registry, verifier, project_owner, holder.</exception>
    public static Role Parse(string text) => text switch
    {
        "registry" => Role.Registry,
        "verifier" => Role.Verifier,
        "project_owner" => Role.ProjectOwner,
        "holder" => Role.Holder,
        _ => throw new LedgerException($"Unknown role '{text}'; expected one of registry, verifier, project_owner, holder."),
    };
}

/// <summary>The system accounts every ledger has. Their balances are kept by double entry like any holder's.</summary>
public static class SystemAccounts
{
    /// <summary>Source of every issued credit; its balance is minus the issued total.</summary>
    public const string Issuance = "issuance";

    /// <summary>The non-permanence risk buffer, one share of each issuance.</summary>
    public const string BufferPool = "buffer_pool";

    /// <summary>Where retired credits go; they never move again.</summary>
    public const string Retired = "retired";

    /// <summary>Where cancelled credits go; they never move again.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>All four, in a fixed order.</summary>
    public static IReadOnlyList<string> All { get; } = [Issuance, BufferPool, Retired, Cancelled];

    /// <summary>True for one of the four system account ids.</summary>
    public static bool IsSystem(string id) => All.Contains(id, StringComparer.Ordinal);
}

/// <summary>A registry participant: an actor with one role and one holding account (its id).</summary>
public sealed class Participant
{
    private Participant()
    {
        Id = Name = "";
    }

    /// <summary>Creates a participant.</summary>
    public Participant(string id, Role role, string? name = null)
    {
        Identifiers.Require(id, "participant id");
        Id = id;
        Role = role;
        Name = string.IsNullOrWhiteSpace(name) ? id : name;
    }

    /// <summary>The id, also the id of its holding account.</summary>
    public string Id { get; private set; }

    /// <summary>The single role.</summary>
    public Role Role { get; private set; }

    /// <summary>A display name.</summary>
    public string Name { get; private set; }
}

/// <summary>Checks ids used in serial numbers and accounts.</summary>
public static class Identifiers
{
    /// <summary>Ids are 1–40 characters of ASCII letters, digits and underscores (no hyphen: serials use it as separator).</summary>
    public static void Require(string id, string what)
    {
        if (!IsValid(id))
        {
            throw new LedgerException($"Invalid {what} '{id}': use 1 to 40 ASCII letters, digits or underscores.");
        }
    }

    /// <summary>True when <paramref name="id"/> is 1–40 ASCII letters, digits or underscores.</summary>
    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 40 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
