namespace EcoLedger.Quantities;

/// <summary>A volume of water in cubic metres (may be zero; never NaN).</summary>
public readonly record struct WaterVolume : IComparable<WaterVolume>
{
    private WaterVolume(double m3) => CubicMetres = m3;

    /// <summary>The volume in m³.</summary>
    public double CubicMetres { get; }

    /// <summary>From cubic metres (finite).</summary>
    public static WaterVolume FromCubicMetres(double m3) => new(QuantityGuard.Finite(m3, "Water volume in m³"));

    /// <summary>From 10⁴ m³ (万立方米), the unit of the lake flood-storage regression.</summary>
    public static WaterVolume FromTenThousandCubicMetres(double v) => FromCubicMetres(QuantityGuard.Finite(v, "Water volume in 10⁴ m³") * 10_000d);

    /// <summary>Mass of the water at the given density (kg/m³).</summary>
    public Mass ToMass(double densityKgPerM3) => Mass.FromKilograms(CubicMetres * densityKgPerM3);

    public static WaterVolume operator +(WaterVolume a, WaterVolume b) => new(a.CubicMetres + b.CubicMetres);

    /// <inheritdoc />
    public int CompareTo(WaterVolume other) => CubicMetres.CompareTo(other.CubicMetres);

    /// <inheritdoc />
    public override string ToString() => $"{CubicMetres:0.###} m³";
}
