using System.Text.Json;
using EcoLedger.Ledger;
using EcoLedger.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Storage;

/// <summary>
/// <see cref="IMonitoringStore"/> over EF Core inside the command's transaction. A series touched by a batch is loaded once (its
/// current readings, tracked), so the engine's repeat and correction checks and the applier's recompute read it from memory.
/// </summary>
internal sealed class EfMonitoringStore(LedgerDbContext ctx) : IMonitoringStore
{
    private readonly Dictionary<string, Station?> _stations = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string, int), SortedDictionary<DateTime, StoredReading>> _series = [];
    private long? _last;

    public Station? FindStation(string id)
    {
        if (!_stations.TryGetValue(id, out var s))
        {
            var row = ctx.MonitoringStations.AsNoTracking().FirstOrDefault(x => x.Id == id);
            s = row is null ? null
                : MonitoringRecords.FromRecord(JsonSerializer.Deserialize<StationRecord>(row.Definition, Journal.PayloadOptions)!);
            _stations[id] = s;
        }
        return s;
    }

    public IReadOnlyList<Station> Stations()
    {
        foreach (var id in ctx.MonitoringStations.AsNoTracking().Select(s => s.Id).ToList())
        {
            FindStation(id);
        }
        return _stations.Values.OfType<Station>().OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    public void AddStation(Station station, long seq)
    {
        var record = MonitoringRecords.ToRecord(station);
        ctx.Add(new MonitoringStationRow(station.Id, record.Kind, record.Longitude, record.Latitude, Journal.WritePayload(record), seq));
        foreach (var u in record.Units)
        {
            ctx.Add(new MonitoringStationUnitRow(station.Id, u.UnitId, u.Weight, u.AreaHa, u.Region));
        }
        _stations[station.Id] = station;
    }

    public StoredReading? Current(string station, string variable, DateTime timeUtc)
    {
        var spec = FindStation(station)?.Find(MonitoringRecords.ParseVariable(variable));
        if (spec is null)
        {
            return null;
        }
        return Load(station, variable, AccountClock.YearOf(timeUtc, spec.IntervalMinutes)).GetValueOrDefault(timeUtc);
    }

    public long LastReadingId()
    {
        _last ??= ctx.MonitoringReadings.Max(r => (long?)r.Id) ?? 0;
        return _last.Value;
    }

    public void AddReading(StoredReading reading)
    {
        ctx.Add(reading);
        _last = Math.Max(LastReadingId(), reading.Id);
        Load(reading.StationId, reading.Variable, reading.Year)[reading.TimeUtc] = reading;
    }

    public StoredReading? FindReading(long id) =>
        ctx.MonitoringReadings.Local.FirstOrDefault(r => r.Id == id) ?? ctx.MonitoringReadings.FirstOrDefault(r => r.Id == id);

    public IReadOnlyList<StoredReading> CurrentReadings(string station, string variable, int year) => Load(station, variable, year).Values.ToList();

    private SortedDictionary<DateTime, StoredReading> Load(string station, string variable, int year)
    {
        if (!_series.TryGetValue((station, variable, year), out var s))
        {
            s = new SortedDictionary<DateTime, StoredReading>(ctx.MonitoringReadings
                .Where(r => r.StationId == station && r.Variable == variable && r.Year == year && r.SupersededBy == null)
                .ToDictionary(r => r.TimeUtc));
            _series[(station, variable, year)] = s;
        }
        return s;
    }

    public void PutSeries(SeriesSummary summary, IReadOnlyList<AggregateRow> aggregates)
    {
        var from = new DateTime(summary.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var to = from.AddYears(1);
        // Rows saved by an earlier event of this transaction are still tracked: forget them before they are replaced.
        foreach (var tracked in ctx.ChangeTracker.Entries<AggregateRow>().Where(e => e.Entity.StationId == summary.StationId
            && e.Entity.Variable == summary.Variable && e.Entity.Start >= from && e.Entity.Start < to).ToList())
        {
            tracked.State = EntityState.Detached;
        }
        ctx.MonitoringAggregates.Where(a => a.StationId == summary.StationId && a.Variable == summary.Variable && a.Start >= from && a.Start < to)
            .ExecuteDelete();
        ctx.MonitoringAggregates.AddRange(aggregates);
        Put(ctx.MonitoringSeries.Find(summary.StationId, summary.Variable, summary.Year), summary);
    }

    public SeriesSummary? Series(string station, string variable, int year) => ctx.MonitoringSeries.Find(station, variable, year);

    public UnitAccount? FindUnit(string unitId, string variable, int year) => ctx.MonitoringUnits.Find(unitId, variable, year);

    public void PutUnit(UnitAccount unit) => Put(ctx.MonitoringUnits.Find(unit.UnitId, unit.Variable, unit.Year), unit);

    public RegionAccount? FindRegion(string region, string variable, int year) => ctx.MonitoringRegions.Find(region, variable, year);

    public void PutRegion(RegionAccount region) => Put(ctx.MonitoringRegions.Find(region.Region, region.Variable, region.Year), region);

    private void Put<T>(T? existing, T value) where T : class
    {
        if (existing is null)
        {
            ctx.Add(value);
        }
        else
        {
            ctx.Entry(existing).CurrentValues.SetValues(value);
        }
    }
}
