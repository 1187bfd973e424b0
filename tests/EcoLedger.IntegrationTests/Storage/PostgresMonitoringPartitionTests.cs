using EcoLedger.IntegrationTests.Ledger;
using EcoLedger.Storage;
using Npgsql;

namespace EcoLedger.IntegrationTests.Storage;

/// <summary>
/// Monitoring readings on PostgreSQL: a table range-partitioned by UTC month, partitions created by the ingest, the append-only
/// guard on every partition, and the audit still naming a changed reading.
/// </summary>
public sealed class PostgresMonitoringPartitionTests : IDisposable
{
    private readonly LedgerTestDb _t = new("postgres");

    public PostgresMonitoringPartitionTests()
    {
        _t.SeedFast();
        File.WriteAllText(F("units.csv"), "unit_id,region,ecosystem,subtype,area_ha\nU1,YC,forest,mixed,100\nU2,YC,forest,mixed,50\n");
        File.WriteAllText(F("stations.csv"), EcoLedger.Monitoring.StationFile.Header + "\n" +
            "T1,flux_tower,128.9,47.7,nee,umol m-2 s-1,30,-50,50,,,4,,,U1:1;U2:1\n");
        // 1 June 2024 00:30 and 01:00 in UTC+8 are 31 May 16:30 and 17:00 UTC: May's partition, not June's. 1 July 12:00 UTC+8 is July.
        File.WriteAllText(F("r.csv"), "station,variable,time,value,unit\n" +
            "T1,nee,2024-06-01T00:30:00+08:00,-10,umol m-2 s-1\n" +
            "T1,nee,2024-05-31T17:00:00Z,-8,umol m-2 s-1\n" +
            "T1,nee,2024-07-01T12:00:00+08:00,-4,umol m-2 s-1\n");
        _t.Ok("monitor", "stations", "import", F("stations.csv"), "--units", F("units.csv"), "--actor", "reg");
        _t.Ok("monitor", "ingest", F("r.csv"), "--actor", "ver");
    }

    private string F(string name) => Path.Combine(_t.Dir, name);

    public void Dispose() => _t.Dispose();

    [Fact]
    public void Readings_land_in_the_partition_of_their_utc_month_and_verify()
    {
        using var c = Open();
        Assert.Equal("r", Scalar(c, "SELECT partstrat::text FROM pg_partitioned_table WHERE partrelid = 'mon_readings'::regclass"));
        Assert.Equal("1:mon_readings_p202405,2:mon_readings_p202405,3:mon_readings_p202407",
            Scalar(c, "SELECT string_agg(id || ':' || tableoid::regclass::text, ',' ORDER BY id) FROM mon_readings"));
        Assert.Equal(0L, Scalar(c, "SELECT count(*) FROM mon_readings_default"));
        Assert.Equal("FOR VALUES FROM ('2024-05-01 00:00:00+00') TO ('2024-06-01 00:00:00+00')",
            Scalar(c, "SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = 'mon_readings_p202405'"));
        using var db = LedgerDatabase.Open(_t.Path);
        var v = db.VerifyLive();
        Assert.True(v.Verified, v.Failure);
        Assert.Empty(v.Differences);
    }

    [Theory]
    [InlineData("UPDATE mon_readings SET value = '-1' WHERE id = 1")]
    [InlineData("UPDATE mon_readings_p202407 SET amount = 0 WHERE id = 3")]
    [InlineData("DELETE FROM mon_readings_p202405 WHERE id = 2")]
    [InlineData("DELETE FROM mon_readings")]
    [InlineData("TRUNCATE mon_readings_p202405")]
    [InlineData("TRUNCATE mon_readings")]
    public void Changing_or_removing_a_reading_is_refused_on_the_table_and_on_each_partition(string sql)
    {
        using var c = Open();
        var e = Assert.Throws<PostgresException>(() => Scalar(c, sql));
        Assert.Equal(PostgresErrorCodes.RestrictViolation, e.SqlState);
        Assert.Equal(3L, Scalar(c, "SELECT count(*) FROM mon_readings"));
    }

    [Fact]
    public void A_reading_changed_behind_the_triggers_fails_the_audit()
    {
        using (var c = Open())
        {
            // a superuser can switch the triggers off for the session: the journal still says what the reading was
            Scalar(c, "SET session_replication_role = replica");
            Scalar(c, "UPDATE mon_readings_p202405 SET value = '-1' WHERE id = 1");
        }
        using var db = LedgerDatabase.Open(_t.Path);
        var v = db.VerifyLive();
        Assert.False(v.Verified);
        Assert.Equal("mon_readings row (id=1): value is '-1' in the live table but '-10' by the journal", v.Failure);
    }

    [Fact]
    public void Readings_written_to_the_default_partition_are_moved_to_their_months_by_the_maintenance_step()
    {
        using var c = Open();
        // a writer that bypasses EF (bulk SQL) for a month without a partition: the row lands in the default partition
        Scalar(c, "INSERT INTO mon_readings SELECT 99, station_id, variable, '2024-09-15T00:00:00Z', year, offset_minutes, value, unit, quality, qc_value, amount, " +
            "flags, corrects_id, superseded_by, recorded_seq FROM mon_readings WHERE id = 1");
        Assert.Equal("mon_readings_default", Scalar(c, "SELECT tableoid::regclass::text FROM mon_readings WHERE id = 99"));

        Assert.Equal(1, Scalar(c, "SELECT ecoledger_mon_readings_maintain()"));

        Assert.Equal("mon_readings_p202409", Scalar(c, "SELECT tableoid::regclass::text FROM mon_readings WHERE id = 99"));
        Assert.Equal((4L, 0L), ((long)Scalar(c, "SELECT count(*) FROM mon_readings"), (long)Scalar(c, "SELECT count(*) FROM mon_readings_default")));
        var e = Assert.Throws<PostgresException>(() => Scalar(c, "TRUNCATE mon_readings_default"));
        Assert.Equal(PostgresErrorCodes.RestrictViolation, e.SqlState);
    }

    private NpgsqlConnection Open()
    {
        var c = new NpgsqlConnection(_t.Path);
        c.Open();
        return c;
    }

    private static object Scalar(NpgsqlConnection c, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, c);
        return cmd.ExecuteScalar() ?? DBNull.Value;
    }
}
