#!/bin/sh
# results/ethnicity.csv (derive/ethnicity.c) and results/completeness.csv
# (analyse/completeness.c) on real files: Census 2021 TS021 by LSOA21 (Nomis,
# London), the Census 2021 NW London borough file, and OHID Fingertips England
# values by ethnic group (tests/data/ethnicity).  Expected figures are summed
# here with awk from those files, never taken from our output.
. tests/cli/lib.inc

D=$PWD/fixtures/london
E=$PWD/tests/data/ethnicity
H=$PWD/fixtures/london/ethnicity_harmonisation.csv
printf 'area_code,area_name,ethnic_group,value\nE09000005,Brent,White British,10\nE09000005,Brent,Martian,5\n' > "$TMP/odd.csv"
cat > "$TMP/e.conf" <<CONF
[pack]
output = $TMP/pk
unknown_share_max = 0.01
[input.lookup_lsoa11]
path = $D/real/ons_lsoa11_msoa11_lad17_london_lookup.csv
role = lookup
[input.lookup_icb]
path = $D/real/london_borough_icb_lookup.csv
role = lookup
[input.harmonisation]
path = $H
role = lookup
[input.ts021]
path = $D/real/census2021_ts021_ethnic_group_lsoa21_london_nomis.csv
role = population
layout = mapped
skip_rows = 6
[input.nwl]
path = $D/real/census2021_ethnic_group_nwl_boroughs_harmonised.csv
role = population
[input.odd]
path = $TMP/odd.csv
role = population
[input.not_stated]
path = $E/not_stated_breakdown.csv
role = indicators
[input.fingertips]
path = $E/fingertips_england_ethnic_breakdowns.csv
role = indicators
layout = mapped
column.indicator_id = IndicatorId
column.period = Year
column.area_code = AreaCode
column.count = Count
column.value = Value
column.lower_ci95 = LowerCI
column.upper_ci95 = UpperCI
column.denominator = Denominator
column.sex = Sex
column.age = Age
column.category = CategoryType
column.category_type = Category
[packs]
london = false
icb = none
charts = false
CONF
expect_exit 0 "$HG" run --quiet --timestamp 2024-01-01T00:00:00Z "$TMP/e.conf"
R=$TMP/pk/latest/results/ethnicity.csv
C=$TMP/pk/latest/results/completeness.csv
[ -f "$R" ] && [ -f "$C" ] || { fail "no ethnicity.csv or completeness.csv"; finish; }

# 1. TS021: every LSOA's five groups summed per borough (borough = the LSOA
# name less its last word) and for London; the file's own total column too.
awk '{ sub(/\r$/, "") } /^"[^"]*","E01/ { line = $0; name = line; sub(/^"/, "", name); sub(/",.*/, "", name)
    sub(/ [^ ]*$/, "", name); sub(/^"[^"]*","E01[0-9]*",/, "", line); split(line, v, ",")
    tot[name] += v[1]; grp[name] += v[2] + v[3] + v[4] + v[5] + v[6]; L += v[1]; G += v[2] + v[3] + v[4] + v[5] + v[6] }
  END { for (n in tot) print n, grp[n], tot[n]; print "LONDON", G, L }' \
  "$D/real/census2021_ts021_ethnic_group_lsoa21_london_nomis.csv" | sort > "$TMP/want_ts"
[ "$(wc -l < "$TMP/want_ts")" -eq 34 ] || fail "want 33 boroughs + London from TS021, got $(wc -l < "$TMP/want_ts")"
grep -q '^LONDON 8799810 8799810$' "$TMP/want_ts" || fail "TS021 London total: $(grep LONDON "$TMP/want_ts")"
# ours: area_name, area_total, published_total of the broad White row of each borough and London
awk -F, '{ sub(/\r$/, "") } $1 == "ts021" && $5 == "broad" && $6 == "White" && ($4 == "LAD" || $4 == "Region") {
    n = ($4 == "Region") ? "LONDON" : $3; print n, $9, $10 }' "$R" | sort > "$TMP/got_ts"
diff "$TMP/want_ts" "$TMP/got_ts" > "$TMP/d" || fail "TS021 borough totals differ: $(head -4 "$TMP/d")"
# Groups sum to the published total in every area (the census file's totals).
awk -F, '{ sub(/\r$/, "") } $5 == "broad" && $6 == "White" && $10 != "" && $9 != $10 { print; bad = 1 } END { exit bad }' "$R" \
  || fail "an area's groups do not sum to the file's total"

