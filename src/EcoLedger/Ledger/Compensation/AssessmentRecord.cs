namespace EcoLedger.Ledger.Compensation;

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
