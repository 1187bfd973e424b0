using System.Globalization;
using EcoLedger.IO;
using EcoLedger.Ledger;
using EcoLedger.Valuation.Files;

namespace EcoLedger.Monitoring;

/// <summary>
/// Decides monitoring commands (pure: an event or a refusal). Stations are registered by the registry or a verification body (a station
/// registered before with the same definition is skipped, a file of such stations only is journaled as nothing, another definition is
/// refused); a batch of readings is checked reading by reading against its station (known station and variable, a known unit, a time
/// on the station's interval grid) and every problem is reported at once. A repeat of a stored reading is skipped (a batch of repeats
/// only changes nothing and is journaled as nothing: <see cref="PendingEvent.Unchanged"/>); a different value for the same station,
/// variable and time is a correction that names the reading it corrects (which stays, append-only). A reading time must lie between
/// the start of <see cref="GepRun.MinYear"/> and the moment of ingest (from <paramref name="clock"/>, the command runner's) plus
/// <see cref="ClockSkew"/>.
/// </summary>
public sealed class MonitoringEngine(IMonitoringStore store, TimeProvider? clock = null)
{
    private const int MaxProblems = 20;

    /// <summary>How far past the moment of ingest a reading's time may lie: a logger's clock running ahead (one day).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromDays(1);

