namespace EcoLedger.Quantities;

/// <summary>
/// A mass of carbon (t C). Carbon and carbon dioxide are different quantities:
/// 1 t C = 44/12 t CO₂ (molar masses 44 and 12), and convert only through <see cref="ToCo2"/>.
/// </summary>
public readonly record struct CarbonMass : IComparable<CarbonMass>
{
    /// <summary>Molar-mass ratio CO₂ : C = 44 : 12.</summary>
    public const double Co2PerCarbon = 44d / 12d;

    private CarbonMass(double tonnes) => TonnesCarbon = tonnes;

    /// <summary>The mass in tonnes of carbon.</summary>
    public double TonnesCarbon { get; }

    /// <summary>From tonnes of carbon (finite; negative means a net source).</summary>
    public static CarbonMass FromTonnesCarbon(double t) => new(QuantityGuard.Finite(t, "Carbon mass in t C"));

    /// <summary>The same carbon as CO₂: × 44/12.</summary>
    public Co2Mass ToCo2() => Co2Mass.FromTonnesCo2(TonnesCarbon * Co2PerCarbon);

    public static CarbonMass operator +(CarbonMass a, CarbonMass b) => new(a.TonnesCarbon + b.TonnesCarbon);

    /// <inheritdoc />
    public int CompareTo(CarbonMass other) => TonnesCarbon.CompareTo(other.TonnesCarbon);

    /// <inheritdoc />
    public override string ToString() => $"{TonnesCarbon:0.###} t C";
}

/// <summary>A mass of carbon dioxide (t CO₂, or t CO₂e for credits). 1 t CO₂ = 12/44 t C.</summary>
public readonly record struct Co2Mass : IComparable<Co2Mass>
{
    private Co2Mass(double tonnes) => TonnesCo2 = tonnes;

    /// <summary>The mass in tonnes of CO₂.</summary>
    public double TonnesCo2 { get; }

    /// <summary>From tonnes of CO₂ (finite).</summary>
    public static Co2Mass FromTonnesCo2(double t) => new(QuantityGuard.Finite(t, "CO₂ mass in t CO₂"));

    /// <summary>The carbon in this CO₂: × 12/44.</summary>
    public CarbonMass ToCarbon() => CarbonMass.FromTonnesCarbon(TonnesCo2 / CarbonMass.Co2PerCarbon);

    public static Co2Mass operator +(Co2Mass a, Co2Mass b) => new(a.TonnesCo2 + b.TonnesCo2);

    /// <inheritdoc />
    public int CompareTo(Co2Mass other) => TonnesCo2.CompareTo(other.TonnesCo2);

    /// <inheritdoc />
    public override string ToString() => $"{TonnesCo2:0.###} t CO₂";
}
