namespace EcoLedger.Ledger;

/// <summary>
/// A mutating command: an immutable record of what a host asked for, built from CLI arguments or an HTTP request. The command runner
/// resolves its actor, hashes it (<see cref="CommandHash"/>) for request-id idempotency, lets its module's engine decide and applies the event.
/// </summary>
public interface ICommand;

/// <summary>A command of the credit ledger (participants, projects, issuances, credits, reversals).</summary>
public interface ILedgerCommand : ICommand;
