using EcoLedger.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Storage;

/// <summary>A registered station as stored: its definition is the canonical JSON of its journal record.</summary>
/// <param name="Id">Station id.</param>
/// <param name="Kind">Kind (snake case).</param>
/// <param name="Longitude">Longitude (exact text).</param>
/// <param name="Latitude">Latitude (exact text).</param>
/// <param name="Definition">Canonical JSON of the <see cref="StationRecord"/>.</param>
/// <param name="RegisteredSeq">The journal entry that registered it.</param>
public sealed record MonitoringStationRow(string Id, string Kind, string Longitude, string Latitude, string Definition, long RegisteredSeq);

/// <summary>A unit a station represents (indexed by unit, so the units of a project find their stations).</summary>
public sealed record MonitoringStationUnitRow(string StationId, string UnitId, string Weight, string AreaHa, string Region);

/// <summary>The EF Core model of the monitoring tables (<c>mon_*</c>), called from <see cref="LedgerDbContext"/>.</summary>
public static class MonitoringModel
{
    /// <summary>The tables, for the audit's replay comparison.</summary>
    public static readonly string[] Tables =
        ["mon_stations", "mon_station_units", "mon_readings", "mon_aggregates", "mon_series", "mon_units", "mon_regions"];

    /// <summary>Configures the monitoring entities.</summary>
    public static void Configure(ModelBuilder b)
    {
        ArgumentNullException.ThrowIfNull(b);
        b.Entity<MonitoringStationRow>(e =>
        {
            e.ToTable("mon_stations");
            e.HasKey(s => s.Id);
        });
        b.Entity<MonitoringStationUnitRow>(e =>
        {
            e.ToTable("mon_station_units");
            e.HasKey(u => new { u.StationId, u.UnitId });
            e.HasIndex(u => u.UnitId);
        });
        b.Entity<StoredReading>(e =>
        {
            e.ToTable("mon_readings");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).ValueGeneratedNever();
            // The time-series index: a station variable's readings by time (the PostgreSQL provider partitions by month).
            // The only secondary index: every read (a batch's window, a series' ends, retention) is a time range of one station variable,
            // and each extra index costs a B-tree insert per reading on ingest.
            e.HasIndex(r => new { r.StationId, r.Variable, r.TimeUtc });
        });
        b.Entity<AggregateRow>(e =>
        {
            e.ToTable("mon_aggregates");
            e.HasKey(a => new { a.StationId, a.Variable, a.Period, a.Start });
        });
        b.Entity<SeriesSummary>(e =>
        {
            e.ToTable("mon_series");
            e.HasKey(s => new { s.StationId, s.Variable, s.Year });
            e.Ignore(s => s.CoveredSlots);
        });
        b.Entity<UnitAccount>(e =>
        {
            e.ToTable("mon_units");
            e.HasKey(u => new { u.UnitId, u.Variable, u.Year });
            e.HasIndex(u => new { u.Region, u.Variable, u.Year });
        });
        b.Entity<RegionAccount>(e =>
        {
            e.ToTable("mon_regions");
            e.HasKey(r => new { r.Region, r.Variable, r.Year });
        });
    }
}
