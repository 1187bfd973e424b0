using System.Data.Common;
using System.Text.Json;
using EcoLedger.Ledger;
using EcoLedger.Monitoring;
using Microsoft.EntityFrameworkCore;

namespace EcoLedger.Storage;

/// <summary>
/// <see cref="IMonitoringStore"/> inside the command's transaction. Readings, aggregates and the account are read by index range and
/// written by prepared statements on the ledger's connection (<see cref="LedgerStatements"/>, as the credit ledger's hot path does):
/// no change tracking per reading, so a batch costs what it writes. Stations, registered rarely, go through EF Core on the same transaction.
/// The SQL is standard (parameters <c>@p0</c>…, <c>LIMIT</c>), for SQLite and PostgreSQL alike.
/// </summary>
internal sealed class SqlMonitoringStore(LedgerDbContext ctx, LedgerStatements sql) : IMonitoringStore
{
    private const string ReadingColumns =
        "id, station_id, variable, time_utc, year, offset_minutes, value, unit, quality, qc_value, amount, flags, corrects_id, superseded_by, recorded_seq";

    private const string AggregateColumns = "station_id, variable, period, start, measured, filled, readings, flagged, filled_slots, unfilled_slots, diurnal_slots";

    private const string SeriesColumns =
        "station_id, variable, year, total, filled, slots, valid_slots, linear_slots, diurnal_slots, unfilled_slots, range_flags, spike_flags, stuck_flags, source_flags";

    private const string UnitColumns = "unit_id, variable, year, region, area_ha, per_ha, total, stations, covered_slots, filled_slots, year_slots";

    private readonly Dictionary<string, Station?> _stations = new(StringComparer.Ordinal);
    private long? _last;

    // The readings this unit of work added, by id and by station variable in insertion order. A batch's window is mostly the readings
    // the batch itself just inserted; reading them back through the provider cost more than the rest of the batch, so the window is read
    // from the table only for rows older than the batch (id below the first added id) and merged with these. The objects are the ones
    // the applier changes (flags, supersession), so they stay what the table holds. Valid while every added id exceeds every stored
    // id (the engine and replay both number upwards); otherwise, and after a prune, reads go to the table alone.
    private readonly Dictionary<long, StoredReading> _added = [];
    private readonly Dictionary<(string, string), List<StoredReading>> _addedBySeries = [];
    private long _firstAdded;
    private bool _addedValid = true;

    // PostgreSQL partitions mon_readings by UTC month (EcoLedger.Storage.Postgres/MonitoringPartitions.cs); a month's partition must
    // exist before its first reading is inserted, or the row lands in the default partition. The function is idempotent; the set only
    // saves round trips within this command's transaction.
    private readonly bool _partitionedByMonth = ctx.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
    private readonly HashSet<int> _monthsEnsured = [];

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

    public IReadOnlyList<StoredReading> CurrentBetween(string station, string variable, DateTime fromUtc, DateTime toUtc) =>
        Current(station, variable, null, Utc(fromUtc), Utc(toUtc));

    /// <summary>Current readings of a station variable (and account year) in a time range, by time: the table's older rows and this unit of work's.</summary>
    private List<StoredReading> Current(string station, string variable, int? year, DateTime from, DateTime to)
    {
        const string Select = $"SELECT {ReadingColumns} FROM mon_readings WHERE station_id = @p0 AND variable = @p1 AND time_utc >= @p2 AND time_utc <= @p3 " +
            "AND superseded_by IS NULL";
        if (!_addedValid || !_addedBySeries.TryGetValue((station, variable), out var added))
        {
            return year is { } y1
                ? ReadReadings($"{Select} AND year = @p4 ORDER BY time_utc", station, variable, from, to, y1)
                : ReadReadings($"{Select} ORDER BY time_utc", station, variable, from, to);
        }
        var rows = year is { } y2
            ? ReadReadings($"{Select} AND year = @p4 AND id < @p5 ORDER BY time_utc", station, variable, from, to, y2, _firstAdded)
            : ReadReadings($"{Select} AND id < @p4 ORDER BY time_utc", station, variable, from, to, _firstAdded);
        int before = rows.Count;
        foreach (var r in added)
        {
            if (r.SupersededBy is null && r.TimeUtc >= from && r.TimeUtc <= to && (year is null || r.Year == year))
            {
                rows.Add(r);
            }
        }
        if (rows.Count > before)
        {
            // Two current readings of a station variable never share a time, so this is the table's ORDER BY time_utc.
            rows.Sort(static (a, b) => a.TimeUtc.CompareTo(b.TimeUtc));
        }
        return rows;
    }

