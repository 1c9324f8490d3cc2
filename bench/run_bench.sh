#!/bin/sh
# Runs each benchmark binary given; each prints its own figures as ratios
# against a baseline measured in the same run (the machines are shared and noisy).
status=0
for b in "$@"; do
  echo "== $(basename "$b")"
  "$b" || status=1
done
exit $status
