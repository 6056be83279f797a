#!/usr/bin/env bash
# SDE for N postings: Hjemtag (release build, reading and validating the CSV) next to DuckDB
# running the same monthly test in SQL on the same file, in the same run. Prints both and the ratio.
# Usage: Benchmarks/sde_vs_duckdb.sh [POSTINGS] [YEAR]   (default 10.000.000, 2021)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000000}"; YEAR="${2:-2021}"
WORK="${BENCH_DIR:-/var/tmp/hjemtag-bench}/sde-$N"
python3 -c "import duckdb" 2>/dev/null || pip install -q duckdb
. Benchmarks/hjemtag_binary.sh
[ -f "$WORK/posteringer.csv" ] || "$H" generate --posteringer "$N" --seed 1 --fra-aar 2020 "$WORK"
# The year's limits from Hjemtag's own parameter file, so both sides test against the same numbers.
read -r T1 T2 T3 < <("$H" parametre liste --json | python3 -c "
import json,sys
d={p['id']:p for p in json.load(sys.stdin)}
v=lambda i:[x['value'] for x in d[i]['values'] if x['from'][:4]=='$YEAR'][0]
print(v('sde.graense.t1'),v('sde.graense.t2'),v('sde.graense.t3'))")
echo "== Hjemtag"; OUT_H=$(/usr/bin/time -f "%e s, %M KiB" "$H" bench sde "$WORK/posteringer.csv" --year "$YEAR" --kommune 101 2>&1); echo "$OUT_H"
echo "== DuckDB";  OUT_D=$(/usr/bin/time -f "%e s, %M KiB" python3 Benchmarks/sde_duckdb.py "$WORK/posteringer.csv" "$YEAR" 101 "$T1" "$T2" "$T3" 2>&1); echo "$OUT_D"
th=$(echo "$OUT_H" | tail -1 | cut -d' ' -f1); td=$(echo "$OUT_D" | tail -1 | cut -d' ' -f1)
echo "Forhold Hjemtag/DuckDB (vægurstid): $(python3 -c "print(round($th/$td, 2))")"
rh=$(echo "$OUT_H" | grep -o 'refusion [0-9.]*'); rd=$(echo "$OUT_D" | grep -o 'refusion [0-9.]*')
[ "$rh" = "$rd" ] && echo "Samme resultat: $rh" || { echo "FORSKELLIGT RESULTAT: Hjemtag $rh, DuckDB $rd"; exit 1; }
