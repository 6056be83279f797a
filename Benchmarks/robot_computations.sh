#!/usr/bin/env bash
# The robot's computation phase alone (issue 22 § 5): a copy of a store the robot's first night
# left (`nightly_koebenhavn.sh N robot`), its `computations` rows deleted so every scheme and year
# is due, then `robot koer` with an empty inbox, timed as a whole process. RUNS times; prints each
# run's wall, CPU and peak, and each scheme's seconds from the pass's own report. With `first`,
# the results are emptied too (findings, SDE runs, claims, the staircase's carries), so every
# row is new as on the first night; without, the results are there and mostly found unchanged.
# Usage: Benchmarks/robot_computations.sh [STORE] [RUNS] [first]   (default the 10 M nightly store, 3)
set -euo pipefail
cd "$(dirname "$0")/.."
STORE="${1:-${BENCH_DIR:-/var/tmp/hjemtag-bench}/nightly-10000000/nat.sqlite}"
RUNS="${2:-3}"
EMPTY="DELETE FROM computations"
if [ "${3:-}" = first ]; then
  EMPTY="PRAGMA foreign_keys = ON; $EMPTY; DELETE FROM findings; DELETE FROM finding_totals; DELETE FROM sde_runs; DELETE FROM ic_claims; DELETE FROM staircase_carries"
fi
. Benchmarks/hjemtag_binary.sh
WORK="$(mktemp -d "${TMPDIR:-/var/tmp}/hjemtag-beregn.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
sqlite3 "$STORE" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
mkdir -p "$WORK/indbakke"
for i in $(seq "$RUNS"); do
  cp "$STORE" "$WORK/store.sqlite"
  sqlite3 "$WORK/store.sqlite" "$EMPTY"
  t=$( { /usr/bin/time -f "%e s, CPU %U + %S s, %M KB" "$H" robot koer --indbakke "$WORK/indbakke" --json --database "$WORK/store.sqlite" > "$WORK/rapport.json"; } 2>&1 | tail -1)
  echo "kørsel $i: $t"
  python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
print('  ' + ' '.join('%s%s %.1f' % (o['ordning'], o.get('aar') or '', o.get('sekunder') or 0) for o in r['ordninger'] if o['status'] == 'beregnet'))
" "$WORK/rapport.json"
done
