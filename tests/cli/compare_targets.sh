#!/bin/sh
# healthgap compare on a tidy series (GLA LAEI PM2.5 by borough, 2013/2016/2019,
# OGL; tests/data/benchmark/PROVENANCE.md): targets and changes since a run.
. tests/cli/lib.inc
D=tests/data/benchmark
F=$D/laei_pm25_boroughs_tidy.csv

expect_exit 0 "$HG" compare --targets fixtures/targets.csv --targets-out "$TMP/targets.csv" "$F"
[ "$(($(wc -l < "$OUT") - 1))" -eq 99 ] || fail "indicators rows"
# 33 boroughs x 3 PM2.5 targets for boroughs (London HIS 2030, England 2040, WHO guideline)
[ "$(($(wc -l < "$TMP/targets.csv") - 1))" -eq 99 ] || fail "targets rows"
head -1 "$TMP/targets.csv" | grep -q 'target_id,indicator_id,area_code,latest_period,latest_value,target_value,target_year,rag,projected_value,projected_lower,projected_upper,status' \
  || fail "targets header"
# Every borough is above the WHO 5 ug/m3 guideline in 2019 (LAEI minimum mean > 5).
[ "$(grep -c '^who-pm25-guideline,.*,Red,.*,off track' "$TMP/targets.csv")" -eq 33 ] || fail "WHO rows"
# Barking and Dagenham 2019: 10.314 > 10 (LAEI), so the 2030 goal is Red today.
grep -q '^his-pm25-2030,hg.pm25_annual_mean,E09000002,2019,10.314,10,2030,Red,' "$TMP/targets.csv" \
  || fail "B&D HIS row"
bad=$(sed 1d "$TMP/targets.csv" | grep -vcE ',(achieved|on track|off track|not enough data).$')
[ "$bad" -eq 0 ] || fail "unknown status words"
# Each series' latest row carries the first applicable target (his-pm25-2030).
[ "$(grep -c ',his-pm25-2030,' "$OUT")" -eq 33 ] || fail "target_id on latest rows"

# Previous run without 2019: 33 new periods, and the target status column moves.
grep -v ',2019,' "$F" > "$TMP/old.csv"
expect_exit 0 "$HG" compare --targets fixtures/targets.csv "$TMP/old.csv"
cp "$OUT" "$TMP/prev.csv"
expect_exit 0 "$HG" compare --targets fixtures/targets.csv --previous "$TMP/prev.csv" \
  --changes-out "$TMP/changes.csv" "$F"
[ "$(grep -c '^new_period,hg.pm25_annual_mean,E09' "$TMP/changes.csv")" -eq 33 ] || fail "new periods"
grep -q '^removed' "$TMP/changes.csv" && fail "nothing was removed"
finish
