namespace EcoLedger.Monitoring;

/// <summary>An in-memory <see cref="IMonitoringStore"/> for tests, benchmarks and replay checks.</summary>
public sealed class InMemoryMonitoringStore : IMonitoringStore
{
    private readonly SortedDictionary<string, Station> _stations = new(StringComparer.Ordinal);
    private readonly Dictionary<long, StoredReading> _readings = [];
    private readonly Dictionary<(string, string, int), SortedList<DateTime, StoredReading>> _series = [];
    private readonly Dictionary<(string, string, int), SeriesSummary> _summaries = [];
    private readonly Dictionary<(string, string), SortedDictionary<(DateTime, string), AggregateRow>> _aggregates = [];
    private readonly Dictionary<(string, string, int), UnitAccount> _units = [];
    private readonly Dictionary<(string, string, int), RegionAccount> _regions = [];
    private long _last;

    /// <inheritdoc/>
    public Station? FindStation(string id) => _stations.GetValueOrDefault(id);

    /// <inheritdoc/>
    public IReadOnlyList<Station> Stations() => _stations.Values.ToList();

    /// <inheritdoc/>
    public void AddStation(Station station, long seq) => _stations.Add(station.Id, station);

    /// <inheritdoc/>
    public IReadOnlyList<StoredReading> CurrentBetween(string station, string variable, DateTime fromUtc, DateTime toUtc) =>
        _series.Where(s => s.Key.Item1 == station && s.Key.Item2 == variable).OrderBy(s => s.Key.Item3)
            .SelectMany(s => Range(s.Value, fromUtc, toUtc)).ToList();

    /// <inheritdoc/>
    public long LastReadingId() => _last;

    /// <inheritdoc/>
    public StoredReading? FindReading(long id) => _readings.GetValueOrDefault(id);

    /// <inheritdoc/>
    public void AddReading(StoredReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        _readings.Add(reading.Id, reading);
        _last = Math.Max(_last, reading.Id);
        var key = (reading.StationId, reading.Variable, reading.Year);
        if (!_series.TryGetValue(key, out var s))
        {
            _series[key] = s = [];
        }
        s[reading.TimeUtc] = reading;
    }

    /// <inheritdoc/>
    public void Supersede(StoredReading reading, long correctedBy)
    {
        ArgumentNullException.ThrowIfNull(reading);
        reading.Supersede(correctedBy);
        if (_series.TryGetValue((reading.StationId, reading.Variable, reading.Year), out var s) && s.GetValueOrDefault(reading.TimeUtc) == reading)
        {
            s.Remove(reading.TimeUtc);
        }
    }

    /// <inheritdoc/>
    public void SetFlags(StoredReading reading, QcFlags flags)
    {
        ArgumentNullException.ThrowIfNull(reading);
        reading.SetFlags(flags);
    }

    /// <inheritdoc/>
    public (DateTime First, DateTime Last)? SeriesBounds(string station, string variable, int year) =>
        _series.TryGetValue((station, variable, year), out var s) && s.Count > 0 ? (s.Keys[0], s.Keys[^1]) : null;

    /// <inheritdoc/>
    public IReadOnlyList<StoredReading> CurrentReadings(string station, string variable, int year, DateTime fromUtc, DateTime toUtc) =>
        _series.TryGetValue((station, variable, year), out var s) ? Range(s, fromUtc, toUtc).ToList() : [];