    public long LastReadingId()
    {
        _last ??= sql.Get("SELECT MAX(id) FROM mon_readings").ExecuteScalar() is { } v and not DBNull ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : 0;
        return _last.Value;
    }

    public void AddReading(StoredReading r)
    {
        if (_partitionedByMonth && _monthsEnsured.Add(r.TimeUtc.Year * 100 + r.TimeUtc.Month))
        {
            sql.Get("SELECT ecoledger_mon_readings_partition(@p0)", new DateTime(r.TimeUtc.Year, r.TimeUtc.Month, 1, 0, 0, 0, DateTimeKind.Utc)).ExecuteScalar();
        }
        sql.Exec($"INSERT INTO mon_readings ({ReadingColumns}) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14)",
            r.Id, r.StationId, r.Variable, Utc(r.TimeUtc), r.Year, r.OffsetMinutes, r.Value, r.Unit, r.Quality, r.QcValue, r.Amount, r.Flags, r.CorrectsId,
            r.SupersededBy, r.RecordedSeq);
        long before = LastReadingId();
        if (_added.Count == 0)
        {
            _firstAdded = r.Id;
        }
        _addedValid &= r.Id > before;
        if (_addedValid)
        {
            _added.Add(r.Id, r);
            if (!_addedBySeries.TryGetValue((r.StationId, r.Variable), out var list))
            {
                _addedBySeries[(r.StationId, r.Variable)] = list = [];
            }
            list.Add(r);
        }
        _last = Math.Max(before, r.Id);
    }

    public StoredReading? FindReading(long id) => _addedValid && _added.TryGetValue(id, out var r) ? r
        : ReadReadings($"SELECT {ReadingColumns} FROM mon_readings WHERE id = @p0", id).FirstOrDefault();

    public void Supersede(StoredReading reading, long correctedBy)
    {
        reading.Supersede(correctedBy);
        sql.Exec("UPDATE mon_readings SET superseded_by = @p0 WHERE id = @p1", correctedBy, reading.Id);
    }

    public void SetFlags(StoredReading reading, QcFlags flags)
    {
        reading.SetFlags(flags);
        sql.Exec("UPDATE mon_readings SET flags = @p0 WHERE id = @p1", (int)flags, reading.Id);
    }

    public (DateTime First, DateTime Last)? SeriesBounds(string station, string variable, int year)
    {
        // Ends of the series by the time index (LIMIT 1 each way), not by scanning the year: a year of one-minute readings is 525,600 rows.
        var (from, to) = YearRange(year);
        const string Where = "FROM mon_readings WHERE station_id = @p0 AND variable = @p1 AND time_utc >= @p2 AND time_utc <= @p3 AND year = @p4 AND superseded_by IS NULL";
        var first = Scalar($"SELECT time_utc {Where} ORDER BY time_utc LIMIT 1", station, variable, from, to, year);
        var last = Scalar($"SELECT time_utc {Where} ORDER BY time_utc DESC LIMIT 1", station, variable, from, to, year);
        return first is { } f && last is { } l ? (f, l) : null;
    }

