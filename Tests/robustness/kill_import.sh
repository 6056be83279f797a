#!/usr/bin/env bash
# Crash atomicity: SIGKILL a large import half-way; the store must be exactly as before, and the
# same import must then succeed. Prints 'N passed, N failed'.
set -uo pipefail
cd "$(dirname "$0")/../.."
build="${HJEMTAG_BUILD:-.build}"
swift build --scratch-path "$build" --product hjemtag >/dev/null || exit 1
H="$build/debug/hjemtag"
WORK="$(mktemp -d /tmp/hjemtag-kill.XXXXXX)"; trap 'rm -rf "$WORK"' EXIT
DB="$WORK/kill.sqlite"
passed=0; failed=0
check() { if eval "$2"; then echo "ok   $1"; passed=$((passed + 1)); else echo "FAIL $1"; failed=$((failed + 1)); fi; }

"$H" migrate --kommune 350 --database "$DB" >/dev/null
"$H" generate --posteringer 2000 --seed 2 "$WORK/small" >/dev/null
"$H" import posteringer "$WORK/small/posteringer.csv" --database "$DB" >/dev/null
before="$("$H" status --database "$DB" | grep -E 'Importer|posteringer')"
"$H" generate --posteringer 400000 --seed 3 "$WORK/big" >/dev/null
"$H" import posteringer "$WORK/big/posteringer.csv" --database "$DB" >/dev/null 2>&1 &
pid=$!
# Kill it once rows are being written (the WAL file grows), well before the commit.
for _ in $(seq 1 200); do
  size=$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)
  [ "$size" -gt 2000000 ] && break
  sleep 0.05
done
killed=0; kill -9 "$pid" 2>/dev/null && killed=1
wait "$pid" 2>/dev/null; status=$?
check "the import was still running and died of SIGKILL after writing ($size bytes in the WAL)" '[ "$killed" = 1 ] && [ "$status" = 137 ] && [ "$size" -gt 2000000 ]'
after="$("$H" status --database "$DB" | grep -E 'Importer|posteringer')"
check "the store is exactly as before the killed import" '[ "$before" = "$after" ]'
check "the store is consistent (PRAGMA integrity_check)" '[ "$(sqlite3 "$DB" "PRAGMA integrity_check")" = "ok" ]'
"$H" import posteringer "$WORK/big/posteringer.csv" --database "$DB" > "$WORK/again.txt" 2>&1
check "the same import succeeds afterwards" 'grep -q "400000 rækker importeret" "$WORK/again.txt"'

# The same on PostgreSQL, when a server is given (CI sets TEST_DATABASE_URL): the killed client's
# transaction is rolled back by the server, no session is left holding it, and the import can be
# run again.
if [ -n "${TEST_DATABASE_URL:-}" ] && command -v psql >/dev/null; then
  base="${TEST_DATABASE_URL%%\?*}"
  db="hjemtag_kill_$$"
  killdb="${base%/*}/$db"
  PGURL="$killdb?tlsmode=disable"
  psql "$base" -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
  pg_count() { psql "$killdb" -tAc "SELECT count(*) FROM postings"; }
  "$H" migrate --kommune 350 --database "$PGURL" >/dev/null
  "$H" import posteringer "$WORK/small/posteringer.csv" --database "$PGURL" >/dev/null
  pg_before="$(pg_count)"
  "$H" import posteringer "$WORK/big/posteringer.csv" --database "$PGURL" >/dev/null 2>&1 &
  pid=$!
  # Kill it once the server is loading postings (one COPY per batch).
  seen=0
  for _ in $(seq 1 400); do
    if [ "$(psql "$base" -tAc "SELECT count(*) FROM pg_stat_activity WHERE datname = '$db' AND (query ILIKE 'COPY %postings%' OR query ILIKE 'INSERT INTO %postings%')")" -gt 0 ]; then seen=1; break; fi
    sleep 0.05
  done
  sleep 0.5
  killed=0; kill -9 "$pid" 2>/dev/null && killed=1
  wait "$pid" 2>/dev/null; status=$?
  check "PostgreSQL: the import was writing rows and died of SIGKILL" '[ "$seen" = 1 ] && [ "$killed" = 1 ] && [ "$status" = 137 ]'
  # The server notices the closed connection and aborts its transaction.
  for _ in $(seq 1 100); do
    left="$(psql "$base" -tAc "SELECT count(*) FROM pg_stat_activity WHERE datname = '$db' AND pid <> pg_backend_pid()")"
    [ "$left" = 0 ] && break
    sleep 0.1
  done
  check "PostgreSQL: the server ended the killed session and its transaction" '[ "$left" = 0 ]'
  check "PostgreSQL: the store is exactly as before the killed import ($pg_before postings)" '[ "$(pg_count)" = "$pg_before" ] && [ "$(psql "$killdb" -tAc "SELECT count(*) FROM imports")" = 1 ]'
  "$H" import posteringer "$WORK/big/posteringer.csv" --database "$PGURL" > "$WORK/pg-again.txt" 2>&1
  check "PostgreSQL: the same import succeeds afterwards" 'grep -q "400000 rækker importeret" "$WORK/pg-again.txt"'
  psql "$base" -qc "DROP DATABASE $db" >/dev/null
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
