#!/usr/bin/env bash
# Crash atomicity: SIGKILL a large import half-way; the store must be exactly as before, and the
# same import must then succeed. Prints 'N passed, N failed'.
#
# When to kill is decided by the import's own count: `import --fremdrift` writes one stderr line
# per 50.000 rows written inside its open transaction, and the import is killed once it reports
# KILL_AT of the file's 400.000 rows. (An earlier version waited for SQLite's WAL to grow, which
# with a 64 MiB page cache may not happen at all before the commit.)
set -uo pipefail
cd "$(dirname "$0")/../.."
build="${HJEMTAG_BUILD:-.build}"
swift build --scratch-path "$build" --product hjemtag >/dev/null || exit 1
H="$build/debug/hjemtag"
WORK="$(mktemp -d /tmp/hjemtag-kill.XXXXXX)"; trap 'rm -rf "$WORK"' EXIT
DB="$WORK/kill.sqlite"
KILL_AT="100.000"
passed=0; failed=0
check() { if eval "$2"; then echo "ok   $1"; passed=$((passed + 1)); else echo "FAIL $1"; failed=$((failed + 1)); fi; }

# Starts the big import into database $1, kills it with SIGKILL as soon as it has reported
# KILL_AT rows written, and sets: reached (it reported them), killed, status (137 for SIGKILL),
# committed (it printed its receipt, i.e. it finished before the kill).
import_and_kill() {
  "$H" import --fremdrift posteringer "$WORK/big/posteringer.csv" --database "$1" >"$WORK/kill.out" 2>"$WORK/kill.err" &
  local pid=$!
  reached=0
  # Bounded only by the import itself: a slow machine waits longer, a fast one polls often.
  while kill -0 "$pid" 2>/dev/null; do
    if grep -q ": $KILL_AT rækker skrevet" "$WORK/kill.err" 2>/dev/null; then reached=1; break; fi
    sleep 0.01
  done
  killed=0; kill -9 "$pid" 2>/dev/null && killed=1
  wait "$pid" 2>/dev/null; status=$?
  committed=0; grep -q "rækker importeret" "$WORK/kill.out" && committed=1
}

# Every table's rows, schema included, in a stable text form.
sqlite_dump() { sqlite3 "$DB" .dump | sha256sum; }

"$H" migrate --kommune 350 --database "$DB" >/dev/null
"$H" generate --posteringer 2000 --seed 2 "$WORK/small" >/dev/null
"$H" import posteringer "$WORK/small/posteringer.csv" --database "$DB" >/dev/null
before="$(sqlite_dump)"
"$H" generate --posteringer 400000 --seed 3 "$WORK/big" >/dev/null
import_and_kill "$DB"
check "the import had written $KILL_AT of 400.000 rows in its open transaction and died of SIGKILL before its commit" \
  '[ "$reached" = 1 ] && [ "$killed" = 1 ] && [ "$status" = 137 ] && [ "$committed" = 0 ]'
check "the store is exactly as before the killed import (every table, sqlite3 .dump)" '[ "$before" = "$(sqlite_dump)" ]'
check "the store is consistent (PRAGMA integrity_check)" '[ "$(sqlite3 "$DB" "PRAGMA integrity_check")" = "ok" ]'
"$H" import posteringer "$WORK/big/posteringer.csv" --database "$DB" > "$WORK/again.txt" 2>&1
check "the same import succeeds afterwards" 'grep -q "400.000 rækker importeret" "$WORK/again.txt"'

# The same on PostgreSQL, when a server is given (CI sets TEST_DATABASE_URL): the killed client's
# transaction is rolled back by the server, no session is left holding it, and the import can be
# run again.
if [ -n "${TEST_DATABASE_URL:-}" ] && command -v psql >/dev/null; then
  base="${TEST_DATABASE_URL%%\?*}"
  db="hjemtag_kill_$$"
  killdb="${base%/*}/$db"
  PGURL="$killdb?tlsmode=disable"
  psql "$base" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
  # Every table's rows in a stable order (pg_dump would carry the server's version and the time).
  pg_snapshot() {
    for t in $(psql "$killdb" -tAc "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"); do
      echo "== $t"; psql "$killdb" -tAc "SELECT t::text FROM \"$t\" t ORDER BY t::text"
    done | sha256sum
  }
  "$H" migrate --kommune 350 --database "$PGURL" >/dev/null
  "$H" import posteringer "$WORK/small/posteringer.csv" --database "$PGURL" >/dev/null
  pg_before="$(pg_snapshot)"
  import_and_kill "$PGURL"
  check "PostgreSQL: the import had written $KILL_AT rows in its open transaction and died of SIGKILL before its commit" \
    '[ "$reached" = 1 ] && [ "$killed" = 1 ] && [ "$status" = 137 ] && [ "$committed" = 0 ]'
  # The server notices the closed connection and aborts its transaction.
  for _ in $(seq 1 300); do
    left="$(psql "$base" -tAc "SELECT count(*) FROM pg_stat_activity WHERE datname = '$db' AND pid <> pg_backend_pid()")"
    [ "$left" = 0 ] && break
    sleep 0.1
  done
  check "PostgreSQL: the server ended the killed session and its transaction" '[ "$left" = 0 ]'
  check "PostgreSQL: the store is exactly as before the killed import (every table's rows)" '[ "$(pg_snapshot)" = "$pg_before" ]'
  "$H" import posteringer "$WORK/big/posteringer.csv" --database "$PGURL" > "$WORK/pg-again.txt" 2>&1
  check "PostgreSQL: the same import succeeds afterwards" 'grep -q "400.000 rækker importeret" "$WORK/pg-again.txt"'
  psql "$base" -qc "DROP DATABASE $db" >/dev/null
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