    public IReadOnlyList<StoredReading> CurrentReadings(string station, string variable, int year, DateTime fromUtc, DateTime toUtc)
    {
        var (from, to) = YearRange(year);
        return Current(station, variable, year, fromUtc > from ? Utc(fromUtc) : from, toUtc < to ? Utc(toUtc) : to);
    }

    public IReadOnlyList<AggregateRow> DayAggregates(string station, string variable, DateTime fromLocal, DateTime toLocal)
    {
        using var r = sql.Get($"SELECT {AggregateColumns} FROM mon_aggregates WHERE station_id = @p0 AND variable = @p1 AND period = 'day' " +
            "AND start >= @p2 AND start <= @p3 ORDER BY start", station, variable, fromLocal, toLocal).ExecuteReader();
        var rows = new List<AggregateRow>();
        while (r.Read())
        {
            rows.Add(new AggregateRow(r.GetString(0), r.GetString(1), r.GetString(2), Unspecified(r.GetDateTime(3)), r.GetInt64(4), r.GetInt64(5), r.GetInt32(6),
                r.GetInt32(7), r.GetInt32(8), r.GetInt32(9), r.GetInt32(10)));
        }
        return rows;
    }

    public void ReplaceAggregates(string station, string variable, IReadOnlyCollection<DateTime> days, IReadOnlyList<AggregateRow> rows)
    {
        // One delete per run of consecutive days (hour and day rows alike), then the new rows.
        var sorted = days.Order().ToList();
        for (int i = 0; i < sorted.Count;)
        {
            int j = i;
            while (j + 1 < sorted.Count && sorted[j + 1] == sorted[j].AddDays(1))
            {
                j++;
            }
            sql.Exec("DELETE FROM mon_aggregates WHERE station_id = @p0 AND variable = @p1 AND start >= @p2 AND start < @p3",
                station, variable, sorted[i], sorted[j].AddDays(1));
            i = j + 1;
        }
        foreach (var a in rows)
        {
            sql.Exec($"INSERT INTO mon_aggregates ({AggregateColumns}) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10)",
                a.StationId, a.Variable, a.Period, a.Start, a.Measured, a.Filled, a.Readings, a.Flagged, a.FilledSlots, a.UnfilledSlots, a.DiurnalSlots);
        }
    }

    public void PutSeries(SeriesSummary s)
    {
        object[] values = [s.Total, s.Filled, s.Slots, s.ValidSlots, s.LinearSlots, s.DiurnalSlots, s.UnfilledSlots, s.RangeFlags, s.SpikeFlags, s.StuckFlags,
            s.SourceFlags, s.StationId, s.Variable, s.Year];
        if (sql.Exec("UPDATE mon_series SET total = @p0, filled = @p1, slots = @p2, valid_slots = @p3, linear_slots = @p4, diurnal_slots = @p5, " +
            "unfilled_slots = @p6, range_flags = @p7, spike_flags = @p8, stuck_flags = @p9, source_flags = @p10 " +
            "WHERE station_id = @p11 AND variable = @p12 AND year = @p13", values) == 0)
        {
            sql.Exec($"INSERT INTO mon_series ({SeriesColumns}) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13)",
                s.StationId, s.Variable, s.Year, s.Total, s.Filled, s.Slots, s.ValidSlots, s.LinearSlots, s.DiurnalSlots, s.UnfilledSlots, s.RangeFlags,
                s.SpikeFlags, s.StuckFlags, s.SourceFlags);
        }
    }

    public SeriesSummary? Series(string station, string variable, int year)
    {
        using var r = sql.Get($"SELECT {SeriesColumns}, pruned_seq FROM mon_series WHERE station_id = @p0 AND variable = @p1 AND year = @p2", station, variable, year)
            .ExecuteReader();
        if (!r.Read())
        {
            return null;
        }
        var s = new SeriesSummary(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetInt64(3), r.GetInt64(4), r.GetInt32(5), r.GetInt32(6), r.GetInt32(7),
            r.GetInt32(8), r.GetInt32(9), r.GetInt32(10), r.GetInt32(11), r.GetInt32(12), r.GetInt32(13));
        if (!r.IsDBNull(14))
        {
            s.Pruned(r.GetInt64(14));
        }
        return s;
    }