    /// <summary>The earliest reading time accepted: the start of the first accounting year (<see cref="GepRun.MinYear"/>), UTC.</summary>
    public static readonly DateTimeOffset EarliestTime = new(GepRun.MinYear, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The sender quality codes accepted (methodology/monitoring.md §2): empty is a good reading, these two reject it.</summary>
    public static readonly IReadOnlyList<string> QualityCodes = ["bad", "invalid"];

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

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
        var problems = new List<InputProblem>();
        var records = new List<StationRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in c.Stations)
        {
            string at = $"station '{s.Id}'";
            if (!seen.Add(s.Id))
            {
                problems.Add(new InputProblem(c.Source, at, null, "the station appears twice."));
                continue;
            }
            int before = problems.Count;
            Validate(s, c.Source, at, i => $"{at}, variable '{s.Variables[i].Variable.Name()}'", problems);
            if (problems.Count > before)
            {
                continue;
            }
            var record = MonitoringRecords.ToRecord(s);
            if (store.FindStation(s.Id) is { } existing)
            {
                if (Journal.WritePayload(MonitoringRecords.ToRecord(existing)) != Journal.WritePayload(record))
                {
                    problems.Add(new InputProblem(c.Source, at, null,
                        "the station is already registered with another definition; register a new station id for a moved or re-equipped station."));
                }
                continue;
            }
            records.Add(record);
        }
        Refuse(problems);
        return new PendingEvent(MonitoringEventKinds.StationsRegistered, actor.Id, new StationsRegistered(c.Source, records))
        {
            Unchanged = records.Count == 0, // every station already registered exactly so (or none): nothing to journal
        };
    }

    /// <summary>
    /// The rules of one station's definition, with the problems named where the host read them: <paramref name="at"/> for the station
    /// (its first row or its feature), <paramref name="variableAt"/> for its i-th variable (that variable's row). The stations file
    /// reader applies them so each problem names its row; the engine applies them again to whatever it is given.
    /// </summary>
    public static void Validate(Station s, string file, string at, Func<int, string> variableAt, List<InputProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(variableAt);
        ArgumentNullException.ThrowIfNull(problems);
        if (!Identifiers.IsValid(s.Id))
        {
            problems.Add(new InputProblem(file, at, "station_id", "expected 1 to 40 ASCII letters, digits or underscores."));
        }
        if (s.Longitude is < -180m or > 180m || s.Latitude is < -90m or > 90m)
        {
            problems.Add(new InputProblem(file, at, "lon/lat", $"expected degrees within ±180/±90; got {s.Longitude.ToString(CultureInfo.InvariantCulture)}, {s.Latitude.ToString(CultureInfo.InvariantCulture)}."));
        }
        if (s.Variables.Count == 0)
        {
            problems.Add(new InputProblem(file, at, "variables", "the station measures no variable."));
        }
        if (s.Variables.Select(v => v.Variable).Distinct().Count() != s.Variables.Count)
        {
            problems.Add(new InputProblem(file, at, "variable", "a variable is listed twice."));
        }
        for (int i = 0; i < s.Variables.Count; i++)
        {
            var v = s.Variables[i];
            string vat = variableAt(i);
            if (ReadingUnits.Canonical(v.Variable, v.Unit) is null)
            {
                problems.Add(new InputProblem(file, vat, "unit", $"expected {ReadingUnits.Accepted(v.Variable)}; got '{v.Unit}'."));
            }
            if (v.IntervalMinutes is < 1 or > 60 || 1440 % v.IntervalMinutes != 0)
            {
                problems.Add(new InputProblem(file, vat, "interval_min", $"expected a divisor of 1,440 from 1 to 60 minutes; got {v.IntervalMinutes}."));
            }
            if (v.Qc.RangeMin >= v.Qc.RangeMax)
            {
                problems.Add(new InputProblem(file, vat, "range_min", "expected a value below range_max."));
            }
            if (v.Qc.SpikeZ is <= 0m || v.Qc.SpikeWindowDays < 1)
            {
                problems.Add(new InputProblem(file, vat, "spike_z", "expected a threshold above 0 and a window of at least 1 day."));
            }
            if (v.Qc.StuckRun is < 2)
            {
                problems.Add(new InputProblem(file, vat, "stuck_n", "expected at least 2 identical values."));
            }
            if (v.Qc.LinearMaxGapMinutes < 0 || v.Qc.DiurnalWindowDays < 2)
            {
                problems.Add(new InputProblem(file, vat, "linear_max_gap_min/diurnal_window_days", "expected at least 0 minutes and 2 days."));
            }
        }
        var units = new HashSet<string>(StringComparer.Ordinal);
        foreach (var u in s.Units)
        {
            if (!units.Add(u.UnitId))
            {
                problems.Add(new InputProblem(file, at, "units", $"unit '{u.UnitId}' appears twice."));
            }
            if (u.Weight is <= 0m or > 1m)
            {
                problems.Add(new InputProblem(file, at, "units", $"the weight of unit '{u.UnitId}' must be above 0 and at most 1; got {u.Weight.ToString(CultureInfo.InvariantCulture)}."));
            }
            if (u.AreaHa <= 0m)
            {
                problems.Add(new InputProblem(file, at, "units", $"unit '{u.UnitId}' has no area."));
            }
        }
    }

    /// <summary>A problem of a reading, at the file and row it was read from (<see cref="ReadingInput.Location"/>: <c>file, row 7</c>).</summary>
    private static InputProblem At(ReadingInput r, string source, string field, string message)
    {
        int comma = r.Location.LastIndexOf(", ", StringComparison.Ordinal);
        return comma < 0 ? new InputProblem(source, r.Location, field, message) : new InputProblem(r.Location[..comma], r.Location[(comma + 2)..], field, message);
    }

    private static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

    private PendingEvent Ingest(Actor actor, IngestReadings c)
    {
        actor.Require("ingest monitoring readings", Role.Registry, Role.Verifier);
        var problems = new List<InputProblem>();
        var now = _clock.GetUtcNow();
        var latest = now + ClockSkew;
        var accepted = new List<(ReadingInput Input, Series Series, DateTime Utc, ConvertedValue Converted)>(c.Readings.Count);
        // Per station variable of the batch: its time range (the stored readings it could repeat or correct are read once per range),
        // the pruned years, and the readings by time. Looked up once per reading by (station, variable); the rest is keyed by time.
        var series = new Dictionary<(string, string), Series>();
        Series? last = null;
        foreach (var r in c.Readings)
        {
            // The checks that need no station first, so a row with an unknown station still gets them in the same report.
            int before = problems.Count;
            if (r.Time > latest)
            {
                problems.Add(At(r, c.Source, "time", $"expected a time no later than the moment of ingest ({Iso(now.ToOffset(r.Time.Offset))}) " +
                    $"plus {ClockSkew.TotalDays:0} day for clock skew; got {Iso(r.Time)}."));
            }
            else if (r.Time < EarliestTime)
            {
                problems.Add(At(r, c.Source, "time", $"expected a time in {GepRun.MinYear} or later; got {Iso(r.Time)}."));
            }
            if (r.Quality?.Trim() is { Length: > 0 } q && !QualityCodes.Contains(q, StringComparer.Ordinal))
            {
                problems.Add(At(r, c.Source, "quality", $"expected empty (a good reading) or one of {string.Join(", ", QualityCodes.Select(x => $"'{x}'"))}; got '{q}'."));
            }
            var station = store.FindStation(r.Station);
            if (station is null)
            {
                problems.Add(At(r, c.Source, "station", $"station '{r.Station}' is not registered (monitor stations import)."));
                continue;
            }
            if (!MonitoredVariables.TryParse(r.Variable, out var variable) || station.Find(variable) is not { } spec)
            {
                problems.Add(At(r, c.Source, "variable", $"station '{r.Station}' measures {string.Join(", ", station.Variables.Select(v => v.Variable.Name()))}; got '{r.Variable}'."));
                continue;
            }
            var converted = ReadingUnits.Convert(variable, r.Unit, r.Value, spec.IntervalMinutes * 60, out var error);
            if (converted is not { } cv)
            {
                problems.Add(At(r, c.Source, "unit", error!));
                continue;
            }
            var utc = r.Time.UtcDateTime;
            if (utc.Ticks % TimeSpan.TicksPerMinute != 0 || (utc.Ticks / TimeSpan.TicksPerMinute) % spec.IntervalMinutes != 0)
            {
                problems.Add(At(r, c.Source, "time", $"expected the end of a {spec.IntervalMinutes}-minute interval of station '{r.Station}' " +
                    $"(whole minutes divisible by {spec.IntervalMinutes}); got {Iso(r.Time)}."));
                continue;
            }
            if (problems.Count > before)
            {
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
                problems.Add(At(r, c.Source, "time", $"the raw readings of station '{r.Station}' {name} for account year {year} were pruned " +
                    $"(journal entry {seq}); that year's account is final."));
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
        return new PendingEvent(MonitoringEventKinds.ReadingsAccepted, actor.Id, new ReadingsAccepted(c.Source, records, repeats))
        {
            Unchanged = records.Count == 0, // every reading already stored (or none): nothing to journal
        };
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

    private static void Refuse(List<InputProblem> problems)
    {
        if (problems.Count == 0)
        {
            return;
        }
        var shown = problems.Take(MaxProblems).Select(p => p.ToString()).ToList();
        if (problems.Count > MaxProblems)
        {
            shown.Add($"… and {problems.Count - MaxProblems} more problems.");
        }
        throw new LedgerException(string.Join(Environment.NewLine, shown) + Environment.NewLine + "Nothing was written.") { Problems = problems };
    }
}
