using EcoLedger.Ledger;

namespace EcoLedger.Monitoring;

/// <summary>Marks a journal payload of the monitoring module (the credit ledger's replay skips these).</summary>
public interface IMonitoringEvent : IModuleEvent;

/// <summary>Journal event kinds of the monitoring module; all start with <c>monitor.</c>.</summary>
public static class MonitoringEventKinds
{
    /// <summary>Stations were registered.</summary>
    public const string StationsRegistered = "monitor.stations_registered";

    /// <summary>A batch of readings was accepted.</summary>
    public const string ReadingsAccepted = "monitor.readings_accepted";

    /// <summary>Raw readings of past account years were pruned (retention).</summary>
    public const string ReadingsPruned = "monitor.readings_pruned";
}

/// <summary>A unit a station represents, as journaled (decimals as exact text).</summary>
public sealed record UnitRecord(string UnitId, string Weight, string AreaHa, string Region, string Ecosystem, string Subtype, string? PriorTCo2PerHa = null);

/// <summary>A station variable with its QC settings, as journaled.</summary>
public sealed record VariableRecord(string Variable, string Unit, int IntervalMinutes, string RangeMin, string RangeMax, string? SpikeZ,
    int SpikeWindowDays, int? StuckRun, int LinearMaxGapMinutes, int DiurnalWindowDays);

/// <summary>A station as journaled.</summary>
public sealed record StationRecord(string Id, string Kind, string Longitude, string Latitude, IReadOnlyList<VariableRecord> Variables,
    IReadOnlyList<UnitRecord> Units);

/// <summary>Stations were registered from <see cref="Source"/>.</summary>
[EventKind(MonitoringEventKinds.StationsRegistered)]
public sealed record StationsRegistered(string Source, IReadOnlyList<StationRecord> Stations) : IMonitoringEvent;

/// <summary>A reading as journaled: the input as given and its conversion.</summary>
/// <param name="Id">Reading id, unique in the database.</param>
/// <param name="Station">Station.</param>
/// <param name="Variable">Variable name.</param>
/// <param name="Time">End of the interval, UTC, <c>yyyy-MM-ddTHH:mm:ssZ</c>.</param>
/// <param name="OffsetMinutes">The offset the time was given in.</param>
/// <param name="Value">The value as given (exact text).</param>
/// <param name="Unit">The unit as given.</param>
/// <param name="Quality">The sender's quality field.</param>
/// <param name="QcValue">The value in the QC unit (exact text).</param>
/// <param name="Amount">The amount over the interval in the integer amount unit.</param>
/// <param name="Corrects">The reading this one corrects (same station, variable and time, another value).</param>
public sealed record ReadingRecord(long Id, string Station, string Variable, string Time, int OffsetMinutes, string Value, string Unit, string? Quality,
    string QcValue, long Amount, long? Corrects = null);

/// <summary>A batch of readings was accepted: new readings and corrections (repeats are counted, not stored again).</summary>
/// <remarks>Journaled as columns (<see cref="ReadingsAcceptedJson"/>); older journals with one object per reading read the same.</remarks>
[EventKind(MonitoringEventKinds.ReadingsAccepted)]
[System.Text.Json.Serialization.JsonConverter(typeof(ReadingsAcceptedJson))]
public sealed record ReadingsAccepted(string Source, IReadOnlyList<ReadingRecord> Readings, int Repeats) : IMonitoringEvent
{
    // Not journaled (ReadingsAcceptedJson writes the three fields above only): derived from the readings, for the hosts' summaries.

    /// <summary>Readings new to their (station, variable, time).</summary>
    public int NewReadings => Readings.Count - Corrections;

    /// <summary>Readings that correct an earlier value of the same (station, variable, time).</summary>
    public int Corrections => Readings.Count(r => r.Corrects is not null);
}

/// <summary>The raw readings of one station variable and account year that a prune removed (current and superseded alike).</summary>
public sealed record PrunedSeries(string Station, string Variable, int Year, long Readings);

/// <summary>
/// Raw readings of the account years through <see cref="ThroughYear"/> were deleted; the series' aggregates and accounts are kept and final.
/// Replay deletes the same rows, so the tables still verify against the journal, which keeps every reading.
/// </summary>
[EventKind(MonitoringEventKinds.ReadingsPruned)]
public sealed record ReadingsPruned(int KeepYears, int AsOfYear, int ThroughYear, IReadOnlyList<PrunedSeries> Series) : IMonitoringEvent;
