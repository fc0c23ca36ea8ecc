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

# totp SECRET [STEP] : the 6-digit code of a base32 TOTP secret (RFC 6238, SHA-1, 30 s) for a time step (default: now).
totp() {
  python3 - "$1" "${2:-}" <<'PY'
import base64, hmac, struct, sys, time
key = base64.b32decode(sys.argv[1].upper() + "=" * (-len(sys.argv[1]) % 8))
step = int(sys.argv[2]) if sys.argv[2] else int(time.time()) // 30
digest = hmac.new(key, struct.pack(">Q", step), "sha1").digest()
offset = digest[-1] & 15
print("%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7fffffff) % 1000000))
PY
}

# next_totp NAME SECRET : a code of the account's next unused time step. The server takes each step's code once per
# account (web and command line alike) and accepts the steps either side of its clock; the step used last is kept per
# account, so repeated sign-ins use the next step. The code is never of the step before now: the command line starts
# for seconds before it checks the code, and a step that was already the previous one could by then be two behind.
# So it waits for the clock only when the current and the next step were both used.
next_totp() {
  local name=$1 secret=$2
  local state="${TMPDIR:-/tmp}/payroll-totp-step.$(id -u).$name" last step now
  last=$(cat "$state" 2>/dev/null || echo 0)
  while :; do
    now=$(( $(date +%s) / 30 ))
    step=$(( last + 1 > now ? last + 1 : now ))
    [ "$step" -le $(( now + 1 )) ] && break
    sleep 2
  done
  echo "$step" >"$state"
  totp "$secret" "$step"
}

# as_account NAME PASSWORD SECRET VERB... : runs `payroll VERB... --as NAME`, giving the password and a TOTP code of the
# account's next unused step (next_totp) on standard input, as a script signs in at the command line.
as_account() {
  local name=$1 password=$2 secret=$3; shift 3
  local code; code=$(next_totp "$name" "$secret")
  printf '%s\n%s\n' "$password" "$code" | "$(repo_root)/scripts/payroll" "$@" --as "$name"
}

# account_password OUTPUT / account_secret OUTPUT : what `payroll user add` printed once.
account_password() { sed -n 's/^Password (shown once, not stored): //p' <<<"$1"; }
account_secret() { sed -n 's/^TOTP secret (shown once; add it to an authenticator app): //p' <<<"$1"; }

# approve_acknowledging RUN NAME PASSWORD SECRET [--set ...] : approves a run of the demo's shipped (unverified) tables
# as that approver, acknowledging each unverified table by the name `run show` gives it, as an approver does where
# that is allowed (`run show` is read as the same approver).
approve_acknowledging() {
  local run=$1 name=$2 password=$3 secret=$4; shift 4
  local acks=()
  while read -r table; do acks+=(--acknowledge "$table"); done < <(
    as_account "$name" "$password" "$secret" run show --run "$run" "$@" | awk '$1 == "table" && $3 == "UNVERIFIED" { print $2 }')
  as_account "$name" "$password" "$secret" run approve --run "$run" --set Payroll:Salary:AllowUnverifiedTables=true "${acks[@]}" "$@"
}
