#!/bin/sh
# healthgap stat mean: Student's t limits per group (testdata_Mean, 1e-8 relative).
. tests/cli/lib.inc
D=tests/data/phe
# R names the 95% limits lower95_0cl/upper95_0cl when two levels are output; healthgap keeps
# lowercl/uppercl (docs/methods.md): the comparisons map the names.
R95=lower95_0cl=lowercl,upper95_0cl=uppercl
expect_exit 0 "$HG" stat mean --x values --group-by area --confidence 0.95,0.998 $D/testdata_Mean__testdata_Mean.csv
head -3 $D/testdata_Mean__testdata_Mean_results.csv > "$TMP/want.csv"
awk -v key=area -v rel=1e-8 -v rename="$R95" -f tests/cli/csvcmp.awk "$TMP/want.csv" "$OUT" >&2 || fail "grouped means differ"
# Ungrouped: the oracle's "No grouping" row, without its area column.
expect_exit 0 "$HG" stat mean --x values --confidence 0.95,0.998 $D/testdata_Mean__testdata_Mean.csv
{ head -1 $D/testdata_Mean__testdata_Mean_results.csv; grep '^No grouping' $D/testdata_Mean__testdata_Mean_results.csv; } > "$TMP/want1.csv"
awk -v key= -v rel=1e-8 -v skip=area -v rename="$R95" -f tests/cli/csvcmp.awk "$TMP/want1.csv" "$OUT" >&2 || fail "ungrouped mean differs"
expect_exit 1 "$HG" stat mean --x values --type everything $D/testdata_Mean__testdata_Mean.csv
grep -q "type must be one of value, lower, upper, standard or full" "$ERR" || fail "type message"
finish
