using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EcoLedger.Storage.Sqlite.Migrations;

/// <inheritdoc />
public partial class Pricing : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "bank_certificates",
            columns: table => new
            {
                id = table.Column<string>(type: "TEXT", nullable: false),
                package_id = table.Column<string>(type: "TEXT", nullable: false),
                holder_id = table.Column<string>(type: "TEXT", nullable: false),
                weight = table.Column<decimal>(type: "TEXT", nullable: false),
                guaranteed_minimum_fen = table.Column<long>(type: "INTEGER", nullable: false),
                status = table.Column<string>(type: "TEXT", nullable: false),
                pledgee_id = table.Column<string>(type: "TEXT", nullable: true),
                loan_fen = table.Column<long>(type: "INTEGER", nullable: true),
                version = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_bank_certificates", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "bank_distributions",
            columns: table => new
            {
                package_id = table.Column<string>(type: "TEXT", nullable: false),
                year = table.Column<int>(type: "INTEGER", nullable: false),
                certificate_id = table.Column<string>(type: "TEXT", nullable: false),
                holder_id = table.Column<string>(type: "TEXT", nullable: false),
                minimum_fen = table.Column<long>(type: "INTEGER", nullable: false),
                paid_minimum_fen = table.Column<long>(type: "INTEGER", nullable: false),
                profit_fen = table.Column<long>(type: "INTEGER", nullable: false),
                total_fen = table.Column<long>(type: "INTEGER", nullable: false),
                owed_fen = table.Column<long>(type: "INTEGER", nullable: false),
                seq = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_bank_distributions", x => new { x.package_id, x.year, x.certificate_id });
            });

        migrationBuilder.CreateTable(
            name: "bank_package_units",
            columns: table => new
            {
                package_id = table.Column<string>(type: "TEXT", nullable: false),
                unit_id = table.Column<string>(type: "TEXT", nullable: false),
                contributor = table.Column<string>(type: "TEXT", nullable: false),
                mode = table.Column<string>(type: "TEXT", nullable: false),
                term_years = table.Column<int>(type: "INTEGER", nullable: false),
                area_ha = table.Column<decimal>(type: "TEXT", nullable: false),
                annual_gep_fen = table.Column<long>(type: "INTEGER", nullable: false),
                carbon_t_per_year = table.Column<decimal>(type: "TEXT", nullable: false),
                guaranteed_min_fen = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_bank_package_units", x => new { x.package_id, x.unit_id });
            });

        migrationBuilder.CreateTable(
            name: "bank_packages",
            columns: table => new
            {
                id = table.Column<string>(type: "TEXT", nullable: false),
                operator_id = table.Column<string>(type: "TEXT", nullable: false),
                name = table.Column<string>(type: "TEXT", nullable: false),
                share_basis = table.Column<string>(type: "TEXT", nullable: false),
                services = table.Column<string>(type: "TEXT", nullable: false),
                created_seq = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_bank_packages", x => x.id);
            });

        migrationBuilder.CreateTable(
            name: "pledge_loans",
            columns: table => new
            {
                pledge_seq = table.Column<long>(type: "INTEGER", nullable: false),
                borrower = table.Column<string>(type: "TEXT", nullable: false),
                bank = table.Column<string>(type: "TEXT", nullable: false),
                principal_fen = table.Column<long>(type: "INTEGER", nullable: false),
                haircut_basis_points = table.Column<int>(type: "INTEGER", nullable: true),
                recorded_seq = table.Column<long>(type: "INTEGER", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_pledge_loans", x => x.pledge_seq);
            });

        migrationBuilder.CreateTable(
            name: "price_quotes",
            columns: table => new
            {
                market = table.Column<string>(type: "TEXT", nullable: false),
                date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                fen_per_tonne = table.Column<long>(type: "INTEGER", nullable: false),
                source = table.Column<string>(type: "TEXT", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_price_quotes", x => new { x.market, x.date });
            });

        migrationBuilder.CreateIndex(
            name: "IX_bank_certificates_package_id",
            table: "bank_certificates",
            column: "package_id");

        // A share certificate never changes holder (pledge-only), and distributions are history: SQLite itself refuses.
        migrationBuilder.Sql("CREATE TRIGGER bank_certificates_holder_fixed BEFORE UPDATE OF holder_id ON bank_certificates " +
            "WHEN NEW.holder_id <> OLD.holder_id BEGIN SELECT RAISE(ABORT, 'share certificates cannot be transferred: holder_id is fixed'); END;");
        migrationBuilder.Sql("CREATE TRIGGER bank_distributions_no_update BEFORE UPDATE ON bank_distributions " +
            "BEGIN SELECT RAISE(ABORT, 'bank_distributions is append-only: UPDATE rejected'); END;");
        migrationBuilder.Sql("CREATE TRIGGER bank_distributions_no_delete BEFORE DELETE ON bank_distributions " +
            "BEGIN SELECT RAISE(ABORT, 'bank_distributions is append-only: DELETE rejected'); END;");
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS bank_certificates_holder_fixed;");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS bank_distributions_no_update;");
        migrationBuilder.Sql("DROP TRIGGER IF EXISTS bank_distributions_no_delete;");

        migrationBuilder.DropTable(
            name: "bank_certificates");

        migrationBuilder.DropTable(
            name: "bank_distributions");

        migrationBuilder.DropTable(
            name: "bank_package_units");

        migrationBuilder.DropTable(
            name: "bank_packages");

        migrationBuilder.DropTable(
            name: "pledge_loans");

        migrationBuilder.DropTable(
            name: "price_quotes");
    }
}
