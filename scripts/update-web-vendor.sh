#!/bin/sh
# Restores the web app's browser libraries from npm (exact versions in src/EcoLedger.Server/Web/vendor/package-lock.json, checked by
# npm's integrity hashes) and copies the prebuilt files the server embeds into src/EcoLedger.Server/Web/vendor/ol/.
# The copies are committed: `dotnet build` must work offline and without node, so the build never runs npm. Run this script only to
# change the version (edit package.json, run `npm install --package-lock-only`, then this script) and commit the result.
set -eu
here=$(cd "$(dirname "$0")/../src/EcoLedger.Server/Web/vendor" && pwd)
cd "$here"
npm ci --ignore-scripts --no-audit --no-fund
version=$(node -p "require('./node_modules/ol/package.json').version")
cp node_modules/ol/dist/ol.js ol/ol.js
cp node_modules/ol/ol.css ol/ol.css
cp node_modules/ol/LICENSE.md ol/LICENSE.md
{
  echo "OpenLayers $version (npm package ol), BSD-2-Clause: see LICENSE.md."
  echo "Files: dist/ol.js (the package's prebuilt full build, global 'ol') and ol.css, copied unchanged by scripts/update-web-vendor.sh."
  echo "sha256:"
  (cd ol && sha256sum ol.js ol.css) | sed 's/^/  /'
} > ol/VERSION.txt
rm -rf node_modules
echo "OpenLayers $version copied to $here/ol"
