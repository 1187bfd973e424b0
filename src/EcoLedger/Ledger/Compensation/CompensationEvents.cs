namespace EcoLedger.Ledger.Compensation;

/// <summary>Marks a journal payload of the compensation ledger (the credit ledger's replay skips these).</summary>
public interface ICompensationEvent : IModuleEvent;

/// <summary>Journal event kinds of the compensation ledger; all start with <c>compensation.</c>.</summary>
public static class CompensationEventKinds
{
#pragma warning disable CS1591 // self-describing constants
    public const string AgreementCreated = "compensation.agreement_created";
    public const string AgreementSigned = "compensation.agreement_signed";
    public const string AgreementTransitioned = "compensation.agreement_transitioned";
    public const string SamplesImported = "compensation.samples_imported";
    public const string RoundTransitioned = "compensation.round_transitioned";
    public const string RoundAssessed = "compensation.round_assessed";
    public const string RoundSettled = "compensation.round_settled";
    public const string RoundResolved = "compensation.round_resolved";
#pragma warning restore CS1591
}

/// <summary>A party of an agreement as specified: a ledger participant, its side and its weight among the parties of that side.</summary>
/// <param name="Id">Participant id.</param>
/// <param name="Side"><c>payer</c> or <c>payee</c>.</param>
/// <param name="Weight">Share among the parties of its side (whole number ≥ 1).</param>
/// <param name="Label">What the side means here, e.g. <c>downstream</c>.</param>
public sealed record PartySpec(string Id, string Side, int Weight = 1, string? Label = null);

/// <summary>A funding source: payments are split across sources in proportion to their shares.</summary>
/// <param name="Id">Source id (letters, digits, underscore).</param>
/// <param name="Kind"><c>government_transfer</c>, <c>enterprise_agreement</c> or <c>social_capital</c>.</param>
/// <param name="Share">Whole-number share (e.g. 60, 30, 10).</param>
/// <param name="Funder">Who provides it, for the statement.</param>
public sealed record FundingSpec(string Id, string Kind, long Share, string? Funder = null);

/// <summary>A water-quality indicator of the index rule; decimals are strings so the journal stays exact.</summary>
/// <param name="Code">Indicator code as in the sample files, e.g. <c>CODMn</c>.</param>
/// <param name="Baseline">Baseline concentration C_i0.</param>
/// <param name="Unit">Unit of the samples and the baseline, e.g. <c>mg/L</c>.</param>
/// <param name="Weight">Weight k_i (default 0.25).</param>
public sealed record IndicatorSpec(string Code, string Baseline, string Unit, string? Weight = null);

/// <summary>
/// The assessment rule. <c>water_quality_index</c> uses <see cref="Section"/>, <see cref="K0"/>, <see cref="Indicators"/>,
/// <see cref="PayIfMetFen"/>, <see cref="PayIfNotMetFen"/>; <c>gep_growth</c> uses <see cref="BaseFen"/> and <see cref="Rate"/>;
/// <c>target</c> uses <see cref="Indicator"/>, <see cref="Target"/>, <see cref="Unit"/>, <see cref="AmountFen"/> and <see cref="Mode"/>.
/// Amounts are integer fen; decimals are strings.
/// </summary>
public sealed record RuleSpec(string Kind, string? Section = null, string? K0 = null, IReadOnlyList<IndicatorSpec>? Indicators = null,
    long? PayIfMetFen = null, long? PayIfNotMetFen = null, long? BaseFen = null, string? Rate = null, string? Indicator = null,
    string? Target = null, string? Unit = null, long? AmountFen = null, string? Mode = null);

/// <summary>The content of an agreement (the <c>--spec</c> file of <c>compensation agreement create</c>).</summary>
/// <param name="Name">Display name.</param>
/// <param name="PeriodStart">First day of the first round.</param>
/// <param name="PeriodEnd">Last day of the last round.</param>
/// <param name="RoundMonths">Length of a round in months (12 = yearly).</param>
/// <param name="Parties">Payers and payees.</param>
/// <param name="Funding">Funding sources with shares.</param>
/// <param name="Rule">The assessment rule.</param>
public sealed record AgreementSpec(string Name, DateOnly PeriodStart, DateOnly PeriodEnd, int RoundMonths, IReadOnlyList<PartySpec> Parties,
    IReadOnlyList<FundingSpec> Funding, RuleSpec Rule);

/// <summary>A draft agreement was created by its administrator.</summary>
[EventKind(CompensationEventKinds.AgreementCreated)]
public sealed record AgreementCreated(string Id, string Administrator, AgreementSpec Spec) : ICompensationEvent;

/// <summary>A party signed; <see cref="To"/> is <c>signed</c> with the last signature.</summary>
[EventKind(CompensationEventKinds.AgreementSigned)]
public sealed record AgreementSigned(string Id, string Party, string From, string To) : ICompensationEvent;

