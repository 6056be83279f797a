#!/usr/bin/env bash
# Load on loopback (issue 22 § 4): the release server holding a Copenhagen-sized store as the
# robot leaves it after a night (10 million ledger postings over three years, households, the
# 650.000-inhabitant demo's employment, residence, claims, integration and VAT sources; SDE, the
# YR reconciliation, mellemkommunal, resultattilskud and moms computed for every year with data:
# `Benchmarks/nightly_koebenhavn.sh N robot`), driven by wrk with 50 connections, logged in as an
# økonomi user. One run per page a user waits for: /health (the server's floor, no store work),
# the worklist, the SDE overview, the SDE drill-down over 50 subjects (each view reads the
# citizen's postings and writes the audit log), the findings list (first pages, sorted and
# filtered) and the mellemkommunal overview.
# Prints requests/s, p50/p90/p99 latency and errors per run. Target: p99 under 100 ms, no errors.
# Usage: Benchmarks/load_wrk.sh [POSTINGS] [SECONDS] [CONNECTIONS]   (default 10.000.000, 60, 50)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000000}"; SECONDS_PER_RUN="${2:-60}"; CONNECTIONS="${3:-50}"
BENCH="${BENCH_DIR:-/var/tmp/hjemtag-bench}"
WORK="$BENCH/load-robot-$N"
PORT="${LOAD_PORT:-8189}"
TARGET_MS=100
command -v wrk >/dev/null || { sudo -n true 2>/dev/null && S=sudo || S=; DEBIAN_FRONTEND=noninteractive $S apt-get install -y wrk >/dev/null; }
. Benchmarks/hjemtag_binary.sh
DB="$WORK/hjemtag.sqlite"
mkdir -p "$WORK"
if [ ! -f "$DB" ]; then
  NIGHT="$BENCH/nightly-$N/nat.sqlite"
  if [ ! -f "$NIGHT" ] || [ "$(sqlite3 "$NIGHT" "SELECT COUNT(*) FROM sde_runs" 2>/dev/null || echo 0)" = 0 ]; then
    echo "== Robottens nat på $N posteringer (én gang; genbruges fra $BENCH/nightly-$N)"
    Benchmarks/nightly_koebenhavn.sh "$N" robot >/dev/null
  fi
  # A copy: the load adds a user and audit lines, the nightly store stays as the robot left it.
  cp "$NIGHT" "$DB.tmp" && mv "$DB.tmp" "$DB"
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
q() { sqlite3 "$DB" "$1"; }
# The SDE year with the most subjects; the drill-down rotates over 50 of its subjects: the 25
# largest refunds (the longest explanations) and 25 spread over the rest, so it is not one page.
year=$(q "SELECT year FROM sde_runs r WHERE id = (SELECT run_id FROM sde_subjects GROUP BY run_id ORDER BY COUNT(*) DESC LIMIT 1)")
run_id=$(q "SELECT MAX(id) FROM sde_runs WHERE year = $year")
subjects=$(q "SELECT '/sde/emne/' || id FROM (SELECT id FROM sde_subjects WHERE run_id = $run_id AND refund_ore > 0 ORDER BY refund_ore DESC LIMIT 25)
  UNION ALL SELECT '/sde/emne/' || id FROM (SELECT id FROM sde_subjects WHERE run_id = $run_id AND refund_ore > 0 ORDER BY (id * 7919) % 10007 LIMIT 25)" | tr '\n' ' ')
# The findings list as finance staff page through it: the first pages by amount, per scheme, by
# change and by year.
findings="/fund /fund?side=2 /fund?side=10 /fund?ordning=sde /fund?ordning=trappe /fund?ordning=mellemkommunal /fund?sorter=aendret /fund?aar=$year&status=ny"
echo "Butik: $(q "SELECT COUNT(*) FROM postings") posteringer; $(q "SELECT COUNT(*) FROM findings WHERE active = 1") aktive fund ($(q "SELECT COUNT(*) FROM findings") med de lukkede);" \
  "SDE $year: $(q "SELECT COUNT(*) FROM sde_subjects WHERE run_id = $run_id") emner"
echo "Belastning: wrk, $CONNECTIONS forbindelser, 2 tråde, $SECONDS_PER_RUN s pr. kørsel, på 127.0.0.1; mål: p99 < $TARGET_MS ms, ingen fejl"
missed=0
run() {
  local name="$1"; shift
  export LOAD_PATHS="$*"
  local out; out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --timeout 5s -s Benchmarks/load_wrk.lua "http://127.0.0.1:$PORT" | grep '^RESULT')
  local verdict=""
  if [ "$name" != "gulv: /health" ]; then
    verdict=$(awk -v r="$out" -v t="$TARGET_MS" 'BEGIN { n = split(r, f, /[ =]/); for (i = 1; i < n; i++) v[f[i]] = f[i + 1];
      ok = (v["p99_ms"] + 0 < t + 0) && (v["not_200"] + 0 == 0) && (v["socket_errors"] + 0 == 0); if (ok) print "nået"; else print "IKKE nået" }')
    [ "$verdict" = nået ] || missed=$((missed + 1))
  fi
  printf '%-34s %s %s\n' "$name" "${out#RESULT }" "$verdict"
}
run "gulv: /health" /health
run "arbejdsliste" "/"
run "SDE-side $year" "/sde?aar=$year"
run "SDE-opslag, 50 emner (logges)" $subjects
run "fundlisten, 8 udsnit" $findings
run "mellemkommunal" "/mellemkommunal"
echo "Server-RSS ved slut: $(ps -o rss= -p $SERVER | awk '{printf "%.0f MiB", $1/1024}')"
echo "Logningen fik $(q "SELECT COUNT(*) FROM audit_log WHERE page LIKE '/sde/emne/%'") opslag i alt."
echo "Sider over målet: $missed"
