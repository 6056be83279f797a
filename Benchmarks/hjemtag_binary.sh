# Sourced by the benchmark scripts (from the repository's root): sets H, the hjemtag they run.
# HJEMTAG_BIN names one already built: CI runs the peers' scripts on small files with its debug
# build for their agreement checks, whose times mean nothing. Otherwise the release build, the one
# whose figures go in docs/PERFORMANCE.md (HJEMTAG_RELEASE_BUILD: its build folder).
if [ -n "${HJEMTAG_BIN:-}" ]; then
  H="$HJEMTAG_BIN"
else
  BUILD="${HJEMTAG_RELEASE_BUILD:-/var/tmp/hjemtag-release}"
  swift build -c release --scratch-path "$BUILD" --product hjemtag >/dev/null
  H="$BUILD/release/hjemtag"
fi
