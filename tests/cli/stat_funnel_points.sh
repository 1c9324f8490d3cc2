#!/bin/sh
# healthgap stat funnel-points: chart rate and derived annual denominator (crude
# rates, years 3) against testdata_funnel_rate_input_funnels (10 significant digits).
. tests/cli/lib.inc
D=tests/data/phe
cut -d, -f1-3 $D/testdata_funnel_rate_input_funnels.csv > "$TMP/in.csv"
expect_exit 0 "$HG" stat funnel-points --numerator ev --rate rate --rate-type crude --years-of-data 3 \
  --multiplier 100000 "$TMP/in.csv"
# Rename our columns to the oracle's names for the crude case, then compare.
tr -d '\r' < "$OUT" | sed '1s/rate_chart,denominator_derived/rate_chart_crude,denominator_derived_crude/' > "$TMP/got.csv"
cut -d, -f1-3,6,7 $D/testdata_funnel_rate_input_funnels.csv > "$TMP/want.csv"
awk -v key= -v rel=1e-9 -f tests/cli/csvcmp.awk "$TMP/want.csv" "$TMP/got.csv" >&2 || fail "crude points differ"
expect_exit 1 "$HG" stat funnel-points --numerator ev --rate rate --rate-type crude "$TMP/in.csv"
grep -q "the following arguments are required for rates: data, numerator, rate, rate_type, years_of_data, multiplier" "$ERR" ||
  fail "arguments message"
finish
