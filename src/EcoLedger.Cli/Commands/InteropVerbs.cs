using System.CommandLine;
using EcoLedger.Cli.Hosting;
using EcoLedger.Ledger;
using EcoLedger.Ledger.Interop;
using static EcoLedger.Cli.Commands.LedgerCommands;

namespace EcoLedger.Cli.Commands;

/// <summary>
/// The registry's CAD Trust and Article 6 verbs (docs/interop.md): options are named after the command records' fields, so a refusal
/// naming a field names the option.
/// </summary>
internal static class InteropVerbs
{
    /// <summary>Adds <c>describe</c>, <c>list-elsewhere</c>, <c>unlist-elsewhere</c> and <c>label grant|withdraw</c> to <c>ledger project</c>.</summary>
    public static void AddToProject(LedgerCli ctx, Command project)
    {
        var p = Req("--project", "Project id.");
        var name = Req("--name", "The project's name (CAD Trust projectName).");
        var ndc = new Option<string>("--ndc-coverage") { Description = "inside | outside | unknown: whether the host Party's NDC covers the project.", DefaultValueFactory = _ => "unknown" };
        var country = Req("--host-country", "Host country, ISO 3166-1 alpha-2 (e.g. CN).");
        var region = Opt("--host-region", "Host subdivision, ISO 3166-2 (e.g. CN-HL).");
        var sector = Req("--sector", "Sector as the CAD Trust lists it, e.g. \"Agriculture; forestry and fishing\".");
        var type = Req("--project-type", "Project type as the CAD Trust lists it, e.g. Afforestation.");
        var methodology = Req("--methodology", "Methodology identifier as other registries know it, e.g. CCER-14-001-V01.");
        project.Subcommands.Add(ctx.Mutating("describe", "Registry sets the project's host country and subdivision, sector, type and methodology identifier (CAD Trust fields).",
            [p, name, country, region, sector, type, methodology, ndc], r => new DescribeProject(r.GetValue(p)!, r.GetValue(name)!, r.GetValue(country)!,
                r.GetValue(region), r.GetValue(sector)!, r.GetValue(type)!, r.GetValue(methodology)!, Parse<NdcCoverage>(r.GetValue(ndc)!))));

        var lp = Req("--project", "Project id here.");
        var registry = Req("--registry", "The other registry, as the CAD Trust names it (e.g. Verra, \"CDM Registry\").");
        var externalId = Req("--external-id", "The project's id in that registry.");
        var relationship = new Option<string>("--relationship") { Description = "origin (registered there first) | also_listed.", DefaultValueFactory = _ => "also_listed" };
        var link = Opt("--link", "The project's page in that registry.");
        project.Subcommands.Add(ctx.Mutating("list-elsewhere", "Registry records the project's id in another registry (CAD Trust registryOfOrigin / relatedProjects).",
            [lp, registry, externalId, relationship, link], r => new AddListing(r.GetValue(lp)!, r.GetValue(registry)!, r.GetValue(externalId)!,
                Parse<ListingRelationship>(r.GetValue(relationship)!), r.GetValue(link))));

        var up = Req("--project", "Project id here.");
        var uregistry = Req("--registry", "The other registry.");
        var uexternal = Req("--external-id", "The project's id there.");
        var reason = Req("--reason", "Why the listing is removed.");
        project.Subcommands.Add(ctx.Mutating("unlist-elsewhere", "Registry removes a listing in another registry (the journal keeps it).",
            [up, uregistry, uexternal, reason], r => new RemoveListing(r.GetValue(up)!, r.GetValue(uregistry)!, r.GetValue(uexternal)!, r.GetValue(reason)!)));

        var label = new Command("label", "Labels on a project's credits (e.g. the ICVCM CCP label): active → withdrawn.");
        var id = Req("--id", "Label id (letters, digits, underscore).");
        var gp = Req("--project", "Project id.");
        var issuance = Opt("--issuance", "Only this issuance (default: every issuance of the project).");
        var labelName = Req("--label", "The label, e.g. \"ICVCM CCP\".");
        var labelType = Req("--label-type", "Endorsement | Certification | \"Letter of Approval\" | \"Letter of Authorization\" | \"Letter of Qualification\".");
        var body = Req("--approving-body", "Who approved it.");
        var approved = Req("--approved-on", "Date of approval, YYYY-MM-DD.");
        var from = Req("--valid-from", "First day valid, YYYY-MM-DD.");
        var to = Req("--valid-to", "Last day valid, YYYY-MM-DD.");
        var glink = Req("--link", "Where the decision is published.");
        label.Subcommands.Add(ctx.Mutating("grant", "Registry records a label granted by its approving body.",
            [id, gp, issuance, labelName, labelType, body, approved, from, to, glink], r => new GrantLabel(r.GetValue(id)!, r.GetValue(gp)!, r.GetValue(issuance),
                r.GetValue(labelName)!, r.GetValue(labelType)!, r.GetValue(body)!, Date(r.GetValue(approved)!, "--approved-on"), Date(r.GetValue(from)!, "--valid-from"),
                Date(r.GetValue(to)!, "--valid-to"), r.GetValue(glink)!)));
        var wid = Req("--id", "Label id.");
        var wreason = Req("--reason", "Why it was withdrawn.");
        label.Subcommands.Add(ctx.Mutating("withdraw", "Registry records that a label was withdrawn.", [wid, wreason],
            r => new WithdrawLabel(r.GetValue(wid)!, r.GetValue(wreason)!)));
        project.Subcommands.Add(label);
    }

