using System.Text.Json;
using Stateless;

namespace EcoLedger.Ledger.Compensation;

/// <summary>One round of an agreement: monitoring, assessment, settlement. State: open → monitoring_closed → assessed → settled | disputed → resolved → settled.</summary>
public sealed class CompensationRound
{
    private StateMachine<RoundState, RoundTrigger>? _machine;

    private CompensationRound()
    {
        Id = AgreementId = "";
    }

    /// <summary>Creates an open round.</summary>
    public CompensationRound(string id, string agreementId, int number, DateOnly periodStart, DateOnly periodEnd)
    {
        Id = id;
        AgreementId = agreementId;
        Number = number;
        PeriodStart = periodStart;
        PeriodEnd = periodEnd;
        State = RoundState.Open;
    }

    /// <summary>Round id (<c>AGREEMENT_Rn</c>).</summary>
    public string Id { get; private set; }

    /// <summary>The agreement.</summary>
    public string AgreementId { get; private set; }

    /// <summary>1-based number.</summary>
    public int Number { get; private set; }

    /// <summary>First day.</summary>
    public DateOnly PeriodStart { get; private set; }

    /// <summary>Last day.</summary>
    public DateOnly PeriodEnd { get; private set; }

    /// <summary>Current state.</summary>
    public RoundState State { get; private set; }

    /// <summary>The assessment record as journal JSON, once assessed.</summary>
    public string? AssessmentJson { get; private set; }

    /// <summary>Journal entry of the assessment.</summary>
    public long? AssessedSeq { get; private set; }

    /// <summary>Paying side after the assessment (or the resolution): <c>payer_to_payee</c>, <c>payee_to_payer</c> or <c>none</c>.</summary>
    public string? Direction { get; private set; }

    /// <summary>The amount due in fen (after a resolution, the amended amount).</summary>
    public long? AmountFen { get; private set; }

    /// <summary>Who disputed, and why.</summary>
    public string? Dispute { get; private set; }

    /// <summary>Resolution outcome and note.</summary>
    public string? Resolution { get; private set; }

    /// <summary>Journal entry of the settlement.</summary>
    public long? SettledSeq { get; private set; }

    /// <summary>The assessment record.</summary>
    public AssessmentRecord? Assessment => AssessmentJson is null ? null : JsonSerializer.Deserialize<AssessmentRecord>(AssessmentJson, Journal.PayloadOptions);

    /// <summary>True when a resolution replaced the assessed amount (<c>amended</c>).</summary>
    public bool Amended => Resolution is { } r && (r == "amended" || r.StartsWith("amended: ", StringComparison.Ordinal));

    /// <summary>
    /// How <see cref="AmountFen"/> is split across the agreement's funding sources: the assessment's split, or after an amending resolution
    /// the split of the amended amount, made by the same allocation the resolution reserved the payments with
    /// (<see cref="CompensationEngine.Reserve"/>; the split by source does not depend on the paying side). Empty before the assessment.
    /// </summary>
    public IReadOnlyList<FundingShare> Funding(Agreement agreement)
    {
        ArgumentNullException.ThrowIfNull(agreement);
        if (Assessment is not { } x)
        {
            return [];
        }
        if (!Amended)
        {
            return x.Funding;
        }
        long amount = AmountFen ?? 0;
        return CompensationEngine.Reserve(agreement, this, amount == 0 ? "none" : "payer_to_payee", amount, 1).Funding;
    }

    /// <summary>Lower-case subject for messages.</summary>
    public string Subject => $"round '{Id}'";

    private StateMachine<RoundState, RoundTrigger> Machine => _machine ??= CompensationMachines.Round(() => State, s => State = s);

    /// <summary>True when the machine permits the trigger now.</summary>
    public bool CanFire(RoundTrigger trigger) => Machine.CanFire(trigger);

    /// <summary>The state a trigger leads to now.</summary>
    public RoundState Target(RoundTrigger trigger)
    {
        var state = State;
        CompensationMachines.Round(() => state, s => state = s).Fire(trigger);
        return state;
    }

    /// <summary>Throws unless the trigger is allowed now.</summary>
    public void EnsureCanFire(RoundTrigger trigger, string actorId)
    {
        if (!CanFire(trigger))
        {
            throw LedgerException.IllegalTransition(trigger.Name(), Subject, State.Name(), actorId);
        }
    }

    /// <summary>Fires a trigger (roles are checked by <see cref="CompensationEngine"/>).</summary>
    public void Fire(RoundTrigger trigger, string actorId)
    {
        EnsureCanFire(trigger, actorId);
        Machine.Fire(trigger);
    }

    internal void RecordAssessment(AssessmentRecord record, long seq)
    {
        AssessmentJson = JsonSerializer.Serialize(record, Journal.PayloadOptions);
        AssessedSeq = seq;
        Direction = record.Direction;
        AmountFen = record.AmountFen;
    }

    internal void RecordDispute(string actor, string? reason) => Dispute = $"{actor}: {reason}";

    internal void RecordResolution(string outcome, long amountFen, string? note)
    {
        Resolution = note is null ? outcome : $"{outcome}: {note}";
        AmountFen = amountFen;
        if (amountFen == 0)
        {
            Direction = "none";
        }
    }

