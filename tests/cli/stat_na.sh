#!/bin/sh
# healthgap stat: the text NA (R's missing value in a CSV) is a missing value in
# every method, exactly as an empty cell is: each method runs once with an NA cell
# and once with the same cell empty, and the exit status, output and messages must
# be the same.  Then what missing means, checked independently for sii and quantile.
. tests/cli/lib.inc
D=tests/data/phe

# same_as_empty NAME FILE ARGS...: FILE holds the marker @ where a cell is missing.
same_as_empty() {
  name=$1 src=$2; shift 2
  sed 's/@/NA/g' "$src" > "$TMP/cell.csv"
  "$HG" "$@" "$TMP/cell.csv" > "$TMP/na.out" 2> "$TMP/na.err"; na_rc=$?
  sed 's/@//g' "$src" > "$TMP/cell.csv"
  "$HG" "$@" "$TMP/cell.csv" > "$TMP/empty.out" 2> "$TMP/empty.err"; empty_rc=$?
  [ "$na_rc" -eq "$empty_rc" ] || { fail "$name: NA exits $na_rc, empty exits $empty_rc"; sed 's/^/  NA: /' "$TMP/na.err" | head -3 >&2; }
  # Methods that echo their input (quantile) write the cell back as given.
  sed -E 's/(^|,)NA(,|$)/\1\2/g' "$TMP/na.out" > "$TMP/na.cmp"
  cmp -s "$TMP/na.cmp" "$TMP/empty.out" || fail "$name: NA and empty give different output"
  cmp -s "$TMP/na.err" "$TMP/empty.err" || fail "$name: NA and empty give different messages: $(head -1 "$TMP/na.err")"
}

# proportion, rate: a missing numerator in a group.
printf 'a,x,n\nA,5,10\nA,@,10\nB,3,20\n' > "$TMP/pr.csv"
same_as_empty proportion "$TMP/pr.csv" stat proportion --x x --n n --group-by a
same_as_empty rate "$TMP/pr.csv" stat rate --x x --n n --group-by a
printf 'a,values\nA,1\nA,@\nA,3\nB,4\nB,6\n' > "$TMP/mean.csv"
same_as_empty mean "$TMP/mean.csv" stat mean --x values --group-by a
# dsr: a missing count; and a missing standard population in a --stdpop-table.
sed '3s/,0,1000,/,@,1000,/' $D/generated__calculate_dsr_edge_input.csv > "$TMP/dsr.csv"
same_as_empty dsr "$TMP/dsr.csv" stat dsr --x count --n pop --stdpop esp2013 --group-by area
printf 'band,pop\n0,5000\n5,@\n' > "$TMP/std_src.csv"
sed 's/@/NA/' "$TMP/std_src.csv" > "$TMP/std.csv"
expect_exit 1 "$HG" stat dsr --x count --n pop --stdpop-table "$TMP/std.csv" --ageband ageband \
  --group-by area $D/generated__calculate_dsr_edge_input.csv
grep -q "std.csv:3: column 'pop': field stdpop cannot have missing values" "$ERR" ||
  fail "dsr: an NA standard population is not R's missing-value message: $(cat "$ERR")"
# israte, isratio: a missing count.
sed '3s/,25,558,/,@,558,/' $D/testdata_DSR_ISR__testdata_multiarea_isr.csv > "$TMP/isr.csv"
same_as_empty israte "$TMP/isr.csv" stat israte --x count --n pop --x-ref refcount --n-ref refpop \
  --refpoptype field --group-by area
same_as_empty isratio "$TMP/isr.csv" stat isratio --x count --n pop --x-ref refcount --n-ref refpop \
  --refpoptype field --group-by area
# le: a missing death count (status missing).
sed '4s/,4$/,@/' $D/LE_inline__df1_input.csv > "$TMP/le.csv"
same_as_empty le "$TMP/le.csv" stat le --deaths deaths --population pops --startage startage
grep -q ',missing,' "$TMP/na.out" || fail "le: an NA death count is not status missing"
# quantile: a missing value gets no quantile.
sed '3s/,5$/,@/' $D/generated__phe_quantile_input.csv > "$TMP/q.csv"
same_as_empty quantile "$TMP/q.csv" stat quantile --values v --nquantiles 5 --group-by grp
# funnels: a missing numerator.
sed '3s/^Norwich PCT,[0-9.]*,/Norwich PCT,@,/' $D/testdata_funnel_prop_inputs.csv > "$TMP/fp.csv"
same_as_empty funnel-limits "$TMP/fp.csv" stat funnel-limits --numerator numerator \
  --denominator denominator --statistic proportion --multiplier 100
same_as_empty funnel-significance "$TMP/fp.csv" stat funnel-significance --numerator numerator \
  --denominator denominator --statistic proportion
cut -d, -f1-3 $D/testdata_funnel_rate_input_funnels.csv | sed '3s/^462,/@,/' > "$TMP/fr.csv"
same_as_empty funnel-points "$TMP/fr.csv" stat funnel-points --numerator ev --rate rate \
  --rate-type crude --years-of-data 3 --multiplier 100000

