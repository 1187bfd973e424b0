using System.Globalization;
using EcoLedger.Money;

namespace EcoLedger.Ledger.Compensation;

/// <summary>
/// Decides compensation commands: checks the state machines, the actor's role and the money against the stores and returns the event
/// to append. It never changes the stores; <see cref="CompensationApplier"/> does, with the returned event. Actors are ledger participants;
/// the administrator of an agreement is the registry participant who created it.
/// </summary>
public sealed class CompensationEngine(ICompensationStore store, ILedgerStore ledger)
{
    /// <summary>Decides a compensation command for an actor the runner has resolved (<see cref="Actor.Resolve"/>).</summary>
    public PendingEvent Decide(Actor actor, ICompensationCommand command)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return command switch
        {
            CreateAgreement c => CreateAgreement(actor.Id, c.Id, c.Spec),
            SignAgreement c => Sign(actor.Id, c.Agreement),
            TransitionAgreement c => TransitionAgreement(actor.Id, c.Agreement, c.Trigger),
            ImportSamples c => ImportSamples(actor.Id, c.Round, c.Source, c.Rows),
            CloseMonitoring c => CloseMonitoring(actor.Id, c.Round),
            AssessRound c => Assess(actor.Id, c.Round),
            SettleRound c => Settle(actor.Id, c.Round),
            DisputeRound c => Dispute(actor.Id, c.Round, c.Reason),
            ResolveRound c => Resolve(actor.Id, c.Round, c.Outcome, c.AmountFen, c.Note),
            _ => throw new ArgumentException($"Unknown compensation command {command?.GetType().Name}.", nameof(command)),
        };
    }

    /// <summary>Decides <c>compensation agreement create</c>: the actor must have role registry and becomes the administrator.</summary>
    public PendingEvent CreateAgreement(string? actorId, string id, AgreementSpec spec)
    {
        var actor = RequireActor(actorId);
        Identifiers.Require(id, "agreement id");
        if (actor.Role != Role.Registry)
        {
            throw new LedgerException($"Actor '{actor.Id}' (role '{actor.Role.Name()}') may not create agreement '{id}': it requires role 'registry'.");
        }
        if (store.FindAgreement(id) is not null)
        {
            throw new LedgerException($"Agreement '{id}' already exists.");
        }
        Validate(id, spec);
        return new PendingEvent(CompensationEventKinds.AgreementCreated, actor.Id, new AgreementCreated(id, actor.Id, spec));
    }

    private void Validate(string id, AgreementSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.Name))
        {
            throw new LedgerException($"Agreement '{id}' needs a name.");
        }
        if (spec.PeriodEnd < spec.PeriodStart)
        {
            throw new LedgerException($"Agreement '{id}' ends ({spec.PeriodEnd:yyyy-MM-dd}) before it starts ({spec.PeriodStart:yyyy-MM-dd}).");
        }
        if (spec.RoundMonths is < 1 or > 120)
        {
            throw new LedgerException($"Agreement '{id}' has round_months {spec.RoundMonths}; expected 1 to 120.");
        }
        foreach (var p in spec.Parties)
        {
            var participant = ledger.FindParticipant(p.Id) ?? throw new LedgerException($"Unknown party '{p.Id}' of agreement '{id}'.");
            if (participant.Role == Role.System)
            {
                throw new LedgerException($"System account '{p.Id}' cannot be a party of agreement '{id}'.");
            }
            _ = LedgerNames.Parse<PartySide>(p.Side);
            if (p.Weight < 1)
            {
                throw new LedgerException($"Party '{p.Id}' of agreement '{id}' has weight {p.Weight}; expected a whole number of at least 1.");
            }
        }
        if (spec.Parties.Select(p => p.Id).Distinct(StringComparer.Ordinal).Count() != spec.Parties.Count)
        {
            throw new LedgerException($"Agreement '{id}' lists a party twice.");
        }
        if (!spec.Parties.Any(p => p.Side == "payer") || !spec.Parties.Any(p => p.Side == "payee"))
        {
            throw new LedgerException($"Agreement '{id}' needs at least one payer and one payee.");
        }
        if (spec.Funding.Count == 0)
        {
            throw new LedgerException($"Agreement '{id}' needs at least one funding source.");
        }
        foreach (var f in spec.Funding)
        {
            Identifiers.Require(f.Id, "funding source id");
            _ = LedgerNames.Parse<FundingKind>(f.Kind);
            if (f.Share < 1)
            {
                throw new LedgerException($"Funding source '{f.Id}' of agreement '{id}' has share {f.Share}; expected a whole number of at least 1.");
            }
        }
        if (spec.Funding.Select(f => f.Id).Distinct(StringComparer.Ordinal).Count() != spec.Funding.Count)
        {
            throw new LedgerException($"Agreement '{id}' lists a funding source twice.");
        }
        _ = AssessmentRule.From(spec.Rule);
    }

    /// <summary>Decides <c>compensation agreement sign</c>: the actor must be a party that has not signed.</summary>
    public PendingEvent Sign(string? actorId, string agreementId)
    {
        var actor = RequireActor(actorId);
        var a = RequireAgreement(agreementId);
        if (!a.CanFire(AgreementTrigger.Sign))
        {
            throw LedgerException.IllegalTransition("sign", a.Subject, a.State.Name(), actor.Id);
        }
        var party = a.Party(actor.Id) ?? throw LedgerException.MissingRole("sign", a.Subject, a.State.Name(), actor, "a party of the agreement");
        if (party.SignedSeq is not null)
        {
            throw new LedgerException($"Party '{actor.Id}' has already signed agreement '{a.Id}'.");
        }
        bool last = a.Parties.Count(p => p.SignedSeq is null) == 1;
        return new PendingEvent(CompensationEventKinds.AgreementSigned, actor.Id,
            new AgreementSigned(a.Id, actor.Id, a.State.Name(), a.Target(AgreementTrigger.Sign, last).Name()));
    }

    /// <summary>
    /// Decides <c>compensation agreement activate|suspend|terminate|close</c> (administrator only). The first activation opens the rounds;
    /// closing needs every round settled; terminating voids every pending payment back to its payer.
    /// </summary>
    public PendingEvent TransitionAgreement(string? actorId, string agreementId, AgreementTrigger trigger)
    {
        if (trigger == AgreementTrigger.Sign)
        {
            throw new ArgumentException("Use Sign() to sign.", nameof(trigger));
        }
        var actor = RequireActor(actorId);
        var a = RequireAgreement(agreementId);
        if (!a.CanFire(trigger))
        {
            throw LedgerException.IllegalTransition(trigger.Name(), a.Subject, a.State.Name(), actor.Id);
        }
        RequireAdministrator(actor, a, trigger.Name(), a.Subject, a.State.Name());
        var rounds = store.RoundsOf(a.Id);
        IReadOnlyList<RoundOpened> opened = trigger == AgreementTrigger.Activate && rounds.Count == 0 ? a.PlanRounds() : [];
        if (trigger == AgreementTrigger.Close && rounds.FirstOrDefault(r => r.State != RoundState.Settled) is { } open)
        {
            throw new LedgerException($"Agreement '{a.Id}' cannot close: round '{open.Id}' is in state '{open.State.Name()}', not 'settled' (actor '{actor.Id}').");
        }
        var voided = new List<string>();
        var postings = new List<MoneyPosting>();
        if (trigger == AgreementTrigger.Terminate)
        {
            foreach (var p in rounds.SelectMany(r => store.PaymentsOf(r.Id)).Where(p => p.State == PaymentState.Pending))
            {
                voided.Add(p.Id);
                postings.Add(new MoneyPosting(a.FundAccount(p.SourceId), -p.AmountFen));
                postings.Add(new MoneyPosting(a.PartyAccount(p.FromParty), p.AmountFen));
            }
        }
        return new PendingEvent(CompensationEventKinds.AgreementTransitioned, actor.Id, new AgreementTransitioned(a.Id, trigger.Name(),
            a.State.Name(), a.Target(trigger).Name(), opened, voided, Net(postings)));
    }

    /// <summary>
    /// Decides <c>compensation samples import</c>: by a party or the administrator, into an open round (or, once monitoring is closed,
    /// corrections only). Every row is checked and every problem reported at once; one bad row rejects the whole file.
    /// </summary>
    public PendingEvent ImportSamples(string? actorId, string roundId, string source, IReadOnlyList<SampleRow> rows)
    {
        var actor = RequireActor(actorId);
        var (round, a) = RequireActiveRound(roundId, RoundTrigger.ImportSamples, actor);
        if (a.Party(actor.Id) is null && a.AdministratorId != actor.Id)
        {
            throw LedgerException.MissingRole("import_samples", round.Subject, round.State.Name(), actor, "a party of the agreement or its administrator");
        }
        if (rows.Count == 0)
        {
            throw new LedgerException($"{source} has no sample rows.");
        }
        var rule = a.Rule;
        var existing = store.SamplesOf(round.Id).ToDictionary(s => s.Id);
        var correctedBy = existing.Values.Where(s => s.CorrectsId is not null).ToDictionary(s => s.CorrectsId!.Value, s => s.Id);
        // A sample's identity is the reader's (SampleFile): section, sampled_at, indicator, lab and party. The same measurement
        // recorded twice would be counted twice by the assessment, so a repeat of a recorded sample is skipped and a changed value refused.
        var recorded = new Dictionary<(string, string, string, string, string), MonitoringSample>();
        foreach (var s in existing.Values.Where(s => s.CorrectsId is null).OrderBy(s => s.Id))
        {
            recorded.TryAdd(Identity(s.Section, s.SampledAt, s.Indicator, s.Lab, s.Party), s);
        }
        var inBatch = new Dictionary<(string, string, string, string, string), int>();
        int repeats = 0;
        long next = store.LastSampleId();
        var problems = new List<string>();
        var records = new List<SampleRecord>();
        foreach (var r in rows)
        {
            string at = $"{source}, line {r.Line}";
            int before = problems.Count;
            if (rule.Section is { } section && r.Section != section)
            {
                problems.Add($"{at}, field 'section': expected '{section}'; got '{r.Section}'.");
            }
            if (!rule.Units.TryGetValue(r.Indicator, out var unit))
            {
                problems.Add($"{at}, field 'indicator': expected one of {string.Join(", ", rule.Units.Keys)}; got '{r.Indicator}'.");
            }
            else if (rule is GepGrowthRule ? !r.Unit.StartsWith("CNY@", StringComparison.Ordinal) : r.Unit != unit)
            {
                problems.Add($"{at}, field 'unit': expected '{unit}'; got '{r.Unit}'.");
            }
            if (!AssessmentRule.TryParse(r.Value, out var value) || value < 0)
            {
                problems.Add($"{at}, field 'value': expected a decimal of at least 0; got '{r.Value}'.");
            }
            if (!TryDate(r.SampledAt, out var date))
            {
                problems.Add($"{at}, field 'sampled_at': expected YYYY-MM-DD or YYYY-MM-DDTHH:MM; got '{r.SampledAt}'.");
            }
            else if (!rule.Accepts(date, round.PeriodStart, round.PeriodEnd))
            {
                problems.Add($"{at}, field 'sampled_at': expected a date in {rule.DateRange(round.PeriodStart, round.PeriodEnd)}; got '{r.SampledAt}'.");
            }
            if (string.IsNullOrWhiteSpace(r.Lab))
            {
                problems.Add($"{at}, field 'lab': expected the laboratory; got an empty value.");
            }
            if (r.Party != "joint" && a.Party(r.Party) is null && r.Party != a.AdministratorId)
            {
                problems.Add($"{at}, field 'party': expected a party of agreement '{a.Id}', its administrator or 'joint'; got '{r.Party}'.");
            }
            if (r.Corrects is long c)
            {
                if (problems.Count == before && correctedBy.TryGetValue(c, out var earlier) && existing.TryGetValue(earlier, out var done)
                    && Same(done, r, value) && done.Reason == r.Reason)
                {
                    repeats++; // this very correction is recorded already (the corrections file imported again)
                    continue;
                }
                if (!existing.TryGetValue(c, out var original))
                {
                    problems.Add($"{at}, field 'corrects': sample {c} is not a sample of round '{round.Id}'.");
                }
                else if (correctedBy.TryGetValue(c, out var by))
                {
                    problems.Add($"{at}, field 'corrects': sample {c} is already corrected by sample {by}; correct that one instead.");
                }
                else if (original.Indicator != r.Indicator)
                {
                    problems.Add($"{at}, field 'corrects': sample {c} is of indicator '{original.Indicator}', not '{r.Indicator}'.");
                }
                else if (string.IsNullOrWhiteSpace(r.Reason))
                {
                    problems.Add($"{at}, field 'reason': a correction needs a reason.");
                }
                else
                {
                    correctedBy[c] = next + 1;
                }
            }
            else if (round.State != RoundState.Open)
            {
                problems.Add($"{at}: monitoring of round '{round.Id}' is closed (state '{round.State.Name()}'); only corrections (column 'corrects') may be added.");
            }
            else if (problems.Count == before)
            {
                var key = Identity(r.Section, r.SampledAt, r.Indicator, r.Lab, r.Party);
                if (recorded.TryGetValue(key, out var old))
                {
                    if (Same(old, r, value))
                    {
                        repeats++;
                        continue;
                    }
                    long latest = old.Id;
                    while (correctedBy.TryGetValue(latest, out var by))
                    {
                        latest = by;
                    }
                    problems.Add($"{at}: sample {old.Id} of round '{round.Id}' has the same section, sampled_at, indicator, lab and party with value " +
                        $"{old.Value} {old.Unit}; got {r.Value} {r.Unit}. A recorded sample is never changed: a changed value is a correction " +
                        $"(give 'corrects' {latest} and 'reason').");
                }
                else if (!inBatch.TryAdd(key, r.Line))
                {
                    problems.Add($"{at}: duplicate sample of line {inBatch[key]} (same section, sampled_at, indicator, lab and party); " +
                        "expected each sample once (a changed value is a correction: give 'corrects' and 'reason').");
                }
            }
            if (problems.Count == before)
            {
                records.Add(new SampleRecord(++next, r.Section, r.SampledAt, r.Indicator, AssessmentRule.Text(value), r.Unit, r.Lab, r.Party, r.Corrects,
                    r.Corrects is null ? null : r.Reason));
            }
        }
        if (problems.Count > 0)
        {
            throw new LedgerException($"{problems.Count} problem{(problems.Count == 1 ? "" : "s")} in {source}; nothing was imported:" +
                string.Concat(problems.Select(p => "\n  " + p)));
        }
        return new PendingEvent(CompensationEventKinds.SamplesImported, actor.Id, new SamplesImported(round.Id, source, records, repeats > 0 ? repeats : null))
        {
            Unchanged = records.Count == 0, // every row already recorded: nothing to journal
        };
    }

    private static (string, string, string, string, string) Identity(string section, string sampledAt, string indicator, string lab, string party) =>
        (section, sampledAt, indicator, lab, party);

    /// <summary>True when the row repeats the recorded sample: the same identity, value (as a decimal: 7.0 is 7) and unit.</summary>
    private static bool Same(MonitoringSample s, SampleRow r, decimal value) =>
        s.Section == r.Section && s.SampledAt == r.SampledAt && s.Indicator == r.Indicator && s.Lab == r.Lab && s.Party == r.Party
        && s.Value == AssessmentRule.Text(value) && s.Unit == r.Unit;

    /// <summary>Decides <c>compensation round close-monitoring</c> (administrator).</summary>
    public PendingEvent CloseMonitoring(string? actorId, string roundId)
    {
        var actor = RequireActor(actorId);
        var (round, a) = RequireActiveRound(roundId, RoundTrigger.CloseMonitoring, actor);
        RequireAdministrator(actor, a, "close_monitoring", round.Subject, round.State.Name());
        return new PendingEvent(CompensationEventKinds.RoundTransitioned, actor.Id,
            new RoundTransitioned(round.Id, "close_monitoring", round.State.Name(), round.Target(RoundTrigger.CloseMonitoring).Name()));
    }

    /// <summary>Missing indicators and outliers of a round's effective samples (no event; shown before assessment).</summary>
    public SampleReview Review(string roundId)
    {
        var round = RequireRound(roundId);
        var a = RequireAgreement(round.AgreementId);
        return a.Rule.Review(MonitoringSample.Effective(store.SamplesOf(round.Id)), round.PeriodStart, round.PeriodEnd);
    }

    /// <summary>
    /// Decides <c>compensation round assess</c> (administrator): applies the rule to the effective samples, splits the amount across
    /// funding sources and party pairs, and reserves each piece as a pending payment: the paying party funds the source's fund account.
    /// </summary>
    public PendingEvent Assess(string? actorId, string roundId)
    {
        var actor = RequireActor(actorId);
        var (round, a) = RequireActiveRound(roundId, RoundTrigger.Assess, actor);
        RequireAdministrator(actor, a, "assess", round.Subject, round.State.Name());
        var rule = a.Rule;
        var samples = MonitoringSample.Effective(store.SamplesOf(round.Id));
        var review = rule.Review(samples, round.PeriodStart, round.PeriodEnd);
        if (review.Missing.Count > 0)
        {
            throw new LedgerException($"Round '{round.Id}' cannot be assessed: {string.Join(" ", review.Missing)} Import the samples or corrections first (actor '{actor.Id}').");
        }
        var outcome = rule.Evaluate(samples, round.PeriodStart, round.PeriodEnd);
        var (funding, payments, postings) = Reserve(a, round, outcome.Direction, outcome.AmountFen, 1);
        var record = new AssessmentRecord(rule.Kind, rule.Version, AssessmentRule.SampleSetHash(samples), samples.Count, samples.Select(s => s.Id).ToList(),
            outcome.Lines, outcome.Steps, outcome.Index, outcome.Met, outcome.Decision, outcome.Direction, outcome.AmountFen, funding);
        return new PendingEvent(CompensationEventKinds.RoundAssessed, actor.Id, new RoundAssessed(round.Id, record, payments, postings));
    }

    /// <summary>Decides <c>compensation round settle</c>: the administrator or a party of the paying side posts every pending payment.</summary>
    public PendingEvent Settle(string? actorId, string roundId)
    {
        var actor = RequireActor(actorId);
        var (round, a) = RequireActiveRound(roundId, RoundTrigger.Settle, actor);
        var paying = round.Direction switch
        {
            "payer_to_payee" => a.Side(PartySide.Payer),
            "payee_to_payer" => a.Side(PartySide.Payee),
            _ => [],
        };
        if (actor.Id != a.AdministratorId && !paying.Any(p => p.ParticipantId == actor.Id))
        {
            string who = paying.Count == 0 ? $"the administrator '{a.AdministratorId}'"
                : $"the administrator '{a.AdministratorId}' or a paying party ({string.Join(", ", paying.Select(p => $"'{p.ParticipantId}'"))})";
            throw LedgerException.MissingRole("settle", round.Subject, round.State.Name(), actor, who);
        }
        var pending = store.PaymentsOf(round.Id).Where(p => p.State == PaymentState.Pending).ToList();
        var postings = new List<MoneyPosting>();
        foreach (var g in pending.GroupBy(p => p.SourceId))
        {
            long reserved = g.Sum(p => p.AmountFen);
            long balance = store.Balance(a.FundAccount(g.Key));
            if (balance < reserved)
            {
                throw new LedgerException($"{round.Subject} cannot be settled (trigger 'settle', state '{round.State.Name()}', actor '{actor.Id}'): " +
                    $"fund account '{a.FundAccount(g.Key)}' holds {balance} fen but {reserved} fen are reserved in it; nothing was written.");
            }
        }
        foreach (var p in pending)
        {
            postings.Add(new MoneyPosting(a.FundAccount(p.SourceId), -p.AmountFen));
            postings.Add(new MoneyPosting(a.PartyAccount(p.ToParty), p.AmountFen));
        }
        return new PendingEvent(CompensationEventKinds.RoundSettled, actor.Id,
            new RoundSettled(round.Id, round.State.Name(), pending.Select(p => p.Id).ToList(), Net(postings)));
    }

    /// <summary>Decides <c>compensation round dispute</c>: any party of the agreement, with a reason.</summary>
    public PendingEvent Dispute(string? actorId, string roundId, string? reason)
    {
        var actor = RequireActor(actorId);
        var (round, a) = RequireActiveRound(roundId, RoundTrigger.Dispute, actor);
        if (a.Party(actor.Id) is null)
        {
            throw LedgerException.MissingRole("dispute", round.Subject, round.State.Name(), actor, "a party of the agreement");
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw LedgerException.ForFields("A dispute needs a reason ({reason}).", "reason");
        }
        return new PendingEvent(CompensationEventKinds.RoundTransitioned, actor.Id,
            new RoundTransitioned(round.Id, "dispute", round.State.Name(), round.Target(RoundTrigger.Dispute).Name(), reason));
    }

    /// <summary>
    /// Decides <c>compensation round resolve</c> (administrator): <c>upheld</c> keeps the pending payments; <c>amended</c> voids them and
    /// reserves <paramref name="amountFen"/> in the same direction (0 waives the payment).
    /// </summary>
    public PendingEvent Resolve(string? actorId, string roundId, string outcome, long? amountFen, string? note)
    {
        var actor = RequireActor(actorId);
        var (round, a) = RequireActiveRound(roundId, RoundTrigger.Resolve, actor);
        RequireAdministrator(actor, a, "resolve", round.Subject, round.State.Name());
        var pending = store.PaymentsOf(round.Id).Where(p => p.State == PaymentState.Pending).ToList();
        switch (outcome)
        {
            case "upheld":
                if (amountFen is not null)
                {
                    throw LedgerException.ForFields("An upheld assessment keeps its amount; give {amount_fen} only with {outcome} amended.", "amount_fen", "outcome");
                }
                return new PendingEvent(CompensationEventKinds.RoundResolved, actor.Id,
                    new RoundResolved(round.Id, outcome, round.AmountFen ?? 0, note, [], [], []));
            case "amended":
                if (amountFen is not long amount || amount < 0)
                {
                    throw LedgerException.ForFields("An amended resolution needs the new amount ({amount_fen}, in CNY, at least 0).", "amount_fen");
                }
                var voids = new List<MoneyPosting>();
                foreach (var p in pending)
                {
                    voids.Add(new MoneyPosting(a.FundAccount(p.SourceId), -p.AmountFen));
                    voids.Add(new MoneyPosting(a.PartyAccount(p.FromParty), p.AmountFen));
                }
                string direction = round.Direction is "payer_to_payee" or "payee_to_payer" ? round.Direction : "payer_to_payee";
                int next = store.PaymentsOf(round.Id).Count + 1;
                var (_, payments, postings) = Reserve(a, round, amount == 0 ? "none" : direction, amount, next);
                return new PendingEvent(CompensationEventKinds.RoundResolved, actor.Id, new RoundResolved(round.Id, outcome, amount, note,
                    pending.Select(p => p.Id).ToList(), payments, Net(voids.Concat(postings))));
            default:
                throw new LedgerException($"Unknown outcome '{outcome}'; expected upheld or amended.");
        }
    }

    /// <summary>
    /// Splits <paramref name="amountFen"/> across the funding sources by share, then each source's part across (paying party, receiving party)
    /// pairs by the product of their weights, both with <see cref="Money.Money.Allocate(IReadOnlyList{decimal})"/> (cumulative rounding: no fen
    /// lost or created). Each non-zero piece is a pending payment; the paying party funds the fund account with it.
    /// </summary>
    public static (IReadOnlyList<FundingShare> Funding, IReadOnlyList<PaymentRecord> Payments, IReadOnlyList<MoneyPosting> Postings) Reserve(
        Agreement a, CompensationRound round, string direction, long amountFen, int firstNumber)
    {
        var sources = a.FundingSources.OrderBy(f => f.SourceId, StringComparer.Ordinal).ToList();
        if (direction == "none" || amountFen == 0)
        {
            return (sources.Select(s => new FundingShare(s.SourceId, s.Kind.Name(), s.Share, 0)).ToList(), [], []);
        }
        var (from, to) = direction == "payer_to_payee" ? (a.Side(PartySide.Payer), a.Side(PartySide.Payee)) : (a.Side(PartySide.Payee), a.Side(PartySide.Payer));
        var total = Money.Money.FromMinorUnits(amountFen, Currency.Cny);
        var bySource = total.Allocate(sources.Select(s => (decimal)s.Share).ToList());
        var pairs = from.SelectMany(f => to.Select(t => (From: f, To: t))).ToList();
        var funding = new List<FundingShare>();
        var payments = new List<PaymentRecord>();
        var postings = new List<MoneyPosting>();
        int n = firstNumber;
        for (int i = 0; i < sources.Count; i++)
        {
            long sourceFen = bySource[i].ToMinorUnits();
            funding.Add(new FundingShare(sources[i].SourceId, sources[i].Kind.Name(), sources[i].Share, sourceFen));
            if (sourceFen == 0)
            {
                continue;
            }
            var pieces = bySource[i].Allocate(pairs.Select(p => (decimal)(p.From.Weight * p.To.Weight)).ToList());
            for (int j = 0; j < pairs.Count; j++)
            {
                long fen = pieces[j].ToMinorUnits();
                if (fen == 0)
                {
                    continue;
                }
                string id = string.Create(CultureInfo.InvariantCulture, $"{round.Id}_P{n++}");
                payments.Add(new PaymentRecord(id, sources[i].SourceId, pairs[j].From.ParticipantId, pairs[j].To.ParticipantId, fen));
                postings.Add(new MoneyPosting(a.PartyAccount(pairs[j].From.ParticipantId), -fen));
                postings.Add(new MoneyPosting(a.FundAccount(sources[i].SourceId), fen));
            }
        }
        return (funding, payments, Net(postings));
    }

    /// <summary>Nets postings per account (ordinal order), dropping zeros.</summary>
    public static IReadOnlyList<MoneyPosting> Net(IEnumerable<MoneyPosting> postings) =>
        postings.GroupBy(p => p.Account).Select(g => new MoneyPosting(g.Key, g.Sum(p => p.AmountFen))).Where(p => p.AmountFen != 0)
            .OrderBy(p => p.Account, StringComparer.Ordinal).ToList();

    private static bool TryDate(string text, out DateOnly date)
    {
        date = default;
        string[] formats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"];
        if (!DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt))
        {
            return false;
        }
        date = DateOnly.FromDateTime(dt);
        return true;
    }

    private static void RequireAdministrator(Participant actor, Agreement a, string trigger, string subject, string state)
    {
        if (actor.Id != a.AdministratorId)
        {
            throw LedgerException.MissingRole(trigger, subject, state, actor, $"the agreement's administrator '{a.AdministratorId}'");
        }
    }

    private (CompensationRound Round, Agreement Agreement) RequireActiveRound(string roundId, RoundTrigger trigger, Participant actor)
    {
        var round = RequireRound(roundId);
        var a = RequireAgreement(round.AgreementId);
        if (a.State != AgreementState.Active)
        {
            throw new LedgerException($"Agreement '{a.Id}' is in state '{a.State.Name()}', where its rounds cannot move (trigger '{trigger.Name()}' on round '{round.Id}', actor '{actor.Id}'): it must be 'active'.");
        }
        round.EnsureCanFire(trigger, actor.Id);
        return (round, a);
    }

    private Participant RequireActor(string? actorId) => Actor.RequireParticipant(ledger, actorId);

    private Agreement RequireAgreement(string id) => store.FindAgreement(id) ?? throw new LedgerException($"Unknown agreement '{id}'.");

    private CompensationRound RequireRound(string id) => store.FindRound(id) ?? throw new LedgerException($"Unknown round '{id}'.");
}
