using EcoLedger.Ledger;
using EcoLedger.Ledger.Compensation;
using EcoLedger.Server.Auth;
using EcoLedger.Server.Hosting;
using EcoLedger.Server.Http;
using static EcoLedger.Server.Auth.ServerRoles;

namespace EcoLedger.Server.Endpoints;

/// <summary>A compensation payment, as <c>compensation payments --json</c> lists it.</summary>
public sealed record PaymentView(string Id, string Agreement, string Round, string Source, string From, string To, long AmountFen, string State,
    long CreatedSeq, long? ResolvedSeq);

/// <summary>One class of pledged credits.</summary>
public sealed record PledgedClassView(string Project, DateOnly VintageStart, DateOnly VintageEnd, long Tonnes);

/// <summary>The credits under one pledge.</summary>
public sealed record PledgeView(long PledgeSeq, string Borrower, string Bank, IReadOnlyList<PledgedClassView> Classes);

/// <summary>
/// Compensation and pricing reads, as the CLI gives them (<c>compensation payments</c>, <c>compensation statement</c>, the pledged
/// credits behind <c>value pledges</c>). Their commands are not served yet.
/// </summary>
public static class CompensationPricingEndpoints
{
    /// <summary>Maps <c>/api/compensation</c> and <c>/api/pricing</c> reads.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var comp = app.MapGroup("/api/compensation").WithTags("compensation");
        comp.MapGet("/payments", (string? agreement, LedgerHost host) => LedgerEndpoints.Read(host, db => db.CompensationPayments(agreement)
                .Select(p => new PaymentView(p.Id, p.AgreementId, p.RoundId, p.SourceId, p.FromParty, p.ToParty, p.AmountFen, p.State.Name(), p.CreatedSeq,
                    p.ResolvedSeq)).ToList()))
            .Roles(Registry, Bureau, Auditor).WithSummary("Compensation payments: pending (reserved), posted or voided.");
        comp.MapGet("/agreements/{id}/statement", async (string id, LedgerHost host) =>
            {
                try
                {
                    string text = await host.UseAsync(db => CompensationStatement.Render(db.CompensationStatement(id))).ConfigureAwait(false);
                    return Results.Text(text, "text/markdown; charset=utf-8");
                }
                catch (LedgerException e)
                {
                    return Problems.FromLedger(e);
                }
            })
            .Roles(Registry, Bureau, Auditor).WithSummary("The per-round statement of an agreement (Markdown), as compensation statement writes it.");

        var pricing = app.MapGroup("/api/pricing").WithTags("pricing");
        pricing.MapGet("/pledges", (HttpContext http, LedgerHost host) =>
            {
                var caller = Caller.Of(http.User);
                return LedgerEndpoints.Read(host, db => db.PledgedCredits()
                    .Where(p => caller.Oversees || caller.Has(Registry) || p.Bank == caller.Participant)
                    .Select(p => new PledgeView(p.PledgeSeq, p.Borrower, p.Bank,
                        p.Classes.Select(c => new PledgedClassView(c.Project, c.VintageStart, c.VintageEnd, c.Tonnes)).ToList()))
                    .ToList());
            })
            .Roles(Registry, Bank, Bureau, Auditor).WithSummary("Credits under pledge, by pledge; a bank sees the pledges made to it.");
    }
}
