namespace EcoLedger.Ledger;

/// <summary><c>ledger init</c>: creates the system accounts.</summary>
public sealed record InitializeLedger : ILedgerCommand;

/// <summary><c>participant add</c>.</summary>
/// <param name="Id">New participant id.</param>
/// <param name="Role">Its role.</param>
/// <param name="Name">Display name (defaults to the id).</param>
public sealed record AddParticipant(string Id, Role Role, string? Name = null) : ILedgerCommand;

/// <summary><c>project create</c>: a draft project; the actor must be its owner.</summary>
/// <param name="Id">Project id.</param>
/// <param name="Owner">Owning participant (role project_owner).</param>
/// <param name="Region">Region code.</param>
/// <param name="Methodology">Methodology id.</param>
/// <param name="BufferBasisPoints">Buffer share in basis points.</param>
/// <param name="PeriodStart">Crediting period start.</param>
/// <param name="PeriodEnd">Crediting period end.</param>
/// <param name="Units">Accounting units covered.</param>
/// <param name="Geometries">Outlines of (some of) those units, with their EPSG code; null when none are given.</param>
public sealed record CreateProject(string Id, string Owner, string Region, string Methodology, int BufferBasisPoints,
    DateOnly PeriodStart, DateOnly PeriodEnd, IReadOnlyList<string> Units, IReadOnlyList<UnitGeometry>? Geometries = null) : ILedgerCommand;

/// <summary><c>project submit|validate|register|suspend|reinstate|close|reject</c>.</summary>
/// <param name="Project">Project id.</param>
/// <param name="Trigger">The transition.</param>
public sealed record TransitionProject(string Project, ProjectTrigger Trigger) : ILedgerCommand;

/// <summary><c>issuance request</c>.</summary>
/// <param name="Id">Request id.</param>
/// <param name="Project">Project id.</param>
/// <param name="VintageStart">Monitoring period start.</param>
/// <param name="VintageEnd">Monitoring period end.</param>
/// <param name="Quantity">Tonnes CO2e requested.</param>
public sealed record RequestIssuance(string Id, string Project, DateOnly VintageStart, DateOnly VintageEnd, long Quantity) : ILedgerCommand;

/// <summary><c>issuance verify|reject</c>.</summary>
/// <param name="Request">Issuance request id.</param>
/// <param name="Trigger">The transition.</param>
public sealed record TransitionIssuance(string Request, IssuanceTrigger Trigger) : ILedgerCommand;

/// <summary><c>issuance issue</c>: creates the serial block, buffer share first.</summary>
/// <param name="Request">Issuance request id.</param>
public sealed record IssueCredits(string Request) : ILedgerCommand;

/// <summary><c>reversal report</c>: buffer credits cancelled first, any shortfall recorded.</summary>
/// <param name="Project">Project id.</param>
/// <param name="Quantity">Tonnes reversed.</param>
/// <param name="Cause">What happened (fire, illegal felling, pest, …).</param>
public sealed record ReportReversal(string Project, long Quantity, string Cause) : ILedgerCommand;
