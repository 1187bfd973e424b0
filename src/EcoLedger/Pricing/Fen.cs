using System.Globalization;

namespace EcoLedger.Pricing;

using Money = EcoLedger.Money.Money;

/// <summary>Rounding of pricing results: to the fen, midpoints away from zero (the ledger's and the GEP engine's rule).</summary>
public static class Fen
{
    /// <summary>Rounds an exact amount in CNY to whole fen, half away from zero.</summary>
    public static Money Round(decimal cny) => Money.Cny(decimal.Round(cny, 2, MidpointRounding.AwayFromZero));

    /// <summary>An amount in CNY as whole fen.</summary>
    public static long Of(Money m) => m.Round(MidpointRounding.AwayFromZero).ToMinorUnits();

    /// <summary>An amount someone entered (a loan, an income) as whole fen; a fraction of a fen is refused, never rounded.</summary>
    /// <exception cref="Ledger.LedgerException">The amount has a fraction of a fen.</exception>
    public static long Exact(Money m, string what) => m.IsRoundedToMinorUnit
        ? m.ToMinorUnits()
        : throw new Ledger.LedgerException($"{what} must be a whole number of fen (at most two decimals); got {m}.");

    /// <summary>Parses a CNY amount given with at most two decimals (e.g. a loan or an income on the command line).</summary>
    /// <exception cref="Ledger.LedgerException">Not a non-negative amount in whole fen.</exception>
    public static Money Parse(string text, string what)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var v) || v < 0m || decimal.Round(v, 2) != v)
        {
            throw new Ledger.LedgerException($"{what} must be an amount in CNY with at most two decimals (whole fen), 0 or more; got '{text}'.");
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
