using System.Globalization;

namespace EcoLedger.Pricing;

using Money = EcoLedger.Money.Money;

/// <summary>Rounding of pricing results: to the fen, midpoints away from zero (the ledger's and the GEP engine's rule).</summary>
public static class Fen
{
    /// <summary>Rounds an exact amount in CNY to whole fen, half away from zero.</summary>
    public static Money Round(decimal cny) => Money.Cny(decimal.Round(cny, 2, MidpointRounding.AwayFromZero));

    /// <summary>
    /// The largest amount the ledger stores: amounts are kept as whole fen in a 64-bit integer, so at most 2^63 − 1 fen
    /// (92,233,720,368,547,758.07 CNY).
    /// </summary>
    public static readonly decimal MaxCny = long.MaxValue / 100m;

    /// <summary>An amount in CNY as whole fen.</summary>
    public static long Of(Money m) => m.Round(MidpointRounding.AwayFromZero).ToMinorUnits();

    /// <summary>An amount someone entered (a loan, an income) as whole fen; a fraction of a fen is refused, never rounded.</summary>
    /// <exception cref="Ledger.LedgerException">The amount has a fraction of a fen or is beyond <see cref="MaxCny"/>.</exception>
    public static long Exact(Money m, string what)
    {
        if (!m.IsRoundedToMinorUnit)
        {
            throw new Ledger.LedgerException($"{what} must be a whole number of fen (at most two decimals); got {m}.");
        }
        if (Math.Abs(m.Amount) > MaxCny)
        {
            throw new Ledger.LedgerException(TooLarge(what, m.Amount.ToString(CultureInfo.InvariantCulture)));
        }
        return m.ToMinorUnits();
    }

    private static string TooLarge(string what, string got) => string.Create(CultureInfo.InvariantCulture,
        $"{what} must be at most {MaxCny:0.00} CNY (the largest amount the ledger stores: 2^63 − 1 fen); got '{got}'.");

    /// <summary>Parses a CNY amount given with at most two decimals (e.g. a loan or an income on the command line).</summary>
    /// <exception cref="Ledger.LedgerException">Not a non-negative amount in whole fen, or above <see cref="MaxCny"/>.</exception>
    public static Money Parse(string text, string what)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) || v < 0m || decimal.Round(v, 2) != v)
        {
            throw new Ledger.LedgerException($"{what} must be an amount in CNY with at most two decimals (whole fen), 0 or more; got '{text}'.");
        }
        if (v > MaxCny)
        {
            throw new Ledger.LedgerException(TooLarge(what, text));
        }
        return Money.Cny(v);
    }

    /// <summary>Parses a fraction in [0, max].</summary>
    public static decimal Fraction(string text, string what, decimal max = 1m)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) || v < 0m || v > max)
        {
            throw new Ledger.LedgerException($"{what} must be a number from 0 to {max.ToString(CultureInfo.InvariantCulture)}; got '{text}'.");
        }
        return v;
    }
}
