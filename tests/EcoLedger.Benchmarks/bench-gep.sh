#!/usr/bin/env bash
# Times `gep compute` against parse-only and against pandas read_csv of the same file (the peer), each in its own
# process so the peak working set of each is its own, alternating the three in every round so that the load of other
# processes falls on all of them alike. Usage: tests/EcoLedger.Benchmarks/bench-gep.sh [N] [ROUNDS]
# Needs Debian's python3-pandas (/usr/bin/python3).
set -euo pipefail
n="${1:-1000000}"
rounds="${2:-3}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet build "$here" -c Release -nologo -v q >/dev/null
# The CLI runs without dynamic PGO (TieredPGO=false in EcoLedger.Cli.csproj); the benchmark process does the same, so
# it measures what `ecoledger gep compute` runs.
export DOTNET_TieredPGO=0
bench=(dotnet "$here/bin/Release/net10.0/EcoLedger.Benchmarks.dll")
"${bench[@]}" units "$n" "$work/units.csv"
echo "units: $n ($(du -h "$work/units.csv" | cut -f1)), load average $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq "$rounds"); do
  "${bench[@]}" gep-parse "$work/units.csv"
  "${bench[@]}" gep-compute "$work/units.csv" "$work/out"
  /usr/bin/python3 "$here/pandas_read_csv.py" "$work/units.csv"
done
"${bench[@]}" gep-engine "$work/units.csv"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
