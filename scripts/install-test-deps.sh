#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK:
#   - Debian's headless Chromium, for the reports' render tests;
#   - GDAL and rasterio + numpy for /usr/bin/python3, the independent implementation the raster agreement tests
#     (tests/EcoLedger.Tests/Rasters) compare EcoLedger's zonal statistics with;
#   - PostgreSQL 15 with PostGIS 3 (server binaries only: the integration tests initdb and start a throwaway cluster of their
#     own, tests/EcoLedger.IntegrationTests/Storage/PostgresCluster.cs, and the ledger's test suite runs on it as on SQLite).
# (The charts' Chinese font ships inside EcoLedger.Reports; no system font is needed.)
# Idempotent and quiet when everything is present. Exit 0 when every dependency is there afterwards; exit 3 with one
# "error:" line when one is missing and cannot be installed: the tests that need it would fail, not be skipped.
# `--check` only reports (exit 0 when all present, 1 otherwise), so scripts/test can decide whether to call it.
set -euo pipefail

# The Debian python, not a pyenv python3 earlier on PATH: apt's python3-rasterio is only visible to it.
PY=/usr/bin/python3

missing() {
  local need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v gdal_translate >/dev/null 2>&1 || need+=(gdal-bin)
  if [ ! -x "$PY" ] || ! "$PY" -c 'import numpy' >/dev/null 2>&1; then need+=(python3-numpy); fi
  if [ ! -x "$PY" ] || ! "$PY" -c 'import rasterio' >/dev/null 2>&1; then need+=(python3-rasterio); fi
  [ -x /usr/lib/postgresql/15/bin/pg_ctl ] || need+=(postgresql-15)
  [ -f /usr/share/postgresql/15/extension/postgis.control ] || need+=(postgresql-15-postgis-3)
  echo "${need[@]:-}"
}

# The browser tests' npm packages (axe-core), pinned by tests/EcoLedger.IntegrationTests/web/package-lock.json. (Parameter expansion,
# not dirname: the script must still report clearly on a PATH without coreutils.)
WEB="${0%/*}/../tests/EcoLedger.IntegrationTests/web"
web_missing() { [ ! -f "$WEB/node_modules/axe-core/axe.min.js" ]; }
install_web() {
  web_missing || return 0
  if ! command -v npm >/dev/null 2>&1; then
    echo "error: install-test-deps: npm (Node.js) is missing; the browser tests need axe-core (npm ci in $WEB) and would fail." >&2
    exit 3
  fi
  (cd "$WEB" && npm ci --no-audit --no-fund --silent) || { echo "error: install-test-deps: npm ci in $WEB failed (axe-core for the browser tests)." >&2; exit 3; }
}

read -r -a need <<<"$(missing)"
if [ "${1:-}" = "--check" ]; then
  [ ${#need[@]} -eq 0 ] && ! web_missing && exit 0 || exit 1
fi
if [ ${#need[@]} -eq 0 ]; then install_web; exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    exec sudo -n env DEBIAN_FRONTEND=noninteractive bash "$0" "$@"
  fi
  echo "error: install-test-deps: missing ${need[*]}; installing needs root (apt-get install ${need[*]}); the report render, raster agreement and PostgreSQL tests would fail without them." >&2
  exit 3
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: install-test-deps: missing ${need[*]} and this machine has no apt-get; install them by hand, or the report render, raster agreement and PostgreSQL tests will fail." >&2
  exit 3
fi
export DEBIAN_FRONTEND=noninteractive
echo "install-test-deps: installing ${need[*]} (apt-get)..." >&2
if ! { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }; then
  echo "error: install-test-deps: apt-get could not install ${need[*]}; the report render, raster agreement and PostgreSQL tests would fail." >&2
  exit 3
fi
read -r -a still <<<"$(missing)"
if [ ${#still[@]} -ne 0 ]; then
  echo "error: install-test-deps: apt-get ran but ${still[*]} is still not usable (chromium and gdal_translate on PATH; numpy and rasterio importable by $PY; /usr/lib/postgresql/15/bin/pg_ctl and the postgis extension); the tests that need them would fail." >&2
  exit 3
fi
install_web
