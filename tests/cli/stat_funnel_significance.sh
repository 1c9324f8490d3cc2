#!/bin/sh
# healthgap stat funnel-significance: every flag of the package's test data (exact).
. tests/cli/lib.inc
D=tests/data/phe
# The input already holds the expected flags in `significance`: compare the two columns.
check_last_two() {
  differ=$(tr -d '\r' < "$OUT" | tail -n +2 | sed 's/.*,\([^,]*\),\([^,]*\)$/\1|\2/' | awk -F'|' '$1 != $2' | wc -l)
  [ "$differ" -eq 0 ] || fail "$1: $differ rows flagged differently"
  [ "$(tail -n +2 "$OUT" | wc -l)" -eq "$2" ] || fail "$1: row count"
}
expect_exit 0 "$HG" stat funnel-significance --numerator numerator --denominator denominator --statistic proportion \
  $D/testdata_funnel_prop_inputs.csv
check_last_two proportion 303
expect_exit 0 "$HG" stat funnel-significance --numerator obs --denominator expected --statistic ratio \
  $D/testdata_funnel_ratio_inputs.csv
check_last_two ratio 300
# Rates: the expected flags are in named columns.
sig_rate() { # rate column, type, multiplier, expected column
  expect_exit 0 "$HG" stat funnel-significance --numerator count --denominator pop --rate "$1" --rate-type "$2" \
    --statistic rate --multiplier "$3" $D/testdata_funnel_rate_dsr_inputs.csv
  tr -d '\r' < "$OUT" | awk -F, -v want="$4" 'NR==1{for(i=1;i<=NF;i++) c[$i]=i; next}
    $c[want] != $NF {bad++} END{exit bad>0}' || fail "rate $1 $2 $3 flags differ from $4"
}
sig_rate rate_dsr dsr 100000 dsr_per_100000_with_0
sig_rate rate_crude_per_100000 crude 100000 crude_per_100000_with_0
sig_rate rate_crude_per_100 crude 100 crude_per_100_with_0
finish
