#!/usr/bin/env bash
# The robot's ordinary night at Copenhagen scale (issue 22 § 5: "all files of a month, every
# scheme", target under 60 s): a store that already holds the history, then one month's files in
# the inbox and `hjemtag robot koer`, from the inbox to the worklist, timed as a whole process.
#
# The files are those of `nightly_koebenhavn.sh` (10 million ledger postings over 2020-2022 and
# the 650.000-inhabitant demo's sources), each dated file cut in two at its last month: the
# history (first night, one robot pass into a new store, timed for reference) and the month
# (the night measured). The month is each file's own last month, by the column a new month's
# rows are told by: the ledger's posting date (dato), the benefit payments' payment date, the YR
# calculation's week. The registers without a month of their own (households, residence,
# claims, integration, positive list, VAT registrations, subsidised jobs) come on the first night.
# Each run starts from a copy of the history's store, so every run is the same night. Then the
# check: one pass of all the files at once into a new store must leave the same results (SDE's
# runs, the active findings of every scheme and year, the claims) as the history's night and the
# month's, so a result skipped as current on the month's night would show here.
# At 10 M postings the stores take about 12 GB in $BENCH_DIR/nightly-N/maaned (emptied at the start).
# Usage: Benchmarks/nightly_month.sh [POSTINGS] [RUNS]   (default 10.000.000, 2)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000000}"
RUNS="${2:-2}"
WORK="${BENCH_DIR:-/var/tmp/hjemtag-bench}/nightly-$N"
. Benchmarks/hjemtag_binary.sh
P="${INDBYGGERE:-650000}"
D="$WORK/kilder-$P"
[ -f "$WORK/posteringer.csv" ] || "$H" generate --posteringer "$N" --seed 1 --fra-aar 2020 "$WORK" >/dev/null
[ -f "$D/integration.csv" ] || "$H" demo --indbyggere "$P" --kommune 101 --katalog "$D" --database "$WORK/kilder-$P.sqlite" >/dev/null
M="$WORK/maaned"
rm -rf "$M"; mkdir -p "$M/historik" "$M/maaned"

# cut_at FILE COLUMN FROM [NAME_HISTORY NAME_MONTH]: rows whose COLUMN (1-based, ';'-separated)
# starts on or after FROM (yyyy-mm-dd) go to the month, the others to the history; both keep
# the header. The files not cut are hard-linked into the history below.
cut_at() {
  local file="$1" col="$2" from="$3" hist="${4:-$(basename "$1")}" month="${5:-$(basename "$1")}"
  awk -F';' -v c="$col" -v from="$from" -v h="$M/historik/$hist" -v m="$M/maaned/$month" '
    NR == 1 { print > h; print > m; next }
    substr($c, 1, 10) >= from { print > m; next }
    { print > h }' "$file"
}
YR=$(ls "$D"/yr-ydelsesrefusion-beregning-*.csv | head -1)
cut_at "$WORK/posteringer.csv" 2 2023-01-01
cut_at "$D/posteringer-forsoergelse.csv" 2 2026-10-01
cut_at "$D/posteringer-resultattilskud.csv" 2 2024-07-01
cut_at "$D/posteringer-momskodet.csv" 2 2022-12-01
cut_at "$D/ydelser.csv" 6 2023-01-01
cut_at "$YR" 1 2022-12-01 yr-ydelsesrefusion-beregning-101-0001-2022-12-15.csv yr-ydelsesrefusion-beregning-101-0002-2023-01-15.csv
ln "$WORK/husstande.csv" "$M/historik/"
for f in stoettet-beskaeftigelse ophold krav integration positivliste momsregistrering; do ln "$D/$f.csv" "$M/historik/"; done
echo "Månedens filer (rækker uden overskrift):"
for f in "$M"/maaned/*.csv; do printf '  %-60s %9d\n' "$(basename "$f")" $(($(wc -l < "$f") - 1)); done

# fill INBOX FILES_DIR: hard links, older than the robot's two seconds for a file being written.
fill() {
  rm -rf "$1"; mkdir -p "$1"; ln "$2"/*.csv "$1/"; touch -d '1 minute ago' "$1"/*
}
pass() {
  local db="$1" inbox="$2"
  { /usr/bin/time -f "%e s, CPU %U + %S s, %M KB" "$H" robot koer --indbakke "$inbox" --json --database "$db" > "$M/rapport.json"; } 2>&1 | tail -1
  python3 -c "
import json, sys
r = json.load(open(sys.argv[1]))
print('  ' + ' '.join('%s %.1f' % (f['fil'], f.get('sekunder') or 0) for f in r['filer']))
print('  ' + ' '.join('%s%s %s %.1f' % (o['ordning'], o.get('aar') or '', o['status'], o.get('sekunder') or 0) for o in r['ordninger'] if o['status'] != 'fejl'))
" "$M/rapport.json"
}
BASE="$M/historik.sqlite"
"$H" migrate --kommune 101 --database "$BASE" >/dev/null
fill "$M/indbakke" "$M/historik"
echo "Første nat (historikken, til sammenligning): $(pass "$BASE" "$M/indbakke")"
sqlite3 "$BASE" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
for i in $(seq "$RUNS"); do
  cp "$BASE" "$M/nat.sqlite"; rm -f "$M/nat.sqlite-wal" "$M/nat.sqlite-shm"
  fill "$M/indbakke" "$M/maaned"
  echo "Månedens nat, kørsel $i: $(pass "$M/nat.sqlite" "$M/indbakke")"
done

# results DB: what the passes left, the same whichever night a row came in on.
results() {
  sqlite3 "$1" "
    SELECT 'sde', year, total_refund_ore, total_eligible_ore, subject_count FROM sde_runs ORDER BY year;
    SELECT 'fund', scheme, year, direction, COUNT(*), SUM(amount_ore) FROM findings WHERE active = 1 GROUP BY scheme, year, direction ORDER BY 2, 3, 4;
    SELECT 'krav', direction, COUNT(*), SUM(amount_ore) FROM ic_claims WHERE active = 1 GROUP BY direction ORDER BY 2;"
}
mkdir -p "$M/samlet"
for f in "$M"/historik/*.csv; do ln "$f" "$M/samlet/"; done
for f in "$M"/maaned/*.csv; do n=$(basename "$f" .csv); [ -e "$M/samlet/$n.csv" ] && n="$n-maaned"; ln "$f" "$M/samlet/$n.csv"; done
"$H" migrate --kommune 101 --database "$M/samlet.sqlite" >/dev/null
fill "$M/indbakke" "$M/samlet"
echo "Alle filer på én nat (kontrol): $(pass "$M/samlet.sqlite" "$M/indbakke")"
if [ "$(results "$M/nat.sqlite")" = "$(results "$M/samlet.sqlite")" ]; then
  echo "Samme resultat som alle filer på én nat: $(results "$M/nat.sqlite" | grep -c .) linjer (SDE-år, fund pr. ordning og år, krav)"
else
  diff <(results "$M/nat.sqlite") <(results "$M/samlet.sqlite") | head -20
  echo "FORSKELLIGT RESULTAT: månedens nat og alle filer på én nat"
  exit 1
fi
