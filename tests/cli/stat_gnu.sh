#!/bin/sh
# GNU conventions in `healthgap stat` and `healthgap gaps`: boolean options are
# --NAME / --no-NAME (R users may write --NAME=TRUE), --value-type takes the same words
# in both commands (and R's numbers), the limit columns of a level keep their name
# whatever other levels are asked for, and usage errors name their cause.
. tests/cli/lib.inc
D=tests/data/phe
WB=$D/testdata_SII__testdata_SII.csv
sed -n '1,21p' "$WB" > "$TMP/sii.csv"
SII="stat sii --quantile Quantile --population Population --value Value --se StandardError --group-by Area --repetitions 1000 --type standard"
header() { head -1 "$OUT" | tr -d '\r'; }

# --rii before the file does not swallow it.
expect_exit 0 "$HG" $SII --rii "$TMP/sii.csv"
header | grep -q '^Area,sii,rii,' || fail "--rii: $(header)"
cp "$OUT" "$TMP/rii.csv"
expect_exit 0 "$HG" $SII --rii=TRUE "$TMP/sii.csv"
cmp -s "$OUT" "$TMP/rii.csv" || fail "--rii=TRUE differs from --rii"
expect_exit 0 "$HG" $SII --rii --no-rii "$TMP/sii.csv"
header | grep -q '^Area,sii,sii_lower' || fail "--no-rii: $(header)"
expect_exit 0 "$HG" $SII --rii=FALSE "$TMP/sii.csv"
header | grep -q '^Area,sii,sii_lower' || fail "--rii=FALSE: $(header)"
# The old spelling is refused with its cause, not read as a file name.
expect_exit 2 "$HG" $SII --rii TRUE "$TMP/sii.csv"
grep -q "option '--rii' takes no separate value: write --rii or --no-rii (or --rii=TRUE)" "$ERR" ||
  fail "--rii TRUE: $(head -1 "$ERR")"
expect_exit 2 "$HG" $SII --no-rii=TRUE "$TMP/sii.csv"
grep -q "option '--no-rii' doesn't allow an argument" "$ERR" || fail "--no-rii=TRUE: $(head -1 "$ERR")"
expect_exit 1 "$HG" $SII --rii=maybe "$TMP/sii.csv"
grep -q "rii must be TRUE or FALSE" "$ERR" || fail "--rii=maybe: $(head -1 "$ERR")"
# Every boolean R argument of every method has both forms.
for m in dsr le sii; do
  expect_exit 0 "$HG" stat $m --help
  for b in $(grep -o -- '--no-[a-z-]*' "$OUT" | sed 's/--no-//' | sort -u); do
    grep -q -- "--$b\[=TRUE|FALSE\], --no-$b" "$OUT" || fail "stat $m --help: --$b/--no-$b"
  done
done
"$HG" stat dsr --help | grep -q -- '--no-independent-events' || fail "dsr: no --no-independent-events"
"$HG" stat dsr --help | grep -q -- '--no-vardsr' || fail "dsr: no --no-vardsr"
"$HG" stat le --help | grep -q -- '--no-r-twenty-bands' || fail "le: no --no-r-twenty-bands"
for b in transform rii intercept reliability-stat; do
  "$HG" stat sii --help | grep -q -- "--no-$b" || fail "sii: no --no-$b"
done
"$HG" stat quantile --help | grep -q -- '--no-invert' || fail "quantile: no --no-invert"
# --no-independent-events is R's independent_events = FALSE (the R oracle).
expect_exit 0 "$HG" stat dsr --x persons --n pop --stdpop esp2013 --group-by area --confidence 0.95,0.998 \
  --no-independent-events --eventfreq freq --ageband ageband $D/generated__calculate_dsr_nonindependent_input_long.csv
awk -v key=area -v rel=1e-9 -v abs=0 -v rename=lower95_0cl=lowercl,upper95_0cl=uppercl \
  -f tests/cli/csvcmp.awk $D/generated__calculate_dsr_nonindependent_2ci.csv "$OUT" >&2 ||
  fail "dsr --no-independent-events differs from R"
# quantile: --no-invert is invert = FALSE; a field is --invert=COL with --inverttype field.
expect_exit 0 "$HG" stat quantile --values v --nquantiles 10 --no-invert --group-by grp $D/generated__phe_quantile_input.csv
grep -q 'lowest quantile represents lowest values' "$OUT" || fail "quantile --no-invert"
awk -F, 'NR == 1 { print $0 ",pol"; next } { print $0 ",FALSE" }' $D/generated__phe_quantile_input.csv > "$TMP/pol.csv"
expect_exit 0 "$HG" stat quantile --values v --nquantiles 10 --invert=pol --inverttype field --group-by grp "$TMP/pol.csv"
grep -q 'lowest quantile represents lowest values' "$OUT" || fail "quantile --invert=pol"
expect_exit 2 "$HG" stat quantile --values v --invert pol --inverttype field "$TMP/pol.csv"
grep -q "option '--invert' takes no separate value" "$ERR" || fail "quantile --invert pol: $(head -1 "$ERR")"

# Usage errors name their cause.
expect_exit 2 "$HG" stat rate --n n --x
grep -q "option '--x' requires an argument" "$ERR" || fail "missing argument: $(head -1 "$ERR")"
expect_exit 2 "$HG" stat sii --re 5 "$TMP/sii.csv"
grep -q "option '--re' is ambiguous; possibilities: '--repetitions' '--reliability-stat'" "$ERR" ||
  fail "ambiguous option: $(head -1 "$ERR")"
