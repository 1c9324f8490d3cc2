#!/bin/sh
# The inequality pages (issue 13): `gaps --by arriaga` against an area summed
# from its members' counts, checked against the textbook formulas in awk
# (tests/cli/arriaga_ref.awk, independent of our C) on the sums made in awk;
# the demo packs' sex gap, funnel, Segment Tool and pyramid pages, with their
# numbers taken from results/inequalities.csv; the Arriaga parts summing to
# the gap for every pair; a pyramid refusing a population that is not one.
. tests/cli/lib.inc

# ---- gaps --by arriaga: London summed from the file's boroughs ----
C=tests/data/inequalities/synthetic_deaths_hackney_richmond.csv
# London = Hackney + Richmond, summed per period, sex and band (in age order).
awk -F, 'NR == 1 { print; next } { print
  k = $3 "," $4 "," $5; if (!(k in d)) ord[++n] = k; d[k] += $6; p[k] += $7 }
  END { for (i = 1; i <= n; i++) { split(ord[i], f, ",")
    print "E12000007,London," f[1] "," f[2] "," f[3] "," d[ord[i]] "," p[ord[i]] ",sum" } }' \
  "$C" > "$TMP/with_london.csv"
expect_exit 0 "$HG" gaps --by arriaga --area E09000012 --reference-area E12000007 "$C"
cp "$OUT" "$TMP/summed.csv"
[ "$(grep -c ',arriaga_age,E09000012,E12000007,' "$OUT")" -eq 120 ] \
  || fail "gaps --by arriaga vs summed London: want 20 bands x 3 periods x 2 sexes"
for period in '2016 - 18' '2018 - 20'; do
  for sex in Male Female; do
    awk -v G=E09000012 -v R=E12000007 -v PERIOD="$period" -v SEX=$sex \
      -f tests/cli/arriaga_ref.awk "$TMP/with_london.csv" > "$TMP/ref"
    grep "^hg.le_birth,E09000012,$period,$sex,other,arriaga_age," "$TMP/summed.csv" \
      | cut -d, -f9,13,17 > "$TMP/got"
    # got: value,gap,band; ref: band,value,e0_1,e0_2
    paste -d, "$TMP/got" "$TMP/ref" | awk -F, '
      { d = $1 - $5; if (d < 0) d = -d; if (d > 1e-9 || $3 != $4) bad = bad " band " $3
        g = $7 - $6; d = $2 - g; if (d < 0) d = -d; if (d > 1e-9) bad = bad " gap"
        sum += $1; n++ }
      END { d = sum - g; if (d < 0) d = -d; if (d > 1e-9) bad = bad " sum"
            if (n != 20) bad = bad " rows"; if (bad != "") { print bad; exit 1 } }' \
      || fail "gaps --by arriaga vs summed London $period $sex: differs from awk"
  done
done
# The same members named by a lookup: an ICB of the two boroughs.
printf 'LA_code,LA_name,ICB_code,ICB_name\nE09000012,Hackney,E54000099,Test ICB\nE09000027,Richmond,E54000099,Test ICB\n' \
  > "$TMP/lookup.csv"
expect_exit 0 "$HG" gaps --by arriaga --area E09000012 --reference-area E54000099 \
  --lookup "$TMP/lookup.csv" "$C"
[ "$(grep ',arriaga_age,' "$OUT" | cut -d, -f1-6,9 | md5sum)" = \
  "$(grep ',arriaga_age,' "$TMP/summed.csv" | cut -d, -f1-6,9 | md5sum)" ] \
  || fail "gaps --by arriaga --lookup: differs from the same members summed as London"
grep -q ',arriaga_age,E09000012,E54000099,' "$OUT" || fail "gaps --lookup: reference not named"
# An area with neither rows nor members is still an error that names it.
expect_exit 1 "$HG" gaps --by arriaga --area E09000012 --reference-area E54000001 "$C"
grep -q "no rows for E54000001" "$ERR" || fail "gaps --by arriaga: no message for an area without members"
expect_exit 2 "$HG" gaps --by sex --lookup "$TMP/lookup.csv" "$C"

# ---- the demo packs ----
D=$PWD/fixtures/london
sed -e "s#^path = #path = $D/#" -e "s#^output = .*#output = $TMP/pk#" "$D/london.conf" > "$TMP/london.conf"
expect_exit 0 "$HG" run --jobs 2 --timestamp 2024-01-01T00:00:00Z "$TMP/london.conf"
I=$TMP/pk/latest/results/inequalities.csv
L=$TMP/pk/latest/packs/london.pdf
N=$TMP/pk/latest/packs/icb-E54000027.pdf
pdftotext -layout "$L" "$TMP/london.txt"
pdftotext -layout "$N" "$TMP/nwl.txt"
# Every pair's parts sum to its gap (reference_value), to 1e-9.
awk -F, '$6 == "arriaga_age" { k = $1 "|" $2 "|" $3 "|" $4 "|" $7 "|" $8; s[k] += $9; g[k] = $13 }
  END { for (k in s) { n++; d = s[k] - g[k]; if (d < 0) d = -d; if (d > 1e-9) { print k; bad++ } }
        if (n < 200 || bad) exit 1 }' "$I" || fail "Arriaga parts do not sum to the gap (or too few pairs)"
