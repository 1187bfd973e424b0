using EcoLedger.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Storage;

public sealed partial class LedgerDbContext
{
    /// <summary>Monitoring stations.</summary>
    public DbSet<MonitoringStationRow> MonitoringStations => Set<MonitoringStationRow>();

    /// <summary>Units represented by stations.</summary>
    public DbSet<MonitoringStationUnitRow> MonitoringStationUnits => Set<MonitoringStationUnitRow>();

    /// <summary>Readings (append-only time series).</summary>
    public DbSet<StoredReading> MonitoringReadings => Set<StoredReading>();

    /// <summary>Kept hourly and daily aggregates.</summary>
    public DbSet<AggregateRow> MonitoringAggregates => Set<AggregateRow>();

    /// <summary>Kept year-to-date account per station variable.</summary>
    public DbSet<SeriesSummary> MonitoringSeries => Set<SeriesSummary>();

    /// <summary>Kept year-to-date account per unit.</summary>
    public DbSet<UnitAccount> MonitoringUnits => Set<UnitAccount>();

    /// <summary>Kept year-to-date totals per region.</summary>
    public DbSet<RegionAccount> MonitoringRegions => Set<RegionAccount>();
}
