using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using EcoLedger.Audit;

namespace EcoLedger.Ledger.Interop.Cadt;

/// <summary>
/// The ledger as CAD Trust project and unit records, computed from the journal up to one signed checkpoint (so an export for a past
/// day is reproducible: same checkpoint, same bytes). Projects the registry has not described (<c>ledger project describe</c>) are left
/// out and named; every record is validated against schemas/cadt before it is written.
/// </summary>
public sealed class CadtExport
{
    /// <summary>Format tag of the manifest.</summary>
    public const string ManifestType = "ecoledger-cadt-export/v1";

    /// <summary>Serialisation of the records: CADT's camelCase names, nulls left out, UTF-8 as is.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    private CadtExport(SignedCheckpoint checkpoint, string registry, IReadOnlyList<CadtProject> projects, IReadOnlyList<CadtUnit> units,
        IReadOnlyList<string> skipped)
    {
        Checkpoint = checkpoint;
        Registry = registry;
        Projects = projects;
        Units = units;
        Skipped = skipped;
    }

    /// <summary>The checkpoint the records correspond to.</summary>
    public SignedCheckpoint Checkpoint { get; }

    /// <summary>This registry's name in the records (<c>currentRegistry</c>).</summary>
    public string Registry { get; }

    /// <summary>Project records, by project id.</summary>
    public IReadOnlyList<CadtProject> Projects { get; }

    /// <summary>Unit records (one per credit block of an exported project), by project and first serial.</summary>
    public IReadOnlyList<CadtUnit> Units { get; }

    /// <summary>Projects left out, each with the reason.</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>Replays <paramref name="events"/> (the journal from event 1) up to the checkpoint and maps the result.</summary>
    /// <param name="events">The journal from event 1.</param>
    /// <param name="checkpoint">The signed checkpoint to export at.</param>
    /// <param name="registry">This registry's name as other registries know it.</param>
    /// <param name="registryUrl">The base address of this registry's public view (links: <c>{url}/registry#…</c>).</param>
    /// <exception cref="LedgerException">A unit's owner has no jurisdiction, or a record breaks the CADT schema: every problem is named.</exception>
    public static CadtExport FromJournal(IEnumerable<JournalEvent> events, SignedCheckpoint checkpoint, string registry, string registryUrl)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(registryUrl);
        var state = LedgerAtCheckpoint.Replay(events, checkpoint.Checkpoint.TreeSize);
        string url = registryUrl.TrimEnd('/');
        var problems = new List<string>();
        var projects = new List<CadtProject>();
        var units = new List<CadtUnit>();
        var skipped = new List<string>();
        foreach (var project in state.Ledger.Projects.OrderBy(p => p.Id, StringComparer.Ordinal))
        {
            if (state.Interop.FindDescription(project.Id) is not { } d)
            {
                skipped.Add($"project '{project.Id}' has no registry description (ledger project describe)");
                continue;
            }
            var issued = state.Ledger.Requests.Where(r => r.ProjectId == project.Id && r.State == IssuanceState.Issued)
                .OrderBy(r => r.SerialStart).ToList();
            var issuances = issued.ToDictionary(r => r.Id, r => Issuance(state, r), StringComparer.Ordinal);
            var listings = state.Interop.ListingsOf(project.Id);
            var origin = listings.FirstOrDefault(l => l.Relationship == ListingRelationship.Origin);
            var related = listings.Where(l => l.Relationship == ListingRelationship.AlsoListed)
                .Select(l => new CadtRelatedProject(l.ExternalId, CadtMapping.AlsoListed, l.Registry)).ToList();
            var labels = state.Interop.Labels.Where(l => l.ProjectId == project.Id && l.State == LabelState.Active).ToList();
            var validation = state.Validations.GetValueOrDefault(project.Id);
            projects.Add(new CadtProject(
                CurrentRegistry: registry,
                ProjectId: project.Id,
                OriginProjectId: origin?.ExternalId ?? project.Id,
                RegistryOfOrigin: origin?.Registry ?? registry,
                Program: null,
                ProjectName: d.Name,
                ProjectLink: $"{url}/registry#project-{project.Id}",
                ProjectDeveloper: state.Ledger.FindParticipant(project.OwnerId)?.Name ?? project.OwnerId,
                Sector: d.Sector,
                ProjectType: d.ProjectType,
                ProjectTags: null,
                CoveredByNdc: CadtMapping.CoveredByNdc(d.NdcCoverage),
                NdcInformation: null,
                ProjectStatus: CadtMapping.ProjectStatus(project.State),
                ProjectStatusDate: state.StatusDates[project.Id],
                UnitMetric: CadtMapping.UnitMetric,
                Methodology: d.Methodology,
                Methodology2: null,
                ValidationBody: validation.Actor is null ? null : state.Ledger.FindParticipant(validation.Actor)?.Name ?? validation.Actor,
                ValidationDate: validation.Date,
                Description: null,
                Labels: labels.Count == 0 ? null : labels.Select(l => Label(state, project, l)).ToList(),
                Issuances: issuances.Count == 0 ? null : issuances.Values.ToList(),
                RelatedProjects: related.Count == 0 ? null : related,
                ProjectLocations: [new CadtLocation(Iso3166.CadtName(d.HostCountry)!, d.HostRegion, project.Region)]));

            foreach (var block in state.Ledger.Blocks.Where(b => b.ProjectId == project.Id && b.HolderId != SystemAccounts.Issuance).OrderBy(b => b.Start))
            {
                // Serials are cumulative per project, so the block belongs to the last issuance starting at or below its first serial.
                var request = issued.Last(r => r.SerialStart <= block.Start);
                var a6 = state.Interop.FindArticle6(request.Id) ?? new IssuanceArticle6(request.Id, project.Id);
                var (ownerId, reason) = OwnerAndReason(state, block);
                string country;
                string? region;
                if (ownerId == SystemAccounts.BufferPool)
                {
                    (country, region) = (d.HostCountry, d.HostRegion); // the buffer pool is the registry's own account, in the host country
                }
                else if (state.Interop.FindJurisdiction(ownerId) is { } j)
                {
                    (country, region) = (j.Country, j.Region);
                }
                else
                {
                    problems.Add($"unit {block.Subject}: owner '{ownerId}' has no jurisdiction; set it with 'ledger participant jurisdiction --participant {ownerId} --country CC'");
                    continue;
                }
                var unitLabels = labels.Where(l => l.IssuanceId is null || l.IssuanceId == request.Id).Select(l => Label(state, project, l)).ToList();
                string Serial(SerialRange range) => SerialNumber.Format(project.Region, project.Id, block.VintageStart, block.VintageEnd, range);
                units.Add(new CadtUnit(
                    ProjectLocationId: null,
                    UnitOwner: state.Ledger.FindParticipant(ownerId)?.Name ?? ownerId,
                    CountryJurisdictionOfOwner: Iso3166.CadtName(country)!,
                    InCountryJurisdictionOfOwner: region,
                    UnitBlockStart: One(Serial(new SerialRange(block.Start, block.Start))),
                    UnitBlockEnd: One(Serial(new SerialRange(block.End, block.End))),
                    UnitCount: block.Quantity,
                    VintageYear: block.VintageEnd.Year,
                    UnitType: CadtMapping.UnitType,
                    Marketplace: null,
                    MarketplaceLink: null,
                    MarketplaceIdentifier: null,
                    UnitTags: null,
                    UnitStatus: CadtMapping.UnitStatus(block),
                    UnitStatusReason: reason,
                    UnitRegistryLink: $"{url}/registry#serial-{Serial(block.Range)}",
                    CorrespondingAdjustmentDeclaration: CadtMapping.AdjustmentDeclaration(a6.Authorization),
                    CorrespondingAdjustmentStatus: CadtMapping.AdjustmentStatus(a6.Adjustment, a6.FirstTransferOn is not null),
                    Issuance: issuances[request.Id],
                    Labels: unitLabels.Count == 0 ? null : unitLabels));
            }
        }
        for (int i = 0; i < projects.Count; i++)
        {
            problems.AddRange(CadtSchemas.Check(CadtSchemas.Project, JsonSerializer.SerializeToElement(projects[i], JsonOptions), $"projects.json record {i + 1}"));
        }
        for (int i = 0; i < units.Count; i++)
        {
            problems.AddRange(CadtSchemas.Check(CadtSchemas.Unit, JsonSerializer.SerializeToElement(units[i], JsonOptions), $"units.json record {i + 1}"));
        }
        if (problems.Count > 0)
        {
            throw new LedgerException("The CAD Trust export was refused; nothing was written:\n  " + string.Join("\n  ", problems));
        }
        return new CadtExport(checkpoint, registry, projects, units, skipped);
    }

    /// <summary>Writes <c>projects.json</c>, <c>units.json</c> and <c>manifest.json</c> (checkpoint, each file's SHA-256 and record count).</summary>
    public IReadOnlyList<(string File, string Sha256, int Rows)> WriteTo(string dir)
    {
        var folder = new ExportFolder(dir);
        folder.Add("projects.json", [.. JsonSerializer.SerializeToUtf8Bytes(Projects, JsonOptions), (byte)'\n'], Projects.Count);
        folder.Add("units.json", [.. JsonSerializer.SerializeToUtf8Bytes(Units, JsonOptions), (byte)'\n'], Units.Count);
        folder.WriteManifest(ManifestType, Checkpoint, "records", Registry);
        return folder.Files;
    }

    private static CadtIssuance Issuance(LedgerAtCheckpoint state, IssuanceRequest r)
    {
        var (verifier, date) = state.Verifications[r.Id];
        return new CadtIssuance(r.Id, Day(r.VintageStart), Day(r.VintageEnd), CadtMapping.VerificationApproach,
            state.Ledger.FindParticipant(verifier)?.Name ?? verifier, date);
    }

    private static CadtLabel Label(LedgerAtCheckpoint state, Project project, CreditLabel l)
    {
        // The label covers its issuance's credits, or all the project's issued credits when it names none.
        long quantity = state.Ledger.Requests
            .Where(r => r.ProjectId == project.Id && r.State == IssuanceState.Issued && (l.IssuanceId is null || r.Id == l.IssuanceId))
            .Sum(r => r.Quantity);
        return new CadtLabel(l.Id, CadtLabelName.Format(l.Label, l.ApprovingBody, l.ApprovedOn), l.LabelType, Day(project.PeriodStart), Day(project.PeriodEnd),
            Day(l.ValidFrom), Day(l.ValidTo), quantity, l.Link);
    }

    private static (string Owner, string? Reason) OwnerAndReason(LedgerAtCheckpoint state, CreditBlock block)
    {
        if (block.Status is BlockStatus.Retired or BlockStatus.Cancelled && state.Endings.TryGetValue(block.Id, out var end))
        {
            return (end.Holder, end.Reason);
        }
        return block.Status switch
        {
            BlockStatus.Pledged => (block.HolderId, $"Pledged to {block.PledgeeId}"),
            BlockStatus.Frozen => (block.HolderId, "Frozen by the registry"),
            _ => (block.HolderId, null),
        };
    }

    /// <summary>One credit's serial in the short form methodology/serials.md allows (<c>…-200</c> for <c>…-200-200</c>).</summary>
    private static string One(string serial) => serial[..serial.LastIndexOf('-')];

    internal static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
