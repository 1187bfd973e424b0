using System.Globalization;
using EcoLedger.Ledger;

namespace EcoLedger.Monitoring;

/// <summary>
/// Decides monitoring commands (pure: an event or a refusal). Stations are registered by the registry or a verification body; a batch
/// of readings is checked reading by reading against its station (known station and variable, a known unit, a time on the station's
/// interval grid) and every problem is reported at once. A repeat of a stored reading is skipped; a different value for the same
/// station, variable and time is a correction that names the reading it corrects (which stays, append-only).
/// </summary>
public sealed class MonitoringEngine(IMonitoringStore store)
{
    private const int MaxProblems = 20;

    /// <summary>Decides a monitoring command for <paramref name="actor"/>.</summary>
    public PendingEvent Decide(Actor actor, IMonitoringCommand command)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return command switch
        {
            RegisterStations c => Register(actor, c),
            IngestReadings c => Ingest(actor, c),
            PruneReadings c => Prune(actor, c),
            _ => throw new ArgumentException($"Unknown monitoring command {command?.GetType().Name}.", nameof(command)),
        };
    }

    private PendingEvent Register(Actor actor, RegisterStations c)
    {
        actor.Require("register monitoring stations", Role.Registry, Role.Verifier);
        var problems = new List<string>();
        var records = new List<StationRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in c.Stations)
        {
            string at = $"{c.Source}, station '{s.Id}'";
            if (!Identifiers.IsValid(s.Id))
            {
                problems.Add($"{at}, field 'station_id': expected 1 to 40 ASCII letters, digits or underscores.");
                continue;
            }
            if (!seen.Add(s.Id))
            {
                problems.Add($"{at}: the station appears twice.");
                continue;
            }
            int before = problems.Count;
            Validate(s, at, problems);
            if (problems.Count > before)
            {
                continue;
            }
            var record = MonitoringRecords.ToRecord(s);
            if (store.FindStation(s.Id) is { } existing)
            {
                if (Journal.WritePayload(MonitoringRecords.ToRecord(existing)) != Journal.WritePayload(record))
                {
                    problems.Add($"{at}: the station is already registered with another definition; register a new station id for a moved or re-equipped station.");
                }
                continue;
            }
            records.Add(record);
        }
        Refuse(problems);
        return new PendingEvent(MonitoringEventKinds.StationsRegistered, actor.Id, new StationsRegistered(c.Source, records));
    }

    private static void Validate(Station s, string at, List<string> problems)
    {
        if (s.Longitude is < -180m or > 180m || s.Latitude is < -90m or > 90m)
        {
            problems.Add($"{at}, field 'lon'/'lat': expected degrees within ±180/±90; got {s.Longitude.ToString(CultureInfo.InvariantCulture)}, {s.Latitude.ToString(CultureInfo.InvariantCulture)}.");
        }
        if (s.Variables.Count == 0)
        {
            problems.Add($"{at}: the station measures no variable.");
        }
        if (s.Variables.Select(v => v.Variable).Distinct().Count() != s.Variables.Count)
        {
            problems.Add($"{at}: a variable is listed twice.");
        }
        foreach (var v in s.Variables)
        {
            string vat = $"{at}, variable '{v.Variable.Name()}'";
            if (ReadingUnits.Canonical(v.Variable, v.Unit) is null)
            {
                problems.Add($"{vat}, field 'unit': expected {ReadingUnits.Accepted(v.Variable)}; got '{v.Unit}'.");
            }
            if (v.IntervalMinutes is < 1 or > 60 || 1440 % v.IntervalMinutes != 0)
            {
                problems.Add($"{vat}, field 'interval_min': expected a divisor of 1,440 from 1 to 60 minutes; got {v.IntervalMinutes}.");
            }
            if (v.Qc.RangeMin >= v.Qc.RangeMax)
            {
                problems.Add($"{vat}, field 'range_min': expected a value below range_max.");
            }
            if (v.Qc.SpikeZ is <= 0m || v.Qc.SpikeWindowDays < 1)
            {
                problems.Add($"{vat}, field 'spike_z': expected a threshold above 0 and a window of at least 1 day.");
            }
            if (v.Qc.StuckRun is < 2)
            {
                problems.Add($"{vat}, field 'stuck_n': expected at least 2 identical values.");
            }
            if (v.Qc.LinearMaxGapMinutes < 0 || v.Qc.DiurnalWindowDays < 2)
            {
                problems.Add($"{vat}, field 'linear_max_gap_min'/'diurnal_window_days': expected at least 0 minutes and 2 days.");
            }
        }
        var units = new HashSet<string>(StringComparer.Ordinal);
        foreach (var u in s.Units)
        {
            if (!units.Add(u.UnitId))
            {
                problems.Add($"{at}, field 'units': unit '{u.UnitId}' appears twice.");
            }
            if (u.Weight is <= 0m or > 1m)
            {
                problems.Add($"{at}, field 'units': the weight of unit '{u.UnitId}' must be above 0 and at most 1; got {u.Weight.ToString(CultureInfo.InvariantCulture)}.");
            }
            if (u.AreaHa <= 0m)
            {
                problems.Add($"{at}, field 'units': unit '{u.UnitId}' has no area.");
            }
        }
    }

    private PendingEvent Ingest(Actor actor, IngestReadings c)
    {
        actor.Require("ingest monitoring readings", Role.Registry, Role.Verifier);
        var problems = new List<string>();
        var accepted = new List<(ReadingInput Input, Series Series, DateTime Utc, ConvertedValue Converted)>(c.Readings.Count);
        // Per station variable of the batch: its time range (the stored readings it could repeat or correct are read once per range),
        // the pruned years, and the readings by time. Looked up once per reading by (station, variable); the rest is keyed by time.
        var series = new Dictionary<(string, string), Series>();
        Series? last = null;
        foreach (var r in c.Readings)
        {
            var station = store.FindStation(r.Station);
            if (station is null)
            {
                problems.Add($"{r.Location}, field 'station': station '{r.Station}' is not registered (monitor stations import).");
                continue;
            }
            if (!MonitoredVariables.TryParse(r.Variable, out var variable) || station.Find(variable) is not { } spec)
            {
                problems.Add($"{r.Location}, field 'variable': station '{r.Station}' measures {string.Join(", ", station.Variables.Select(v => v.Variable.Name()))}; got '{r.Variable}'.");
                continue;
            }
            var converted = ReadingUnits.Convert(variable, r.Unit, r.Value, spec.IntervalMinutes * 60, out var error);
            if (converted is not { } cv)
            {
                problems.Add($"{r.Location}, field 'unit': {error}");
                continue;
            }
            var utc = r.Time.UtcDateTime;
            if (utc.Ticks % TimeSpan.TicksPerMinute != 0 || (utc.Ticks / TimeSpan.TicksPerMinute) % spec.IntervalMinutes != 0)
            {
                problems.Add($"{r.Location}, field 'time': expected the end of a {spec.IntervalMinutes}-minute interval of station '{r.Station}' " +
                    $"(whole minutes divisible by {spec.IntervalMinutes}); got {r.Time:yyyy-MM-dd'T'HH:mm:ssK}.");
                continue;
            }
            string name = variable.Name();
            // Readings of one station variable usually come in runs: the last series saves the lookup.
            if (last is null || !string.Equals(last.Station, r.Station, StringComparison.Ordinal) || !string.Equals(last.Variable, name, StringComparison.Ordinal))
            {
                if (!series.TryGetValue((r.Station, name), out last))
                {
                    series[(r.Station, name)] = last = new Series(r.Station, name, utc);
                }
            }
            int year = AccountClock.YearOf(utc, spec.IntervalMinutes);
            if (!last.Pruned.TryGetValue(year, out var prunedSeq))
            {
                prunedSeq = store.Series(r.Station, name, year)?.PrunedSeq;
                last.Pruned[year] = prunedSeq;
            }
            if (prunedSeq is long seq)
            {
                problems.Add($"{r.Location}, field 'time': the raw readings of station '{r.Station}' {name} for account year {year} were pruned " +
                    $"(journal entry {seq}); that year's account is final.");
                continue;
            }
            accepted.Add((r, last, utc, cv));
            last.From = utc < last.From ? utc : last.From;
            last.To = utc > last.To ? utc : last.To;
        }
        Refuse(problems);
        foreach (var s in series.Values)
        {
            foreach (var stored in store.CurrentBetween(s.Station, s.Variable, s.From, s.To))
            {
                s.Stored[stored.TimeUtc] = stored;
            }
        }
        var records = new List<ReadingRecord>(accepted.Count);
        long next = store.LastReadingId();
        int repeats = 0;
        foreach (var (r, s, utc, cv) in accepted)
        {
            string value = MonitoringRecords.Text(r.Value);
            string? quality = string.IsNullOrWhiteSpace(r.Quality) ? null : r.Quality.Trim();
            long? corrects = null;
            if (s.Batch.TryGetValue(utc, out var inBatch))
            {
                if (Same(inBatch.Value, inBatch.Unit, inBatch.Quality, value, r.Unit, quality))
                {
                    repeats++;
                    continue;
                }
                corrects = inBatch.Id;
            }
            else if (s.Stored.Count > 0 && s.Stored.TryGetValue(utc, out var old))
            {
                if (Same(old.Value, old.Unit, old.Quality, value, r.Unit, quality))
                {
                    repeats++;
                    continue;
                }
                corrects = old.Id;
            }
            var record = new ReadingRecord(++next, r.Station, s.Variable, MonitoringRecords.Time(utc), (int)r.Time.Offset.TotalMinutes, value, r.Unit.Trim(),
                quality, MonitoringRecords.Text(cv.QcValue), cv.Amount, corrects);
            records.Add(record);
            s.Batch[utc] = record;
        }
        return new PendingEvent(MonitoringEventKinds.ReadingsAccepted, actor.Id, new ReadingsAccepted(c.Source, records, repeats));
    }

    /// <summary>One station variable of a batch being decided.</summary>
    private sealed class Series(string station, string variable, DateTime time)
    {
        public string Station { get; } = station;

        public string Variable { get; } = variable;

        public DateTime From { get; set; } = time;

        public DateTime To { get; set; } = time;

        public Dictionary<int, long?> Pruned { get; } = [];

        public Dictionary<DateTime, StoredReading> Stored { get; } = [];

        public Dictionary<DateTime, ReadingRecord> Batch { get; } = [];
    }

    private PendingEvent Prune(Actor actor, PruneReadings c)
    {
        actor.Require("prune monitoring readings", Role.Registry, Role.Verifier);
        if (c.KeepYears < 1)
        {
            throw new LedgerException($"Field 'keep_years': expected at least 1 account year of raw readings to keep (the as-of year); got {c.KeepYears}. Nothing was written.");
        }
        int latest = store.LatestYear() ?? throw new LedgerException("No readings have been ingested yet; nothing to prune.");
        int asOf = c.AsOfYear ?? latest;
        if (asOf > latest)
        {
            throw new LedgerException($"Field 'as_of_year': expected a year with readings, at most {latest}; got {asOf}. Nothing was written.");
        }
        int through = asOf - c.KeepYears;
        var series = store.SeriesWithReadingsThrough(through);
        if (series.Count == 0)
        {
            throw new LedgerException($"No raw readings of account year {through} or earlier are stored; nothing to prune.");
        }
        return new PendingEvent(MonitoringEventKinds.ReadingsPruned, actor.Id, new ReadingsPruned(c.KeepYears, asOf, through, series));
    }

    private static bool Same(string v1, string u1, string? q1, string v2, string u2, string? q2) =>
        MonitoringRecords.Dec(v1) == MonitoringRecords.Dec(v2) && string.Equals(u1.Trim(), u2.Trim(), StringComparison.Ordinal) && q1 == q2;

    private static void Refuse(List<string> problems)
    {
        if (problems.Count == 0)
        {
            return;
        }
        var shown = problems.Take(MaxProblems).ToList();
        if (problems.Count > MaxProblems)
        {
            shown.Add($"… and {problems.Count - MaxProblems} more problems.");
        }
        throw new LedgerException(string.Join(Environment.NewLine, shown) + Environment.NewLine + "Nothing was written.");
    }
}
