# Two commands for a fresh machine: `make demo` and `make test`. Both install what is missing first.
.PHONY: setup build demo test screenshots bench dependency-cost fuzz mutants mutants-server mutants-client clean

# cargo's output directory: CARGO_TARGET_DIR when set (as cargo and every script honour it).
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)

setup:
	@scripts/setup-toolchain.sh

# pkg/: the npm package (wasm-pack, target web, optimized with npm binaryen's wasm-opt) + sizes,
# then its node and React entries and exports (scripts/package.mjs).
build: setup
	@scripts/build.sh

# Builds pkg/ and serves the demo, the frontend API and the app backend on 127.0.0.1:8787. The
# server prints its URL, its keys and a curl command that provisions an API-auth app on it.
demo: build
	@cargo build --quiet --release -p wacht-dev-server
	@$(TARGET_DIR)/release/wacht-dev-server --port $${PORT:-8787} --mode $${MODE:-staging}

# Native tests, browser tests in headless Chromium, page tests and consumer tests (the packed
# package in Node, TypeScript, webpack and Vite + React apps), against real dev servers.
test: setup
	@scripts/test.sh

# `make test`, writing the page tests' screenshots over the committed ones in docs/screenshots/
# (a plain `make test` writes them to test-logs/screenshots/ in cargo's output directory).
screenshots: setup
	@WACHT_SCREENSHOTS_DIR=docs/screenshots scripts/test.sh

# Size and speed figures (not part of `make test`). scripts/bench.sh runs the setup itself, with
# the bench-only tools (twiggy) opted in.
bench:
	@scripts/bench.sh

# What serde-wasm-bindgen and gloo-net (with wasm-bindgen-futures) would add to the module, each
# built like the package (scripts/dependency-cost.sh; the package uses neither, see README).
dependency-cost: setup
	@scripts/dependency-cost.sh

# The decoders under random input (crates/core/src/testing/decoder_properties.rs, not part of
# `make test`, which runs the same properties with 10 000 cases each): every property in release
# with FUZZ_CASES cases (default 70 000: 15 properties, over 1 000 000 cases in all), overflow
# checks and debug assertions on, the module's size optimisation and LTO off. Prints each
# property's cases, the total and the time; the log is test-logs/fuzz.log in cargo's output
# directory.
fuzz:
	@mkdir -p $(TARGET_DIR)/test-logs
	@start=$$(date +%s); \
	CARGO_PROFILE_RELEASE_OPT_LEVEL=3 CARGO_PROFILE_RELEASE_LTO=false \
	CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_PANIC=unwind \
	CARGO_PROFILE_RELEASE_OVERFLOW_CHECKS=true CARGO_PROFILE_RELEASE_DEBUG_ASSERTIONS=true \
	WACHT_PROPTEST_CASES=$${FUZZ_CASES:-70000} \
	  cargo test --release -p wacht-api-auth-core --lib decoder_properties -- --nocapture \
	  > $(TARGET_DIR)/test-logs/fuzz.log 2>&1; \
	status=$$?; \
	grep -hoE 'decoder_properties: [a-z_]+: [0-9]+ cases.*|^test result.*|property .* failed.*|minimal failing input.*' $(TARGET_DIR)/test-logs/fuzz.log; \
	grep -hoE 'decoder_properties: [a-z_]+: [0-9]+ cases' $(TARGET_DIR)/test-logs/fuzz.log \
	  | awk -v s=$$(( $$(date +%s) - start )) '{ n += $$3; p += 1 } END { printf "fuzz: %d cases in all (%d properties), %d s with the build\n", n, p, s }'; \
	exit $$status

# Mutation testing (scripts/mutants.sh, not part of `make test`): cargo-mutants over the modules
# that guard security and correctness, every missed mutant listed. MUTANTS_FILES names them (any
# package of the workspace); MUTANTS_TEST_ARGS selects the tests run for each mutant (empty: all
# of the package); MUTANTS_JOBS mutants are built and tested at once (default 2). The defaults:
# the dev server's ticket exchange, rate limits, API-key checks (the gateway and the key model),
# key routes and the backend API-auth management routes, with the test targets that exercise them.
MUTANTS_FILES ?= dev-server/src/frontend/ticket_exchange.rs dev-server/src/rate_limit.rs \
  dev-server/src/gateway/check.rs dev-server/src/store/api_key.rs \
  dev-server/src/frontend/api_auth/keys.rs dev-server/src/frontend/api_auth/app_session.rs \
  dev-server/src/backend/auth.rs dev-server/src/backend/body.rs \
  dev-server/src/backend/api_auth/apps.rs dev-server/src/backend/api_auth/keys.rs \
  dev-server/src/backend/api_auth/schemes.rs dev-server/src/backend/api_auth/audit.rs \
  dev-server/src/backend/api_auth/validate.rs
MUTANTS_TEST_ARGS ?= --lib --test exchange --test sessions --test gateway --test rate_limits \
  --test keys --test backend_apps --test backend_keys
MUTANTS_JOBS ?= 2
# The client's: the session gate, exchanges, renewal and reads (client/core/), the key mutations,
# the query cache, the validation (the shape checker, read options, the envelope), the session
# and logs states; their host tests run for each mutant (property tests with 300 cases).
MUTANTS_CLIENT_FILES ?= crates/core/src/client/core/*.rs crates/core/src/api/key_mutations.rs \
  crates/core/src/query/cache.rs crates/core/src/json/schema.rs crates/core/src/api/endpoint.rs \
  crates/core/src/transport/envelope.rs crates/core/src/session/state.rs \
  crates/core/src/api/audit_logs_pages.rs
mutants: mutants-server mutants-client
mutants-server:
	@MUTANTS_NAME=server MUTANTS_TEST_ARGS="$(MUTANTS_TEST_ARGS)" MUTANTS_JOBS="$(MUTANTS_JOBS)" \
	  scripts/mutants.sh $(MUTANTS_FILES)
mutants-client:
	@MUTANTS_NAME=client MUTANTS_TEST_ARGS="--lib" MUTANTS_JOBS="$(MUTANTS_JOBS)" \
	  WACHT_PROPTEST_CASES=300 scripts/mutants.sh $(MUTANTS_CLIENT_FILES)

clean:
	rm -rf pkg $(TARGET_DIR)/test-logs $(TARGET_DIR)/mutants
