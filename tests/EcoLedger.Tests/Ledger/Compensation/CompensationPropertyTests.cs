using EcoLedger.Ledger;
using EcoLedger.Ledger.Compensation;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EcoLedger.Tests.Ledger.Compensation;

/// <summary>Money invariants: every event's postings sum to zero, and no fen is created or lost across splits, voids and posts.</summary>
public class CompensationPropertyTests
{
    public sealed record Case(long AmountFen, long[] Shares, int[] PayerWeights, int[] PayeeWeights, bool Dispute, long AmendedFen)
    {
        public override string ToString() =>
            $"amount {AmountFen}, shares [{string.Join(",", Shares)}], payers [{string.Join(",", PayerWeights)}], payees [{string.Join(",", PayeeWeights)}], dispute {Dispute} → {AmendedFen}";
    }

    private static Gen<Case> CaseGen =>
        from amount in Gen.Choose(0, int.MaxValue).Select(x => (long)x * 7 + 3)
        from shares in Gen.Choose(1, 97).ArrayOf().Where(a => a.Length is > 0 and <= 4)
        from payers in Gen.Choose(1, 5).ArrayOf().Where(a => a.Length is > 0 and <= 2)
        from payees in Gen.Choose(1, 5).ArrayOf().Where(a => a.Length is > 0 and <= 2)
        from dispute in Gen.Elements(true, false)
        from amended in Gen.Choose(0, 1_000_000_000)
        select new Case(amount, shares.Select(s => (long)s).ToArray(), payers, payees, dispute, amended);

    [Property(MaxTest = 60)]
    public Property Postings_sum_to_zero_and_no_fen_is_created_or_lost() =>
        Prop.ForAll(CaseGen.ToArbitrary(), k =>
        {
            string[] payerIds = ["down", "down2"];
            string[] payeeIds = ["up", "up2"];
            var parties = k.PayerWeights.Select((w, i) => new PartySpec(payerIds[i], "payer", w))
                .Concat(k.PayeeWeights.Select((w, i) => new PartySpec(payeeIds[i], "payee", w))).ToList();
            var funding = k.Shares.Select((s, i) => new FundingSpec($"f{i}", "government_transfer", s)).ToList();
            var spec = TestCompensation.Spec(TestCompensation.Water(met: k.AmountFen), parties, funding);
            var c = TestCompensation.With(spec: spec);
            c.RoundTo(RoundState.Assessed);
            var assessed = c.Store.FindRound(TestCompensation.Round)!.Assessment!;
            bool splitAddsUp = assessed.Funding.Sum(f => f.AmountFen) == k.AmountFen && c.Store.Payments.Sum(p => p.AmountFen) == k.AmountFen;
            long expectedPaid = k.AmountFen;
            if (k.Dispute)
            {
                c.Run(e => e.Dispute("up", TestCompensation.Round, "disputed"));
                c.Run(e => e.Resolve("reg", TestCompensation.Round, "amended", k.AmendedFen, null));
                expectedPaid = k.AmendedFen;
            }
            c.Run(e => e.Settle("reg", TestCompensation.Round));

            bool eachEventBalances = c.Store.Postings.GroupBy(p => p.Seq).All(g => g.Sum(p => p.AmountFen) == 0);
            long payers = parties.Where(p => p.Side == "payer").Sum(p => c.Store.Balance($"A1:party:{p.Id}"));
            long payees = parties.Where(p => p.Side == "payee").Sum(p => c.Store.Balance($"A1:party:{p.Id}"));
            long funds = funding.Sum(f => c.Store.Balance($"A1:fund:{f.Id}"));
            bool resolvedOnce = c.Store.Payments.All(p => p.State != PaymentState.Pending);
            return (splitAddsUp && eachEventBalances && payers == -expectedPaid && payees == expectedPaid && funds == 0 && resolvedOnce
                    && c.Store.Payments.Where(p => p.State == PaymentState.Posted).Sum(p => p.AmountFen) == expectedPaid)
                .Label(k.ToString());
        });

    [Property(MaxTest = 200)]
    public Property A_reservation_splits_every_amount_exactly() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(1, 1000).ArrayOf().Where(a => a.Length is > 0 and <= 6).ToArbitrary(),
            (amount, shares) =>
            {
                var spec = TestCompensation.Spec(funding: shares.Select((s, i) => new FundingSpec($"f{i}", "social_capital", s)).ToList());
                var a = new Agreement("A1", "reg", spec, 1);
                var round = new CompensationRound("A1_R1", "A1", 1, new DateOnly(2024, 1, 1), new DateOnly(2024, 12, 31));
                var (funding, payments, postings) = CompensationEngine.Reserve(a, round, "payer_to_payee", amount, 1);
                return funding.Sum(f => f.AmountFen) == amount && payments.Sum(p => p.AmountFen) == amount && postings.Sum(p => p.AmountFen) == 0
                    && funding.All(f => Math.Abs(f.AmountFen - (decimal)amount * f.Share / shares.Sum()) < 1m);
            });
}
