#!/bin/sh
# healthgap gaps: help, usage errors, and Fingertips' published SII for England
# alcohol-related mortality 2023 (SII -21.26, RII 0.589) from the decile values.
. tests/cli/lib.inc
D=tests/data/inequalities

expect_exit 0 "$HG" gaps --help
grep -q '^Usage: healthgap gaps' "$OUT" || fail "gaps --help: no usage line"
grep -q 'Examples:' "$OUT" || fail "gaps --help: no examples"
expect_exit 2 "$HG" gaps --by nonsense "$D/fingertips_93763_england_deprivation.csv"
grep -q "Try 'healthgap gaps --help'" "$ERR" || fail "bad --by: no Try line"
expect_exit 2 "$HG" gaps
expect_exit 1 "$HG" gaps "$TMP/no-such-file.csv"
grep -q '^healthgap: ' "$ERR" || fail "missing file: no error message"

expect_exit 0 "$HG" gaps --by deprivation --indicator 93763 --period 2023 --sex Persons \
  --value-type rate --seed 7 "$D/fingertips_93763_england_deprivation.csv"
head -1 "$OUT" | grep -q '^indicator_id,area_code,period,sex,breakdown_type,measure,group,reference_group,value,lower_ci95,upper_ci95,group_value,reference_value,significance,gap_trend' \
  || fail "gaps: header is not the inequalities.csv contract"
sii=$(grep ',sii,' "$OUT" | grep 'County & UA' | cut -d, -f9)
rii=$(grep ',rii,' "$OUT" | grep 'County & UA' | cut -d, -f9)
awk -v s="$sii" -v r="$rii" 'BEGIN { exit !(s > -21.265 && s < -21.255 && r > 0.5885 && r < 0.5895) }' \
  || fail "gaps: SII '$sii' RII '$rii', want -21.26 and 0.589"
# Same seed, same bytes.
cp "$OUT" "$TMP/first"
expect_exit 0 "$HG" gaps --by deprivation --indicator 93763 --period 2023 --sex Persons \
  --value-type rate --seed 7 "$D/fingertips_93763_england_deprivation.csv"
cmp -s "$OUT" "$TMP/first" || fail "gaps: not deterministic for a fixed seed"

# Points only (--no-ci: hg_sii_point, no simulation): the same published SII and
# RII, no limits, and the "approximate" note.
expect_exit 0 "$HG" gaps --by deprivation --indicator 93763 --period 2023 --sex Persons \
  --value-type rate --no-ci "$D/fingertips_93763_england_deprivation.csv"
row=$(grep ',sii,' "$OUT" | grep 'County & UA')
sii=$(echo "$row" | cut -d, -f9); lo=$(echo "$row" | cut -d, -f10)
rii=$(grep ',rii,' "$OUT" | grep 'County & UA' | cut -d, -f9)
awk -v s="$sii" -v r="$rii" 'BEGIN { exit !(s > -21.265 && s < -21.255 && r > 0.5885 && r < 0.5895) }' \
  || fail "gaps --no-ci: SII '$sii' RII '$rii', want -21.26 and 0.589"
[ -z "$lo" ] || fail "gaps --no-ci: SII has a lower limit '$lo'"
echo "$row" | grep -q 'approximate' || fail "gaps --no-ci: no approximate note"

# Ethnic groups against White British (93088 adults overweight or obese, England
# 2022, published values): Black 74.83447 vs 65.2604, Chinese 30.6129.
expect_exit 0 "$HG" gaps --by category --reference 'White British' --indicator 93088 \
  "$D/fingertips_93088_92033_england_breakdowns.csv"
black=$(grep '^93088,E92000001,2022,Persons,ethnicity,diff_vs_ref,Black,White British,' "$OUT")
echo "$black" | cut -d, -f9 | awk '{ exit !($1 > 9.574069 && $1 < 9.574071) }' \
  || fail "gaps --by category: Black - White British = '$(echo "$black" | cut -d, -f9)', want 9.57407"
echo "$black" | grep -q ',higher,' || fail "gaps --by category: Black not significantly higher"
grep '^93088,E92000001,2022,Persons,ethnicity,diff_vs_ref,Chinese,' "$OUT" | grep -q ',lower,' \
  || fail "gaps --by category: Chinese not significantly lower"
