namespace EcoLedger.Money;

/// <summary>An ISO 4217 currency with the number of digits of its minor unit (fen for CNY).</summary>
public sealed record Currency
{
    /// <summary>Chinese yuan renminbi; minor unit fen (0.01).</summary>
    public static readonly Currency Cny = new("CNY", 2);

    /// <summary>US dollar; minor unit cent.</summary>
    public static readonly Currency Usd = new("USD", 2);

    /// <summary>Euro; minor unit cent.</summary>
    public static readonly Currency Eur = new("EUR", 2);

    /// <summary>Japanese yen; no minor unit.</summary>
    public static readonly Currency Jpy = new("JPY", 0);

    private static readonly Dictionary<string, Currency> Known =
        new[] { Cny, Usd, Eur, Jpy }.ToDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);

    private Currency(string code, int minorUnitDigits)
    {
        Code = code;
        MinorUnitDigits = minorUnitDigits;
    }

    /// <summary>Three-letter ISO 4217 code.</summary>
    public string Code { get; }

    /// <summary>Digits after the decimal point of the smallest coin (2 for CNY).</summary>
    public int MinorUnitDigits { get; }

    /// <summary>The value of one minor unit (0.01 for CNY, 1 for JPY).</summary>
    public decimal MinorUnit => MinorUnitDigits == 0 ? 1m : 1m / Pow10(MinorUnitDigits);

    /// <summary>Looks up a supported currency by its ISO code.</summary>
    /// <exception cref="ArgumentException">The code is not one of CNY, USD, EUR, JPY.</exception>
    public static Currency FromCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return Known.TryGetValue(code, out var c)
            ? c
            : throw new ArgumentException($"Currency '{code}' is not supported; expected one of {string.Join(", ", Known.Keys)}.", nameof(code));
    }

    internal static decimal Pow10(int digits)
    {
        decimal p = 1m;
        for (int i = 0; i < digits; i++)
        {
            p *= 10m;
        }
        return p;
    }

    /// <inheritdoc />
    public override string ToString() => Code;
}
