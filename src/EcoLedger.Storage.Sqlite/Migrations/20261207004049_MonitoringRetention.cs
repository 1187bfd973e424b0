using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EcoLedger.Storage.Sqlite.Migrations;

/// <inheritdoc />
public partial class MonitoringRetention : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<long>(
            name: "pruned_seq",
            table: "mon_series",
            type: "INTEGER",
            nullable: true);
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(
            name: "pruned_seq",
            table: "mon_series");
    }
}
