namespace EcoLedger.Quantities;

/// <summary>A mass of some material (soil, sand, a pollutant, oxygen). 1 t = 1,000 kg.</summary>
public readonly record struct Mass : IComparable<Mass>
{
    private Mass(double kg) => Kilograms = kg;

    /// <summary>The mass in kilograms.</summary>
    public double Kilograms { get; }

    /// <summary>The mass in tonnes.</summary>
    public double Tonnes => Kilograms / 1000d;

    /// <summary>From tonnes (finite).</summary>
    public static Mass FromTonnes(double t) => new(QuantityGuard.Finite(t, "Mass in t") * 1000d);

    /// <summary>From kilograms (finite).</summary>
    public static Mass FromKilograms(double kg) => new(QuantityGuard.Finite(kg, "Mass in kg"));

    /// <summary>The volume this mass occupies at a bulk density in t/m³.</summary>
    public double CubicMetresAtDensity(double tonnesPerM3) => Tonnes / QuantityGuard.Finite(tonnesPerM3, "Density in t/m³");

    public static Mass operator +(Mass a, Mass b) => new(a.Kilograms + b.Kilograms);

    public static Mass operator *(Mass a, double factor) => new(a.Kilograms * factor);

    /// <inheritdoc />
    public int CompareTo(Mass other) => Kilograms.CompareTo(other.Kilograms);

    /// <inheritdoc />
    public override string ToString() => $"{Tonnes:0.###} t";
}
