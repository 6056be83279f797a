#!/usr/bin/env bash
# The schemes besides SDE, each computed from the store at Copenhagen's size (issue 22 § 2): a copy
# of the store the robot's nightly pass leaves (`Benchmarks/nightly_koebenhavn.sh N robot`: 10 M
# ledger postings, the 650.000-inhabitant demo's 252.445 weekly benefit rows, 328.428 rows of
# Ydelsesrefusion's file, 2.228 residence episodes, 928 integration rows, the VAT sources). Each
# command is the one a user or the robot runs; wall time and peak memory per command. Beside it the
# peer on DuckDB's own table of the same rows (copied from the store once, not timed): the
# staircase with its reconciliation (`staircase_peer.py`), resultattilskud (`resultattilskud_peer.py`)
# and the VAT screening (`moms_peer.py`), each the full rule; the script fails unless each gives the
# same figures to the øre. Mellemkommunal (R0-R13 over residence chains) has no peer yet.
# Usage: Benchmarks/schemes_from_store.sh [POSTINGS]   (default 10.000.000)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000000}"
BENCH="${BENCH_DIR:-/var/tmp/hjemtag-bench}"
NIGHT="$BENCH/nightly-$N/nat.sqlite"
WORK="$BENCH/schemes-$N"
. Benchmarks/hjemtag_binary.sh
[ -f "$NIGHT" ] || Benchmarks/nightly_koebenhavn.sh "$N" robot >/dev/null
mkdir -p "$WORK"
# A store the robot left with an earlier build gets this build's migrations once, before the copy.
"$H" migrate --database "$NIGHT" >/dev/null
# A fresh copy each run: the commands store their results, and the nightly store stays as the robot left it.
cp "$NIGHT" "$WORK/hjemtag.sqlite.tmp" && mv "$WORK/hjemtag.sqlite.tmp" "$WORK/hjemtag.sqlite"
DB="$WORK/hjemtag.sqlite"
q() { sqlite3 "$DB" "$1"; }
from=$(q "SELECT MIN(period_from) FROM benefit_payments"); to=$(q "SELECT MAX(period_to) FROM benefit_payments")
echo "Butik: $(q "SELECT n FROM row_counts WHERE name = 'postings'") posteringer, $(q "SELECT COUNT(*) FROM benefit_payments") ydelsesrækker ($from-$to)," \
  "$(q "SELECT COUNT(*) FROM yr_rows") YR-rækker, $(q "SELECT COUNT(*) FROM residence_episodes") ophold, $(q "SELECT COUNT(*) FROM integration_rows") integrationsrækker"
declare -A SECONDS_OF
ratio() { echo "  Forhold Hjemtag/peer ($1): $(python3 -c "print(round($2 / $3, 2))")"; }
outfile() { echo "$WORK/$(echo "$1" | tr -c 'a-z0-9' '-').out"; }
timed() {
  local name="$1"; shift
  local file; file="$(outfile "$name" | sed 's/\.out$//')"
  /usr/bin/time -f "TIME %e %M" "$@" > "$file.out" 2> "$file.err" || true
  local t; t=$(grep '^TIME' "$file.err" | tail -1)
  if grep -q "Command exited with non-zero status" "$file.err"; then echo "$name: fejlede"; grep -v '^TIME' "$file.err" | tail -3; return; fi
  LAST_T=$(echo "$t" | cut -d' ' -f2); SECONDS_OF["$name"]=$LAST_T
  printf '%-34s %7s s %6s MiB  %s\n' "$name" "$LAST_T" "$(( $(echo "$t" | cut -d' ' -f3) / 1024 ))" "$(head -c 150 "$file.out" | tr '\n' ' ')"
}
python3 -c "import duckdb, pandas" 2>/dev/null || pip install -q duckdb pandas
same() { [ "$2" = "$3" ] && echo "  samme resultat som peeren: $2" || { echo "  FORSKELLIGT RESULTAT ($1): Hjemtag $2; peer $3"; exit 1; }; }
kroner() { tr -d '.' | tr ',' '.' | sed 's/ kr//g'; }
timed "trappe beregn $from-$to" "$H" trappe beregn --database "$DB" --from "$from" --to "$to"
timed "trappe afstem (YR)" "$H" trappe afstem --database "$DB" --from "$from" --to "$to"
PEER=$(python3 Benchmarks/staircase_peer.py "$DB" "$from" "$to" 2>&1) || { echo "$PEER"; exit 1; }
echo "$PEER" | grep -v '^TAL' | sed 's/^/  /'
# The figures in the same order on both sides: kroner with a decimal point, counts as digits.
figures() { sed 's/\([0-9]\)\.\([0-9]\)/\1\2/g; s/,\([0-9][0-9]\) kr/.\1 kr/g' | grep -o '[0-9][0-9.]*' | tr '\n' ' ' | sed 's/ $//'; }
hs=$(head -1 "$(outfile "trappe beregn $from-$to")" | cut -d: -f2- | figures)
same "trappen" "$hs" "$(echo "$PEER" | grep '^TAL trappe' | cut -d' ' -f3-)"
ha=$(head -2 "$(outfile "trappe afstem (YR)")" | cut -d: -f2- | sed 's/fleksbidrag.*//' | figures)
same "afstemningen" "$ha" "$(echo "$PEER" | grep '^TAL afstemning' | cut -d' ' -f3-)"
ratio "trappen" "${SECONDS_OF["trappe beregn $from-$to"]}" "$(echo "$PEER" | grep -o 'duckdb trappe: [0-9.]*' | grep -o '[0-9.]*$')"
ratio "afstemningen, trappen medregnet" "${SECONDS_OF["trappe afstem (YR)"]}" "$(echo "$PEER" | grep -o 'i alt [0-9.]*' | grep -o '[0-9.]*$')"
timed "mellemkommunal analyse" "$H" mellemkommunal analyse --database "$DB"
timed "resultattilskud" "$H" resultattilskud --database "$DB"
PEER=$(python3 Benchmarks/resultattilskud_peer.py "$DB" "$(date +%F)" 2>&1) || { echo "$PEER"; exit 1; }
echo "$PEER" | grep -v '^TAL' | sed 's/^/  /'
same "resultattilskuddet" "$(head -1 "$(outfile "resultattilskud")" | cut -d: -f2- | figures)" "$(echo "$PEER" | grep '^TAL resultattilskud' | cut -d' ' -f3-)"
ratio "resultattilskuddet" "$LAST_T" "$(echo "$PEER" | grep -o 'rækker på [0-9.]*' | grep -o '[0-9.]*$')"
timed "moms" "$H" moms --database "$DB"
PEER=$(python3 Benchmarks/moms_peer.py "$DB" "$(date +%F)" 2>&1) || { echo "$PEER"; exit 1; }
echo "$PEER" | grep -v '^Moms:' | sed 's/^/  /'
hm="Moms: $(q "SELECT group_concat(kind || ' ' || n || ' (' || (s / 100) || '.' || printf('%02d', s % 100) || ')', ', ') FROM (SELECT kind, COUNT(*) AS n, SUM(amount_ore) AS s FROM findings WHERE scheme = 'moms' AND active = 1 GROUP BY kind ORDER BY kind)")"
same "momsen" "$hm" "$(echo "$PEER" | grep '^Moms:')"
ratio "momsen" "$LAST_T" "$(echo "$PEER" | grep -o 'posteringer på [0-9.]*' | grep -o '[0-9.]*$')"
