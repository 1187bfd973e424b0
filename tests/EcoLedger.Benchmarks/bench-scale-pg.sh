#!/usr/bin/env bash
# history --serial and balance on a PostgreSQL ledger of 1,000,000 and 10,000,000 events (issue 19 §3; Release build). Starts a
# throwaway PostgreSQL 15 cluster in a temporary folder on a free loopback port (as root, the server runs as the postgres user),
# grows the ledger (20,000 transfers through the command runner, the rest copied by set-based SQL: see Ledger/ScaleBench.cs) and
# prints the mean latencies at each size; stops and deletes the cluster afterwards (several GB of disk at 10 M).
# Usage: tests/EcoLedger.Benchmarks/bench-scale-pg.sh [SIZES, default 1000000,10000000]
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes="${1:-1000000,10000000}"
bin=/usr/lib/postgresql/15/bin
dir=$(mktemp -d /tmp/ecoledger-bench-pg-XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
cleanup() { as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C >/dev/null
# Server defaults except shared buffers (256 MB) and a larger WAL between checkpoints for the bulk copy.
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c max_wal_size=4GB" start >/dev/null
dotnet build -c Release tests/EcoLedger.Benchmarks -v q -nologo >/dev/null
export ECOLEDGER_KEY_DIR="$dir"
dotnet tests/EcoLedger.Benchmarks/bin/Release/net10.0/EcoLedger.Benchmarks.dll scale-pg --sizes "$sizes" "${@:2}" \
    --db "Host=127.0.0.1;Port=$port;Username=postgres;Database=scale;Command Timeout=0"
