namespace EcoLedger.Ledger.Interop;

/// <summary>Applies interoperability events to the store: the same code when a command runs and when the journal is replayed.</summary>
public static class InteropApplier
{
    /// <summary>Applies <paramref name="payload"/> as event <paramref name="seq"/> by <paramref name="actor"/>.</summary>
    public static void Apply(IInteropStore store, string actor, object payload, long seq)
    {
        ArgumentNullException.ThrowIfNull(store);
        switch (payload)
        {
            case ProjectDescribed d:
                if (store.FindDescription(d.Project) is { } existing)
                {
                    existing.Update(d.Name, d.HostCountry, d.HostRegion, d.Sector, d.ProjectType, d.Methodology, LedgerNames.Parse<NdcCoverage>(d.NdcCoverage), seq);
                }
                else
                {
                    store.Add(new ProjectRegistryData(d.Project, d.Name, d.HostCountry, d.HostRegion, d.Sector, d.ProjectType, d.Methodology,
                        LedgerNames.Parse<NdcCoverage>(d.NdcCoverage), seq));
                }
                break;
            case ListingAdded l:
                store.Add(new ExternalListing(l.Project, l.Registry, l.ExternalId, LedgerNames.Parse<ListingRelationship>(l.Relationship), l.Link, seq));
                break;
            case ListingRemoved l:
                store.Remove(store.FindListing(l.Project, l.Registry, l.ExternalId)
                    ?? throw new InvalidOperationException($"Event {seq} removes unknown listing '{l.Registry}' '{l.ExternalId}' of project '{l.Project}'."));
                break;
            case LabelGranted g:
                store.Add(new CreditLabel(g.Id, g.Project, g.Issuance, g.Label, g.LabelType, g.ApprovingBody, g.ApprovedOn, g.ValidFrom, g.ValidTo, g.Link, seq));
                break;
            case LabelWithdrawn w:
                (store.FindLabel(w.Id) ?? throw new InvalidOperationException($"Event {seq} withdraws unknown label '{w.Id}'.")).Withdraw(w.Reason, actor, seq);
                break;
            case AuthorizationChanged a:
                Article6(store, a.Issuance, a.Project).ChangeAuthorization(LedgerNames.Parse<AuthorizationTrigger>(a.Trigger), a.Reference, a.On, actor, seq);
                break;
            case FirstTransferRecorded f:
                Article6(store, f.Issuance, f.Project).RecordFirstTransfer(f.On, f.Basis, actor, seq);
                break;
            case AdjustmentCompleted c:
                Article6(store, c.Issuance, c.Project).CompleteAdjustment(c.Reference, c.On, actor, seq);
                break;
            case JurisdictionSet j:
                if (store.FindJurisdiction(j.Participant) is { } current)
                {
                    current.Update(j.Country, j.Region, seq);
                }
                else
                {
                    store.Add(new ParticipantJurisdiction(j.Participant, j.Country, j.Region, seq));
                }
                break;
            default:
                throw new InvalidOperationException($"Unknown interop payload {payload?.GetType().Name}.");
        }
    }

    private static IssuanceArticle6 Article6(IInteropStore store, string issuance, string project)
    {
        if (store.FindArticle6(issuance) is { } row)
        {
            return row;
        }
        row = new IssuanceArticle6(issuance, project);
        store.Add(row);
        return row;
    }
}
