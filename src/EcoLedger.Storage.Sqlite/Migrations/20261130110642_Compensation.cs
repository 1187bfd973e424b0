using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EcoLedger.Storage.Sqlite.Migrations;

/// <inheritdoc />
public partial class Compensation : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "comp_agreements",
            columns: table => new
            {
                id = table.Column<string>(type: "TEXT", nullable: false),
                name = table.Column<string>(type: "TEXT", nullable: false),
                administrator_id = table.Column<string>(type: "TEXT", nullable: false),
                period_start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                period_end = table.Column<DateOnly>(type: "TEXT", nullable: false),
                round_months = table.Column<int>(type: "INTEGER", nullable: false),
                rule_json = table.Column<string>(type: "TEXT", nullable: false),
                state = table.Column<string>(type: "TEXT", nullable: false),
                created_seq = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_comp_agreements", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "comp_payments",
            columns: table => new
            {
                id = table.Column<string>(type: "TEXT", nullable: false),
                agreement_id = table.Column<string>(type: "TEXT", nullable: false),
                round_id = table.Column<string>(type: "TEXT", nullable: false),
                source_id = table.Column<string>(type: "TEXT", nullable: false),
                from_party = table.Column<string>(type: "TEXT", nullable: false),
                to_party = table.Column<string>(type: "TEXT", nullable: false),
                amount_fen = table.Column<long>(type: "INTEGER", nullable: false),
                state = table.Column<string>(type: "TEXT", nullable: false),
                created_seq = table.Column<long>(type: "INTEGER", nullable: false),
                resolved_seq = table.Column<long>(type: "INTEGER", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_comp_payments", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "comp_postings",
            columns: table => new
            {
                seq = table.Column<long>(type: "INTEGER", nullable: false),
                account = table.Column<string>(type: "TEXT", nullable: false),
                agreement_id = table.Column<string>(type: "TEXT", nullable: false),
                amount_fen = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_comp_postings", x => new { x.seq, x.account });
            });

        migrationBuilder.CreateTable(
            name: "comp_rounds",
            columns: table => new
            {
                id = table.Column<string>(type: "TEXT", nullable: false),
                agreement_id = table.Column<string>(type: "TEXT", nullable: false),
                number = table.Column<int>(type: "INTEGER", nullable: false),
                period_start = table.Column<DateOnly>(type: "TEXT", nullable: false),
                period_end = table.Column<DateOnly>(type: "TEXT", nullable: false),
                state = table.Column<string>(type: "TEXT", nullable: false),
                assessment_json = table.Column<string>(type: "TEXT", nullable: true),
                assessed_seq = table.Column<long>(type: "INTEGER", nullable: true),
                direction = table.Column<string>(type: "TEXT", nullable: true),
                amount_fen = table.Column<long>(type: "INTEGER", nullable: true),
                dispute = table.Column<string>(type: "TEXT", nullable: true),
                resolution = table.Column<string>(type: "TEXT", nullable: true),
                settled_seq = table.Column<long>(type: "INTEGER", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_comp_rounds", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "comp_samples",
            columns: table => new
            {
                id = table.Column<long>(type: "INTEGER", nullable: false),
                round_id = table.Column<string>(type: "TEXT", nullable: false),
                section = table.Column<string>(type: "TEXT", nullable: false),
                sampled_at = table.Column<string>(type: "TEXT", nullable: false),
                indicator = table.Column<string>(type: "TEXT", nullable: false),
                value = table.Column<string>(type: "TEXT", nullable: false),
                unit = table.Column<string>(type: "TEXT", nullable: false),
                lab = table.Column<string>(type: "TEXT", nullable: false),
                party = table.Column<string>(type: "TEXT", nullable: false),
                corrects_id = table.Column<long>(type: "INTEGER", nullable: true),
                reason = table.Column<string>(type: "TEXT", nullable: true),
                imported_seq = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_comp_samples", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "comp_funding_sources",
            columns: table => new
            {
                agreement_id = table.Column<string>(type: "TEXT", nullable: false),
                source_id = table.Column<string>(type: "TEXT", nullable: false),
                kind = table.Column<string>(type: "TEXT", nullable: false),
                share = table.Column<long>(type: "INTEGER", nullable: false),
                funder = table.Column<string>(type: "TEXT", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_comp_funding_sources", x => new { x.agreement_id, x.source_id });
                table.ForeignKey(
                    name: "FK_comp_funding_sources_comp_agreements_agreement_id",
                    column: x => x.agreement_id,
                    principalTable: "comp_agreements",
                    principalColumn: "id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "comp_parties",
            columns: table => new
            {
                agreement_id = table.Column<string>(type: "TEXT", nullable: false),
                participant_id = table.Column<string>(type: "TEXT", nullable: false),
                side = table.Column<string>(type: "TEXT", nullable: false),
                weight = table.Column<int>(type: "INTEGER", nullable: false),
                label = table.Column<string>(type: "TEXT", nullable: true),
                signed_seq = table.Column<long>(type: "INTEGER", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_comp_parties", x => new { x.agreement_id, x.participant_id });
                table.ForeignKey(
                    name: "FK_comp_parties_comp_agreements_agreement_id",
                    column: x => x.agreement_id,
                    principalTable: "comp_agreements",
                    principalColumn: "id",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(
            name: "IX_comp_payments_agreement_id",
            table: "comp_payments",
            column: "agreement_id");

        migrationBuilder.CreateIndex(
            name: "IX_comp_payments_round_id",
            table: "comp_payments",
            column: "round_id");

        migrationBuilder.CreateIndex(
            name: "IX_comp_postings_account",
            table: "comp_postings",
            column: "account");

        migrationBuilder.CreateIndex(
            name: "IX_comp_postings_agreement_id",
            table: "comp_postings",
            column: "agreement_id");

        migrationBuilder.CreateIndex(
            name: "IX_comp_rounds_agreement_id_number",
            table: "comp_rounds",
            columns: new[] { "agreement_id", "number" },
            unique: true);

        migrationBuilder.CreateIndex(
            name: "IX_comp_samples_round_id",
            table: "comp_samples",
            column: "round_id");

        // Samples and money postings are append-only: SQLite itself rejects any UPDATE or DELETE (corrections are new samples).
        foreach (var table in new[] { "comp_samples", "comp_postings" })
        {
            migrationBuilder.Sql($"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only: UPDATE rejected'); END;");
            migrationBuilder.Sql($"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is append-only: DELETE rejected'); END;");
        }
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "comp_samples", "comp_postings" })
        {
            migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {table}_no_update;");
            migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {table}_no_delete;");
        }

        migrationBuilder.DropTable(
            name: "comp_funding_sources");

        migrationBuilder.DropTable(
            name: "comp_parties");

        migrationBuilder.DropTable(
            name: "comp_payments");

        migrationBuilder.DropTable(
            name: "comp_postings");

        migrationBuilder.DropTable(
            name: "comp_rounds");

        migrationBuilder.DropTable(
            name: "comp_samples");

        migrationBuilder.DropTable(
            name: "comp_agreements");
    }
}
