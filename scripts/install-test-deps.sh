#!/usr/bin/env bash
# Installs what the tests need beyond the .NET SDK: Debian's headless Chromium, for the reports' render tests.
# (The charts' Chinese font ships inside EcoLedger.Reports; no system font is needed.)
# Idempotent and quiet when everything is present. Exit 0 when every dependency is there afterwards; exit 3 with one
# "error:" line when one is missing and cannot be installed: the tests that need it would fail, not be skipped.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    exec sudo -n env DEBIAN_FRONTEND=noninteractive bash "$0" "$@"
  fi
  echo "error: install-test-deps: ${need[*]} is missing and installing it needs root (apt-get install ${need[*]}); the report render tests would fail without it." >&2
  exit 3
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: install-test-deps: ${need[*]} is missing and this machine has no apt-get; install ${need[*]} by hand, or the report render tests will fail." >&2
  exit 3
fi
export DEBIAN_FRONTEND=noninteractive
echo "install-test-deps: installing ${need[*]} (apt-get)..." >&2
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
for dep in "${need[@]}"; do
  if ! command -v "$dep" >/dev/null 2>&1; then
    echo "error: install-test-deps: apt-get installed ${dep} but the command '${dep}' is still not on PATH; the report render tests would fail." >&2
    exit 3
  fi
done
