namespace EcoLedger.Ledger.Interop;

/// <summary>A command of the registry-interoperability module (CAD Trust and Article 6 fields); only the registry runs them.</summary>
public interface IInteropCommand : ICommand;

/// <summary><c>ledger project describe</c>: host country and subdivision, sector, type and methodology identifier of a project.</summary>
/// <param name="Project">Project id.</param>
/// <param name="Name">The project's name (CAD Trust <c>projectName</c>).</param>
/// <param name="HostCountry">ISO 3166-1 alpha-2.</param>
/// <param name="HostRegion">ISO 3166-2 subdivision of that country, or null.</param>
/// <param name="Sector">Sector (CAD Trust <c>sector</c>).</param>
/// <param name="ProjectType">Project type (CAD Trust <c>projectType</c>).</param>
/// <param name="Methodology">Methodology identifier as other registries know it.</param>
/// <param name="NdcCoverage">Whether the host Party's NDC covers the project's sector and gases.</param>
public sealed record DescribeProject(string Project, string Name, string HostCountry, string? HostRegion, string Sector, string ProjectType, string Methodology,
    NdcCoverage NdcCoverage) : IInteropCommand;

/// <summary><c>ledger project list-elsewhere</c>: the project's id in another registry.</summary>
/// <param name="Project">Project id here.</param>
/// <param name="Registry">The other registry.</param>
/// <param name="ExternalId">The project's id there.</param>
/// <param name="Relationship">Origin or also listed.</param>
/// <param name="Link">The project's page there.</param>
public sealed record AddListing(string Project, string Registry, string ExternalId, ListingRelationship Relationship, string? Link) : IInteropCommand;

/// <summary><c>ledger project unlist-elsewhere</c>: removes a listing recorded in error or ended.</summary>
/// <param name="Project">Project id here.</param>
/// <param name="Registry">The other registry.</param>
/// <param name="ExternalId">The project's id there.</param>
/// <param name="Reason">Why.</param>
public sealed record RemoveListing(string Project, string Registry, string ExternalId, string Reason) : IInteropCommand;

/// <summary><c>ledger project label grant</c>.</summary>
/// <param name="Id">Label id.</param>
/// <param name="Project">Project id.</param>
/// <param name="Issuance">Only this issuance, or null for all.</param>
/// <param name="Label">Name, e.g. "ICVCM CCP".</param>
/// <param name="LabelType">CAD Trust label type.</param>
/// <param name="ApprovingBody">Who approved it.</param>
/// <param name="ApprovedOn">When.</param>
/// <param name="ValidFrom">Validity start.</param>
/// <param name="ValidTo">Validity end.</param>
/// <param name="Link">Where the decision is published.</param>
public sealed record GrantLabel(string Id, string Project, string? Issuance, string Label, string LabelType, string ApprovingBody, DateOnly ApprovedOn,
    DateOnly ValidFrom, DateOnly ValidTo, string Link) : IInteropCommand;

/// <summary><c>ledger project label withdraw</c>.</summary>
/// <param name="Id">Label id.</param>
/// <param name="Reason">Why.</param>
public sealed record WithdrawLabel(string Id, string Reason) : IInteropCommand;

/// <summary><c>ledger issuance authorize|designate-contribution|withdraw-authorization</c>: the host Party's decision, as its letter states.</summary>
/// <param name="Issuance">Issuance request id (issued).</param>
/// <param name="Trigger">The change.</param>
/// <param name="Reference">The letter's reference.</param>
/// <param name="On">The letter's date.</param>
public sealed record ChangeAuthorization(string Issuance, AuthorizationTrigger Trigger, string Reference, DateOnly On) : IInteropCommand;

/// <summary><c>ledger issuance first-transfer</c>: the first transfer under Article 6 happened.</summary>
/// <param name="Issuance">Issuance request id.</param>
/// <param name="On">Date.</param>
/// <param name="Basis">What counted as first transfer (issuance, authorization, international_transfer, use, cancellation).</param>
public sealed record RecordFirstTransfer(string Issuance, DateOnly On, string Basis) : IInteropCommand;

/// <summary><c>ledger issuance adjustment-complete</c>: the host Party reported the corresponding adjustment.</summary>
/// <param name="Issuance">Issuance request id.</param>
/// <param name="Reference">Where it was reported.</param>
/// <param name="On">Date of the report.</param>
public sealed record CompleteAdjustment(string Issuance, string Reference, DateOnly On) : IInteropCommand;

/// <summary><c>ledger participant jurisdiction</c>.</summary>
/// <param name="Participant">Participant id.</param>
/// <param name="Country">ISO 3166-1 alpha-2.</param>
/// <param name="Region">ISO 3166-2, or null.</param>
public sealed record SetJurisdiction(string Participant, string Country, string? Region) : IInteropCommand;