    public int? LatestYear() => sql.Get("SELECT MAX(year) FROM mon_series").ExecuteScalar() is { } v and not DBNull
        ? Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    public IReadOnlyList<PrunedSeries> SeriesWithReadingsThrough(int year)
    {
        // Every series with readings has its summary row; its readings are counted by the time index (one range per account year).
        var series = new List<(string Station, string Variable, int Year)>();
        using (var r = sql.Get("SELECT station_id, variable, year FROM mon_series WHERE year <= @p0 ORDER BY station_id, variable, year", year).ExecuteReader())
        {
            while (r.Read())
            {
                series.Add((r.GetString(0), r.GetString(1), r.GetInt32(2)));
            }
        }
        var list = new List<PrunedSeries>();
        foreach (var (station, variable, y) in series.OrderBy(s => s.Station, StringComparer.Ordinal).ThenBy(s => s.Variable, StringComparer.Ordinal).ThenBy(s => s.Year))
        {
            var (from, to) = YearRange(y);
            long n = Convert.ToInt64(sql.Get("SELECT COUNT(*) FROM mon_readings WHERE station_id = @p0 AND variable = @p1 AND time_utc >= @p2 AND time_utc <= @p3 " +
                "AND year = @p4", station, variable, from, to, y).ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (n > 0)
            {
                list.Add(new PrunedSeries(station, variable, y, n));
            }
        }
        return list;
    }

    public long PruneSeries(string station, string variable, int year, long seq)
    {
        _addedValid = false; // the rows go; what this unit of work added is no longer a view of the table
        _added.Clear();
        _addedBySeries.Clear();
        var (from, to) = YearRange(year);
        long n = sql.Exec("DELETE FROM mon_readings WHERE station_id = @p0 AND variable = @p1 AND time_utc >= @p2 AND time_utc <= @p3 AND year = @p4",
            station, variable, from, to, year);
        sql.Exec("UPDATE mon_series SET pruned_seq = @p0 WHERE station_id = @p1 AND variable = @p2 AND year = @p3", seq, station, variable, year);
        return n;
    }

    public UnitAccount? FindUnit(string unitId, string variable, int year)
    {
        using var r = sql.Get($"SELECT {UnitColumns} FROM mon_units WHERE unit_id = @p0 AND variable = @p1 AND year = @p2", unitId, variable, year).ExecuteReader();
        return r.Read()
            ? new UnitAccount(r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetInt64(6), r.GetInt32(7),
                r.GetInt64(8), r.GetInt64(9), r.GetInt64(10))
            : null;
    }

    public void PutUnit(UnitAccount u)
    {
        if (sql.Exec("UPDATE mon_units SET region = @p0, area_ha = @p1, per_ha = @p2, total = @p3, stations = @p4, covered_slots = @p5, filled_slots = @p6, " +
            "year_slots = @p7 WHERE unit_id = @p8 AND variable = @p9 AND year = @p10",
            u.Region, u.AreaHa, u.PerHa, u.Total, u.Stations, u.CoveredSlots, u.FilledSlots, u.YearSlots, u.UnitId, u.Variable, u.Year) == 0)
        {
            sql.Exec($"INSERT INTO mon_units ({UnitColumns}) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10)",
                u.UnitId, u.Variable, u.Year, u.Region, u.AreaHa, u.PerHa, u.Total, u.Stations, u.CoveredSlots, u.FilledSlots, u.YearSlots);
        }
    }

    public RegionAccount? FindRegion(string region, string variable, int year)
    {
        using var r = sql.Get("SELECT total, units FROM mon_regions WHERE region = @p0 AND variable = @p1 AND year = @p2", region, variable, year).ExecuteReader();
        return r.Read() ? new RegionAccount(region, variable, year, r.GetInt64(0), r.GetInt32(1)) : null;
    }

    public void PutRegion(RegionAccount g)
    {
        if (sql.Exec("UPDATE mon_regions SET total = @p0, units = @p1 WHERE region = @p2 AND variable = @p3 AND year = @p4",
            g.Total, g.Units, g.Region, g.Variable, g.Year) == 0)
        {
            sql.Exec("INSERT INTO mon_regions (region, variable, year, total, units) VALUES (@p0, @p1, @p2, @p3, @p4)", g.Region, g.Variable, g.Year, g.Total, g.Units);
        }
    }

    private List<StoredReading> ReadReadings(string text, params object?[] values)
    {
        using var r = sql.Get(text, values).ExecuteReader();
        var list = new List<StoredReading>();
        // Station ids, variables and units repeat on every row of a window: one string each, not one per row.
        string? station = null, variable = null, unit = null;
        while (r.Read())
        {
            station = Same(station, r.GetString(1));
            variable = Same(variable, r.GetString(2));
            unit = Same(unit, r.GetString(7));
            list.Add(new StoredReading(r.GetInt64(0), station, variable, ReadTime(r, 3), r.GetInt32(4), r.GetInt32(5), r.GetString(6), unit,
                r.IsDBNull(8) ? null : r.GetString(8), r.GetString(9), r.GetInt64(10), r.GetInt32(11), r.IsDBNull(12) ? null : r.GetInt64(12),
                r.IsDBNull(13) ? null : r.GetInt64(13), r.GetInt64(14)));
        }
        return list;
    }

    private static string Same(string? kept, string read) => kept is not null && string.Equals(kept, read, StringComparison.Ordinal) ? kept : read;

    /// <summary>
    /// A UTC time column: PostgreSQL returns a timestamp; SQLite the text <c>yyyy-MM-dd HH:mm:ss[.fffffff]</c>, read by position when it
    /// is a whole second (every reading is) because the provider's general parser costs more than the rest of the row.
    /// </summary>
    private static DateTime ReadTime(DbDataReader r, int i)
    {
        if (r.GetFieldType(i) == typeof(string))
        {
            string s = r.GetString(i);
            if (s.Length == 19 && s[4] == '-' && s[7] == '-' && s[10] == ' ' && s[13] == ':' && s[16] == ':'
                && Num(s, 0, 4) is int y and >= 1 && Num(s, 5, 2) is int mo and >= 1 and <= 12 && Num(s, 8, 2) is int d and >= 1
                && Num(s, 11, 2) is int h and < 24 && Num(s, 14, 2) is int mi and < 60 && Num(s, 17, 2) is int sec and < 60 && d <= DateTime.DaysInMonth(y, mo))
            {
                return new DateTime(y, mo, d, h, mi, sec, DateTimeKind.Utc);
            }
        }
        return DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc);
    }

    private static int Num(string s, int at, int length)
    {
        int v = 0;
        for (int k = at; k < at + length; k++)
        {
            if (s[k] is < '0' or > '9')
            {
                return -1;
            }
            v = v * 10 + (s[k] - '0');
        }
        return v;
    }

    private DateTime? Scalar(string text, params object?[] values) =>
        sql.Get(text, values).ExecuteScalar() is { } v and not DBNull ? DateTime.SpecifyKind(Convert.ToDateTime(v, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc) : null;

    /// <summary>End times that can belong to account year <paramref name="year"/> (the year filter decides exactly).</summary>
    private static (DateTime From, DateTime To) YearRange(int year) =>
        (Utc(new DateTime(year, 1, 1) - AccountClock.Offset), Utc(new DateTime(year + 1, 1, 1) - AccountClock.Offset + TimeSpan.FromHours(1)));

    private static DateTime Utc(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc);

    private static DateTime Unspecified(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Unspecified);
}
