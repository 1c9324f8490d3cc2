#!/bin/sh
# The borough packs' MSOA gradient (engine/analyse/gradients.c): each borough's
# MSOAs ranked into quintiles within the borough, population-weighted means,
# SII/RII, written under the borough's code and drawn in its pack only.
# Expected values: tests/cli/borough_gradient_ref.py, an independent Python
# computation from the demo's own input files (PHE quantile rule, Low & Low
# SII by weighted least squares).  The City of London (one MSOA) is refused
# with a stated reason, in the warnings and on a page of its pack.
. tests/cli/lib.inc

D=$PWD/fixtures/london
sed -e "s#^path = #path = $D/#" -e "s#^output = .*#output = $TMP/pk#" \
    -e "s#^london = true#london = false#" -e "s#^icb = all#icb = none#" \
    -e "s#^charts = true#charts = false#" -e "s#^site = true#site = false#" \
    -e "s#^workbook = true#workbook = false#" \
    -e "s#^boroughs = .*#boroughs = E09000005, E09000001#" "$D/london.conf" > "$TMP/london.conf"
HEALTHGAP_LAYOUT_DUMP=$TMP/layout.tsv \
  expect_exit 0 "$HG" run --jobs 2 --quiet --timestamp 2024-01-01T00:00:00Z "$TMP/london.conf"
L=$TMP/pk/latest
I=$L/results/inequalities.csv
[ -f "$I" ] || { fail "no inequalities.csv"; finish; }
# measure ID SEX M: the value of the within-borough gradient row of Brent.
measure() {
  awk -F, -v id="$1" -v s="$2" -v m="$3" \
    '$1 == id && $2 == "E09000005" && $4 == s && $6 == m && /MSOA quintiles within the borough/ { print $9; exit }' "$I"
}
for ser in hg.msoa_le:Male:15 hg.msoa_le:Female:16 hg.msoa_obese_year6:Persons:13; do
  id=${ser%%:*}; rest=${ser#*:}; s=${rest%%:*}; col=${rest#*:}
  ref=$(python3 tests/cli/borough_gradient_ref.py "$D/real" E09000005 "$col") \
    || { fail "$id $s: reference failed"; continue; }
  set -- $ref
  for mv in sii:$1 rii:$2; do
    m=${mv%%:*}; want=${mv#*:}; got=$(measure "$id" "$s" "$m")
    awk -v g="$got" -v w="$want" 'BEGIN { d = g - w; exit !(g != "" && d < 1e-5 && d > -1e-5) }' \
      || fail "$id $s Brent $m within the borough: '$got', want $want"
  done
  # the gap's two ends are the reference's end quintiles
  row=$(awk -F, -v id="$id" -v s="$s" '$1 == id && $2 == "E09000005" && $4 == s && $6 == "abs_gap" && /within the borough/' "$I")
  g=$(echo "$row" | cut -d, -f12); r=$(echo "$row" | cut -d, -f13)
  awk -v g="$g" -v r="$r" -v a="$3" -v b="$4" 'BEGIN { exit !(g - a < 1e-5 && a - g < 1e-5 && r - b < 1e-5 && b - r < 1e-5) }' \
    || fail "$id $s Brent quintile 1/5: '$g' '$r', want $3 $4"
  # five quintile rows of Brent for the chart, in indicators.csv
  n=$(grep -c "^$id,.*,E09000005,.*,$s,[^,]*,MSOA quintiles within the borough by deprivation ([^,]*),Quintile [1-5]" "$L/results/indicators.csv")
  [ "$n" -eq 5 ] || fail "$id $s: $n within-borough quintile rows of Brent, want 5"
done
# The City of London has one MSOA: no gradient, and the run says why.
grep -q 'E09000001,[^,]*,[^,]*,deprivation,sii,.*within the borough' "$I" \
  && fail "a within-borough gradient for the City of London (one MSOA)"
grep -q 'borough(s) without an MSOA gradient within the borough (fewer than 10 MSOAs' "$L/manifest.json" \
  || fail "no warning naming the boroughs without an MSOA gradient"
pdftotext "$L/packs/borough-E09000001.pdf" "$TMP/city.txt" 2>/dev/null
tr -s ' \n' '  ' < "$TMP/city.txt" | grep -q 'MSOA gradient within the borough: not computed.*at least 10 MSOAs' \
  || fail "the City's pack does not say why it has no MSOA gradient"
# Brent's pack draws its gradients and says how the MSOAs were ranked.
pdftotext "$L/packs/borough-E09000005.pdf" "$TMP/brent.txt" 2>/dev/null
tr -s ' \n' '  ' < "$TMP/brent.txt" > "$TMP/brent1.txt"
grep -q 'ranked within the borough: quintiles among its own MSOAs' "$TMP/brent1.txt" \
  || fail "Brent's pack: no note that its MSOAs are ranked within the borough"
grep -q 'SII 7.9' "$TMP/brent1.txt" || fail "Brent's pack: male MSOA LE SII 7.9 not printed"
# The style contract (tests/cli/layout.sh) over every page of both packs.
awk -f tests/cli/layout_check.awk "$TMP/layout.tsv" > "$TMP/breaches" 2>&1 \
  || fail "$(head -5 "$TMP/breaches")"
finish
