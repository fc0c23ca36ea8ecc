# Shared by the scripts: installing Debian packages when missing, and a throwaway PostgreSQL cluster.
# shellcheck shell=bash

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "need root to run: $*" >&2; return 1; fi
}

# apt_install PACKAGE... : installs those that are missing (idempotent).
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || true
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

pg_bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/initdb" ] && { echo "$d"; return 0; }; done
  return 1
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# pg_start DIR PORT : a new cluster in DIR listening on 127.0.0.1:PORT (trust auth, loopback only).
pg_start() {
  local dir=$1 port=$2 bin run=()
  bin=$(pg_bindir) || { echo "PostgreSQL server binaries not found" >&2; return 1; }
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; run=(runuser -u postgres --); fi
  "${run[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  echo "$port" >"$dir/port"
  pg_resume "$dir"
}

# pg_pause DIR : stops the cluster in DIR and keeps its data (an outage); pg_resume DIR starts it again on its port.
pg_pause() {
  local dir=$1 bin run=()
  bin=$(pg_bindir) || return 1
  [ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
}

pg_resume() {
  local dir=$1 bin run=()
  bin=$(pg_bindir) || return 1
  [ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-p $(cat "$dir/port") -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null \
    || { cat "$dir/server.log" >&2; return 1; }
}

# pg_stop DIR : stops the cluster started in DIR and removes it.
pg_stop() {
  local dir=$1 bin run=()
  bin=$(pg_bindir) || return 0
  [ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
  [ -f "$dir/data/postmaster.pid" ] && "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1
  rm -rf "$dir"
}

# approve_acknowledging RUN ACCOUNT [--set ...] : approves a run of the demo's shipped (unverified) tables as ACCOUNT,
# acknowledging each unverified table by the name `run show` gives it, as an approver does where that is allowed.
approve_acknowledging() {
  local run=$1 account=$2; shift 2
  local acks=()
  while read -r table; do acks+=(--acknowledge "$table"); done < <(
    "$(repo_root)/scripts/payroll" run show --run "$run" "$@" | awk '$1 == "table" && $3 == "UNVERIFIED" { print $2 }')
  "$(repo_root)/scripts/payroll" run approve --run "$run" --as "$account" --set Payroll:Salary:AllowUnverifiedTables=true "${acks[@]}" "$@"
}
