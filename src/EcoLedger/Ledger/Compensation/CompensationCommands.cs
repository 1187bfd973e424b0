namespace EcoLedger.Ledger.Compensation;

/// <summary>A command of the compensation ledger.</summary>
public interface ICompensationCommand : ICommand;

/// <summary><c>agreement create</c>: a draft agreement; the actor (role registry) becomes its administrator.</summary>
/// <param name="Id">Agreement id.</param>
/// <param name="Spec">Parties, period, funding and rule.</param>
public sealed record CreateAgreement(string Id, AgreementSpec Spec) : ICompensationCommand;

/// <summary><c>agreement sign</c>: the actor, a party, signs.</summary>
/// <param name="Agreement">Agreement id.</param>
public sealed record SignAgreement(string Agreement) : ICompensationCommand;

/// <summary><c>agreement activate|suspend|resume|terminate|close</c>.</summary>
/// <param name="Agreement">Agreement id.</param>
/// <param name="Trigger">The transition.</param>
public sealed record TransitionAgreement(string Agreement, AgreementTrigger Trigger) : ICompensationCommand;

/// <summary><c>samples import</c>: monitoring samples (and corrections) into an open round.</summary>
/// <param name="Round">Round id.</param>
/// <param name="Source">Where the rows come from (file name).</param>
/// <param name="Rows">The rows as read.</param>
public sealed record ImportSamples(string Round, string Source, IReadOnlyList<SampleRow> Rows) : ICompensationCommand;

/// <summary><c>round close-monitoring</c>.</summary>
/// <param name="Round">Round id.</param>
public sealed record CloseMonitoring(string Round) : ICompensationCommand;

/// <summary><c>round assess</c>: applies the rule and reserves the payments.</summary>
/// <param name="Round">Round id.</param>
public sealed record AssessRound(string Round) : ICompensationCommand;

/// <summary><c>round settle</c>: the paying side posts the payments.</summary>
/// <param name="Round">Round id.</param>
public sealed record SettleRound(string Round) : ICompensationCommand;

/// <summary><c>round dispute</c>.</summary>
/// <param name="Round">Round id.</param>
/// <param name="Reason">Why.</param>
public sealed record DisputeRound(string Round, string? Reason) : ICompensationCommand;

/// <summary><c>round resolve</c>: ends a dispute.</summary>
/// <param name="Round">Round id.</param>
/// <param name="Outcome">How it was resolved.</param>
/// <param name="AmountFen">An amended amount, in fen.</param>
/// <param name="Note">A note for the statement.</param>
public sealed record ResolveRound(string Round, string Outcome, long? AmountFen, string? Note) : ICompensationCommand;
