#!/usr/bin/env bash
# The nightly run for a Copenhagen-sized municipality, timed step by step into a new SQLite store:
# the ledger (10 million postings over three years, `hjemtag generate`) and households, the other
# schemes' sources for a municipality of 650.000 inhabitants (`hjemtag demo --indbyggere 650000`:
# benefit payments with their Ydelsesrefusion file, subsidised jobs, residence histories and the
# postings they pay for, incoming claims, integration programmes and received grants, positive
# list, VAT registrations and VAT-coded postings), then every scheme: SDE, the staircase's
# reconciliation, mellemkommunal, resultattilskud and momsrefusion. Target: under 5 minutes.
# Then the same night as the robot runs it (`hjemtag robot koer`, issue 19): every file dropped in
# an inbox of a new store, one pass that recognises, imports and computes every scheme and year
# with data; and a second pass with nothing new (the ordinary night).
# Usage: Benchmarks/nightly_koebenhavn.sh [POSTINGS] [robot]   (default 10.000.000; "robot": the
# robot's passes only)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000000}"
WORK="${BENCH_DIR:-/var/tmp/hjemtag-bench}/nightly-$N"
. Benchmarks/hjemtag_binary.sh
. Benchmarks/night_inbox.sh
mkdir -p "$WORK"
[ -f "$WORK/posteringer.csv" ] || "$H" generate --posteringer "$N" --seed 1 --fra-aar 2020 "$WORK" >/dev/null
# The other sources once (not timed); the demo also loads a store of its own, which is not used.
# INDBYGGERE: a smaller municipality's sources, for the peers' check on small files (check_peers.sh).
P="${INDBYGGERE:-650000}"
D="$WORK/kilder-$P"
[ -f "$D/integration.csv" ] || "$H" demo --indbyggere "$P" --kommune 101 --katalog "$D" --database "$WORK/kilder-$P.sqlite" >/dev/null
YR=$(ls "$D"/yr-ydelsesrefusion-beregning-*.csv | head -1)
DB="$WORK/nat.sqlite"; rm -f "$DB"*
"$H" migrate --kommune 101 --database "$DB" >/dev/null
step() {
  local name="$1"; shift
  local out; out=$( { /usr/bin/time -f "%e %M" "$H" "$@" --database "$DB" >/dev/null; } 2>&1 | tail -1)
  printf '%-34s %8.1f s  %6d MiB\n' "$name" "${out% *}" $(( ${out#* } / 1024 ))
}
robot() {
  local inbox="$WORK/indbakke"
  fill_inbox "$inbox" "$WORK" "$D"
  step "robot koer: alle filer, alle ordninger" robot koer --indbakke "$inbox" --json
  "$H" robot status --database "$DB" | head -40
  step "robot koer: intet nyt" robot koer --indbakke "$inbox" --json
}
if [ "${2:-}" = robot ]; then robot; exit 0; fi
start=$(date +%s.%N)
step "import posteringer" import posteringer "$WORK/posteringer.csv"
step "import husstande" import husstande "$WORK/husstande.csv"
step "import ydelser" import ydelser "$D/ydelser.csv"
step "import støttet beskæftigelse" import stoettet-beskaeftigelse "$D/stoettet-beskaeftigelse.csv"
step "import YR-beregning" import yr-beregning "$YR"
step "import ophold" import ophold "$D/ophold.csv"
step "import posteringer (forsørgelse)" import posteringer "$D/posteringer-forsoergelse.csv"
step "import krav" import krav "$D/krav.csv"
step "import integration" import integration "$D/integration.csv"
step "import posteringer (tilskud)" import posteringer "$D/posteringer-resultattilskud.csv"
step "import positivliste" import positivliste "$D/positivliste.csv"
step "import momsregistrering" import momsregistrering "$D/momsregistrering.csv"
step "import posteringer (momskodet)" import posteringer "$D/posteringer-momskodet.csv"
step "SDE 2021" sde --year 2021
step "trappe afstem 2022" trappe afstem --from 2022-01-01 --to 2022-12-31
step "mellemkommunal" mellemkommunal
step "resultattilskud" resultattilskud
step "moms" moms
end=$(date +%s.%N)
printf '%-34s %8.1f s\n' "i alt" "$(echo "$end - $start" | bc)"
echo "Butik: $(sqlite3 "$DB" "SELECT n FROM row_counts WHERE name = 'postings'") posteringer, $(sqlite3 "$DB" "SELECT COUNT(*) FROM benefit_payments") ydelsesrækker, $(sqlite3 "$DB" "SELECT COUNT(*) FROM findings WHERE active = 1") aktive fund"
# The robot's night on a new store.
rm -f "$DB"*
"$H" migrate --kommune 101 --database "$DB" >/dev/null
robot
