namespace EcoLedger.Ledger.Compensation;

/// <summary>
/// Applies a decided compensation event to a store. The same code runs when a command executes and when the journal is replayed.
/// </summary>
public static class CompensationApplier
{
    /// <summary>Applies <paramref name="payload"/> as journal entry <paramref name="seq"/> by <paramref name="actor"/>.</summary>
    public static void Apply(ICompensationStore store, string actor, object payload, long seq)
    {
        switch (payload)
        {
            case AgreementCreated c:
                store.AddAgreement(new Agreement(c.Id, c.Administrator, c.Spec, seq));
                break;
            case AgreementSigned s:
                Required(store.FindAgreement(s.Id), "agreement", s.Id).Sign(s.Party, seq);
                break;
            case AgreementTransitioned t:
                {
                    var a = Required(store.FindAgreement(t.Id), "agreement", t.Id);
                    a.Fire(LedgerNames.Parse<AgreementTrigger>(t.Trigger), actor);
                    foreach (var r in t.Rounds)
                    {
                        store.AddRound(new CompensationRound(r.Id, a.Id, r.Number, r.PeriodStart, r.PeriodEnd));
                    }
                    Resolve(store, t.Voided.Select(id => (a.Id, id)), PaymentTrigger.Void, actor, seq);
                    Post(store, a.Id, t.Postings, seq);
                    break;
                }
            case SamplesImported i:
                {
                    var round = Required(store.FindRound(i.Round), "round", i.Round);
                    round.Fire(RoundTrigger.ImportSamples, actor);
                    foreach (var s in i.Samples)
                    {
                        store.AddSample(new MonitoringSample(round.Id, s, seq));
                    }
                    break;
                }
            case RoundTransitioned t:
                {
                    var round = Required(store.FindRound(t.Round), "round", t.Round);
                    var trigger = LedgerNames.Parse<RoundTrigger>(t.Trigger);
                    round.Fire(trigger, actor);
                    if (trigger == RoundTrigger.Dispute)
                    {
                        round.RecordDispute(actor, t.Reason);
                    }
                    break;
                }
            case RoundAssessed a:
                {
                    var round = Required(store.FindRound(a.Round), "round", a.Round);
                    round.Fire(RoundTrigger.Assess, actor);
                    round.RecordAssessment(a.Assessment, seq);
                    foreach (var p in a.Payments)
                    {
                        store.AddPayment(new CompensationPayment(round.AgreementId, round.Id, p, seq));
                    }
                    Post(store, round.AgreementId, a.Postings, seq);
                    break;
                }
            case RoundSettled s:
                {
                    var round = Required(store.FindRound(s.Round), "round", s.Round);
                    round.Fire(RoundTrigger.Settle, actor);
                    round.RecordSettlement(seq);
                    Resolve(store, s.Posted.Select(id => (round.Id, id)), PaymentTrigger.Post, actor, seq, byRound: true);
                    Post(store, round.AgreementId, s.Postings, seq);
                    break;
                }
            case RoundResolved r:
                {
                    var round = Required(store.FindRound(r.Round), "round", r.Round);
                    round.Fire(RoundTrigger.Resolve, actor);
                    round.RecordResolution(r.Outcome, r.AmountFen, r.Note);
                    Resolve(store, r.Voided.Select(id => (round.Id, id)), PaymentTrigger.Void, actor, seq, byRound: true);
                    foreach (var p in r.Payments)
                    {
                        store.AddPayment(new CompensationPayment(round.AgreementId, round.Id, p, seq));
                    }
                    Post(store, round.AgreementId, r.Postings, seq);
                    break;
                }
            default:
                throw new InvalidOperationException($"Unknown compensation payload {payload.GetType().Name}.");
        }
    }

    private static void Resolve(ICompensationStore store, IEnumerable<(string Scope, string Id)> ids, PaymentTrigger trigger, string actor, long seq,
        bool byRound = false)
    {
        foreach (var (scope, id) in ids)
        {
            var rounds = byRound ? [scope] : store.RoundsOf(scope).Select(r => r.Id);
            var payment = rounds.SelectMany(store.PaymentsOf).FirstOrDefault(p => p.Id == id)
                ?? throw new InvalidOperationException($"The journal refers to unknown payment '{id}'.");
            payment.Fire(trigger, actor, seq);
        }
    }

    private static void Post(ICompensationStore store, string agreementId, IReadOnlyList<MoneyPosting> postings, long seq)
    {
        if (postings.Sum(p => p.AmountFen) != 0)
        {
            throw new InvalidOperationException($"The postings of journal entry {seq} do not sum to zero.");
        }
        foreach (var p in postings)
        {
            store.AddPosting(new CompensationPosting(seq, agreementId, p.Account, p.AmountFen));
        }
    }

    private static T Required<T>(T? value, string what, string id) where T : class =>
        value ?? throw new InvalidOperationException($"The journal refers to unknown {what} '{id}'.");
}
