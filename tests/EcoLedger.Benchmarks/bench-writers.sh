#!/usr/bin/env bash
# 1, 8 and 32 concurrent writers on SQLite and on PostgreSQL, side by side in one run (Release build). Starts a throwaway
# PostgreSQL 15 cluster in a temporary folder on a free loopback port (as root, the server runs as the postgres user), stops and
# deletes it afterwards. Usage: tests/EcoLedger.Benchmarks/bench-writers.sh [SECONDS per configuration, default 10]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-10}"
bin=/usr/lib/postgresql/15/bin
dir=$(mktemp -d /tmp/ecoledger-bench-pg-XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
cleanup() { as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --locale=C >/dev/null
# Server defaults except a larger shared buffer and enough connections for 32 writers; fsync and synchronous_commit stay on:
# every transfer is a durable commit on both providers.
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=100 -c shared_buffers=128MB" start >/dev/null
dotnet build -c Release tests/EcoLedger.Benchmarks -v q -nologo >/dev/null
dotnet tests/EcoLedger.Benchmarks/bin/Release/net10.0/EcoLedger.Benchmarks.dll writers --dir "$dir/files" --seconds "$seconds" \
    "${@:2}" --pg "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
