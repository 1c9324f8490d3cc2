#!/bin/sh
# Every fuzz target (fuzz/fuzz_*.c: the Fingertips/tidy readers, the mapped
# reader, the config parser, the period parser, `stat dsr` read without a table
# against the table, the table's own splitter against libcsv) built with libFuzzer, ASan and
# UBSan and run briefly on its kept corpus (fuzz/corpus/), as CI's share of
# `make fuzz` (which runs them for as long as FUZZ_SECONDS says).  clang and
# its runtime come with `make deps`.
. tests/cli/lib.inc
command -v clang > /dev/null || { fail "clang not found: run make deps"; finish; }
SECS=${FUZZ_SMOKE_SECONDS:-10}
if ! make --no-print-directory fuzz FUZZ_SECONDS="$SECS" > "$OUT" 2>&1; then
  fail "make fuzz failed"
  grep -E "ERROR|SUMMARY|==[0-9]+==" "$OUT" | head -20 >&2
fi
targets=$(ls fuzz/fuzz_*.c | wc -l)
done_runs=$(grep -c '^Done [0-9]* runs' "$OUT")
[ "$done_runs" -eq "$targets" ] || fail "$done_runs of $targets fuzz targets ran to the end"
finish
