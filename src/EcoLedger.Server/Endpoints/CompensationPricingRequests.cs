using System.Text.Json;

namespace EcoLedger.Server.Endpoints;

/// <summary>Creates a draft compensation agreement; the calling registry becomes its administrator.</summary>
/// <param name="Id">Agreement id (letters, digits, underscore).</param>
/// <param name="Spec">The agreement spec, as <c>compensation agreement create --spec</c> reads it (name, period, round_months, parties, funding, rule).</param>
public sealed record CreateAgreementRequest(string Id, JsonElement Spec);

/// <summary>Disputes an assessed round.</summary>
/// <param name="Reason">Why the assessment is disputed.</param>
public sealed record DisputeRoundRequest(string Reason);

/// <summary>Resolves a disputed round.</summary>
/// <param name="Outcome"><c>upheld</c> (keep the payments) or <c>amended</c> (void them and reserve <c>amount</c> instead).</param>
/// <param name="Amount">The amended amount in CNY, at most two decimals (0 waives the payment).</param>
/// <param name="Note">A note for the statement.</param>
public sealed record ResolveRoundRequest(string Outcome, string? Amount = null, string? Note = null);

/// <summary>Records (or updates) the loan a bank made on a credits pledge.</summary>
/// <param name="PledgeSeq">Journal entry (seq) of the <c>credits.pledged</c> event.</param>
/// <param name="Principal">Outstanding principal in CNY, at most two decimals.</param>
/// <param name="Haircut">The bank's collateral haircut for this loan, 0–1 (default: the valuation's).</param>
public sealed record RecordLoanRequest(long PledgeSeq, string Principal, string? Haircut = null);

/// <summary>Pledges a share certificate to a bank.</summary>
/// <param name="Bank">The pledgee, a registered participant.</param>
/// <param name="Loan">The loan secured on the certificate, CNY.</param>
public sealed record PledgeCertificateRequest(string Bank, string Loan);

/// <summary>Distributes one year's income of an asset package.</summary>
/// <param name="Year">The income year.</param>
/// <param name="Income">The income in CNY, at most two decimals.</param>
public sealed record DistributeIncomeRequest(int Year, string Income);
