#!/usr/bin/env bash
# scripts/cluster.sh up|down|status : a three-host system on this machine, as production runs on several:
# a PostgreSQL cluster on a loopback port, one web host (pages, API, dashboard) and two worker hosts (job servers)
# on loopback ports, all on one database and one data directory (so one data-protection key ring and one field-key file).
# `up` prints the addresses; `down` stops what `up` started, by process id, and removes the cluster.
# PAYROLL_CLUSTER_DIR (default /tmp/payroll-cluster) holds the database, the data directory, the logs and the pids.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
root=$(repo_root)
state=${PAYROLL_CLUSTER_DIR:-/tmp/payroll-cluster}

wait_healthy() { # URL PID LOG
  for _ in $(seq 1 120); do
    if curl -ksf "$1/healthz" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$2" 2>/dev/null; then echo "host $1 exited; its log: $3" >&2; tail -20 "$3" >&2; return 1; fi
    sleep 0.5
  done
  echo "host $1 did not answer /healthz in 60 s; its log: $3" >&2; return 1
}

# As production runs it: the schema belongs to payroll_owner, the hosts connect as payroll_app (docs/deployment.md).
database_env() {
  export Payroll__DataDirectory="$state/data" Payroll__Database__Provider=postgres
  export Payroll__Database__ConnectionString="Host=127.0.0.1;Port=$pg_port;Username=payroll_app;Database=payroll"
  export Payroll__Database__MigrationConnectionString="Host=127.0.0.1;Port=$pg_port;Username=payroll_owner;Database=payroll"
}

start_host() { # NAME ROLE PORT
  local log="$state/$1.log"
  ( database_env; exec setsid "$root/scripts/payroll" serve --role "$2" --urls "https://127.0.0.1:$3" ) >"$log" 2>&1 &
  local pid=$!
  echo "$1 $pid https://127.0.0.1:$3" >>"$state/hosts"
  wait_healthy "https://127.0.0.1:$3" "$pid" "$log"
}

case "${1:-}" in
  up)
    if [ -f "$state/hosts" ]; then echo "a cluster is already up in $state: scripts/cluster.sh down first" >&2; exit 1; fi
    apt_install postgresql curl python3
    mkdir -p "$state/data"
    pg_port=$(free_port)
    pg_start "$state/pg" "$pg_port"
    echo "$pg_port" >"$state/pg_port"
    for sql in "CREATE ROLE payroll_owner LOGIN" "CREATE ROLE payroll_app LOGIN" "CREATE DATABASE payroll OWNER payroll_owner"; do
      "$(pg_bindir)/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -qc "$sql" >/dev/null
    done
    # Migrate once, before any host starts (hosts also take an advisory lock, so this is belt and braces).
    ( database_env; "$root/scripts/payroll" migrate ) >"$state/migrate.log" 2>&1
    : >"$state/hosts"
    # The web host first: it makes the shared certificate and key ring the workers then read.
    start_host web web "$(free_port)"
    start_host worker1 worker "$(free_port)"
    start_host worker2 worker "$(free_port)"
    echo "PostgreSQL  127.0.0.1:$pg_port (database payroll owned by payroll_owner; the hosts connect as payroll_app)"
    while read -r name pid url; do echo "$name  $url  (pid $pid, log $state/$name.log)"; done <"$state/hosts"
    echo "Stop it with: scripts/cluster.sh down"
    ;;
  down)
    if [ -f "$state/hosts" ]; then
      while read -r name pid url; do
        # Each host was started in its own session: stop the whole group (the wrapper script and the dotnet process).
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      done <"$state/hosts"
      for _ in $(seq 1 60); do
        alive=0
        while read -r name pid url; do kill -0 "$pid" 2>/dev/null && alive=1; done <"$state/hosts"
        [ "$alive" -eq 0 ] && break
        sleep 0.5
      done
      while read -r name pid url; do kill -KILL -- "-$pid" 2>/dev/null || true; done <"$state/hosts"
    fi
    pg_stop "$state/pg"
    rm -rf "$state"
    echo "cluster stopped"
    ;;
  status)
    [ -f "$state/hosts" ] || { echo "no cluster in $state"; exit 1; }
    while read -r name pid url; do
      if kill -0 "$pid" 2>/dev/null && curl -ksf "$url/healthz" >/dev/null; then echo "$name $url up"; else echo "$name $url DOWN"; fi
    done <"$state/hosts"
    ;;
  *) echo "usage: scripts/cluster.sh up|down|status" >&2; exit 2 ;;
esac
