# Two commands for a fresh machine: `make demo` and `make test`. Both install what is missing first.
.PHONY: setup build demo test screenshots bench clean

setup:
	@scripts/setup-toolchain.sh

# pkg/: the npm package (wasm-pack, target web, optimized with npm binaryen's wasm-opt) + sizes.
build: setup
	@scripts/build.sh

# Builds pkg/ and serves the demo, the frontend API and the app backend on 127.0.0.1:8787.
demo: build
	@cargo build --quiet --release -p wacht-dev-server
	@target/release/wacht-dev-server --port $${PORT:-8787} --mode $${MODE:-staging}

# Native tests, browser tests in headless Chromium and page tests, against real dev servers.
test: setup
	@scripts/test.sh

# `make test`, writing the page tests' screenshots over the committed ones in docs/screenshots/
# (a plain `make test` writes them to target/test-logs/screenshots/).
screenshots: setup
	@WACHT_SCREENSHOTS_DIR=docs/screenshots scripts/test.sh

# Size and speed figures (not part of `make test`). scripts/bench.sh runs the setup itself, with
# the bench-only tools (twiggy) opted in.
bench:
	@scripts/bench.sh

clean:
	rm -rf pkg target/test-logs
