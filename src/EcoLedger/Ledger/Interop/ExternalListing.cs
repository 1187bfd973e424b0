namespace EcoLedger.Ledger.Interop;

/// <summary>How a listing elsewhere relates to the project here.</summary>
public enum ListingRelationship
{
    /// <summary>The registry the project was first registered with (CAD Trust <c>registryOfOrigin</c>, <c>originProjectId</c>); at most one.</summary>
    Origin,

    /// <summary>Also listed in another registry or programme (CAD Trust <c>relatedProjects</c>).</summary>
    AlsoListed,
}

/// <summary>The project's identifier in another registry: what the CAD Trust matches to find a project counted twice.</summary>
public sealed class ExternalListing
{
    private ExternalListing()
    {
        ProjectId = Registry = ExternalId = "";
    }

    /// <summary>Creates a listing as <see cref="ListingAdded"/> records it.</summary>
    public ExternalListing(string projectId, string registry, string externalId, ListingRelationship relationship, string? link, long seq)
    {
        ProjectId = projectId;
        Registry = registry;
        ExternalId = externalId;
        Relationship = relationship;
        Link = link;
        AddedSeq = seq;
    }

    /// <summary>The project here.</summary>
    public string ProjectId { get; private set; }

    /// <summary>The other registry, as the CAD Trust names registries (e.g. "Verra", "CDM Registry").</summary>
    public string Registry { get; private set; }

    /// <summary>The project's id in that registry.</summary>
    public string ExternalId { get; private set; }

    /// <summary>Origin or also listed.</summary>
    public ListingRelationship Relationship { get; private set; }

    /// <summary>The project's page in that registry, when known.</summary>
    public string? Link { get; private set; }

    /// <summary>The journal event that added it.</summary>
    public long AddedSeq { get; private set; }
}
