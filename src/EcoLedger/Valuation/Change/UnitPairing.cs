namespace EcoLedger.Valuation.Change;

/// <summary>One unit in one year of a comparison: where it is, what it is, how large, and its figures.</summary>
/// <param name="UnitId">Unit id.</param>
/// <param name="Region">Region.</param>
/// <param name="Ecosystem">Ecosystem code (<c>forest</c>, …).</param>
/// <param name="AreaKm2">Area in km², rounded to 6 decimals (1 m²) so extent sums are exact.</param>
/// <param name="Indicators">Figures by indicator code (the unit's rows of gep-units.csv).</param>
/// <param name="Condition">Condition variables the unit's input carries, by column name.</param>
public sealed record UnitState(string UnitId, string Region, string Ecosystem, decimal AreaKm2,
    IReadOnlyDictionary<string, IndicatorFigure> Indicators, IReadOnlyDictionary<string, double> Condition);

/// <summary>What happened to a unit between the two years.</summary>
public enum UnitChange
{
    /// <summary>In both years, same ecosystem type.</summary>
    Kept,

    /// <summary>In both years, another ecosystem type (land conversion).</summary>
    Converted,

    /// <summary>Only in the later year.</summary>
    Appeared,

    /// <summary>Only in the earlier year.</summary>
    Disappeared,
}

/// <summary>A unit of the earlier year paired with its unit of the later year; one side is null when it appeared or disappeared.</summary>
/// <param name="From">The unit in the earlier year, or null.</param>
/// <param name="To">The unit in the later year, or null.</param>
public sealed record UnitPair(UnitState? From, UnitState? To)
{
    /// <summary>What happened to the unit.</summary>
    public UnitChange Change => From is null ? UnitChange.Appeared
        : To is null ? UnitChange.Disappeared
        : From.Ecosystem == To.Ecosystem ? UnitChange.Kept : UnitChange.Converted;
}

/// <summary>One row of a unit map: an earlier unit and its later unit; an empty side declares a unit that appeared or disappeared.</summary>
/// <param name="Row">The row in the map file (header = 1).</param>
/// <param name="FromId">The earlier unit id, or null.</param>
/// <param name="ToId">The later unit id, or null.</param>
public sealed record UnitMapEntry(long Row, string? FromId, string? ToId);

/// <summary>Pairs the units of two runs (methodology/change-accounts.md, "Which units are compared").</summary>
public static class UnitPairing
{
    private const int Examples = 5;

    /// <summary>
    /// Pairs by unit id. Without a map the two runs must account the same unit ids in the same regions. With a map, its
    /// rows pair ids (or declare new and retired units), ids in both runs that the map does not name pair with themselves,
    /// and any other id is a problem. Problems are added as full sentences; the pairs are returned in earlier-run order,
    /// then the units that appeared.
    /// </summary>
    public static IReadOnlyList<UnitPair> Pair(IReadOnlyList<UnitState> from, IReadOnlyList<UnitState> to, IReadOnlyList<UnitMapEntry>? map, string mapName, List<string> problems)
    {
        var fromById = from.ToDictionary(u => u.UnitId, StringComparer.Ordinal);
        var toById = to.ToDictionary(u => u.UnitId, StringComparer.Ordinal);
        if (map is null)
        {
            var onlyFrom = from.Where(u => !toById.ContainsKey(u.UnitId)).Select(u => u.UnitId).ToList();
            var onlyTo = to.Where(u => !fromById.ContainsKey(u.UnitId)).Select(u => u.UnitId).ToList();
            if (onlyFrom.Count > 0 || onlyTo.Count > 0)
            {
                problems.Add($"the two runs account different units ({onlyFrom.Count} only in --from{Show(onlyFrom)}; {onlyTo.Count} only in --to{Show(onlyTo)}); expected the same unit ids, or a --unit-map FILE that pairs them and declares new and retired units.");
                return [];
            }
            var movedRegion = from.Where(u => toById[u.UnitId].Region != u.Region).Select(u => u.UnitId).ToList();
            if (movedRegion.Count > 0)
            {
                problems.Add($"{movedRegion.Count} {(movedRegion.Count == 1 ? "unit lies" : "units lie")} in another region in --to{Show(movedRegion)}; expected runs of the same region, or a --unit-map FILE that pairs the units explicitly.");
                return [];
            }
            return from.Select(u => new UnitPair(u, toById[u.UnitId])).ToList();
        }

        var pairedFrom = new Dictionary<string, string?>(StringComparer.Ordinal);
        var pairedTo = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var e in map)
        {
            string at = $"{mapName}, row {e.Row}";
            if (e.FromId is null && e.ToId is null)
            {
                problems.Add($"{at}: both from_unit_id and to_unit_id are empty; expected at least one.");
                continue;
            }
            if (e.FromId is { } f && !fromById.ContainsKey(f))
            {
                problems.Add($"{at}, field 'from_unit_id': unit '{f}' is not in the --from run.");
                continue;
            }
            if (e.ToId is { } t && !toById.ContainsKey(t))
            {
                problems.Add($"{at}, field 'to_unit_id': unit '{t}' is not in the --to run.");
                continue;
            }
            if (e.FromId is { } f2 && !pairedFrom.TryAdd(f2, e.ToId))
            {
                problems.Add($"{at}, field 'from_unit_id': unit '{f2}' is mapped twice; expected each unit once (splits and merges are not supported: map the unit to its largest successor and list the others as new).");
                continue;
            }
            if (e.ToId is { } t2 && !pairedTo.TryAdd(t2, e.FromId))
            {
                problems.Add($"{at}, field 'to_unit_id': unit '{t2}' is mapped twice; expected each unit once.");
            }
        }
        var pairs = new List<UnitPair>();
        var unmappedFrom = new List<string>();
        foreach (var u in from)
        {
            if (pairedFrom.TryGetValue(u.UnitId, out var toId))
            {
                pairs.Add(new UnitPair(u, toId is null ? null : toById[toId]));
            }
            else if (toById.TryGetValue(u.UnitId, out var same) && !pairedTo.ContainsKey(u.UnitId))
            {
                pairs.Add(new UnitPair(u, same));
                pairedTo[u.UnitId] = u.UnitId;
            }
            else
            {
                unmappedFrom.Add(u.UnitId);
            }
        }
        var unmappedTo = new List<string>();
        foreach (var u in to)
        {
            if (pairedTo.TryGetValue(u.UnitId, out var fromId))
            {
                if (fromId is null)
                {
                    pairs.Add(new UnitPair(null, u));
                }
            }
            else
            {
                unmappedTo.Add(u.UnitId);
            }
        }
        if (unmappedFrom.Count > 0 || unmappedTo.Count > 0)
        {
            problems.Add($"{mapName}: {unmappedFrom.Count} unit{(unmappedFrom.Count == 1 ? "" : "s")} of --from{Show(unmappedFrom)} and {unmappedTo.Count} of --to{Show(unmappedTo)} are neither in both runs nor in the map; expected every unit paired, or listed with an empty side as new or retired.");
        }
        return pairs;
    }

    private static string Show(List<string> ids) => ids.Count == 0 ? "" : $", e.g. {string.Join(", ", ids.Take(Examples))}";
}
