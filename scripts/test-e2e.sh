#!/usr/bin/env bash
# End-to-end journeys in Debian's Chromium (installed here when missing), against the
# real server with the built web app.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "Chromium not found: installing Debian's chromium with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi

npm run --silent build
mkdir -p .tmp/results
npx vitest run --project e2e --reporter=default --reporter=json --outputFile.json=.tmp/results/e2e.json
