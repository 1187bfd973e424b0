using System.Globalization;
using System.Text.Json;
using EcoLedger.Audit;
using EcoLedger.IO;
using Json.Schema;

namespace EcoLedger.Ledger.Interop.Cadt;

/// <summary>What an import of CAD Trust records would do: the registry commands to run, and where the records disagree with the ledger.</summary>
/// <param name="Commands">Interop commands, in record order; empty when the ledger already says what the records say (a repeated import).</param>
/// <param name="Differences">Facts the records state that the ledger does not, which an import never changes (credits, Article 6 status).</param>
/// <param name="Notes">Records read but not used, with the reason.</param>
public sealed record CadtImportPlan(IReadOnlyList<IInteropCommand> Commands, IReadOnlyList<string> Differences, IReadOnlyList<string> Notes);

/// <summary>
/// Reads CAD Trust project and unit records (JSON arrays, validated against schemas/cadt) and plans their import. An import never creates,
/// moves or changes credits and never changes an Article 6 status (the host Party's letters carry references a record lacks): it records
/// a project's description, listings and labels and an owner's jurisdiction, as registry commands, and reports every disagreement.
/// </summary>
public static class CadtImport
{
    /// <summary>Reads a file of records, validating each against <paramref name="schema"/>.</summary>
    /// <exception cref="LedgerException">The file is not a JSON array, or records break the schema: every problem named (file, record, field).</exception>
    public static IReadOnlyList<T> Read<T>(string path, JsonSchema schema)
    {
        ArgumentNullException.ThrowIfNull(path);
        string name = Path.GetFileName(path);
        JsonDocument doc;
        try
        {
            using var stream = File.OpenRead(path);
            doc = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new LedgerException($"{name}: {JsonErrorPosition.DescribeInFile(e, path)}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new LedgerException($"{name}: expected a JSON array of CAD Trust records, found a {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}.");
            }
            var problems = new List<string>();
            int i = 0;
            foreach (var record in doc.RootElement.EnumerateArray())
            {
                problems.AddRange(CadtSchemas.Check(schema, record, $"{name} record {++i}"));
            }
            if (problems.Count > 0)
            {
                throw new LedgerException($"{name} breaks the CAD Trust schema; nothing was imported:\n  " + string.Join("\n  ", problems));
            }
            return doc.RootElement.EnumerateArray().Select(r => r.Deserialize<T>(CadtExport.JsonOptions)!).ToList();
        }
    }

