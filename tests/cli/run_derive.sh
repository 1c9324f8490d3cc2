#!/bin/sh
# The demo's derive and analyse stages (fixtures/london, packs off for speed):
# DSRs from the synthetic counts in results/indicators.csv, and the deprivation
# gradients of the real files in results/inequalities.csv.
# Published reference: the shared data README's diagnostic for the MSOA atlas,
# London-wide IMD 2019 deciles of MSOAs, population-weighted (2011 Census):
# least minus most deprived decile 6.1 years (males), 3.7 (females).  The other
# checks are directions (the most deprived breathe dirtier air and smoke more)
# and the file's own contracts (approximate notes, the DSR's suppression rule).
. tests/cli/lib.inc

D=$PWD/fixtures/london
sed -e "s#^path = #path = $D/#" -e "s#^output = .*#output = $TMP/pk#" \
    -e "s#^london = true#london = false#" -e "s#^icb = all#icb = none#" \
    -e "s#^charts = true#charts = false#" "$D/london.conf" > "$TMP/london.conf"
expect_exit 0 "$HG" run --jobs 2 --quiet --timestamp 2024-01-01T00:00:00Z "$TMP/london.conf"
I=$TMP/pk/latest/results/inequalities.csv
R=$TMP/pk/latest/results/indicators.csv
[ -f "$I" ] || fail "no inequalities.csv"
# field FILE ID AREA PERIOD SEX MEASURE COL: one column of an inequalities row.
field() {
  awk -F, -v id="$2" -v a="$3" -v p="$4" -v s="$5" -v m="$6" -v c="$7" \
    '{ sub(/\r$/, "") } NR == 1 { sub(/^\xef\xbb\xbf/, ""); for (i = 1; i <= NF; i++) col[$i] = i; next }
     $1 == id && $2 == a && $3 == p && $4 == s && $5 == "deprivation" && $6 == m { print $col[c]; exit }' "$1"
}
for sx in Male:6.1 Female:3.7; do
  s=${sx%%:*}; want=${sx#*:}
  g=$(field "$I" hg.msoa_le E12000007 "2008 - 12" "$s" abs_gap value)
  [ -n "$g" ] || fail "no MSOA LE gap for $s"
  # abs_gap is most - least deprived: minus the README's least - most.
  awk -v g="$g" -v w="$want" 'BEGIN { d = -g - w; exit !(d < 0.05 && d > -0.05) }' \
    || fail "MSOA LE gap $s: $g, want -$want"
  n=$(field "$I" hg.msoa_le E12000007 "2008 - 12" "$s" sii note)
  case "$n" in approximate*) ;; *) fail "MSOA LE SII $s not flagged approximate: '$n'";; esac
  v=$(field "$I" hg.msoa_le E12000007 "2008 - 12" "$s" sii value)
  awk -v v="$v" 'BEGIN { exit !(v > 0) }' || fail "MSOA LE SII $s not positive: $v"
done
for id in hg.pm25_annual_mean hg.no2_annual_mean; do
  most=$(field "$I" $id E12000007 2019 Persons abs_gap group_value)
  least=$(field "$I" $id E12000007 2019 Persons abs_gap reference_value)
  awk -v a="$most" -v b="$least" 'BEGIN { exit !(a > b && b > 0) }' \
    || fail "$id: most deprived decile $most not above least $least"
