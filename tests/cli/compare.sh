#!/bin/sh
# healthgap compare: CLI contract and Fingertips' own comparison labels on the
# raw tobacco export (OHID Fingertips, OGL v3; tests/data/benchmark/PROVENANCE.md).
. tests/cli/lib.inc
D=tests/data/benchmark
F=$D/fingertips_tobacco_profile_london_2019.csv

expect_exit 0 "$HG" compare --help
grep -q '^Usage: healthgap compare' "$OUT" || fail "--help: no usage line"
grep -q 'Examples:' "$OUT" || fail "--help: no examples"
expect_exit 2 "$HG" compare
grep -q "Try 'healthgap compare --help'" "$ERR" || fail "missing FILE: no Try line"
expect_exit 2 "$HG" compare --trend-rule sideways "$F"
expect_exit 2 "$HG" compare --previous x.csv "$F"
expect_exit 1 "$HG" compare "$TMP/nope.csv"

expect_exit 0 "$HG" compare "$F"
n=$(($(wc -l < "$OUT") - 1))
[ "$n" -eq 245 ] || fail "compare: $n rows, want 245"
head -c 3 "$OUT" | od -An -tx1 | grep -q 'ef bb bf' || fail "compare: no BOM"
# Barking and Dagenham, current smokers (APS) 2019: Fingertips says Similar to
# England, Worse than London; ex-smokers are not compared (polarity not applicable).
grep -q '^92443,.*,E09000002,.*,Similar,Worse,,' "$OUT" || fail "92443 E09000002 labels"
grep -q '^92534,.*,E09000002,.*,Not compared,Not compared,,' "$OUT" || fail "92534 not compared"
# England is never compared with itself.
grep -q '^92443,.*,E92000001,.*,18+ yrs,,,.*,,,,,Cannot be calculated' "$OUT" || fail "England row"
cp "$OUT" "$TMP/prev.csv"

# Changes against itself: nothing changed.
expect_exit 0 "$HG" compare --previous "$TMP/prev.csv" --changes-out "$TMP/changes.csv" "$F"
[ "$(wc -l < "$TMP/changes.csv")" -eq 1 ] || fail "changes against itself not empty"

# ICB lookup: no ICB rows in the file, so no ICB comparison, but icb_code filled.
printf 'LA_code,ICB_code\nE09000002,E54000029\n' > "$TMP/lk.csv"
expect_exit 0 "$HG" compare --lookup "$TMP/lk.csv" "$F"
grep -q '^92443,.*,E09000002,.*,E12000007,E54000029,2019,' "$OUT" || fail "icb_code from lookup"

# Registry listing and override errors name file, line and column.
expect_exit 0 "$HG" compare --list-indicators
grep -q '^92538,.*,RAG - High is good,ci95,' "$OUT" || fail "--list-indicators"
printf 'indicator_id,polarity\n92443,sideways\n' > "$TMP/ind.csv"
expect_exit 1 "$HG" compare --indicators "$TMP/ind.csv" "$F"
grep -q "ind.csv:2: column 'polarity'" "$ERR" || fail "bad registry override message"

# Issue 18: OWASP's guard on CSV cells (an apostrophe before = + - @), which
# machine readers turn off with --raw-csv ([pack] csv_guard = false in a run).
printf 'indicator_id,indicator_name,area_code,area_name,period,value\nhg.x,=SUM(1),E09000001,@evil,2019,5\n' > "$TMP/f.csv"
expect_exit 0 "$HG" compare "$TMP/f.csv"
grep -q "^hg.x,'=SUM(1),E09000001,'@evil," "$OUT" || fail "formula guard: $(tail -1 "$OUT")"
expect_exit 0 "$HG" --raw-csv compare "$TMP/f.csv"
grep -q "^hg.x,=SUM(1),E09000001,@evil," "$OUT" || fail "--raw-csv: $(tail -1 "$OUT")"
P=$TMP/raw; mkdir -p "$P"
for g in true false; do
  printf '[pack]\ntitle = t\noutput = out-%s\ncsv_guard = %s\n\n[packs]\nlondon = false\nicb = none\n\n[input.f]\npath = %s\nrole = indicators\nlayout = tidy\n' "$g" "$g" "$TMP/f.csv" > "$P/$g.conf"
  expect_exit 0 "$HG" run --quiet --timestamp 2026-01-01T00:00:00Z "$P/$g.conf"
done
grep -q "'=SUM(1)" "$P/out-true/latest/results/indicators.csv" || fail "run: csv_guard = true did not guard"
grep -q ",=SUM(1)," "$P/out-false/latest/results/indicators.csv" || fail "run: csv_guard = false still guarded"
# every row rejected: nothing to compare, said, exit 1 (it printed a header, exit 0)
printf 'indicator_id,indicator_name,area_code,area_name,period,value\nhg.x,"a"b,E09000001,x,2019,5\n' > "$TMP/g.csv"
expect_exit 1 "$HG" compare "$TMP/g.csv"
grep -q "nothing to compare: every row was rejected" "$ERR" || fail "compare, all rejected: $(cat "$ERR")"
finish
