#!/usr/bin/env bash
# The server under load (issue 15 §5), end to end in one command: builds Release, starts the server on a free loopback port with a
# fresh data directory, runs the load client (tests/EcoLedger.Benchmarks/Server/ServerLoad.cs: CLIENTS concurrent clients, each a
# 1 t transfer then a balance read, for SECONDS), stops the server, then checks the ledger offline with the CLI (`ledger verify`,
# `audit verify --db`, `ledger supply`, whose "issued = …" identity is checked). The peer, measured in the same run: one in-process
# durable command at a time on SQLite (`writers --writers 1`), which grouped commits through the server's WriteQueue must beat.
#
# The per-token write limit (EcoLedger:WritesPerMinute, 6,000 by default) would refuse a load test: it is raised to 10,000,000 for
# this run only (override with WRITES_PER_MINUTE=…). Usage:
#   tests/EcoLedger.Benchmarks/bench-server.sh [CLIENTS=32] [SECONDS=60] [PEER_SECONDS=10]
# Prints the load average before and after, since on a shared machine the figures mean little without it.
set -euo pipefail
cd "$(dirname "$0")/../.."
clients="${1:-32}"
seconds="${2:-60}"
peer_seconds="${3:-10}"
dir=$(mktemp -d /tmp/ecoledger-bench-server-XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$dir"
}
trap cleanup EXIT

echo "== build (Release)"
for p in src/EcoLedger.Server src/EcoLedger.Cli tests/EcoLedger.Benchmarks; do dotnet build -c Release "$p" -v q -nologo >/dev/null; done
bench=tests/EcoLedger.Benchmarks/bin/Release/net10.0/EcoLedger.Benchmarks.dll
cli=src/EcoLedger.Cli/bin/Release/net10.0/EcoLedger.Cli.dll

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (before)"
echo "== peer: one in-process durable command at a time (SQLite, ${peer_seconds} s)"
dotnet "$bench" writers --dir "$dir/peer" --seconds "$peer_seconds" --writers 1 | tail -3

echo "== server on $url, data in $dir"
dotnet src/EcoLedger.Server/bin/Release/net10.0/EcoLedger.Server.dll --urls "$url" --EcoLedger:Database="$dir/ledger.db" \
    --EcoLedger:RegistryParticipant=registry --EcoLedger:WritesPerMinute="${WRITES_PER_MINUTE:-10000000}" \
    --Logging:LogLevel:Default=Warning >"$dir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
    if [ -f "$dir/ledger.db.admin-token" ] && curl -fs "$url/api/public/checkpoint" >/dev/null 2>&1; then break; fi
    kill -0 "$server_pid" 2>/dev/null || { cat "$dir/server.log"; exit 3; }
    sleep 0.5
done

echo "== load: $clients clients, $seconds s"
status=0
# The load client shares the two cores with the server: it runs without dynamic PGO, as the server does (EcoLedger.Server.csproj), so
# that its instrumented tier does not take CPU from the server during the run.
DOTNET_TieredPGO=0 dotnet "$bench" server-load "$url" "$dir/ledger.db.admin-token" "$clients" "$seconds" || status=$?
echo "== load average $(cut -d' ' -f1-3 /proc/loadavg) (after)"

kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
echo "== offline checks"
dotnet "$cli" ledger verify --db "$dir/ledger.db" | tail -3
dotnet "$cli" audit verify --db "$dir/ledger.db" | tail -3
dotnet "$cli" ledger supply --db "$dir/ledger.db" | tail -4
if grep -E "fail|Exception" "$dir/server.log" >/dev/null; then echo "server log:"; tail -20 "$dir/server.log"; fi
exit "$status"
