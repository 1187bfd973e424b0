namespace EcoLedger.Monitoring;

/// <summary>
/// Applies a decided monitoring event to a store; the same code runs when a command executes and when the journal is replayed. A batch
/// of readings recomputes only the window of each series it touched (station × variable × year) that the QC and gap-filling rules can
/// reach from the new readings, then the units those stations represent, then their regions' totals by the exact change of each
/// unit's integer total — so the kept account equals a full recompute (methodology/monitoring.md §4).
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
                    var changes = new SortedDictionary<(string Station, string Variable, int Year), Change>();
                    foreach (var r in a.Readings)
                    {
                        var station = store.FindStation(r.Station) ?? throw new InvalidOperationException($"The journal refers to unknown station '{r.Station}'.");
                        var spec = station.Find(MonitoringRecords.ParseVariable(r.Variable))!;
                        var time = MonitoringRecords.ParseTime(r.Time);
                        int year = AccountClock.YearOf(time, spec.IntervalMinutes);
                        var key = (r.Station, r.Variable, year);
                        if (!changes.TryGetValue(key, out var change))
                        {
                            change = new Change(store.SeriesBounds(r.Station, r.Variable, year), time);
                            changes[key] = change;
                        }
                        if (r.Corrects is long c)
                        {
                            var old = store.FindReading(c) ?? throw new InvalidOperationException($"The journal refers to unknown reading {c}.");
                            change.Count((QcFlags)old.Flags, -1);
                            store.Supersede(old, r.Id);
                        }
                        store.AddReading(new StoredReading(r, time, year, seq));
                        change.Touch(time);
                    }
                    var units = new SortedSet<(string Unit, string Variable, int Year)>();
                    foreach (var ((stationId, variable, year), change) in changes)
                    {
                        var station = store.FindStation(stationId)!;
                        UpdateSeries(store, station, station.Find(MonitoringRecords.ParseVariable(variable))!, year, change);
                        foreach (var u in station.Units)
                        {
                            units.Add((u.UnitId, variable, year));
                        }
                    }
                    UpdateUnits(store, units);
                    break;
                }
            case ReadingsPruned p:
                foreach (var s in p.Series)
                {
                    long removed = store.PruneSeries(s.Station, s.Variable, s.Year, seq);
                    if (removed != s.Readings)
                    {
                        throw new InvalidOperationException($"Journal entry {seq} prunes {s.Readings} readings of {s.Station} {s.Variable} {s.Year}; the table held {removed}.");
                    }
                }
                break;
            default:
                throw new InvalidOperationException($"Unknown monitoring payload {payload.GetType().Name}.");
        }
    }

    /// <summary>
    /// Recomputes the given series whole (every reading's flags, every hour and day, the summary) and everything that depends on them
    /// (units, regions): the full recompute the incremental path must equal.
    /// </summary>
    public static void Recompute(IMonitoringStore store, IEnumerable<(string Station, string Variable, int Year)> series)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(series);
        var units = new SortedSet<(string Unit, string Variable, int Year)>();
        foreach (var (stationId, variable, year) in series)
        {
            var station = store.FindStation(stationId)!;
            var spec = station.Find(MonitoringRecords.ParseVariable(variable))!;
            if (store.Series(stationId, variable, year)?.PrunedSeq is not null)
            {
                continue; // its raw readings are gone: the kept aggregates are the final account
            }
            var rows = store.CurrentReadings(stationId, variable, year, DateTime.MinValue, DateTime.MaxValue);
            var yearDays = Enumerable.Range(0, DateTime.IsLeapYear(year) ? 366 : 365).Select(d => new DateTime(year, 1, 1).AddDays(d)).ToList();
            var summary = new Change(null, default);
            if (rows.Count > 0)
            {
                var first = rows[0].TimeUtc;
                var last = rows[^1].TimeUtc;
                var window = SeriesAccount.ComputeWindow(spec, rows.Select(r => new WindowReading(r.ToReading(), QcFlags.None)).ToList(), first, last,
                    SeriesAccount.DaysBetween(spec, first, last), first, last);
                foreach (var r in rows)
                {
                    var f = window.Flags[r.TimeUtc];
                    summary.Count(f, 1);
                    if ((int)f != r.Flags)
                    {
                        store.SetFlags(r, f);
                    }
                }
                store.ReplaceAggregates(stationId, variable, yearDays, Rows(stationId, variable, window));
                summary.Add(window.Days, 1);
            }
            else
            {
                store.ReplaceAggregates(stationId, variable, yearDays, []);
            }
            store.PutSeries(summary.Summary(stationId, variable, year, null));
            foreach (var u in station.Units)
            {
                units.Add((u.UnitId, variable, year));
            }
        }
        UpdateUnits(store, units);
    }

    private static void UpdateSeries(IMonitoringStore store, Station station, StationVariable spec, int year, Change change)
    {
        string variable = spec.Variable.Name();
        if (store.SeriesBounds(station.Id, variable, year) is not { } bounds)
        {
            return;
        }
        var (first, last) = bounds;
        var qc = spec.Qc;
        var step = TimeSpan.FromMinutes(spec.IntervalMinutes);
        var half = qc.SpikeZ is null ? TimeSpan.Zero : SeriesAccount.SpikeHalf(qc);
        var linear = TimeSpan.FromMinutes(qc.LinearMaxGapMinutes) + step;
        var diurnal = TimeSpan.FromDays(qc.DiurnalWindowDays / 2);
        var oneDay = TimeSpan.FromDays(1);
        // First load what every rule needs except the diurnal window, which only a gap needs; widen when the window reports it.
        var lo = change.From - 2 * half - 3 * step - linear - oneDay;
        var hi = change.To + 2 * half + 3 * step + linear + oneDay;
        while (true)
        {
            var rows = store.CurrentReadings(station.Id, variable, year, lo, hi);
            var readings = rows.Select(r => new WindowReading(r.ToReading(), (QcFlags)r.Flags)).ToList();
            bool leftOpen = lo > first, rightOpen = hi < last; // readings may lie outside what was loaded
            bool widen = false;
            DateTime p0 = change.From, p1 = change.To;
            if (qc.StuckRun is not null)
            {
                // A stuck flag depends on the whole run of identical values it is part of: recheck the runs next to the change.
                int i = readings.FindLastIndex(r => r.Reading.TimeUtc < change.From);
                if (i >= 0)
                {
                    int k = i;
                    while (k > 0 && readings[k - 1].Reading.QcValue == readings[i].Reading.QcValue)
                    {
                        k--;
                    }
                    widen |= k == 0 && leftOpen;
                    p0 = readings[k].Reading.TimeUtc;
                }
                int j = readings.FindIndex(r => r.Reading.TimeUtc > change.To);
                if (j >= 0)
                {
                    int m = j;
                    while (m < readings.Count - 1 && readings[m + 1].Reading.QcValue == readings[j].Reading.QcValue)
                    {
                        m++;
                    }
                    widen |= m == readings.Count - 1 && rightOpen;
                    p1 = readings[m].Reading.TimeUtc;
                }
            }
            // Final flags may change within half a spike window of a changed pre-flag; fills within the linear limit and the diurnal window.
            var f0 = half == TimeSpan.Zero ? p0 : p0 - step - half;
            var f1 = half == TimeSpan.Zero ? p1 : p1 + step + half;
            var days = new SortedSet<DateTime>();
            AddDays(days, spec, Max(first, f0 - linear), Min(last, f1 + linear));
            if (change.Before is not { } before)
            {
                AddDays(days, spec, first, last);
            }
            else
            {
                if (change.To > before.Last)
                {
                    AddDays(days, spec, before.Last, change.To);
                }
                if (change.From < before.First)
                {
                    AddDays(days, spec, change.From, before.First);
                }
            }
            var gapFrom = SeriesAccount.DayOf(f0, spec.IntervalMinutes) - diurnal - oneDay;
            var gapTo = SeriesAccount.DayOf(f1, spec.IntervalMinutes) + diurnal + oneDay;
            foreach (var d in store.DayAggregates(station.Id, variable, gapFrom, gapTo))
            {
                if (d.Start.Year == year && d.FilledSlots + d.UnfilledSlots > 0)
                {
                    days.Add(d.Start); // an earlier gap the mean diurnal course may now fill differently
                }
            }
            var need0 = Min(f0 - half - 2 * step, days.Min - AccountClock.Offset - linear - 2 * step);
            var need1 = Max(f1 + half + 2 * step, days.Max - AccountClock.Offset + oneDay + linear + 2 * step);
            if (widen || (leftOpen && need0 < lo) || (rightOpen && need1 > hi))
            {
                var span = hi - lo;
                lo = Min(lo - (widen ? span : TimeSpan.Zero), need0);
                hi = Max(hi + (widen ? span : TimeSpan.Zero), need1);
                continue;
            }
            var window = SeriesAccount.ComputeWindow(spec, readings, p0, p1, days, first, last, leftOpen ? lo : DateTime.MinValue, rightOpen ? hi : DateTime.MaxValue);
            if (!window.Complete)
            {
                // A gap needs the mean diurnal course: load the whole diurnal window around the days and compute again.
                lo = Min(lo, days.Min - AccountClock.Offset - diurnal - linear - 2 * step);
                hi = Max(hi, days.Max - AccountClock.Offset + oneDay + diurnal + linear + 2 * step);
                continue;
            }
            foreach (var r in rows)
            {
                if (window.Flags.TryGetValue(r.TimeUtc, out var f) && (int)f != r.Flags)
                {
                    change.Count((QcFlags)r.Flags, -1);
                    change.Count(f, 1);
                    store.SetFlags(r, f);
                }
            }
            var old = store.DayAggregates(station.Id, variable, days.Min, days.Max).Where(d => days.Contains(d.Start)).ToList();
            change.Add(old.Select(o => new PeriodAggregate(o.Start, o.Measured, o.Filled, o.Readings, o.Flagged, o.FilledSlots, o.UnfilledSlots, o.DiurnalSlots)), -1);
            change.Add(window.Days, 1);
            store.ReplaceAggregates(station.Id, variable, days, Rows(station.Id, variable, window));
            store.PutSeries(change.Summary(station.Id, variable, year, store.Series(station.Id, variable, year)));
            return;
        }
    }

    private static void AddDays(SortedSet<DateTime> days, StationVariable spec, DateTime fromUtc, DateTime toUtc)
    {
        if (fromUtc <= toUtc)
        {
            days.UnionWith(SeriesAccount.DaysBetween(spec, fromUtc, toUtc));
        }
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static List<AggregateRow> Rows(string station, string variable, SeriesWindow w) =>
        w.Hours.Select(h => Row(station, variable, "hour", h)).Concat(w.Days.Select(d => Row(station, variable, "day", d))).ToList();

    private static void UpdateUnits(IMonitoringStore store, SortedSet<(string Unit, string Variable, int Year)> units)
    {
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
        var summaries = new Dictionary<(string, string, int), SeriesSummary?>();
        foreach (var (unitId, variable, year) in units)
        {
            var v = MonitoringRecords.ParseVariable(variable);
            var contributions = new List<(RepresentedUnit Unit, StationVariable Spec, SeriesSummary Summary)>();
            foreach (var (s, u) in representing[unitId])
            {
                if (s.Find(v) is not { } spec)
                {
                    continue;
                }
                if (!summaries.TryGetValue((s.Id, variable, year), out var summary))
                {
                    summary = store.Series(s.Id, variable, year);
                    summaries[(s.Id, variable, year)] = summary;
                }
                if (summary is not null)
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
        new(station, variable, period, a.Start, a.Measured, a.Filled, a.Readings, a.Flagged, a.FilledSlots, a.UnfilledSlots, a.DiurnalSlots);

    /// <summary>What a batch changed in one series: the time range it touched and the change of the summary's sums.</summary>
    private sealed class Change((DateTime First, DateTime Last)? before, DateTime time)
    {
        private long _total, _filled;
        private int _valid, _linear, _diurnal, _unfilled, _range, _spike, _stuck, _source;

        public (DateTime First, DateTime Last)? Before { get; } = before;

        public DateTime From { get; private set; } = time;

        public DateTime To { get; private set; } = time;

        public void Touch(DateTime t)
        {
            From = t < From ? t : From;
            To = t > To ? t : To;
        }

        public void Count(QcFlags f, int sign)
        {
            _range += (f & QcFlags.Range) != 0 ? sign : 0;
            _spike += (f & QcFlags.Spike) != 0 ? sign : 0;
            _stuck += (f & QcFlags.Stuck) != 0 ? sign : 0;
            _source += (f & QcFlags.Source) != 0 ? sign : 0;
        }

        public void Add(IEnumerable<PeriodAggregate> days, int sign)
        {
            foreach (var d in days)
            {
                _total += sign * d.Total;
                _filled += sign * d.Filled;
                _valid += sign * (d.Readings - d.Flagged);
                _linear += sign * (d.FilledSlots - d.DiurnalSlots);
                _diurnal += sign * d.DiurnalSlots;
                _unfilled += sign * d.UnfilledSlots;
            }
        }

        public SeriesSummary Summary(string station, string variable, int year, SeriesSummary? s) => new(station, variable, year,
            (s?.Total ?? 0) + _total, (s?.Filled ?? 0) + _filled,
            (s?.ValidSlots ?? 0) + _valid + (s?.LinearSlots ?? 0) + _linear + (s?.DiurnalSlots ?? 0) + _diurnal + (s?.UnfilledSlots ?? 0) + _unfilled,
            (s?.ValidSlots ?? 0) + _valid, (s?.LinearSlots ?? 0) + _linear, (s?.DiurnalSlots ?? 0) + _diurnal, (s?.UnfilledSlots ?? 0) + _unfilled,
            (s?.RangeFlags ?? 0) + _range, (s?.SpikeFlags ?? 0) + _spike, (s?.StuckFlags ?? 0) + _stuck, (s?.SourceFlags ?? 0) + _source);
    }
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
