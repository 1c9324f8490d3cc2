#!/bin/sh
# healthgap stat dsr: Dobson DSR, suppression, non-independent events, ESP2013
# joined by age-band key (generated__calculate_dsr_*, 1e-9 relative).
. tests/cli/lib.inc
D=tests/data/phe
# R names the 95% limits lower95_0cl/upper95_0cl when two levels are output; healthgap keeps
# lowercl/uppercl (docs/methods.md): the comparisons map the names.
R95=lower95_0cl=lowercl,upper95_0cl=uppercl
cmp_csv() { awk -v key="$1" -v rel=1e-9 -v abs=0 -v rename="$R95" -f tests/cli/csvcmp.awk "$2" "$3" >&2 || fail "$2 differs"; }
expect_exit 0 "$HG" stat dsr --x count --n pop --stdpop esp2013 --group-by area --confidence 0.95,0.998 \
  $D/generated__calculate_dsr_edge_input.csv
cmp_csv area $D/generated__calculate_dsr_edge_2ci.csv "$OUT"
# Built-in ESP2013, joined by band (here start ages 0, 5, ..., 90).
expect_exit 0 "$HG" stat dsr --x count --n pop --stdpop-builtin esp2013 --ageband ageband --group-by area \
  --confidence 0.95,0.998 $D/generated__calculate_dsr_edge_input.csv
cmp_csv area $D/generated__calculate_dsr_edge_2ci.csv "$OUT"
expect_exit 0 "$HG" stat dsr --x persons --n pop --stdpop esp2013 --group-by area --confidence 0.95,0.998 \
  --no-independent-events --eventfreq freq --ageband ageband $D/generated__calculate_dsr_nonindependent_input_long.csv
cmp_csv area $D/generated__calculate_dsr_nonindependent_2ci.csv "$OUT"
# testdata_multiarea labels its 12th band "55-69": the key join refuses it (R joins by position).
expect_exit 1 "$HG" stat dsr --x count --n pop --stdpop-builtin esp2013 --ageband ageband --group-by area \
  $D/testdata_DSR_ISR__testdata_multiarea.csv
grep -q "testdata_multiarea.csv:13: column 'ageband': age band '55-69' is not in the standard population esp2013" "$ERR" ||
  fail "band typo not reported"
# With the label corrected, the published values.
sed 's/,55-69,/,55-59,/' $D/testdata_DSR_ISR__testdata_multiarea.csv > "$TMP/multi.csv"
expect_exit 0 "$HG" stat dsr --x count --n pop --stdpop-builtin esp2013 --ageband ageband --group-by area "$TMP/multi.csv"
cmp_csv area $D/generated__calculate_dsr_multiarea_default.csv "$OUT"
# The same standard population from a file (band, population).
cut -d, -f3,4 $D/esp2013.csv > "$TMP/std.csv"
expect_exit 0 "$HG" stat dsr --x count --n pop --stdpop-table "$TMP/std.csv" --ageband ageband --group-by area \
  --confidence 0.95,0.998 --vardsr "$TMP/multi.csv"
cmp_csv area $D/generated__calculate_dsr_multiarea_2ci.csv "$OUT"
head -1 "$OUT" | grep -q ',method,vardsr' || fail "vardsr column not last"
expect_exit 1 "$HG" stat dsr --x count --n pop --stdpop stdpop $D/testdata_DSR_ISR__testdata_err3.csv
grep -q "testdata_err3.csv:3: column 'pop': denominators must all be greater than zero" "$ERR" || fail "err3 message"
finish