# Segment Tool page: the quintile gap and the first band's parts, as in the results.
row() { grep "^hg.le_birth_synthetic_deaths,$1,2018 - 20,$2,[a-z]*,arriaga_age,$3,$4," "$I" | grep ",$5,[^,]*\$"; }
q1='Most deprived quintile of boroughs'; q5='Least deprived quintile of boroughs'
gm=$(row E12000007 Male "$q1" "$q5" 0 | awk -F, '{printf "%.2f", $13}')
gf=$(row E12000007 Female "$q1" "$q5" 0 | awk -F, '{printf "%.2f", $13}')
[ -n "$gm" ] || fail "no quintile Arriaga rows in results"
grep -q "gap at birth Male $gm years, Female $gf years" "$TMP/london.txt" \
  || fail "london.pdf: no Segment Tool page with the quintile gap $gm / $gf"
grep -q "Life expectancy gap in London: Most deprived quintile of boroughs" "$TMP/london.txt" \
  || fail "london.pdf: no quintile Segment Tool title"
b0=$(row E12000007 Male "$q1" "$q5" 0 | awk -F, '{printf "%.2f", $9}')
tr -s ' ' '\n' < "$TMP/london.txt" | grep -qx -- "$b0" || fail "london.pdf: band 0 part $b0 not drawn"
# ICB pack: the ICB against London (summed from boroughs), and each borough.
im=$(row E54000027 Male E54000027 E12000007 0 | awk -F, '{printf "%.2f", $13}')
if_=$(row E54000027 Female E54000027 E12000007 0 | awk -F, '{printf "%.2f", $13}')
grep -q "gap at birth Male $im years, Female $if_ years" "$TMP/nwl.txt" \
  || fail "icb pack: no ICB Segment Tool page with gap $im / $if_"
[ "$(grep -c 'Life expectancy gap: .* behind London, by age band' "$TMP/nwl.txt")" -eq 9 ] \
  || fail "icb pack: want the ICB and its 8 boroughs against London"
# Sex gaps: one page per indicator with Male and Female, the latest period of the results.
for t in 'Life expectancy at birth: men against women' \
  'Life expectancy at birth (SYNTHETIC deaths: demo only): men against women'; do
  grep -qF "$t" "$TMP/london.txt" || fail "london.pdf: no sex gap page '$t'"
  grep -qF "$t" "$TMP/nwl.txt" || fail "icb pack: no sex gap page '$t'"
done
per=$(grep '^90366,E09[0-9]*,[^,]*,Male,sex,diff_vs_ref,' "$I" | cut -d, -f3 | sort | tail -1)
grep -q "$per; Male minus Female" "$TMP/london.txt" || fail "sex gap page: not the latest period $per"
# Ethnic gap pages name both groups in the title, the reference as the results give it.
ref=$(awk -F, '$5 == "ethnicity" && $6 == "diff_vs_ref" && $8 != "" { print $8; exit }' "$I")
[ -n "$ref" ] || fail "no ethnic gap rows with a reference group"
grep -q "gap between .* and $ref" "$TMP/london.txt" || fail "london.pdf: ethnic gap title names no reference '$ref'"
grep -q "and the reference group" "$TMP/london.txt" && fail "london.pdf: a gap title says 'the reference group'"
# Funnel plots: the indicators with counts and denominators, and not life expectancy.
for id in 'Smoking prevalence in adults (15+)' 'Mortality from all causes, all ages'; do
  grep -A2 -F "$id" "$TMP/london.txt" | grep -q 'funnel plot' || fail "london.pdf: no funnel for '$id'"
done
grep 'funnel plot' "$TMP/london.txt" | grep -q 'Life expectancy' && fail "a funnel of life expectancy"
# Pyramid: one per ICB, from the ONS single-year estimates.
for p in "$TMP"/pk/latest/packs/icb-*.pdf; do
  pdftotext "$p" - | grep -q 'Population: NHS ' || fail "$(basename "$p"): no population pyramid"
done
grep -q 'Mid-2019; per cent of the total population in each age band, England as lines' "$TMP/nwl.txt" \
  || fail "pyramid subtitle"

# ---- a pyramid refuses a table that is not a population ----
awk -F, 'BEGIN { OFS = "," } !done && $4 == "Males" { $20 = "12.5"; done = 1 } { print }' \
  "$D/real/ons_mye2_mid2019_pop_by_sex_single_year_age_london.csv" > "$TMP/not_population.csv"
line=$(awk -F, '$20 == "12.5" { print NR }' "$TMP/not_population.csv")
cat > "$TMP/small.conf" << EOF
[pack]
title = Pyramid refusal
output = $TMP/small
[input.synthetic_deaths]
path = $D/synth/synthetic_deaths_by_age_band_boroughs.csv
role = counts
[input.lookup_icb]
path = $D/real/london_borough_icb_lookup.csv
role = lookup
[input.rates_by_age]
path = $TMP/not_population.csv
role = population
[packs]
london = false
icb = E54000027
charts = false
EOF
[ -n "$line" ] || fail "test set-up: no cell replaced"
expect_exit 0 "$HG" run --timestamp 2024-01-01T00:00:00Z "$TMP/small.conf"
cat "$OUT" "$ERR" | grep -q "pyramid: not_population.csv:$line: column '[0-9]*': not a count of people: '12.5'" \
  || fail "pyramid: no refusal naming file, line and column"
pdftotext "$TMP/small/latest/packs/icb-E54000027.pdf" - | grep -q 'Population: ' \
  && fail "pyramid drawn from a table that is not a population"
finish
