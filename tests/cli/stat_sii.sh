# healthgap stat sii: against PHEindicatormethods outputs (tests/data/phe).  Point
# estimates at 1e-9; Monte Carlo limits at 5% relative (the R tests' tolerance).
. tests/cli/lib.inc
. tests/cli/stat_adv.inc
WB="$DATA/testdata_SII__testdata_SII.csv"
# rows FIRST LAST: the header and 1-based data rows FIRST..LAST of the workbook.
rows() { sed -n "1p;$(($1 + 1)),$(($2 + 1))p" "$WB"; }
# The expected values sit on the first row of each area block (quantile 1).
expected() { rows "$1" "$2" | awk -F, 'NR == 1 || $6 == 1'; }
SII="stat sii --quantile Quantile --population Population --value Value --group-by Area --repetitions 20000 --seed 7"
LIM1=sii_lower95_0cl=sii_lowercl_1,sii_upper95_0cl=sii_uppercl_1,rii_lower95_0cl=rii_lowercl_1,rii_upper95_0cl=rii_uppercl_1

# Normal values, se given (rows 1-20).
rows 1 20 > "$TMP/in.csv"; expected 1 20 > "$TMP/want.csv"
expect_exit 0 "$HG" $SII --se StandardError --rii "$TMP/in.csv"
csv_compare "$OUT" "$TMP/want.csv" sii,rii 1e-9
csv_compare "$OUT" "$TMP/want.csv" "$LIM1" 0.05
[ "$(head -1 "$OUT" | tr -d '\r')" = \
  "Area,sii,rii,sii_lower95_0cl,sii_upper95_0cl,rii_lower95_0cl,rii_upper95_0cl,indicator_type,multiplier,transform,CI_confidence,CI_method" ] ||
  fail "sii header: $(head -1 "$OUT")"
grep -q ',normal,1,none,95%,simulation 20000 reps' "$OUT" || fail "sii metadata"

# Same answer whatever the thread count; a different seed moves the limits.
cp "$OUT" "$TMP/j0.csv"
expect_exit 0 "$HG" $SII --se StandardError --rii --jobs 1 "$TMP/in.csv"
cmp -s "$OUT" "$TMP/j0.csv" || fail "sii --jobs 1 differs from the default"
expect_exit 0 "$HG" $SII --se StandardError --rii --jobs 2 "$TMP/in.csv"
cmp -s "$OUT" "$TMP/j0.csv" || fail "sii --jobs 2 differs"
expect_exit 0 "$HG" $SII --se StandardError --rii --seed 8 "$TMP/in.csv"
cmp -s "$OUT" "$TMP/j0.csv" && fail "sii --seed has no effect"

# Two confidence levels (rows 226-245): all SII limits, then all RII limits.  At
# R's own 100,000 repetitions: area 1's 99% lower SII limit (1.9) is 1 sd of the
# draws from zero, so 5% of it is 0.05 sd, and at 20,000 repetitions the Monte
# Carlo error of a 0.5% percentile is 0.035 sd on each side of the comparison.
rows 226 245 > "$TMP/in.csv"; expected 226 245 > "$TMP/want.csv"
expect_exit 0 "$HG" $SII --repetitions 100000 --se StandardError --rii --confidence 95,99 \
  --type standard "$TMP/in.csv"
csv_compare "$OUT" "$TMP/want.csv" \
  "$LIM1,sii_lower99_0cl=sii_lowercl_2,sii_upper99_0cl=sii_uppercl_2,rii_lower99_0cl=rii_lowercl_2,rii_upper99_0cl=rii_uppercl_2" 0.05
[ "$(head -1 "$OUT" | tr -d '\r')" = \
  "Area,sii,rii,sii_lower95_0cl,sii_upper95_0cl,sii_lower99_0cl,sii_upper99_0cl,rii_lower95_0cl,rii_upper95_0cl,rii_lower99_0cl,rii_upper99_0cl" ] ||
  fail "sii 2-level header"

# Rate, log transform, intercept (rows 306-325): per-level column order.
rows 306 325 > "$TMP/in.csv"; expected 306 325 > "$TMP/want.csv"
expect_exit 0 "$HG" $SII --value-type 1 --transform --lower-cl LowerCL --upper-cl UpperCL \
  --rii --intercept "$TMP/in.csv"
csv_compare "$OUT" "$TMP/want.csv" sii,rii,intercept=Intercept 1e-9
csv_compare "$OUT" "$TMP/want.csv" "$LIM1" 0.05
grep -q ',rate,1,log,95%,' "$OUT" || fail "sii log metadata"

