# Sourced by scripts/build.sh and scripts/dependency-cost.sh: when the toolchain has the std
# sources (rustup's rust-src, or Debian's rust-web-src), std is rebuilt for wasm32 with size
# flags: panics abort at once (no messages or locations in the module), `Debug` formatting
# compiles to nothing, and without the reference-types feature wasm-bindgen keeps JS values in
# the glue's table instead of managing a wasm externref table. The last two make the crate
# boundary between the core and the JS face free: each crate keeps the generic code it instantiates
# to itself (at opt-level "z" rustc would share it between crates, so the core's code, generic over
# the JS values, could no longer be inlined into its one caller), and every function can be inlined
# across crates as within one (measured: the package as one crate and as core + face within 1 B;
# with neither flag the split cost 797 B gzip, with the first only 383 B). Without the sources it
# builds as usual. WACHT_SIZE_FLAGS=0 turns them off. Prints which of the two it is.
SIZE_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none -Ctarget-feature=-reference-types -Zshare-generics=n -Zcross-crate-inline-threshold=always"
if [[ ${WACHT_SIZE_FLAGS:-1} != 0 ]] && scripts/wasm-env scripts/size-flags-supported.sh "$SIZE_RUSTFLAGS"; then
  # Cargo's -Z build-std, set through its environment as Debian mode does.
  export RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$SIZE_RUSTFLAGS"
  echo "build: std rebuilt with size flags ($SIZE_RUSTFLAGS)"
else
  echo "build: plain std (no std sources or size flags unsupported)"
fi