# Five periods (2018-2022): the 2022 row carries a gap trend label.
echo "$black" | grep -Eq ',(narrowing|widening|no significant change),' \
  || fail "gaps --by category: no gap trend on the latest row"

# A reference list: each breakdown of 92033 (Year 6 obesity, England) is compared with the
# first group of the list it has: its detailed groups with White British, its broad groups
# (w unknown) with White.  "Not stated / invalid" is never a group.  Published values
# 2018: Black African 30.9 vs White British 19.6; Black / African / Caribbean / Black
# British 30.5 vs White 19.9.
expect_exit 0 "$HG" gaps --by category --reference 'White British; White' --indicator 92033 \
  "$D/fingertips_93088_92033_england_breakdowns.csv"
grep -q '^92033,E92000001,2018,Persons,ethnicity,diff_vs_ref,Black African,White British,11.29999' \
  "$OUT" || fail "reference list: Black African - White British not 11.3"
grep -q '^92033,E92000001,2018,Persons,ethnicity,diff_vs_ref,Black / African / Caribbean / Black British,White,10.6' \
  "$OUT" || fail "reference list: broad Black - White not 10.6"
grep -qi 'not stated' "$OUT" && fail "reference list: 'Not stated / invalid' compared as a group"

# Sex against Persons on the raw Fingertips export (London smoking, 2019): it has
# Persons rows only, so there is nothing to compute, which is said (exit 1).
expect_exit 1 "$HG" gaps --by sex --bom "$D/fingertips_tobacco_profile_london_2019.csv"
grep -q "nothing to compute" "$ERR" || fail "gaps --by sex on Persons-only data: not said"
# --by sex: sex is a key column, filled with the compared sex (= group), reference
# Persons.  Hand-made values: Male 25 (24-26) vs Persons 20 (19-21): difference 5,
# limits 5 -/+ 1.96 * sqrt(2) * (1/1.96) = 3.5858 / 6.4142.
printf '%s\n' 'indicator_id,area_code,period,sex,age,category_type,category,value,lower_ci95,upper_ci95,count,denominator' \
  'hg.x,E12000007,2019,Persons,All ages,,,20,19,21,,' 'hg.x,E12000007,2019,Male,All ages,,,25,24,26,,' \
  'hg.x,E12000007,2019,Female,All ages,,,15,14,16,,' > "$TMP/sex.csv"
expect_exit 0 "$HG" gaps --by sex --bom "$TMP/sex.csv"
head -c 3 "$OUT" | od -An -tx1 | grep -q 'ef bb bf' || fail "gaps --bom: no BOM"
[ "$(grep -c '^hg.x,' "$OUT")" -eq 4 ] || fail "gaps --by sex: want 4 rows"
grep -q '^hg.x,E12000007,2019,Male,sex,diff_vs_ref,Male,Persons,5,3.58578,*[0-9]*,6.41421' "$OUT" \
  || fail "gaps --by sex: Male row wrong: $(grep ',Male,Persons,' "$OUT" | head -1)"
grep -q '^hg.x,E12000007,2019,Female,sex,ratio_vs_ref,Female,Persons,0.75,' "$OUT" \
  || fail "gaps --by sex: Female ratio row not filed under sex Female"
grep '^hg.x,' "$OUT" | awk -F, '$4 != $7 { bad = 1 } END { exit bad }' || fail "gaps --by sex: sex != group"
expect_exit 0 "$HG" gaps --by sex --sex Female "$TMP/sex.csv"
[ "$(grep -c ',Female,sex,' "$OUT")" -eq 2 ] && ! grep -q ',Male,sex,' "$OUT" \
  || fail "gaps --by sex --sex Female: want the Female rows only"
# --by arriaga on a counts file (synthetic Hackney and Richmond deaths and
# populations by age band, 3 periods x 2 sexes): every band's contribution, the
# percent and the whole gap against the textbook formulas worked in awk
# (tests/cli/arriaga_ref.awk, independent of our C); the parts sum to the gap.
C=$D/synthetic_deaths_hackney_richmond.csv
expect_exit 0 "$HG" gaps --by arriaga --area E09000012 --reference-area E09000027 "$C"
[ "$(grep -c ',arriaga_age,E09000012,E09000027,' "$OUT")" -eq 120 ] \
  || fail "gaps --by arriaga: want 20 bands x 3 periods x 2 sexes"
