using EcoLedger.Valuation;

namespace EcoLedger.Rasters;

/// <summary>
/// The unit each monitoring field is in (its column name says it) and the raster units that convert to it, with the
/// factor. A raster's values are <c>(stored × scale + offset) × factor</c>; a unit not listed here is refused rather
/// than guessed.
/// </summary>
public static class FieldUnits
{
    // Factors are unit definitions, not coefficients: 1 kg/m² = 1,000 kg per 1,000 m²… = 10 t/ha (10,000 m²/ha ÷ 1,000 kg/t);
    // 1 g/m² = 0.01 t/ha; 1 t/km² = 0.01 t/ha (100 ha/km²); 1 m = 1,000 mm; 1 cm = 10 mm.
    private static readonly (string Unit, double Factor)[] PerArea = [("t/ha", 1), ("kg/m2", 10), ("g/m2", 0.01), ("t/km2", 0.01), ("kg/ha", 0.001)];
    private static readonly (string Unit, double Factor)[] Depth = [("mm", 1), ("cm", 10), ("m", 1000)];
    private static readonly (string Unit, double Factor)[] One = [("1", 1)];

    /// <summary>The field's own unit, as written in messages and provenance.</summary>
    public static string Target(MonitoringField f) => f switch
    {
        MonitoringField.PrecipitationMm or MonitoringField.StormRunoffMm or MonitoringField.EvapotranspirationMm
            or MonitoringField.WaterEvaporationMm or MonitoringField.TranspirationMmHotDays => "mm",
        MonitoringField.RusleR => "MJ mm/(ha h)",
        MonitoringField.RusleK => "t ha h/(ha MJ mm)",
        MonitoringField.RusleLs or MonitoringField.RusleC or MonitoringField.RusleP => "1",
        MonitoringField.SoilErosionPotentialTPerHa or MonitoringField.SoilErosionActualTPerHa
            or MonitoringField.WindErosionPotentialTPerHa or MonitoringField.WindErosionActualTPerHa => "t/ha",
        MonitoringField.NppTCPerHa or MonitoringField.HeterotrophicRespirationTCPerHa or MonitoringField.NepTCPerHa => "t C/ha",
        MonitoringField.BiomassIncrementTDmPerHa => "t DM/ha",
        MonitoringField.DaysAbove26C => "d",
        MonitoringField.RelativeHumidityPct => "%",
        MonitoringField.LakeTurnoverPerYear => "1/yr",
        MonitoringField.ReservoirStorageM3 => "m3",
        MonitoringField.VisitsPerYear => "visits",
        _ => throw new ArgumentOutOfRangeException(nameof(f), f, "not a monitoring field"),
    };

    /// <summary>The raster units accepted for a field (normalised spelling), with their factor to <see cref="Target"/>.</summary>
    public static IReadOnlyList<(string Unit, double Factor)> Accepted(MonitoringField f) => f switch
    {
        MonitoringField.PrecipitationMm or MonitoringField.StormRunoffMm or MonitoringField.EvapotranspirationMm
            or MonitoringField.WaterEvaporationMm or MonitoringField.TranspirationMmHotDays => Depth,
        MonitoringField.SoilErosionPotentialTPerHa or MonitoringField.SoilErosionActualTPerHa
            or MonitoringField.WindErosionPotentialTPerHa or MonitoringField.WindErosionActualTPerHa => PerArea,
        MonitoringField.NppTCPerHa or MonitoringField.HeterotrophicRespirationTCPerHa or MonitoringField.NepTCPerHa =>
            [.. PerArea.Select(p => (p.Unit.Replace("/", " C/", StringComparison.Ordinal), p.Factor))],
        MonitoringField.BiomassIncrementTDmPerHa => [.. PerArea.Select(p => (p.Unit.Replace("/", " DM/", StringComparison.Ordinal), p.Factor))],
        MonitoringField.RusleLs or MonitoringField.RusleC or MonitoringField.RusleP => One,
        MonitoringField.RelativeHumidityPct => [("%", 1)],
        _ => [(Target(f), 1)],
    };

    /// <summary>
    /// The factor from <paramref name="unit"/> to the field's unit, or null when the unit is not accepted. Spelling is
    /// normalised: spaces around '/', '²'/'³' as 2/3, '·' as a space, hm² (公顷, as Chinese standards write the hectare) as
    /// ha, and a per-year (<c>/yr</c>, <c>/a</c>, <c>/year</c> at the end, or <c>·a</c> closing the denominator, as in
    /// MJ·mm/(hm²·h·a)), since every monitoring field is an annual figure.
    /// </summary>
    public static double? Factor(MonitoringField field, string unit)
    {
        string n = Normalise(unit);
        foreach (var (u, factor) in Accepted(field))
        {
            if (Normalise(u) == n)
            {
                return factor;
            }
        }
        return null;
    }

    private static string Normalise(string unit)
    {
        string s = unit.Trim().Replace("²", "2", StringComparison.Ordinal).Replace("³", "3", StringComparison.Ordinal)
            .Replace("·", " ", StringComparison.Ordinal).Replace(" /", "/", StringComparison.Ordinal).Replace("/ ", "/", StringComparison.Ordinal)
            .Replace("hm2", "ha", StringComparison.OrdinalIgnoreCase);
        foreach (string year in new[] { "/yr", "/a", "/year" })
        {
            if (s.EndsWith(year, StringComparison.OrdinalIgnoreCase) && s.Length > year.Length && s != "1/yr")
            {
                s = s[..^year.Length];
                break;
            }
        }
        // A per-year that closes the denominator, "t/(ha a)" or "MJ mm/(ha h a)", then a denominator of one unit without its brackets.
        if (s.EndsWith(" a)", StringComparison.OrdinalIgnoreCase))
        {
            s = s[..^3] + ")";
        }
        int open = s.IndexOf("/(", StringComparison.Ordinal);
        if (open >= 0 && s.EndsWith(')') && s.IndexOf(' ', open) < 0)
        {
            s = s[..(open + 1)] + s[(open + 2)..^1];
        }
        return s.ToLowerInvariant();
    }
}
