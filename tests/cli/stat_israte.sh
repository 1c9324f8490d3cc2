#!/bin/sh
# healthgap stat israte (calculate_ISRate) against generated__calculate_ISRate_default.
. tests/cli/lib.inc
D=tests/data/phe
expect_exit 0 "$HG" stat israte --x count --n pop --x-ref refcount --n-ref refpop --refpoptype field \
  --group-by area $D/testdata_DSR_ISR__testdata_multiarea_isr.csv
awk -v key=area -v rel=1e-9 -f tests/cli/csvcmp.awk $D/generated__calculate_ISRate_default.csv "$OUT" >&2 ||
  fail "ISRate differs"
# Reference given as vectors by position (R's default refpoptype).
xr=$(cut -d, -f2 $D/testdata_DSR_ISR__refdata.csv | tail -n +2 | paste -sd,)
nr=$(cut -d, -f3 $D/testdata_DSR_ISR__refdata.csv | tail -n +2 | paste -sd,)
expect_exit 0 "$HG" stat israte --x count --n pop --x-ref "$xr" --n-ref "$nr" --group-by area \
  $D/testdata_DSR_ISR__testdata_multiarea_isr.csv
awk -v key=area -v rel=1e-9 -f tests/cli/csvcmp.awk $D/generated__calculate_ISRate_default.csv "$OUT" >&2 ||
  fail "ISRate (vectors) differs"
expect_exit 1 "$HG" stat israte --x count --n pop --x-ref 1,2 --n-ref 3,4 --group-by area \
  $D/testdata_DSR_ISR__testdata_multiarea_isr.csv
grep -q "x_ref length must equal number of rows in each group within data" "$ERR" || fail "vector length message"
finish
