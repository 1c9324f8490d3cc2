# healthgap stat le: against PHEindicatormethods outputs (tests/data/phe, PROVENANCE-advanced.md).
. tests/cli/lib.inc
. tests/cli/stat_adv.inc
LE="stat le --deaths deaths --population pops --startage startage"
R2CI=value,lower95_0cl,lower99_8cl,upper95_0cl,upper99_8cl,pops_used,dths_used

# df1 with two confidence levels: R's exact output, and R's column order.
expect_exit 0 "$HG" $LE --confidence 95,99.8 "$DATA/LE_inline__df1_input.csv"
csv_compare "$OUT" "$DATA/generated__LE_df1_full_2ci.csv" "$R2CI" 1e-9
want_head=$(head -1 "$DATA/generated__LE_df1_full_2ci.csv" | tr -d '"')
case "$(head -1 "$OUT" | tr -d '\r')" in "$want_head"*) ;; *) fail "le header: $(head -1 "$OUT")";; esac
grep -q '"95%, 99.8%",life expectancy at 0,"Chiang, using Silcocks et al for confidence limits"' "$OUT" ||
  fail "le metadata"

# 90% (percent form), and the unordered and string-labelled inputs (Excel oracle, 1e-4).
expect_exit 0 "$HG" $LE --confidence 90 "$DATA/LE_inline__df1_input.csv"
csv_compare "$OUT" "$DATA/generated__LE_df1_conf90.csv" value,lowercl,uppercl,pops_used,dths_used 1e-9
for f in LE_inline__df2_input_unordered.csv LE_inline__df3_input_string_agebands.csv; do
  expect_exit 0 "$HG" $LE "$DATA/$f"
  csv_compare "$OUT" "$DATA/LE_inline__df1_expected.csv" value,lowercl,uppercl,pops_used,dths_used 1e-4 abs
done

# Grouped: the wide-CI group first, the suppressed group appended.
expect_exit 0 "$HG" $LE --confidence 95,99.8 --group-by area "$DATA/LE_inline__widecis_input.csv"
csv_compare "$OUT" "$DATA/generated__LE_widecis_full_2ci.csv" "$R2CI" 1e-9
grep -q 'Area 2,60,,.*,wide_ci,some life expectancy values have a 95% confidence interval > 20 years' "$OUT" ||
  fail "le wide_ci status"
expect_exit 0 "$HG" stat le --deaths deaths --population pop --startage age --group-by area \
  "$DATA/LE_inline__grouped_with_warnings_input.csv"
csv_compare "$OUT" "$DATA/generated__LE_grouped_with_warnings_output.csv" \
  value,lowercl,uppercl,pops_used,dths_used 1e-9
[ "$(cut -d, -f1 "$OUT" | uniq | tr '\n' '|')" = \
  "area|Good data|Negative deaths|Negative pops|Missing age band|Deaths more than pops|Low pops|" ] ||
  fail "le group order: $(cut -d, -f1 "$OUT" | uniq | tr '\n' '|')"
grep -q '^Low pops,90,.*,low_population,"some groups have a total population of less than 5,000' "$OUT" ||
  fail "le low_population status"

# le_age, standard type, and an 85+ structure (their issue 96).
expect_exit 0 "$HG" $LE --le-age 0,65 --type standard "$DATA/LE_inline__df1_input.csv"
[ "$(cut -d, -f1 "$OUT" | tr '\n' ' ')" = "startage 0 65 " ] || fail "le --le-age"
[ "$(head -1 "$OUT" | tr -d '\r')" = "startage,value,lowercl,uppercl" ] || fail "le --type standard"
# le_age names bands by their label, exactly (R: filter(startage %in% le_age)): "5-9" is
# not the band labelled "5", and "5" is not the band labelled "5-9".  A label that names
# no band is R's warning, and every age is returned.
expect_exit 0 "$HG" $LE --le-age 5-9 --type standard "$DATA/LE_inline__df1_input.csv"
[ "$(tail -n +2 "$OUT" | wc -l)" -eq 20 ] || fail "le --le-age 5-9 on bands 0,1,5,...: $(cut -d, -f1 "$OUT" | tr '\n' ' ')"
grep -q 'warning: le_age not in the vector described by age_contents' "$ERR" ||
  fail "le --le-age 5-9 on bands 0,1,5,...: no warning"
expect_exit 0 "$HG" $LE --le-age 5-9 --type standard "$DATA/LE_inline__df3_input_string_agebands.csv"
[ "$(tail -n +2 "$OUT" | cut -d, -f1 | tr -d '\r' | tr '\n' ' ')" = "5-9 " ] ||
  fail "le --le-age 5-9 on labelled bands: $(cut -d, -f1 "$OUT" | tr '\n' ' ')"
[ -s "$ERR" ] && fail "le --le-age 5-9 on labelled bands: $(cat "$ERR")"
expect_exit 0 "$HG" $LE --le-age '0,10 – 14' --type standard "$DATA/LE_inline__df3_input_string_agebands.csv"
[ "$(tail -n +2 "$OUT" | cut -d, -f1 | tr -d '\r' | tr '\n' '|')" = "0|10 – 14|" ] ||
  fail "le --le-age '0,10 – 14': $(cut -d, -f1 "$OUT" | tr '\n' '|')"
expect_exit 0 "$HG" $LE --le-age 5 --type standard "$DATA/LE_inline__df3_input_string_agebands.csv"
[ "$(tail -n +2 "$OUT" | wc -l)" -eq 20 ] || fail "le --le-age 5 on labelled bands matched a band"
grep -q 'warning: le_age not in the vector described by age_contents' "$ERR" ||
  fail "le --le-age 5 on labelled bands: no warning"
expect_exit 0 "$HG" stat le --deaths deaths --population pop --startage age \
  --age-contents 0,1,5,10,15,20,25,30,35,40,45,50,55,60,65,70,75,80,85 "$DATA/LE_inline__missing_ageband_input.csv"
grep -q '^85,[0-9]' "$OUT" || fail "le 85+ structure"

# Errors: R's messages, exit 1.
expect_exit 1 "$HG" $LE --confidence 50 "$DATA/LE_inline__df1_input.csv"
grep -q 'all confidence levels must be between 90 and 100 or between 0.9 and 1' "$ERR" || fail "le conf msg"
expect_exit 1 "$HG" stat le --deaths deaths --population pops "$DATA/LE_inline__df1_input.csv"
grep -q 'function life_expectancy requires at least 4 arguments: data, deaths, population, startage' "$ERR" ||
  fail "le args msg"
expect_exit 1 "$HG" $LE --age-contents 1,5 "$DATA/LE_inline__df1_input.csv"
grep -q 'first age band in age_contents must be 0' "$ERR" || fail "le first band msg"
expect_exit 1 "$HG" $LE --age-contents 0,5,1 "$DATA/LE_inline__df1_input.csv"
grep -q "age_contents doesn't appear to be in ascending order" "$ERR" || fail "le order msg"
expect_exit 1 "$HG" stat le --deaths deaths --population pop --startage age "$DATA/LE_inline__missing_ageband_input.csv"
grep -q 'the contents in the startage field do not match the contents of the age_contents vector' "$ERR" ||
  fail "le startage msg"
finish
