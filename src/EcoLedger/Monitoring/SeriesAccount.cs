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
public sealed record PeriodAggregate(DateTime Start, long Measured, long Filled, int Readings, int Flagged, int FilledSlots, int UnfilledSlots)
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
        var qc = spec.Qc;
        var rs = readings.OrderBy(r => r.TimeUtc).ToArray();
        var flags = new QcFlags[rs.Length];
        for (int i = 0; i < rs.Length; i++)
        {
            if (rs[i].QcValue < qc.RangeMin || rs[i].QcValue > qc.RangeMax)
            {
                flags[i] |= QcFlags.Range;
            }
            if (rs[i].SourceRejected)
            {
                flags[i] |= QcFlags.Source;
            }
        }
        if (qc.StuckRun is int n)
        {
            FlagStuck(rs, flags, n);
        }
        if (qc.SpikeZ is decimal z)
        {
            FlagSpikes(rs, flags, z, spec.IntervalMinutes, qc.SpikeWindowDays);
        }
        var step = TimeSpan.FromMinutes(spec.IntervalMinutes);
        var result = new Dictionary<DateTime, QcFlags>();
        var valid = new Dictionary<DateTime, decimal>();
        var validAmount = new Dictionary<DateTime, long>();
        for (int i = 0; i < rs.Length; i++)
        {
            if (flags[i] != QcFlags.None)
            {
                result[rs[i].TimeUtc] = flags[i];
            }
            else
            {
                valid[rs[i].TimeUtc] = rs[i].QcValue;
                validAmount[rs[i].TimeUtc] = rs[i].Amount;
            }
        }
        var hours = new SortedDictionary<DateTime, Acc>();
        var days = new SortedDictionary<DateTime, Acc>();
        int slots = 0, validSlots = 0, linear = 0, diurnal = 0, unfilled = 0;
        if (rs.Length > 0)
        {
            decimal k = AmountPerQcValue(spec.Variable, spec.IntervalMinutes);
            var byReading = rs.ToDictionary(r => r.TimeUtc, r => r);
            var first = rs[0].TimeUtc;
            var last = rs[^1].TimeUtc;
            DateTime? prevValid = null;
            for (var t = first; t <= last; t += step)
            {
                slots++;
                var start = AccountClock.Local(t - step);
                var h = Get(hours, new DateTime(start.Year, start.Month, start.Day, start.Hour, 0, 0, start.Kind));
                var d = Get(days, start.Date);
                if (byReading.ContainsKey(t))
                {
                    h.Readings++;
                    d.Readings++;
                }
                if (validAmount.TryGetValue(t, out long amount))
                {
                    validSlots++;
                    h.Measured += amount;
                    d.Measured += amount;
                    prevValid = t;
                    continue;
                }
                if (byReading.ContainsKey(t))
                {
                    h.Flagged++;
                    d.Flagged++;
                }
                var (source, value) = Fill(t, prevValid, valid, step, qc, last);
                if (source == SlotSource.Unfilled)
                {
                    unfilled++;
                    h.Unfilled++;
                    d.Unfilled++;
                    continue;
                }
                if (source == SlotSource.Linear)
                {
                    linear++;
                }
                else
                {
                    diurnal++;
                }
                long filled = (long)decimal.Round(value * k, 0, MidpointRounding.AwayFromZero);
                h.Filled += filled;
                d.Filled += filled;
                h.FilledSlots++;
                d.FilledSlots++;
            }
        }
        return new SeriesResult(result, hours.Select(x => x.Value.ToAggregate(x.Key)).ToList(), days.Select(x => x.Value.ToAggregate(x.Key)).ToList(),
            slots, validSlots, linear, diurnal, unfilled);
    }

    private static (SlotSource, decimal) Fill(DateTime t, DateTime? prevValid, Dictionary<DateTime, decimal> valid, TimeSpan step, QcSettings qc, DateTime last)
    {
        if (prevValid is { } a)
        {
            // The next valid reading within the linear limit, if any.
            var limit = a + TimeSpan.FromMinutes(qc.LinearMaxGapMinutes) + step;
            for (var b = t + step; b <= last && b <= limit; b += step)
            {
                if (valid.TryGetValue(b, out var vb))
                {
                    decimal va = valid[a];
                    decimal f = (decimal)((t - a).Ticks / step.Ticks) / ((b - a).Ticks / step.Ticks);
                    return (SlotSource.Linear, va + (vb - va) * f);
                }
            }
        }
        int half = qc.DiurnalWindowDays / 2;
        decimal sum = 0m;
        int count = 0;
        for (int day = -half; day <= half; day++)
        {
            if (day != 0 && valid.TryGetValue(t.AddDays(day), out var v))
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

    private static void FlagSpikes(Reading[] rs, QcFlags[] flags, decimal z, int intervalMinutes, int windowDays)
    {
        // Double differences over consecutive intervals of readings that passed range, source and stuck tests. The statistic is a
        // threshold test, so it runs in double precision: the readings are taken in time order, so the result is the same for any arrival order.
        var step = TimeSpan.FromMinutes(intervalMinutes);
        var idx = new List<int>();
        var times = new List<DateTime>();
        var dd = new List<double>();
        for (int i = 1; i + 1 < rs.Length; i++)
        {
            if (flags[i - 1] != QcFlags.None || flags[i] != QcFlags.None || flags[i + 1] != QcFlags.None
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
                flags[idx[j]] |= QcFlags.Spike;
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

        public PeriodAggregate ToAggregate(DateTime start) => new(start, Measured, Filled, Readings, Flagged, FilledSlots, Unfilled);
    }
}
