#!/bin/sh
# healthgap validate: counts on a good file, exit codes, error messages with
# file:line:column, --strict, --rejects content, usage errors.
. tests/cli/lib.inc
REAL=tests/data/ingest/fingertips_tobacco_profile_london_2019.csv

expect_exit 0 "$HG" validate "$REAL"
for want in 'format: fingertips' 'rows read: 245' 'accepted: 245' 'rejected: 0' \
            'indicators: 7' 'areas: 35' 'sexes: 1'; do
  grep -qx "$want" "$OUT" || fail "good file: no line '$want'"
done
[ -s "$ERR" ] && fail "good file wrote to stderr"

expect_exit 1 "$HG" validate fixtures/no-such-file.csv
grep -q "^healthgap: fixtures/no-such-file.csv: no such file$" "$ERR" \
  || fail "missing file: message"

expect_exit 0 "$HG" validate fixtures/non-number.csv
grep -qx "healthgap: fixtures/non-number.csv:3: column 'Value': not a number: 'abc'" "$ERR" \
  || fail "bad number: message"
grep -q "non-number.csv:4:" "$ERR" && fail "thousands separator in a Fingertips count refused"
grep -qx 'rejected not_a_number: 2' "$OUT" || fail "bad number: count by reason"

expect_exit 1 "$HG" validate --strict fixtures/non-number.csv
expect_exit 0 "$HG" validate --strict fixtures/crlf.csv

expect_exit 0 "$HG" validate --rejects "$TMP/rejects.csv" fixtures/lower-above-upper.csv fixtures/tidy-counts-only.csv
printf '\357\273\277file,line,column,reason,raw,message\r\n' > "$TMP/want-head"
head -n 1 "$TMP/rejects.csv" | cmp -s - "$TMP/want-head" || fail "rejects: header (with BOM)"
[ "$(wc -l < "$TMP/rejects.csv")" -eq 6 ] || fail "rejects: want header + 5 rows"
grep -q '^fixtures/lower-above-upper.csv,3,Lower CI 95.0 limit,limits_order,"""92443"",""Smoking prevalence in adults (18+)"",""E12000007"",' "$TMP/rejects.csv" \
  || fail "rejects: limits row"
grep -q '^fixtures/tidy-counts-only.csv,3,count,not_a_number,"93085,E09000002,2019/20,NA,340,",not a number: .NA.' "$TMP/rejects.csv" \
  || fail "rejects: NA row"
grep -qx 'file: fixtures/tidy-counts-only.csv' "$OUT" || fail "two files: second file not reported"
# One store for all files: a key seen in an earlier file is a duplicate.
expect_exit 0 "$HG" validate fixtures/crlf.csv fixtures/bom-utf8.csv
grep -qx 'rejected duplicate_key: 2' "$OUT" || fail "duplicates across files"

expect_exit 1 "$HG" validate fixtures/latin1.csv
grep -q "fixtures/latin1.csv:3: column 'Area Name': not valid UTF-8" "$ERR" || fail "latin1: message"
expect_exit 1 "$HG" validate fixtures/empty.csv

expect_exit 0 "$HG" validate --format tidy fixtures/tidy-any-order.csv
grep -qx 'unknown columns: source_system' "$OUT" || fail "tidy: unknown columns"

expect_exit 2 "$HG" validate --no-such-option fixtures/crlf.csv
grep -q "Try 'healthgap validate --help'" "$ERR" || fail "unknown option: Try line"
expect_exit 2 "$HG" validate --format xml fixtures/crlf.csv
expect_exit 2 "$HG" validate
expect_exit 0 "$HG" validate --help
grep -q '^Usage: healthgap validate' "$OUT" || fail "--help: usage"
grep -q 'Examples:' "$OUT" || fail "--help: examples"
finish
