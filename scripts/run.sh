#!/usr/bin/env bash
# Runs the system on this machine: builds, migrates the embedded SQLite database in ./data, creates a demo
# administrator on first run (its one-time password and TOTP secret are printed once) and a small demo city, and serves
# https://localhost:5443 with a self-signed certificate generated into ./data/tls. Ctrl+C stops it.
# Extra arguments go to `payroll serve` (e.g. --urls https://localhost:6443).
set -euo pipefail
here=$(dirname "$0")
source "$here/lib/common.sh"
# The font payslip PDFs are drawn with (Traditional Chinese).
apt_install fonts-droid-fallback fonts-dejavu-core python3
# The demo pays from the shipped tables, which nobody has verified against the official texts: an approver may approve
# such a run by acknowledging each table (its payslips carry the trial mark). Production leaves this off.
export Payroll__Salary__AllowUnverifiedTables=true
"$here/payroll" migrate
# The demo administrator holds every staff role so the whole demo can be explored; real accounts get one role each.
admin=$("$here/payroll" user add --username demo-admin --role Admin --role PayrollOperator --role HrClerk --role Auditor --role ComplianceOfficer --totp --if-absent)
echo "$admin"
data="${Payroll__DataDirectory:-$(cd "$here/.." && pwd)/data}"
if [ ! -f "$data/demo-canaries.json" ]; then
  # First run: a small demo city (all records marked as demo). The full city: payroll demo seed --employees 44520 --units 390
  "$here/payroll" demo seed --employees 2000 --units 40 --seed 42
  # This month's and next month's regular runs, calculated, so next month's run page has a month to compare with. They
  # are started as demo-admin, signed in with the password and TOTP secret just printed (every verb acts as a person).
  if [ -n "$(account_secret "$admin")" ]; then
    for period in "$(TZ=Asia/Taipei date +%Y-%m)" "$(TZ=Asia/Taipei date -d "$(TZ=Asia/Taipei date +%Y-%m-15) +1 month" +%Y-%m)"; do
      as_account demo-admin "$(account_password "$admin")" "$(account_secret "$admin")" run start --period "$period" --wait
    done
  else
    echo "The demo runs were not started: start them as an operator, e.g. payroll run start --period $(TZ=Asia/Taipei date +%Y-%m) --wait --as demo-admin"
  fi
fi
echo
echo "Serving https://localhost:5443 (self-signed certificate: your browser will ask you to accept it)."
exec "$here/payroll" serve "$@"
