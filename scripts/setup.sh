#!/usr/bin/env bash
# Installs what edgeapi's build and tests need, skipping whatever is already there.
# Idempotent: `make dev`, `make test` and `make bench` all call it first.
set -euo pipefail

WASM_BINDGEN_VERSION=0.2.130   # must equal the `wasm-bindgen` pin in Cargo.toml
WASM_PACK_VERSION=0.15.1
CARGO_MODULES_VERSION=0.27.0   # the newest that builds with this machine's Rust (1.95)

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf 'setup: %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # --locked can name a dependency version the registry no longer serves; then let cargo
  # resolve compatible ones instead.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked --force ||
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [ "$(wasm-pack --version 2>/dev/null)" != "wasm-pack $WASM_PACK_VERSION" ]; then
  say "installing wasm-pack $WASM_PACK_VERSION"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked --force ||
    cargo install wasm-pack --version "$WASM_PACK_VERSION" --force
fi

if [ "$(cargo-modules --version 2>/dev/null)" != "cargo-modules $CARGO_MODULES_VERSION" ]; then
  say "installing cargo-modules $CARGO_MODULES_VERSION (make lint checks the module layers with it)"
  cargo install cargo-modules --version "$CARGO_MODULES_VERSION" --locked --force
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing chromium and chromium-driver from Debian"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# `make bench` also needs wrk, the HTTP load generator (scripts/setup.sh --bench).
if [ "${1:-}" = "--bench" ] && ! command -v wrk >/dev/null; then
  say "installing wrk from Debian"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi

# ... and worker-build, to build the workers-rs peer as its users do (bench/build.sh).
WORKER_BUILD_VERSION=0.8.7   # the `worker` crate's version in bench/peers/workers-rs
if [ "${1:-}" = "--bench" ] && [ "$(worker-build --version 2>/dev/null)" != "$WORKER_BUILD_VERSION" ]; then
  say "installing worker-build $WORKER_BUILD_VERSION"
  cargo install worker-build --version "$WORKER_BUILD_VERSION" --locked --force
fi

# npm ci is slow even when nothing changed: rerun it only when the lockfile is newer.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