done
# Borough smoking (APS 2019) against borough IMD: higher where more deprived,
# the SII's interval excluding 0.
u=$(field "$I" 92443 E12000007 2019 Persons sii upper_ci95)
awk -v u="$u" 'BEGIN { exit !(u < 0 && u != "") }' || fail "smoking SII upper limit not below 0: '$u'"
# The gradients' quantiles as category rows of their indicator in London
# (indicators.csv), for the pack's gradient charts: ten deciles per series,
# flagged approximate; MSOA LE male deciles 1 and 10 as measured
# independently against the atlas (75.98 and 82.06 years; README gap 6.1).
# decile ID SEX LABEL: the value of that decile row (the category_type names
# the breakdown, as in inequalities.csv).
decile() {
  grep "^$1,.*,E12000007,.*,$2,[^,]*,[^,]* deciles across London by deprivation ([^,]*),$3,"  "$R" |
    sed 's/.*,'"$3"',\([^,]*\),.*/\1/' | head -1
}
for ser in hg.msoa_le:Male hg.msoa_le:Female hg.pm25_annual_mean:Persons hg.no2_annual_mean:Persons; do
  id=${ser%%:*}; s=${ser#*:}
  n=$(grep -c "^$id,.*,E12000007,.*,$s,[^,]*,[^,]* deciles across London by deprivation ([^,]*),Decile [0-9]*[^,]*,[0-9.]*,.*approximate" "$R")
  [ "$n" -eq 10 ] || fail "$id $s: $n approximate decile rows in indicators.csv, want 10"
done
for dv in "Decile 1 (most deprived):75.98" "Decile 10 (least deprived):82.06"; do
  d=${dv%%:*}; want=${dv#*:}
  v=$(decile hg.msoa_le Male "$d")
  awk -v v="$v" -v w="$want" 'BEGIN { d = v - w; exit !(v != "" && d < 0.005 && d > -0.005) }' \
    || fail "MSOA LE Male $d: '$v', want $want"
done
# Borough smoking: every borough a point, most deprived first, with its limits.
n=$(grep -c '^92443,.*,E12000007,.*,boroughs ordered by deprivation ([^,]*),Borough [0-9]*[^,]*,[0-9.]*,[0-9.]*,[0-9.]*,' "$R")
[ "$n" -ge 30 ] || fail "92443: $n borough rows with limits in indicators.csv, want >= 30"
# Ethnic-group gaps against the config's [reference] group.
grep -q ',ethnicity,diff_vs_ref,Black,White British,' "$I" || fail "no ethnic gaps vs White British"
# DSRs from the synthetic counts, all levels; Persons summed from the sexes.
for a in E09000030 E54000027 E12000007; do
  for id in hg.dsr_all_synthetic_deaths hg.dsr_u75_synthetic_deaths; do
    grep -q "^$id,\"\{0,1\}[^\"]*SYNTHETIC[^\"]*\"\{0,1\},$a,.*,2018 - 20,[0-9]*,Persons," "$R" \
      || fail "no $id Persons 2018 - 20 for $a (with SYNTHETIC in its name)"
  done
done
# Gradients within each ICB (quintiles of its MSOAs, under the ICB's code):
# each of the five London ICBs has an approximate MSOA LE SII per sex, and its
# five quintile rows' population-weighted mean equals the ICB's MSOA
# population-weighted mean, computed here from the inputs (atlas values, 2011
# Census usual residents as weights, borough -> ICB lookup; the MSOAs with an
# IMD 2019 score), not from our output.
F=$D/real
for icb in E54000027 E54000028 E54000029 E54000030 E54000031; do
  for sc in Male:16 Female:17; do
    s=${sc%%:*}; col=${sc#*:}
    n=$(field "$I" hg.msoa_le $icb "2008 - 12" "$s" sii note)
    case "$n" in approximate*) ;; *) fail "no approximate MSOA LE SII for $icb $s: '$n'";; esac
    want=$(awk -F, -v icb=$icb -v col=$col '
      { sub(/\r$/, "") }
      FILENAME ~ /icb_lookup/ && FNR > 1 { icbof[$1] = $3; next }
      FILENAME ~ /imd2019/ && FNR > 1 && $2 != "" { imd[$1] = 1; next }
      FILENAME ~ /census2011/ && FNR > 1 { pop[$1] = $7; lad[$1] = $3; next }
      FILENAME ~ /msoa_atlas/ && FNR > 3 && $1 ~ /^E02/ && $col != "" && imd[$1] &&
        icbof[lad[$1]] == icb && pop[$1] > 0 { sw += pop[$1]; swv += pop[$1] * $col }
      END { if (sw > 0) printf "%.6f\n", swv / sw }' \
      "$F/london_borough_icb_lookup.csv" "$F/humaniverse_imd2019_msoa11_london_popweighted.csv" \
      "$F/ons_census2011_usual_residents_msoa11_london.csv" "$F/gla_msoa_atlas_london_trimmed.csv")
    [ -n "$want" ] || fail "$icb: no MSOAs in the inputs"
    got=$(awk -F, -v icb=$icb -v s="$s" '
      { sub(/\r$/, "") }
      NR == 1 { sub(/^\xef\xbb\xbf/, ""); for (i = 1; i <= NF; i++) c[$i] = i; next }
      $c["indicator_id"] == "hg.msoa_le" && $c["area_code"] == icb && $c["sex"] == s &&
        $c["category_type"] ~ /quintiles within the ICB/ {
          k++; sw += $c["denominator"]; swv += $c["denominator"] * $c["value"] }
      END { if (k == 5 && sw > 0) printf "%.6f\n", swv / sw; else print "rows=" k }' "$R")
    awk -v g="$got" -v w="$want" 'BEGIN { d = g - w; exit !(g + 0 > 0 && d < 1e-4 && d > -1e-4) }' \
      || fail "$icb $s: quintiles' weighted mean '$got', inputs' ICB mean $want"
  done
done
# Same bytes with another --jobs.
cp "$I" "$TMP/a-ineq.csv"; cp "$R" "$TMP/a-ind.csv"
expect_exit 0 "$HG" run --force --jobs 1 --quiet --timestamp 2024-01-01T00:00:00Z "$TMP/london.conf"
cmp -s "$TMP/a-ineq.csv" "$I" || fail "inequalities.csv differs between --jobs 2 and --jobs 1"
cmp -s "$TMP/a-ind.csv" "$R" || fail "indicators.csv differs between --jobs 2 and --jobs 1"
finish
