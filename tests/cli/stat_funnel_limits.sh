#!/bin/sh
# healthgap stat funnel-limits: proportion, ratio (isr) and rate (dsr) tables
# against generated__funnel_limits_*_full.csv (1e-8 relative).
. tests/cli/lib.inc
D=tests/data/phe
cmp_csv() { awk -v key=Population -v rel=1e-8 -v abs=0 -f tests/cli/csvcmp.awk "$1" "$2" >&2 || fail "$1 differs"; }
expect_exit 0 "$HG" stat funnel-limits --numerator numerator --denominator denominator --statistic proportion \
  --multiplier 100 $D/testdata_funnel_prop_inputs.csv
awk -v key= -v rel=1e-8 -f tests/cli/csvcmp.awk $D/generated__funnel_limits_proportion_full.csv "$OUT" >&2 ||
  fail "proportion limits differ"
awk -v key= -v rel=0 -v abs=1e-6 -f tests/cli/csvcmp.awk $D/testdata_funnel_prop_outputs.csv "$OUT" >&2 ||
  fail "proportion limits differ from the 6 dp oracle"
expect_exit 0 "$HG" stat funnel-limits --numerator obs --denominator expected --statistic ratio --ratio-type isr \
  --multiplier 100 $D/testdata_funnel_ratio_inputs.csv
awk -v key= -v rel=1e-8 -f tests/cli/csvcmp.awk $D/generated__funnel_limits_ratio_isr_full.csv "$OUT" >&2 ||
  fail "ratio limits differ"
expect_exit 0 "$HG" stat funnel-limits --numerator ev --rate rate --statistic rate --rate-type dsr \
  --multiplier 100000 --years-of-data 3 $D/testdata_funnel_rate_input_funnels.csv
awk -v key= -v rel=1e-8 -f tests/cli/csvcmp.awk $D/generated__funnel_limits_rate_dsr_full.csv "$OUT" >&2 ||
  fail "rate limits differ"
expect_exit 1 "$HG" stat funnel-limits --numerator ev --rate rate --statistic rate $D/testdata_funnel_rate_input_funnels.csv
grep -q "the following arguments are required for rates: data, numerator, rate, rate_type, multiplier, years_of_data" "$ERR" ||
  fail "rate arguments message"
finish
