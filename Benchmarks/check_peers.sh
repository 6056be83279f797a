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
for check in "sde_vs_duckdb.sh 100000 2021" "sde_store_vs_duckdb.sh 100000 2021" "staircase_vs_pandas.sh 20000" "upload_memory.sh 40000"; do
  echo "== Benchmarks/$check"
  # shellcheck disable=SC2086 # the script's name and its arguments
  out=$(Benchmarks/$check 2>&1) || { echo "$out" | tail -20; echo "FEJL: Benchmarks/$check"; exit 1; }
  echo "$out" | grep -E "Samme resultat|web-upload" || { echo "$out" | tail -20; echo "FEJL: intet resultat fra Benchmarks/$check"; exit 1; }
done
