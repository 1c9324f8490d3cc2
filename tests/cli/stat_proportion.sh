#!/bin/sh
# healthgap stat proportion against PHEindicatormethods' outputs (1e-9 relative).
. tests/cli/lib.inc
D=tests/data/phe
# R names the 95% limits lower95_0cl/upper95_0cl when two levels are output; healthgap keeps
# lowercl/uppercl (docs/methods.md): the comparisons map the names.
R95=lower95_0cl=lowercl,upper95_0cl=uppercl
cmp_csv() { awk -v key="$1" -v rel=1e-9 -v abs=0 -v skip="$4" -v rename="$R95" -f tests/cli/csvcmp.awk "$2" "$3" >&2 || fail "$2 differs"; }

cut -d, -f1-3 $D/generated__phe_proportion_edge_2ci_pct.csv > "$TMP/in.csv"
expect_exit 0 "$HG" stat proportion --x x --n n --confidence 0.95,0.998 --multiplier 100 "$TMP/in.csv"
cmp_csv area $D/generated__phe_proportion_edge_2ci_pct.csv "$OUT"
[ "$(head -1 "$OUT" | tr -d '\r')" = "$(head -1 $D/generated__phe_proportion_edge_2ci_pct.csv | tr -d '"' |
  sed 's/lower95_0cl/lowercl/;s/upper95_0cl/uppercl/')" ] ||
  fail "header differs from R's"
expect_exit 0 "$HG" stat proportion --x x --n n "$TMP/in.csv"
cmp_csv area $D/generated__phe_proportion_edge_default.csv "$OUT"
expect_exit 0 "$HG" stat proportion --x x --n n --confidence NA - < "$TMP/in.csv"
cmp_csv area $D/generated__phe_proportion_edge_noci.csv "$OUT"
# Grouped input is summed per group first (testdata_Prop grouped by Area).
cut -d, -f1-3 $D/testdata_Proportion__testdata_Prop.csv > "$TMP/prop.csv"
expect_exit 0 "$HG" stat proportion --x Numerator --n Denominator --group-by Area "$TMP/prop.csv"
cmp_csv Area $D/testdata_Proportion__testdata_Prop_g.csv "$OUT" multiplier
# Validation: R's message, with file and line, exit 1.
printf 'a,x,n\nA,5,10\nB,11,10\n' > "$TMP/bad.csv"
expect_exit 1 "$HG" stat proportion --x x --n n "$TMP/bad.csv"
grep -q "bad.csv:3: column 'x': numerators must be less than or equal to denominator for a proportion statistic" "$ERR" ||
  fail "x > n message"
finish
