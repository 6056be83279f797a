#!/usr/bin/env bash
# SDE from the store (issue 22 § 1): `hjemtag sde --year` on a SQLite store holding N postings,
# as the web's "Beregn" and the robot run it (results and findings stored), next to DuckDB running
# the same monthly rule on its own table of the same rows, in the same run. Hjemtag is timed three
# times: the first computation after the import (it sums every posting into the SDE sums), the
# next with nothing new, and one after a month's file (N/36 postings) is imported. The script
# fails unless the computation with nothing new and DuckDB give the same refund to the øre.
# Usage: Benchmarks/sde_store_vs_duckdb.sh [POSTINGS] [YEAR]   (default 1.000.000, 2021)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"; YEAR="${2:-2021}"
WORK="${BENCH_DIR:-/var/tmp/hjemtag-bench}/sde-$N"
python3 -c "import duckdb" 2>/dev/null || pip install -q duckdb
. Benchmarks/hjemtag_binary.sh
[ -f "$WORK/posteringer.csv" ] || "$H" generate --posteringer "$N" --seed 1 --fra-aar 2020 "$WORK" >/dev/null
MONTH="$WORK/maaned"
[ -f "$MONTH/posteringer.csv" ] || "$H" generate --posteringer $((N / 36)) --seed 2 --fra-aar "$YEAR" "$MONTH" >/dev/null
read -r T1 T2 T3 < <("$H" parametre liste --json | python3 -c "
import json,sys
d={p['id']:p for p in json.load(sys.stdin)}
v=lambda i:[x['value'] for x in d[i]['values'] if x['from'][:4]=='$YEAR'][0]
print(v('sde.graense.t1'),v('sde.graense.t2'),v('sde.graense.t3'))")
DB="$WORK/store.sqlite"
rm -f "$DB"*
"$H" migrate --kommune 101 --database "$DB" >/dev/null
echo "== import (not timed against the peer)"
/usr/bin/time -f "%e s, %M KiB" "$H" import posteringer "$WORK/posteringer.csv" --database "$DB" 2>&1 | tail -1
run() { /usr/bin/time -f "%e s, %M KiB" "$H" sde --year "$YEAR" --database "$DB" 2>&1; }
echo "== Hjemtag, first computation (every posting summed)"; OUT_1=$(run); echo "$OUT_1" | tail -3
echo "== Hjemtag, nothing new"; OUT_2=$(run); echo "$OUT_2" | tail -3
echo "== DuckDB on its own table"; OUT_D=$(/usr/bin/time -f "%e s, %M KiB" python3 Benchmarks/sde_duckdb.py "$WORK/posteringer.csv" "$YEAR" 101 "$T1" "$T2" "$T3" --tabel 2>&1); echo "$OUT_D"
"$H" import posteringer "$MONTH/posteringer.csv" --database "$DB" >/dev/null 2>&1
echo "== Hjemtag, after a month's file ($((N / 36)) postings)"; OUT_3=$(run); echo "$OUT_3" | tail -3
t2=$(echo "$OUT_2" | tail -1 | cut -d' ' -f1); t3=$(echo "$OUT_3" | tail -1 | cut -d' ' -f1)
td=$(echo "$OUT_D" | grep '^duckdb sde:' | grep -o 'på [0-9.]* s' | grep -o '[0-9.]*')
echo "Forhold Hjemtag/DuckDB, intet nyt: $(python3 -c "print(round($t2/$td, 2))"); efter en måneds fil: $(python3 -c "print(round($t3/$td, 2))")"
rh=$(echo "$OUT_2" | grep -o 'refusion [0-9.,]* kr' | head -1 | tr -d '.' | tr ',' '.' | grep -o '[0-9.]*')
rd=$(echo "$OUT_D" | grep -o 'refusion [0-9.]*' | grep -o '[0-9.]*$')
[ "$rh" = "$rd" ] && echo "Samme resultat: refusion $rh" || { echo "FORSKELLIGT RESULTAT: Hjemtag $rh, DuckDB $rd"; exit 1; }
