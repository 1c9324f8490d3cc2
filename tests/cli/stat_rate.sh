#!/bin/sh
# healthgap stat rate: exact below 10 events, Byar's from 10 (generated__phe_rate_edge_*).
. tests/cli/lib.inc
D=tests/data/phe
# R names the 95% limits lower95_0cl/upper95_0cl when two levels are output; healthgap keeps
# lowercl/uppercl (docs/methods.md): the comparisons map the names.
R95=lower95_0cl=lowercl,upper95_0cl=uppercl
cmp_csv() { awk -v key="$1" -v rel=1e-9 -v abs=0 -v skip="$4" -v rename="${5:-$R95}" -f tests/cli/csvcmp.awk "$2" "$3" >&2 || fail "$2 differs"; }
cut -d, -f1-3 $D/generated__phe_rate_edge_2ci.csv > "$TMP/in.csv"
expect_exit 0 "$HG" stat rate --x x --n n --confidence 0.95,0.998 "$TMP/in.csv"
cmp_csv area $D/generated__phe_rate_edge_2ci.csv "$OUT"
expect_exit 0 "$HG" stat rate --x x --n n "$TMP/in.csv"
cmp_csv area $D/generated__phe_rate_edge_default.csv "$OUT"
expect_exit 0 "$HG" stat rate --x x --n n --confidence 99.8 --multiplier 1000 "$TMP/in.csv"
cmp_csv area $D/generated__phe_rate_edge_998_per1000.csv "$OUT" "" lowercl=lower99_8cl,uppercl=upper99_8cl
cut -d, -f1-3 $D/testdata_Rate__testdata_Rate.csv > "$TMP/rate.csv"
expect_exit 0 "$HG" stat rate --x Numerator --n Denominator --group-by Area "$TMP/rate.csv"
cmp_csv Area $D/testdata_Rate__testdata_Rate_g.csv "$OUT" multiplier
# The percent form of the pair is accepted (R refuses it); other pairs are not.
expect_exit 0 "$HG" stat rate --x x --n n --confidence 95,99.8 "$TMP/in.csv"
cmp_csv area $D/generated__phe_rate_edge_2ci.csv "$OUT"
expect_exit 1 "$HG" stat rate --x x --n n --confidence 95,99 "$TMP/in.csv"
grep -q "two confidence levels can only be produced if they are specified as 0.95 and 0.998" "$ERR" ||
  fail "percent pair message"
finish
