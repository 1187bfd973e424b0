using System.Globalization;
using EcoLedger.Ledger;
using EcoLedger.Ledger.Interop;
using EcoLedger.Server.Auth;
using EcoLedger.Server.Hosting;
using EcoLedger.Server.Http;
using EcoLedger.Storage;
using static EcoLedger.Server.Auth.ServerRoles;

namespace EcoLedger.Server.Endpoints;

/// <summary>
/// The credit ledger over HTTP: each write builds the command record <c>ecoledger ledger …</c> builds and runs it through the same
/// <see cref="CommandRunner"/>; each read calls the same query. Roles are checked here (403) before the ledger's own rules (422).
/// </summary>
public static class LedgerEndpoints
{
    private static readonly (string Verb, ProjectTrigger Trigger, string[] Roles)[] ProjectTransitions =
    [
        ("submit", ProjectTrigger.Submit, [ProjectOwner]),
        ("validate", ProjectTrigger.Validate, [Verifier]),
        ("register", ProjectTrigger.Register, [Registry]),
        ("suspend", ProjectTrigger.Suspend, [Registry]),
        ("reinstate", ProjectTrigger.Reinstate, [Registry]),
        ("close", ProjectTrigger.Close, [Registry]),
        ("reject", ProjectTrigger.Reject, [Registry, Verifier]),
    ];

    private static readonly (string Verb, CreditOperation Operation, string[] Roles)[] CreditOperations =
    [
        ("transfer", CreditOperation.Transfer, [Holder, ProjectOwner]),
        ("retire", CreditOperation.Retire, [Holder, ProjectOwner]),
        ("pledge", CreditOperation.Pledge, [Holder, ProjectOwner]),
        ("release", CreditOperation.Release, [Bank, Registry]),
        ("freeze", CreditOperation.Freeze, [Registry]),
        ("unfreeze", CreditOperation.Unfreeze, [Registry]),
        ("cancel", CreditOperation.Cancel, [Registry]),
        ("surrender", CreditOperation.Surrender, [ProjectOwner, Registry]),
    ];

    /// <summary>Every role that acts as a ledger participant.</summary>
    internal static readonly string[] Participants = [Registry, Verifier, ProjectOwner, Holder, Bank];

    /// <summary>Maps the ledger's endpoints under <c>/api</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("ledger");

        api.MapPost("/participants", (AddParticipantRequest body, HttpContext http) =>
            Command(http, () => new AddParticipant(body.Id, ParseRole(body.Role), body.Name)))
            .Roles(Registry).WithSummary("Add a participant (ledger participant add).");
        api.MapPost("/participants/{id}/keys", (string id, RegisterKeyRequest body, HttpContext http) =>
            Own(http, id) ?? Command(http, () => new RegisterParticipantKey(id, body.PublicKey)))
            .Roles(Participants).WithSummary("Register a participant's public signing key (the registry for anyone, a participant for itself).");
        api.MapPost("/participants/{id}/keys/{keyId}/revoke", (string id, string keyId, RevokeKeyRequest body, HttpContext http) =>
            Own(http, id) ?? Command(http, () => new RevokeParticipantKey(id, keyId, body.Reason)))
            .Roles(Participants).WithSummary("Revoke a participant's signing key (the registry, or the participant itself).");
        api.MapPut("/signature-policy", (SignaturePolicyRequest body, HttpContext http) =>
            Command(http, () => new SetSignaturePolicy(body.Required)))
            .Roles(Registry).WithSummary("Require signatures on every command, or stop requiring them.");

        api.MapPost("/projects", (CreateProjectRequest body, HttpContext http) => Command(http, () => new CreateProject(
                body.Id, Caller.Of(http.User).Participant!, body.Region, body.Methodology,
                CommandInput.BufferBasisPoints(body.BufferPct.ToString(CultureInfo.InvariantCulture)),
                CommandInput.Date(body.PeriodStart, "period_start"), CommandInput.Date(body.PeriodEnd, "period_end"), body.Units ?? [])))
            .Roles(ProjectOwner).WithSummary("Create a draft project owned by the caller.");
        foreach (var (verb, trigger, roles) in ProjectTransitions)
        {
            api.MapPost($"/projects/{{id}}/{verb}", (string id, HttpContext http) =>
                Command(http, () => new TransitionProject(id, trigger)))
                .Roles(roles).WithSummary($"Project transition '{verb}'.");
        }
        api.MapPost("/projects/{id}/reversals", (string id, ReversalRequest body, HttpContext http) =>
            Command(http, () => new ReportReversal(id, body.Quantity, body.Cause)))
            .Roles(Registry, ProjectOwner).WithSummary("Report a reversal: buffer credits are cancelled first.");

