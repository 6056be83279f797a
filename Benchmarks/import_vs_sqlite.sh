#!/usr/bin/env bash
# Import of N ledger postings into SQLite: Hjemtag (full validation, one transaction, archive)
# next to the sqlite3 shell's .import of the same file into a table of the same columns (the floor
# for SQLite), in the same run. Also PostgreSQL when BENCH_PG_URL is set.
# Usage: Benchmarks/import_vs_sqlite.sh [POSTINGS]   (default 1.000.000)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"
BUILD="${HJEMTAG_RELEASE_BUILD:-/var/tmp/hjemtag-release}"
WORK="${BENCH_DIR:-/var/tmp/hjemtag-bench}/import-$N"
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
swift build -c release --scratch-path "$BUILD" --product hjemtag >/dev/null
H="$BUILD/release/hjemtag"
mkdir -p "$WORK"
[ -f "$WORK/posteringer.csv" ] || "$H" generate --posteringer "$N" --seed 1 "$WORK" >/dev/null
ls -la "$WORK/posteringer.csv" | awk '{print "Fil: " $5/1048576 " MiB"}'

rm -f "$WORK/hjemtag.sqlite"*
echo "== Hjemtag"
OUT_H=$(/usr/bin/time -f "%e s, %M KiB" "$H" bench import "$WORK/posteringer.csv" --database "$WORK/hjemtag.sqlite" 2>&1); echo "$OUT_H"

rm -f "$WORK/peer.sqlite"
echo "== sqlite3 .import"
cat > "$WORK/peer.sql" <<SQL
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE postings (bilag TEXT, dato TEXT, beloeb TEXT, funktion TEXT, dranst TEXT, art TEXT, cpr TEXT, paragraf TEXT,
  periode_fra TEXT, periode_til TEXT, forvaltning TEXT, betalingskommune TEXT, cvr TEXT, moms TEXT, tekst TEXT);
.mode csv
.separator ;
.import --skip 1 $WORK/posteringer.csv postings
SELECT count(*) FROM postings;
SQL
OUT_S=$(/usr/bin/time -f "%e s, %M KiB" sqlite3 "$WORK/peer.sqlite" < "$WORK/peer.sql" 2>&1); echo "$OUT_S"
th=$(echo "$OUT_H" | tail -1 | cut -d' ' -f1); ts=$(echo "$OUT_S" | tail -1 | cut -d' ' -f1)
echo "Forhold Hjemtag/sqlite3 (vægurstid): $(python3 -c "print(round($th/$ts, 2))")"
if [ -n "${BENCH_PG_URL:-}" ]; then
  echo "== Hjemtag på PostgreSQL"
  /usr/bin/time -f "%e s, %M KiB" "$H" bench import "$WORK/posteringer.csv" --database "$BENCH_PG_URL"
fi
