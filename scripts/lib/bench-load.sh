# scripts/bench.sh load: HTTP load with wrk against one web host, then payroll throughput on one and two worker hosts.
# shellcheck shell=bash
# Sourced by scripts/bench.sh (common.sh loaded, $root and $work set).

# form_token URL JAR : the anti-forgery token of the page's form (the first of the page's tokens).
form_token() { curl -sk -c "$2" -b "$2" "$1" | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | head -n 1 | sed 's/.*value="//; s/"$//'; }

# login BASE JAR USER PASSWORD [TOTP_SECRET] : signs in like a browser (anti-forgery token, cookies in JAR).
login() {
  local base=$1 jar=$2 user=$3 password=$4 secret=${5:-} token
  token=$(form_token "$base/Login" "$jar")
  curl -sk -o /dev/null -c "$jar" -b "$jar" --data-urlencode "Username=$user" --data-urlencode "Password=$password" \
    --data-urlencode "__RequestVerificationToken=$token" "$base/Login"
  if [ -n "$secret" ]; then
    token=$(form_token "$base/Login/Totp" "$jar")
    curl -sk -o /dev/null -c "$jar" -b "$jar" --data-urlencode "Code=$(next_totp "$user" "$secret")" \
      --data-urlencode "__RequestVerificationToken=$token" "$base/Login/Totp"
  fi
}

# cookie_header JAR : "name=value; ..." of every cookie in a curl cookie jar.
cookie_header() { awk -F'\t' 'NF >= 7 { printf "%s%s=%s", (n++ ? "; " : ""), $6, $7 }' "$1" | sed 's/^#HttpOnly_//'; }

# to_ms "1.23ms" | "850.00us" | "1.02s" : milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { u = v; gsub(/[0-9.]/, "", u); x = v + 0; if (u == "us") x /= 1000; else if (u == "s") x *= 1000; else if (u == "m") x *= 60000; printf "%.2f", x }'; }

# load_target NAME URL PID [COOKIE] : wrk for $duration at $connections connections; latency, rate, errors, memory.
load_target() {
  local name=$1 url=$2 pid=$3 cookie=${4:-} out rss_log sampler
  out="$work/wrk-$name.txt"; rss_log="$work/rss-$name.txt"
  ( while kill -0 "$pid" 2>/dev/null; do ps -o rss= -p "$pid" >>"$rss_log" || true; sleep 2; done ) &
  sampler=$!
  local args=(-t 2 -c "$connections" -d "${duration}s" --timeout 10s --latency)
  [ -n "$cookie" ] && args+=(-H "Cookie: $cookie")
  # A check first: the page must answer 200 for this session, or the figures would measure redirects.
  local status; status=$(curl -sk -o /dev/null -w '%{http_code}' ${cookie:+-H "Cookie: $cookie"} "$url")
  [ "$status" = 200 ] || { echo "load $name: $url answered $status, not 200" >&2; kill "$sampler"; return 1; }
  wrk "${args[@]}" "$url" >"$out"
  kill "$sampler" 2>/dev/null || true
  local p50 p99 rps non2xx sock
  p50=$(awk '$1 == "50%" { print $2 }' "$out"); p99=$(awk '$1 == "99%" { print $2 }' "$out")
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out"); non2xx=${non2xx:-0}
  sock=$(awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$out"); sock=${sock:-0}
  echo "BENCH load.$name.p50 $(to_ms "$p50") ms"
  echo "BENCH load.$name.p99 $(to_ms "$p99") ms"
  echo "BENCH load.$name.rps $rps req/s"
  echo "BENCH load.$name.errors $((non2xx + sock)) responses"
  awk 'NR == 1 { first = $1 } { last = $1; if ($1 > max) max = $1 } END {
    printf "BENCH load.%s.rss_start %.1f MiB\nBENCH load.%s.rss_end %.1f MiB\nBENCH load.%s.rss_max %.1f MiB\n", n, first / 1024, n, last / 1024, n, max / 1024 }' n="$name" "$rss_log"
}

