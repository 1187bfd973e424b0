namespace EcoLedger.Ledger.Interop;

/// <summary>
/// Decides the interoperability commands: the registry records what other bodies decided (the host Party's authorization and
/// adjustment, a label's approving body, another registry's listing), so every command needs role registry; the state machines
/// of <see cref="IssuanceArticle6"/> and <see cref="CreditLabel"/> refuse illegal changes. It never changes the stores;
/// <see cref="InteropApplier"/> does.
/// </summary>
public sealed class InteropEngine(IInteropStore store, ILedgerStore ledger)
{
    /// <summary>The label types the CAD Trust accepts (picklist <c>labelType</c>).</summary>
    public static readonly IReadOnlyList<string> LabelTypes =
        ["Endorsement", "Certification", "Letter of Approval", "Letter of Authorization", "Letter of Qualification"];

    /// <summary>What may count as the first transfer (decision 6/CMA.4 annex I, chapter I: the authorizing Party specifies it).</summary>
    public static readonly IReadOnlyList<string> FirstTransferBases = ["issuance", "authorization", "international_transfer", "use", "cancellation"];

    /// <summary>Decides a command for an actor the runner resolved.</summary>
    public PendingEvent Decide(Actor actor, IInteropCommand command)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return command switch
        {
            DescribeProject c => Describe(actor, c),
            AddListing c => AddListing(actor, c),
            RemoveListing c => RemoveListing(actor, c),
            GrantLabel c => Grant(actor, c),
            WithdrawLabel c => Withdraw(actor, c),
            ChangeAuthorization c => Authorization(actor, c),
            RecordFirstTransfer c => FirstTransfer(actor, c),
            CompleteAdjustment c => Adjustment(actor, c),
            SetJurisdiction c => Jurisdiction(actor, c),
            _ => throw new ArgumentException($"Unknown interop command {command?.GetType().Name}.", nameof(command)),
        };
    }

    private PendingEvent Describe(Actor actor, DescribeProject c)
    {
        var project = RequireProject(actor, c.Project, "describe");
        Iso3166.Require(c.HostCountry, c.HostRegion, "host_country", "host_region");
        Text(c.Name, "name");
        Text(c.Sector, "sector");
        Text(c.ProjectType, "project_type");
        Text(c.Methodology, "methodology");
        var old = store.FindDescription(project.Id);
        var previous = old is null ? null
            : new ProjectDescription(old.Name, old.HostCountry, old.HostRegion, old.Sector, old.ProjectType, old.Methodology, old.NdcCoverage.Name());
        if (previous == new ProjectDescription(c.Name, c.HostCountry, c.HostRegion, c.Sector, c.ProjectType, c.Methodology, c.NdcCoverage.Name()))
        {
            throw new LedgerException($"Project '{project.Id}' is already described so; nothing to change.");
        }
        return Event(InteropEventKinds.ProjectDescribed, actor,
            new ProjectDescribed(project.Id, c.Name, c.HostCountry, c.HostRegion, c.Sector, c.ProjectType, c.Methodology, c.NdcCoverage.Name(), previous));
    }

    private PendingEvent AddListing(Actor actor, AddListing c)
    {
        var project = RequireProject(actor, c.Project, "record a listing of");
        Text(c.Registry, "registry");
        Text(c.ExternalId, "external_id");
        if (store.FindListing(project.Id, c.Registry, c.ExternalId) is not null)
        {
            throw new LedgerException($"Project '{project.Id}' is already listed in '{c.Registry}' as '{c.ExternalId}'.");
        }
        if (c.Relationship == ListingRelationship.Origin && store.ListingsOf(project.Id).FirstOrDefault(l => l.Relationship == ListingRelationship.Origin) is { } origin)
        {
            throw new LedgerException($"Project '{project.Id}' already has a registry of origin ('{origin.Registry}', '{origin.ExternalId}'); remove it first.");
        }
        return Event(InteropEventKinds.ListingAdded, actor, new ListingAdded(project.Id, c.Registry, c.ExternalId, c.Relationship.Name(), c.Link));
    }

    private PendingEvent RemoveListing(Actor actor, RemoveListing c)
    {
        var project = RequireProject(actor, c.Project, "remove a listing of");
        Text(c.Reason, "reason");
        var l = store.FindListing(project.Id, c.Registry, c.ExternalId)
            ?? throw new LedgerException($"Project '{project.Id}' has no listing in '{c.Registry}' as '{c.ExternalId}'.");
        return Event(InteropEventKinds.ListingRemoved, actor, new ListingRemoved(l.ProjectId, l.Registry, l.ExternalId, l.Relationship.Name(), l.Link, c.Reason));
    }

    private PendingEvent Grant(Actor actor, GrantLabel c)
    {
        var project = RequireProject(actor, c.Project, "grant a label to");
        Identifiers.Require(c.Id, "label id");
        if (store.FindLabel(c.Id) is not null)
        {
            throw new LedgerException($"Label '{c.Id}' already exists.");
        }
        Text(c.Label, "label");
        Text(c.ApprovingBody, "approving_body");
        Text(c.Link, "link");
        if (!LabelTypes.Contains(c.LabelType))
        {
            throw LedgerException.ForFields($"{{label_type}} '{c.LabelType}' is not a CAD Trust label type; expected one of {string.Join(", ", LabelTypes)}.", "label_type");
        }
        if (c.ValidTo < c.ValidFrom)
        {
            throw LedgerException.ForFields($"Label '{c.Id}' ends its validity ({{valid_to}} {c.ValidTo:yyyy-MM-dd}) before it starts ({{valid_from}} {c.ValidFrom:yyyy-MM-dd}).", "valid_to", "valid_from");
        }
        if (c.Issuance is { } issuance)
        {
            var request = ledger.FindRequest(issuance) ?? throw LedgerException.ForFields($"Unknown {{issuance}} '{issuance}'.", "issuance");
            if (request.ProjectId != project.Id)
            {
                throw LedgerException.ForFields($"{{issuance}} '{issuance}' is of project '{request.ProjectId}', not '{project.Id}'.", "issuance");
            }
        }
        return Event(InteropEventKinds.LabelGranted, actor, new LabelGranted(c.Id, project.Id, c.Issuance, c.Label, c.LabelType, c.ApprovingBody, c.ApprovedOn,
            c.ValidFrom, c.ValidTo, c.Link));
    }

    private PendingEvent Withdraw(Actor actor, WithdrawLabel c)
    {
        actor.Require($"withdraw label '{c.Id}'", Role.Registry);
        var label = store.FindLabel(c.Id) ?? throw new LedgerException($"Unknown label '{c.Id}'.");
        Text(c.Reason, "reason");
        if (!label.CanFire(LabelTrigger.Withdraw))
        {
            throw LedgerException.IllegalTransition(LabelTrigger.Withdraw.Name(), $"label '{label.Id}'", label.State.Name(), actor.Id);
        }
        return Event(InteropEventKinds.LabelWithdrawn, actor, new LabelWithdrawn(label.Id, label.ProjectId, c.Reason, label.State.Name(), LabelState.Withdrawn.Name()));
    }

    private PendingEvent Authorization(Actor actor, ChangeAuthorization c)
    {
        var (request, row) = RequireIssued(actor, c.Issuance, c.Trigger.Name());
        Text(c.Reference, "reference");
        if (!row.CanFire(c.Trigger))
        {
            string state = row.Authorization.Name() + (row.FirstTransferOn is { } d ? $" (first transferred {d:yyyy-MM-dd})" : "");
            throw LedgerException.IllegalTransition(c.Trigger.Name(), row.Subject, state, actor.Id);
        }
        var adjustmentTo = IssuanceArticle6.AdjustmentFor(c.Trigger) switch
        {
            AdjustmentTrigger.Require => AdjustmentStatus.Pending,
            AdjustmentTrigger.Release => AdjustmentStatus.NotRequired,
            _ => row.Adjustment,
        };
        return Event(InteropEventKinds.AuthorizationChanged, actor, new AuthorizationChanged(request.Id, request.ProjectId, c.Trigger.Name(),
            row.Authorization.Name(), IssuanceArticle6.TargetOf(c.Trigger).Name(), row.Adjustment.Name(), adjustmentTo.Name(), c.Reference, c.On));
    }

    private PendingEvent FirstTransfer(Actor actor, RecordFirstTransfer c)
    {
        var (request, row) = RequireIssued(actor, c.Issuance, "record_first_transfer");
        if (!FirstTransferBases.Contains(c.Basis))
        {
            throw LedgerException.ForFields($"{{basis}} '{c.Basis}' is not a first-transfer basis; expected one of {string.Join(", ", FirstTransferBases)}.", "basis");
        }
        if (row.Authorization != AuthorizationStatus.Authorized || row.FirstTransferOn is not null)
        {
            string state = row.Authorization.Name() + (row.FirstTransferOn is { } d ? $" (first transferred {d:yyyy-MM-dd})" : "");
            throw LedgerException.IllegalTransition("record_first_transfer", row.Subject, state, actor.Id);
        }
        if (row.AuthorizedOn is { } authorized && c.On < authorized)
        {
            throw LedgerException.ForFields($"The first transfer of issuance '{request.Id}' ({{on}} {c.On:yyyy-MM-dd}) cannot precede its authorization ({authorized:yyyy-MM-dd}).", "on");
        }
        return Event(InteropEventKinds.FirstTransferRecorded, actor, new FirstTransferRecorded(request.Id, request.ProjectId, c.On, c.Basis));
    }

    private PendingEvent Adjustment(Actor actor, CompleteAdjustment c)
    {
        var (request, row) = RequireIssued(actor, c.Issuance, "complete");
        Text(c.Reference, "reference");
        if (!row.CanFire(AdjustmentTrigger.Complete))
        {
            string state = row.Adjustment.Name() + (row.Adjustment == AdjustmentStatus.Pending ? " (no first transfer recorded)" : "");
            throw LedgerException.IllegalTransition(AdjustmentTrigger.Complete.Name(), $"the corresponding adjustment of {row.Subject}", state, actor.Id);
        }
        if (row.FirstTransferOn is { } first && c.On < first)
        {
            throw LedgerException.ForFields($"The corresponding adjustment of issuance '{request.Id}' ({{on}} {c.On:yyyy-MM-dd}) cannot precede its first transfer ({first:yyyy-MM-dd}).", "on");
        }
        return Event(InteropEventKinds.AdjustmentCompleted, actor, new AdjustmentCompleted(request.Id, request.ProjectId, row.Adjustment.Name(),
            AdjustmentStatus.Completed.Name(), c.Reference, c.On));
    }

    private PendingEvent Jurisdiction(Actor actor, SetJurisdiction c)
    {
        actor.Require($"set the jurisdiction of '{c.Participant}'", Role.Registry);
        var p = ledger.FindParticipant(c.Participant) ?? throw LedgerException.ForFields($"Unknown {{participant}} '{c.Participant}'.", "participant");
        if (p.Role == Role.System)
        {
            throw LedgerException.ForFields($"System account '{p.Id}' has no jurisdiction.", "participant");
        }
        Iso3166.Require(c.Country, c.Region, "country", "region");
        var old = store.FindJurisdiction(p.Id);
        if (old is not null && old.Country == c.Country && old.Region == c.Region)
        {
            throw new LedgerException($"Participant '{p.Id}' already has jurisdiction {c.Country}{(c.Region is null ? "" : " " + c.Region)}; nothing to change.");
        }
        return Event(InteropEventKinds.JurisdictionSet, actor, new JurisdictionSet(p.Id, c.Country, c.Region, old?.Country, old?.Region));
    }

    private Project RequireProject(Actor actor, string projectId, string what)
    {
        actor.Require($"{what} project '{projectId}'", Role.Registry);
        return ledger.FindProject(projectId) ?? throw LedgerException.ForFields($"Unknown {{project}} '{projectId}'.", "project");
    }

    private (IssuanceRequest Request, IssuanceArticle6 Row) RequireIssued(Actor actor, string issuanceId, string trigger)
    {
        actor.Require($"fire trigger '{trigger}' on issuance '{issuanceId}'", Role.Registry);
        var request = ledger.FindRequest(issuanceId) ?? throw LedgerException.ForFields($"Unknown {{issuance}} '{issuanceId}'.", "issuance");
        if (request.State != IssuanceState.Issued)
        {
            throw new LedgerException($"Issuance '{issuanceId}' is in state '{request.State.Name()}'; Article 6 status applies to issued credits only.");
        }
        return (request, store.FindArticle6(issuanceId) ?? new IssuanceArticle6(request.Id, request.ProjectId));
    }

    private static void Text(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw LedgerException.ForFields($"{{{field}}} is required.", field);
        }
    }

    private static PendingEvent Event(string kind, Actor actor, IInteropEvent payload) => new(kind, actor.Id, payload);
}
