#!/usr/bin/env bash
# Peak memory of a web upload of N ledger postings: the server's peak resident memory (VmHWM)
# after curl has posted the file through the upload form, next to the peak of `hjemtag import` of
# the same file from the command line (the import itself, no web), in the same run, the upload
# timed until its job has ended; then the same
# for a file a quarter the size. The upload is streamed to disk, so the server's peak should follow
# the import's, not the file's size.
# Usage: Benchmarks/upload_memory.sh [POSTINGS]   (default 2.000.000, about 190 MiB)
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-2000000}"
WORK="${BENCH_DIR:-/var/tmp/hjemtag-bench}/upload-$N"
. Benchmarks/hjemtag_binary.sh
mkdir -p "$WORK"

run() {
  local rows=$1 file="$WORK/posteringer-$1.csv"
  [ -f "$file" ] || "$H" generate --posteringer "$rows" --seed 1 "$WORK/gen-$rows" >/dev/null
  [ -f "$file" ] || mv "$WORK/gen-$rows/posteringer.csv" "$file"
  local mib=$(( $(stat -c %s "$file") / 1048576 ))

  rm -f "$WORK/cli.sqlite"*
  "$H" migrate --kommune 101 --database "$WORK/cli.sqlite" >/dev/null
  local cli
  cli=$( { /usr/bin/time -f "%M" "$H" import posteringer "$file" --database "$WORK/cli.sqlite" >/dev/null; } 2>&1 | tail -1)

  rm -f "$WORK/web.sqlite"*
  "$H" migrate --kommune 101 --database "$WORK/web.sqlite" >/dev/null
  HJEMTAG_ADGANGSKODE=bench-bench-bench "$H" bruger opret --brugernavn bench --rolle administrator --database "$WORK/web.sqlite" >/dev/null
  local port=18090
  while (echo > /dev/tcp/127.0.0.1/$port) >/dev/null 2>&1; do port=$((port + 1)); done
  "$H" serve --port "$port" --database "$WORK/web.sqlite" > "$WORK/server.log" 2>&1 &
  local server=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
  local jar="$WORK/cookies" url="http://127.0.0.1:$port"
  rm -f "$jar"
  local token
  token=$(curl -s -c "$jar" "$url/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -b "$jar" -c "$jar" -o /dev/null -d "brugernavn=bench&adgangskode=bench-bench-bench&csrf=$token" "$url/login"
  token=$(curl -s -b "$jar" "$url/importer" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
  local idle
  idle=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
  local start=$SECONDS
  # The upload becomes a background job: the answer sends the browser to the job's page, which is
  # asked again until the job has ended.
  local job
  job=$(curl -s -b "$jar" -o /dev/null -D - -F "csrf=$token" -F "type=posteringer" -F "fil=@$file" "$url/importer" \
    | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  [ -n "$job" ] || { echo "upload failed: no job page"; }
  for _ in $(seq 1 2400); do
    curl -s -b "$jar" -o "$WORK/answer.html" "$url$job"
    grep -q 'id="job-status">\(færdig\|fejlet\)' "$WORK/answer.html" && break
    sleep 0.25
  done
  local seconds=$((SECONDS - start))
  local web
  web=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
  if ! grep -q "rækker importeret" "$WORK/answer.html"; then
    echo "upload failed:"; sed 's/<[^>]*>//g' "$WORK/answer.html" | grep -v '^\s*$' | head -5
    kill "$server"; exit 1
  fi
  kill "$server"; wait "$server" 2>/dev/null || true
  echo "$rows rækker ($mib MiB): web-upload, serverens top $((web / 1024)) MiB (tomgang $((idle / 1024)) MiB, ${seconds} s); hjemtag import fra kommandolinjen: top $((cli / 1024)) MiB"
}

run "$N"
run $((N / 4))
