#!/usr/bin/env bash
# The refund staircase for N persons with one year of weekly benefit rows: Hjemtag next to a
# straightforward pandas implementation on the same file, in the same run. National scale is
# 1.400.000 persons (Ydelsesrefusion's population).
# Usage: Benchmarks/staircase_vs_pandas.sh [PERSONS]   (default 1.400.000)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1400000}"
WORK="${BENCH_DIR:-/var/tmp/hjemtag-bench}/trappe-$N"
python3 -c "import pandas" 2>/dev/null || pip install -q pandas
. Benchmarks/hjemtag_binary.sh
[ -f "$WORK/ydelser.csv" ] || "$H" generate --posteringer 1 --ydelses-personer "$N" --fra-aar 2022 "$WORK"
ls -la "$WORK/ydelser.csv" | awk '{print "Fil: " $5/1048576 " MiB"}'
echo "== Hjemtag"; OUT_H=$(/usr/bin/time -f "%e s, %M KiB" "$H" bench trappe "$WORK/ydelser.csv" --year 2024 2>&1); echo "$OUT_H"
echo "== pandas";  OUT_P=$(/usr/bin/time -f "%e s, %M KiB" python3 Benchmarks/staircase_pandas.py "$WORK/ydelser.csv" 2>&1); echo "$OUT_P"
th=$(echo "$OUT_H" | tail -1 | cut -d' ' -f1); tp=$(echo "$OUT_P" | tail -1 | cut -d' ' -f1)
echo "Forhold Hjemtag/pandas (vægurstid): $(python3 -c "print(round($th/$tp, 2))")"
rh=$(echo "$OUT_H" | grep -o 'refusion [0-9.]*, medfinansiering [0-9.]*'); rp=$(echo "$OUT_P" | grep -o 'refusion [0-9.]*, medfinansiering [0-9.]*')
[ "$rh" = "$rp" ] && echo "Samme resultat: $rh" || { echo "FORSKELLIGT RESULTAT: Hjemtag $rh, pandas $rp"; exit 1; }
