using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EcoLedger.Storage.Sqlite.Migrations;

/// <inheritdoc />
public partial class Initial : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "blocks",
            columns: table => new
            {
                id = table.Column<long>(type: "INTEGER", nullable: false),
                project_id = table.Column<string>(type: "TEXT", nullable: false),
                vintage_start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                vintage_end = table.Column<DateOnly>(type: "TEXT", nullable: false),
                start = table.Column<long>(type: "INTEGER", nullable: false),
                end = table.Column<long>(type: "INTEGER", nullable: false),
                holder_id = table.Column<string>(type: "TEXT", nullable: false),
                status = table.Column<string>(type: "TEXT", nullable: false),
                pledgee_id = table.Column<string>(type: "TEXT", nullable: true),
                parent_id = table.Column<long>(type: "INTEGER", nullable: true),
                created_seq = table.Column<long>(type: "INTEGER", nullable: false),
                version = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_blocks", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "issuance_requests",
            columns: table => new
            {
                id = table.Column<string>(type: "TEXT", nullable: false),
                project_id = table.Column<string>(type: "TEXT", nullable: false),
                vintage_start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                vintage_end = table.Column<DateOnly>(type: "TEXT", nullable: false),
                quantity = table.Column<long>(type: "INTEGER", nullable: false),
                state = table.Column<string>(type: "TEXT", nullable: false),
                verifier_id = table.Column<string>(type: "TEXT", nullable: true),
                serial_start = table.Column<long>(type: "INTEGER", nullable: true),
                buffer_quantity = table.Column<long>(type: "INTEGER", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_issuance_requests", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "journal",
            columns: table => new
            {
                seq = table.Column<long>(type: "INTEGER", nullable: false),
                time = table.Column<string>(type: "TEXT", nullable: false),
                actor = table.Column<string>(type: "TEXT", nullable: false),
                kind = table.Column<string>(type: "TEXT", nullable: false),
                payload = table.Column<string>(type: "TEXT", nullable: false),
                prev_hash = table.Column<string>(type: "TEXT", nullable: false),
                hash = table.Column<string>(type: "TEXT", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_journal", x => x.seq);
            });

        migrationBuilder.CreateTable(
            name: "participants",
            columns: table => new
            {
                id = table.Column<string>(type: "TEXT", nullable: false),
                role = table.Column<string>(type: "TEXT", nullable: false),
                name = table.Column<string>(type: "TEXT", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_participants", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "projects",
            columns: table => new
            {
                id = table.Column<string>(type: "TEXT", nullable: false),
                owner_id = table.Column<string>(type: "TEXT", nullable: false),
                region = table.Column<string>(type: "TEXT", nullable: false),
                methodology = table.Column<string>(type: "TEXT", nullable: false),
                buffer_basis_points = table.Column<int>(type: "INTEGER", nullable: false),
                period_start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                period_end = table.Column<DateOnly>(type: "TEXT", nullable: false),
                state = table.Column<string>(type: "TEXT", nullable: false),
                next_serial = table.Column<long>(type: "INTEGER", nullable: false),
                reversal_shortfall = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_projects", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "project_units",
            columns: table => new
            {
                project_id = table.Column<string>(type: "TEXT", nullable: false),
                unit_id = table.Column<string>(type: "TEXT", nullable: false),
                geometry_wkb = table.Column<byte[]>(type: "BLOB", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_project_units", x => new { x.project_id, x.unit_id });
                table.ForeignKey(
                    name: "FK_project_units_projects_project_id",
                    column: x => x.project_id,
                    principalTable: "projects",
                    principalColumn: "id",
                    onDelete: ReferentialAction.Cascade);
            });

        // The three append-heavy tables are clustered on their primary key (WITHOUT ROWID): one b-tree per row written
        // instead of a rowid table plus a key index. EF's model describes the same columns and keys.
        migrationBuilder.Sql("CREATE TABLE block_touches (block_id INTEGER NOT NULL, seq INTEGER NOT NULL, " +
            "CONSTRAINT PK_block_touches PRIMARY KEY (block_id, seq)) WITHOUT ROWID;");
        migrationBuilder.Sql("CREATE TABLE postings (seq INTEGER NOT NULL, account TEXT NOT NULL, project_id TEXT NOT NULL, " +
            "vintage_start TEXT NOT NULL, vintage_end TEXT NOT NULL, amount INTEGER NOT NULL, " +
            "CONSTRAINT PK_postings PRIMARY KEY (seq, account, project_id, vintage_start, vintage_end)) WITHOUT ROWID;");
        migrationBuilder.Sql("CREATE TABLE requests (request_id TEXT NOT NULL, fingerprint TEXT NOT NULL, seq INTEGER NOT NULL, " +
            "CONSTRAINT PK_requests PRIMARY KEY (request_id)) WITHOUT ROWID;");

        migrationBuilder.CreateIndex(
            name: "IX_blocks_holder_id_status",
            table: "blocks",
            columns: new[] { "holder_id", "status" });

        migrationBuilder.CreateIndex(
            name: "IX_blocks_project_id_start",
            table: "blocks",
            columns: new[] { "project_id", "start" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_issuance_requests_project_id",
            table: "issuance_requests",
            column: "project_id");

        migrationBuilder.CreateIndex(
            name: "IX_postings_account",
            table: "postings",
            column: "account");

        // The journal and the postings are append-only: SQLite itself rejects any UPDATE or DELETE.
        foreach (var table in new[] { "journal", "postings" })
        {
            migrationBuilder.Sql($"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE rejected'); END;");
            migrationBuilder.Sql($"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE rejected'); END;");
        }
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "journal", "postings" })
        {
            migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {table}_no_update;");
            migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {table}_no_delete;");
        }

        migrationBuilder.DropTable(
            name: "block_touches");

        migrationBuilder.DropTable(
            name: "blocks");

        migrationBuilder.DropTable(
            name: "issuance_requests");

        migrationBuilder.DropTable(
            name: "journal");

        migrationBuilder.DropTable(
            name: "participants");

        migrationBuilder.DropTable(
            name: "postings");

        migrationBuilder.DropTable(
            name: "project_units");

        migrationBuilder.DropTable(
            name: "requests");

        migrationBuilder.DropTable(
            name: "projects");
    }
}
