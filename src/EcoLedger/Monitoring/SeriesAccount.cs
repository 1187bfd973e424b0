namespace EcoLedger.Monitoring;

/// <summary>How an interval of the account was obtained.</summary>
public enum SlotSource
{
    /// <summary>A valid reading.</summary>
    Measured,

    /// <summary>Filled by linear interpolation (short gap).</summary>
    Linear,

    /// <summary>Filled by the mean diurnal course (long gap).</summary>
    Diurnal,

    /// <summary>Not filled: no valid reading at that time of day within the diurnal window.</summary>
    Unfilled,
}

/// <summary>One hour or day of a station variable's account, in the variable's integer amount unit.</summary>
/// <param name="Start">Local start (UTC+8) of the period.</param>
/// <param name="Measured">Sum of valid readings' amounts.</param>
/// <param name="Filled">Sum of gap-filled amounts.</param>
/// <param name="Readings">Readings in the period (valid or flagged).</param>
/// <param name="Flagged">Readings excluded by QC.</param>
/// <param name="FilledSlots">Intervals gap-filled.</param>
/// <param name="UnfilledSlots">Intervals missing and not filled.</param>
/// <param name="DiurnalSlots">Of the filled intervals, those filled by the mean diurnal course (the rest are linear).</param>
public sealed record PeriodAggregate(DateTime Start, long Measured, long Filled, int Readings, int Flagged, int FilledSlots, int UnfilledSlots, int DiurnalSlots)
{
    /// <summary>Measured plus filled.</summary>
    public long Total => Measured + Filled;
}

/// <summary>The account of one station variable in one year, computed from the set of its current readings.</summary>
/// <param name="Flags">QC flags of each reading, by UTC end time (only flagged readings appear).</param>
/// <param name="Hours">Hourly aggregates, by local start.</param>
/// <param name="Days">Daily aggregates, by local start.</param>
/// <param name="Slots">Intervals from the first to the last reading of the year.</param>
/// <param name="ValidSlots">Intervals with a valid reading.</param>
/// <param name="LinearSlots">Intervals filled linearly.</param>
/// <param name="DiurnalSlots">Intervals filled by the mean diurnal course.</param>
/// <param name="UnfilledSlots">Intervals left unfilled.</param>
public sealed record SeriesResult(IReadOnlyDictionary<DateTime, QcFlags> Flags, IReadOnlyList<PeriodAggregate> Hours, IReadOnlyList<PeriodAggregate> Days,
    int Slots, int ValidSlots, int LinearSlots, int DiurnalSlots, int UnfilledSlots)
{
    /// <summary>Year-to-date amount (measured + filled).</summary>
    public long Total => Days.Sum(d => d.Total);

    /// <summary>Year-to-date filled amount.</summary>
    public long FilledTotal => Days.Sum(d => d.Filled);

    /// <summary>Number of readings per QC flag.</summary>
    public int Count(QcFlags flag) => Flags.Values.Count(f => (f & flag) != 0);
}

/// <summary>A reading of a window with the flags stored for it (used for readings whose flags the window does not recheck).</summary>
/// <param name="Reading">The reading.</param>
/// <param name="Stored">Its stored QC flags.</param>
public readonly record struct WindowReading(Reading Reading, QcFlags Stored);

/// <summary>What a window recomputed: the flags of the rechecked readings (every one, also unflagged) and the aggregates of the days asked for.</summary>
/// <param name="Flags">Flags of every reading in the recheck range, by UTC end time.</param>
/// <param name="Hours">Hourly aggregates of the days asked for.</param>
/// <param name="Days">Daily aggregates of the days asked for.</param>
/// <param name="Complete">False when a gap needed the mean diurnal course at a time outside the loaded readings: load more and compute again.</param>
public sealed record SeriesWindow(IReadOnlyDictionary<DateTime, QcFlags> Flags, IReadOnlyList<PeriodAggregate> Hours, IReadOnlyList<PeriodAggregate> Days,
    bool Complete = true);

