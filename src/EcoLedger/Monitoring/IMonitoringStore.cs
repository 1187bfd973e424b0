namespace EcoLedger.Monitoring;

/// <summary>
/// The monitoring state <see cref="MonitoringEngine"/> decides against and <see cref="MonitoringApplier"/> changes. Reads are by
/// time range, so a batch touches only the window of each series it changes, whatever the length of the series.
/// </summary>
public interface IMonitoringStore
{
    /// <summary>A station.</summary>
    Station? FindStation(string id);

    /// <summary>All stations, by id.</summary>
    IReadOnlyList<Station> Stations();

    /// <summary>Adds a station.</summary>
    void AddStation(Station station, long seq);

    /// <summary>The current (not superseded) readings of a station variable with end times in [from, to] (any account year), by time.</summary>
    IReadOnlyList<StoredReading> CurrentBetween(string station, string variable, DateTime fromUtc, DateTime toUtc);

    /// <summary>The highest reading id used so far (0 when none).</summary>
    long LastReadingId();

    /// <summary>Adds a reading.</summary>
    void AddReading(StoredReading reading);

    /// <summary>The reading with this id.</summary>
    StoredReading? FindReading(long id);

    /// <summary>Marks <paramref name="reading"/> as corrected by reading <paramref name="correctedBy"/> (it stays, no longer current).</summary>
    void Supersede(StoredReading reading, long correctedBy);

    /// <summary>Sets the QC flags of a reading.</summary>
    void SetFlags(StoredReading reading, QcFlags flags);

    /// <summary>The first and last end time of the current readings of one station variable and year, or null when it has none.</summary>
    (DateTime First, DateTime Last)? SeriesBounds(string station, string variable, int year);

    /// <summary>The current readings of one station variable and year with end times in [from, to], by time.</summary>
    IReadOnlyList<StoredReading> CurrentReadings(string station, string variable, int year, DateTime fromUtc, DateTime toUtc);

    /// <summary>The kept daily aggregates of a station variable with local starts in [from, to].</summary>
    IReadOnlyList<AggregateRow> DayAggregates(string station, string variable, DateTime fromLocal, DateTime toLocal);

    /// <summary>Replaces the kept hourly and daily aggregates of a station variable on the given local days with <paramref name="rows"/>.</summary>
    void ReplaceAggregates(string station, string variable, IReadOnlyCollection<DateTime> days, IReadOnlyList<AggregateRow> rows);

    /// <summary>Adds or replaces the summary of one station variable and year.</summary>
    void PutSeries(SeriesSummary summary);

    /// <summary>The kept summary of one station variable and year.</summary>
    SeriesSummary? Series(string station, string variable, int year);

    /// <summary>The latest account year with a kept series, or null when there is none.</summary>
    int? LatestYear();

    /// <summary>The series of account years up to <paramref name="year"/> whose raw readings are still stored, with how many (superseded included).</summary>
    IReadOnlyList<PrunedSeries> SeriesWithReadingsThrough(int year);

    /// <summary>Deletes the raw readings of one series and marks its summary pruned by <paramref name="seq"/>; returns how many were deleted.</summary>
    long PruneSeries(string station, string variable, int year, long seq);

    /// <summary>The kept account of a unit.</summary>
    UnitAccount? FindUnit(string unitId, string variable, int year);

    /// <summary>Adds or replaces the account of a unit.</summary>
    void PutUnit(UnitAccount unit);

    /// <summary>The kept total of a region.</summary>
    RegionAccount? FindRegion(string region, string variable, int year);

    /// <summary>Adds or replaces the total of a region.</summary>
    void PutRegion(RegionAccount region);
}
