#!/bin/sh
# healthgap stat: the command contract (help, usage errors exit 2, data errors exit 1, stdin).
. tests/cli/lib.inc
D=tests/data/phe
expect_exit 0 "$HG" stat --help
grep -q 'Examples:' "$OUT" || fail "stat --help: no examples"
for m in proportion rate mean dsr israte isratio funnel-limits funnel-significance funnel-points; do
  grep -q "^  $m " "$OUT" || fail "stat --help does not list $m"
done
expect_exit 0 "$HG" stat dsr --help
grep -q -- '--independent-events' "$OUT" || fail "dsr --help: no --independent-events"
grep -q -- '--stdpop-builtin' "$OUT" || fail "dsr --help: no --stdpop-builtin"
expect_exit 2 "$HG" stat
expect_exit 2 "$HG" stat frobnicate x.csv
grep -q "unknown method 'frobnicate'" "$ERR" || fail "unknown method not named"
grep -q "Try 'healthgap stat --help'" "$ERR" || fail "no Try line"
expect_exit 2 "$HG" stat rate --x x --n n
expect_exit 2 "$HG" stat rate --bogus 1 x.csv
expect_exit 2 "$HG" stat rate --x x a.csv b.csv
expect_exit 1 "$HG" stat rate --x x --n n "$TMP/does-not-exist.csv"
printf 'x,n\n1,abc\n' > "$TMP/nan.csv"
expect_exit 1 "$HG" stat rate --x x --n n "$TMP/nan.csv"
grep -q "nan.csv:2: column 'n': not a number: 'abc'" "$ERR" || fail "not-a-number message"
expect_exit 1 "$HG" stat rate --x x "$TMP/nan.csv"
grep -q "function phe_rate requires at least 3 arguments: data, x, n" "$ERR" || fail "missing n message"
# stdin, no BOM, CRLF rows.
printf 'x,n\n5,100\n' | "$HG" stat rate --x x --n n --type value - > "$OUT" 2> "$ERR" || fail "stdin run"
[ "$(head -c 3 "$OUT" | od -An -tx1 | tr -d ' ')" != "efbbbf" ] || fail "BOM on stdout"
[ "$(tr -d '\r' < "$OUT")" = "$(printf 'x,n,value\n5,100,5000')" ] || fail "value-only output: $(cat "$OUT")"
finish
