#!/usr/bin/env bash
# Runs the test steps of .ci/run (npm test, npm run test:scale; each bounded, with the same final
# "N passed, N failed" line) while two CPU-bound processes compete for the cores, as on a shared CI runner.
# `--full` runs .ci/run itself instead (npm ci, apt-get, build and typecheck too). Prints the wall time.
# Settings (environment): LOAD_PROCESSES (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."

hogs=()
stop_hogs() { for pid in "${hogs[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap stop_hogs EXIT
for _ in $(seq 1 "${LOAD_PROCESSES:-2}"); do
  node -e 'for (;;) {}' &
  hogs+=("$!")
done
echo "== load: ${#hogs[@]} busy processes (${hogs[*]}) on $(nproc) cores"

start=$(date +%s)
status=0
if [ "${1:-}" = --full ]; then
  .ci/run || status=$?
else
  results=.jest-results.json
  scale_results=.jest-scale-results.json
  rm -f "$results" "$scale_results"
  echo "== test"
  timeout --kill-after=30s "${CI_TEST_TIMEOUT:-40m}" npm test -- --ci --json --outputFile="$results" || status=$?
  echo "== test:scale"
  timeout --kill-after=30s "${CI_SCALE_TIMEOUT:-30m}" npm run test:scale -- --ci --json --outputFile="$scale_results" || status=$?
  for f in "$results" "$scale_results"; do
    if [ ! -s "$f" ]; then
      echo "jest wrote no results to $f"
      echo "0 passed, 1 failed"
      status=1
    fi
  done
  if [ -s "$results" ] && [ -s "$scale_results" ]; then
    node scripts/jest-summary.js "$results" "$scale_results" || status=1
  fi
fi
echo "== wall time $(( $(date +%s) - start )) s under load (exit $status)"
exit "$status"
