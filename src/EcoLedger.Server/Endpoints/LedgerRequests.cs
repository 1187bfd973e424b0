using EcoLedger.Server.Hosting;
using EcoLedger.Server.Http;
namespace EcoLedger.Server.Endpoints;

/// <summary>Adds a participant (registry only).</summary>
/// <param name="Id">Participant id (letters, digits, underscore).</param>
/// <param name="Role">registry, verifier, project_owner or holder.</param>
/// <param name="Name">Display name.</param>
public sealed record AddParticipantRequest(string Id, string Role, string? Name = null);

/// <summary>Registers a participant's public signing key.</summary>
/// <param name="PublicKey">ECDSA P-256 SubjectPublicKeyInfo, base64 DER or PEM.</param>
public sealed record RegisterKeyRequest(string PublicKey);

/// <summary>Revokes a participant's signing key.</summary>
/// <param name="Reason">Why (rotation, compromise, …).</param>
public sealed record RevokeKeyRequest(string Reason);

/// <summary>Requires (or stops requiring) a signature on every command.</summary>
/// <param name="Required">True to require signatures.</param>
public sealed record SignaturePolicyRequest(bool Required);

/// <summary>Creates a draft project owned by the caller.</summary>
/// <param name="Id">Project id.</param>
/// <param name="Region">Region code used in serial numbers.</param>
/// <param name="Methodology">Methodology code.</param>
/// <param name="BufferPct">Non-permanence buffer percentage, 0–100, two decimals at most.</param>
/// <param name="PeriodStart">Crediting period start, YYYY-MM-DD.</param>
/// <param name="PeriodEnd">Crediting period end, YYYY-MM-DD.</param>
/// <param name="Units">Accounting unit ids covered.</param>
public sealed record CreateProjectRequest(string Id, string Region, string Methodology, decimal BufferPct, string PeriodStart, string PeriodEnd,
    IReadOnlyList<string>? Units = null);

/// <summary>Requests issuance for a monitoring period of the caller's project.</summary>
/// <param name="Id">Issuance request id.</param>
/// <param name="Project">Project id.</param>
/// <param name="VintageStart">Monitoring period start, YYYY-MM-DD.</param>
/// <param name="VintageEnd">Monitoring period end, YYYY-MM-DD.</param>
/// <param name="Quantity">Claimed whole tonnes CO2e.</param>
public sealed record RequestIssuanceRequest(string Id, string Project, string VintageStart, string VintageEnd, long Quantity);

/// <summary>Reports a reversal on a project.</summary>
/// <param name="Quantity">Lost tonnes CO2e.</param>
/// <param name="Cause">fire, illegal_felling, pest, … (free text).</param>
public sealed record ReversalRequest(long Quantity, string Cause);

/// <summary>
/// A credit operation. The credits come from <c>holder</c>: for a holder or project owner that is always itself (it may be omitted);
/// a registry names it. Oldest vintage first; a part of a block moves its lowest serials.
/// </summary>
/// <param name="Holder">Holding account the credits are taken from (default: the caller).</param>
/// <param name="Quantity">Tonnes; optional with <c>serials</c> or <c>block</c>.</param>
/// <param name="Counterparty">Receiver (transfer), bank (pledge; release: default the calling bank).</param>
/// <param name="Project">Only credits of this project.</param>
/// <param name="Serials">Exact serials: START-END (with project) or a full ECO-… serial.</param>
/// <param name="Block">Only this block id.</param>
/// <param name="Beneficiary">Retirement beneficiary.</param>
/// <param name="Purpose">Retirement purpose.</param>
/// <param name="Reason">Cancellation reason.</param>
/// <param name="Price">Price of the whole transfer in CNY, e.g. "12345.67" (recorded in fen).</param>
public sealed record CreditRequest(string? Holder = null, long? Quantity = null, string? Counterparty = null, string? Project = null,
    string? Serials = null, long? Block = null, string? Beneficiary = null, string? Purpose = null, string? Reason = null, string? Price = null);