expect_exit 2 "$HG" stat rate --frobnicate x "$TMP/sii.csv"
grep -q "unrecognized option '--frobnicate'" "$ERR" || fail "unknown option: $(head -1 "$ERR")"
expect_exit 2 "$HG" gaps --frobnicate "$TMP/sii.csv"
grep -q "^healthgap gaps: unrecognized option '--frobnicate'" "$ERR" || fail "gaps unknown option: $(head -1 "$ERR")"
grep -q "Try 'healthgap gaps --help'" "$ERR" || fail "gaps unknown option: no Try line"

# --value-type: words in both commands, R's numbers too.
R1="stat sii --quantile Quantile --population Population --value Value --group-by Area --repetitions 1000 --lower-cl LowerCL --upper-cl UpperCL --transform --rii --type standard --seed 3"
sed -n '1p;307,326p' "$WB" > "$TMP/rate.csv"
expect_exit 0 "$HG" $R1 --value-type rate "$TMP/rate.csv"
cp "$OUT" "$TMP/words.csv"
expect_exit 0 "$HG" $R1 --value-type 1 "$TMP/rate.csv"
cmp -s "$OUT" "$TMP/words.csv" || fail "sii --value-type rate differs from 1"
# and R's point estimates for those rows (generated__phe_sii_point_estimates.csv, 1e-9)
awk -F, 'NR == 1 || $1 == 306' $D/generated__phe_sii_point_estimates.csv > "$TMP/want.csv"
awk -v key=Area -v rel=1e-9 -v skip=first_row,last_row,value_type,transform,multiplier,intercept \
  -f tests/cli/csvcmp.awk "$TMP/want.csv" "$TMP/words.csv" >&2 || fail "sii --value-type rate: not R's numbers"
sed -n '1p;132,151p' "$WB" > "$TMP/prop.csv"
awk -F, 'NR == 1 || $1 == 131' $D/generated__phe_sii_point_estimates.csv > "$TMP/want.csv"
expect_exit 0 "$HG" stat sii --quantile Quantile --population Population --x Count --value-type proportion \
  --multiplier -100 --lower-cl LowerCL --upper-cl UpperCL --rii --group-by Area --repetitions 1000 \
  --type standard "$TMP/prop.csv"
awk -v key=Area -v rel=1e-9 -v skip=first_row,last_row,value_type,transform,multiplier,intercept \
  -f tests/cli/csvcmp.awk "$TMP/want.csv" "$OUT" >&2 || fail "sii --value-type proportion: not R's numbers"
expect_exit 1 "$HG" $R1 --value-type ratio "$TMP/rate.csv"
grep -q "value_type should be 0, 1 or 2 (normal, rate or proportion)" "$ERR" || fail "sii bad value type: $(head -1 "$ERR")"
G="$PWD/tests/data/inequalities/fingertips_93763_england_deprivation.csv"
GAPS="gaps --by deprivation --indicator 93763 --period 2023 --sex Persons --seed 7"
expect_exit 0 "$HG" $GAPS --value-type rate "$G"
cp "$OUT" "$TMP/gw.csv"
expect_exit 0 "$HG" $GAPS --value-type 1 "$G"
cmp -s "$OUT" "$TMP/gw.csv" || fail "gaps --value-type 1 differs from rate"
expect_exit 0 "$HG" $GAPS --value-type 0 "$G"
cp "$OUT" "$TMP/g0.csv"
expect_exit 0 "$HG" $GAPS --value-type normal "$G"
cmp -s "$OUT" "$TMP/g0.csv" || fail "gaps --value-type 0 differs from normal"
expect_exit 2 "$HG" $GAPS --value-type 3 "$G"
grep -q "value-type must be normal, rate or proportion (or 0, 1, 2), not '3'" "$ERR" ||
  fail "gaps bad value type: $(head -1 "$ERR")"
# gaps booleans in pairs.
expect_exit 0 "$HG" $GAPS --value-type rate --no-ci --ci "$G"
cmp -s "$OUT" "$TMP/gw.csv" || fail "gaps --no-ci --ci differs from the default"
expect_exit 0 "$HG" $GAPS --value-type rate --no-trend --trend --bom --no-bom "$G"
cmp -s "$OUT" "$TMP/gw.csv" || fail "gaps --trend/--no-bom differ from the default"

# Limit columns: the 95% limits are lowercl/uppercl (R's default names) whatever
# other levels are asked for; any other level is lowerNN_Ncl, alone or not.
printf 'a,x,n\nA,5,10\nB,30,100\n' > "$TMP/p.csv"
for m in proportion rate; do
  expect_exit 0 "$HG" stat $m --x x --n n --type standard "$TMP/p.csv"
  [ "$(header)" = "a,x,n,value,lowercl,uppercl" ] || fail "$m default: $(header)"
  expect_exit 0 "$HG" stat $m --x x --n n --confidence 95,99.8 --type standard "$TMP/p.csv"
  [ "$(header)" = "a,x,n,value,lowercl,uppercl,lower99_8cl,upper99_8cl" ] || fail "$m 95,99.8: $(header)"
  expect_exit 0 "$HG" stat $m --x x --n n --confidence 99.8 --type standard "$TMP/p.csv"
  [ "$(header)" = "a,x,n,value,lower99_8cl,upper99_8cl" ] || fail "$m 99.8: $(header)"
done
expect_exit 0 "$HG" stat le --deaths deaths --population pops --startage startage --confidence 95,99.8 \
  --type standard $D/LE_inline__df1_input.csv
[ "$(header)" = "startage,value,lowercl,lower99_8cl,uppercl,upper99_8cl" ] || fail "le 95,99.8: $(header)"
expect_exit 0 "$HG" stat le --deaths deaths --population pops --startage startage --confidence 90 \
  --type standard $D/LE_inline__df1_input.csv
[ "$(header)" = "startage,value,lower90_0cl,upper90_0cl" ] || fail "le 90: $(header)"
finish
