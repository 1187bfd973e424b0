using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EcoLedger.Storage.Sqlite.Migrations;

/// <inheritdoc />
public partial class Monitoring : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "mon_aggregates",
            columns: table => new
            {
                station_id = table.Column<string>(type: "TEXT", nullable: false),
                variable = table.Column<string>(type: "TEXT", nullable: false),
                period = table.Column<string>(type: "TEXT", nullable: false),
                start = table.Column<DateTime>(type: "TEXT", nullable: false),
                measured = table.Column<long>(type: "INTEGER", nullable: false),
                filled = table.Column<long>(type: "INTEGER", nullable: false),
                readings = table.Column<int>(type: "INTEGER", nullable: false),
                flagged = table.Column<int>(type: "INTEGER", nullable: false),
                filled_slots = table.Column<int>(type: "INTEGER", nullable: false),
                unfilled_slots = table.Column<int>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_mon_aggregates", x => new { x.station_id, x.variable, x.period, x.start });
            });

        migrationBuilder.CreateTable(
            name: "mon_readings",
            columns: table => new
            {
                id = table.Column<long>(type: "INTEGER", nullable: false),
                station_id = table.Column<string>(type: "TEXT", nullable: false),
                variable = table.Column<string>(type: "TEXT", nullable: false),
                time_utc = table.Column<DateTime>(type: "TEXT", nullable: false),
                year = table.Column<int>(type: "INTEGER", nullable: false),
                offset_minutes = table.Column<int>(type: "INTEGER", nullable: false),
                value = table.Column<string>(type: "TEXT", nullable: false),
                unit = table.Column<string>(type: "TEXT", nullable: false),
                quality = table.Column<string>(type: "TEXT", nullable: true),
                qc_value = table.Column<string>(type: "TEXT", nullable: false),
                amount = table.Column<long>(type: "INTEGER", nullable: false),
                flags = table.Column<int>(type: "INTEGER", nullable: false),
                corrects_id = table.Column<long>(type: "INTEGER", nullable: true),
                superseded_by = table.Column<long>(type: "INTEGER", nullable: true),
                recorded_seq = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_mon_readings", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "mon_regions",
            columns: table => new
            {
                region = table.Column<string>(type: "TEXT", nullable: false),
                variable = table.Column<string>(type: "TEXT", nullable: false),
                year = table.Column<int>(type: "INTEGER", nullable: false),
                total = table.Column<long>(type: "INTEGER", nullable: false),
                units = table.Column<int>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_mon_regions", x => new { x.region, x.variable, x.year });
            });

        migrationBuilder.CreateTable(
            name: "mon_series",
            columns: table => new
            {
                station_id = table.Column<string>(type: "TEXT", nullable: false),
                variable = table.Column<string>(type: "TEXT", nullable: false),
                year = table.Column<int>(type: "INTEGER", nullable: false),
                total = table.Column<long>(type: "INTEGER", nullable: false),
                filled = table.Column<long>(type: "INTEGER", nullable: false),
                slots = table.Column<int>(type: "INTEGER", nullable: false),
                valid_slots = table.Column<int>(type: "INTEGER", nullable: false),
                linear_slots = table.Column<int>(type: "INTEGER", nullable: false),
                diurnal_slots = table.Column<int>(type: "INTEGER", nullable: false),
                unfilled_slots = table.Column<int>(type: "INTEGER", nullable: false),
                range_flags = table.Column<int>(type: "INTEGER", nullable: false),
                spike_flags = table.Column<int>(type: "INTEGER", nullable: false),
                stuck_flags = table.Column<int>(type: "INTEGER", nullable: false),
                source_flags = table.Column<int>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_mon_series", x => new { x.station_id, x.variable, x.year });
            });

        migrationBuilder.CreateTable(
            name: "mon_station_units",
            columns: table => new
            {
                station_id = table.Column<string>(type: "TEXT", nullable: false),
                unit_id = table.Column<string>(type: "TEXT", nullable: false),
                weight = table.Column<string>(type: "TEXT", nullable: false),
                area_ha = table.Column<string>(type: "TEXT", nullable: false),
                region = table.Column<string>(type: "TEXT", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_mon_station_units", x => new { x.station_id, x.unit_id });
            });

        migrationBuilder.CreateTable(
            name: "mon_stations",
            columns: table => new
            {
                id = table.Column<string>(type: "TEXT", nullable: false),
                kind = table.Column<string>(type: "TEXT", nullable: false),
                longitude = table.Column<string>(type: "TEXT", nullable: false),
                latitude = table.Column<string>(type: "TEXT", nullable: false),
                definition = table.Column<string>(type: "TEXT", nullable: false),
                registered_seq = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_mon_stations", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "mon_units",
            columns: table => new
            {
                unit_id = table.Column<string>(type: "TEXT", nullable: false),
                variable = table.Column<string>(type: "TEXT", nullable: false),
                year = table.Column<int>(type: "INTEGER", nullable: false),
                region = table.Column<string>(type: "TEXT", nullable: false),
                area_ha = table.Column<string>(type: "TEXT", nullable: false),
                per_ha = table.Column<string>(type: "TEXT", nullable: false),
                total = table.Column<long>(type: "INTEGER", nullable: false),
                stations = table.Column<int>(type: "INTEGER", nullable: false),
                covered_slots = table.Column<long>(type: "INTEGER", nullable: false),
                filled_slots = table.Column<long>(type: "INTEGER", nullable: false),
                year_slots = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_mon_units", x => new { x.unit_id, x.variable, x.year });
            });

        migrationBuilder.CreateIndex(
            name: "IX_mon_readings_station_id_variable_time_utc",
            table: "mon_readings",
            columns: new[] { "station_id", "variable", "time_utc" });

        migrationBuilder.CreateIndex(
            name: "IX_mon_readings_station_id_variable_year",
            table: "mon_readings",
            columns: new[] { "station_id", "variable", "year" });

        migrationBuilder.CreateIndex(
            name: "IX_mon_station_units_unit_id",
            table: "mon_station_units",
            column: "unit_id");

        migrationBuilder.CreateIndex(
            name: "IX_mon_units_region_variable_year",
            table: "mon_units",
            columns: new[] { "region", "variable", "year" });
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(
            name: "mon_aggregates");

        migrationBuilder.DropTable(
            name: "mon_readings");

        migrationBuilder.DropTable(
            name: "mon_regions");

        migrationBuilder.DropTable(
            name: "mon_series");

        migrationBuilder.DropTable(
            name: "mon_station_units");

        migrationBuilder.DropTable(
            name: "mon_stations");

        migrationBuilder.DropTable(
            name: "mon_units");
    }
}
