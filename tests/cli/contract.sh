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
# Options may follow the operands in every command (GNU getopt permutes):
# run and merge once reset getopt so that '-o' after a folder was read as one.
expect_exit 2 "$HG" run no-such.conf --no-such-option
grep -q "no-such-option" "$ERR" || fail "run: an option after the config not read as an option"
expect_exit 1 "$HG" merge "$TMP" -o "$TMP/merged"
grep -q "Try 'healthgap --help'" "$ERR" && fail "merge: -o after a shard taken for an operand"
expect_exit 2 "$HG" validate no-such.csv --no-such-option
grep -q "no-such-option" "$ERR" || fail "validate: an option after the file not read as an option"
if [ -w /dev/full ]; then
  "$HG" --help > /dev/full 2> "$ERR"; rc=$?
  [ $rc -eq 1 ] || fail "--help > /dev/full exited $rc, want 1"
  grep -q 'write error' "$ERR" || fail "/dev/full: no write error message"
fi
finish
