using System.Globalization;

namespace EcoLedger.Pricing;

using Money = EcoLedger.Money.Money;

/// <summary>What a pledge is worth to the bank that holds it.</summary>
/// <param name="PledgeId">The pledge: <c>credits@SEQ</c> (journal entry of the pledge) or a certificate id.</param>
/// <param name="Kind"><c>credits</c> or <c>certificate</c>.</param>
/// <param name="Borrower">The pledgor.</param>
/// <param name="Bank">The pledgee.</param>
/// <param name="Subject">What is pledged, in words (e.g. <c>18294 t SM_CT_1 2016–2020</c>).</param>
/// <param name="MarketValue">Market value of the collateral as of the valuation date.</param>
/// <param name="Haircut">Collateral haircut (0.30 = 30 %).</param>
/// <param name="Loan">Outstanding loan, when recorded.</param>
public sealed record PledgeExposure(string PledgeId, string Kind, string Borrower, string Bank, string Subject, Money MarketValue,
    decimal Haircut, Money? Loan);

/// <summary>A pledge valued: collateral, loan-to-value and the margin flag.</summary>
/// <param name="Exposure">The pledge.</param>
/// <param name="Collateral">round(market value × (1 − haircut)) to the fen.</param>
/// <param name="Ltv">loan / collateral, exact; null without a loan or with zero collateral.</param>
/// <param name="MarginCall">True when the loan is above threshold × collateral (LTV strictly above the threshold).</param>
public sealed record PledgeValue(PledgeExposure Exposure, Money Collateral, decimal? Ltv, bool MarginCall);

/// <summary>Collateral value, loan-to-value and the margin-call rule.</summary>
public static class PledgeValuation
{
    /// <summary>
    /// collateral = round(MV × (1 − haircut)); LTV = loan / collateral; margin call when LTV &gt; threshold, tested as
    /// loan &gt; threshold × collateral so that no division rounding decides a case at the threshold. A pledge exactly at the
    /// threshold is not called. A loan against zero collateral is always called.
    /// </summary>
    public static PledgeValue Evaluate(PledgeExposure e, decimal threshold)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Haircut is < 0m or > 1m)
        {
            throw new Ledger.LedgerException($"The haircut must be between 0 and 1; got {e.Haircut.ToString(CultureInfo.InvariantCulture)}.");
        }
        var collateral = Fen.Round(e.MarketValue.Amount * (1m - e.Haircut));
        if (e.Loan is not Money loan)
        {
            return new PledgeValue(e, collateral, null, false);
        }
        if (collateral.Amount == 0m)
        {
            return new PledgeValue(e, collateral, null, loan.Amount > 0m);
        }
        return new PledgeValue(e, collateral, loan.Amount / collateral.Amount, loan.Amount > threshold * collateral.Amount);
    }
}
