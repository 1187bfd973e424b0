using System.Globalization;
using EcoLedger.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Storage;

/// <summary>One reading of a chart: its time (UTC), its value in the variable's QC unit (exact text) and its QC flags.</summary>
/// <param name="Time">End of the interval, UTC, <c>yyyy-MM-ddTHH:mm:ssZ</c>.</param>
/// <param name="Value">Value in <see cref="RecentSeries.QcUnit"/>, exact text.</param>
/// <param name="Flags">QC flags: <c>range</c>, <c>spike</c>, <c>stuck</c>, <c>source</c> (empty when it passed; a flagged reading is not counted).</param>
public sealed record RecentReading(string Time, string Value, IReadOnlyList<string> Flags);

/// <summary>The latest current (not superseded) readings of one station variable, oldest first.</summary>
/// <param name="Station">Station id.</param>
/// <param name="Variable">Variable.</param>
/// <param name="QcUnit">Unit of the values (µmol m⁻² s⁻¹ for NEE, mm per interval for water depths).</param>
/// <param name="Readings">Up to the requested number of readings, oldest first.</param>
public sealed record RecentSeries(string Station, string Variable, string QcUnit, IReadOnlyList<RecentReading> Readings);

public sealed partial class LedgerDatabase
{
    /// <summary>
    /// The latest <paramref name="perSeries"/> current readings of every station variable with readings in <paramref name="year"/> (null:
    /// the latest year with readings), for the live page's charts. Each series is one range scan of the (station, variable, time) index,
    /// newest first.
    /// </summary>
    public IReadOnlyList<RecentSeries> MonitoringRecent(int? year, int perSeries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perSeries, 1);
        using var ctx = NewContext();
        year ??= ctx.MonitoringSeries.Max(s => (int?)s.Year);
        if (year is null)
        {
            return [];
        }
        var keys = ctx.MonitoringSeries.AsNoTracking().Where(s => s.Year == year).Select(s => new { s.StationId, s.Variable }).ToList()
            .OrderBy(k => k.StationId, StringComparer.Ordinal).ThenBy(k => k.Variable, StringComparer.Ordinal);
        var result = new List<RecentSeries>();
        foreach (var k in keys)
        {
            var rows = ctx.MonitoringReadings.AsNoTracking()
                .Where(r => r.StationId == k.StationId && r.Variable == k.Variable && r.Year == year && r.SupersededBy == null)
                .OrderByDescending(r => r.TimeUtc).Take(perSeries)
                .Select(r => new { r.TimeUtc, r.QcValue, r.Flags }).ToList();
            rows.Reverse();
            string unit = MonitoredVariables.TryParse(k.Variable, out var v) ? v.QcUnit() : "";
            result.Add(new RecentSeries(k.StationId, k.Variable, unit, rows.Select(r => new RecentReading(
                DateTime.SpecifyKind(r.TimeUtc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), r.QcValue,
                FlagNames((QcFlags)r.Flags))).ToList()));
        }
        return result;
    }

    private static string[] FlagNames(QcFlags flags) => flags == QcFlags.None ? []
        : Enum.GetValues<QcFlags>().Where(f => f != QcFlags.None && flags.HasFlag(f)).Select(f => f.ToString().ToLowerInvariant()).ToArray();
}
