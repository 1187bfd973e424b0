using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EcoLedger.Storage.Sqlite.Migrations;

/// <inheritdoc />
public partial class AuditCheckpoints : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "audit_checkpoints",
            columns: table => new
            {
                tree_size = table.Column<long>(type: "INTEGER", nullable: false),
                ledger_id = table.Column<string>(type: "TEXT", nullable: false),
                root_hash = table.Column<string>(type: "TEXT", nullable: false),
                time = table.Column<string>(type: "TEXT", nullable: false),
                signature = table.Column<string>(type: "TEXT", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_audit_checkpoints", x => x.tree_size);
            });

        migrationBuilder.CreateTable(
            name: "audit_state",
            columns: table => new
            {
                id = table.Column<int>(type: "INTEGER", nullable: false),
                ledger_id = table.Column<string>(type: "TEXT", nullable: false),
                public_key = table.Column<string>(type: "TEXT", nullable: false),
                tree_size = table.Column<long>(type: "INTEGER", nullable: false),
                compact_range = table.Column<byte[]>(type: "BLOB", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_audit_state", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "audit_subtrees",
            columns: table => new
            {
                height = table.Column<int>(type: "INTEGER", nullable: false),
                start = table.Column<long>(type: "INTEGER", nullable: false),
                hash = table.Column<byte[]>(type: "BLOB", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_audit_subtrees", x => new { x.height, x.start });
            });

        // Signed checkpoints are append-only, like the journal.
        migrationBuilder.Sql("CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only: UPDATE rejected'); END;");
        migrationBuilder.Sql("CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only: DELETE rejected'); END;");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_checkpoints_no_update;");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_checkpoints_no_delete;");

        migrationBuilder.DropTable(
            name: "audit_checkpoints");

        migrationBuilder.DropTable(
            name: "audit_state");

        migrationBuilder.DropTable(
            name: "audit_subtrees");
    }
}
