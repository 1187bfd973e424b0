namespace EcoLedger.Monitoring;

/// <summary>The monitoring state <see cref="MonitoringEngine"/> decides against and <see cref="MonitoringApplier"/> changes.</summary>
public interface IMonitoringStore
{
    /// <summary>A station.</summary>
    Station? FindStation(string id);

    /// <summary>All stations, by id.</summary>
    IReadOnlyList<Station> Stations();

    /// <summary>Adds a station.</summary>
    void AddStation(Station station, long seq);

    /// <summary>The current (not superseded) reading of a key, or null.</summary>
    StoredReading? Current(string station, string variable, DateTime timeUtc);

    /// <summary>The highest reading id used so far (0 when none).</summary>
    long LastReadingId();

    /// <summary>Adds a reading.</summary>
    void AddReading(StoredReading reading);

    /// <summary>The reading with this id.</summary>
    StoredReading? FindReading(long id);

    /// <summary>The current readings of one station variable and year, by time.</summary>
    IReadOnlyList<StoredReading> CurrentReadings(string station, string variable, int year);

    /// <summary>Replaces the kept hourly and daily aggregates and the summary of one station variable and year.</summary>
    void PutSeries(SeriesSummary summary, IReadOnlyList<AggregateRow> aggregates);

    /// <summary>The kept summary of one station variable and year.</summary>
    SeriesSummary? Series(string station, string variable, int year);

    /// <summary>The kept account of a unit.</summary>
    UnitAccount? FindUnit(string unitId, string variable, int year);

    /// <summary>Adds or replaces the account of a unit.</summary>
    void PutUnit(UnitAccount unit);

    /// <summary>The kept total of a region.</summary>
    RegionAccount? FindRegion(string region, string variable, int year);

    /// <summary>Adds or replaces the total of a region.</summary>
    void PutRegion(RegionAccount region);
}
