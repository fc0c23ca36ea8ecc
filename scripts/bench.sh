#!/usr/bin/env bash
# scripts/bench.sh NAME [--accesses N] : sizing benchmarks, printed as "BENCH <name> <value> <unit>".
#   vault      recording an access, the exposure query and chain verification over a synthetic year
#              (10,000,000 ledger rows by default), on SQLite and on PostgreSQL, each in a new database.
#   personnel  the demo city (44,520 people, 390 units) and an Excel import of a whole city, new then unchanged.
#   bank       writing 44,520 payments as ACHP01 and as pain.001 (no database; --payments N), then the demo city's
#              approved run on both engines: payee checks, generation of every payer account's file, release, a result file.
#   breach     scoping an incident from a year of ledger (10,000,000 rows) on both engines, and from 10,000,000-line
#              IIS and nginx logs (--ledger N, --log-lines N); then breach-notices.
#   breach-notices  e-mail notices to 2,313 and to 44,520 people through a local SMTP server (Debian's python3-aiosmtpd),
#              and 2,313 letters rendered (--people N [--people M]).
#   payroll    a regular run of the demo city from start to Calculated, and an unchanged rerun: 44,520 people on
#              both engines, then 1,000,000 on PostgreSQL (--large N to change; --large 0 to skip).
#   load       wrk against one web host on PostgreSQL (the demo city): the login page, an employee's payslip page and
#              the runs API, 60 s each at 50 connections (p50, p99, requests/s, errors, memory); then a 200,000-person
#              run on one worker host and on two (--duration S, --connections N, --people N).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
root=$(repo_root); cd "$root"
name=${1:-}; shift || true

# The benchmarks are their own program (Payroll.Tests/Payroll.Benchmarks), built here, driving the modules through
# their contracts; each run gets the data directory and database the caller names.
bench_dll="$root/Payroll.Tests/Payroll.Benchmarks/bin/Release/net10.0/Payroll.Benchmarks.dll"
bench() { dotnet "$bench_dll" "$@"; }
build_bench() {
  echo "building the benchmarks..." >&2
  dotnet build "$root/Payroll.Tests/Payroll.Benchmarks/Payroll.Benchmarks.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
}

case "$name" in
  vault|personnel|payroll|breach|breach-notices|load) ;;
  bank)
    build_bench
    files=$(mktemp -d /tmp/payroll-bench-files.XXXXXX)
    Payroll__DataDirectory="$files" bench bank "$@" --set Payroll:Vault:TrustedNetworks:0=10.0.0.0/8
    rm -rf "$files"; name=bank-run; set -- ;;
  *) echo "usage: scripts/bench.sh vault [--accesses N] | personnel [--employees N] | payroll [--employees N] [--large N] | bank [--payments N] | breach [--ledger N] [--log-lines N] | breach-notices [--people N] | load [--duration S] [--connections N] [--people N]" >&2; exit 2 ;;
esac
large=1000000
if [ "$name" = payroll ]; then
  args=()
  while [ $# -gt 0 ]; do
    if [ "$1" = --large ]; then large=$2; shift 2; else args+=("$1"); shift; fi
  done
  set -- "${args[@]+"${args[@]}"}"
fi

apt_install postgresql python3
[ "$name" = load ] || [ "$name" = bank-run ] || build_bench
work=$(mktemp -d /tmp/payroll-bench.XXXXXX)
if [ "$name" = load ]; then
  source "$root/scripts/lib/bench-load.sh"
  bench_load "$@"
  exit
fi
if [ "$name" = breach-notices ]; then
  apt_install python3-aiosmtpd fonts-droid-fallback fonts-dejavu-core
  smtp_port=$(free_port)
  # Debian's interpreter, where python3-aiosmtpd is installed (a python3 earlier on PATH may not have it).
  /usr/bin/python3 -m aiosmtpd -n -c aiosmtpd.handlers.Sink -l "127.0.0.1:$smtp_port" &
  smtp_pid=$!
  set -- "$@" --set Payroll:Breach:Smtp:Host=127.0.0.1 --set "Payroll:Breach:Smtp:Port=$smtp_port" --set Payroll:Breach:Smtp:Security=None
fi
pgdir=$(mktemp -d /tmp/payroll-bench-pg.XXXXXX); port=$(free_port)
trap 'pg_stop "$pgdir"; rm -rf "$work"; [ -n "${smtp_pid:-}" ] && kill "$smtp_pid" 2>/dev/null' EXIT

# The synthetic office network is 10.0.0.0/8; 0.1% of the traffic comes from outside it.
quiet=(--set Payroll:Vault:TrustedNetworks:0=10.0.0.0/8)
echo "== $name on SQLite" >&2
Payroll__DataDirectory="$work/sqlite" bench "$name" "$@" "${quiet[@]}"

echo "== $name on PostgreSQL" >&2
pg_start "$pgdir" "$port"
"$(pg_bindir)/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE payroll_bench" >/dev/null
Payroll__DataDirectory="$work/postgres" Payroll__Database__Provider=postgres \
Payroll__Database__ConnectionString="Host=127.0.0.1;Port=$port;Username=postgres;Database=payroll_bench" \
  bench "$name" "$@" "${quiet[@]}"

if [ "$name" = breach ]; then
  "$root/scripts/bench.sh" breach-notices
fi

if [ "$name" = payroll ] && [ "$large" -gt 0 ]; then
  echo "== payroll, $large people, on PostgreSQL" >&2
  "$(pg_bindir)/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE payroll_bench_large" >/dev/null
  Payroll__DataDirectory="$work/postgres-large" Payroll__Database__Provider=postgres \
  Payroll__Database__ConnectionString="Host=127.0.0.1;Port=$port;Username=postgres;Database=payroll_bench_large" \
    bench payroll --employees "$large" "${quiet[@]}"
fi
