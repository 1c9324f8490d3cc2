#!/bin/sh
# healthgap stat isratio (calculate_ISRatio), with observed totals from a file.
. tests/cli/lib.inc
D=tests/data/phe
# R names the 95% limits lower95_0cl/upper95_0cl when two levels are output; healthgap keeps
# lowercl/uppercl (docs/methods.md): the comparisons map the names.
R95=lower95_0cl=lowercl,upper95_0cl=uppercl
expect_exit 0 "$HG" stat isratio --x count --n pop --x-ref refcount --n-ref refpop --group-by area \
  --confidence 0.95,0.998 $D/testdata_DSR_ISR__testdata_multiarea_isr.csv
awk -v key=area -v rel=1e-9 -v rename="$R95" -f tests/cli/csvcmp.awk $D/generated__calculate_ISRatio_2ci.csv "$OUT" >&2 ||
  fail "ISRatio differs"
expect_exit 0 "$HG" stat isratio --x total_count --n pop --x-ref refcount --n-ref refpop --group-by area \
  --observed-totals $D/testdata_DSR_ISR__testdata_multiarea_lookup.csv --confidence 0.95,0.998 \
  $D/testdata_DSR_ISR__testdata_multiarea_isr.csv
awk -v key=area -v rel=1e-9 -v rename="$R95" -f tests/cli/csvcmp.awk $D/generated__calculate_ISRatio_2ci.csv "$OUT" >&2 ||
  fail "ISRatio with observed totals differs"
expect_exit 1 "$HG" stat isratio --x count --n pop --x-ref refcount --n-ref refpop --refpoptype table \
  $D/testdata_DSR_ISR__testdata_multiarea_isr.csv
grep -q "valid values for refpoptype are vector and field" "$ERR" || fail "refpoptype message"
finish
