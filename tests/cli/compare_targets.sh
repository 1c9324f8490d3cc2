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
head -1 "$TMP/targets.csv" | grep -q 'target_id,indicator_id,area_code,sex,age,baseline_period,baseline_value,latest_period,latest_value,target_value,target_year,rag,method,projected_value,projected_lower,projected_upper,years_to_target,status,reason' \
  || fail "targets header"
# Every borough is above the WHO 5 ug/m3 guideline in 2019 (LAEI minimum mean > 5).
[ "$(grep -c '^who-pm25-guideline,.*,Red,log-linear,.*,off track,no target year: not met' "$TMP/targets.csv")" -eq 33 ] \
  || fail "WHO rows"
# Barking and Dagenham 2019: 10.314 > 10 (LAEI), so the 2030 goal is Red today; log-linear from
# 2013's 15.469, its 2030 interval (3.8 to 6.3) is below 10: on track.
grep -q '^his-pm25-2030,hg.pm25_annual_mean,E09000002,Persons,All ages,2013,15.469,2019,10.314,10,2030,Red,log-linear,4.917[0-9]*,3.81[0-9]*,6.33[0-9]*,0.457[0-9]*,on track,.$' "$TMP/targets.csv" \
  || fail "B&D HIS row"
# City of London: no longer projected below zero (7.42, 3.60 to 15.30 in 2030, as the
# independent fit in tests/data/targets/projection_expected.csv); 2040 is beyond twice LAEI's
# 6-year span.
grep -q '^his-pm25-2030,hg.pm25_annual_mean,E09000001,.*,log-linear,7.423[0-9]*,3.60[0-9]*,15.30[0-9]*,5.365[0-9]*,at risk,.$' "$TMP/targets.csv" \
  || fail "City HIS row"
grep -q '^env-act-pm25-2040,hg.pm25_annual_mean,E09000001,.*,not enough data,target year more than 2 times the observed span beyond the latest point' "$TMP/targets.csv" \
  || fail "City 2040 row"
# No projected value or limit at or below zero (columns 14-16).
sed 1d "$TMP/targets.csv" | awk -F, '$14 != "" && ($14 <= 0 || $15 <= 0 || $16 <= 0) {n++} END {exit n > 0}' \
  || fail "a projection at or below zero"
bad=$(sed 1d "$TMP/targets.csv" | awk -F, '$18 !~ /^(achieved|on track|at risk|off track|not enough data)$/' | wc -l)
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
