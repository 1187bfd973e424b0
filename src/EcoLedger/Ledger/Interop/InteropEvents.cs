namespace EcoLedger.Ledger.Interop;

/// <summary>Marks a journal payload of the interoperability module (the credit ledger's replay skips these).</summary>
public interface IInteropEvent : IModuleEvent;

/// <summary>Journal kinds of the interoperability module (<c>interop.*</c>); they change no credit block.</summary>
public static class InteropEventKinds
{
#pragma warning disable CS1591 // self-describing constants
    public const string ProjectDescribed = "interop.project_described";
    public const string ListingAdded = "interop.listing_added";
    public const string ListingRemoved = "interop.listing_removed";
    public const string LabelGranted = "interop.label_granted";
    public const string LabelWithdrawn = "interop.label_withdrawn";
    public const string AuthorizationChanged = "interop.authorization_changed";
    public const string FirstTransferRecorded = "interop.first_transfer_recorded";
    public const string AdjustmentCompleted = "interop.adjustment_completed";
    public const string JurisdictionSet = "interop.jurisdiction_set";
#pragma warning restore CS1591
}

/// <summary>A project's description was set; <see cref="Previous"/> is what it replaced (null the first time).</summary>
[EventKind(InteropEventKinds.ProjectDescribed)]
public sealed record ProjectDescribed(string Project, string Name, string HostCountry, string? HostRegion, string Sector, string ProjectType, string Methodology,
    string NdcCoverage, ProjectDescription? Previous) : IInteropEvent;

/// <summary>A description as it was before a <see cref="ProjectDescribed"/>.</summary>
public sealed record ProjectDescription(string Name, string HostCountry, string? HostRegion, string Sector, string ProjectType, string Methodology, string NdcCoverage);

/// <summary>A listing in another registry was recorded.</summary>
[EventKind(InteropEventKinds.ListingAdded)]
public sealed record ListingAdded(string Project, string Registry, string ExternalId, string Relationship, string? Link) : IInteropEvent;

/// <summary>A listing was removed; the event keeps all it said.</summary>
[EventKind(InteropEventKinds.ListingRemoved)]
public sealed record ListingRemoved(string Project, string Registry, string ExternalId, string Relationship, string? Link, string Reason) : IInteropEvent;

/// <summary>A label was granted.</summary>
[EventKind(InteropEventKinds.LabelGranted)]
public sealed record LabelGranted(string Id, string Project, string? Issuance, string Label, string LabelType, string ApprovingBody, DateOnly ApprovedOn,
    DateOnly ValidFrom, DateOnly ValidTo, string Link) : IInteropEvent;

/// <summary>A label was withdrawn.</summary>
[EventKind(InteropEventKinds.LabelWithdrawn)]
public sealed record LabelWithdrawn(string Id, string Project, string Reason, string From, string To) : IInteropEvent;

/// <summary>An issuance's authorization changed, and with it (when <see cref="AdjustmentFrom"/> differs from <see cref="AdjustmentTo"/>) its corresponding adjustment.</summary>
[EventKind(InteropEventKinds.AuthorizationChanged)]
public sealed record AuthorizationChanged(string Issuance, string Project, string Trigger, string From, string To, string AdjustmentFrom, string AdjustmentTo,
    string Reference, DateOnly On) : IInteropEvent;

/// <summary>The first transfer of an issuance's authorized units was recorded.</summary>
[EventKind(InteropEventKinds.FirstTransferRecorded)]
public sealed record FirstTransferRecorded(string Issuance, string Project, DateOnly On, string Basis) : IInteropEvent;

/// <summary>The corresponding adjustment of an issuance was reported by the host Party.</summary>
[EventKind(InteropEventKinds.AdjustmentCompleted)]
public sealed record AdjustmentCompleted(string Issuance, string Project, string From, string To, string Reference, DateOnly On) : IInteropEvent;

/// <summary>A participant's jurisdiction was set; <see cref="PreviousCountry"/> and <see cref="PreviousRegion"/> are what it replaced.</summary>
[EventKind(InteropEventKinds.JurisdictionSet)]
public sealed record JurisdictionSet(string Participant, string Country, string? Region, string? PreviousCountry, string? PreviousRegion) : IInteropEvent;
