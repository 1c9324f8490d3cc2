#!/bin/sh
# Real published series (issue 14): PHOF's share of adult deaths attributable to
# PM2.5, 2010-19 by the old method (30101) and 2018-21 by the new one (93861), for
# every borough, London and England, as the ONS UK SDG data (indicator 3.9.1)
# publishes it.  The fixture is the London cut of that file; a run gives back each
# of its 490 values and fits each series' annual change over all of its years (awk
# over the file); and the new-method values agree, to the SDG file's rounding, with
# the GLA's own copy of the indicator (tests/data/real-series/PROVENANCE.md).  And the
# GLA's HIV late diagnosis in London by ethnic group, 2011-13 to 2021-23: its 33 values
# and 95% limits come through, the limits from the sheet's first Lower/Upper CI pair.
. tests/cli/lib.inc

D=$PWD/fixtures/london
F=$D/real/ons_sdg_3-9-1_pm25_attributable_mortality_london.csv
G=$PWD/tests/data/real-series/gla_his_nov2024_pm25_mortality_boroughs.csv
H=$D/real/gla_his_nov2024_hiv_late_diagnosis_london_ethnicity.csv

# The cut, byte for byte as tools/trim_sdg.py makes it from the published file (blob
# 015a258d of ONSdigital/sdg-data; tests/data/real-series/PROVENANCE.md): any edit shows.
want=32d2843505c6e8b4ed21f2245058fea4d23a274dc4a1ccc732f5aa6f43e332d5
[ "$(sha256sum < "$F" | cut -d' ' -f1)" = "$want" ] || fail "the fixture is not the published cut"
# The published header, then London's rows only, one per series, area and year.
head -1 "$F" | tr -d '\r' | grep -qx 'Year,Series,Region,Local authority,Deprivation decile,Observation status,Units,GeoCode,Value' \
  || fail "the fixture's header is not the published one"
tr -d '\r' < "$F" | awk -F, 'NR > 1 {
    n++
    if ($8 !~ /^E09/ && $8 != "E12000007" && $8 != "E92000001") bad++
    if ($5 != "" || $6 != "Normal value" || NF != 9) bad++
    if (seen[$2 FS $8 FS $1]++) bad++
    codes[$8] = 1; years[$2 FS $1] = 1
  }
  END {
    for (c in codes) nc++; for (y in years) ny++
    if (n != 490 || bad || nc != 35 || ny != 14) {
      printf "rows %d, bad %d, areas %d, series-years %d\n", n, bad, nc, ny; exit 1 }
  }' > "$OUT" || fail "the fixture is not the London cut: $(cat "$OUT")"
# The demo reads the file twice, once per method, and knows the old method's indicator.
[ "$(grep -c 'real/ons_sdg_3-9-1_pm25_attributable_mortality_london.csv' "$D/london.conf")" = 2 ] \
  || fail "the demo config does not read the SDG file for both methods"
grep -q '^30101,' "$D/indicator_metadata.csv" || fail "30101 missing from the demo's metadata"
# The HIV sheet as tools/xlsx_sheet_to_csv.py writes it from the workbook (blob 4f2649fe).
want=720c311f301d288a617ec6db7226de39794e5a824cb1a6439c82271a2c8b36e6
[ "$(sha256sum < "$H" | cut -d' ' -f1)" = "$want" ] || fail "the HIV sheet is not the workbook's"
grep -q 'real/gla_his_nov2024_hiv_late_diagnosis_london_ethnicity.csv' "$D/london.conf" \
  || fail "the demo config does not read the HIV sheet"

cat > "$TMP/t.conf" <<CONF
[pack]
title = Real series test
output = $TMP/pk
[input.new_method]
path = $F
role = indicators
layout = mapped
set.indicator_id = 93861
filter.indicator_name = *(new method)
column.indicator_name = Series
column.area_code = GeoCode
column.area_name = Local authority
column.period = Year
column.value = Value
[input.old_method]
path = $F
role = indicators
layout = mapped
set.indicator_id = 30101
filter.indicator_name = *(old method)
column.indicator_name = Series
column.area_code = GeoCode
column.area_name = Local authority
column.period = Year
column.value = Value
[input.hiv]
path = $H
role = indicators
layout = mapped
set.indicator_id = 90791
set.area_code = E12000007
set.area_name = London
set.category_type = Ethnic group
column.category = Ethnic group
column.period = Time Period
column.value = Value
column.lower_ci95 = Lower CI
column.upper_ci95 = Upper CI
[input.meta]
path = $D/indicator_metadata.csv
role = metadata
[input.lookup_icb]
path = $D/real/london_borough_icb_lookup.csv
role = lookup
[packs]
london = false
icb = none
charts = false
[reference]
ethnicity = White British; White
CONF
expect_exit 0 "$HG" run --quiet --timestamp 2024-01-01T00:00:00Z "$TMP/t.conf"
R=$TMP/pk/latest/results/indicators.csv
grep -q 'not in the registry' "$ERR" && fail "an indicator of the file is not in the registry"

# Every value of the file, unchanged, and nothing else for these two indicators.
tr -d '\r' < "$F" | awk -F, 'NR > 1 {
    id = ($2 ~ /\(new method\)$/) ? "93861" : "30101"; print id, $8, $1, $9 }' | sort > "$TMP/want"
