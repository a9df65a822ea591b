# edgeapi: `make dev` serves the reference app on local workerd; `make test` runs every tier;
# `make bench` measures it against its peers (never part of `make test`).
# All install what is missing first (scripts/setup.sh, idempotent).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
PORT ?= 8787

# Tools installed by setup: cargo's bin dir, and npm's (wrangler, wasm-opt from binaryen).
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export WRANGLER_SEND_METRICS := false
export CARGO_TERM_COLOR := never

WASM_TARGET := wasm32-unknown-unknown
APP := reference
APP_DIR := examples/$(APP)
# The reference app's build, written by the edgeapi CLI: one folder per host.
OUT := $(APP_DIR)/build
# The edgeapi CLI from cli/, the same build `cargo install --path cli` makes.
EDGEAPI := target/release/edgeapi

FUZZ_SECONDS ?= 60
FUZZ_TARGETS := routing params json_body

.PHONY: setup cli build dev deploy-dry-run test lint test-native test-wasm test-node test-chrome test-e2e bench fuzz parity-record clean

setup:
	@scripts/setup.sh

## cli: the edgeapi command, built from cli/
cli: $(EDGEAPI)

$(EDGEAPI): $(shell find cli -type f) Cargo.lock
	cargo build --release -p edgeapi-cli
	@touch $@

## build: the reference app for every host through the CLI (cargo, wasm-bindgen, wasm-opt -Oz,
## the host entries, and www/ with the docs pages' assets as static files) into $(OUT)/.
## wrangler serves $(OUT)/workerd/worker.js with $(OUT)/browser/public as its static assets,
## so the demo page's Service Worker runs the same wasm. Quick when nothing changed: the CLI
## reuses the glue while cargo's wasm is the same.
build: $(EDGEAPI)
	$(EDGEAPI) build --release --target all --manifest-path $(APP_DIR)/Cargo.toml

# Any app crate of the workspace for every host, as `make bench` measures them and the tests
# serve them: `make build/hello` builds examples/hello into examples/hello/build/<host>.
build/%: $(EDGEAPI)
	$(EDGEAPI) build --release --target all --manifest-path $(firstword $(wildcard examples/$*/Cargo.toml bench/apps/$*/Cargo.toml tests/apps/$*/Cargo.toml))

## dev: serve the reference app and www/ on local workerd at http://127.0.0.1:$(PORT)
## (wrangler runs wrangler.toml's build command, `make build`, once at start and on each edit)
dev: setup cli
	wrangler dev --test-scheduled --ip 127.0.0.1 --port $(PORT)

## deploy-dry-run: the Cloudflare deploy bundle, built offline into build/deploy
deploy-dry-run: setup cli
	wrangler deploy --dry-run --outdir build/deploy

## test: every tier
test: setup
	@$(MAKE) --no-print-directory lint test-native test-wasm test-e2e

lint:
	cargo fmt --all -- --check
	cargo modules dependencies --lib -p edgeapi --target $(WASM_TARGET) --no-externs --no-sysroot \
		--no-fns --no-types --no-traits --no-owns 2>/dev/null | node scripts/check-layers.mjs
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --workspace --exclude edgeapi-cli --all-targets --target $(WASM_TARGET) -- -D warnings
	RUSTDOCFLAGS="-D warnings -D missing_docs" cargo doc --no-deps --quiet -p edgeapi -p edgeapi-macros
	# The dry run compiles the packed crates as registry crates, which cargo never rebuilds for
	# a change at the same version: forget their builds, so it checks the sources as they are.
	rm -rf target/package-check/debug/.fingerprint/edgeapi*
	CARGO_TARGET_DIR=target/package-check \
		cargo publish --dry-run --allow-dirty --quiet -p edgeapi-macros -p edgeapi -p edgeapi-cli

## test-native: pure logic and doc tests, natively
test-native:
	cargo test --workspace

## test-wasm: the SDK inside wasm, in Node and in headless Chromium
test-wasm: test-node test-chrome

# scripts/wasm-pack-test.sh also fails a test binary that stops without reporting a result
# (in Node, a test left waiting on nothing ends the run early with exit status 0).
test-node:
	scripts/wasm-pack-test.sh --node -- --test wasm --test toolkit --test openapi --test decoders --test test_client --test platform --test forms_wasm
	scripts/wasm-pack-test.sh --node examples/$(APP)

test-chrome:
	WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=$$(command -v chromedriver) \
		scripts/wasm-pack-test.sh --headless --chrome -- --test wasm --test toolkit --test openapi --test decoders --test test_client --test platform --test forms_wasm
	WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=$$(command -v chromedriver) \
		scripts/wasm-pack-test.sh --headless --chrome examples/$(APP)

## test-e2e: the reference app on workerd, called with fetch from Node's test runner (and
## tests/apps/cors, called straight from Node, and the tutorial app of tests/parity)
test-e2e: build build/cors build/tutorial
	node --experimental-websocket --test --test-reporter=spec tests/e2e/

## bench: edgeapi against Hono, workers-rs and plain JS on one workerd, then 100,000-request
## soaks of the reference app on workerd and, with a forced GC, in Node (errors, wasm memory,
## JS heap), then WebSocket echo round trips per second (bench/websocket.js); writes
## bench/results/
bench:
	@scripts/setup.sh --bench
	@$(MAKE) --no-print-directory build build/hello build/sync_async
	bench/build.sh
	node bench/run.js
	node --experimental-websocket bench/soak.js
	node bench/hosts.js
	node --expose-gc bench/soak-node.js
	node --experimental-websocket bench/websocket.js

## parity-record: FastAPI's answers to the tutorial requests, recorded again into
## tests/parity/fastapi.json (needs Python and PyPI; not part of make test)
parity-record:
	scripts/parity-record.sh

## fuzz: each cargo-fuzz target for FUZZ_SECONDS (scripts/fuzz.sh), then schemathesis against
## the reference app's OpenAPI document (FUZZ_EXAMPLES per operation); counts into
## fuzz/results.json; not part of make test
fuzz:
	scripts/fuzz.sh
	@$(MAKE) --no-print-directory build
	scripts/fuzz-api.sh

## migrate: the reference app's D1 tables (migrations/) in wrangler's local database
.PHONY: migrate
migrate:
	wrangler d1 migrations apply DB --local
# After their other prerequisites (setup, build), before they serve the app.
dev test-e2e fuzz: migrate
# tests/apps/storage: every storage call behind a route, for tests/e2e/storage-api.test.js.
test-e2e: build/storage

## bench-storage (part of make bench): D1 row decoding per row, serde-wasm-bindgen against
## JSON, and the wasm memory around a 50 MB upload streamed to R2; bench/results/storage.json
.PHONY: bench-storage
bench: bench-storage
bench-storage: setup build build/storage
	node bench/storage.js

# The storage API where Node and Chromium can run it (tests/storage.rs).
.PHONY: test-wasm-storage
test-wasm: test-wasm-storage
test-wasm-storage:
	wasm-pack test --node -- --test storage
	WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=$$(command -v chromedriver) \
		wasm-pack test --headless --chrome -- --test storage

.PHONY: bench-features
# What security, declared constraints and multipart each add to an app's wasm, gzipped
# (bench/features.js against examples/hello).
bench: bench-features
bench-features: build/hello build/with_extractors build/with_security build/with_constraints build/with_multipart
	node bench/features.js

clean:
	cargo clean
	rm -rf build examples/*/build bench/apps/*/build tests/apps/*/build
