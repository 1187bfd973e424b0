#!/usr/bin/env bash
# Benchmark `ecoledger zones mark` on a synthetic grid (default 100,000 units) and compare its dissolve with GEOS
# (python3-shapely, installed from Debian if missing). Usage: tests/EcoLedger.Benchmarks/Zoning/run.sh [UNITS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
units=${1:-100000}
work=${ZONING_BENCH_DIR:-/tmp/ecoledger-zoning-bench}

if ! /usr/bin/python3 -c 'import shapely' 2>/dev/null; then
  echo "== installing python3-shapely (GEOS) from Debian"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-shapely >/dev/null
fi

echo "== machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo), $(dotnet --version) SDK"
rm -rf "$work" && mkdir -p "$work"
/usr/bin/python3 "$here/generate_grid.py" "$work/in" --units "$units"

dotnet build "$repo/src/EcoLedger.Cli/EcoLedger.Cli.csproj" -c Release --nologo -v q >/dev/null
cli="$repo/src/EcoLedger.Cli/bin/Release/net10.0/EcoLedger.Cli.dll"

echo "== ecoledger zones mark ($units units)"
/usr/bin/time -f "wall: %e s, max RSS: %M KB" dotnet "$cli" zones mark --units "$work/in/units.geojson" --gep "$work/in/gep" \
  --out "$work/zones" --timings 2>&1
echo "== ecoledger zones mark --snap-m 1"
/usr/bin/time -f "wall: %e s, max RSS: %M KB" dotnet "$cli" zones mark --units "$work/in/units.geojson" --gep "$work/in/gep" \
  --out "$work/zones-snap" --snap-m 1 --timings 2>&1 | grep -E "wall|timing: (group|union)|priority \("

echo "== GEOS (shapely) union of the same priority polygons"
/usr/bin/python3 "$here/geos_union.py" "$work/zones"
ls -la "$work/zones"
