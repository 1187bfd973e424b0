using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EcoLedger.Storage.Sqlite.Migrations;

/// <inheritdoc />
public partial class MonitoringReadingsTimeIndexOnly : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(
            name: "IX_mon_readings_station_id_variable_year",
            table: "mon_readings");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex(
            name: "IX_mon_readings_station_id_variable_year",
            table: "mon_readings",
            columns: new[] { "station_id", "variable", "year" });
    }
}
