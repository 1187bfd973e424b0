using System.Globalization;

namespace EcoLedger.Money;

/// <summary>
/// An exact amount of money in one currency. Arithmetic is only defined within one currency;
/// rounding happens only when asked for (<see cref="Round"/>), to the currency's minor unit.
/// Same semantics as NodaMoney, which our registry does not serve.
/// </summary>
public readonly struct Money : IEquatable<Money>, IComparable<Money>
{
    private readonly Currency? _currency;

    /// <summary>Creates an amount; the amount is kept exactly as given (no implicit rounding).</summary>
    public Money(decimal amount, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        Amount = amount;
        _currency = currency;
    }

    /// <summary>The exact decimal amount.</summary>
    public decimal Amount { get; }

    /// <summary>The currency; <see cref="Currency.Cny"/> for a default-initialised value.</summary>
    public Currency Currency => _currency ?? Currency.Cny;

    /// <summary>Zero in the given currency (CNY when omitted).</summary>
    public static Money Zero(Currency? currency = null) => new(0m, currency ?? Currency.Cny);

    /// <summary>An amount in the given currency (CNY when omitted).</summary>
    public static Money Of(decimal amount, Currency? currency = null) => new(amount, currency ?? Currency.Cny);

    /// <summary>An amount in yuan renminbi.</summary>
    public static Money Cny(decimal amount) => new(amount, Currency.Cny);

    /// <summary>An amount given as a whole number of minor units (fen for CNY).</summary>
    public static Money FromMinorUnits(long minorUnits, Currency? currency = null)
    {
        var c = currency ?? Currency.Cny;
        return new Money(minorUnits * c.MinorUnit, c);
    }

    /// <summary>The amount as a whole number of minor units.</summary>
    /// <exception cref="InvalidOperationException">The amount has a fraction of a minor unit; round it first.</exception>
    public long ToMinorUnits()
    {
        decimal scaled = Amount * Currency.Pow10(Currency.MinorUnitDigits);
        if (scaled != decimal.Truncate(scaled))
        {
            throw new InvalidOperationException($"{this} has a fraction of a minor unit; round it before converting to minor units.");
        }
        return (long)scaled;
    }

    /// <summary>True when the amount is a whole number of minor units.</summary>
    public bool IsRoundedToMinorUnit => Round(MidpointRounding.ToEven).Amount == Amount;

    /// <summary>Rounds to the currency's minor unit with the chosen midpoint rule.</summary>
    public Money Round(MidpointRounding mode) => new(decimal.Round(Amount, Currency.MinorUnitDigits, mode), Currency);

    /// <summary>
    /// Splits this amount by the given non-negative ratios so that the parts add up exactly to the amount:
    /// no minor unit is lost or invented, and each part is within one minor unit of its exact share.
    /// </summary>
    /// <remarks>
    /// Cumulative rounding: part i = round(T·W_i/W) − round(T·W_{i−1}/W), where W_i is the running sum of ratios.
    /// The telescoping sum makes the parts add up to T exactly, and the rule needs no look-ahead, so the same
    /// <see cref="ProportionalAllocator"/> can allocate a region total over a stream of a million units.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The amount has a fraction of a minor unit.</exception>
    /// <exception cref="ArgumentException">No ratios, a negative ratio, or all ratios zero.</exception>
    public Money[] Allocate(IReadOnlyList<decimal> ratios)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        if (ratios.Count == 0)
        {
            throw new ArgumentException("At least one ratio is required.", nameof(ratios));
        }
        decimal total = 0m;
        foreach (var r in ratios)
        {
            if (r < 0m)
            {
                throw new ArgumentException($"Ratios must be zero or positive; got {r.ToString(CultureInfo.InvariantCulture)}.", nameof(ratios));
            }
            total += r;
        }
        var allocator = new ProportionalAllocator(this, total);
        var parts = new Money[ratios.Count];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = allocator.Next(ratios[i]);
        }
        return parts;
    }

    /// <summary>Splits this amount into <paramref name="parts"/> parts as equal as the minor unit allows.</summary>
    public Money[] Allocate(int parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parts, 1);
        return Allocate(Enumerable.Repeat(1m, parts).ToArray());
    }

    private static void RequireSameCurrency(Money a, Money b, string op)
    {
        if (a.Currency != b.Currency)
        {
            throw new InvalidOperationException($"Cannot {op} {a.Currency.Code} and {b.Currency.Code}: amounts must be in the same currency.");
        }
    }

    public static Money operator +(Money a, Money b)
    {
        RequireSameCurrency(a, b, "add");
        return new Money(a.Amount + b.Amount, a.Currency);
    }

    public static Money operator -(Money a, Money b)
    {
        RequireSameCurrency(a, b, "subtract");
        return new Money(a.Amount - b.Amount, a.Currency);
    }

    public static Money operator -(Money a) => new(-a.Amount, a.Currency);

    public static Money operator *(Money a, decimal factor) => new(a.Amount * factor, a.Currency);

    public static Money operator *(decimal factor, Money a) => new(a.Amount * factor, a.Currency);

    public static Money operator /(Money a, decimal divisor) => new(a.Amount / divisor, a.Currency);

    /// <summary>The ratio of two amounts of the same currency.</summary>
    public static decimal operator /(Money a, Money b)
    {
        RequireSameCurrency(a, b, "divide");
        return a.Amount / b.Amount;
    }

    public static bool operator <(Money a, Money b) => a.CompareTo(b) < 0;

    public static bool operator >(Money a, Money b) => a.CompareTo(b) > 0;

    public static bool operator <=(Money a, Money b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Money a, Money b) => a.CompareTo(b) >= 0;

    public static bool operator ==(Money a, Money b) => a.Equals(b);

    public static bool operator !=(Money a, Money b) => !a.Equals(b);

    /// <inheritdoc />
    public int CompareTo(Money other)
    {
        RequireSameCurrency(this, other, "compare");
        return Amount.CompareTo(other.Amount);
    }

    /// <summary>Equal when currency and amount are equal (1.0 CNY equals 1.00 CNY).</summary>
    public bool Equals(Money other) => Currency == other.Currency && Amount == other.Amount;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Money m && Equals(m);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Currency.Code, Amount);

    /// <summary>Invariant form with at least the minor-unit digits, e.g. <c>1234.50 CNY</c>; sub-fen digits are kept.</summary>
    public override string ToString()
    {
        string amount = Amount.Scale <= Currency.MinorUnitDigits
            ? Amount.ToString("F" + Currency.MinorUnitDigits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
            : Amount.ToString(CultureInfo.InvariantCulture);
        return $"{amount} {Currency.Code}";
    }
}