    /// <summary>Adds the Article 6 verbs to <c>ledger issuance</c>.</summary>
    public static void AddToIssuance(LedgerCli ctx, Command issuance)
    {
        foreach (var (verb, trigger, help) in new[]
        {
            ("authorize", AuthorizationTrigger.Authorize, "Registry records the host Party's authorization of the issuance's credits (Article 6): the corresponding adjustment becomes pending."),
            ("designate-contribution", AuthorizationTrigger.DesignateMitigationContribution, "Registry records the designation as mitigation contribution (no corresponding adjustment)."),
            ("withdraw-authorization", AuthorizationTrigger.Withdraw, "Registry records the withdrawal of an authorization before the first transfer."),
        })
        {
            var id = Req("--issuance", "Issuance request id (issued).");
            var reference = Req("--reference", "The host Party's letter reference.");
            var on = Req("--on", "The letter's date, YYYY-MM-DD.");
            issuance.Subcommands.Add(ctx.Mutating(verb, help, [id, reference, on],
                r => new ChangeAuthorization(r.GetValue(id)!, trigger, r.GetValue(reference)!, Date(r.GetValue(on)!, "--on"))));
        }
        var fid = Req("--issuance", "Issuance request id.");
        var fon = Req("--on", "Date of the first transfer, YYYY-MM-DD.");
        var basis = Req("--basis", "issuance | authorization | international_transfer | use | cancellation (as the host Party's authorization specifies).");
        issuance.Subcommands.Add(ctx.Mutating("first-transfer", "Registry records the first transfer of the issuance's authorized credits.", [fid, fon, basis],
            r => new RecordFirstTransfer(r.GetValue(fid)!, Date(r.GetValue(fon)!, "--on"), r.GetValue(basis)!)));
        var cid = Req("--issuance", "Issuance request id.");
        var cref = Req("--reference", "Where the host Party reported the adjustment (e.g. its BTR).");
        var con = Req("--on", "Date of the report, YYYY-MM-DD.");
        issuance.Subcommands.Add(ctx.Mutating("adjustment-complete", "Registry records that the host Party applied the corresponding adjustment (final).", [cid, cref, con],
            r => new CompleteAdjustment(r.GetValue(cid)!, r.GetValue(cref)!, Date(r.GetValue(con)!, "--on"))));
    }

    /// <summary>Adds <c>jurisdiction</c> to <c>ledger participant</c>.</summary>
    public static void AddToParticipant(LedgerCli ctx, Command participant)
    {
        var p = Req("--participant", "Participant id.");
        var country = Req("--country", "ISO 3166-1 alpha-2, e.g. CN.");
        var region = Opt("--region", "ISO 3166-2, e.g. CN-HL.");
        participant.Subcommands.Add(ctx.Mutating("jurisdiction", "Registry sets the country (and subdivision) a participant is registered in (CAD Trust countryJurisdictionOfOwner).",
            [p, country, region], r => new SetJurisdiction(r.GetValue(p)!, r.GetValue(country)!, r.GetValue(region))));
    }

    private static T Parse<T>(string text) where T : struct, Enum
    {
        try
        {
            return LedgerNames.Parse<T>(text);
        }
        catch (LedgerException e)
        {
            throw CliFields.ToCli(e);
        }
    }
}
