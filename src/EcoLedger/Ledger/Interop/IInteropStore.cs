namespace EcoLedger.Ledger.Interop;

/// <summary>The interoperability tables the engine decides against and the applier changes (EF Core in EcoLedger.Storage).</summary>
public interface IInteropStore
{
    /// <summary>A project's description, or null.</summary>
    ProjectRegistryData? FindDescription(string projectId);

    /// <summary>A listing by its key, or null.</summary>
    ExternalListing? FindListing(string projectId, string registry, string externalId);

    /// <summary>The project's listings.</summary>
    IReadOnlyList<ExternalListing> ListingsOf(string projectId);

    /// <summary>A label, or null.</summary>
    CreditLabel? FindLabel(string id);

    /// <summary>An issuance's Article 6 row, or null while nobody acted on it.</summary>
    IssuanceArticle6? FindArticle6(string issuanceId);

    /// <summary>A participant's jurisdiction, or null.</summary>
    ParticipantJurisdiction? FindJurisdiction(string participantId);

    /// <summary>Adds a row (any of the module's entities).</summary>
    void Add(object row);

    /// <summary>Removes a listing.</summary>
    void Remove(ExternalListing listing);
}
