#!/bin/sh
# Regenerates the PostgreSQL migration from LedgerDbContext: deletes Migrations/ and adds one InitialCreate. Run it after every
# model change (next to the SQLite `dotnet ef migrations add` and ef-compiled-model.sh). No server is needed. While no PostgreSQL
# ledger is in production there is one clean migration; once there is, replace this script's body with
# `dotnet ef migrations add <Name> ...` so existing databases are upgraded rather than recreated.
# PostgresMigrationTests.There_are_no_pending_model_changes fails while the migration is stale.
set -eu
cd "$(dirname "$0")/../.."
dotnet tool restore >/dev/null
rm -rf src/EcoLedger.Storage.Postgres/Migrations src/EcoLedger.Storage.Postgres/EcoLedger
dotnet ef migrations add InitialCreate --project src/EcoLedger.Storage.Postgres --startup-project src/EcoLedger.Storage.Postgres --output-dir Migrations "$@"
# The generated files follow the repository's style (file-scoped namespace, UTF-8 with BOM) only after formatting.
dotnet format src/EcoLedger.Storage.Postgres/EcoLedger.Storage.Postgres.csproj --include src/EcoLedger.Storage.Postgres/Migrations/
