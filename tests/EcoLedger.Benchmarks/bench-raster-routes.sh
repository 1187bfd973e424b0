#!/usr/bin/env bash
# The three raster routes of the CLI at the benchmark's size (issue #16: "work on the sample and on the benchmark data"):
# `gep prepare`, `gep compute --rasters` and `units grid`, each timed with its peak memory by /usr/bin/time, then the
# pipeline a bureau runs: the grid's units accounted from the rasters (`gep compute --units grid.gpkg --rasters`).
# Data: Rasters/raster_bench_data.py (GDAL through rasterio, seed 7), generated once into DIR.
# Usage: tests/EcoLedger.Benchmarks/bench-raster-routes.sh [DIR] [N] [POLYGONS] [CELL_METRES]
# Needs Debian's python3-rasterio (/usr/bin/python3) and GNU time (/usr/bin/time).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dir="${1:-/tmp/ecoledger-raster-routes}"
n="${2:-20000}"
polygons="${3:-100000}"
cell="${4:-1000}"
mkdir -p "$dir"
if [ ! -f "$dir/generated-$n-$polygons" ]; then
  echo "generating a $n × $n raster, its land cover and $polygons units in $dir (GDAL)…" >&2
  /usr/bin/python3 "$here/Rasters/raster_bench_data.py" "$dir" "$n" "$polygons" "$root/methodology/parameters/landcover/cnlucc.csv"
  touch "$dir/generated-$n-$polygons"
fi
dotnet build "$root/src/EcoLedger.Cli" -c Release -nologo -v q >/dev/null
cli="$root/src/EcoLedger.Cli/bin/Release/net10.0/EcoLedger.Cli"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
run() {
  local name="$1"; shift
  /usr/bin/time -f "$name: wall %e s, CPU %U s user + %S s system, peak %M KB" "$cli" "$@" >"$dir/$name.log" 2>&1 || { tail -5 "$dir/$name.log"; exit 1; }
  tail -1 "$dir/$name.log"
}
run prepare gep prepare --units "$dir/units.geojson" --rasters "$dir/rasters.json" --out "$dir/prepared.csv"
run compute gep compute --units "$dir/units.geojson" --rasters "$dir/rasters.json" --year 2023 --out "$dir/gep"
run grid units grid --boundary "$dir/boundary.geojson" --cell "$cell" --landcover "$dir/landcover.tif" \
  --classes "$root/methodology/parameters/landcover/cnlucc.csv" --region 基准 --out "$dir/grid.gpkg"
run pipeline gep compute --units "$dir/grid.gpkg" --rasters "$dir/rasters.json" --year 2023 --out "$dir/gep-grid"
grep -h "written to\|units (\|GEP of" "$dir/prepare.log" "$dir/compute.log" "$dir/grid.log" "$dir/pipeline.log"
echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