# 2. NW London: the groups of each borough against its borough_total.
awk -F, 'NR > 1 { s[$6] += $13; t[$6] = $14 } END { for (c in s) print c, s[c], t[c] }' \
  "$D/real/census2021_ethnic_group_nwl_boroughs_harmonised.csv" | sort > "$TMP/want_nwl"
awk -F, '{ sub(/\r$/, "") } $1 == "nwl" && $5 == "broad" && $6 == "White" { print $2, $9, $10 }' "$R" \
  | sort > "$TMP/got_nwl"
diff "$TMP/want_nwl" "$TMP/got_nwl" > "$TMP/d" || fail "NWL totals differ: $(head -4 "$TMP/d")"
grep -q '^nwl,E09000005,Brent,LAD,detailed,"Black, Black British, Black Welsh, Caribbean or African: African",31070,' "$R" \
  || fail "Brent Black African (detailed) missing"

# 3. Unmapped labels are reported, not dropped.
grep -q '^odd,E09000005,Brent,LAD,unmapped,Martian,5,33\.3' "$R" || fail "unmapped row: $(grep ^odd "$R")"
grep -q "ethnicity: .*odd.csv: label(s) not in the harmonisation table: 'Martian'" \
  "$TMP/pk/latest/manifest.json" || fail "no warning for the unmapped label"

# 4. Every ethnicity label of the shipped inputs is in the table (words only,
# case-folded, as the engine matches), checked here independently.
norm='function norm(s) { s = tolower(s); gsub(/[^a-z0-9]+/, " ", s); sub(/^ /, "", s); sub(/ $/, "", s); return s }'
{ sed -n 8p "$D/real/census2021_ts021_ethnic_group_lsoa21_london_nomis.csv" | tr -d '\r' \
    | awk -F'","' '{ for (i = 3; i <= NF; i++) { gsub(/"/, "", $i); print $i } }'
  awk -F, 'NR > 1 { print $10 }' "$D/real/census2021_ethnic_group_nwl_boroughs_harmonised.csv"
  awk -F, 'NR > 1 { print $10 }' "$D/synth/synthetic_ethnic_group_indicators_boroughs.csv"
  awk -F, 'NR > 1 { print $14 }' \
    "$E/fingertips_england_ethnic_breakdowns.csv"
  awk -F, 'NR > 1 { print $2 }' "$D/real/gla_his_nov2024_hiv_late_diagnosis_london_ethnicity.csv"
} | sort -u > "$TMP/labels"
[ "$(wc -l < "$TMP/labels")" -ge 30 ] || fail "too few labels found: $(wc -l < "$TMP/labels")"
awk -F'"' "$norm"' NR == FNR { if (FNR > 1) { l = $0; if (l ~ /^"/) l = $2; else sub(/,.*/, "", l); have[norm(l)] = 1 } next }
  !(norm($0) in have) { print "not in the table: " $0; bad = 1 } END { exit bad }' "$H" "$TMP/labels" > "$TMP/d" \
  || fail "$(cat "$TMP/d")"

# 5. Completeness: a hand-checkable breakdown (tests/data/ethnicity/
# not_stated_breakdown.csv): 2021 500 of 2,000 not stated or unknown = 25%,
# above 1%; 2022 10 of 2,000 = 0.5%, within.
grep -q '^hg.test_ethnic,E09000005,Brent,2021,Persons,18+ yrs,Ethnic group,4,denominator,2000,500,25,1,above,Not stated; Unknown,' "$C" \
  || fail "2021 completeness: $(grep '^hg.test_ethnic.*2021' "$C")"
grep -q '^hg.test_ethnic,E09000005,Brent,2022,Persons,18+ yrs,Ethnic group,3,denominator,2000,10,0.5,1,within,Not known,' "$C" \
  || fail "2022 completeness: $(grep '^hg.test_ethnic.*2022' "$C")"
# The Fingertips "(w unknown)" breakdowns publish values only: no share, a note.
grep -q '^92026,E92000001,.*Ethnic groups (w unknown),[0-9]*,,,,,1,,Not known/Not stated,a category has no count' "$C" \
  || fail "Fingertips breakdown without counts: $(grep '(w unknown)' "$C" | head -1)"
grep -q 'completeness: 1 breakdown(s) with more than 1% not stated' "$TMP/pk/latest/manifest.json" \
  || fail "no completeness warning"
finish
