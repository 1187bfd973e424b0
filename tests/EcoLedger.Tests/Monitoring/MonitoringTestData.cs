using EcoLedger.Ledger;
using EcoLedger.Monitoring;

namespace EcoLedger.Tests.Monitoring;

/// <summary>Stations, readings and a way to run the monitoring engine and applier on an in-memory store.</summary>
internal static class MonitoringTestData
{
    public static readonly Actor Registry = new("reg", Role.Registry);

    public static QcSettings Qc(decimal? spikeZ = null, int spikeWindowDays = 13, int? stuck = null, int linearMax = 120, int diurnalDays = 14) =>
        new(-50m, 50m, spikeZ, spikeWindowDays, stuck, linearMax, diurnalDays);

    public static StationVariable Nee30(QcSettings? qc = null) => new(MonitoredVariable.Nee, "umol m-2 s-1", 30, qc ?? Qc());

    public static Station Tower(string id = "T1", params RepresentedUnit[] units) =>
        new(id, StationKind.FluxTower, 128.9m, 47.7m, [Nee30()], units.Length == 0 ? [Unit("U1", 1m, 100m)] : units);

    public static RepresentedUnit Unit(string id, decimal weight, decimal areaHa, string region = "YC") => new(id, weight, areaHa, region, "forest", "");

    /// <summary>A reading of NEE in µmol m⁻² s⁻¹ whose 30-minute interval ends at local (UTC+8) time <paramref name="localEnd"/>.</summary>
    public static Reading Nee(DateTime localEnd, decimal value, string station = "T1")
    {
        var cv = ReadingUnits.Convert(MonitoredVariable.Nee, "umol m-2 s-1", value, 1800, out _)!.Value;
        return new Reading(station, MonitoredVariable.Nee, localEnd - AccountClock.Offset, 480, value, "umol m-2 s-1", null, cv.QcValue, cv.Amount);
    }

    public static ReadingInput Input(DateTime localEnd, decimal value, string station = "T1", string variable = "nee", string unit = "umol m-2 s-1", int row = 2) =>
        new($"r.csv, row {row}", station, variable, new DateTimeOffset(localEnd, AccountClock.Offset), value, unit, null);

    /// <summary>Decides and applies a command as the runner does; returns the payload.</summary>
    public static object Run(IMonitoringStore store, IMonitoringCommand command, long seq = 1)
    {
        var e = new MonitoringEngine(store).Decide(Registry, command);
        MonitoringApplier.Apply(store, e.Payload, seq);
        return e.Payload;
    }
}
