#!/usr/bin/env bash
# Load on loopback: the release server holding a Copenhagen-sized store (10 million postings over
# three years, households, the SDE computed for 2021), driven by wrk with 50 connections for 60 s,
# logged in. Three runs in one go: /health (the server's floor, no store work), the dashboard and
# the SDE overview, and the SDE drill-down over 50 subjects (each view reads the citizens and writes
# the audit log).
# Prints requests/s, p50/p90/p99 latency and errors. Target: p99 under 200 ms, no errors.
# Usage: Benchmarks/load_wrk.sh [POSTINGS] [SECONDS] [CONNECTIONS]   (default 10.000.000, 60, 50)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000000}"; SECONDS_PER_RUN="${2:-60}"; CONNECTIONS="${3:-50}"
BUILD="${HJEMTAG_RELEASE_BUILD:-/var/tmp/hjemtag-release}"
WORK="${BENCH_DIR:-/var/tmp/hjemtag-bench}/load-$N"
PORT="${LOAD_PORT:-8189}"
command -v wrk >/dev/null || { sudo -n true 2>/dev/null && S=sudo || S=; DEBIAN_FRONTEND=noninteractive $S apt-get install -y wrk >/dev/null; }
swift build -c release --scratch-path "$BUILD" --product hjemtag >/dev/null
H="$BUILD/release/hjemtag"
DB="$WORK/hjemtag.sqlite"
mkdir -p "$WORK"
if [ ! -f "$DB" ]; then
  echo "== Opbygger en butik på $N posteringer (én gang; genbruges fra $WORK)"
  [ -f "$WORK/posteringer.csv" ] || "$H" generate --posteringer "$N" --seed 1 --fra-aar 2020 "$WORK" >/dev/null
  "$H" migrate --kommune 101 --database "$DB.tmp" >/dev/null
  /usr/bin/time -f "import: %e s, %M KiB" "$H" import posteringer "$WORK/posteringer.csv" --database "$DB.tmp" >/dev/null
  "$H" import husstande "$WORK/husstande.csv" --database "$DB.tmp" >/dev/null
  /usr/bin/time -f "SDE 2021: %e s, %M KiB" "$H" sde --year 2021 --database "$DB.tmp" >/dev/null
  mv "$DB.tmp" "$DB"
fi
"$H" bruger opret --brugernavn last --rolle oekonomi --adgangskode "last-test-adgangskode" --database "$DB" >/dev/null 2>&1 || true
"$H" serve --port "$PORT" --database "$DB" > "$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -f "$WORK/jar"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.2; done
# Log in as a browser does: the login form's CSRF cookie and field, then the session cookie.
csrf=$(curl -s -c "$WORK/jar" "http://127.0.0.1:$PORT/login" | grep -o 'name="csrf" value="[^"]*"' | cut -d'"' -f4)
curl -s -b "$WORK/jar" -c "$WORK/jar" -o /dev/null -d "brugernavn=last&adgangskode=last-test-adgangskode&csrf=$csrf" "http://127.0.0.1:$PORT/login"
session=$(awk '$6 == "hjemtag_session" { print $7 }' "$WORK/jar")
[ -n "$session" ] || { echo "Login mislykkedes"; exit 1; }
export LOAD_COOKIE="hjemtag_session=$session"
# The drill-down rotates over 50 subjects: the 25 largest refunds (the longest explanations) and 25
# spread over the rest of the list, so the run is not one cached page.
run_id=$(sqlite3 "$DB" "SELECT MAX(id) FROM sde_runs")
subjects=$(sqlite3 "$DB" "SELECT '/sde/emne/' || id FROM (SELECT id FROM sde_subjects WHERE run_id = $run_id AND refund_ore > 0 ORDER BY refund_ore DESC LIMIT 25)
  UNION ALL SELECT '/sde/emne/' || id FROM (SELECT id FROM sde_subjects WHERE run_id = $run_id AND refund_ore > 0 ORDER BY (id * 7919) % 10007 LIMIT 25)" | tr '\n' ' ')
postings=$(sqlite3 "$DB" "SELECT COUNT(*) FROM postings")
echo "Butik: $postings posteringer, SDE-kørsler: $(sqlite3 "$DB" "SELECT COUNT(*) FROM sde_runs"), emner: $(sqlite3 "$DB" "SELECT COUNT(*) FROM sde_subjects")"
echo "Belastning: wrk, $CONNECTIONS forbindelser, 2 tråde, $SECONDS_PER_RUN s pr. kørsel, på 127.0.0.1"
run() {
  local name="$1"; shift
  export LOAD_PATHS="$*"
  local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --timeout 5s -s Benchmarks/load_wrk.lua "http://127.0.0.1:$PORT" | grep '^RESULT')
  printf '%-34s %s\n' "$name" "${out#RESULT }"
}
run "gulv: /health" /health
run "oversigt + SDE-side" "/" "/sde?aar=2021"
run "SDE-opslag, 50 emner (logges)" $subjects
echo "Server-RSS ved slut: $(ps -o rss= -p $SERVER | awk '{printf "%.0f MiB", $1/1024}')"
echo "Logningen fik $(sqlite3 "$DB" "SELECT COUNT(*) FROM audit_log WHERE page LIKE '/sde/emne/%'") opslag i alt."
