using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EcoLedger.Storage.Sqlite.Migrations;

/// <inheritdoc />
public partial class RegistryInterop : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "interop_article6",
            columns: table => new
            {
                issuance_id = table.Column<string>(type: "TEXT", nullable: false),
                project_id = table.Column<string>(type: "TEXT", nullable: false),
                authorization = table.Column<string>(type: "TEXT", nullable: false),
                adjustment = table.Column<string>(type: "TEXT", nullable: false),
                authorization_reference = table.Column<string>(type: "TEXT", nullable: true),
                authorized_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                first_transfer_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                first_transfer_basis = table.Column<string>(type: "TEXT", nullable: true),
                adjustment_reference = table.Column<string>(type: "TEXT", nullable: true),
                adjusted_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                updated_seq = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_interop_article6", x => x.issuance_id);
            });

        migrationBuilder.CreateTable(
            name: "interop_jurisdictions",
            columns: table => new
            {
                participant_id = table.Column<string>(type: "TEXT", nullable: false),
                country = table.Column<string>(type: "TEXT", nullable: false),
                region = table.Column<string>(type: "TEXT", nullable: true),
                updated_seq = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_interop_jurisdictions", x => x.participant_id);
            });

        migrationBuilder.CreateTable(
            name: "interop_labels",
            columns: table => new
            {
                id = table.Column<string>(type: "TEXT", nullable: false),
                project_id = table.Column<string>(type: "TEXT", nullable: false),
                issuance_id = table.Column<string>(type: "TEXT", nullable: true),
                label = table.Column<string>(type: "TEXT", nullable: false),
                label_type = table.Column<string>(type: "TEXT", nullable: false),
                approving_body = table.Column<string>(type: "TEXT", nullable: false),
                approved_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                valid_from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                valid_to = table.Column<DateOnly>(type: "TEXT", nullable: false),
                link = table.Column<string>(type: "TEXT", nullable: false),
                state = table.Column<string>(type: "TEXT", nullable: false),
                withdrawn_reason = table.Column<string>(type: "TEXT", nullable: true),
                granted_seq = table.Column<long>(type: "INTEGER", nullable: false),
                withdrawn_seq = table.Column<long>(type: "INTEGER", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_interop_labels", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "interop_listings",
            columns: table => new
            {
                project_id = table.Column<string>(type: "TEXT", nullable: false),
                registry = table.Column<string>(type: "TEXT", nullable: false),
                external_id = table.Column<string>(type: "TEXT", nullable: false),
                relationship = table.Column<string>(type: "TEXT", nullable: false),
                link = table.Column<string>(type: "TEXT", nullable: true),
                added_seq = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_interop_listings", x => new { x.project_id, x.registry, x.external_id });
            });

        migrationBuilder.CreateTable(
            name: "interop_projects",
            columns: table => new
            {
                project_id = table.Column<string>(type: "TEXT", nullable: false),
                name = table.Column<string>(type: "TEXT", nullable: false),
                ndc_coverage = table.Column<string>(type: "TEXT", nullable: false),
                host_country = table.Column<string>(type: "TEXT", nullable: false),
                host_region = table.Column<string>(type: "TEXT", nullable: true),
                sector = table.Column<string>(type: "TEXT", nullable: false),
                project_type = table.Column<string>(type: "TEXT", nullable: false),
                methodology = table.Column<string>(type: "TEXT", nullable: false),
                updated_seq = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_interop_projects", x => x.project_id);
            });

        migrationBuilder.CreateIndex(
            name: "IX_interop_article6_project_id",
            table: "interop_article6",
            column: "project_id");

        migrationBuilder.CreateIndex(
            name: "IX_interop_labels_project_id",
            table: "interop_labels",
            column: "project_id");

        migrationBuilder.CreateIndex(
            name: "IX_interop_listings_registry_external_id",
            table: "interop_listings",
            columns: new[] { "registry", "external_id" });
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(
            name: "interop_article6");

        migrationBuilder.DropTable(
            name: "interop_jurisdictions");

        migrationBuilder.DropTable(
            name: "interop_labels");

        migrationBuilder.DropTable(
            name: "interop_listings");

        migrationBuilder.DropTable(
            name: "interop_projects");
    }
}
