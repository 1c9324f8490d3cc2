# healthgap stat: R's warnings on stderr as "healthgap stat: warning: TEXT" (the
# texts of PHEindicatormethods' phe_life_expectancy, phe_quantile, phe_sii), output and exit
# status as without them; a clean run prints nothing on stderr.
. tests/cli/lib.inc
. tests/cli/stat_adv.inc
W="healthgap stat: warning:"
WB="$DATA/testdata_SII__testdata_SII.csv"
SII="stat sii --quantile Quantile --population Population --value Value --lower-cl LowerCL --upper-cl UpperCL --group-by Area --repetitions 1000 --seed 7"
LE="stat le --deaths deaths --population pop --startage age --group-by area"
# has_warning TEXT: the line is on stderr exactly once
has_warning() {
  [ "$(grep -cxF "$W $1" "$ERR")" = 1 ] || { fail "stderr lacks '$W $1'"; sed 's/^/  stderr: /' "$ERR" >&2; }
}

# SII item 16 (docs/methods-le-sii.md): 15 quantiles (rows 211-225 of the workbook).
sed -n '1p;212,226p' "$WB" > "$TMP/q15.csv"
expect_exit 0 "$HG" $SII "$TMP/q15.csv"
has_warning "WARNING: Small values can make SII unstable when using a large number of quantiles"
[ "$(wc -l < "$OUT")" -eq 2 ] || fail "sii 15 quantiles: the group is still computed"
# SII item 17: area2 lacks a quantile, dropped with the warning.
sed -n '1,16p;18,21p' "$WB" > "$TMP/incomplete.csv"
expect_exit 0 "$HG" $SII "$TMP/incomplete.csv"
has_warning "WARNING: some records have been removed due to incomplete or invalid data"
[ "$(wc -l < "$ERR")" -eq 1 ] || fail "sii: only the one warning"
# A complete dataset: no warning at all.
sed -n '1,21p' "$WB" > "$TMP/complete.csv"
expect_exit 0 "$HG" $SII "$TMP/complete.csv"
[ -s "$ERR" ] && fail "sii clean run wrote to stderr: $(cat "$ERR")"

# Quantile: group C has 4 values for 5 quantiles.
expect_exit 0 "$HG" stat quantile --values v --nquantiles 5 --group-by grp "$DATA/generated__phe_quantile_input.csv"
has_warning "One or more groups had too few small areas with values to allow quantiles to be assigned"
expect_exit 0 "$HG" stat quantile --values v --nquantiles 4 --no-invert "$DATA/generated__phe_quantile_input.csv"
[ -s "$ERR" ] && fail "quantile clean run wrote to stderr: $(cat "$ERR")"

# Life expectancy: every group rule in R's order (docs/methods-le-sii.md), and the wide CIs.
expect_exit 0 "$HG" $LE "$DATA/LE_inline__grouped_with_warnings_input.csv"
csv_compare "$OUT" "$DATA/generated__LE_grouped_with_warnings_output.csv" \
  value,lowercl,uppercl,pops_used,dths_used 1e-9
cat > "$TMP/le_want" <<'TXT'
healthgap stat: warning: some age bands have negative deaths; outputs have been suppressed to NAs
healthgap stat: warning: some age bands have a zero or less population; outputs have been suppressed to NAs
healthgap stat: warning: some groups contain a different number of age bands than 20; life expectancy cannot be calculated for these. These groups will contain NAs.
healthgap stat: warning: some age bands have more deaths than population; outputs have been suppressed to NAs
healthgap stat: warning: some groups have a total population of less than 5,000; outputs have been suppressed to NAs
TXT
cmp -s "$ERR" "$TMP/le_want" || { fail "le warnings"; diff "$TMP/le_want" "$ERR" >&2; }
expect_exit 0 "$HG" stat le --deaths deaths --population pops --startage startage --group-by area \
  "$DATA/LE_inline__widecis_input.csv"
# Area 1 is suppressed (more deaths than population in a band), Area 2 has wide CIs.
has_warning "some age bands have more deaths than population; outputs have been suppressed to NAs"
has_warning "some life expectancy values have a 95% confidence interval > 20 years; these values have been suppressed to NAs"
[ "$(wc -l < "$ERR")" -eq 2 ] || fail "le widecis: two warnings"
# le_age: none of the ages in age_contents -> warning, every age returned.
expect_exit 0 "$HG" stat le --deaths deaths --population pops --startage startage --le-age 3 \
  "$DATA/LE_inline__df1_input.csv"
has_warning "le_age not in the vector described by age_contents; all life expectancies will be returned"
[ "$(tail -n +2 "$OUT" | wc -l)" -eq 20 ] || fail "le_age: all 20 ages returned"
expect_exit 0 "$HG" stat le --deaths deaths --population pops --startage startage --le-age 0,65 \
  "$DATA/LE_inline__df1_input.csv"
[ -s "$ERR" ] && fail "le clean run wrote to stderr: $(cat "$ERR")"
finish
