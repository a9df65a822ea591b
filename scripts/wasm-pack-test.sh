#!/usr/bin/env bash
# `wasm-pack test "$@"`, failing unless every test binary it ran reported `test result: ok`.
#
# In Node, wasm-bindgen's test runner exits 0 when the event loop runs dry with a test still
# waiting (a Promise that never settles, and nothing else to keep Node alive): the rest of
# the binary's tests, and its failures so far, are never reported. Reading the report closes
# that hole: a binary that ran (`Running ...`) must end in `no tests to run!` or a result.
set -euo pipefail
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
wasm-pack test "$@" 2>&1 | tee "$log" || status=$?
awk '
  /^ +Running / { if (binary) { print "wasm-pack-test: " binary " stopped without a result"; bad = 1 } binary = $2 " " $3 }
  /^no tests to run!/ || /^test result: ok\./ { binary = "" }
  /^test result: FAILED/ { bad = 1 }
  END {
    if (binary) { print "wasm-pack-test: " binary " stopped without a result"; bad = 1 }
    exit bad
  }
' "$log" || status=1
exit "$status"