# Proportion, multiplier -100, count x instead of value (rows 131-150): point estimates.
rows 131 150 > "$TMP/in.csv"
awk -F, 'NR == 1 || $1 == 131' "$DATA/generated__phe_sii_point_estimates.csv" > "$TMP/want.csv"
expect_exit 0 "$HG" stat sii --quantile Quantile --population Population --x Count --value-type 2 \
  --multiplier -100 --lower-cl LowerCL --upper-cl UpperCL --rii --group-by Area \
  --repetitions 1000 "$TMP/in.csv"
awk -F, 'NR == 1 || $1 ~ /area/' "$OUT" > "$TMP/got.csv"
csv_compare "$TMP/got.csv" "$TMP/want.csv" sii,rii 1e-9

# The multiplier, as phe_sii uses it (R v2.1.0, SII_function.R: sii = multiplier * b_sqrt_a;
# the oracle above: multiplier 100 gives 100 times the SII of multiplier 1): it multiplies
# the SII and its limits, it is not a rate's per-100,000 base.  A user's rates per 100,000
# run with --value-type 1 --multiplier 100000 got an SII 100,000 times the rates' units
# without a word: now a warning says what the multiplier did.  The SII of a hand-made set
# of rates, independently: weighted least squares of the value on the midpoint of the
# cumulative population share, weights the shares (Low & Low 2004), in Python.
cat > "$TMP/rates.csv" <<'CSV'
q,pop,rate,lcl,ucl
1,21000,321,297.2,346.2
2,20500,331,306.6,356.8
3,19800,339,313.9,365.6
4,20200,345,319.8,371.7
5,18500,349,322.5,377.0
CSV
rate_sii=$(python3 - <<'PY'
pop = [21000, 20500, 19800, 20200, 18500]
val = [321, 331, 339, 345, 349]
a = [p / sum(pop) for p in pop]
b, cum = [], 0.0
for s in a:
    b.append(cum + s / 2)
    cum += s
mb = sum(x * y for x, y in zip(a, b))
my = sum(x * y for x, y in zip(a, val))
print(repr(sum(x * (y - mb) * (v - my) for x, y, v in zip(a, b, val)) /
           sum(x * (y - mb) ** 2 for x, y in zip(a, b))))
PY
)
near() { awk -v g="$1" -v w="$2" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(d <= 1e-9 * (w < 0 ? -w : w)) }'; }
RATES="stat sii --quantile q --population pop --value rate --lower-cl lcl --upper-cl ucl --value-type 1 --repetitions 1000 --type standard"
expect_exit 0 "$HG" $RATES "$TMP/rates.csv"
got=$(tail -n +2 "$OUT" | cut -d, -f1)
near "$got" "$rate_sii" || fail "sii of rates: got $got, want $rate_sii (35.2 per 100,000)"
[ -s "$ERR" ] && fail "sii of rates, multiplier 1: warns: $(cat "$ERR")"
expect_exit 0 "$HG" $RATES --multiplier 100000 "$TMP/rates.csv"
got=$(tail -n +2 "$OUT" | cut -d, -f1)
near "$got" "$(awk -v w="$rate_sii" 'BEGIN { printf "%.17g", w * 100000 }')" ||
  fail "sii of rates x 100000: got $got, want 100000 x $rate_sii (R's phe_sii)"
grep -q "warning: multiplier 100000 multiplies the SII and its limits (phe_sii): they are in the value column's units times 100000" "$ERR" ||
  fail "sii --multiplier 100000 on rates: no warning: $(cat "$ERR")"
expect_exit 0 "$HG" stat sii --help
grep -q -- "--multiplier NUM .*multiplies the SII and its limits" "$OUT" || fail "sii --help: multiplier"

# Reliability statistic: one sii_mad column per level (R's dimensions).
rows 1 20 > "$TMP/in.csv"
expect_exit 0 "$HG" $SII --se StandardError --repetitions 1000 --reliability-stat --type standard "$TMP/in.csv"
[ "$(head -1 "$OUT" | tr -d '\r')" = "Area,sii,sii_lower95_0cl,sii_upper95_0cl,sii_mad95_0" ] ||
  fail "sii reliability header: $(head -1 "$OUT")"

# Errors (R's messages, exit 1).
expect_exit 1 "$HG" stat sii --quantile Quantile --value Value --se StandardError "$TMP/in.csv"
grep -q 'function phe_sii requires the arguments: data, quantile, population' "$ERR" || fail "sii msg 1"
expect_exit 1 "$HG" stat sii --quantile Quantile --population Population --se StandardError "$TMP/in.csv"
grep -q 'function phe_sii requires value field, or x field if indicator is a proportion of population' "$ERR" ||
  fail "sii msg 2"
