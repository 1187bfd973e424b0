using EcoLedger.Ledger;

namespace EcoLedger.Monitoring;

/// <summary>A command of the monitoring module.</summary>
public interface IMonitoringCommand : ICommand;

/// <summary><c>monitor stations import</c>: registers stations (an identical repeat is skipped; a changed definition is refused).</summary>
/// <param name="Source">The file the stations come from.</param>
/// <param name="Stations">The stations as read.</param>
public sealed record RegisterStations(string Source, IReadOnlyList<Station> Stations) : IMonitoringCommand;

/// <summary>A reading as read from a file or a stream, before it is checked against its station.</summary>
/// <param name="Location">Where it was read, e.g. <c>readings.csv, row 7</c> (for messages only).</param>
/// <param name="Station">Station id.</param>
/// <param name="Variable">Variable name.</param>
/// <param name="Time">End of the interval, with the offset it was given in.</param>
/// <param name="Value">The value as given.</param>
/// <param name="Unit">The unit as given.</param>
/// <param name="Quality">The sender's quality field, if any.</param>
public sealed record ReadingInput(string Location, string Station, string Variable, DateTimeOffset Time, decimal Value, string Unit, string? Quality);

/// <summary><c>monitor ingest</c> / <c>monitor follow</c>: one batch of readings, in one transaction.</summary>
/// <param name="Source">The file or stream.</param>
/// <param name="Readings">The readings.</param>
public sealed record IngestReadings(string Source, IReadOnlyList<ReadingInput> Readings) : IMonitoringCommand;

/// <summary>
/// <c>monitor prune</c>: retention. Deletes the raw readings of every account year before the last <paramref name="KeepYears"/> years (counted back
/// from <paramref name="AsOfYear"/>, by default the latest year with readings); their hourly and daily aggregates and year-to-date accounts
/// are kept forever and become final (readings for a pruned year are refused). The readings stay in the journal, so the history verifies.
/// </summary>
/// <param name="KeepYears">Account years of raw readings to keep, at least 1 (the as-of year).</param>
/// <param name="AsOfYear">The year counted from; not later than the latest year with readings.</param>
public sealed record PruneReadings(int KeepYears, int? AsOfYear = null) : IMonitoringCommand;
