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

/// <summary>
/// Samples were imported into a round. <c>Repeats</c>: rows of the file identical to samples already recorded in the round, skipped
/// (null when none, so entries written before it are unchanged); <c>Samples</c> may then be empty.
/// </summary>
[EventKind(CompensationEventKinds.SamplesImported)]
public sealed record SamplesImported(string Round, string Source, IReadOnlyList<SampleRecord> Samples, int? Repeats = null) : ICompensationEvent;

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
