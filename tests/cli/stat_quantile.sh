# healthgap stat quantile: against PHEindicatormethods outputs (tests/data/phe).
. tests/cli/lib.inc
. tests/cli/stat_adv.inc
IN="$DATA/generated__phe_quantile_input.csv"
WANT="$DATA/generated__phe_quantile_output.csv"

expect_exit 0 "$HG" stat quantile --values v --nquantiles 5 --group-by grp "$IN"
csv_compare "$OUT" "$WANT" quantile=quantile_n5_invertTRUE,nquantiles 0
want_head=$(head -1 "$WANT" | tr -d '"' | cut -d, -f1-7 | sed 's/quantile_n5_invertTRUE/quantile/')
[ "$(head -1 "$OUT" | tr -d '\r')" = "$want_head" ] || fail "quantile header: $(head -1 "$OUT")"
grep -q '^A,X1,5,4,5,grp,lowest quantile represents highest values' "$OUT" || fail "quantile metadata"
expect_exit 0 "$HG" stat quantile --values v --nquantiles 10 --no-invert --group-by grp "$IN"
csv_compare "$OUT" "$WANT" quantile=quantile_n10_invertFALSE 0
grep -q 'lowest quantile represents lowest values' "$OUT" || fail "quantile qinverted FALSE"
expect_exit 0 "$HG" stat quantile --values v --nquantiles 4 --no-invert "$IN"
csv_compare "$OUT" "$WANT" quantile=quantile_ungrouped_n4_invertFALSE 0
expect_exit 0 "$HG" stat quantile --values v --nquantiles 4 --no-invert --type standard "$IN"
[ "$(head -1 "$OUT" | tr -d '\r')" = "grp,area,v,quantile" ] || fail "quantile --type standard"

# invert from a field, constant per group.
awk -F, 'NR == 1 { print $0 ",pol"; next } { print $0 ",TRUE" }' "$IN" > "$TMP/field.csv"
expect_exit 0 "$HG" stat quantile --values v --nquantiles 5 --invert=pol --inverttype field --group-by grp "$TMP/field.csv"
csv_compare "$OUT" "$WANT" quantile=quantile_n5_invertTRUE 0

# Errors (R's messages, exit 1).
expect_exit 1 "$HG" stat quantile --nquantiles 5 "$IN"
grep -q 'function phe_quantile requires at least 2 arguments: data and values' "$ERR" || fail "q msg 1"
expect_exit 1 "$HG" stat quantile --values v --inverttype other "$IN"
grep -q 'valid values for inverttype are logical and field' "$ERR" || fail "q msg 2"
expect_exit 1 "$HG" stat quantile --values v --invert=maybe "$IN"
grep -q 'invert expressed as a logical must equal TRUE or FALSE' "$ERR" || fail "q msg 3"
expect_exit 1 "$HG" stat quantile --values v --invert=nosuch --inverttype field "$IN"
grep -q 'invert is not a field name from data' "$ERR" || fail "q msg 4"
expect_exit 1 "$HG" stat quantile --values area "$IN"
grep -q "generated__phe_quantile_input.csv:2: column 'area': values argument must be a numeric field from data" "$ERR" ||
  fail "q msg 5"
awk -F, 'NR == 1 { print $0 ",pol"; next } { print $0 "," (NR % 2 ? "TRUE" : "FALSE") }' "$IN" > "$TMP/mixed.csv"
expect_exit 1 "$HG" stat quantile --values v --invert=pol --inverttype field --group-by grp "$TMP/mixed.csv"
grep -q 'invert field values must take the same logical value for each data grouping set' "$ERR" ||
  fail "q msg 6"
finish
