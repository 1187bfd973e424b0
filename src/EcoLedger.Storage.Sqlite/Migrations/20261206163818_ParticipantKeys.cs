using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EcoLedger.Storage.Sqlite.Migrations;

/// <inheritdoc />
public partial class ParticipantKeys : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "participant_keys",
            columns: table => new
            {
                key_id = table.Column<string>(type: "TEXT", nullable: false),
                participant_id = table.Column<string>(type: "TEXT", nullable: false),
                public_key = table.Column<string>(type: "TEXT", nullable: false),
                registered_seq = table.Column<long>(type: "INTEGER", nullable: false),
                revoked_seq = table.Column<long>(type: "INTEGER", nullable: true),
                revoked_reason = table.Column<string>(type: "TEXT", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_participant_keys", x => x.key_id);
            });

        migrationBuilder.CreateIndex(
            name: "IX_participant_keys_participant_id",
            table: "participant_keys",
            column: "participant_id");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(
            name: "participant_keys");
    }
}
