namespace EcoLedger.Quantities;

/// <summary>Energy, kept in kilowatt-hours. 1 kWh = 3,600 kJ.</summary>
public readonly record struct Energy : IComparable<Energy>
{
    private Energy(double kwh) => KilowattHours = kwh;

    /// <summary>The energy in kWh.</summary>
    public double KilowattHours { get; }

    /// <summary>The energy in kJ.</summary>
    public double Kilojoules => KilowattHours * 3600d;

    /// <summary>From kWh (finite).</summary>
    public static Energy FromKilowattHours(double kwh) => new(QuantityGuard.Finite(kwh, "Energy in kWh"));

    /// <summary>From kJ (finite); 3,600 kJ = 1 kWh.</summary>
    public static Energy FromKilojoules(double kj) => new(QuantityGuard.Finite(kj, "Energy in kJ") / 3600d);

    public static Energy operator +(Energy a, Energy b) => new(a.KilowattHours + b.KilowattHours);

    /// <inheritdoc />
    public int CompareTo(Energy other) => KilowattHours.CompareTo(other.KilowattHours);

    /// <inheritdoc />
    public override string ToString() => $"{KilowattHours:0.###} kWh";
}
