#!/bin/sh
# CLI contract (datamash style): --help on stdout, --version, usage errors exit 2
# with "Try 'healthgap --help'" on stderr, and a failed write to stdout exits 1.
. tests/cli/lib.inc

expect_exit 0 "$HG" --help
grep -q '^Usage: healthgap' "$OUT" || fail "--help: no usage line on stdout"
grep -q 'Examples:' "$OUT" || fail "--help: no examples"
expect_exit 0 "$HG" --version
grep -q '^healthgap [0-9]' "$OUT" || fail "--version: no version"
expect_exit 2 "$HG" --no-such-option
grep -q "Try 'healthgap --help'" "$ERR" || fail "unknown option: no Try line on stderr"
[ -s "$OUT" ] && fail "unknown option wrote to stdout"
expect_exit 2 "$HG"
expect_exit 2 "$HG" frobnicate
grep -q "unknown command 'frobnicate'" "$ERR" || fail "unknown command not named"
if [ -w /dev/full ]; then
  "$HG" --help > /dev/full 2> "$ERR"; rc=$?
  [ $rc -eq 1 ] || fail "--help > /dev/full exited $rc, want 1"
  grep -q 'write error' "$ERR" || fail "/dev/full: no write error message"
fi
finish
