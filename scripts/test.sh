#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine: installs what it needs (Debian tools as root,
# Debian's chromium for the browser tests, npm packages), then runs unit, integration and end-to-end tests and prints "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh --tests || { echo "0 passed, 1 failed"; exit 1; }
mkdir -p test-results
rm -f test-results/*.json
status=0
npx tsc -p tsconfig.json --noEmit > test-results/typecheck.txt 2>&1 && tc=passed || { tc=failed; cat test-results/typecheck.txt | head -50; }
npx eslint apps libs migrations test bench > test-results/lint.txt 2>&1 && lint=passed || { lint=failed; head -50 test-results/lint.txt; }
for project in unit int e2e; do
  npx vitest run --project "$project" --reporter=default --reporter=json --outputFile.json="test-results/$project.json" || status=1
done
node scripts/test-summary.mjs --typecheck="$tc" --lint="$lint" test-results/unit.json test-results/int.json test-results/e2e.json || status=1
exit $status
