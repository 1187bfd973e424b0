using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EcoLedger.Storage.Sqlite.Migrations;

/// <inheritdoc />
public partial class PostingsAccountCovering : Migration
{
    /// <inheritdoc />
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(
            name: "IX_postings_account",
            table: "postings");

        migrationBuilder.CreateIndex(
            name: "IX_postings_account_amount",
            table: "postings",
            columns: new[] { "account", "amount" });
    }

    /// <inheritdoc />
    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(
            name: "IX_postings_account_amount",
            table: "postings");

        migrationBuilder.CreateIndex(
            name: "IX_postings_account",
            table: "postings",
            column: "account");
    }
}