        api.MapPost("/issuances", (RequestIssuanceRequest body, HttpContext http) => Command(http, () => new RequestIssuance(
                body.Id, body.Project, CommandInput.Date(body.VintageStart, "vintage_start"), CommandInput.Date(body.VintageEnd, "vintage_end"), body.Quantity)))
            .Roles(ProjectOwner).WithSummary("Request issuance for a monitoring period.");
        api.MapPost("/issuances/{id}/verify", (string id, HttpContext http) =>
            Command(http, () => new TransitionIssuance(id, IssuanceTrigger.Verify)))
            .Roles(Verifier).WithSummary("Verify the claimed quantity.");
        api.MapPost("/issuances/{id}/issue", (string id, HttpContext http) => Command(http, () => new IssueCredits(id)))
            .Roles(Registry).WithSummary("Issue: one serial block, the buffer share to the buffer pool.");
        api.MapPost("/issuances/{id}/reject", (string id, HttpContext http) =>
            Command(http, () => new TransitionIssuance(id, IssuanceTrigger.Reject)))
            .Roles(Registry, Verifier).WithSummary("Reject an issuance request.");

        MapInterop(api);

        foreach (var (verb, op, roles) in CreditOperations)
        {
            api.MapPost($"/credits/{verb}", (CreditRequest body, HttpContext http) => Credit(http, op, verb, body))
                .Roles(roles).WithSummary($"Credits: {verb}. Needs an Idempotency-Key.");
        }

