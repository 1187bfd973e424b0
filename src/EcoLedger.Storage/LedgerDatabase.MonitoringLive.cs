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

/// <summary>A monitoring journal entry a live stream's client missed while it was disconnected.</summary>
/// <param name="Seq">Journal sequence number.</param>
/// <param name="Time">When it was journaled, UTC.</param>
/// <param name="Actor">Who acted.</param>
/// <param name="Kind"><c>monitor.stations_registered</c>, <c>monitor.readings_accepted</c> or <c>monitor.readings_pruned</c>.</param>
/// <param name="Source">The file or request the stations or readings came from, when the entry names one.</param>
/// <param name="Items">Stations registered, readings accepted (new and corrections) or series pruned.</param>
public sealed record MissedChange(long Seq, string Time, string Actor, string Kind, string? Source, int Items);

/// <summary>What a live stream's client missed since the entry it last saw.</summary>
/// <param name="Since">The entry the client last saw (its <c>Last-Event-ID</c>).</param>
/// <param name="Head">The journal's head now: the id of the <c>status</c> event that follows.</param>
/// <param name="Complete">True when <paramref name="Changes"/> lists every monitoring entry after <paramref name="Since"/>; false when more
/// were missed than a stream replays (or the id is not one of this ledger's), and the client gets only the full state that follows.</param>
/// <param name="Missed">Monitoring entries after <paramref name="Since"/> (null when not complete).</param>
/// <param name="Changes">The missed monitoring entries, oldest first (empty when not complete).</param>
public sealed record MissedChanges(long Since, long Head, bool Complete, long? Missed, IReadOnlyList<MissedChange> Changes);

public sealed partial class LedgerDatabase
{
    /// <summary>
    /// The monitoring entries journaled after <paramref name="since"/> (at most <paramref name="limit"/>; more, or an id past the head, is
    /// not complete), for a live stream resuming from its client's <c>Last-Event-ID</c>. A range scan of the journal's primary key.
    /// </summary>
    public MissedChanges MonitoringChangesSince(long since, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 0);
        using var ctx = NewContext();
        long head = ctx.Journal.Max(e => (long?)e.Seq) ?? 0;
        if (since < 0 || since > head)
        {
            return new MissedChanges(since, head, false, null, []);
        }
        var entries = ctx.Journal.AsNoTracking().Where(e => e.Seq > since && e.Kind.StartsWith("monitor.")).OrderBy(e => e.Seq).Take(limit + 1).ToList();
        if (entries.Count > limit)
        {
            return new MissedChanges(since, head, false, null, []);
        }
        return new MissedChanges(since, head, true, entries.Count, entries.Select(Missed).ToList());
    }

    private static MissedChange Missed(EcoLedger.Ledger.JournalEntry e)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(e.Payload);
        var root = doc.RootElement;
        string? source = root.TryGetProperty("source", out var s) && s.ValueKind == System.Text.Json.JsonValueKind.String ? s.GetString() : null;
        int items = 0;
        foreach (string list in (string[])["readings", "stations", "series"])
        {
            if (root.TryGetProperty(list, out var a) && a.ValueKind == System.Text.Json.JsonValueKind.Array)
            {
                items = a.GetArrayLength();
                break;
            }
            // Readings are journaled as columns (ReadingsAcceptedJson): one value per reading in each column.
            if (a.ValueKind == System.Text.Json.JsonValueKind.Object && a.TryGetProperty("id", out var ids) &&
                ids.ValueKind == System.Text.Json.JsonValueKind.Array)
            {
                items = ids.GetArrayLength();
                break;
            }
        }
        return new MissedChange(e.Seq, e.Time, e.Actor, e.Kind, source, items);
    }
}

public sealed partial class LedgerDatabase
{
    /// <summary>
    /// The stations registered after journal entry <paramref name="afterSeq"/>, each with the participant that registered it (in journal
    /// order: a later registration of the same station names its current operator), and the journal's head read with them.
    /// </summary>
    public (long Head, IReadOnlyList<(string Station, string Operator)> Registered) MonitoringStationRegistrations(long afterSeq)
    {
        using var ctx = NewContext();
        long head = ctx.Journal.Max(e => (long?)e.Seq) ?? 0;
        var entries = ctx.Journal.AsNoTracking().Where(e => e.Seq > afterSeq && e.Seq <= head && e.Kind == MonitoringEventKinds.StationsRegistered)
            .OrderBy(e => e.Seq).Select(e => new { e.Actor, e.Payload }).ToList();
        var registered = new List<(string, string)>();
        foreach (var e in entries)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(e.Payload);
            foreach (var s in doc.RootElement.GetProperty("stations").EnumerateArray())
            {
                registered.Add((s.GetProperty("id").GetString()!, e.Actor));
            }
        }
        return (head, registered);
    }
}

public sealed partial class LedgerDatabase
{
    /// <summary>
    /// The outlines the ledger knows (project units registered with a geometry, EWKB) of the units the stations represent, by unit id,
    /// for the live page's map. Units without an outline are absent: their stations still show, with the unit ids and weights.
    /// </summary>
    public IReadOnlyDictionary<string, byte[]> MonitoringUnitOutlines(IEnumerable<string> unitIds)
    {
        var ids = unitIds.ToHashSet(StringComparer.Ordinal);
        using var ctx = NewContext();
        var outlines = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var u in ctx.Set<EcoLedger.Ledger.ProjectUnit>().AsNoTracking().Where(u => u.GeometryWkb != null && ids.Contains(u.UnitId))
            .Select(u => new { u.UnitId, u.GeometryWkb }).ToList())
        {
            outlines.TryAdd(u.UnitId, u.GeometryWkb!);
        }
        return outlines;
    }
}
