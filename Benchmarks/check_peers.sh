#!/usr/bin/env bash
# The benchmarks' peers on small files, with a hjemtag already built: each script's own check that
# Hjemtag and its peer give the same figures (and that a web upload ends with its rows), not their
# times, which on a debug build and small files mean nothing. CI runs it so a peer cannot go stale
# unnoticed when a rule or the web changes (two had, found on 3 December 2026).
# Usage: HJEMTAG_BIN=.build/debug/hjemtag Benchmarks/check_peers.sh
set -euo pipefail
cd "$(dirname "$0")/.."
: "${HJEMTAG_BIN:?sæt HJEMTAG_BIN til en bygget hjemtag}"
BENCH_DIR="$(mktemp -d /tmp/hjemtag-peers.XXXXXX)"
export BENCH_DIR HJEMTAG_BIN
trap 'rm -rf "$BENCH_DIR"' EXIT
# The schemes' peers on the store of a small robot pass: 30.000 postings, a municipality of 20.000.
export INDBYGGERE=20000
# Each check with how many lines of agreement (or of an upload that ended) it must print.
for check in "sde_vs_duckdb.sh 100000 2021:1" "sde_store_vs_duckdb.sh 100000 2021:1" "staircase_vs_pandas.sh 20000:1" \
  "upload_memory.sh 40000:2" "schemes_from_store.sh 30000:4" "nightly_month.sh 30000 1:1"; do
  script="${check%:*}" want="${check##*:}"
  echo "== Benchmarks/$script"
  # shellcheck disable=SC2086 # the script's name and its arguments
  out=$(Benchmarks/$script 2>&1) || { echo "$out" | tail -20; echo "FEJL: Benchmarks/$script"; exit 1; }
  agreed=$(echo "$out" | grep -iE "samme resultat|web-upload" || true)
  echo "$agreed"
  [ "$(echo "$agreed" | grep -c .)" -eq "$want" ] || { echo "$out" | tail -20; echo "FEJL: Benchmarks/$script gav ikke $want resultater"; exit 1; }
done
