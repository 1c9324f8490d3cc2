#!/bin/sh
# Runs each benchmark binary given; each prints its own figures as ratios
# against a baseline measured in the same run (the machines are shared and noisy).
# HG_BENCH_CALLGRIND=1 adds the instruction-count ratios (bench/callgrind_ratio.sh,
# about a minute), the figures to quote when CPU time is not to be trusted.
# HG_BENCH_LSOA=1 adds bench_run's England LSOA run (6.6 million generated rows, minutes,
# about 2.3 GB of disk; docs/run.md, Scale).
status=0
for b in "$@"; do
  echo "== $(basename "$b")"
  "$b" || status=1
done
if [ "${HG_BENCH_CALLGRIND:-0}" = 1 ]; then
  echo "== callgrind_ratio"
  sh bench/callgrind_ratio.sh "${BUILD:-build}" || status=1
fi
exit $status
