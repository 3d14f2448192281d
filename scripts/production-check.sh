#!/usr/bin/env bash
# Follow README's "Running it for a bureau" on this machine, end to end:
# PostgreSQL, init-db, `caseflow serve` behind nothing but 127.0.0.1, requests that
# answer, a backup, the database and evidence wiped, a restore, verify-audit, doctor,
# and the server answering the same again. Exits non-zero at the first step that fails.
#
#   CHECK_DATABASE_URL  a PostgreSQL database this script may empty
#                       (default postgresql+psycopg://postgres@127.0.0.1:5432/caseflow_check;
#                       created when missing)
#   CHECK_PORT          the port `caseflow serve` listens on (default 8000)
#
# Run it from a virtualenv with CaseFlow installed (pip install -e '.[postgres]').
set -euo pipefail

db_url="${CHECK_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/caseflow_check}"
port="${CHECK_PORT:-8000}"
libpq_url="${db_url/+psycopg/}"
db_name="${libpq_url##*/}"
db_name="${db_name%%\?*}"
server_url="${libpq_url%/*}/postgres"

work="$(mktemp -d)"
server_pid=""
stop_server() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap 'stop_server; rm -rf "$work"' EXIT
step() { printf '\n== %s\n' "$*"; }

# The environment every process shares (README: one environment file).
export DATABASE_URL="$db_url"
export CASEFLOW_EVIDENCE_DIR="$work/evidence"
CASEFLOW_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_hex(32))')"
export CASEFLOW_SECRET_KEY

step "PostgreSQL: database $db_name, emptied"
if ! psql "$server_url" -Atqc "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1; then
  psql "$server_url" -qc "CREATE DATABASE \"$db_name\""
fi
psql "$libpq_url" -qc 'DROP SCHEMA IF EXISTS public CASCADE' -c 'CREATE SCHEMA public' 2>/dev/null
caseflow init-db
caseflow demo --no-serve | head -n 1   # a district with cases, events and an evidence file
# Outside demo mode the demo's passwords sign in only to be changed: an administrator
# gets a real one, as the first administrator of an installation does.
admin_password="check-$(python -c 'import secrets; print(secrets.token_urlsafe(16))')"
printf '%s\n' "$admin_password" | caseflow set-password admin --password-stdin

serve() {
  caseflow serve --bind "127.0.0.1:$port" --workers 2 --threads 4 --trusted-proxy 127.0.0.1 \
    >>"$work/serve.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 60); do
    curl -fs -o /dev/null "http://127.0.0.1:$port/login" && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log"; return 1; }
    sleep 0.5
  done
  cat "$work/serve.log"
  return 1
}

cases_seen() {
  local token
  token="$(curl -fs -X POST -H 'Content-Type: application/json' \
    -d "{\"username\": \"admin\", \"password\": \"$admin_password\"}" \
    "http://127.0.0.1:$port/api/v1/auth/token" | python -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
  curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/cases?page_size=1" \
    | python -c 'import json,sys; print(json.load(sys.stdin)["total"])'
}

step "caseflow serve on 127.0.0.1:$port"
serve
curl -fsS -D - -o /dev/null "http://127.0.0.1:$port/login" | grep -iE '^(HTTP|server)'
before="$(cases_seen)"
echo "the API answers: $before cases"

step "caseflow backup (while serving)"
caseflow backup "$work/bureau.tar"
tar -tvf "$work/bureau.tar" | head -n 5

step "wipe: server stopped, schema dropped, evidence deleted"
stop_server
psql "$libpq_url" -qc 'DROP SCHEMA public CASCADE' -c 'CREATE SCHEMA public' 2>/dev/null
rm -rf "$CASEFLOW_EVIDENCE_DIR"

step "caseflow restore"
caseflow restore "$work/bureau.tar"

step "caseflow verify-audit and caseflow doctor"
caseflow verify-audit
caseflow doctor

step "serve again: the same cases answer"
serve
after="$(cases_seen)"
echo "the API answers: $after cases"
stop_server
if [[ "$before" != "$after" ]]; then
  echo "FAIL: $before cases before the backup, $after after the restore" >&2
  exit 1
fi
printf '\nPASS: PostgreSQL, serve, backup, restore, verify-audit, doctor\n'
