#!/usr/bin/env bash
# Builds the libFuzzer targets (Fuzz/README.md) and runs each for a bounded time, one at a time.
# Usage: Fuzz/run.sh SECONDS [TARGET...]   (targets without the fuzz- prefix; default: all)
# Exits non-zero when a target crashes, hangs or breaks an invariant; the input is kept in
# .build-fuzz/artifacts/TARGET/ to replay with `.build-fuzz/debug/fuzz-TARGET FILE`.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}; shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(tracking-id survey-csv mime hotline-csv line-webhook form-body)
scratch=.build-fuzz
# Swift's own crash backtracer reads the stack in a way AddressSanitizer reports; libFuzzer reports crashes.
export SWIFT_BACKTRACE=enable=no

# The fuzz build resolves the same pinned packages as the normal build: reuse its checkouts.
if [[ ! -d $scratch/checkouts && -d .build/checkouts ]]; then
  mkdir -p "$scratch"
  cp -a .build/checkouts .build/repositories .build/workspace-state.json "$scratch"/ 2>/dev/null || true
fi

build() {
  SIANG_FUZZ=1 swift build --scratch-path "$scratch" --product "fuzz-$1" -Xswiftc -sanitize=fuzzer,address 2>&1 \
    | grep -v "Cannot export local symbol" | tail -3
  return "${PIPESTATUS[0]}"
}

failed=()
summary=()
for target in "${targets[@]}"; do
  echo "== fuzz-$target: build"
  build "$target"
  corpus=$scratch/corpus/$target
  artifacts=$scratch/artifacts/$target
  mkdir -p "$corpus" "$artifacts"
  echo "== fuzz-$target: ${seconds}s"
  status=0
  # New inputs go to the scratch corpus (first folder); the seeds in Fuzz/corpus stay as committed.
  "$scratch/debug/fuzz-$target" "$corpus" "Fuzz/corpus/$target" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/" \
    > "$artifacts/log.txt" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$artifacts/log.txt" | tail -1)
  if [[ $status -ne 0 ]]; then
    failed+=("$target")
    grep -E "ERROR|Fatal error|SUMMARY|Test unit written|Precondition" "$artifacts/log.txt" | head -20 || true
    summary+=("fuzz-$target: FAILED (exit $status) after ${runs:-?} executions; see $artifacts/")
  else
    summary+=("fuzz-$target: ${runs:-?} executions in ${seconds}s, no crash")
  fi
done
printf '%s\n' "${summary[@]}"
if [[ ${#failed[@]} -gt 0 ]]; then echo "fuzz: ${#failed[@]} target(s) failed: ${failed[*]}"; exit 1; fi
