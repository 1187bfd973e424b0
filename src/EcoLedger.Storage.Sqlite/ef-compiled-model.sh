#!/bin/sh
# Regenerates the compiled EF Core model (CompiledModel/) from LedgerDbContext.OnModelCreating. Run it after every model change,
# next to `dotnet ef migrations add`: the CLI loads this model instead of building one per call, and
# StartupPathTests.The_compiled_model_is_the_model_OnModelCreating_builds fails while it is stale.
set -eu
cd "$(dirname "$0")/../.."
dotnet tool restore >/dev/null
# The project must build with the old model (SqliteProvider uses it), so the folder is not emptied first: files the tool did not
# rewrite in this run (an entity removed from the model) are deleted afterwards.
marker=$(mktemp)
sleep 1
dotnet ef dbcontext optimize --project src/EcoLedger.Storage.Sqlite --startup-project src/EcoLedger.Storage.Sqlite \
    --output-dir CompiledModel --namespace EcoLedger.Storage.Sqlite.CompiledModel "$@"
find src/EcoLedger.Storage.Sqlite/CompiledModel -name '*.cs' ! -newer "$marker" -print -delete
rm -f "$marker"
