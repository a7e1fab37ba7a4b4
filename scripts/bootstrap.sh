#!/usr/bin/env bash
# Brings a clone to a runnable state: npm dependencies (from the lockfile), the Temporal binaries, and the build.
# Every step is idempotent and skipped when already done, so `npm start` and `npm test` can both call it.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "bootstrap: installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
bash scripts/install-temporal-tools.sh
echo "bootstrap: building (tsc)"
npx tsc -p tsconfig.build.json
