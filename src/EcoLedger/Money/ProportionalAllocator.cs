namespace EcoLedger.Money;

/// <summary>
/// Allocates a fixed total over a stream of weights whose sum is known in advance, without holding the
/// weights in memory. Each call to <see cref="Next"/> returns the next part; when the weights passed add up to
/// the announced total weight, the parts add up exactly to the total (no minor unit lost or invented).
/// </summary>
/// <remarks>See <see cref="Money.Allocate(IReadOnlyList{decimal})"/> for the rule (cumulative rounding,
/// midpoints away from zero).</remarks>
public sealed class ProportionalAllocator
{
    private readonly Money _total;
    private readonly decimal _totalWeight;
    private decimal _cumulativeWeight;
    private decimal _allocatedSoFar;

    /// <summary>Prepares to allocate <paramref name="total"/> over weights summing to <paramref name="totalWeight"/>.</summary>
    public ProportionalAllocator(Money total, decimal totalWeight)
    {
        if (!total.IsRoundedToMinorUnit)
        {
            throw new InvalidOperationException($"Cannot allocate {total}: it has a fraction of a minor unit; round it first.");
        }
        if (totalWeight <= 0m)
        {
            throw new ArgumentException($"The total weight must be greater than zero; got {totalWeight}.", nameof(totalWeight));
        }
        _total = total;
        _totalWeight = totalWeight;
    }

    /// <summary>The part for the next weight.</summary>
    public Money Next(decimal weight)
    {
        if (weight < 0m)
        {
            throw new ArgumentException($"Weights must be zero or positive; got {weight}.", nameof(weight));
        }
        _cumulativeWeight += weight;
        if (_cumulativeWeight > _totalWeight)
        {
            throw new InvalidOperationException($"The weights passed so far ({_cumulativeWeight}) exceed the announced total weight ({_totalWeight}).");
        }
        // The last part is computed as the remainder so decimal division noise cannot leave a fen behind.
        decimal cumulativeAmount = _cumulativeWeight == _totalWeight
            ? _total.Amount
            : decimal.Round(ExactShare(), _total.Currency.MinorUnitDigits, MidpointRounding.AwayFromZero);
        decimal part = cumulativeAmount - _allocatedSoFar;
        _allocatedSoFar = cumulativeAmount;
        return new Money(part, _total.Currency);
    }

    /// <summary>
    /// total × cumulative weight ÷ total weight, multiplied first: the product is exact (28 digits hold an amount
    /// times a weight), so a share that is exactly half a minor unit stays exactly half and rounds away from zero. Dividing the weights first rounded the ratio at its 28th
    /// digit, which could put an exact half just below it and round it the other way, leaving a part one full fen from its
    /// share (CompensationPropertyTests found 1,035,919,921 fen over weights 116, 62, 384, 442). Only when the product
    /// overflows a decimal is the ratio taken first.
    /// </summary>
    private decimal ExactShare()
    {
        try
        {
            return _total.Amount * _cumulativeWeight / _totalWeight;
        }
        catch (OverflowException)
        {
            return _total.Amount * (_cumulativeWeight / _totalWeight);
        }
    }
}
