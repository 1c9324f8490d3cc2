#!/bin/sh
# The targets pages (issue 14) on a cut of the London demo: the HLE gap
# derived from its inputs against a hand subtraction, the tracker table's
# cells against results/targets.csv, Brent's PM2.5 trajectory against the
# independent fit, and no projection outside its measure's range.
. tests/cli/lib.inc

D=$PWD/fixtures/london
cat > "$TMP/t.conf" <<CONF
[pack]
title = Targets test
output = $TMP/pk
[input.hle]
path = $D/real/ohid_healthy_life_expectancy_london_ltla.csv
role = indicators
layout = mapped
na = NA
set.indicator_id = 90362
column.area_code = area_code
column.area_name = area_name
column.area_type = area_type
column.period = period
column.sex = inequality
column.value = value
[input.pm25_2013]
path = $D/real/laei_lad21_2013_PM25.csv
role = indicators
layout = mapped
set.indicator_id = hg.pm25_annual_mean
set.period = 2013
column.area_code = LAD22CD
column.value = PM25-2013-mean
[input.pm25_2016]
path = $D/real/laei_lad21_2016_PM25.csv
role = indicators
layout = mapped
set.indicator_id = hg.pm25_annual_mean
set.period = 2016
column.area_code = LAD22CD
column.value = PM25-2016-mean
[input.pm25_2019]
path = $D/real/laei_lad21_2019_PM25.csv
role = indicators
layout = mapped
set.indicator_id = hg.pm25_annual_mean
set.period = 2019
column.area_code = LAD22CD
column.value = PM25-2019-mean
[input.tobacco]
path = $D/real/fingertips_tobacco_profile_london_2019.csv
role = indicators
layout = fingertips
[input.lookup_icb]
path = $D/real/london_borough_icb_lookup.csv
role = lookup
[input.targets]
path = $D/real/his_targets.csv
role = targets
[packs]
london = true
icb = E54000027
charts = false
CONF
expect_exit 0 "$HG" run --quiet --timestamp 2024-01-01T00:00:00Z "$TMP/t.conf"
R=$TMP/pk/latest/results/indicators.csv
T=$TMP/pk/latest/results/targets.csv
[ -f "$T" ] || fail "no targets.csv"

# HLE gap (derive/hlegap.c): highest minus lowest borough, by hand from the input file.
H=$D/real/ohid_healthy_life_expectancy_london_ltla.csv
for sex in Female Male; do
  want=$(awk -F, -v s="$sex" '$1 ~ /^E09/ && $4 == "2022 - 24" && $10 == s && $8 != "NA" {
    if (n == 0 || $8 > hi) hi = $8; if (n == 0 || $8 < lo) lo = $8; n++ }
    END {printf "%.6f %d", hi - lo, n}' "$H")
  # 32 boroughs: the City of London has no HLE (NA) in any period.
  [ "${want#* }" = 32 ] || fail "hand subtraction did not see 32 boroughs: $want"
  got=$(grep "^hg.hle_gap_between_areas,[^,]*,E12000007,.*,2022 - 24,[0-9]*,$sex," "$R" | cut -d, -f14)
  [ "$(printf '%.6f' "$got")" = "${want% *}" ] || fail "London HLE gap $sex $got, by hand ${want% *}"
  # North West London: its 8 boroughs (the lookup).
  want=$(awk -F, -v s="$sex" 'NR==FNR {if ($3 == "E54000027") nwl[$1]=1; next}
    ($1 in nwl) && $4 == "2022 - 24" && $10 == s && $8 != "NA" {
    if (n == 0 || $8 > hi) hi = $8; if (n == 0 || $8 < lo) lo = $8; n++ }
    END {printf "%.6f", hi - lo}' "$D/real/london_borough_icb_lookup.csv" "$H")
  got=$(grep "^hg.hle_gap_between_areas,[^,]*,E54000027,.*,2022 - 24,[0-9]*,$sex," "$R" | cut -d, -f14)
  [ "$(printf '%.6f' "$got")" = "$want" ] || fail "NW London HLE gap $sex $got, by hand $want"
done
grep -q '^lu-hle-gap-2030,hg.hle_gap_between_areas,E12000007,Female,,2022 - 24,.*,linear\|^lu-hle-gap-2030,hg.hle_gap_between_areas,E12000007,Female,,2022 - 24,.*,log-linear' "$T" \
  || fail "the HLE gap target has no London row"
grep -q '^hg.hle_gap_between_areas,[^,]*,E92000001,' "$R" && fail "England gap made from London's boroughs only"

# No projected value outside its measure's range.
sed 1d "$T" | awk -F, '$13 == "log-linear" && $16 != "" && $16 <= 0 {n++}
  $13 == "logit" && $16 != "" && ($16 <= 0 || $17 >= 100) {n++} END {exit n > 0}' \
  || fail "a projection outside its range"

P=$TMP/pk/latest/packs
if command -v pdftotext >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1; then
  for f in london icb-E54000027; do
    pdftotext -bbox -f 3 -l 3 "$P/$f.pdf" "$TMP/$f.html"
    n=$(python3 tests/cli/tracker_cells.py "$TMP/$f.html" "$T") || fail "$f tracker: $n"
    [ "${n:-0}" -ge 14 ] || fail "$f tracker: only ${n:-0} cells checked"
  done
  # The page header names the target as defined, not one area's value.
  pdftotext -f 3 -l 3 "$P/london.pdf" - | grep -q 'Healthy life expectancy: up 5 years on 2022 by 2035' \
    || fail "london tracker: HLE rise not named as defined"
  # Brent's PM2.5 to 2030: log-linear fit of 15.855, 13.278, 10.797 (2013, 2016, 2019) is
  # 5.364 (3.144 to 9.153) in tests/data/targets/projection_expected.csv (brent_pm25).
  pdftotext "$P/icb-E54000027.pdf" - | tr '\n' ' ' | grep -q 'Brent 5.4 (3.1 to 9.2)' \
    || fail "Brent PM2.5 trajectory not the reference projection"
fi
finish
