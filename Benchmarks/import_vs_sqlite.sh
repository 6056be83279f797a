#!/usr/bin/env bash
# Import of N ledger postings into SQLite: Hjemtag (full validation, one transaction, archive)
# next to the sqlite3 shell's .import of the same file into a table of the same columns (the floor
# for SQLite), in the same run. With BENCH_PG_URL (any database on a PostgreSQL server, e.g.
# postgres://postgres@127.0.0.1:5432/postgres?tlsmode=disable) also PostgreSQL, in a database
# `hjemtag_bench` the script makes anew: Hjemtag's import (bulk load by COPY) next to psql's
# \copy of the same file into a table of the same columns, and the SDE year 2021 computed from
# the PostgreSQL store next to the same computation from the SQLite store.
# Usage: Benchmarks/import_vs_sqlite.sh [POSTINGS]   (default 1.000.000)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-1000000}"
WORK="${BENCH_DIR:-/var/tmp/hjemtag-bench}/import-$N"
command -v sqlite3 >/dev/null || { apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null; }
. Benchmarks/hjemtag_binary.sh
mkdir -p "$WORK"
[ -f "$WORK/posteringer.csv" ] || "$H" generate --posteringer "$N" --seed 1 "$WORK" >/dev/null
ls -la "$WORK/posteringer.csv" | awk '{print "Fil: " $5/1048576 " MiB"}'

rm -f "$WORK/hjemtag.sqlite"*
"$H" migrate --kommune 101 --database "$WORK/hjemtag.sqlite" >/dev/null
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
  command -v psql >/dev/null || { apt-get update -qq && apt-get install -y -qq postgresql-client >/dev/null; }
  # The same server, database hjemtag_bench; psql takes the URL without Hjemtag's tlsmode option.
  url() { python3 -c "import sys,urllib.parse as u; p=u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path='/'+sys.argv[2], query=sys.argv[3] if len(sys.argv)>3 else '')))" "$BENCH_PG_URL" "$@"; }
  query=$(python3 -c "import sys,urllib.parse as u; print(u.urlsplit(sys.argv[1]).query)" "$BENCH_PG_URL")
  PG=$(url hjemtag_bench "$query"); PSQL_ADMIN=$(url postgres); PSQL=$(url hjemtag_bench)
  psql -q "$PSQL_ADMIN" -c "DROP DATABASE IF EXISTS hjemtag_bench" -c "CREATE DATABASE hjemtag_bench" >/dev/null
  "$H" migrate --kommune 101 --database "$PG" >/dev/null
  echo "== Hjemtag på PostgreSQL (COPY)"
  OUT_HP=$(/usr/bin/time -f "%e s, %M KiB" "$H" bench import "$WORK/posteringer.csv" --database "$PG" 2>&1); echo "$OUT_HP"
  echo "== psql \\copy"
  psql -q "$PSQL" -c "CREATE TABLE peer_postings (bilag TEXT, dato TEXT, beloeb TEXT, funktion TEXT, dranst TEXT, art TEXT, cpr TEXT, paragraf TEXT,
    periode_fra TEXT, periode_til TEXT, forvaltning TEXT, betalingskommune TEXT, cvr TEXT, moms TEXT, tekst TEXT)" >/dev/null
  OUT_P=$(/usr/bin/time -f "%e s, %M KiB" psql -q "$PSQL" -c "\\copy peer_postings FROM '$WORK/posteringer.csv' WITH (FORMAT csv, HEADER true, DELIMITER ';')" 2>&1); echo "$OUT_P"
  thp=$(echo "$OUT_HP" | tail -1 | cut -d' ' -f1); tp=$(echo "$OUT_P" | tail -1 | cut -d' ' -f1)
  echo "Forhold Hjemtag/psql \\copy (vægurstid): $(python3 -c "print(round($thp/$tp, 2))")"
  # The server's own share of Hjemtag's import: psql's \copy of the rows Hjemtag stored (in COPY's
  # text format, nothing left to parse or check) into a table like its postings, with the primary
  # key and the partial index kept row by row, then the three plain indexes and the key to imports
  # made after the rows, in one transaction, as Hjemtag's first import does.
  echo "== psql \\copy i Hjemtags posteringstabel med dens indeks (serverens del)"
  COLS="import_id,line,voucher,posting_date,amount_ore,function_code,dranst,art,cpr,paragraph,period_from,period_to,department,paying_municipality,cvr,vat_ore,text,extra,content_key"
  psql -q "$PSQL" -c "\\copy (SELECT $COLS FROM postings) TO '$WORK/postings.copy'"
  PARTIAL=$(psql -tA "$PSQL" -c "SELECT pg_get_indexdef('postings_vat_candidates'::regclass)" | sed 's/INDEX postings_vat_candidates ON public.postings/INDEX floor_vat ON floor_postings/')
  cat > "$WORK/floor.sql" <<SQL
BEGIN;
CREATE TABLE floor_postings (LIKE postings INCLUDING DEFAULTS INCLUDING IDENTITY);
ALTER TABLE floor_postings ADD PRIMARY KEY (id);
$PARTIAL;
\\copy floor_postings ($COLS) FROM '$WORK/postings.copy'
CREATE INDEX ON floor_postings (cpr);
CREATE INDEX ON floor_postings (import_id);
CREATE INDEX ON floor_postings (content_key);
ALTER TABLE floor_postings ADD FOREIGN KEY (import_id) REFERENCES imports(id);
COMMIT;
SQL
  OUT_F=$(/usr/bin/time -f "%e s, %M KiB" psql -q -v ON_ERROR_STOP=1 "$PSQL" -f "$WORK/floor.sql" 2>&1); echo "$OUT_F"
  tf=$(echo "$OUT_F" | tail -1 | cut -d' ' -f1)
  echo "Serverens del / psql \\copy: $(python3 -c "print(round($tf/$tp, 2))"); Hjemtag / serverens del: $(python3 -c "print(round($thp/$tf, 2))")"
  rm -f "$WORK/postings.copy"
  echo "== SDE 2021 fra butikken: PostgreSQL og SQLite"
  OUT_SP=$(/usr/bin/time -f "%e s, %M KiB" "$H" sde --year 2021 --database "$PG" 2>&1 | tail -1); echo "PostgreSQL: $OUT_SP"
  OUT_SS=$(/usr/bin/time -f "%e s, %M KiB" "$H" sde --year 2021 --database "$WORK/hjemtag.sqlite" 2>&1 | tail -1); echo "SQLite:     $OUT_SS"
  echo "Forhold PostgreSQL/SQLite (vægurstid): $(python3 -c "print(round(${OUT_SP%% *}/${OUT_SS%% *}, 2))")"
fi