grep '^93861,\|^30101,' "$R" | awk -F, '$13 == "" {print $1, $3, $8, $14}' | sort > "$TMP/got"
awk 'NR == FNR {w[$1 FS $2 FS $3] = $4; next}
  {k = $1 FS $2 FS $3; if (!(k in w)) {extra++; next}
   d = $4 - w[k]; if (d < 0) d = -d; if (d > 1e-9) diff++; if (!found[k]++) n++}
  END {for (k in w) if (!(k in found)) missing++
    printf "%d %d %d %d\n", n, missing, extra, diff}' "$TMP/want" "$TMP/got" > "$OUT"
[ "$(cat "$OUT")" = "490 0 0 0" ] || fail "values (matched missing extra different): $(cat "$OUT")"

# Annual change on each series' latest row: the least-squares slope over all of its years.
tr -d '\r' < "$F" | awk -F, 'NR > 1 {
    id = ($2 ~ /\(new method\)$/) ? "93861" : "30101"; k = id " " $8
    n[k]++; sx[k] += $1; sy[k] += $9; sxx[k] += $1 * $1; sxy[k] += $1 * $9 }
  END {for (k in n) printf "%s %.9f\n", k, (n[k]*sxy[k] - sx[k]*sy[k]) / (n[k]*sxx[k] - sx[k]*sx[k])}' \
  | sort > "$TMP/slope_want"
grep '^93861,\|^30101,' "$R" | awk -F, '$13 == "" && $27 != "" {printf "%s %s %.9f\n", $1, $3, $27}' \
  | sort > "$TMP/slope_got"
awk 'NR == FNR {w[$1 FS $2] = $3; next}
  {k = $1 FS $2; d = $3 - w[k]; if (d < 0) d = -d; if (!(k in w) || d > 1e-8) bad++; n++}
  END {printf "%d %d\n", n, bad}' "$TMP/slope_want" "$TMP/slope_got" > "$OUT"
[ "$(cat "$OUT")" = "70 0" ] || fail "annual change (series, wrong): $(cat "$OUT")"

# A second publisher of the new method: the GLA's Health Inequalities Strategy workbook
# (unrounded) against the SDG file (two decimals), borough by borough, 2018-2021.
tr -d '\r' < "$F" | awk -F, -v g="$G" 'BEGIN {
    while ((getline l < g) > 0) {split(l, c, ","); v[c[2] FS c[1]] = c[3]} }
  NR > 1 && $2 ~ /\(new method\)$/ && $8 ~ /^E09/ {
    k = $4 FS $1; if (!(k in v)) {missing++; next}
    d = $9 - v[k]; if (d < 0) d = -d; if (d > 0.005 + 1e-9) far++; n++ }
  END {printf "%d %d %d\n", n, missing, far}' > "$OUT"
[ "$(cat "$OUT")" = "132 0 0" ] || fail "SDG against GLA (pairs missing beyond-rounding): $(cat "$OUT")"
# HIV: period, group, value and limits as in the sheet; the sheet's error bars (its second
# Lower CI / Upper CI pair) are value minus lower and upper minus value, so the limits read
# are the first pair.  33 rows: 11 periods, 3 groups.
awk -F, 'NR > 1 {printf "%s|%s;%s;%s;%s\n", $1, $2, $3, $4, $5}' "$H" | sort > "$TMP/hiv_want"
awk -F, '$1 == "90791" && $3 == "E12000007" && $12 == "Ethnic group" {
    printf "%s|%s;%s;%s;%s\n", $8, $13, $14, $15, $16}' "$R" | sort > "$TMP/hiv_got"
awk -F';' 'NR == FNR {w[$1] = $0; next}
  {split($0, b, ";"); k = b[1]; if (!(k in w)) {bad++; next}; split(w[k], a, ";")
   for (i = 2; i <= 4; i++) {d = b[i] - a[i]; if (d < 0) d = -d; if (d > 1e-9) bad++}; n++}
  END {printf "%d %d\n", n, bad}' "$TMP/hiv_want" "$TMP/hiv_got" > "$OUT"
[ "$(cat "$OUT")" = "33 0" ] || fail "HIV by ethnic group (rows, wrong): $(cat "$OUT")"
awk -F, 'NR > 1 {d1 = $3 - $4 - $6; d2 = $5 - $3 - $7; if (d1 < 0) d1 = -d1; if (d2 < 0) d2 = -d2
  if (d1 > 1e-6 || d2 > 1e-6 || $4 >= $3 || $5 <= $3) bad++} END {exit bad > 0}' "$H" \
  || fail "the HIV sheet's second CI pair is not the error bars"
# The Strategy's HIV gap, Black African minus White: the sheet has no White British, so
# the reference is the second of the list; the GLA's own column of the gap (the sheet's
# last, on its White rows) is the independent value.
awk -F, 'NR > 1 && $2 == "White" {print $1, $8}' "$H" | sort > "$TMP/gap_want"
awk -F, '$1 == "90791" && $6 == "diff_vs_ref" && $7 == "Black African" && $8 == "White" {
    print $3, $9}' "$TMP/pk/latest/results/inequalities.csv" | sed 's/ - /-/' | sort > "$TMP/gap_got"
sed -i 's/ - /-/' "$TMP/gap_want"
awk 'NR == FNR {w[$1] = $2; next}
  {if (!($1 in w)) {bad++; next}; d = $2 - w[$1]; if (d < 0) d = -d; if (d > 1e-9) bad++; n++}
  END {printf "%d %d\n", n, bad}' "$TMP/gap_want" "$TMP/gap_got" > "$OUT"
[ "$(cat "$OUT")" = "11 0" ] || fail "HIV gap Black African - White (periods, wrong): $(cat "$OUT")"
finish
