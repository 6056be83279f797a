#!/usr/bin/env bash
# The nightly run for a Copenhagen-sized municipality, timed step by step into a new SQLite store:
# import of 10 million postings over three years and the households, then the SDE year and the
# mellemkommunal analysis over the whole ledger. Target: under 5 minutes in all.
# Usage: Benchmarks/nightly_koebenhavn.sh [POSTINGS]   (default 10.000.000)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000000}"
BUILD="${HJEMTAG_RELEASE_BUILD:-/var/tmp/hjemtag-release}"
WORK="${BENCH_DIR:-/var/tmp/hjemtag-bench}/nightly-$N"
swift build -c release --scratch-path "$BUILD" --product hjemtag >/dev/null
H="$BUILD/release/hjemtag"
mkdir -p "$WORK"
[ -f "$WORK/posteringer.csv" ] || "$H" generate --posteringer "$N" --seed 1 --fra-aar 2020 "$WORK" >/dev/null
DB="$WORK/nat.sqlite"; rm -f "$DB"*
"$H" migrate --kommune 101 --database "$DB" >/dev/null
start=$(date +%s.%N)
step() {
  local name="$1"; shift
  local out; out=$( { /usr/bin/time -f "%e %M" "$H" "$@" --database "$DB" >/dev/null; } 2>&1 | tail -1)
  printf '%-28s %8.1f s  %6d MiB\n' "$name" "${out% *}" $(( ${out#* } / 1024 ))
}
step "import posteringer" import posteringer "$WORK/posteringer.csv"
step "import husstande" import husstande "$WORK/husstande.csv"
step "SDE 2021" sde --year 2021
step "mellemkommunal" mellemkommunal
end=$(date +%s.%N)
printf '%-28s %8.1f s\n' "i alt" "$(echo "$end - $start" | bc)"
