#!/usr/bin/env bash
# Mutation testing (`make mutants`, not part of `make test`): cargo-mutants makes one small
# breaking change at a time (a `>` that becomes `>=`, a body replaced by a default value, a
# condition negated, ...) in the files given as arguments and runs their package's tests; every
# change the tests still pass ("missed") is a behaviour no test pins down.
#
#   scripts/mutants.sh FILE...   files relative to the repository root, any package of the
#                                workspace (the Makefile passes MUTANTS_FILES)
#
# Environment: MUTANTS_NAME, a name for the run (its report goes to mutants/<name>/);
# MUTANTS_JOBS, how many mutants are built and tested at once (default 2, each in its
# own copy of the tree); MUTANTS_TEST_ARGS, the arguments given to `cargo test` for every mutant (the
# Makefile's default names the dev server's test targets that exercise its default files; an
# empty value runs every test of the mutated file's package). Mutants that are equivalent to the
# original (no test can tell them apart) are excluded, each with its reason, in
# .cargo/mutants.toml. The report goes to $CARGO_TARGET_DIR/mutants/mutants.out (default
# target/); the run ends with the caught / missed / timeout / unviable counts and fails when a
# mutant was missed or timed out.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -gt 0 ]] || { echo "usage: scripts/mutants.sh FILE..." >&2; exit 2; }
WACHT_SETUP_MUTANTS=1 scripts/setup-toolchain.sh
OUT="${CARGO_TARGET_DIR:-target}/mutants${MUTANTS_NAME:+/$MUTANTS_NAME}"
mkdir -p "$OUT"
files=()
for file in "$@"; do
  [[ -f $file ]] || { echo "mutants: no such file: $file" >&2; exit 2; }
  files+=(--file "$file")
done
read -r -a test_args <<<"${MUTANTS_TEST_ARGS:-}"
# No debug info: each mutant relinks the test binaries, and that is most of its time.
export CARGO_PROFILE_DEV_DEBUG=0 CARGO_PROFILE_TEST_DEBUG=0
start=$(date +%s)
set +e
cargo mutants --workspace --jobs "${MUTANTS_JOBS:-2}" --no-shuffle --output "$OUT" "${files[@]}" -- "${test_args[@]}"
status=$?
set -e
count() { if [[ -f $OUT/mutants.out/$1.txt ]]; then grep -c . "$OUT/mutants.out/$1.txt" || true; else echo 0; fi; }
echo "mutants: $(count caught) caught, $(count missed) missed, $(count timeout) timeout," \
  "$(count unviable) unviable in $(( $(date +%s) - start )) s (report: $OUT/mutants.out)"
if [[ -s $OUT/mutants.out/missed.txt ]]; then echo "missed:"; sed 's/^/  /' "$OUT/mutants.out/missed.txt"; fi
if [[ -s $OUT/mutants.out/timeout.txt ]]; then echo "timeout:"; sed 's/^/  /' "$OUT/mutants.out/timeout.txt"; fi
exit "$status"
