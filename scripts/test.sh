#!/usr/bin/env bash
# Runs every test, on SQLite and on PostgreSQL. Installs what the tests need when missing (PostgreSQL, Chromium,
# a CJK font, from Debian packages), starts a throwaway PostgreSQL cluster on a loopback port, runs the NUnit
# suite, stops the cluster; then the security scan (scripts/security-scan.sh, at most 35 minutes), each of its checks
# counted as a test. Extra arguments go to `dotnet test` (e.g. --filter Category=Browser) and leave the scan out, as
# does PAYROLL_TEST_SKIP_SCAN=1.
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
  if [ $# -eq 0 ] && [ -z "${PAYROLL_TEST_SKIP_SCAN:-}" ]; then
    pg_stop "$pgdir"
    set +e
    timeout --kill-after=30s 35m "$root/scripts/security-scan.sh" 2>&1 | tee "$results/security-scan.log"
    scan_status=${PIPESTATUS[0]}
    set -e
    # Each CHECK line is a test; a scan that did not finish (timeout, a step that broke) counts as one failure more.
    scan_passed=$(grep -c ' PASS$' "$root/artifacts/security-scan/summary.txt" 2>/dev/null || true)
    scan_failed=$(grep -c ' FAIL$' "$root/artifacts/security-scan/summary.txt" 2>/dev/null || true)
    grep -qE '^[0-9]+ passed, [0-9]+ failed$' "$root/artifacts/security-scan/summary.txt" 2>/dev/null || scan_failed=$(( ${scan_failed:-0} + 1 ))
    passed=$(( passed + ${scan_passed:-0} )); failed=$(( failed + ${scan_failed:-0} ))
    [ "$scan_status" = 0 ] || status=1
  fi
  echo "$passed passed, $failed failed, $skipped skipped" | tee "$results/summary.txt"
else
  echo "0 passed, 1 failed" | tee "$results/summary.txt"
  status=1
fi
exit $status
