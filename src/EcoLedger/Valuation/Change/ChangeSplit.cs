using EcoLedger.Valuation.Accounting;

namespace EcoLedger.Valuation.Change;

/// <summary>One unit × indicator figure of one year: the physical quantity (null for value-only indicators) and the value.</summary>
/// <param name="Quantity">Quantity in the indicator's unit, or null.</param>
/// <param name="ValueCny">Value in CNY (to the fen).</param>
public sealed record IndicatorFigure(decimal? Quantity, decimal ValueCny);

/// <summary>
/// A value change split into a quantity effect and a price effect (methodology/change-accounts.md). The parts add up
/// exactly: <c>ChangeCny = QuantityEffectCny + PriceEffectCny + NotDecomposedCny</c>.
/// </summary>
/// <param name="ChangeCny">V₁ − V₀.</param>
/// <param name="QuantityEffectCny">½(p₀ + p₁)(q₁ − q₀), rounded to the fen.</param>
/// <param name="PriceEffectCny">The rest of the change: ½(q₀ + q₁)(p₁ − p₀) to within the fen rounding of the quantity effect.</param>
/// <param name="NotDecomposedCny">The change of a value-only indicator (no quantity, e.g. material products of mixed units).</param>
public readonly record struct ChangeSplit(decimal ChangeCny, decimal QuantityEffectCny, decimal PriceEffectCny, decimal NotDecomposedCny)
{
    /// <summary>No change.</summary>
    public static ChangeSplit Zero => default;

    /// <summary>Adds two splits part by part (sums of fen amounts are exact).</summary>
    public static ChangeSplit operator +(ChangeSplit a, ChangeSplit b) =>
        new(a.ChangeCny + b.ChangeCny, a.QuantityEffectCny + b.QuantityEffectCny, a.PriceEffectCny + b.PriceEffectCny, a.NotDecomposedCny + b.NotDecomposedCny);

    /// <summary>
    /// Splits the change of one unit × indicator between two years by the Bennet (symmetric, Shapley) decomposition
    /// ΔV = ½(p₀ + p₁)Δq + ½(q₀ + q₁)Δp with implicit unit prices p = V / q.
    /// </summary>
    /// <remarks>
    /// Bennet, T. L. (1920), "The theory of measurement of changes in cost of living", J. Royal Statistical Society 83(3):
    /// 455–462; it is the two-factor Shapley value, so it has no residual and treats both years alike. A figure present in
    /// one year only (a new or retired unit, or an indicator computed in one year only) is all quantity effect: its
    /// price is taken as the other year's, so Δp = 0. A quantity of 0 in one year takes the other year's price the
    /// same way. The quantity effect is rounded to the fen (half away from zero) and the price effect is the remainder,
    /// so the parts add up to the change exactly.
    /// </remarks>
    public static ChangeSplit Of(IndicatorFigure? from, IndicatorFigure? to)
    {
        decimal v0 = from?.ValueCny ?? 0m, v1 = to?.ValueCny ?? 0m, change = v1 - v0;
        if (from is null || to is null)
        {
            return new ChangeSplit(change, change, 0m, 0m);
        }
        if (from.Quantity is not { } q0 || to.Quantity is not { } q1)
        {
            return new ChangeSplit(change, 0m, 0m, change);
        }
        if (q0 == 0m && q1 == 0m)
        {
            return new ChangeSplit(change, 0m, change, 0m);
        }
        decimal p1 = q1 != 0m ? v1 / q1 : v0 / q0;
        decimal p0 = q0 != 0m ? v0 / q0 : p1;
        decimal quantityEffect = GepEngine.RoundToFen((p0 + p1) / 2m * (q1 - q0));
        return new ChangeSplit(change, quantityEffect, change - quantityEffect, 0m);
    }
}