/// <summary>A round of an agreement, created when the agreement is first activated.</summary>
public sealed record RoundOpened(string Id, int Number, DateOnly PeriodStart, DateOnly PeriodEnd);

/// <summary>
/// An agreement changed state (activate, suspend, terminate, close). <c>Rounds</c>: rounds opened (the first activation only);
/// <c>Voided</c>: pending payments voided (termination) and <c>Postings</c> their postings.
/// </summary>
[EventKind(CompensationEventKinds.AgreementTransitioned)]
public sealed record AgreementTransitioned(string Id, string Trigger, string From, string To, IReadOnlyList<RoundOpened> Rounds,
    IReadOnlyList<string> Voided, IReadOnlyList<MoneyPosting> Postings) : ICompensationEvent;

/// <summary>One monitoring sample as recorded (values are exact decimal strings).</summary>
/// <param name="Id">Sample id, unique in the database.</param>
/// <param name="Section">Monitoring section, e.g. <c>Jiekou</c>.</param>
/// <param name="SampledAt">Date (YYYY-MM-DD) or date and time.</param>
/// <param name="Indicator">Indicator code.</param>
/// <param name="Value">Measured value.</param>
/// <param name="Unit">Unit.</param>
/// <param name="Lab">Laboratory.</param>
/// <param name="Party">Sampling party (a party id or <c>joint</c>).</param>
/// <param name="Corrects">The sample this one corrects, if any.</param>
/// <param name="Reason">Why the correction was made.</param>
public sealed record SampleRecord(long Id, string Section, string SampledAt, string Indicator, string Value, string Unit, string Lab,
    string Party, long? Corrects = null, string? Reason = null);

/// <summary>Samples were imported into a round.</summary>
[EventKind(CompensationEventKinds.SamplesImported)]
public sealed record SamplesImported(string Round, string Source, IReadOnlyList<SampleRecord> Samples) : ICompensationEvent;

/// <summary>A round changed state without money moving (close_monitoring, dispute).</summary>
[EventKind(CompensationEventKinds.RoundTransitioned)]
public sealed record RoundTransitioned(string Round, string Trigger, string From, string To, string? Reason = null) : ICompensationEvent;

/// <summary>One side of a money posting in integer fen. The postings of one event sum to zero.</summary>
public sealed record MoneyPosting(string Account, long AmountFen);

/// <summary>A payment as created: reserved in the fund account of <see cref="Source"/>.</summary>
public sealed record PaymentRecord(string Id, string Source, string From, string To, long AmountFen);

/// <summary>A round was assessed: the record, the pending payments and the postings that fund them.</summary>
[EventKind(CompensationEventKinds.RoundAssessed)]
public sealed record RoundAssessed(string Round, AssessmentRecord Assessment, IReadOnlyList<PaymentRecord> Payments,
    IReadOnlyList<MoneyPosting> Postings) : ICompensationEvent;

/// <summary>A round was settled: its pending payments were posted.</summary>
[EventKind(CompensationEventKinds.RoundSettled)]
public sealed record RoundSettled(string Round, string From, IReadOnlyList<string> Posted, IReadOnlyList<MoneyPosting> Postings) : ICompensationEvent;

/// <summary>A dispute was resolved: <c>upheld</c> keeps the payments; <c>amended</c> voids them and reserves the new amount.</summary>
[EventKind(CompensationEventKinds.RoundResolved)]
public sealed record RoundResolved(string Round, string Outcome, long AmountFen, string? Note, IReadOnlyList<string> Voided,
    IReadOnlyList<PaymentRecord> Payments, IReadOnlyList<MoneyPosting> Postings) : ICompensationEvent;

/// <summary>One line of a water-quality index: the period mean of an indicator against its baseline.</summary>
public sealed record AssessmentLine(string Indicator, int Count, string Sum, string Mean, string Baseline, string Weight, string Ratio, string Weighted);

/// <summary>One arithmetic step of an assessment, for the statement and for an auditor recomputing it.</summary>
public sealed record AssessmentStep(string Name, string Formula, string Value);

/// <summary>Funding split of a decided amount across sources.</summary>
public sealed record FundingShare(string Source, string Kind, long Share, long AmountFen);

/// <summary>
/// The stored result of an assessment: deterministic and reproducible from the samples in the journal.
/// <see cref="Direction"/> is <c>payer_to_payee</c>, <c>payee_to_payer</c> or <c>none</c>.
/// </summary>
public sealed record AssessmentRecord(string Rule, string RuleVersion, string SampleSetHash, int SampleCount, IReadOnlyList<long> SampleIds,
    IReadOnlyList<AssessmentLine> Lines, IReadOnlyList<AssessmentStep> Steps, string? Index, bool Met, string Decision, string Direction,
    long AmountFen, IReadOnlyList<FundingShare> Funding);
