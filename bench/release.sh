# Sourced by the benchmarks: `build_release PRODUCT...` builds each release product into $SCRATCH, one
# --product per call (SwiftPM builds only the last one named), unless SKIP_BUILD=1 asks to use what is
# built; then sets BIN to the folder of the binaries.
build_release() {
  if [[ -z ${SKIP_BUILD:-} ]]; then
    local product
    for product in "$@"; do
      swift build -c release --scratch-path "$SCRATCH" --product "$product" >/dev/null
    done
  fi
  BIN="$SCRATCH/release"
}
