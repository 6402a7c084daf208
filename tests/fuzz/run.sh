#!/usr/bin/env bash
# Runs libFuzzer targets of tests/fuzz (docs/reliability.md).
#
#   tests/fuzz/run.sh TARGET|all SECONDS        e.g. tests/fuzz/run.sh all 3600
#
# Needs the asan build (cmake --preset asan && cmake --build build/asan --target fuzz_targets);
# BUILD=DIR names another build folder. `all` runs every target, JOBS (default: the number of
# cores) at a time, each for SECONDS. Each target starts from its checked-in seeds
# (tests/fuzz/corpus/TARGET) plus what earlier runs found (BUILD/fuzz/TARGET/corpus, never
# checked in); an input that breaks a contract or crashes is saved as BUILD/fuzz/TARGET/crash-*,
# its log is BUILD/fuzz/TARGET/log. Prints one line per target (executions, coverage cov/ft,
# corpus size) and exits 1 when any target failed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${BUILD:-$root/build/asan}"
[ $# -eq 2 ] || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
target="$1"
seconds="$2"

targets=()
if [ "$target" = all ]; then
  for d in "$here"/corpus/*/; do targets+=("$(basename "$d")"); done
else
  targets=("$target")
fi
for t in "${targets[@]}"; do
  [ -x "$build/tests/fuzz/fuzz_$t" ] || { echo "no $build/tests/fuzz/fuzz_$t: build the fuzz_targets target of the asan preset" >&2; exit 2; }
done

one() {
  local t="$1" out="$build/fuzz/$1"
  mkdir -p "$out/corpus"
  rm -f "$out"/crash-* "$out"/leak-* "$out"/timeout-* "$out"/oom-*
  # A contract broken or a sanitizer report ends the run; -timeout: one input over 10 s is a
  # finding (quadratic readers); -rss_limit_mb: one over 2 GB too (input size limits).
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}" \
    "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
      -print_final_stats=1 -artifact_prefix="$out/" "$out/corpus" "$here/corpus/$t" >"$out/log" 2>&1
}

summary() {
  local t="$1" log="$build/fuzz/$1/log" status=ok execs cov ft units
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -n1 | cut -d' ' -f2)
  units=$(grep -o 'corp: [0-9]*' "$log" | tail -n1 | cut -d' ' -f2)
  if ls "$build/fuzz/$t"/crash-* "$build/fuzz/$t"/leak-* "$build/fuzz/$t"/timeout-* "$build/fuzz/$t"/oom-* >/dev/null 2>&1 ||
     ! grep -q '^stat::number_of_executed_units' "$log"; then
    status="FAILED (see $log)"
  fi
  printf '%-16s %10s execs  cov %5s  ft %6s  corpus %5s  %s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${units:-?}" "$status"
  [ "$status" = ok ]
}

export -f one
export build here seconds
jobs="${JOBS:-$(nproc)}"
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'one {} || true'
failed=0
for t in "${targets[@]}"; do summary "$t" || failed=1; done
if [ $failed -ne 0 ]; then
  for t in "${targets[@]}"; do
    if grep -q -e 'ERROR: libFuzzer' -e 'fuzz contract broken' -e 'ERROR: AddressSanitizer' -e 'runtime error' "$build/fuzz/$t/log"; then
      echo "--- $t" >&2
      grep -A25 -e 'fuzz contract broken' -e '==ERROR' -e 'runtime error' -e 'ERROR: libFuzzer' "$build/fuzz/$t/log" | head -n 60 >&2
    fi
  done
fi
exit $failed
