#!/usr/bin/env bash
# Every test tier: types and lint, unit, integration on PGlite, the same integration
# suite on a real PostgreSQL server started here, then end-to-end in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp/results
rm -f .tmp/results/*.json

step() { printf '\n=== %s ===\n' "$1"; }

step "typecheck"
npm run --silent typecheck
step "lint"
npm run --silent lint

step "unit tests"
npx vitest run --project unit --reporter=default --reporter=json --outputFile.json=.tmp/results/unit.json

step "integration tests on PGlite"
npx vitest run --project integration --reporter=default --reporter=json --outputFile.json=.tmp/results/int-pglite.json

step "integration tests on PostgreSQL"
source scripts/postgres.sh
start_test_postgres
npx vitest run --project integration --reporter=default --reporter=json --outputFile.json=.tmp/results/int-postgres.json

step "end-to-end tests in Chromium"
bash scripts/test-e2e.sh

node scripts/summarize-tests.mjs .tmp/results
