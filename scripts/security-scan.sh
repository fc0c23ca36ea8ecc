#!/usr/bin/env bash
# scripts/security-scan.sh : attacks a running system the way an outsider would, on loopback.
# Starts the system with the demo city (and its canary values) in a new data directory, with a certificate of a local
# certificate authority; runs each check; prints one line per check, "CHECK <name> <figure> PASS|FAIL"; keeps the tools'
# raw reports in artifacts/security-scan; stops what it started; exits 1 if any check failed.
# Checks: anonymous crawl (nothing personal, everything else refused), security headers on every kind of response,
# TLS (testssl.sh), SQL injection (sqlmap on every API parameter, page parameter and the login form, each with the
# account that may use it), sessions (replayed after logout, after the idle timeout, after the user is disabled), no
# canary in the database, the job storage or the log.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/bench-load.sh"   # login, form_token, cookie_header, serve, wait_healthz, stop_group
root=$(repo_root); cd "$root"

apt_install wget curl jq testssl.sh sqlmap sqlite3 openssl python3 fonts-droid-fallback fonts-dejavu-core
results="$root/artifacts/security-scan"
rm -rf "$results"; mkdir -p "$results"
work=$(mktemp -d /tmp/payroll-scan.XXXXXX)
failed=0; passed=0
host_pid=""; idle_pid=""
trap '[ -n "$host_pid" ] && stop_group "$host_pid"; [ -n "$idle_pid" ] && stop_group "$idle_pid"; [ -n "${PAYROLL_SCAN_KEEP:-}" ] || rm -rf "$work"' EXIT

check() { # check NAME FIGURE OK(0|1)
  if [ "$3" = 0 ]; then echo "CHECK $1 $2 PASS"; passed=$((passed + 1)); else echo "CHECK $1 $2 FAIL"; failed=$((failed + 1)); fi
  echo "CHECK $1 $2 $([ "$3" = 0 ] && echo PASS || echo FAIL)" >>"$results/summary.txt"
}

idle=20
export Payroll__DataDirectory="$work/data"
quiet=(--Serilog:MinimumLevel:Default=Warning)
echo "== preparing: demo city, an approved December run, accounts, a certificate" >&2
dotnet build "$root/Payroll.Host/Payroll.Host.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly >&2
"$root/scripts/payroll" demo seed "${quiet[@]}" >&2
run=$("$root/scripts/payroll" run start --period 2026-12 --wait "${quiet[@]}" | grep -o 'run [0-9]*' | head -n 1 | grep -o '[0-9]*')
add_user() { "$root/scripts/payroll" user add --username "$1" "${@:2}" "${quiet[@]}"; }
password_of() { sed -n 's/^Password (shown once, not stored): //p' <<<"$1"; }
secret_of() { sed -n 's/^TOTP secret (shown once; add it to an authenticator app): //p' <<<"$1"; }
add_user scan-approver --role PayrollApprover >/dev/null
"$root/scripts/payroll" run approve "$run" --as scan-approver "${quiet[@]}" >/dev/null
op=$(add_user scan-operator --role PayrollOperator --totp)
emp1=$(add_user scan-emp1 --role Employee --employee-no D000001)
emp2=$(add_user scan-emp2 --role Employee --employee-no D000002)
emp3=$(add_user scan-emp3 --role Employee --employee-no D000003)
hr=$(add_user scan-hr --role HrClerk --totp)
auditor=$(add_user scan-auditor --role Auditor --totp)
officer=$(add_user scan-officer --role ComplianceOfficer --totp)
incident=$("$root/scripts/payroll" breach new --title "scan" --aware-at 2026-11-20T19:00:00+08:00 "${quiet[@]}" | grep -o '[0-9]*' | head -n 1)
mapfile -t canaries < <(jq -r '.values[]' "$work/data/demo-canaries.json")

# A local certificate authority and a server certificate for 127.0.0.1 shaped like a real one (a year's validity, a
# revocation list address), so that testssl.sh judges the host's TLS set-up rather than a throwaway certificate.
openssl req -x509 -newkey rsa:3072 -nodes -days 730 -subj "/CN=Payroll scan CA" -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -newkey rsa:3072 -nodes -subj "/CN=127.0.0.1" -keyout "$work/host.key" -out "$work/host.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nkeyUsage=digitalSignature,keyEncipherment\nbasicConstraints=CA:FALSE\ncrlDistributionPoints=URI:http://127.0.0.1/payroll-scan-ca.crl\n' >"$work/ext.cnf"
openssl x509 -req -in "$work/host.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 365 -extfile "$work/ext.cnf" -out "$work/host.pem" 2>/dev/null
openssl pkcs12 -export -inkey "$work/host.key" -in "$work/host.pem" -certfile "$work/ca.pem" -passout pass:scan -out "$work/host.pfx"