/// <summary>
/// Quality control, gap filling and aggregation of one station variable over one account year. A pure function of the set of
/// current readings, so any batching or arrival order gives the same result, and a full recompute equals the incremental one.
/// </summary>
/// <remarks>
/// Tests (methodology/monitoring.md §2): physical range; stuck sensor (a run of at least n identical values); spike after
/// Papale et al. (2006): d_i = (x_i − x_{i−1}) − (x_{i+1} − x_i) over consecutive intervals, flagged when outside
/// Md ± z·MAD/0.6745 of the d in a centred moving window. Gap filling (§3): linear between the neighbouring valid readings for gaps up
/// to the configured length, else the mean of valid readings at the same local time of day within the diurnal window (mean diurnal
/// variation, Falge et al. 2001). Marginal distribution sampling (Reichstein et al. 2005) is not implemented.
/// Every rule looks a bounded distance away (a stuck run, the spike window, the linear limit, the diurnal window), so a batch of new
/// readings changes only a window of the series: <see cref="ComputeWindow"/> recomputes that window (§4 "Incremental").
/// </remarks>
public static class SeriesAccount
{
    /// <summary>The integer amount of one interval per unit of QC value (µg CO₂ ha⁻¹ per µmol m⁻² s⁻¹ over the interval, or µm per mm).</summary>
    public static decimal AmountPerQcValue(MonitoredVariable v, int intervalMinutes) =>
        v == MonitoredVariable.Nee ? ReadingUnits.NeeMicrogramsPerHectareSecond * intervalMinutes * 60 : 1000m;

