using System.Globalization;
using EcoLedger.Spatial;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Migrations;

#pragma warning disable EF1001 // Npgsql's generator takes its options through an internal interface; the override surface is public.
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure.Internal;

namespace EcoLedger.Storage.Postgres;

/// <summary>
/// Npgsql's migration SQL plus the ledger's PL/pgSQL guards, emitted right after the table they guard is created: the journal,
/// the postings, the compensation samples and money postings, the signed checkpoints and the bank's distributions reject UPDATE
/// and DELETE; a bank share certificate's holder never changes. These are the SQLite migrations' triggers, the same rules. Unit
/// outlines get a PostGIS geometry column with a GiST index.
/// </summary>
/// <remarks>
/// Kept here rather than in the generated migration so that regenerating the one <c>InitialCreate</c> migration after a model
/// change (<c>ef-migrations.sh</c>) keeps them; a new append-only table is added to <see cref="AppendOnlyTables"/>.
/// </remarks>
public sealed class PostgresMigrationsSqlGenerator(MigrationsSqlGeneratorDependencies dependencies, INpgsqlSingletonOptions options)
    : NpgsqlMigrationsSqlGenerator(dependencies, options)
{
    /// <summary>Tables whose rows, once written, are never changed or removed.</summary>
    public static IReadOnlyList<string> AppendOnlyTables { get; } =
        ["journal", "postings", "comp_samples", "comp_postings", "audit_checkpoints", "bank_distributions"];

    /// <inheritdoc/>
    protected override void Generate(CreateTableOperation operation, IModel? model, MigrationCommandListBuilder builder, bool terminate = true)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(builder);
        if (operation.Name == MonitoringPartitions.Table && terminate)
        {
            // Range-partitioned by month of time_utc; PostgreSQL requires the partition key in the primary key, so it is (id, time_utc)
            // here while the model's key stays id (ids are allocated under the ledger's write lock, so id alone stays unique).
            operation.PrimaryKey!.Columns = ["id", "time_utc"];
            base.Generate(operation, model, builder, terminate: false);
            builder.Append(" PARTITION BY RANGE (time_utc)");
            builder.AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
            EndStatement(builder);
            RejectChangeFunction(builder);
            foreach (string sql in MonitoringPartitions.Setup)
            {
                Statement(builder, sql);
            }
            return;
        }
        base.Generate(operation, model, builder, terminate);
        if (!terminate)
        {
            return;
        }
        if (AppendOnlyTables.Contains(operation.Name))
        {
            RejectChangeFunction(builder);
            Statement(builder, $"CREATE TRIGGER {operation.Name}_no_update BEFORE UPDATE ON {operation.Name} FOR EACH ROW EXECUTE FUNCTION ecoledger_reject_change()");
            Statement(builder, $"CREATE TRIGGER {operation.Name}_no_delete BEFORE DELETE ON {operation.Name} FOR EACH ROW EXECUTE FUNCTION ecoledger_reject_change()");
            // TRUNCATE bypasses row triggers: a statement trigger closes that door too (SQLite has no TRUNCATE).
            Statement(builder, $"CREATE TRIGGER {operation.Name}_no_truncate BEFORE TRUNCATE ON {operation.Name} FOR EACH STATEMENT EXECUTE FUNCTION ecoledger_reject_change()");
        }
        else if (operation.Name == "project_units")
        {
            // The outline as PostGIS geometry, typed with its SRID (CGCS2000 lon/lat) and derived from the journalled EWKB, so the
            // replay and the audit keep comparing one column; a GiST index serves "units in a polygon". PostGIS must be installed on
            // the server (Debian postgresql-15-postgis-3); creating the extension needs a superuser once per database.
            Statement(builder, "CREATE EXTENSION IF NOT EXISTS postgis");
            Statement(builder, string.Create(CultureInfo.InvariantCulture,
                $"ALTER TABLE project_units ADD COLUMN geom geometry(Geometry, {UnitsInArea.Srid}) GENERATED ALWAYS AS (ST_GeomFromEWKB(geometry_wkb)) STORED"));
            Statement(builder, "CREATE INDEX ix_project_units_geom ON project_units USING gist (geom)");
        }
        else if (operation.Name == "bank_certificates")
        {
            Statement(builder, """
                CREATE OR REPLACE FUNCTION ecoledger_certificate_holder_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'share certificates cannot be transferred: holder_id is fixed' USING ERRCODE = 'restrict_violation';
                END
                $$
                """);
            Statement(builder, "CREATE TRIGGER bank_certificates_holder_fixed BEFORE UPDATE OF holder_id ON bank_certificates FOR EACH ROW " +
                "WHEN (NEW.holder_id IS DISTINCT FROM OLD.holder_id) EXECUTE FUNCTION ecoledger_certificate_holder_fixed()");
        }
    }

    private void RejectChangeFunction(MigrationCommandListBuilder builder) => Statement(builder, """
        CREATE OR REPLACE FUNCTION ecoledger_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '% is append-only: % rejected', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
        END
        $$
        """);

    private void Statement(MigrationCommandListBuilder builder, string sql)
    {
        builder.Append(sql).AppendLine(Dependencies.SqlGenerationHelper.StatementTerminator);
        EndStatement(builder);
    }
}
