namespace EcoLedger.Ledger.Interop;

/// <summary>The interop tables in memory: what a replay of the journal up to one checkpoint gives (the CAD Trust export and import use it).</summary>
public sealed class InMemoryInteropStore : IInteropStore
{
    private readonly Dictionary<string, ProjectRegistryData> _descriptions = new(StringComparer.Ordinal);
    private readonly List<ExternalListing> _listings = [];
    private readonly Dictionary<string, CreditLabel> _labels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IssuanceArticle6> _article6 = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ParticipantJurisdiction> _jurisdictions = new(StringComparer.Ordinal);

    /// <summary>Labels in the order they were granted.</summary>
    public IEnumerable<CreditLabel> Labels => _labels.Values.OrderBy(l => l.GrantedSeq);

    /// <inheritdoc/>
    public ProjectRegistryData? FindDescription(string projectId) => _descriptions.GetValueOrDefault(projectId);

    /// <inheritdoc/>
    public ExternalListing? FindListing(string projectId, string registry, string externalId) =>
        _listings.FirstOrDefault(l => l.ProjectId == projectId && l.Registry == registry && l.ExternalId == externalId);

    /// <inheritdoc/>
    public IReadOnlyList<ExternalListing> ListingsOf(string projectId) => _listings.Where(l => l.ProjectId == projectId).OrderBy(l => l.AddedSeq).ToList();

    /// <inheritdoc/>
    public CreditLabel? FindLabel(string id) => _labels.GetValueOrDefault(id);

    /// <inheritdoc/>
    public IssuanceArticle6? FindArticle6(string issuanceId) => _article6.GetValueOrDefault(issuanceId);

    /// <inheritdoc/>
    public ParticipantJurisdiction? FindJurisdiction(string participantId) => _jurisdictions.GetValueOrDefault(participantId);

    /// <inheritdoc/>
    public void Add(object row)
    {
        switch (row)
        {
            case ProjectRegistryData d: _descriptions.Add(d.ProjectId, d); break;
            case ExternalListing l: _listings.Add(l); break;
            case CreditLabel l: _labels.Add(l.Id, l); break;
            case IssuanceArticle6 a: _article6.Add(a.IssuanceId, a); break;
            case ParticipantJurisdiction j: _jurisdictions.Add(j.ParticipantId, j); break;
            default: throw new ArgumentException($"Not an interop row: {row?.GetType().Name}.", nameof(row));
        }
    }

    /// <inheritdoc/>
    public void Remove(ExternalListing listing) => _listings.Remove(listing);
}