    /// <summary>Computes the account of <paramref name="readings"/> (one per interval end, all of one station variable and account year).</summary>
    public static SeriesResult Compute(StationVariable spec, IEnumerable<Reading> readings)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var rs = readings.OrderBy(r => r.TimeUtc).Select(r => new WindowReading(r, QcFlags.None)).ToArray();
        if (rs.Length == 0)
        {
            return new SeriesResult(new Dictionary<DateTime, QcFlags>(), [], [], 0, 0, 0, 0, 0);
        }
        var first = rs[0].Reading.TimeUtc;
        var last = rs[^1].Reading.TimeUtc;
        var w = ComputeWindow(spec, rs, first, last, DaysBetween(spec, first, last), first, last);
        var flags = w.Flags.Where(f => f.Value != QcFlags.None).ToDictionary(f => f.Key, f => f.Value);
        int valid = w.Days.Sum(d => d.Readings - d.Flagged), diurnal = w.Days.Sum(d => d.DiurnalSlots);
        int filled = w.Days.Sum(d => d.FilledSlots), unfilled = w.Days.Sum(d => d.UnfilledSlots);
        return new SeriesResult(flags, w.Hours, w.Days, valid + filled + unfilled, valid, filled - diurnal, diurnal, unfilled);
    }

    /// <summary>The local day (UTC+8 start) an interval ending at <paramref name="endUtc"/> belongs to.</summary>
    public static DateTime DayOf(DateTime endUtc, int intervalMinutes) => AccountClock.Local(endUtc.AddMinutes(-intervalMinutes)).Date;

    /// <summary>The local days from the day of <paramref name="fromUtc"/> to the day of <paramref name="toUtc"/> (interval ends).</summary>
    public static IReadOnlyList<DateTime> DaysBetween(StationVariable spec, DateTime fromUtc, DateTime toUtc)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var days = new List<DateTime>();
        for (var d = DayOf(fromUtc, spec.IntervalMinutes); d <= DayOf(toUtc, spec.IntervalMinutes); d = d.AddDays(1))
        {
            days.Add(d);
        }
        return days;
    }

    /// <summary>
    /// Recomputes part of a series: the flags of the readings in [<paramref name="recheckFrom"/>, <paramref name="recheckTo"/>] widened by
    /// the spike window, and the aggregates of <paramref name="days"/>. The caller loads enough readings around them (the spike window,
    /// the linear limit and the diurnal window, whole stuck runs); readings outside the recheck range keep their stored flags, which are
    /// what a full computation gives for them because nothing they depend on changed.
    /// </summary>
    /// <param name="spec">The station variable.</param>
    /// <param name="readings">Current readings of the window, in time order, with their stored flags.</param>
    /// <param name="recheckFrom">First time whose range, source and stuck flags are recomputed.</param>
    /// <param name="recheckTo">Last such time.</param>
    /// <param name="days">Local days to aggregate.</param>
    /// <param name="first">The series' first reading (slots start here).</param>
    /// <param name="last">The series' last reading.</param>
    /// <param name="loadedFrom">Readings before this time were not loaded (<see cref="DateTime.MinValue"/>: all were).</param>
    /// <param name="loadedTo">Readings after this time were not loaded.</param>
    public static SeriesWindow ComputeWindow(StationVariable spec, IReadOnlyList<WindowReading> readings, DateTime recheckFrom, DateTime recheckTo,
        IEnumerable<DateTime> days, DateTime first, DateTime last, DateTime loadedFrom = default, DateTime? loadedTo = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(days);
        var qc = spec.Qc;
        var step = TimeSpan.FromMinutes(spec.IntervalMinutes);
        int n = readings.Count;
        var rs = new Reading[n];
        var pre = new QcFlags[n];
        for (int i = 0; i < n; i++)
        {
            rs[i] = readings[i].Reading;
        }
        var computed = new QcFlags[n];
        for (int i = 0; i < n; i++)
        {
            if (rs[i].QcValue < qc.RangeMin || rs[i].QcValue > qc.RangeMax)
            {
                computed[i] |= QcFlags.Range;
            }
            if (rs[i].SourceRejected)
            {
                computed[i] |= QcFlags.Source;
            }
        }
        if (qc.StuckRun is int run)
        {
            FlagStuck(rs, computed, run);
        }
        const QcFlags PreFlags = QcFlags.Range | QcFlags.Source | QcFlags.Stuck;
        for (int i = 0; i < n; i++)
        {
            var t = rs[i].TimeUtc;
            pre[i] = t >= recheckFrom && t <= recheckTo ? computed[i] : readings[i].Stored & PreFlags;
        }
        // The spike test of a reading depends on the pre-flags within half a window of it: recheck that much further.
        var spikeHalf = qc.SpikeZ is null ? TimeSpan.Zero : SpikeHalf(qc);
        var finalFrom = qc.SpikeZ is null ? recheckFrom : recheckFrom - step - spikeHalf;
        var finalTo = qc.SpikeZ is null ? recheckTo : recheckTo + step + spikeHalf;
        var spikes = new bool[n];
        if (qc.SpikeZ is decimal z)
        {
            FlagSpikes(rs, pre, spikes, z, spec.IntervalMinutes, qc.SpikeWindowDays, finalFrom, finalTo);
        }
        var flags = new Dictionary<DateTime, QcFlags>();
        var valid = new Dictionary<DateTime, decimal>(n);
        var byTime = new Dictionary<DateTime, bool>(n);
        var amounts = new Dictionary<DateTime, long>(n);
        for (int i = 0; i < n; i++)
        {
            var t = rs[i].TimeUtc;
            QcFlags f;
            if (t >= finalFrom && t <= finalTo)
            {
                f = pre[i] | (spikes[i] ? QcFlags.Spike : QcFlags.None);
                flags[t] = f;
            }
            else
            {
                f = readings[i].Stored;
            }
            byTime[t] = f == QcFlags.None;
            if (f == QcFlags.None)
            {
                valid[t] = rs[i].QcValue;
                amounts[t] = rs[i].Amount;
            }
        }
        var hours = new SortedDictionary<DateTime, Acc>();
        var dayAccs = new SortedDictionary<DateTime, Acc>();
        decimal k = AmountPerQcValue(spec.Variable, spec.IntervalMinutes);
        long stepMinutes = spec.IntervalMinutes;
        var loaded = (From: loadedFrom, To: loadedTo ?? DateTime.MaxValue);
        bool complete = true;
        foreach (var day in days.Distinct().Order())
        {
            // Slots whose interval starts on this local day, on the station's grid (whole minutes divisible by the interval), within the series.
            var dayStartUtc = day - AccountClock.Offset;
            var from = Grid(dayStartUtc + step, stepMinutes);
            if (from < first)
            {
                from = first;
            }
            var to = dayStartUtc.AddDays(1) + step;
            for (var t = from; t < to && t <= last; t += step)
            {
                var start = AccountClock.Local(t - step);
                var h = Get(hours, new DateTime(start.Year, start.Month, start.Day, start.Hour, 0, 0, start.Kind));
                var d = Get(dayAccs, start.Date);
                bool present = byTime.TryGetValue(t, out bool isValid);
                if (present)
                {
                    h.Readings++;
                    d.Readings++;
                }
                if (present && isValid)
                {
                    h.Measured += amounts[t];
                    d.Measured += amounts[t];
                    continue;
                }
                if (present)
                {
                    h.Flagged++;
                    d.Flagged++;
                }
                var (source, value) = Fill(t, valid, step, qc, first, last, loaded, ref complete);
                if (source == SlotSource.Unfilled)
                {
                    h.Unfilled++;
                    d.Unfilled++;
                    continue;
                }
                if (source == SlotSource.Diurnal)
                {
                    h.Diurnal++;
                    d.Diurnal++;
                }
                long filled = (long)decimal.Round(value * k, 0, MidpointRounding.AwayFromZero);
                h.Filled += filled;
                d.Filled += filled;
                h.FilledSlots++;
                d.FilledSlots++;
            }
        }
        return new SeriesWindow(flags, hours.Select(x => x.Value.ToAggregate(x.Key)).ToList(), dayAccs.Select(x => x.Value.ToAggregate(x.Key)).ToList(), complete);
    }

    /// <summary>Half the spike window.</summary>
    public static TimeSpan SpikeHalf(QcSettings qc)
    {
        ArgumentNullException.ThrowIfNull(qc);
        return TimeSpan.FromDays(qc.SpikeWindowDays / 2d);
    }

    private static DateTime Grid(DateTime t, long stepMinutes)
    {
        long minutes = (t.Ticks + TimeSpan.TicksPerMinute - 1) / TimeSpan.TicksPerMinute;
        long rounded = (minutes + stepMinutes - 1) / stepMinutes * stepMinutes;
        return new DateTime(rounded * TimeSpan.TicksPerMinute, t.Kind);
    }

    private static (SlotSource, decimal) Fill(DateTime t, Dictionary<DateTime, decimal> valid, TimeSpan step, QcSettings qc, DateTime first, DateTime last,
        (DateTime From, DateTime To) loaded, ref bool complete)
    {
        // The previous valid reading, if close enough for the next one to lie within the linear limit of it (b ≤ a + limit + step, b > t).
        var linear = TimeSpan.FromMinutes(qc.LinearMaxGapMinutes);
        for (var a = t - step; a > t - linear - step; a -= step)
        {
            if (!valid.TryGetValue(a, out var va))
            {
                continue;
            }
            var limit = a + linear + step;
            for (var b = t + step; b <= last && b <= limit; b += step)
            {
                if (valid.TryGetValue(b, out var vb))
                {
                    decimal f = (decimal)((t - a).Ticks / step.Ticks) / ((b - a).Ticks / step.Ticks);
                    return (SlotSource.Linear, va + (vb - va) * f);
                }
            }
            break;
        }
        int half = qc.DiurnalWindowDays / 2;
        decimal sum = 0m;
        int count = 0;
        for (int day = -half; day <= half; day++)
        {
            var at = t.AddDays(day);
            if (day != 0 && at >= first && at <= last && (at < loaded.From || at > loaded.To))
            {
                complete = false; // not loaded: the caller widens the window
            }
            if (day != 0 && valid.TryGetValue(at, out var v))
            {
                sum += v;
                count++;
            }
        }
        return count == 0 ? (SlotSource.Unfilled, 0m) : (SlotSource.Diurnal, sum / count);
    }

    private static void FlagStuck(Reading[] rs, QcFlags[] flags, int n)
    {
        int runStart = 0;
        for (int i = 1; i <= rs.Length; i++)
        {
            if (i < rs.Length && rs[i].QcValue == rs[runStart].QcValue)
            {
                continue;
            }
            if (i - runStart >= n)
            {
                for (int j = runStart; j < i; j++)
                {
                    flags[j] |= QcFlags.Stuck;
                }
            }
            runStart = i;
        }
    }

    private static void FlagSpikes(Reading[] rs, QcFlags[] pre, bool[] spikes, decimal z, int intervalMinutes, int windowDays, DateTime from, DateTime to)
    {
        // Double differences over consecutive intervals of readings that passed range, source and stuck tests. The statistic is a
        // threshold test, so it runs in double precision: the readings are taken in time order, so the result is the same for any arrival order.
        var step = TimeSpan.FromMinutes(intervalMinutes);
        var idx = new List<int>();
        var times = new List<DateTime>();
        var dd = new List<double>();
        for (int i = 1; i + 1 < rs.Length; i++)
        {
            if (pre[i - 1] != QcFlags.None || pre[i] != QcFlags.None || pre[i + 1] != QcFlags.None
                || rs[i].TimeUtc - rs[i - 1].TimeUtc != step || rs[i + 1].TimeUtc - rs[i].TimeUtc != step)
            {
                continue;
            }
            idx.Add(i);
            times.Add(rs[i].TimeUtc);
            dd.Add((double)((rs[i].QcValue - rs[i - 1].QcValue) - (rs[i + 1].QcValue - rs[i].QcValue)));
        }
        var half = TimeSpan.FromDays(windowDays / 2d);
        double zz = (double)z;
        int lo = 0, hi = 0;
        var window = new List<double>(); // the centred window, kept sorted as it slides
        var deviations = new double[dd.Count];
        for (int j = 0; j < dd.Count; j++)
        {
            while (hi < dd.Count && times[hi] <= times[j] + half)
            {
                int at = window.BinarySearch(dd[hi]);
                window.Insert(at < 0 ? ~at : at, dd[hi]);
                hi++;
            }
            while (times[lo] < times[j] - half)
            {
                window.RemoveAt(window.BinarySearch(dd[lo]));
                lo++;
            }
            if (times[j] < from || times[j] > to)
            {
                continue; // outside the rechecked range: its stored flag stands
            }
            int n = window.Count;
            double md = n % 2 == 1 ? window[n / 2] : (window[n / 2 - 1] + window[n / 2]) / 2;
            for (int w = 0; w < n; w++)
            {
                deviations[w] = Math.Abs(window[w] - md);
            }
            Array.Sort(deviations, 0, n);
            double mad = n % 2 == 1 ? deviations[n / 2] : (deviations[n / 2 - 1] + deviations[n / 2]) / 2;
            double bound = zz * mad / 0.6745;
            if (dd[j] < md - bound || dd[j] > md + bound)
            {
                spikes[idx[j]] = true;
            }
        }
    }

    private static Acc Get(SortedDictionary<DateTime, Acc> map, DateTime key)
    {
        if (!map.TryGetValue(key, out var acc))
        {
            acc = new Acc();
            map[key] = acc;
        }
        return acc;
    }

    private sealed class Acc
    {
        public long Measured;
        public long Filled;
        public int Readings;
        public int Flagged;
        public int FilledSlots;
        public int Unfilled;
        public int Diurnal;

        public PeriodAggregate ToAggregate(DateTime start) => new(start, Measured, Filled, Readings, Flagged, FilledSlots, Unfilled, Diurnal);
    }
}