        api.MapGet("/participants", (LedgerHost host) => host.UseAsync(db =>
                db.Participants().Select(p => new ParticipantView(p.Id, p.Role.Name(), p.Name)).ToList()))
            .Roles(All.ToArray()).WithSummary("Participants and their roles.");
        api.MapGet("/balances", (string? holder, HttpContext http, LedgerHost host) =>
            OwnHoldings(http, ref holder) ?? ReadCommitted(host, db => db.Balances(holder)))
            .Roles(All.ToArray()).WithSummary("Balances by status; a holder, owner or bank sees its own.");
        api.MapGet("/blocks", (string? holder, string? project, HttpContext http, LedgerHost host) =>
            OwnHoldings(http, ref holder) ?? ReadCommitted(host, db => db.Blocks(holder, project)))
            .Roles(All.ToArray()).WithSummary("Serial blocks; a holder, owner or bank sees its own.");
        api.MapGet("/supply", (string? project, LedgerHost host) => Read(host, db => db.Supply(project)))
            .Roles(All.ToArray()).WithSummary("Supply per project and vintage.");
        api.MapGet("/history", (string serial, string? project, LedgerHost host) =>
            {
                try
                {
                    var (p, range) = CommandInput.Serials(serial, project);
                    return p is null
                        ? Task.FromResult(Problems.BadInput("project", "A bare serial number needs its project (project)."))
                        : Read(host, db => db.History(p, range.Start).Select(EntryResponse.Of).ToList());
                }
                catch (LedgerException e)
                {
                    return Task.FromResult(Problems.FromLedger(e));
                }
            })
            .Roles(All.ToArray()).WithSummary("The journal entries that touched a serial.");
        api.MapGet("/journal", (long? from, int? limit, LedgerHost host) =>
            {
                long start = Math.Max(1, from ?? 1);
                int n = Math.Clamp(limit ?? 100, 1, 1000);
                return Read(host, db => db.JournalEvents(start, start + n - 1)
                    .Select(e => EntryResponse.Of(new JournalEntry(e.Seq, e.Time, e.Actor, e.Kind, e.Payload, e.PrevHash, e.Hash))).ToList());
            })
            .Roles(Registry, Verifier, Auditor).WithSummary("Journal entries from 'from', at most 'limit' (100 by default, 1000 at most).");
    }

    /// <summary>Restricts an endpoint to callers with one of <paramref name="roles"/> and says so in the OpenAPI description.</summary>
    public static RouteHandlerBuilder Roles(this RouteHandlerBuilder builder, params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.RequireAuthorization(p => p.RequireRole(roles)).WithDescription("Roles: " + string.Join(", ", roles) + ".");
    }

    /// <summary>Builds a command record (a refusal of its input is a problem) and runs it as the caller.</summary>
    /// <summary>The registry's CAD Trust and Article 6 commands (docs/interop.md): registry only, as on the CLI.</summary>
    private static void MapInterop(RouteGroupBuilder api)
    {
        api.MapPut("/projects/{id}/description", (string id, ProjectDescriptionRequest body, HttpContext http) =>
            Command(http, () => new DescribeProject(id, body.Name, body.HostCountry, body.HostRegion, body.Sector, body.ProjectType, body.Methodology,
                LedgerNames.Parse<NdcCoverage>(body.NdcCoverage ?? "unknown"))))
            .Roles(Registry).WithSummary("Describe a project for other registries and the CAD Trust (ledger project describe).");
        api.MapPost("/projects/{id}/listings", (string id, ListingRequest body, HttpContext http) =>
            Command(http, () => new AddListing(id, body.Registry, body.ExternalId, LedgerNames.Parse<ListingRelationship>(body.Relationship ?? "also_listed"), body.Link)))
            .Roles(Registry).WithSummary("Record the project's id in another registry (ledger project list-elsewhere).");
        api.MapPost("/projects/{id}/listings/remove", (string id, RemoveListingRequest body, HttpContext http) =>
            Command(http, () => new RemoveListing(id, body.Registry, body.ExternalId, body.Reason)))
            .Roles(Registry).WithSummary("Remove a listing in another registry (ledger project unlist-elsewhere).");
        api.MapPost("/projects/{id}/labels", (string id, LabelRequest body, HttpContext http) =>
            Command(http, () => new GrantLabel(body.Id, id, body.Issuance, body.Label, body.LabelType, body.ApprovingBody,
                CommandInput.Date(body.ApprovedOn, "approved_on"), CommandInput.Date(body.ValidFrom, "valid_from"), CommandInput.Date(body.ValidTo, "valid_to"), body.Link)))
            .Roles(Registry).WithSummary("Record a label granted to the project's credits, e.g. ICVCM CCP (ledger project label grant).");
        api.MapPost("/labels/{id}/withdraw", (string id, WithdrawLabelRequest body, HttpContext http) =>
            Command(http, () => new WithdrawLabel(id, body.Reason)))
            .Roles(Registry).WithSummary("Record that a label was withdrawn (ledger project label withdraw).");
        foreach (var (verb, trigger) in new[]
        {
            ("authorize", AuthorizationTrigger.Authorize), ("designate-contribution", AuthorizationTrigger.DesignateMitigationContribution),
            ("withdraw-authorization", AuthorizationTrigger.Withdraw),
        })
        {
            api.MapPost($"/issuances/{{id}}/{verb}", (string id, AuthorizationRequest body, HttpContext http) =>
                Command(http, () => new ChangeAuthorization(id, trigger, body.Reference, CommandInput.Date(body.On, "on"))))
                .Roles(Registry).WithSummary($"Article 6: record the host Party's '{verb}' of the issuance's credits.");
        }
        api.MapPost("/issuances/{id}/first-transfer", (string id, FirstTransferRequest body, HttpContext http) =>
            Command(http, () => new RecordFirstTransfer(id, CommandInput.Date(body.On, "on"), body.Basis)))
            .Roles(Registry).WithSummary("Article 6: record the first transfer of the issuance's authorized credits.");
        api.MapPost("/issuances/{id}/adjustment-complete", (string id, AdjustmentRequest body, HttpContext http) =>
            Command(http, () => new CompleteAdjustment(id, body.Reference, CommandInput.Date(body.On, "on"))))
            .Roles(Registry).WithSummary("Article 6: record that the host Party applied the corresponding adjustment (final).");
        api.MapPut("/participants/{id}/jurisdiction", (string id, JurisdictionRequest body, HttpContext http) =>
            Command(http, () => new SetJurisdiction(id, body.Country, body.Region)))
            .Roles(Registry).WithSummary("Set the country (ISO 3166-1) and subdivision (ISO 3166-2) a participant is registered in.");
    }

    public static Task<IResult> Command(HttpContext http, Func<ICommand> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        ICommand command;
        try
        {
            command = build();
        }
        catch (LedgerException e)
        {
            return Task.FromResult(Problems.FromLedger(e));
        }
        return CommandExecution.Run(http, command);
    }

    /// <summary>Runs a read under the gate and returns its value as JSON.</summary>
    public static async Task<IResult> Read<T>(LedgerHost host, Func<LedgerDatabase, T> read)
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            return Results.Ok(await host.UseAsync(read).ConfigureAwait(false));
        }
        catch (LedgerException e)
        {
            return Problems.FromLedger(e);
        }
    }

    /// <summary>A plain-SQL read beside the writer (<see cref="LedgerHost.ReadCommittedAsync{T}"/>), as JSON.</summary>
    public static async Task<IResult> ReadCommitted<T>(LedgerHost host, Func<LedgerDatabase, T> read)
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            return Results.Ok(await host.ReadCommittedAsync(read).ConfigureAwait(false));
        }
        catch (LedgerException e)
        {
            return Problems.FromLedger(e);
        }
    }

    private static Role ParseRole(string role)
    {
        try
        {
            return RoleNames.Parse(role);
        }
        catch (LedgerException e)
        {
            throw LedgerException.ForFields(e.Message.Replace("role '", "{role} '", StringComparison.Ordinal), "role");
        }
    }

    /// <summary>403 unless the caller is the registry or <paramref name="participant"/> itself.</summary>
    private static Task<IResult>? Own(HttpContext http, string participant)
    {
        var caller = Caller.Of(http.User);
        return caller.Has(Registry) || caller.Participant == participant ? null
            : Task.FromResult(Problems.Forbidden($"'{caller.Name}' may manage only its own keys, not those of '{participant}'."));
    }

    /// <summary>A caller that does not oversee the registry reads only its own holdings (the default when it names none).</summary>
    private static Task<IResult>? OwnHoldings(HttpContext http, ref string? holder)
    {
        var caller = Caller.Of(http.User);
        if (caller.Oversees)
        {
            return null;
        }
        holder ??= caller.Participant;
        return holder == caller.Participant ? null
            : Task.FromResult(Problems.Forbidden($"'{caller.Name}' may read only its own holdings, not those of '{holder}'."));
    }

    private static Task<IResult> Credit(HttpContext http, CreditOperation op, string verb, CreditRequest body)
    {
        var caller = Caller.Of(http.User);
        var (key, problem) = CommandExecution.IdempotencyKey(http, required: true);
        if (problem is not null)
        {
            return Task.FromResult(problem);
        }
        string? holder = body.Holder;
        string? counterparty = body.Counterparty;
        bool registry = caller.Has(Registry);
        switch (op)
        {
            case CreditOperation.Transfer or CreditOperation.Retire or CreditOperation.Pledge:
            case CreditOperation.Surrender when !registry:
                holder ??= caller.Participant;
                if (holder != caller.Participant)
                {
                    return Task.FromResult(Problems.Forbidden($"'{caller.Name}' acts only on its own holdings; it may not {verb} credits of '{holder}'."));
                }
                break;
            case CreditOperation.Release when !registry:
                // Left empty, the ledger releases the pledges to the acting bank, as the CLI without --bank does.
                if (counterparty is not null && counterparty != caller.Participant)
                {
                    return Task.FromResult(Problems.Forbidden($"'{caller.Name}' releases only pledges made to it, not pledges to '{counterparty}'."));
                }
                break;
        }
        if (holder is null)
        {
            return Task.FromResult(Problems.BadInput("holder", $"'{verb}' needs the holder whose credits it takes (holder)."));
        }
        return Command(http, () =>
        {
            string? project = body.Project;
            SerialRange? range = null;
            if (body.Serials is { } s)
            {
                (project, range) = CommandInput.Serials(s, project);
            }
            long? fen = body.Price is { } p ? CommandInput.PriceFen(p) : null;
            return new CreditCommand(op, holder, body.Quantity, counterparty, project, range, body.Block,
                CommandInput.CertificateText(body.Beneficiary, "beneficiary"), CommandInput.CertificateText(body.Purpose, "purpose"), body.Reason, fen, key);
        }, key);
    }

    private static Task<IResult> Command(HttpContext http, Func<ICommand> build, string? key)
    {
        ICommand command;
        try
        {
            command = build();
        }
        catch (LedgerException e)
        {
            return Task.FromResult(Problems.FromLedger(e));
        }
        return CommandExecution.Run(http, command, key);
    }
}

/// <summary>A participant as listed.</summary>
/// <param name="Id">Its id (and holding account).</param>
/// <param name="Role">Its ledger role.</param>
/// <param name="Name">Display name.</param>
public sealed record ParticipantView(string Id, string Role, string Name);
