using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EcoLedger.Storage.Sqlite.Migrations;

/// <inheritdoc />
public partial class MonitoringDiurnalSlots : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>(
            name: "diurnal_slots",
            table: "mon_aggregates",
            type: "INTEGER",
            nullable: false,
            defaultValue: 0);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(
            name: "diurnal_slots",
            table: "mon_aggregates");
    }
}
