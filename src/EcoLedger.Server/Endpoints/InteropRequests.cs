namespace EcoLedger.Server.Endpoints;

/// <summary>A project's description for other registries and the CAD Trust.</summary>
/// <param name="Name">The project's name.</param>
/// <param name="HostCountry">ISO 3166-1 alpha-2.</param>
/// <param name="HostRegion">ISO 3166-2 subdivision of that country.</param>
/// <param name="Sector">Sector as the CAD Trust lists it.</param>
/// <param name="ProjectType">Project type as the CAD Trust lists it.</param>
/// <param name="Methodology">Methodology identifier as other registries know it.</param>
/// <param name="NdcCoverage">inside, outside or unknown (default).</param>
public sealed record ProjectDescriptionRequest(string Name, string HostCountry, string Sector, string ProjectType, string Methodology,
    string? HostRegion = null, string? NdcCoverage = null);

/// <summary>The project's id in another registry.</summary>
/// <param name="Registry">The other registry.</param>
/// <param name="ExternalId">The project's id there.</param>
/// <param name="Relationship">origin or also_listed (default).</param>
/// <param name="Link">The project's page there.</param>
public sealed record ListingRequest(string Registry, string ExternalId, string? Relationship = null, string? Link = null);

/// <summary>Removes a listing in another registry.</summary>
/// <param name="Registry">The other registry.</param>
/// <param name="ExternalId">The project's id there.</param>
/// <param name="Reason">Why.</param>
public sealed record RemoveListingRequest(string Registry, string ExternalId, string Reason);

/// <summary>A label granted to a project's credits.</summary>
/// <param name="Id">Label id.</param>
/// <param name="Issuance">Only this issuance (default: all).</param>
/// <param name="Label">The label, e.g. ICVCM CCP.</param>
/// <param name="LabelType">A CAD Trust label type.</param>
/// <param name="ApprovingBody">Who approved it.</param>
/// <param name="ApprovedOn">Date of approval, YYYY-MM-DD.</param>
/// <param name="ValidFrom">First day valid.</param>
/// <param name="ValidTo">Last day valid.</param>
/// <param name="Link">Where the decision is published.</param>
public sealed record LabelRequest(string Id, string Label, string LabelType, string ApprovingBody, string ApprovedOn, string ValidFrom,
    string ValidTo, string Link, string? Issuance = null);

/// <summary>A label's withdrawal.</summary>
/// <param name="Reason">Why.</param>
public sealed record WithdrawLabelRequest(string Reason);

/// <summary>The host Party's letter (authorization, designation or withdrawal).</summary>
/// <param name="Reference">The letter's reference.</param>
/// <param name="On">The letter's date, YYYY-MM-DD.</param>
public sealed record AuthorizationRequest(string Reference, string On);

/// <summary>The first transfer under Article 6.</summary>
/// <param name="On">Date, YYYY-MM-DD.</param>
/// <param name="Basis">issuance, authorization, international_transfer, use or cancellation.</param>
public sealed record FirstTransferRequest(string On, string Basis);

/// <summary>The host Party's report of a corresponding adjustment.</summary>
/// <param name="Reference">Where it was reported.</param>
/// <param name="On">Date of the report, YYYY-MM-DD.</param>
public sealed record AdjustmentRequest(string Reference, string On);

/// <summary>Where a participant is registered.</summary>
/// <param name="Country">ISO 3166-1 alpha-2.</param>
/// <param name="Region">ISO 3166-2, or null.</param>
public sealed record JurisdictionRequest(string Country, string? Region = null);