    /// <summary>Plans the import against the ledger at <paramref name="treeSize"/> (normally the latest checkpoint).</summary>
    /// <param name="projects">Project records.</param>
    /// <param name="units">Unit records.</param>
    /// <param name="events">The journal from event 1.</param>
    /// <param name="treeSize">Events to replay.</param>
    /// <param name="registry">This registry's name: records whose <c>currentRegistry</c> it is are this registry's own.</param>
    /// <exception cref="LedgerException">A project record matches no project here: every such record named.</exception>
    public static CadtImportPlan Plan(IReadOnlyList<CadtProject> projects, IReadOnlyList<CadtUnit> units, IEnumerable<JournalEvent> events, long treeSize,
        string registry)
    {
        ArgumentNullException.ThrowIfNull(projects);
        ArgumentNullException.ThrowIfNull(units);
        var state = LedgerAtCheckpoint.Replay(events, treeSize);
        var commands = new List<IInteropCommand>();
        var differences = new List<string>();
        var notes = new List<string>();
        var problems = new List<string>();
        var listings = new HashSet<(string, string, string)>();
        var grantedLabels = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < projects.Count; i++)
        {
            var rec = projects[i];
            string where = $"projects.json record {i + 1} (projectId '{rec.ProjectId}')";
            string recordRegistry = rec.CurrentRegistry ?? rec.RegistryOfOrigin;
            bool own = recordRegistry == registry;
            var project = own ? state.Ledger.FindProject(rec.ProjectId)
                : state.Ledger.Projects.OrderBy(p => p.Id, StringComparer.Ordinal)
                    .FirstOrDefault(p => state.Interop.FindListing(p.Id, recordRegistry, rec.ProjectId) is not null);
            if (project is null)
            {
                problems.Add(own
                    ? $"{where}: no project '{rec.ProjectId}' here; an import never creates projects."
                    : $"{where}: no project here is listed as '{rec.ProjectId}' in '{recordRegistry}'; record the listing first (ledger project list-elsewhere).");
                continue;
            }
            var current = state.Interop.FindDescription(project.Id);
            if (own || current is null)
            {
                if (rec.ProjectLocations is not [var location, ..])
                {
                    problems.Add($"{where}: /projectLocations: a location is needed for the host country.");
                    continue;
                }
                string country = Iso3166.FromCadtName(location.Country)!;
                var described = new DescribeProject(project.Id, rec.ProjectName, country, string.IsNullOrEmpty(location.InCountryRegion) ? null : location.InCountryRegion,
                    rec.Sector, rec.ProjectType, rec.Methodology, CadtMapping.NdcCoverageOf(rec.CoveredByNdc));
                if (current is null || current.Name != described.Name || current.HostCountry != described.HostCountry || current.HostRegion != described.HostRegion
                    || current.Sector != described.Sector || current.ProjectType != described.ProjectType || current.Methodology != described.Methodology
                    || current.NdcCoverage != described.NdcCoverage)
                {
                    commands.Add(described);
                }
            }
            void Listing(string reg, string id, ListingRelationship relationship)
            {
                if (reg == registry && id == project.Id)
                {
                    return; // this registry itself
                }
                if (state.Interop.FindListing(project.Id, reg, id) is null && listings.Add((project.Id, reg, id)))
                {
                    commands.Add(new AddListing(project.Id, reg, id, relationship, null));
                }
            }
            if (rec.RegistryOfOrigin != recordRegistry || rec.OriginProjectId != rec.ProjectId)
            {
                // One registry of origin per project: a different one here is a disagreement, not something to add.
                var origin = state.Interop.ListingsOf(project.Id).FirstOrDefault(l => l.Relationship == ListingRelationship.Origin);
                if (origin is null)
                {
                    Listing(rec.RegistryOfOrigin, rec.OriginProjectId, ListingRelationship.Origin);
                }
                else if (origin.Registry != rec.RegistryOfOrigin || origin.ExternalId != rec.OriginProjectId)
                {
                    differences.Add($"{where}: registry of origin '{rec.RegistryOfOrigin}' ('{rec.OriginProjectId}') in the record, '{origin.Registry}' ('{origin.ExternalId}') here.");
                }
            }
            foreach (var r in rec.RelatedProjects ?? [])
            {
                if (r.Registry is null)
                {
                    problems.Add($"{where}: /relatedProjects: related project '{r.RelatedProjectId}' names no registry; EcoLedger keys listings by registry.");
                    continue;
                }
                Listing(r.Registry, r.RelatedProjectId, ListingRelationship.AlsoListed);
            }
            if (!own)
            {
                if ((rec.Labels?.Count ?? 0) > 0)
                {
                    notes.Add($"{where}: {rec.Labels!.Count} label(s) of registry '{recordRegistry}' not imported: they concern that registry's units.");
                }
                continue;
            }
            var issued = state.Ledger.Requests.Where(r => r.ProjectId == project.Id && r.State == IssuanceState.Issued).ToList();
            foreach (var l in rec.Labels ?? [])
            {
                if (l.Id is null || state.Interop.FindLabel(l.Id) is not null || !grantedLabels.Add(l.Id))
                {
                    continue;
                }
                // The label's issuance is not in a CADT project record; its unit quantity tells: all issued credits, or one issuance's.
                string? issuance = null;
                if (l.UnitQuantity != issued.Sum(r => r.Quantity))
                {
                    var match = issued.Where(r => r.Quantity == l.UnitQuantity).ToList();
                    if (match.Count != 1)
                    {
                        problems.Add($"{where}: /labels: label '{l.Id}' covers {l.UnitQuantity} units, which is neither all of project '{project.Id}''s issued credits nor exactly one of its issuances.");
                        continue;
                    }
                    issuance = match[0].Id;
                }
                var (name, body, approved) = CadtLabelName.Parse(l.Label);
                var from = DateOnly.ParseExact(l.ValidityPeriodStartDate[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
                commands.Add(new GrantLabel(l.Id, project.Id, issuance, name, l.LabelType, body, approved ?? from, from,
                    DateOnly.ParseExact(l.ValidityPeriodEndDate[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture), l.LabelLink));
            }
        }
        if (problems.Count > 0)
        {
            throw new LedgerException("The CAD Trust records do not fit this ledger; nothing was imported:\n  " + string.Join("\n  ", problems));
        }
        PlanUnits(units, state, commands, differences, notes);
        return new CadtImportPlan(commands, differences, notes);
    }

    private static void PlanUnits(IReadOnlyList<CadtUnit> units, LedgerAtCheckpoint state, List<IInteropCommand> commands,
        List<string> differences, List<string> notes)
    {
        var jurisdictions = new Dictionary<string, (string Country, string? Region)>(StringComparer.Ordinal);
        int foreign = 0;
        for (int i = 0; i < units.Count; i++)
        {
            var u = units[i];
            string where = $"units.json record {i + 1} ({u.UnitBlockStart}..{u.UnitBlockEnd})";
            (string Region, string Project, SerialRange Range) first, last;
            try
            {
                first = SerialNumber.Parse(u.UnitBlockStart);
                last = SerialNumber.Parse(u.UnitBlockEnd);
            }
            catch (LedgerException)
            {
                foreign++; // another registry's serial format: a CADT unit record names no project, so it cannot be matched here
                continue;
            }
            var project = state.Ledger.FindProject(first.Project);
            if (project is null || last.Project != first.Project)
            {
                differences.Add($"{where}: project '{first.Project}' has no credits here.");
                continue;
            }
            var range = new SerialRange(first.Range.Start, last.Range.End);
            var request = state.Ledger.Requests.FirstOrDefault(r => r.ProjectId == project.Id && r.State == IssuanceState.Issued
                && r.SerialStart <= range.Start && range.End <= r.SerialStart + r.Quantity - 1);
            if (request is null || range.Count != u.UnitCount)
            {
                differences.Add($"{where}: serials {range} ({u.UnitCount} units) are not one issuance of project '{project.Id}' here.");
                continue;
            }
            var a6 = state.Interop.FindArticle6(request.Id) ?? new IssuanceArticle6(request.Id, project.Id);
            string declaration = CadtMapping.AdjustmentDeclaration(a6.Authorization);
            string status = CadtMapping.AdjustmentStatus(a6.Adjustment, a6.FirstTransferOn is not null);
            if (declaration != u.CorrespondingAdjustmentDeclaration || status != u.CorrespondingAdjustmentStatus)
            {
                differences.Add($"{where}: corresponding adjustment '{u.CorrespondingAdjustmentDeclaration}' / '{u.CorrespondingAdjustmentStatus}' in the record, "
                    + $"'{declaration}' / '{status}' here (issuance '{request.Id}', {a6.Authorization.Name()}, {a6.Adjustment.Name()}); an import does not change Article 6 status.");
            }
            if (u.UnitStatus == "Buffer" || u.UnitOwner is null)
            {
                continue;
            }
            var owner = state.Ledger.Participants.Where(p => p.Role != Role.System && (p.Name == u.UnitOwner || p.Id == u.UnitOwner))
                .OrderBy(p => p.Id, StringComparer.Ordinal).FirstOrDefault();
            if (owner is null)
            {
                differences.Add($"{where}: owner '{u.UnitOwner}' is not a participant here.");
                continue;
            }
            string country = Iso3166.FromCadtName(u.CountryJurisdictionOfOwner)!;
            var region = string.IsNullOrEmpty(u.InCountryJurisdictionOfOwner) ? null : u.InCountryJurisdictionOfOwner;
            if (state.Interop.FindJurisdiction(owner.Id) is { } j)
            {
                if (j.Country != country || j.Region != region)
                {
                    differences.Add($"{where}: owner '{owner.Id}' is in {country}{(region is null ? "" : " " + region)} by the record but {j.Country}{(j.Region is null ? "" : " " + j.Region)} here.");
                }
            }
            else if (jurisdictions.TryGetValue(owner.Id, out var planned))
            {
                if (planned != (country, region))
                {
                    differences.Add($"{where}: owner '{owner.Id}' is in {country} by this record but {planned.Country} by an earlier one.");
                }
            }
            else
            {
                jurisdictions[owner.Id] = (country, region);
                commands.Add(new SetJurisdiction(owner.Id, country, region));
            }
        }
        if (foreign > 0)
        {
            notes.Add($"{foreign} unit record(s) of other registries (serials not EcoLedger's) not matched: a CADT unit record names no project.");
        }
    }
}
