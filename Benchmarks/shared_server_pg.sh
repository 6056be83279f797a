#!/usr/bin/env bash
# Issue 22 § 6: many municipalities' first night on one PostgreSQL server, each in a schema of
# its own (`--skema kKODE`), the robot's pass per municipality, PARALLEL at a time.
#
# POPULATION: a file `kode;indbyggere;kilde` (header line first), one municipality a line, its
# inhabitants from a source named in `kilde` (Danmarks Statistik's FOLK1A for all 98; the codes
# must be in shared/reference/kommuner.csv). Each municipality gets a ledger of
# indbyggere × 10.000.000 / 650.000 postings over three years (`hjemtag generate`, the ratio of
# the Copenhagen benchmark, nightly_koebenhavn.sh) and the other schemes' sources of its size
# (`hjemtag demo --indbyggere`), made once under $BENCH_DIR/delt-server/kKODE.
#
# Usage: HJEMTAG_SHARED_DATABASE=postgres://user@host:port/db Benchmarks/shared_server_pg.sh POPULATION [PARALLEL]
# Prints, per municipality: postings, the pass's wall time, the ledger's import and the schemes'
# computations from the pass's own report, peak memory; then the night's wall time for all, and
# each schema's size on the server.
set -euo pipefail
cd "$(dirname "$0")/.."
POP="${1:?befolkningsfil: kode;indbyggere;kilde}"
PAR="${2:-2}"
export URL="${HJEMTAG_SHARED_DATABASE:?sæt HJEMTAG_SHARED_DATABASE=postgres://…}"
export WORK="${BENCH_DIR:-/var/tmp/hjemtag-bench}/delt-server"
. Benchmarks/hjemtag_binary.sh
export H
mkdir -p "$WORK"
REF="$(cd .. && pwd)/shared/reference/kommuner.csv"
[ -f "$REF" ] || REF=""

# The municipalities, checked against the reference list.
tail -n +2 "$POP" | while IFS=';' read -r kode n kilde; do
  [ -n "$kode" ] || continue
  case "$n" in '' | *[!0-9]*) echo "$POP: indbyggere for $kode er ikke et helt tal: '$n'" >&2; exit 1 ;; esac
  if [ -n "$REF" ] && ! grep -q "^$kode;" "$REF"; then echo "$POP: $kode er ikke en kommune i kommuner.csv" >&2; exit 1; fi
  [ -n "$kilde" ] || { echo "$POP: $kode mangler en kilde" >&2; exit 1; }
done

prepare() {
  local kode="$1" n="$2" d="$WORK/k$1"
  [ -f "$d/klar" ] && return 0
  rm -rf "$d"; mkdir -p "$d"
  "$H" generate --posteringer $(( n * 10000000 / 650000 )) --seed "$kode" --fra-aar 2020 "$d" >/dev/null
  "$H" demo --indbyggere "$n" --kommune "$kode" --seed "$kode" --katalog "$d/kilder" --database "$d/kilder.sqlite" >/dev/null
  rm -f "$d/kilder.sqlite"*
  touch "$d/klar"
}

night() {
  local kode="$1" d="$WORK/k$1" inbox="$WORK/k$1/indbakke"
  . Benchmarks/night_inbox.sh
  fill_inbox "$inbox" "$d" "$d/kilder"
  "$H" migrate --kommune "$kode" --database "$URL" --skema "k$kode" >/dev/null
  local t; t=$( { /usr/bin/time -f "%e %M" "$H" robot koer --indbakke "$inbox" --json --database "$URL" --skema "k$kode" > "$d/rapport.json"; } 2>&1 | tail -1)
  python3 - "$d/rapport.json" "$kode" "${t% *}" "${t#* }" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
ledger = sum(f.get("sekunder") or 0 for f in r["filer"] if f["fil"] == "posteringer.csv")
rows = sum(f.get("raekker") or 0 for f in r["filer"] if f["fil"] == "posteringer.csv")
files = sum(f.get("sekunder") or 0 for f in r["filer"])
schemes = sum(o.get("sekunder") or 0 for o in r["ordninger"])
refused = [f["fil"] for f in r["filer"] if f["status"] != "importeret"]
failed = [f'{o["ordning"]} {o.get("aar") or ""}' for o in r["ordninger"] if o["status"] == "fejl" and not o.get("fejl", "").startswith("parameteren")]
print(f'k{sys.argv[2]:<4} {rows:>11,} posteringer  nat {float(sys.argv[3]):7.1f} s  posteringsfil {ledger:6.1f} s  øvrige filer {files - ledger:5.1f} s  '
      f'ordninger {schemes:6.1f} s  {int(sys.argv[4]) // 1024:5d} MiB' + (f'  AFVIST: {refused}' if refused else '') + (f'  FEJL: {failed}' if failed else ''))
EOF
}
export -f night

tail -n +2 "$POP" | while IFS=';' read -r kode n _; do [ -n "$kode" ] && prepare "$kode" "$n"; done
# The schemas made anew: a night on a server that already holds the municipality would find nothing new.
for kode in $(tail -n +2 "$POP" | cut -d';' -f1); do psql "$URL" -qc "DROP SCHEMA IF EXISTS k$kode CASCADE" >/dev/null 2>&1; done
start=$(date +%s.%N)
# Largest first, so the last to start is a small one.
tail -n +2 "$POP" | sort -t';' -k2 -nr | cut -d';' -f1 | xargs -P "$PAR" -I{} bash -c 'night {}'
end=$(date +%s.%N)
printf 'natten for alle (%s ad gangen): %.1f s\n' "$PAR" "$(echo "$end - $start" | bc)"
psql "$URL" -Atc "SELECT nspname || ': ' || pg_size_pretty(SUM(pg_total_relation_size(c.oid))) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE nspname ~ '^k[0-9]+$' AND c.relkind = 'r' GROUP BY nspname ORDER BY SUM(pg_total_relation_size(c.oid)) DESC"
