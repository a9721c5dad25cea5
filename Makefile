# Critical Friend: the two entry points are `make run` and `make test`.
# Everything they need is installed on first use by scripts/install-tools.sh.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run

# Tools: cargo installs into ~/.cargo/bin; wasm-opt (npm binaryen) and Playwright in node_modules/.bin.
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# wasm-bindgen-test runs the wasm32 storage tests in headless Chromium via ChromeDriver
# (browser binary and flags come from webdriver.json).
export CHROMEDRIVER ?= /usr/bin/chromedriver
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER := wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_TIMEOUT ?= 120
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
export CARGO_TERM_COLOR ?= never

HOST ?= 127.0.0.1
PORT ?= 8080
STAGE := scripts/stage.sh
WASM := --target wasm32-unknown-unknown
# tests/storage.rs is the only wasm32 test target; lint and run it only once it exists.
STORAGE_TEST := $(if $(wildcard tests/storage.rs),--test storage,)

.PHONY: run test build serve size size-budget tools lint test-native test-wasm e2e bench

## run: install what is missing, build the release app and serve it on http://$(HOST):$(PORT)/
run: build serve

## test: every layer: format, lints (native + wasm32), native tests, wasm tests in Chromium,
##       release build, Playwright end-to-end tests against that build
test: tools lint test-native test-wasm build size-budget e2e
	@echo "==> make test: all layers passed"

tools:
	@$(STAGE) tools scripts/install-tools.sh

build: tools
	@$(STAGE) fetch cargo fetch
	@# The lock stops two builds in one checkout from swapping dist/ under each other.
	@mkdir -p target && $(STAGE) trunk-build flock target/.trunk-build.lock trunk build --release

serve:
	node scripts/serve.mjs --dir dist --host $(HOST) --port $(PORT)

lint: tools
	@$(STAGE) fmt cargo fmt --all -- --check
	@$(STAGE) clippy-native cargo clippy --all-targets -- -D warnings
	@$(STAGE) clippy-wasm32 cargo clippy $(WASM) --lib --bins $(STORAGE_TEST) --test storage_bench -- -D warnings

test-native: tools
	@$(STAGE) test-native cargo test

test-wasm: tools
ifeq ($(STORAGE_TEST),)
	@echo "==> [test-wasm] skipped: tests/storage.rs does not exist yet"
else
	@$(STAGE) test-wasm cargo test $(WASM) $(STORAGE_TEST)
endif

e2e: tools
	@test -f dist/index.html || { echo "e2e: dist/ is missing; run make build first" >&2; exit 1; }
	@$(STAGE) e2e playwright test

## bench: merge-engine benchmarks natively, then IndexedDB writes in headless Chromium
## (release builds; numbers to compare, never asserted)
bench: tools
	cargo bench --bench merge
	$(STAGE) bench-idb cargo test --profile wasm-bench $(WASM) --test storage_bench -- --nocapture

## size-budget: fail if the gzipped wasm + JS grows past the budget (docs/performance.md)
SIZE_BUDGET_KB ?= 800
size-budget:
	@test -d dist || { echo "size-budget: dist/ is missing; run make build first" >&2; exit 1; }
	@gz=0; for f in dist/*.wasm dist/*.js; do \
	  case "$$f" in dist/sw.js) continue;; esac; \
	  gz=$$((gz + $$(gzip -9 -c "$$f" | wc -c))); \
	done; kb=$$((gz / 1024)); \
	if [ "$$kb" -gt "$(SIZE_BUDGET_KB)" ]; then \
	  echo "==> [size-budget] the app is $$kb KB gzipped (wasm + JS), over the $(SIZE_BUDGET_KB) KB budget: see docs/performance.md" >&2; exit 1; \
	else echo "==> [size-budget] $$kb KB gzipped (wasm + JS), within $(SIZE_BUDGET_KB) KB"; fi

## size: raw and gzip sizes of what dist/ ships
size:
	@test -d dist || { echo "size: dist/ is missing; run make build first" >&2; exit 1; }
	@printf '%-48s %10s %10s\n' file bytes gzip
	@total=0; gz_total=0; \
	for f in $$(find dist -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \) | sort); do \
	  raw=$$(wc -c < "$$f"); gz=$$(gzip -9 -c "$$f" | wc -c); \
	  total=$$((total + raw)); gz_total=$$((gz_total + gz)); \
	  printf '%-48s %10d %10d\n' "$${f#dist/}" "$$raw" "$$gz"; \
	done; \
	printf '%-48s %10d %10d\n' TOTAL "$$total" "$$gz_total"
