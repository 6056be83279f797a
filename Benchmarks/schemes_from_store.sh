#!/usr/bin/env bash
# The schemes besides SDE, each computed from the store at Copenhagen's size (issue 22 § 2): a copy
# of the store the robot's nightly pass leaves (`Benchmarks/nightly_koebenhavn.sh N robot`: 10 M
# ledger postings, the 650.000-inhabitant demo's 252.445 weekly benefit rows, 328.428 rows of
# Ydelsesrefusion's file, 2.228 residence episodes, 928 integration rows, the VAT sources). Each
# command is the one a user or the robot runs; wall time and peak memory per command.
# The peers (DuckDB or pandas on the same rows, the full rule, equal to the øre) are not written
# yet: the staircase's pandas peer (`staircase_pandas.py`) holds only within one year (no § 6
# reset), and these rows span 2020-2022.
# Usage: Benchmarks/schemes_from_store.sh [POSTINGS]   (default 10.000.000)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000000}"
BUILD="${HJEMTAG_RELEASE_BUILD:-/var/tmp/hjemtag-release}"
BENCH="${BENCH_DIR:-/var/tmp/hjemtag-bench}"
NIGHT="$BENCH/nightly-$N/nat.sqlite"
WORK="$BENCH/schemes-$N"
swift build -c release --scratch-path "$BUILD" --product hjemtag >/dev/null
H="$BUILD/release/hjemtag"
[ -f "$NIGHT" ] || Benchmarks/nightly_koebenhavn.sh "$N" robot >/dev/null
mkdir -p "$WORK"
# A fresh copy each run: the commands store their results, and the nightly store stays as the robot left it.
cp "$NIGHT" "$WORK/hjemtag.sqlite.tmp" && mv "$WORK/hjemtag.sqlite.tmp" "$WORK/hjemtag.sqlite"
DB="$WORK/hjemtag.sqlite"
q() { sqlite3 "$DB" "$1"; }
from=$(q "SELECT MIN(period_from) FROM benefit_payments"); to=$(q "SELECT MAX(period_to) FROM benefit_payments")
echo "Butik: $(q "SELECT n FROM row_counts WHERE name = 'postings'") posteringer, $(q "SELECT COUNT(*) FROM benefit_payments") ydelsesrækker ($from-$to)," \
  "$(q "SELECT COUNT(*) FROM yr_rows") YR-rækker, $(q "SELECT COUNT(*) FROM residence_episodes") ophold, $(q "SELECT COUNT(*) FROM integration_rows") integrationsrækker"
timed() {
  local name="$1"; shift
  local file; file="$WORK/$(echo "$name" | tr -c 'a-z0-9' '-')"
  /usr/bin/time -f "TIME %e %M" "$@" > "$file.out" 2> "$file.err" || true
  local t; t=$(grep '^TIME' "$file.err" | tail -1)
  if grep -q "Command exited with non-zero status" "$file.err"; then echo "$name: fejlede"; grep -v '^TIME' "$file.err" | tail -3; return; fi
  printf '%-34s %7s s %6s MiB  %s\n' "$name" "$(echo "$t" | cut -d' ' -f2)" "$(( $(echo "$t" | cut -d' ' -f3) / 1024 ))" "$(head -c 150 "$file.out" | tr '\n' ' ')"
}
timed "trappe beregn $from-$to" "$H" trappe beregn --database "$DB" --from "$from" --to "$to"
timed "trappe afstem (YR)" "$H" trappe afstem --database "$DB" --from "$from" --to "$to"
timed "mellemkommunal analyse" "$H" mellemkommunal analyse --database "$DB"
timed "resultattilskud" "$H" resultattilskud --database "$DB"
timed "moms" "$H" moms --database "$DB"
