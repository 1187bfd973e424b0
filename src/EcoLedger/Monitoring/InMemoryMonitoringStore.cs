namespace EcoLedger.Monitoring;

/// <summary>An in-memory <see cref="IMonitoringStore"/> for tests, benchmarks and replay checks.</summary>
public sealed class InMemoryMonitoringStore : IMonitoringStore
{
    private readonly SortedDictionary<string, Station> _stations = new(StringComparer.Ordinal);
    private readonly Dictionary<long, StoredReading> _readings = [];
    private readonly Dictionary<(string, string, DateTime), StoredReading> _current = [];
    private readonly Dictionary<(string, string, int), SortedDictionary<DateTime, StoredReading>> _series = [];
    private readonly Dictionary<(string, string, int), SeriesSummary> _summaries = [];
    private readonly Dictionary<(string, string, int), IReadOnlyList<AggregateRow>> _aggregates = [];
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
    public StoredReading? Current(string station, string variable, DateTime timeUtc) => _current.GetValueOrDefault((station, variable, timeUtc));

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
        _current[(reading.StationId, reading.Variable, reading.TimeUtc)] = reading;
        var key = (reading.StationId, reading.Variable, reading.Year);
        if (!_series.TryGetValue(key, out var s))
        {
            _series[key] = s = [];
        }
        s[reading.TimeUtc] = reading;
    }

    /// <inheritdoc/>
    public IReadOnlyList<StoredReading> CurrentReadings(string station, string variable, int year) =>
        _series.TryGetValue((station, variable, year), out var s) ? s.Values.ToList() : [];

    /// <inheritdoc/>
    public void PutSeries(SeriesSummary summary, IReadOnlyList<AggregateRow> aggregates)
    {
        ArgumentNullException.ThrowIfNull(summary);
        _summaries[(summary.StationId, summary.Variable, summary.Year)] = summary;
        _aggregates[(summary.StationId, summary.Variable, summary.Year)] = aggregates;
    }

    /// <inheritdoc/>
    public SeriesSummary? Series(string station, string variable, int year) => _summaries.GetValueOrDefault((station, variable, year));

    /// <summary>The kept aggregates of one station variable and year.</summary>
    public IReadOnlyList<AggregateRow> Aggregates(string station, string variable, int year) =>
        _aggregates.GetValueOrDefault((station, variable, year)) ?? [];

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