# sii: two areas of five quintiles; area B's value in quintile 3 is missing.
cat > "$TMP/sii_src.csv" <<'EOF'
area,q,pop,value,se
A,1,1000,80,1
A,2,2000,70,1
A,3,1500,65,1
A,4,2500,60,1
A,5,3000,50,1
B,1,1200,90,1
B,2,1300,85,1
B,3,1400,@,1
B,4,1500,75,1
B,5,1600,70,1
EOF
SII="stat sii --quantile q --population pop --value value --se se --group-by area --repetitions 1000"
same_as_empty sii "$TMP/sii_src.csv" $SII
sed 's/@/NA/' "$TMP/sii_src.csv" > "$TMP/sii.csv"
expect_exit 0 "$HG" $SII --type standard "$TMP/sii.csv"
grep -q 'WARNING: some records have been removed due to incomplete or invalid data' "$ERR" ||
  fail "sii: no warning for the group with a missing value"
[ "$(tail -n +2 "$OUT" | cut -d, -f1 | tr '\n' ' ')" = "A " ] || fail "sii: group B kept: $(cat "$OUT")"
# Area A's SII, independently: weighted least squares of value on the midpoint of
# the cumulative population share, weights the shares (Low & Low 2004).
want=$(python3 - <<'PY'
pop = [1000, 2000, 1500, 2500, 3000]
val = [80, 70, 65, 60, 50]
t = sum(pop)
a = [p / t for p in pop]
b, cum = [], 0.0
for s in a:
    b.append(cum + s / 2)
    cum += s
mb = sum(ai * bi for ai, bi in zip(a, b))
my = sum(ai * yi for ai, yi in zip(a, val))
print(repr(sum(ai * (bi - mb) * (yi - my) for ai, bi, yi in zip(a, b, val)) /
           sum(ai * (bi - mb) ** 2 for ai, bi in zip(a, b))))
PY
)
got=$(tail -n +2 "$OUT" | cut -d, -f2)
awk -v g="$got" -v w="$want" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(d <= 1e-9 * (w < 0 ? -w : w)) }' ||
  fail "sii: area A's SII $got, want $want"
# A missing population is R's "missing population" error, not a parse error.
sed 's/^A,2,2000,/A,2,NA,/;s/@/75/' "$TMP/sii_src.csv" > "$TMP/sii.csv"
expect_exit 1 "$HG" $SII "$TMP/sii.csv"
grep -q 'sii.csv:3: some groups have a zero, negative or missing population' "$ERR" ||
  fail "sii: NA population: $(cat "$ERR")"

# quantile: the NA row has no quantile and the others are ranked among the values
# present, by the PHE formula floor((nq+1) - ceiling(((N+1) - rank) / (N/nq))).
sed 's/@/NA/' "$TMP/q.csv" > "$TMP/qna.csv"
expect_exit 0 "$HG" stat quantile --values v --nquantiles 5 --group-by grp "$TMP/qna.csv"
tr -d '\r"' < "$OUT" | awk -F, 'NR > 1 && $1 == "A" { print $3 "," $4 }' > "$TMP/q_got.csv"
tr -d '\r"' < "$TMP/qna.csv" | awk -F, 'NR > 1 && $1 == "A" { print $3 }' > "$TMP/q_vals.txt"
python3 - "$TMP/q_vals.txt" > "$TMP/q_want.csv" <<'PY'
import math, sys
vals = [l.strip() for l in open(sys.argv[1])]
num = [float(v) for v in vals if v not in ("NA", "")]
n, nq = len(num), 5
for v in vals:
    if v in ("NA", ""):
        print(v + ",")
        continue
    rank = 1 + sum(1 for w in num if w > float(v))  # invert: highest value first, ties min
    q = math.floor((nq + 1) - math.ceil(((n + 1) - rank) / (n / nq)))
    print("%s,%d" % (v, max(q, 1)))
PY
cmp -s "$TMP/q_got.csv" "$TMP/q_want.csv" || fail "quantile with NA: got $(tr '\n' ' ' < "$TMP/q_got.csv"), want $(tr '\n' ' ' < "$TMP/q_want.csv")"

# group-by: a numeric key column with NA sorts numerically with the NA group last
# (dplyr), as with an empty key.
printf 'k,x,n\n10,1,10\n2,1,10\n@,1,10\n' > "$TMP/key.csv"
sed 's/@/NA/' "$TMP/key.csv" > "$TMP/key_na.csv"
expect_exit 0 "$HG" stat rate --x x --n n --group-by k --type value "$TMP/key_na.csv"
[ "$(tail -n +2 "$OUT" | cut -d, -f1 | tr -d '\r' | tr '\n' ' ')" = "2 10 NA " ] ||
  fail "group-by with NA: order $(tail -n +2 "$OUT" | cut -d, -f1 | tr '\n' ' ')"
finish