expect_exit 1 "$HG" stat sii --quantile Quantile --population Population --value Value "$TMP/in.csv"
grep -q 'function phe_sii requires either lower_cl and upper_cl fields, or se field' "$ERR" || fail "sii msg 3"
expect_exit 1 "$HG" $SII --se StandardError --value-type 4 "$TMP/in.csv"
grep -q 'value_type should be 0, 1 or 2' "$ERR" || fail "sii msg 4"
expect_exit 1 "$HG" $SII --se StandardError --multiplier none "$TMP/in.csv"
grep -q 'multiplier, repetitions and confidence inputs should be numeric' "$ERR" || fail "sii msg 5"
expect_exit 1 "$HG" $SII --se StandardError --repetitions 999 "$TMP/in.csv"
grep -q 'number of repetitions must be 1000 or greater. Default is 100,000' "$ERR" || fail "sii msg 6"
expect_exit 1 "$HG" $SII --lower-cl LowerCL --upper-cl UpperCL --transform "$TMP/in.csv"
grep -q 'value_type should be 1 or 2 when transform is true' "$ERR" || fail "sii msg 7"
expect_exit 1 "$HG" $SII --se StandardError --transform --value-type 1 "$TMP/in.csv"
grep -q 'function phe_sii requires se to be missing when transform is true' "$ERR" || fail "sii msg 8"
expect_exit 1 "$HG" $SII --se StandardError --confidence 0.35 "$TMP/in.csv"
grep -q 'all confidence levels must be between 90 and 100 or between 0.9 and 1' "$ERR" || fail "sii msg 10"
expect_exit 1 "$HG" stat sii --quantile Quantile --population Grouping1 --value Value --se StandardError "$TMP/in.csv"
grep -q "column 'Grouping1': some input fields in data.frame are non-numeric" "$ERR" || fail "sii msg 11"
expect_exit 1 "$HG" $SII --value-type 2 --se StandardError "$TMP/in.csv"
grep -q 'value proportions are not all between 0 and 1' "$ERR" || fail "sii msg 15a"
rows 1 3 > "$TMP/in3.csv"
expect_exit 1 "$HG" $SII --lower-cl LowerCL --upper-cl UpperCL "$TMP/in3.csv"
grep -q 'Number of quantiles must be between 5 and 100' "$ERR" || fail "sii msg 16"
rows 151 160 > "$TMP/in.csv"
expect_exit 1 "$HG" $SII --se StandardError "$TMP/in.csv"
grep -q 'in.csv:[0-9]*: some groups have a zero, negative or missing population' "$ERR" || fail "sii msg 12"
rows 161 165 > "$TMP/in.csv"
expect_exit 1 "$HG" $SII --se StandardError "$TMP/in.csv"
grep -q 'negative or missing standard errors in input dataset' "$ERR" || fail "sii msg 13"
rows 191 200 > "$TMP/in.csv"
expect_exit 1 "$HG" $SII --lower-cl LowerCL --upper-cl UpperCL "$TMP/in.csv"
grep -q 'missing lower or upper confidence limits in input dataset' "$ERR" || fail "sii msg 14"
expect_exit 1 "$HG" $SII --se StandardError "$TMP/in.csv"
grep -q 'negative or missing standard errors in input dataset' "$ERR" || fail "sii msg 13 (missing)"
rows 166 170 > "$TMP/in.csv"
expect_exit 1 "$HG" stat sii --quantile Quantile --population Population --x Count --value-type 2 --se StandardError "$TMP/in.csv"
grep -q 'some groups have a zero or negative count x' "$ERR" || fail "sii msg 15c"
rows 171 175 > "$TMP/in.csv"
expect_exit 1 "$HG" $SII --value-type 2 --lower-cl LowerCL --upper-cl UpperCL "$TMP/in.csv"
grep -q 'confidence limit proportions are not all between 0 and 1' "$ERR" || fail "sii msg 15b"

# Item 17: an area missing a quantile is dropped (R warns); the other is computed.
sed -n '1,16p;18,21p' "$WB" > "$TMP/in.csv"
expect_exit 0 "$HG" $SII --lower-cl LowerCL --upper-cl UpperCL --type standard "$TMP/in.csv"
[ "$(tail -n +2 "$OUT" | cut -d, -f1 | tr '\n' ' ')" = "area1 " ] || fail "sii incomplete group kept"
# A missing quantile label makes its area incomplete too.
sed -n '1,21p' "$WB" | awk -F, -v OFS=, 'NR == 4 { $6 = "" } { print }' > "$TMP/in.csv"
expect_exit 0 "$HG" $SII --lower-cl LowerCL --upper-cl UpperCL --type standard "$TMP/in.csv"
[ "$(tail -n +2 "$OUT" | cut -d, -f1 | tr '\n' ' ')" = "area2 " ] || fail "sii missing quantile kept"
finish
