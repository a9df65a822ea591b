#!/usr/bin/env bash
# Builds every worker `make bench` measures into build/bench/workers/<name>/, each a
# directory of modules whose entry is worker.js:
#   plain       bench/peers/plain/worker.js as it is
#   hono        bench/peers/hono/worker.js bundled with Hono from npm (esbuild, minified)
#   workers-rs  bench/peers/workers-rs with the `worker` crate, cargo + wasm-bindgen + wasm-opt -O
#               and a minimal entry module (peers/workers-rs/shim.js)
#   workers-rs-build  the same crate built by worker-build, as workers-rs users build it
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

# worker-build fetches three tools from the network unless told where they are: the
# wasm-bindgen CLI and binaryen's wasm-opt (from GitHub releases) and esbuild (from npm's
# registry, by URL). Each comes here from a registry's own client instead: wasm-bindgen from
# crates.io (scripts/setup.sh, the version the crate pins), wasm-opt from npm's binaryen 132
# (worker-build's own version), esbuild 0.28.2 (worker-build's own version) from npm
# (bench/package.json). worker-build itself comes from crates.io (scripts/setup.sh --bench).
say "workers-rs (the worker crate), built by worker-build $(worker-build --version)"
wb=build/bench/peers/workers-rs-build
mkdir -p "$wb"
cp -r "$peer/Cargo.toml" "$peer/Cargo.lock" "$peer/src" "$wb/"
(
  cd "$wb"
  CARGO_TARGET_DIR="$root/target/peers" \
    WASM_BINDGEN_BIN="$(command -v wasm-bindgen)" \
    WASM_OPT_BIN="$root/node_modules/.bin/wasm-opt" \
    ESBUILD_BIN="$root/bench/node_modules/.bin/esbuild" \
    worker-build --release
)
mkdir -p "$out/workers-rs-build"
cp "$wb/build/index.js" "$out/workers-rs-build/worker.js"
cp "$wb/build/index_bg.wasm" "$out/workers-rs-build/"

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
