#!/usr/bin/env bash
# Runs the system on this machine: builds, migrates the embedded SQLite database in ./data, creates a demo
# administrator on first run (its one-time password and TOTP secret are printed once), and serves
# https://localhost:5443 with a self-signed certificate generated into ./data/tls. Ctrl+C stops it.
# Extra arguments go to `payroll serve` (e.g. --urls https://localhost:6443).
set -euo pipefail
here=$(dirname "$0")
"$here/payroll" migrate
"$here/payroll" user add --username demo-admin --role Admin --role PayrollOperator --totp --if-absent
echo
echo "Serving https://localhost:5443 (self-signed certificate: your browser will ask you to accept it)."
exec "$here/payroll" serve "$@"
