namespace EcoLedger.Monitoring;

/// <summary>
/// Applies a decided monitoring event to a store; the same code runs when a command executes and when the journal is replayed. A batch
/// of readings recomputes only the series it touched (station × variable × year), then the units those stations represent, then
/// their regions' totals by the exact change of each unit's integer total — so the kept account equals a full recompute.
/// </summary>
public static class MonitoringApplier
{
    /// <summary>Applies <paramref name="payload"/> as journal entry <paramref name="seq"/>.</summary>
    public static void Apply(IMonitoringStore store, object payload, long seq)
    {
        ArgumentNullException.ThrowIfNull(store);
        switch (payload)
        {
            case StationsRegistered s:
                foreach (var r in s.Stations)
                {
                    store.AddStation(MonitoringRecords.FromRecord(r), seq);
                }
                break;
            case ReadingsAccepted a:
                {
                    var dirty = new SortedSet<(string Station, string Variable, int Year)>();
                    foreach (var r in a.Readings)
                    {
                        var station = store.FindStation(r.Station) ?? throw new InvalidOperationException($"The journal refers to unknown station '{r.Station}'.");
                        var spec = station.Find(MonitoringRecords.ParseVariable(r.Variable))!;
                        var time = MonitoringRecords.ParseTime(r.Time);
                        int year = AccountClock.YearOf(time, spec.IntervalMinutes);
                        if (r.Corrects is long c)
                        {
                            (store.FindReading(c) ?? throw new InvalidOperationException($"The journal refers to unknown reading {c}.")).Supersede(r.Id);
                        }
                        store.AddReading(new StoredReading(r, time, year, seq));
                        dirty.Add((r.Station, r.Variable, year));
                    }
                    Recompute(store, dirty);
                    break;
                }
            default:
                throw new InvalidOperationException($"Unknown monitoring payload {payload.GetType().Name}.");
        }
    }

    /// <summary>Recomputes the given series and everything that depends on them (units, regions).</summary>
    public static void Recompute(IMonitoringStore store, IEnumerable<(string Station, string Variable, int Year)> series)
    {
        ArgumentNullException.ThrowIfNull(store);
        var units = new SortedSet<(string Unit, string Variable, int Year)>();
        foreach (var (stationId, variable, year) in series)
        {
            var station = store.FindStation(stationId)!;
            var spec = station.Find(MonitoringRecords.ParseVariable(variable))!;
            var stored = store.CurrentReadings(stationId, variable, year);
            var result = SeriesAccount.Compute(spec, stored.Select(r => r.ToReading()));
            foreach (var r in stored)
            {
                var flags = result.Flags.GetValueOrDefault(r.TimeUtc);
                if (r.Flags != (int)flags)
                {
                    r.SetFlags(flags);
                }
            }
            var rows = result.Hours.Select(h => Row(stationId, variable, "hour", h)).Concat(result.Days.Select(d => Row(stationId, variable, "day", d))).ToList();
            store.PutSeries(new SeriesSummary(stationId, variable, year, result), rows);
            foreach (var u in station.Units)
            {
                units.Add((u.UnitId, variable, year));
            }
        }
        if (units.Count == 0)
        {
            return;
        }
        // Which stations represent each affected unit, built once per batch (not per unit: a region can have 100,000 units).
        var representing = new Dictionary<string, List<(Station Station, RepresentedUnit Unit)>>(StringComparer.Ordinal);
        foreach (var u in units)
        {
            representing.TryAdd(u.Unit, []);
        }
        foreach (var s in store.Stations())
        {
            foreach (var u in s.Units)
            {
                if (representing.TryGetValue(u.UnitId, out var list))
                {
                    list.Add((s, u));
                }
            }
        }
        foreach (var (unitId, variable, year) in units)
        {
            var v = MonitoringRecords.ParseVariable(variable);
            var contributions = new List<(RepresentedUnit Unit, StationVariable Spec, SeriesSummary Summary)>();
            foreach (var (s, u) in representing[unitId])
            {
                if (s.Find(v) is { } spec && store.Series(s.Id, variable, year) is { } summary)
                {
                    contributions.Add((u, spec, summary));
                }
            }
            var account = UnitAccounting.Account(unitId, v, year, contributions);
            var old = store.FindUnit(unitId, variable, year);
            store.PutUnit(account);
            var region = store.FindRegion(account.Region, variable, year);
            long total = (region?.Total ?? 0) + account.Total - (old?.Total ?? 0);
            int count = (region?.Units ?? 0) + (old is null ? 1 : 0);
            store.PutRegion(new RegionAccount(account.Region, variable, year, total, count));
        }
    }

    private static AggregateRow Row(string station, string variable, string period, PeriodAggregate a) =>
        new(station, variable, period, a.Start, a.Measured, a.Filled, a.Readings, a.Flagged, a.FilledSlots, a.UnfilledSlots);
}

/// <summary>The per-unit account from the stations that represent a unit.</summary>
/// <remarks>
/// per_ha = Σ_s w_s · Y_s / Σ_s w_s (Y_s the station's year-to-date amount per hectare); total = per_ha × area, in g CO₂
/// (µg ha⁻¹ × ha / 10⁶) or litres (µm × ha × 10, since 1 µm over 1 ha is 10 L), rounded half away from zero. See methodology/monitoring.md §4.
/// </remarks>
public static class UnitAccounting
{
    /// <summary>Minutes in an account year.</summary>
    public static int MinutesInYear(int year) => (DateTime.IsLeapYear(year) ? 366 : 365) * 1440;

    /// <summary>The account of one unit for one variable and year.</summary>
    public static UnitAccount Account(string unitId, MonitoredVariable variable, int year,
        IReadOnlyList<(RepresentedUnit Unit, StationVariable Spec, SeriesSummary Summary)> contributions)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        var first = contributions.FirstOrDefault().Unit;
        decimal weights = contributions.Sum(c => c.Unit.Weight);
        decimal perHa = weights == 0m ? 0m : contributions.Sum(c => c.Unit.Weight * c.Summary.Total) / weights;
        decimal area = first?.AreaHa ?? 0m;
        decimal total = variable == MonitoredVariable.Nee ? perHa * area / 1_000_000m : perHa * area * 10m;
        return new UnitAccount(unitId, variable.Name(), year, first?.Region ?? "", MonitoringRecords.Text(area), MonitoringRecords.Text(perHa),
            (long)decimal.Round(total, 0, MidpointRounding.AwayFromZero), contributions.Count,
            contributions.Sum(c => (long)c.Summary.CoveredSlots), contributions.Sum(c => (long)(c.Summary.LinearSlots + c.Summary.DiurnalSlots)),
            contributions.Sum(c => (long)(MinutesInYear(year) / c.Spec.IntervalMinutes)));
    }
}
