using System.Globalization;
using EcoLedger.Ledger;
using EcoLedger.Ledger.Compensation;
using EcoLedger.Server.Auth;
using EcoLedger.Server.Hosting;
using EcoLedger.Server.Http;
using static EcoLedger.Server.Auth.ServerRoles;

namespace EcoLedger.Server.Endpoints;

/// <summary>A party of an agreement.</summary>
public sealed record AgreementPartyView(string Participant, string Side, string? Label, int Weight, long? SignedSeq);

/// <summary>A funding source of an agreement (share in percent).</summary>
public sealed record FundingSourceView(string Source, string Kind, long Share, string? Funder);

/// <summary>A compensation agreement, as <c>compensation statement</c> heads it.</summary>
public sealed record AgreementView(string Id, string Name, string State, string Administrator, DateOnly PeriodStart, DateOnly PeriodEnd, int RoundMonths,
    string Rule, long CreatedSeq, IReadOnlyList<AgreementPartyView> Parties, IReadOnlyList<FundingSourceView> Funding);

/// <summary>Samples of one indicator used by a round (corrections applied), as the statement's samples table gives them.</summary>
public sealed record IndicatorMeansView(string Indicator, string Unit, int Samples, decimal Min, decimal Mean, decimal Max);

/// <summary>One indicator's line of an assessment, exact as the rule computed it (C_i, C_i0, k_i, C_i/C_i0, k_i × C_i/C_i0).</summary>
public sealed record AssessmentLineView(string Indicator, int Count, string Mean, string Baseline, string Weight, string Ratio, string Weighted);

/// <summary>A named step of the assessment (the index and its intermediates).</summary>
public sealed record AssessmentStepView(string Name, string Formula, string Value);

/// <summary>A funding source's part of the amount due.</summary>
public sealed record FundingShareView(string Source, string Kind, long Share, long AmountFen, string AmountCny);

/// <summary>The assessment of a round: the compensation index, its steps, the decision and the funding split.</summary>
public sealed record AssessmentView(string RuleVersion, int SampleCount, string SampleSetHash, string? Index, bool Met, string Decision, string Direction,
    long AmountFen, string AmountCny, IReadOnlyList<AssessmentLineView> Lines, IReadOnlyList<AssessmentStepView> Steps, IReadOnlyList<FundingShareView> Funding);

/// <summary>
/// One round of an agreement: its state, the monitoring samples' means per indicator, the assessment (index, decision) once assessed,
/// any dispute and resolution, and its payments.
/// </summary>
public sealed record RoundView(string Id, string Agreement, int Number, DateOnly PeriodStart, DateOnly PeriodEnd, string State, int SamplesRecorded,
    int Corrections, int SamplesUsed, IReadOnlyList<IndicatorMeansView> Means, IReadOnlyList<string> ReviewNotes, AssessmentView? Assessment,
    string? Dispute, string? Resolution, long? AmountFen, long? AssessedSeq, long? SettledSeq, IReadOnlyList<PaymentView> Payments);

