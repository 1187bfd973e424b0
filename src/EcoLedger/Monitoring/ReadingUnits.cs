using System.Globalization;

namespace EcoLedger.Monitoring;

/// <summary>A reading's value converted on input: the QC value and the integer amount it contributes over its interval.</summary>
/// <param name="QcValue">The value in the variable's QC unit (<see cref="MonitoredVariables.QcUnit"/>), exact.</param>
/// <param name="Amount">The amount over the interval in the variable's integer amount unit (<see cref="MonitoredVariables.AmountUnit"/>),
/// rounded once, half away from zero.</param>
public readonly record struct ConvertedValue(decimal QcValue, long Amount);

/// <summary>
/// Unit conversion of readings on input; an unknown unit is refused with the list of accepted ones.
/// </summary>
/// <remarks>
/// NEE: 1 µmol CO₂ m⁻² s⁻¹ × 44.01 µg µmol⁻¹ (molar mass of CO₂, 44.009 g mol⁻¹ from the IUPAC standard atomic weights C 12.011,
/// O 15.999) × 10,000 m² ha⁻¹ = 440,100 µg CO₂ ha⁻¹ s⁻¹; over a 30-minute interval 1 µmol m⁻² s⁻¹ is 792,180,000 µg = 0.00079218 t
/// CO₂ ha⁻¹. Water depths: 1 mm = 1,000 µm; a rate in mm h⁻¹ is multiplied by the interval in hours. See methodology/monitoring.md §1.
/// </remarks>
public static class ReadingUnits
{
    /// <summary>µg CO₂ per µmol (molar mass 44.01 g mol⁻¹).</summary>
    public const decimal MicrogramsCo2PerMicromole = 44.01m;

    /// <summary>µg CO₂ ha⁻¹ s⁻¹ for a flux of 1 µmol CO₂ m⁻² s⁻¹ (44.01 × 10,000).</summary>
    public const decimal NeeMicrogramsPerHectareSecond = MicrogramsCo2PerMicromole * 10_000m;

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["umol m-2 s-1"] = "umol m-2 s-1",
        ["µmol m-2 s-1"] = "umol m-2 s-1",
        ["umol co2 m-2 s-1"] = "umol m-2 s-1",
        ["µmol co2 m-2 s-1"] = "umol m-2 s-1",
        ["umol/m2/s"] = "umol m-2 s-1",
        ["µmol/m2/s"] = "umol m-2 s-1",
        ["mg co2 m-2 s-1"] = "mg m-2 s-1",
        ["mg m-2 s-1"] = "mg m-2 s-1",
        ["mg/m2/s"] = "mg m-2 s-1",
        ["mm"] = "mm",
        ["mm h-1"] = "mm h-1",
        ["mm/h"] = "mm h-1",
    };

    /// <summary>The units accepted for a variable, for messages.</summary>
    public static string Accepted(MonitoredVariable variable) => variable == MonitoredVariable.Nee
        ? "'umol m-2 s-1' (also 'µmol m-2 s-1', 'umol/m2/s') or 'mg m-2 s-1' (mg CO2)"
        : "'mm' (per interval) or 'mm h-1'";

    /// <summary>The canonical spelling of a unit accepted for <paramref name="variable"/>, or null.</summary>
    public static string? Canonical(MonitoredVariable variable, string? unit)
    {
        if (unit is null || !Aliases.TryGetValue(unit.Trim(), out var c))
        {
            return null;
        }
        bool flux = c is "umol m-2 s-1" or "mg m-2 s-1";
        return flux == (variable == MonitoredVariable.Nee) ? c : null;
    }

    /// <summary>
    /// Converts <paramref name="value"/> in <paramref name="unit"/> over an interval of <paramref name="intervalSeconds"/>; returns null
    /// and a sentence in <paramref name="error"/> when the unit is not one accepted for the variable.
    /// </summary>
    public static ConvertedValue? Convert(MonitoredVariable variable, string unit, decimal value, int intervalSeconds, out string? error)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(intervalSeconds, 0);
        var c = Canonical(variable, unit);
        error = null;
        decimal qc;
        switch (c)
        {
            case "umol m-2 s-1":
                qc = value;
                return new ConvertedValue(qc, Round(qc * NeeMicrogramsPerHectareSecond * intervalSeconds));
            case "mg m-2 s-1":
                // 1 mg CO₂ m⁻² s⁻¹ = 1,000 µg / 44.01 µg µmol⁻¹ µmol m⁻² s⁻¹; amount 1 mg m⁻² = 10⁷ µg ha⁻¹.
                qc = value * 1000m / MicrogramsCo2PerMicromole;
                return new ConvertedValue(qc, Round(value * 10_000_000m * intervalSeconds));
            case "mm":
                return new ConvertedValue(value, Round(value * 1000m));
            case "mm h-1":
                qc = value * intervalSeconds / 3600m;
                return new ConvertedValue(qc, Round(qc * 1000m));
            default:
                error = string.Create(CultureInfo.InvariantCulture,
                    $"Unit '{unit}' is not known for variable '{variable.Name()}'; expected {Accepted(variable)}.");
                return null;
        }
    }

    private static long Round(decimal amount) => (long)decimal.Round(amount, 0, MidpointRounding.AwayFromZero);
}
