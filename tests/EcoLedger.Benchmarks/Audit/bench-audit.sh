#!/usr/bin/env bash
# Times offline verification of a synthetic N-event export bundle (default 1,000,000) next to `sha256sum` of the same file in
# the same run, then proof generation and verification on the stored tree.
# Usage: tests/EcoLedger.Benchmarks/Audit/bench-audit.sh [N]
set -euo pipefail
n="${1:-1000000}"
here="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet build "$here" -c Release -nologo -v q >/dev/null
bench=(dotnet "$here/bin/Release/net10.0/EcoLedger.Benchmarks.dll")
"${bench[@]}" audit bundle "$n" "$work/bundle.jsonl"
echo "bundle: $(stat -c %s "$work/bundle.jsonl") bytes; nproc $(nproc); load average $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$work/bundle.jsonl" >/dev/null # both runs read from the page cache
for i in 1 2 3; do
    /usr/bin/time -f "sha256sum: %e s wall, %U s user, max RSS %M KB" sha256sum "$work/bundle.jsonl" >/dev/null
    /usr/bin/time -f "verify process: %e s wall, %U s user + %S s sys, max RSS %M KB" "${bench[@]}" audit verify "$work/bundle.jsonl"
done
"${bench[@]}" audit prove "$work/bundle.jsonl"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
