namespace EcoLedger.Quantities;

/// <summary>A non-negative area. 1 ha = 10,000 m²; 1 km² = 100 ha = 1,000,000 m².</summary>
public readonly record struct Area : IComparable<Area>
{
    private Area(double squareMetres) => SquareMetres = squareMetres;

    /// <summary>The area in square metres.</summary>
    public double SquareMetres { get; }

    /// <summary>The area in hectares.</summary>
    public double Hectares => SquareMetres / 10_000d;

    /// <summary>The area in square kilometres.</summary>
    public double SquareKilometres => SquareMetres / 1_000_000d;

    /// <summary>Zero area.</summary>
    public static Area Zero => default;

    /// <summary>From square metres (finite, ≥ 0).</summary>
    public static Area FromSquareMetres(double m2) => new(QuantityGuard.NonNegative(m2, "Area in m²"));

    /// <summary>From hectares (finite, ≥ 0).</summary>
    public static Area FromHectares(double ha) => new(QuantityGuard.NonNegative(ha, "Area in ha") * 10_000d);

    /// <summary>From square kilometres (finite, ≥ 0).</summary>
    public static Area FromSquareKilometres(double km2) => new(QuantityGuard.NonNegative(km2, "Area in km²") * 1_000_000d);

    public static Area operator +(Area a, Area b) => new(a.SquareMetres + b.SquareMetres);

    /// <summary>A depth of water over this area gives a volume (1 mm over 1 ha = 10 m³).</summary>
    public WaterVolume TimesDepthMillimetres(double mm) => WaterVolume.FromCubicMetres(SquareMetres * QuantityGuard.Finite(mm, "Depth in mm") / 1000d);

    /// <inheritdoc />
    public int CompareTo(Area other) => SquareMetres.CompareTo(other.SquareMetres);

    /// <inheritdoc />
    public override string ToString() => $"{Hectares:0.####} ha";
}
