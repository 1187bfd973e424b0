using EcoLedger.Monitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace EcoLedger.Storage.Postgres;

/// <summary>
/// Monitoring readings (<c>mon_readings</c>) on PostgreSQL: declarative range partitions by calendar month of <c>time_utc</c>
/// (UTC), named <c>mon_readings_pYYYYMM</c>, plus <c>mon_readings_default</c> for a reading whose month has no partition yet.
/// </summary>
/// <remarks>
/// <para>
/// <b>Partitions are created as needed by the ingest:</b> the monitoring store's prepared insert (SqlMonitoringStore.AddReading) and, for
/// readings EF Core inserts, <see cref="Interceptor"/> call
/// <c>ecoledger_mon_readings_partition(t)</c> once per month the batch touches (in the command's transaction, under the ledger's
/// write lock), which creates the month's partition if it is missing (one round trip per month per batch). A writer that bypasses both (bulk SQL) lands in the default
/// partition; <c>SELECT ecoledger_mon_readings_maintain()</c> (the documented maintenance step, docs/scaling.md) moves those rows into
/// their monthly partitions. Creating next month's partition ahead (<c>SELECT ecoledger_mon_readings_partition(now() + interval
/// '1 month')</c>, e.g. from cron) keeps the first ingest of a month from taking the DDL lock.
/// </para>
/// <para>
/// <b>The append-only guard holds on every partition:</b> the row triggers of the partitioned table (PostgreSQL clones them to each
/// partition) refuse DELETE and any UPDATE except of the QC flags and <c>superseded_by</c> (the only fields the monitoring applier
/// changes); TRUNCATE is refused by a statement trigger on the parent and on each partition, which the partition function adds
/// (statement triggers are not cloned). Detaching or dropping a partition is DDL, a DBA's act outside the guard; the audit's replay
/// comparison (<c>audit verify --db</c>) names every missing or changed row.
/// </para>
/// </remarks>
internal static class MonitoringPartitions
{
    /// <summary>The partitioned table.</summary>
    public const string Table = "mon_readings";

    /// <summary>Statements run by the migration right after the partitioned table is created.</summary>
    public static readonly string[] Setup =
    [
        """
        CREATE OR REPLACE FUNCTION ecoledger_mon_reading_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' OR (NEW.id, NEW.station_id, NEW.variable, NEW.time_utc, NEW.year, NEW.offset_minutes, NEW.value, NEW.unit,
                    NEW.quality, NEW.qc_value, NEW.amount, NEW.corrects_id, NEW.recorded_seq)
                IS DISTINCT FROM (OLD.id, OLD.station_id, OLD.variable, OLD.time_utc, OLD.year, OLD.offset_minutes, OLD.value, OLD.unit,
                    OLD.quality, OLD.qc_value, OLD.amount, OLD.corrects_id, OLD.recorded_seq) THEN
                RAISE EXCEPTION 'mon_readings is append-only (only flags and superseded_by change): % rejected', TG_OP USING ERRCODE = 'restrict_violation';
            END IF;
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END
        $$
        """,
        "CREATE TRIGGER mon_readings_fixed BEFORE UPDATE OR DELETE ON mon_readings FOR EACH ROW EXECUTE FUNCTION ecoledger_mon_reading_fixed()",
        "CREATE TRIGGER mon_readings_no_truncate BEFORE TRUNCATE ON mon_readings FOR EACH STATEMENT EXECUTE FUNCTION ecoledger_reject_change()",
        "CREATE TABLE mon_readings_default PARTITION OF mon_readings DEFAULT",
        "CREATE TRIGGER mon_readings_default_no_truncate BEFORE TRUNCATE ON mon_readings_default FOR EACH STATEMENT EXECUTE FUNCTION ecoledger_reject_change()",
        """
        CREATE OR REPLACE FUNCTION ecoledger_mon_readings_partition(t timestamptz) RETURNS text LANGUAGE plpgsql AS $$
        DECLARE
            m timestamptz := date_trunc('month', t AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
            n text := 'mon_readings_p' || to_char(t AT TIME ZONE 'UTC', 'YYYYMM');
        BEGIN
            IF to_regclass(n) IS NOT NULL THEN
                RETURN n;
            END IF;
            IF EXISTS (SELECT 1 FROM mon_readings_default WHERE time_utc >= m AND time_utc < m + interval '1 month') THEN
                PERFORM ecoledger_mon_readings_maintain();
                IF to_regclass(n) IS NOT NULL THEN
                    RETURN n;
                END IF;
            END IF;
            EXECUTE format('CREATE TABLE %I PARTITION OF mon_readings FOR VALUES FROM (%L) TO (%L)', n, m, m + interval '1 month');
            EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION ecoledger_reject_change()', n || '_no_truncate', n);
            RETURN n;
        END
        $$
        """,
        """
        CREATE OR REPLACE FUNCTION ecoledger_mon_readings_maintain() RETURNS integer LANGUAGE plpgsql AS $$
        DECLARE
            moved integer;
            month timestamptz;
        BEGIN
            -- The default partition's rows move to their months: detach it, give the table a new empty default, create the months'
            -- partitions, copy the rows through the parent (routed by month) and drop the detached table. No row is deleted or
            -- changed, so the append-only triggers are not bypassed; it all happens in the caller's transaction.
            ALTER TABLE mon_readings DETACH PARTITION mon_readings_default;
            ALTER TABLE mon_readings_default RENAME TO mon_readings_default_moving;
            CREATE TABLE mon_readings_default PARTITION OF mon_readings DEFAULT;
            CREATE TRIGGER mon_readings_default_no_truncate BEFORE TRUNCATE ON mon_readings_default FOR EACH STATEMENT EXECUTE FUNCTION ecoledger_reject_change();
            FOR month IN SELECT DISTINCT date_trunc('month', time_utc AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' FROM mon_readings_default_moving LOOP
                PERFORM ecoledger_mon_readings_partition(month);
            END LOOP;
            INSERT INTO mon_readings SELECT * FROM mon_readings_default_moving;
            GET DIAGNOSTICS moved = ROW_COUNT;
            DROP TABLE mon_readings_default_moving;
            RETURN moved;
        END
        $$
        """,
    ];

    /// <summary>The SaveChanges hook that creates the months' partitions before EF Core inserts readings.</summary>
    public static SaveChangesInterceptor Interceptor { get; } = new EnsureMonths();

    private sealed class EnsureMonths : SaveChangesInterceptor
    {
        public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
        {
            Ensure(eventData.Context);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            Ensure(eventData.Context);
            return ValueTask.FromResult(result);
        }

        private void Ensure(DbContext? context)
        {
            if (context is null)
            {
                return;
            }
            var months = context.ChangeTracker.Entries<StoredReading>().Where(e => e.State == EntityState.Added)
                .Select(e => new DateTime(e.Entity.TimeUtc.Year, e.Entity.TimeUtc.Month, 1, 0, 0, 0, DateTimeKind.Utc)).Distinct().ToList();
            if (months.Count == 0)
            {
                return;
            }
            // One round trip per month in the batch, every batch: a cache could outlive a rolled-back partition.
            foreach (var month in months)
            {
                context.Database.ExecuteSql($"SELECT ecoledger_mon_readings_partition({month})");
            }
        }
    }
}
