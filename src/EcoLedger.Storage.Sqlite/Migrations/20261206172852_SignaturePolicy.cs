using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EcoLedger.Storage.Sqlite.Migrations;

/// <inheritdoc />
public partial class SignaturePolicy : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "ledger_settings",
            columns: table => new
            {
                name = table.Column<string>(type: "TEXT", nullable: false),
                value = table.Column<string>(type: "TEXT", nullable: false),
                set_seq = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_ledger_settings", x => x.name);
            });
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(
            name: "ledger_settings");
    }
}