/// <summary>
/// Compensation agreements and rounds for the web app and any client: the same data <c>compensation statement</c> renders, as JSON. The
/// registry, verifiers, bureaus and auditors see every agreement; another participant sees the agreements it is a party of.
/// </summary>
public static class CompensationReadEndpoints
{
    /// <summary>Maps <c>GET /api/compensation/agreements</c> and <c>GET /api/compensation/agreements/{id}/rounds</c>.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var comp = app.MapGroup("/api/compensation").WithTags("compensation");
        comp.MapGet("/agreements", (HttpContext http, LedgerHost host) =>
            {
                var caller = Caller.Of(http.User);
                return LedgerEndpoints.Read(host, db => db.CompensationAgreementIds()
                    .Select(id => db.CompensationStatement(id))
                    .Where(d => Sees(caller, d.Agreement))
                    .Select(d => Agreement(d.Agreement))
                    .ToList());
            })
            .Roles(ServerRoles.All.ToArray()).WithSummary("Compensation agreements with parties and funding; a participant sees those it is a party of.");
        comp.MapGet("/agreements/{id}/rounds", (string id, HttpContext http, LedgerHost host) =>
            {
                var caller = Caller.Of(http.User);
                return LedgerEndpoints.Read(host, db =>
                {
                    var d = db.CompensationStatement(id);
                    return Sees(caller, d.Agreement) ? Rounds(d) : throw new LedgerException($"Unknown agreement '{id}'.");
                });
            })
            .Roles(ServerRoles.All.ToArray())
            .WithSummary("The rounds of an agreement: state, sample means per indicator, the assessment (index, steps, decision, funding split) and payments.");
    }

    /// <summary>Overseers see every agreement; a participant the agreements it administers or is a party of.</summary>
    private static bool Sees(Caller caller, Agreement a) =>
        caller.Oversees || (caller.Participant is { } p && (a.AdministratorId == p || a.Parties.Any(x => x.ParticipantId == p)));

    private static AgreementView Agreement(Agreement a) => new(a.Id, a.Name, a.State.Name(), a.AdministratorId, a.PeriodStart, a.PeriodEnd, a.RoundMonths,
        a.Rule.Version, a.CreatedSeq,
        a.Parties.OrderBy(p => p.Side).ThenBy(p => p.ParticipantId, StringComparer.Ordinal)
            .Select(p => new AgreementPartyView(p.ParticipantId, p.Side.Name(), p.Label, p.Weight, p.SignedSeq)).ToList(),
        a.FundingSources.OrderBy(f => f.SourceId, StringComparer.Ordinal).Select(f => new FundingSourceView(f.SourceId, f.Kind.Name(), f.Share, f.Funder)).ToList());

    private static List<RoundView> Rounds(CompensationStatementData d) => d.Rounds.Select(r =>
    {
        var all = d.Samples.Where(s => s.RoundId == r.Id).ToList();
        var effective = MonitoringSample.Effective(all);
        // The statement's samples table: min, mean and max of the samples in use (exact decimals; the page rounds for people).
        var means = effective.GroupBy(s => (s.Indicator, s.Unit)).OrderBy(g => g.Key.Indicator, StringComparer.Ordinal)
            .Select(g =>
            {
                var v = g.Select(s => s.Amount).ToList();
                return new IndicatorMeansView(g.Key.Indicator, g.Key.Unit, v.Count, v.Min(), v.Sum() / v.Count, v.Max());
            }).ToList();
        var notes = new List<string>();
        if (effective.Count > 0)
        {
            var review = d.Agreement.Rule.Review(effective, r.PeriodStart, r.PeriodEnd);
            notes.AddRange(review.Missing.Concat(review.Outliers));
        }
        var assessment = r.Assessment is { } x
            ? new AssessmentView(x.RuleVersion, x.SampleCount, x.SampleSetHash, x.Index, x.Met, CompensationStatement.ForPeople(x.Decision), x.Direction,
                x.AmountFen, AssessmentRule.Yuan(x.AmountFen),
                x.Lines.Select(l => new AssessmentLineView(l.Indicator, l.Count, l.Mean, l.Baseline, l.Weight, l.Ratio, l.Weighted)).ToList(),
                x.Steps.Select(s => new AssessmentStepView(s.Name, s.Formula, s.Value)).ToList(),
                x.Funding.Select(f => new FundingShareView(f.Source, f.Kind, f.Share, f.AmountFen, AssessmentRule.Yuan(f.AmountFen))).ToList())
            : null;
        var payments = d.Payments.Where(p => p.RoundId == r.Id)
            .Select(p => new PaymentView(p.Id, p.AgreementId, p.RoundId, p.SourceId, p.FromParty, p.ToParty, p.AmountFen, p.State.Name(), p.CreatedSeq, p.ResolvedSeq))
            .ToList();
        return new RoundView(r.Id, r.AgreementId, r.Number, r.PeriodStart, r.PeriodEnd, r.State.Name(), all.Count, all.Count(s => s.CorrectsId is not null),
            effective.Count, means, notes, assessment, r.Dispute, r.Resolution, r.AmountFen, r.AssessedSeq, r.SettledSeq, payments);
    }).ToList();

}
