#!/bin/sh
# Runs every unit test binary (build/tests/test_*) and every CLI test script
# (tests/cli/*.sh) from the repository root, and closes with the one line CI
# reads: 'N passed, N failed'.  Exit 1 if anything failed.
BUILD=${BUILD:-build}
export BUILD
export HG_BIN="$PWD/$BUILD/healthgap"
export HG_HOOKS_BIN="$PWD/$BUILD/tests/healthgap-hooks" # with the run's test hooks
# Fontconfig and GLib keep caches for the life of the process; they are not leaks of ours.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
pass=0; fail=0; failed=""
logdir="$BUILD/test-logs"; mkdir -p "$logdir"
for t in "$BUILD"/tests/test_*; do
  [ -x "$t" ] || continue
  case "$t" in *.o|*.d|*/healthgap-hooks) continue;; esac
  name=$(basename "$t")
  if "$t" > "$logdir/$name.log" 2>&1; then
    pass=$((pass+1)); echo "PASS  $name"
  else
    fail=$((fail+1)); failed="$failed $name"; echo "FAIL  $name"; tail -n 30 "$logdir/$name.log"
  fi
done
for t in tests/cli/*.sh; do
  [ -f "$t" ] || continue
  name=$(basename "$t" .sh)
  if sh "$t" > "$logdir/cli-$name.log" 2>&1; then
    pass=$((pass+1)); echo "PASS  cli/$name"
  else
    fail=$((fail+1)); failed="$failed cli/$name"; echo "FAIL  cli/$name"; tail -n 30 "$logdir/cli-$name.log"
  fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