cp "$OUT" "$TMP/arr.csv"
for period in '2016 - 18' '2017 - 19' '2018 - 20'; do
  for sex in Male Female; do
    awk -v G=E09000012 -v R=E09000027 -v PERIOD="$period" -v SEX=$sex \
      -f tests/cli/arriaga_ref.awk "$C" > "$TMP/ref"
    grep "^hg.le_birth,E09000012,$period,$sex,other,arriaga_age," "$TMP/arr.csv" \
      | cut -d, -f9,12,13,17 > "$TMP/got"
    # got: value,percent,gap,band (bands in age order); ref: band,value,e0_1,e0_2
    paste -d, "$TMP/got" "$TMP/ref" | awk -F, '
      { d = $1 - $6; if (d < 0) d = -d; if (d > 1e-9 || $4 != $5) bad = bad " band " $4
        g = $8 - $7; d = $3 - g; if (d < 0) d = -d; if (d > 1e-9) bad = bad " gap"
        d = $2 - 100 * $6 / g; if (d < 0) d = -d; if (d > 1e-7) bad = bad " percent " $4
        sum += $1; n++ }
      END { d = sum - g; if (d < 0) d = -d; if (d > 1e-9) bad = bad " sum"
            if (n != 20) bad = bad " rows"; if (bad != "") { print bad; exit 1 } }' \
      || fail "gaps --by arriaga $period $sex: differs from the awk worked example"
  done
done

# By cause: each band's deaths split into two causes (40% / the rest, the band's
# population repeated on both rows): the cause parts of each band sum to the band,
# and the age rows are unchanged.
awk -F, 'BEGIN { OFS = "," } { sub(/\r$/, "") } NR == 1 { print $0, "cause"; next }
  { d = $6; a = int(d * 0.4); $6 = a; print $0, "circulatory"; $6 = d - a; print $0, "other" }' \
  "$C" > "$TMP/causes.csv"
expect_exit 0 "$HG" gaps --by arriaga --area E09000012 --reference E09000027 \
  --cause-column cause --period '2018 - 20' "$TMP/causes.csv"
grep ',arriaga_age,' "$OUT" > "$TMP/age_c"
grep ',2018 - 20,' "$TMP/arr.csv" > "$TMP/age_a"
cmp -s "$TMP/age_c" "$TMP/age_a" || fail "gaps --by arriaga --cause-column: age rows changed"
[ "$(grep -c ',arriaga_cause,' "$OUT")" -eq 80 ] || fail "gaps --by arriaga: want 80 cause rows"
awk -F, '$6 == "arriaga_age" { age[$4 "/" $17] = $9 }
  $6 == "arriaga_cause" { split($17, p, ": "); cs[$4 "/" p[1]] += $9 }
  END { for (k in age) { d = age[k] - cs[k]; if (d < 0) d = -d; if (d > 1e-9) { print k; exit 1 } } }' \
  "$OUT" || fail "gaps --by arriaga: causes do not sum to their band"

# Most vs least deprived quantile: the same two populations labelled 1 and 5 give
# the same decomposition, with the quantile labels as groups.
awk -F, 'BEGIN { OFS = "," } { sub(/\r$/, "") } NR == 1 { print $0, "imd_quintile"; next }
  { print $0, ($1 == "E09000012" ? 1 : 5) }' "$C" > "$TMP/dep.csv"
expect_exit 0 "$HG" gaps --by arriaga --deprivation-column imd_quintile "$TMP/dep.csv"
[ "$(grep ',deprivation,arriaga_age,1,5,' "$OUT" | cut -d, -f9 | md5sum)" = \
  "$(grep ',arriaga_age,' "$TMP/arr.csv" | cut -d, -f9 | md5sum)" ] \
  || fail "gaps --by arriaga --deprivation-column: differs from the area comparison"

expect_exit 2 "$HG" gaps --by arriaga --area E09000012 "$C"
expect_exit 2 "$HG" gaps --by arriaga --area E09000012 --reference-area E09000012 "$C"
expect_exit 2 "$HG" gaps --by deprivation --cause-column cause "$C"
expect_exit 1 "$HG" gaps --by arriaga --area E09000012 --reference-area E09000001 "$C"
grep -q "no rows for E09000001" "$ERR" || fail "gaps --by arriaga: no message for an absent area"
finish