    internal void RecordSettlement(long seq) => SettledSeq = seq;
}

/// <summary>A monitoring sample. Never changed once recorded; a correction is a new sample that references the one it corrects.</summary>
public sealed class MonitoringSample
{
    private MonitoringSample()
    {
        RoundId = Section = SampledAt = Indicator = Value = Unit = Lab = Party = "";
    }

    /// <summary>Creates a sample of a round from its journal record.</summary>
    public MonitoringSample(string roundId, SampleRecord r, long importedSeq)
    {
        Id = r.Id;
        RoundId = roundId;
        Section = r.Section;
        SampledAt = r.SampledAt;
        Indicator = r.Indicator;
        Value = r.Value;
        Unit = r.Unit;
        Lab = r.Lab;
        Party = r.Party;
        CorrectsId = r.Corrects;
        Reason = r.Reason;
        ImportedSeq = importedSeq;
    }

#pragma warning disable CS1591 // the fields of SampleRecord
    public long Id { get; private set; }

    public string RoundId { get; private set; }

    public string Section { get; private set; }

    public string SampledAt { get; private set; }

    public string Indicator { get; private set; }

    public string Value { get; private set; }

    public string Unit { get; private set; }

    public string Lab { get; private set; }

    public string Party { get; private set; }

    public long? CorrectsId { get; private set; }

    public string? Reason { get; private set; }

    public long ImportedSeq { get; private set; }
#pragma warning restore CS1591

    /// <summary>The date part of <see cref="SampledAt"/>.</summary>
    public DateOnly Date => DateOnly.ParseExact(SampledAt[..10], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The value as an exact decimal.</summary>
    public decimal Amount => decimal.Parse(Value, System.Globalization.NumberStyles.AllowDecimalPoint | System.Globalization.NumberStyles.AllowLeadingSign,
        System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The journal record.</summary>
    public SampleRecord ToRecord() => new(Id, Section, SampledAt, Indicator, Value, Unit, Lab, Party, CorrectsId, Reason);

    /// <summary>
    /// The samples an assessment uses: every sample that no other sample corrects (so a chain of corrections ends at the latest one),
    /// ordered by id.
    /// </summary>
    public static IReadOnlyList<MonitoringSample> Effective(IEnumerable<MonitoringSample> samples)
    {
        var all = samples.ToList();
        var corrected = all.Where(s => s.CorrectsId is not null).Select(s => s.CorrectsId!.Value).ToHashSet();
        return all.Where(s => !corrected.Contains(s.Id)).OrderBy(s => s.Id).ToList();
    }
}

/// <summary>A two-phase payment: pending (reserved in a fund account) → posted | voided, exactly once.</summary>
public sealed class CompensationPayment
{
    private StateMachine<PaymentState, PaymentTrigger>? _machine;

    private CompensationPayment()
    {
        Id = AgreementId = RoundId = SourceId = FromParty = ToParty = "";
    }

    /// <summary>Creates a pending payment.</summary>
    public CompensationPayment(string agreementId, string roundId, PaymentRecord r, long createdSeq)
    {
        Id = r.Id;
        AgreementId = agreementId;
        RoundId = roundId;
        SourceId = r.Source;
        FromParty = r.From;
        ToParty = r.To;
        AmountFen = r.AmountFen;
        State = PaymentState.Pending;
        CreatedSeq = createdSeq;
    }

#pragma warning disable CS1591 // the fields of PaymentRecord
    public string Id { get; private set; }

    public string AgreementId { get; private set; }

    public string RoundId { get; private set; }

    public string SourceId { get; private set; }

    public string FromParty { get; private set; }

    public string ToParty { get; private set; }

    public long AmountFen { get; private set; }

    public PaymentState State { get; private set; }

    public long CreatedSeq { get; private set; }

    public long? ResolvedSeq { get; private set; }
#pragma warning restore CS1591

    /// <summary>Lower-case subject for messages.</summary>
    public string Subject => $"payment '{Id}'";

    private StateMachine<PaymentState, PaymentTrigger> Machine => _machine ??= CompensationMachines.Payment(() => State, s => State = s);

    /// <summary>True when the machine permits the trigger now.</summary>
    public bool CanFire(PaymentTrigger trigger) => Machine.CanFire(trigger);

    /// <summary>Posts or voids the payment.</summary>
    /// <exception cref="LedgerException">The payment was already resolved.</exception>
    public void Fire(PaymentTrigger trigger, string actorId, long seq)
    {
        if (!Machine.CanFire(trigger))
        {
            throw LedgerException.IllegalTransition(trigger.Name(), Subject, State.Name(), actorId);
        }
        Machine.Fire(trigger);
        ResolvedSeq = seq;
    }
}

/// <summary>A stored money posting of the compensation ledger (integer fen).</summary>
/// <param name="Seq">Journal entry.</param>
/// <param name="AgreementId">The agreement.</param>
/// <param name="Account">Account (<c>A:party:P</c> or <c>A:fund:S</c>).</param>
/// <param name="AmountFen">Signed amount; an event's postings sum to zero.</param>
public sealed record CompensationPosting(long Seq, string AgreementId, string Account, long AmountFen);