tls=("--Payroll:Tls:CertificatePath=$work/host.pfx" --Payroll:Tls:CertificatePassword=scan)
read -r host_pid url < <(serve all "$results/host.log" --Serilog:MinimumLevel:Default=Information "${tls[@]}")
# A second web host on the same data, whose sessions end after $idle idle seconds (for the idle-timeout check only).
read -r idle_pid idle_url < <(serve web "$results/host-idle.log" --Serilog:MinimumLevel:Default=Information "${tls[@]}" "--Payroll:Security:IdleTimeout=00:00:$idle")
wait_healthz "$url"; wait_healthz "$idle_url"
echo "== scanning $url" >&2

# --- 1. Anonymous crawler -------------------------------------------------------------------------------------------
allowed='^/(login|login/index|healthz|robots\.txt|css/.*|js/.*|images/.*|favicon\.ico)$'
{
  "$root/scripts/payroll" endpoints "${quiet[@]}" | awk '{ print $2 }' \
    | sed -E 's#\{\*\*[^}]*\}##; s#\{[^}]*\}#'"$(openssl rand -hex 16)"'#g'
  for i in $(seq 1 25); do
    printf '/Personnel/Employee?no=D%06d\n' "$i"
    printf '/Salary/Payslip?run=%s&employee=%s\n' "$run" "$i"
    printf '/Salary/Run?id=%s\n' "$i"
    printf '/documents/download/%s\n' "$(openssl rand -hex 16)"
  done
  for i in $(seq 1 25); do printf '/Personnel/Employee?no=D%06d\n' "$((RANDOM % 44520 + 1))"; printf '/Salary/Payslip?run=1&employee=%s\n' "$((RANDOM % 44520 + 1))"; done
  printf '%s\n' /hangfire /hangfire/jobs/enqueued /hangfire/recurring /hangfire/servers /api/v1/runs /api/v1/me /Me /Audit/Ledger
} | sort -u >"$work/paths.txt"
offenders=0; : >"$results/crawl-statuses.txt"
while read -r path; do
  answer=$(curl -sk -o /dev/null -w '%{http_code} %{redirect_url}' "$url$path")
  echo "$answer $path" >>"$results/crawl-statuses.txt"
  code=${answer%% *}; location=${answer#* }
  bare=${path%%\?*}
  if [[ "${bare,,}" =~ $allowed ]]; then continue; fi
  if [ "$code" = 401 ] || { [ "$code" = 302 ] && [[ "$location" == "$url/Login"* ]]; } || { [ "$code" = 404 ] && [[ "$bare" == /documents/download/* ]]; }; then continue; fi
  echo "  not refused: $code $path" >&2; offenders=$((offenders + 1))
done <"$work/paths.txt"
sed "s#^#$url#" "$work/paths.txt" >"$work/urls.txt"
wget -q -r -l 3 -e robots=off --no-check-certificate -P "$work/crawl" -i "$work/urls.txt" -o "$results/wget.log" || true
fetched=$(find "$work/crawl" -type f | wc -l)
leaks=0
for value in "${canaries[@]}"; do
  if grep -rqF -- "$value" "$work/crawl"; then echo "  canary found in the crawl: ${value:0:2}…" >&2; leaks=$((leaks + 1)); fi
done
check crawler.refused "$(wc -l <"$work/paths.txt")-paths,$offenders-answered" "$([ "$offenders" = 0 ] && echo 0 || echo 1)"
check crawler.no-personal-data "$fetched-files,$leaks-canaries" "$([ "$leaks" = 0 ] && [ "$fetched" -gt 0 ] && echo 0 || echo 1)"

# --- 2. Headers on every kind of response ----------------------------------------------------------------------------
login "$url" "$work/op.jar" scan-operator "$(password_of "$op")" "$(secret_of "$op")"
op_cookie=$(cookie_header "$work/op.jar")
missing=0; kinds=0; : >"$results/headers.txt"
header_check() { # KIND PATH [COOKIE]
  local headers; headers=$(curl -sk -D - -o /dev/null ${3:+-H "Cookie: $3"} "$url$2" | tr -d '\r')
  kinds=$((kinds + 1)); printf '== %s %s\n%s\n' "$1" "$2" "$headers" >>"$results/headers.txt"
  local want
  for want in '^strict-transport-security: max-age=[1-9]' '^content-security-policy: ' '^x-robots-tag: noindex, nofollow, noarchive' \
              '^referrer-policy: no-referrer' '^x-content-type-options: nosniff' '^cache-control: .*no-store'; do
    grep -qiE "$want" <<<"$headers" || { echo "  $1 $2: no ${want#^}" >&2; missing=$((missing + 1)); }
  done
  if grep -qiE '^server:' <<<"$headers"; then echo "  $1 $2: a Server banner" >&2; missing=$((missing + 1)); fi
}
header_check page /Login
header_check redirect /Me
header_check api /api/v1/runs "$op_cookie"
header_check api-401 /api/v1/runs
header_check download "/documents/download/$(openssl rand -hex 16)" "$op_cookie"
header_check error-404 /no-such-page "$op_cookie"
header_check static /css/site.css
header_check hangfire /hangfire "$op_cookie"
check headers "$kinds-kinds,$missing-missing" "$([ "$missing" = 0 ] && echo 0 || echo 1)"

# --- 3. TLS ----------------------------------------------------------------------------------------------------------
testssl --quiet --color 0 --warnings off --add-ca "$work/ca.pem" --jsonfile "$results/testssl.json" "$url" >"$results/testssl.txt" 2>&1 || true
old_protocols=$(jq '[.[] | select(.id == "SSLv2" or .id == "SSLv3" or .id == "TLS1" or .id == "TLS1_1") | select(.finding | test("not offered") | not)] | length' "$results/testssl.json")
serious=$(jq '[.[] | select(.severity == "MEDIUM" or .severity == "HIGH" or .severity == "CRITICAL")] | length' "$results/testssl.json")
jq -r '.[] | select(.severity == "MEDIUM" or .severity == "HIGH" or .severity == "CRITICAL") | "  testssl \(.severity) \(.id): \(.finding)"' "$results/testssl.json" >&2
check tls "$old_protocols-old-protocols,$serious-medium-or-worse" "$([ "$old_protocols" = 0 ] && [ "$serious" = 0 ] && echo 0 || echo 1)"

# --- 4. SQL injection -----------------------------------------------------------------------------------------------
login "$url" "$work/hr.jar" scan-hr "$(password_of "$hr")" "$(secret_of "$hr")"
sleep 1; login "$url" "$work/au.jar" scan-auditor "$(password_of "$auditor")" "$(secret_of "$auditor")"
sleep 1; login "$url" "$work/co.jar" scan-officer "$(password_of "$officer")" "$(secret_of "$officer")"
targets=0
inject() { # JAR URL PARAMS [sqlmap options...]
  local jar=$1 target=$2 params=$3; shift 3
  targets=$((targets + 1))
  sqlmap -u "$target" -p "$params" ${jar:+--cookie "$(cookie_header "$jar")"} --batch --disable-coloring -v 0 \
    --technique=BEU --level 1 --risk 1 --flush-session --output-dir "$results/sqlmap" "$@" >>"$results/sqlmap.txt" 2>&1 || true
}
inject "$work/op.jar" "$url/api/v1/runs?state=Calculated&period=2026-12&kind=Regular&sort=-started&limit=10" state,period,kind,sort,limit
inject "$work/op.jar" "$url/Salary/Run?id=$run" id
inject "$work/op.jar" "$url/Salary/Changes?id=$run&v=1" id,v
inject "$work/op.jar" "$url/Salary/Payslip?run=$run&employee=5" run,employee
inject "$work/hr.jar" "$url/Personnel?q=D0001&unit=U001&p=1" q,unit,p
inject "$work/hr.jar" "$url/Personnel/Employee?no=D000005" no
inject "$work/hr.jar" "$url/Personnel/Edit?no=D000005" no
inject "$work/au.jar" "$url/api/v1/audit/exposure?from=2026-11-01&to=2026-12-31&outside=true&ip=203.0.113.0/24" from,to,outside,ip
inject "$work/au.jar" "$url/Audit/Ledger?from=2026-11-01&to=2026-12-31&ip=10.0.0.0/8&outside=true&actor=cli&kind=payslip&document=x&person=D000001&outcome=Allowed&p=1" from,to,ip,outside,actor,kind,document,person,outcome,p
inject "$work/au.jar" "$url/Audit/Person?id=5&p=1" id,p
inject "$work/co.jar" "$url/Breach/Incident?id=$incident" id
inject "" "$url/Login" Username,Password --data "Username=scan&Password=x&__RequestVerificationToken=x" --csrf-token=__RequestVerificationToken --csrf-url="$url/Login" --ignore-code=401
found=$(cat "$results"/sqlmap/*/log 2>/dev/null | grep -c '^Parameter: ' || true)
# A target sqlmap could not test (refused option, session lost, page unreachable) is a failure too, not a pass.
tested=$(grep -c 'all tested parameters do not appear to be injectable' "$results/sqlmap.txt" || true)
check sql-injection "$tested/$targets-targets-tested,$found-injectable" "$([ "$found" = 0 ] && [ "$tested" = "$targets" ] && echo 0 || echo 1)"

# --- 7. Sessions -----------------------------------------------------------------------------------------------------
refused() { # COOKIE [BASE] : the session is no longer accepted
  local base=${2:-$url} answer; answer=$(curl -sk -o /dev/null -w '%{http_code} %{redirect_url}' -H "Cookie: $1" "$base/Me")
  [[ "$answer" == "302 $base/Login"* ]] || [[ "$answer" == 401* ]]
}
accepted() { [ "$(curl -sk -o /dev/null -w '%{http_code}' -H "Cookie: $1" "${2:-$url}/Me")" = 200 ]; }
login "$url" "$work/e1.jar" scan-emp1 "$(password_of "$emp1")"; c1=$(cookie_header "$work/e1.jar")
login "$idle_url" "$work/e2.jar" scan-emp2 "$(password_of "$emp2")"; c2=$(cookie_header "$work/e2.jar")
login "$url" "$work/e3.jar" scan-emp3 "$(password_of "$emp3")"; c3=$(cookie_header "$work/e3.jar")
sessions=0
accepted "$c1" && accepted "$c2" "$idle_url" && accepted "$c3" || { echo "  a fresh session was not accepted" >&2; sessions=$((sessions + 1)); }
curl -sk -o /dev/null -b "$work/e1.jar" -c "$work/e1.jar" --data-urlencode "__RequestVerificationToken=$(form_token "$url/Me" "$work/e1.jar")" "$url/Logout"
refused "$c1" || { echo "  a cookie replayed after logout was accepted" >&2; sessions=$((sessions + 1)); }
"$root/scripts/payroll" user disable --username scan-emp3 "${quiet[@]}" >/dev/null
refused "$c3" || { echo "  a disabled user's cookie was accepted" >&2; sessions=$((sessions + 1)); }
sleep $((idle + 5))
refused "$c2" "$idle_url" || { echo "  a cookie idle for longer than the timeout was accepted" >&2; sessions=$((sessions + 1)); }
check sessions "logout,disabled,idle-${idle}s:$sessions-accepted" "$([ "$sessions" = 0 ] && echo 0 || echo 1)"

# --- 8. At rest and in the log ---------------------------------------------------------------------------------------
stop_group "$host_pid"; host_pid=""; stop_group "$idle_pid"; idle_pid=""
sqlite3 "$work/data/payroll.db" .dump >"$work/payroll.sql"
sqlite3 "$work/data/jobs.db" .dump >"$work/jobs.sql"
in_dump=0; in_log=0
for value in "${canaries[@]}"; do
  grep -qF -- "$value" "$work/payroll.sql" "$work/jobs.sql" && in_dump=$((in_dump + 1))
  grep -qF -- "$value" "$results/host.log" "$results/host-idle.log" && in_log=$((in_log + 1))
done
check at-rest "$(( $(wc -c <"$work/payroll.sql") / 1048576 ))MiB-dumped,$in_dump-canaries" "$([ "$in_dump" = 0 ] && echo 0 || echo 1)"
check log "$(wc -l <"$results/host.log")-lines,$in_log-canaries" "$([ "$in_log" = 0 ] && echo 0 || echo 1)"

echo "$passed passed, $failed failed" | tee -a "$results/summary.txt"
[ "$failed" = 0 ]