    private static IEnumerable<StoredReading> Range(SortedList<DateTime, StoredReading> s, DateTime from, DateTime to)
    {
        // Binary search for the first key at or after from.
        int lo = 0, hi = s.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (s.Keys[mid] < from)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        for (int i = lo; i < s.Count && s.Keys[i] <= to; i++)
        {
            yield return s.Values[i];
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<AggregateRow> DayAggregates(string station, string variable, DateTime fromLocal, DateTime toLocal) =>
        _aggregates.TryGetValue((station, variable), out var a)
            ? a.Values.Where(r => r.Period == "day" && r.Start >= fromLocal && r.Start <= toLocal).ToList()
            : [];

    /// <inheritdoc/>
    public void ReplaceAggregates(string station, string variable, IReadOnlyCollection<DateTime> days, IReadOnlyList<AggregateRow> rows)
    {
        ArgumentNullException.ThrowIfNull(days);
        ArgumentNullException.ThrowIfNull(rows);
        if (!_aggregates.TryGetValue((station, variable), out var a))
        {
            _aggregates[(station, variable)] = a = [];
        }
        var set = days.ToHashSet();
        foreach (var k in a.Keys.Where(k => set.Contains(k.Item1.Date)).ToList())
        {
            a.Remove(k);
        }
        foreach (var r in rows)
        {
            a[(r.Start, r.Period)] = r;
        }
    }

    /// <inheritdoc/>
    public void PutSeries(SeriesSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        _summaries[(summary.StationId, summary.Variable, summary.Year)] = summary;
    }

    /// <inheritdoc/>
    public SeriesSummary? Series(string station, string variable, int year) => _summaries.GetValueOrDefault((station, variable, year));

    /// <summary>The kept aggregates of one station variable and local year: hours, then days, each by start.</summary>
    public IReadOnlyList<AggregateRow> Aggregates(string station, string variable, int year) =>
        _aggregates.TryGetValue((station, variable), out var a)
            ? a.Values.Where(r => r.Start.Year == year).OrderBy(r => r.Period == "hour" ? 0 : 1).ThenBy(r => r.Start).ToList()
            : [];

    /// <inheritdoc/>
    public int? LatestYear() => _summaries.Count == 0 ? null : _summaries.Keys.Max(k => k.Item3);

    /// <inheritdoc/>
    public IReadOnlyList<PrunedSeries> SeriesWithReadingsThrough(int year) => _readings.Values.Where(r => r.Year <= year)
        .GroupBy(r => (r.StationId, r.Variable, r.Year)).OrderBy(g => g.Key.StationId, StringComparer.Ordinal).ThenBy(g => g.Key.Variable, StringComparer.Ordinal)
        .ThenBy(g => g.Key.Year).Select(g => new PrunedSeries(g.Key.StationId, g.Key.Variable, g.Key.Year, g.LongCount())).ToList();

    /// <inheritdoc/>
    public long PruneSeries(string station, string variable, int year, long seq)
    {
        var ids = _readings.Values.Where(r => r.StationId == station && r.Variable == variable && r.Year == year).Select(r => r.Id).ToList();
        foreach (var id in ids)
        {
            _readings.Remove(id);
        }
        _series.Remove((station, variable, year));
        _summaries.GetValueOrDefault((station, variable, year))?.Pruned(seq);
        return ids.Count;
    }

    /// <summary>Every stored reading (current and superseded), by id.</summary>
    public IReadOnlyList<StoredReading> Readings() => _readings.Values.OrderBy(r => r.Id).ToList();

    /// <inheritdoc/>
    public UnitAccount? FindUnit(string unitId, string variable, int year) => _units.GetValueOrDefault((unitId, variable, year));

    /// <inheritdoc/>
    public void PutUnit(UnitAccount unit) => _units[(unit.UnitId, unit.Variable, unit.Year)] = unit;

    /// <summary>All kept unit accounts.</summary>
    public IReadOnlyList<UnitAccount> Units() => _units.Values.OrderBy(u => u.UnitId, StringComparer.Ordinal).ThenBy(u => u.Variable, StringComparer.Ordinal)
        .ThenBy(u => u.Year).ToList();

    /// <inheritdoc/>
    public RegionAccount? FindRegion(string region, string variable, int year) => _regions.GetValueOrDefault((region, variable, year));

    /// <inheritdoc/>
    public void PutRegion(RegionAccount region) => _regions[(region.Region, region.Variable, region.Year)] = region;

    /// <summary>All kept region totals.</summary>
    public IReadOnlyList<RegionAccount> Regions() => _regions.Values.OrderBy(r => r.Region, StringComparer.Ordinal)
        .ThenBy(r => r.Variable, StringComparer.Ordinal).ThenBy(r => r.Year).ToList();
}
