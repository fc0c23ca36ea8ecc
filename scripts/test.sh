#!/usr/bin/env bash
# Runs every test, on SQLite and on PostgreSQL. Installs what the tests need when missing (PostgreSQL, Chromium,
# a CJK font, from Debian packages), starts a throwaway PostgreSQL cluster on a loopback port, runs the NUnit
# suite, stops the cluster. Extra arguments go to `dotnet test` (e.g. --filter Category=Browser).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
root=$(repo_root); cd "$root"

apt_install postgresql chromium fonts-droid-fallback fonts-dejavu-core poppler-utils python3

results="$root/artifacts/test-results"
rm -rf "$results"; mkdir -p "$results"
pgdir=$(mktemp -d /tmp/payroll-test-pg.XXXXXX)
port=$(free_port)
trap 'pg_stop "$pgdir"' EXIT
pg_start "$pgdir" "$port"
export PAYROLL_TEST_PG="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=50"
export PAYROLL_TEST_ARTIFACTS="$results"

set +e
dotnet test "$root/Payroll.slnx" -c Release \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@"
status=$?
set -e

trx=$(find "$results" -name '*.trx' | head -n 1)
if [ -n "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  passed=$(get passed); failed=$(get failed); total=$(get total); executed=$(get executed)
  skipped=$(( total - executed ))
  failed=$(( failed + $(get error) + $(get timeout) + $(get aborted) ))
  echo "$passed passed, $failed failed, $skipped skipped" | tee "$results/summary.txt"
else
  echo "0 passed, 1 failed" | tee "$results/summary.txt"
  status=1
fi
exit $status
