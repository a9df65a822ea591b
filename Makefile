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
PKG := build/pkg
SOURCES := $(shell find src examples bench/apps -name '*.rs' -o -name '*.js' -o -name Cargo.toml) Cargo.toml

FUZZ_SECONDS ?= 60
FUZZ_TARGETS := routing params json_body

.PHONY: setup build dev deploy-dry-run test lint test-native test-wasm test-node test-chrome test-e2e bench fuzz parity-record clean

setup:
	@scripts/setup.sh

# Swagger UI and ReDoc for /docs and /redoc, from npm (pinned in package.json), served as the
# app's own static assets under /static: the pages work offline and need no CDN.
DOCS_ASSETS := www/static/swagger-ui/swagger-ui-bundle.js www/static/redoc/redoc.standalone.js

## build: the reference app as wasm, through wasm-bindgen and wasm-opt, into build/pkg
build: $(PKG)/$(APP)_bg.wasm www/pkg/$(APP)_bg.wasm $(DOCS_ASSETS)

www/static/swagger-ui/swagger-ui-bundle.js: node_modules/swagger-ui-dist/package.json
	rm -rf www/static/swagger-ui && mkdir -p www/static/swagger-ui
	cp node_modules/swagger-ui-dist/{swagger-ui-bundle.js,swagger-ui.css,favicon-32x32.png,LICENSE} www/static/swagger-ui/

www/static/redoc/redoc.standalone.js: node_modules/redoc/package.json
	rm -rf www/static/redoc && mkdir -p www/static/redoc
	cp node_modules/redoc/bundles/redoc.standalone.js{,.LICENSE.txt} www/static/redoc/

# The demo page's Service Worker and pool workers load the same files, as static assets.
www/pkg/$(APP)_bg.wasm: $(PKG)/$(APP)_bg.wasm
	rm -rf www/pkg && mkdir -p www/pkg
	cp -r $(PKG)/$(APP).js $(PKG)/$(APP)_bg.wasm $(PKG)/snippets www/pkg/

# Any app crate of the workspace: `make build/pkg/hello_bg.wasm` builds examples/hello.
# --converge reruns -Oz until it stops shrinking (about 20% more build time, ~0.6 KB gzip);
# the producers and target-features sections are only for tooling.
$(PKG)/%_bg.wasm: $(SOURCES) $(wildcard Cargo.lock)
	cargo build -p $* --target $(WASM_TARGET) --release
	wasm-bindgen --target web --out-dir $(PKG) --out-name $* target/$(WASM_TARGET)/release/$*.wasm
	wasm-opt -Oz --converge --strip-debug --strip-producers --strip-target-features $@ -o $@
	@printf 'built %s: %s bytes, %s gzipped\n' $@ $$(wc -c < $@) $$(gzip -9c $@ | wc -c)

## dev: serve the reference app and www/ on local workerd at http://127.0.0.1:$(PORT)
dev: setup build
	wrangler dev --ip 127.0.0.1 --port $(PORT)

## deploy-dry-run: the Cloudflare deploy bundle, built offline into build/deploy
deploy-dry-run: setup
	wrangler deploy --dry-run --outdir build/deploy

## test: every tier
test: setup
	@$(MAKE) --no-print-directory lint test-native test-wasm test-e2e

lint:
	cargo fmt --all -- --check
	cargo modules dependencies --lib -p edgeapi --no-externs --no-sysroot --no-fns --no-types \
		--no-traits --no-owns 2>/dev/null | node scripts/check-layers.mjs
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --workspace --all-targets --target $(WASM_TARGET) -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet -p edgeapi -p edgeapi-macros

## test-native: pure logic and doc tests, natively
test-native:
	cargo test --workspace

## test-wasm: the SDK inside wasm, in Node and in headless Chromium
test-wasm: test-node test-chrome

test-node:
	wasm-pack test --node -- --test wasm --test toolkit --test openapi --test decoders
	wasm-pack test --node examples/$(APP)

test-chrome:
	WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=$$(command -v chromedriver) \
		wasm-pack test --headless --chrome -- --test wasm --test toolkit --test openapi --test decoders

## test-e2e: the reference app (and the tutorial app of tests/parity) on workerd, called
## with fetch from Node's test runner
test-e2e: build $(PKG)/tutorial_bg.wasm
	node --test --test-reporter=spec tests/e2e/

## bench: edgeapi against Hono, workers-rs and plain JS on one workerd, then a 100,000-request
## soak of the reference app (errors, wasm memory, JS heap); writes bench/results/
bench:
	@scripts/setup.sh --bench
	@$(MAKE) --no-print-directory $(PKG)/reference_bg.wasm $(PKG)/hello_bg.wasm $(PKG)/sync_async_bg.wasm
	bench/build.sh
	node bench/run.js
	node --experimental-websocket bench/soak.js

## parity-record: FastAPI's answers to the tutorial requests, recorded again into
## tests/parity/fastapi.json (needs Python and PyPI; not part of make test)
parity-record:
	scripts/parity-record.sh

## fuzz: each cargo-fuzz target for FUZZ_SECONDS, then schemathesis against the reference
## app's OpenAPI document (FUZZ_EXAMPLES per operation); not part of make test
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	cd fuzz && for target in $(FUZZ_TARGETS); do \
		echo "fuzz: $$target for $(FUZZ_SECONDS) s"; \
		cargo fuzz run --sanitizer none $$target -- -max_total_time=$(FUZZ_SECONDS) 2>&1 | grep -E '^(Done|==|SUMMARY|thread)' ; \
		test $${PIPESTATUS[0]} -eq 0 || exit 1; \
	done
	@$(MAKE) --no-print-directory build
	scripts/fuzz-api.sh

clean:
	cargo clean
	rm -rf build www/pkg www/static
