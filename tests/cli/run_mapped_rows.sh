#!/bin/sh
# Issue 18: every row of a mapped input is accounted for.  An unclosed quote on
# line 3 of a 20,002-line file used to swallow the 20,000 rows below it into one
# area name (2 rows read, exit 0); a row `,6` (a value without its code)
# vanished; rows removed by filter.* rules were counted nowhere.  Now:
# read = accepted + rejected + filtered, in the summary and the manifest.
. tests/cli/lib.inc
P=$TMP/pack; mkdir -p "$P"
awk 'BEGIN { print "Area Code,Area Name,Value"; print "E09000001,City,5"; print "E09000002,\"oops,6"
             for (i = 0; i < 19999; i++) printf "E0%07d,Name %d,%d\n", 1000000 + i, i, i % 97
             print ",6" }' > "$P/a.csv"
printf 'Area Code,Value\nE09000003,5\nW06000001,7\n\nSource: ONS\n' > "$P/b.csv"
cat > "$P/pack.conf" <<'CONF'
[pack]
title = Mapped rows
output = out

[input.a]
path = a.csv
role = indicators
layout = mapped
column.area_code = Area Code
column.area_name = Area Name
column.value = Value
set.indicator_id = hg.a
set.period = 2019

[input.b]
path = b.csv
role = indicators
layout = mapped
column.area_code = Area Code
column.value = Value
set.indicator_id = hg.b
set.period = 2019
filter.area_code = E*

[packs]
london = false
icb = none
CONF
expect_exit 0 "$HG" run --timestamp 2024-01-01T00:00:00Z "$P/pack.conf"
grep -q "rows       20005 read, 20001 accepted, 2 rejected, 2 filtered out" "$OUT" \
  || fail "counts: $(grep rows "$OUT")"
R=$P/out/latest
grep -q '^a.csv,3,Area Name,unclosed_quote,"E09000002,""oops,6",' "$R/rejects.csv" \
  || fail "unclosed quote not rejected at a.csv:3: $(head -3 "$R/rejects.csv")"
grep -q '^a.csv,20003,area_code,missing_key,",6",' "$R/rejects.csv" \
  || fail "',6' not a missing_key reject: $(cat "$R/rejects.csv")"
[ "$(grep -c '^hg.a,' "$R/results/indicators.csv")" -eq 20000 ] \
  || fail "hg.a rows: $(grep -c '^hg.a,' "$R/results/indicators.csv"), want 20000"
awk 'length($0) > 2000 { bad = 1 } END { exit bad }' "$R/results/indicators.csv" \
  || fail "a result row holds a swallowed file"
grep -q '"rows_filtered" *: *2' "$R/manifest.json" || fail "manifest lacks rows_filtered"
# Issue 18: a proportion (92443, a built-in proportion) whose count is above
# its denominator is rejected, in the tidy and in the mapped layout.
Q=$TMP/prop; mkdir -p "$Q"
printf 'indicator_id,area_code,period,value,count,denominator\n92443,E09000001,2019,5,10,200\n92443,E09000002,2019,150,300,200\n' > "$Q/t.csv"
printf 'Code,Count,Denominator\nE09000003,10,200\nE09000004,201,200\n' > "$Q/m.csv"
cat > "$Q/pack.conf" <<'CONF'
[pack]
title = Proportions
output = out

[input.tidy]
path = t.csv
role = indicators

[input.mapped]
path = m.csv
role = indicators
layout = mapped
column.area_code = Code
column.count = Count
column.denominator = Denominator
set.indicator_id = 92443
set.period = 2018

[packs]
london = false
icb = none
CONF
expect_exit 0 "$HG" run --timestamp 2024-01-01T00:00:00Z "$Q/pack.conf"
grep -q "rows       4 read, 2 accepted, 2 rejected, 0 filtered out" "$OUT" \
  || fail "proportion counts: $(grep rows "$OUT")"
R=$Q/out/latest
grep -q '^t.csv,3,count,count_above_denominator,' "$R/rejects.csv" \
  || fail "tidy count above denominator kept: $(cat "$R/rejects.csv")"
grep -q '^m.csv,3,count,count_above_denominator,' "$R/rejects.csv" \
  || fail "mapped count above denominator kept: $(cat "$R/rejects.csv")"
grep -q 'E09000004' "$R/results/indicators.csv" && fail "E09000004 published"
finish