# wait_healthz URL : until the host answers.
wait_healthz() { for _ in $(seq 1 240); do curl -skf "$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.5; done; echo "no answer from $1" >&2; return 1; }

# serve ROLE LOG ARGS... : a host in its own process group on a free loopback port; prints "PID URL". The load benchmark
# and the scan drive it from one address far beyond any office, so the per-address limits are lifted (ARGS may set them).
serve() {
  local role=$1 log=$2; shift 2
  local p; p=$(free_port)
  setsid "$root/scripts/payroll" serve --role "$role" --urls "https://127.0.0.1:$p" \
    --set Payroll:Security:SignInPermitsPerMinute=1000000 --set Payroll:Security:ApiPermitsPerMinute=1000000 "$@" >"$log" 2>&1 &
  echo "$! https://127.0.0.1:$p"
}

stop_group() { kill -TERM -- "-$1" 2>/dev/null || true; for _ in $(seq 1 60); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.5; done; kill -KILL -- "-$1" 2>/dev/null || true; }

bench_load() {
  duration=60; connections=50; people=200000
  while [ $# -gt 0 ]; do
    case "$1" in
      --duration) duration=$2; shift 2 ;;
      --connections) connections=$2; shift 2 ;;
      --people) people=$2; shift 2 ;;
      *) echo "load: unknown option $1" >&2; return 2 ;;
    esac
  done
  apt_install postgresql wrk curl python3
  dotnet build "$root/Payroll.Host/Payroll.Host.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
  local pgdir port; pgdir=$(mktemp -d /tmp/payroll-load-pg.XXXXXX); port=$(free_port)
  hosts=()   # global: the EXIT trap reads it after this function has returned
  trap 'for h in "${hosts[@]}"; do stop_group "$h"; done; pg_stop "'"$pgdir"'"; rm -rf "$work"' EXIT
  pg_start "$pgdir" "$port"
  local quiet=(--set Serilog:MinimumLevel:Default=Warning)
  local psql=("$(pg_bindir)/psql" -h 127.0.0.1 -p "$port" -U postgres -qtA)

  echo "== HTTP load: the demo city on PostgreSQL, one web host, wrk ${duration}s at $connections connections" >&2
  "${psql[@]}" -c "CREATE DATABASE payroll_load" >/dev/null
  export Payroll__DataDirectory="$work/load" Payroll__Database__Provider=postgres
  export Payroll__Database__ConnectionString="Host=127.0.0.1;Port=$port;Username=postgres;Database=payroll_load;Maximum Pool Size=100"
  "$root/scripts/payroll" demo seed "${quiet[@]}" >&2
  local emp_out op_out ap_out
  op_out=$("$root/scripts/payroll" user add --username load-operator --role PayrollOperator --totp "${quiet[@]}")
  ap_out=$("$root/scripts/payroll" user add --username load-approver --role PayrollApprover --totp "${quiet[@]}")
  local run; run=$(as_account load-operator "$(account_password "$op_out")" "$(account_secret "$op_out")" run start --period 2026-12 --wait "${quiet[@]}" | grep -o 'run [0-9]*' | head -n 1 | grep -o '[0-9]*')
  # Employees see approved payslips only.
  approve_acknowledging "$run" load-approver "$(account_password "$ap_out")" "$(account_secret "$ap_out")" "${quiet[@]}" >/dev/null
  local employee_no; employee_no=$("${psql[@]}" -d payroll_load -c "SELECT employee_no FROM salary_payslip WHERE run_id = $run AND NOT excepted ORDER BY employee_id LIMIT 1")
  emp_out=$("$root/scripts/payroll" user add --username load-employee --role Employee --employee-no "$employee_no" "${quiet[@]}")
  local web_pid web_url; read -r web_pid web_url < <(serve web "$work/web.log" "${quiet[@]}")
  hosts+=("$web_pid"); wait_healthz "$web_url"
  login "$web_url" "$work/emp.jar" load-employee "$(account_password "$emp_out")"
  login "$web_url" "$work/op.jar" load-operator "$(account_password "$op_out")" "$(account_secret "$op_out")"
  local host_pid; host_pid=$(pgrep -f -n "Payroll.Host.dll serve --role web --urls $web_url" || echo "$web_pid")
  load_target login "$web_url/Login" "$host_pid"
  load_target payslip "$web_url/Salary/Payslip?run=$run" "$host_pid" "$(cookie_header "$work/emp.jar")"
  load_target api_runs "$web_url/api/v1/runs?limit=50" "$host_pid" "$(cookie_header "$work/op.jar")"
  stop_group "$web_pid"; hosts=()

  echo "== payroll throughput: $people people on PostgreSQL, one worker host, then two" >&2
  "${psql[@]}" -c "CREATE DATABASE payroll_scale" >/dev/null
  export Payroll__DataDirectory="$work/scale"
  export Payroll__Database__ConnectionString="Host=127.0.0.1;Port=$port;Username=postgres;Database=payroll_scale;Maximum Pool Size=100"
  "$root/scripts/payroll" demo seed --employees "$people" --units 400 "${quiet[@]}" >&2
  local scale_op; scale_op=$("$root/scripts/payroll" user add --username scale-operator --role PayrollOperator --totp "${quiet[@]}")
  as_scale_operator() { as_account scale-operator "$(account_password "$scale_op")" "$(account_secret "$scale_op")" "$@"; }
  # Each worker host: one payroll worker per core (the default), the other queues one each.
  local cores; cores=$(nproc)
  local per_host=(--set Payroll:Jobs:Queues:payroll="$cores" --set Payroll:Jobs:Queues:maintenance=1 --set Payroll:Jobs:Queues:notices=1 --set Payroll:Jobs:Queues:default=1)
  local rate1="" rate2=""
  for workers in 1 2; do
    local pids=() i
    for i in $(seq 1 "$workers"); do
      local pid url; read -r pid url < <(serve worker "$work/worker$workers-$i.log" "${quiet[@]}" "${per_host[@]}")
      pids+=("$pid"); hosts+=("$pid"); wait_healthz "$url"
    done
    local id started finished
    started=$(date +%s.%N)
    id=$(as_scale_operator run start --period 2026-12 "${quiet[@]}" | grep -o 'run [0-9]*' | head -n 1 | grep -o '[0-9]*')
    until [ "$("${psql[@]}" -d payroll_scale -c "SELECT state FROM salary_run WHERE id = $id")" = Calculated ]; do sleep 0.5; done
    finished=$(date +%s.%N)
    local seconds paid; seconds=$(echo "$finished - $started" | bc -l)
    paid=$("${psql[@]}" -d payroll_scale -c "SELECT COUNT(*) FROM salary_payslip WHERE run_id = $id")
    local rate; rate=$(echo "$paid / $seconds" | bc -l)
    printf 'BENCH payroll.scale.%s.workers%s %.1f s\n' "$people" "$workers" "$seconds"
    printf 'BENCH payroll.scale.%s.workers%s.rate %.0f people/s\n' "$people" "$workers" "$rate"
    [ "$workers" = 1 ] && rate1=$rate || rate2=$rate
    as_scale_operator run cancel --run "$id" --reason "benchmark" "${quiet[@]}" >/dev/null
    for pid in "${pids[@]}"; do stop_group "$pid"; done
    hosts=()
  done
  printf 'BENCH payroll.scale.%s.ratio %.2f x\n' "$people" "$(echo "$rate2 / $rate1" | bc -l)"
}
