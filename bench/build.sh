#!/usr/bin/env bash
# Builds every worker `make bench` measures into build/bench/workers/<name>/, each a
# directory of modules whose entry is worker.js:
#   plain       bench/peers/plain/worker.js as it is
#   hono        bench/peers/hono/worker.js bundled with Hono from npm (esbuild, minified)
#   workers-rs  bench/peers/workers-rs with the `worker` crate, cargo + wasm-bindgen + wasm-opt -O
#   edgeapi     examples/reference, built by the edgeapi CLI (release, wasm-opt -Oz), its worker.js
#   hello       examples/hello, likewise (the SDK's own weight)
#   sync_async  bench/apps/sync_async, likewise (sync vs async handlers)
# The edgeapi apps must already be built (the Makefile's bench target builds them).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"

out=build/bench/workers
rm -rf build/bench
mkdir -p "$out"
say() { printf 'bench build: %s\n' "$*"; }

say "npm packages of the peers (bench/package.json)"
if [ ! -f bench/node_modules/.package-lock.json ] ||
  [ bench/package-lock.json -nt bench/node_modules/.package-lock.json ]; then
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
fi

say "plain JS"
mkdir -p "$out/plain"
cp bench/peers/plain/worker.js "$out/plain/worker.js"

say "Hono $(node -p 'require("./bench/node_modules/hono/package.json").version')"
esbuild bench/peers/hono/worker.js --bundle --format=esm --minify --log-level=warning \
  --outfile="$out/hono/worker.js"

say "workers-rs (the worker crate)"
peer=bench/peers/workers-rs
CARGO_TARGET_DIR=target/peers cargo build --quiet --release --target wasm32-unknown-unknown \
  --manifest-path "$peer/Cargo.toml"
wasm-bindgen --target web --out-dir "$out/workers-rs" --out-name workers_rs_peer \
  target/peers/wasm32-unknown-unknown/release/workers_rs_peer.wasm
# -O is wasm-pack's (and worker-build's) default for release builds. wasm-bindgen drops the
# target-features section here, so the features rustc enables by default are named.
wasm-opt -O --strip-debug --enable-bulk-memory --enable-bulk-memory-opt --enable-exception-handling \
  --enable-reference-types --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-multivalue \
  "$out/workers-rs/workers_rs_peer_bg.wasm" -o "$out/workers-rs/workers_rs_peer_bg.wasm"
cp "$peer/shim.js" "$out/workers-rs/worker.js"

# An edgeapi app as the edgeapi CLI built it for workerd (the Makefile's bench target runs
# `make build build/hello build/sync_async`): its generated worker.js and the glue in pkg/.
edgeapi_app() {
  local name=$1 app=$2 dir="$out/$1"
  say "edgeapi: $app"
  mkdir -p "$dir"
  cp -r "$app/build/workerd/worker.js" "$app/build/workerd/pkg" "$dir/"
}
edgeapi_app edgeapi examples/reference
edgeapi_app hello examples/hello
edgeapi_app sync_async bench/apps/sync_async

# Copies that keep function names, for bench/size.js (what each crate costs).
say "edgeapi: named copies for bench/size.js"
mkdir -p build/bench/named
for crate in reference hello; do
  wasm-bindgen --target web --keep-debug --out-dir build/bench/named --out-name "$crate" \
    "target/wasm32-unknown-unknown/release/$crate.wasm"
  wasm-opt -Oz --debuginfo "build/bench/named/${crate}_bg.wasm" -o "build/bench/named/${crate}_bg.wasm"
done

cp bench/loop.js build/bench/loop.js
say "done: $(ls "$out" | tr '\n' ' ')"
