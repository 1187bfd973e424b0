using System.Globalization;
using System.Text;

namespace EcoLedger.Ledger.Compensation;

/// <summary>What a statement of one agreement shows, as read from the database.</summary>
public sealed record CompensationStatementData(Agreement Agreement, IReadOnlyList<CompensationRound> Rounds, IReadOnlyList<MonitoringSample> Samples,
    IReadOnlyList<CompensationPayment> Payments, IReadOnlyList<KeyValuePair<string, long>> Balances, IReadOnlyList<CompensationPosting> Postings);

/// <summary>Renders a per-round statement (Markdown): samples summary, index and intermediates, decision, funding split, payments, balances.</summary>
public static partial class CompensationStatement
{
    /// <summary>The statement text.</summary>
    public static string Render(CompensationStatementData d)
    {
        var a = d.Agreement;
        var w = new StringBuilder();
        void L(string s = "") => w.Append(s).Append('\n');
        L($"# Compensation statement: {a.Name} ({a.Id})");
        L();
        L($"Administrator: {a.AdministratorId}. Period {D(a.PeriodStart)}..{D(a.PeriodEnd)}, rounds of {a.RoundMonths} months. State: {a.State.Name()}.");
        L($"Rule: {a.Rule.Version}.");
        L();
        L("| party | side | meaning | weight | signed (journal entry) |");
        L("|---|---|---|---:|---:|");
        foreach (var p in a.Parties.OrderBy(p => p.Side).ThenBy(p => p.ParticipantId, StringComparer.Ordinal))
        {
            L($"| {p.ParticipantId} | {p.Side.Name()} | {p.Label ?? ""} | {p.Weight} | {(p.SignedSeq is long s ? s.ToString(CultureInfo.InvariantCulture) : "not signed")} |");
        }
        L();
        L("| funding source | kind | share | funder |");
        L("|---|---|---:|---|");
        foreach (var f in a.FundingSources.OrderBy(f => f.SourceId, StringComparer.Ordinal))
        {
            L($"| {f.SourceId} | {f.Kind.Name()} | {f.Share} | {f.Funder ?? ""} |");
        }
        foreach (var r in d.Rounds)
        {
            L();
            L($"## Round {r.Id} ({D(r.PeriodStart)}..{D(r.PeriodEnd)}): {r.State.Name()}");
            var all = d.Samples.Where(s => s.RoundId == r.Id).ToList();
            var effective = MonitoringSample.Effective(all);
            L();
            L($"### Samples: {all.Count} recorded, {all.Count(s => s.CorrectsId is not null)} corrections, {effective.Count} used");
            if (effective.Count > 0)
            {
                L();
                L("| indicator | unit | samples | min | mean | max |");
                L("|---|---|---:|---:|---:|---:|");
                foreach (var g in effective.GroupBy(s => (s.Indicator, s.Unit)).OrderBy(g => g.Key.Indicator, StringComparer.Ordinal))
                {
                    var v = g.Select(s => s.Amount).ToList();
                    L($"| {g.Key.Indicator} | {g.Key.Unit} | {v.Count} | {N(v.Min())} | {N(v.Sum() / v.Count)} | {N(v.Max())} |");
                }
                var review = a.Rule.Review(effective, r.PeriodStart, r.PeriodEnd);
                foreach (var m in review.Missing.Concat(review.Outliers))
                {
                    L($"- {m}");
                }
            }
            foreach (var c in all.Where(s => s.CorrectsId is not null))
            {
                L($"- Sample {c.Id} corrects sample {c.CorrectsId}: {c.Value} {c.Unit} ({c.Reason}).");
            }
            if (r.Assessment is not { } x)
            {
                continue;
            }
            L();
            L($"### Assessment ({x.RuleVersion}, journal entry {r.AssessedSeq})");
            L();
            L($"Sample set: {x.SampleCount} samples, SHA-256 {x.SampleSetHash}. Figures are rounded to 4 decimals; the exact values are in journal entry {r.AssessedSeq}.");
            if (x.Lines.Count > 0)
            {
                L();
                L("| indicator | n | mean C_i | baseline C_i0 | k_i | C_i / C_i0 | k_i × C_i / C_i0 |");
                L("|---|---:|---:|---:|---:|---:|---:|");
                foreach (var l in x.Lines)
                {
                    L($"| {l.Indicator} | {l.Count} | {N(l.Mean)} | {l.Baseline} | {l.Weight} | {N(l.Ratio)} | {N(l.Weighted)} |");
                }
            }
            L();
            foreach (var s in x.Steps)
            {
                L($"- {s.Name} = {ForPeople(s.Formula)} = {ForPeople(s.Value)}");
            }
            L();
            L($"**Decision:** {ForPeople(x.Decision)}");
            if (r.Dispute is not null)
            {
                L();
                L($"Disputed by {r.Dispute}. Resolution: {r.Resolution ?? "pending"}; amount now {AssessmentRule.Yuan(r.AmountFen ?? 0)} CNY.");
            }
            // After an amending resolution the split shown is the amended amount's, the one the payments were reserved with.
            var funding = r.Funding(a);
            L();
            if (r.Amended)
            {
                L($"Funding split of the amended amount ({AssessmentRule.Yuan(r.AmountFen ?? 0)} CNY; the assessed {AssessmentRule.Yuan(x.AmountFen)} CNY was voided):");
                L();
            }
            L("| funding source | kind | share | amount (CNY) |");
            L("|---|---|---:|---:|");
            foreach (var f in funding)
            {
                L($"| {f.Source} | {f.Kind} | {f.Share} | {AssessmentRule.Yuan(f.AmountFen)} |");
            }
            L($"| total | | | {AssessmentRule.Yuan(funding.Sum(f => f.AmountFen))} |");
            var payments = d.Payments.Where(p => p.RoundId == r.Id).ToList();
            if (payments.Count > 0)
            {
                L();
                L("| payment | source | from | to | amount (CNY) | state |");
                L("|---|---|---|---|---:|---|");
                foreach (var p in payments)
                {
                    L($"| {p.Id} | {p.SourceId} | {p.FromParty} | {p.ToParty} | {AssessmentRule.Yuan(p.AmountFen)} | {p.State.Name()} |");
                }
            }
        }
        L();
        L("## Account balances (CNY; negative = paid out)");
        L();
        L("| account | balance |");
        L("|---|---:|");
        foreach (var (account, fen) in d.Balances)
        {
            L($"| {account} | {AssessmentRule.Yuan(fen)} |");
        }
        L($"| sum of all postings | {AssessmentRule.Yuan(d.Postings.Sum(p => p.AmountFen))} |");
        return w.ToString();
    }

    /// <summary>
    /// Text for people: every decimal number with more than four decimals (the index P, means, ratios as the rule
    /// computed them, to 28 digits) rounded to four; the stored assessment keeps the exact values.
    /// </summary>
    public static string ForPeople(string text) => LongDecimal().Replace(text ?? "", m =>
        N(decimal.Parse(m.Value, NumberStyles.Float, CultureInfo.InvariantCulture)));

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\d.,])-?\d+\.\d{5,}(?![\d.])")]
    private static partial System.Text.RegularExpressions.Regex LongDecimal();

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string N(decimal v) => decimal.Round(v, 4, MidpointRounding.AwayFromZero).ToString("0.0000", CultureInfo.InvariantCulture);

    private static string N(string v) => N(decimal.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture));
}
