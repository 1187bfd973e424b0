namespace EcoLedger.Valuation.Change;

/// <summary>One condition variable for one ecosystem type: area-weighted means of both years.</summary>
/// <param name="Type">Ecosystem code.</param>
/// <param name="Variable">The input column, e.g. <c>npp_t_c_per_ha</c>.</param>
/// <param name="Opening">Area-weighted mean over the earlier run's units of the type that carry it, or null.</param>
/// <param name="Closing">The same for the later run, or null.</param>
/// <param name="OpeningAreaKm2">Area of the earlier units that carry it.</param>
/// <param name="ClosingAreaKm2">Area of the later units that carry it.</param>
public sealed record ConditionLine(string Type, string Variable, double? Opening, double? Closing, decimal OpeningAreaKm2, decimal ClosingAreaKm2)
{
    /// <summary>Closing − opening, when both exist.</summary>
    public double? Change => Opening is { } o && Closing is { } c ? c - o : null;
}

/// <summary>
/// The ecosystem condition account (SEEA EA 2021, chapter 5 layout: opening value, closing value, change, by type and
/// variable) for the condition variables the unit inputs carry (methodology/extent-condition.md).
/// </summary>
public static class ConditionAccount
{
    /// <summary>
    /// The unit input columns that describe an ecosystem's condition (productivity, soil loss, vegetation cover) rather
    /// than its weather or its use. Canopy cover and water quality class are not unit inputs, so they are not accounted.
    /// </summary>
    public static readonly IReadOnlyList<string> Variables =
    [
        "npp_t_c_per_ha", "nep_t_c_per_ha", "biomass_increment_t_dm_per_ha",
        "soil_erosion_actual_t_per_ha", "wind_erosion_actual_t_per_ha", "rusle_c",
    ];

    /// <summary>One line per type × variable that either year carries.</summary>
    public static IReadOnlyList<ConditionLine> Of(IReadOnlyList<UnitPair> pairs, IReadOnlyList<string> types)
    {
        var lines = new List<ConditionLine>();
        foreach (var type in types)
        {
            foreach (var variable in Variables)
            {
                var opening = Mean(pairs.Select(p => p.From).OfType<UnitState>().Where(u => u.Ecosystem == type), variable);
                var closing = Mean(pairs.Select(p => p.To).OfType<UnitState>().Where(u => u.Ecosystem == type), variable);
                if (opening.Mean is not null || closing.Mean is not null)
                {
                    lines.Add(new ConditionLine(type, variable, opening.Mean, closing.Mean, opening.AreaKm2, closing.AreaKm2));
                }
            }
        }
        return lines;
    }

    private static (double? Mean, decimal AreaKm2) Mean(IEnumerable<UnitState> units, string variable)
    {
        double weighted = 0, weights = 0;
        decimal area = 0m;
        foreach (var u in units)
        {
            if (u.Condition.TryGetValue(variable, out double v))
            {
                weighted += v * (double)u.AreaKm2;
                weights += (double)u.AreaKm2;
                area += u.AreaKm2;
            }
        }
        return (weights > 0 ? weighted / weights : null, area);
    }
}
