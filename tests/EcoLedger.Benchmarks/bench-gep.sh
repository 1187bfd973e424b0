#!/usr/bin/env bash
# Times `gep compute` against parse-only on N synthetic units (default 1,000,000), each in its own process so the
# peak working set of each is its own. Usage: tests/EcoLedger.Benchmarks/bench-gep.sh [N]
set -euo pipefail
n="${1:-1000000}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet build "$here" -c Release -nologo -v q >/dev/null
bench=(dotnet "$here/bin/Release/net10.0/EcoLedger.Benchmarks.dll")
"${bench[@]}" units "$n" "$work/units.csv"
echo "units: $n ($(du -h "$work/units.csv" | cut -f1))"
for i in 1 2 3; do "${bench[@]}" gep-parse "$work/units.csv"; done
for i in 1 2 3; do "${bench[@]}" gep-engine "$work/units.csv"; done
for i in 1 2 3; do "${bench[@]}" gep-compute "$work/units.csv" "$work/out"; done
