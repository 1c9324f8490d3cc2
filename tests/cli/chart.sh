#!/bin/sh
# CLI contract of `healthgap chart`: help, usage errors (exit 2), data errors
# (exit 1, file named), PNG and PDF output, byte-identical PDFs for the same
# input and timestamp.
. tests/cli/lib.inc
D=tests/data/charts
T=$D/fingertips_tobacco_profile_london_2019.csv

expect_exit 0 "$HG" chart --help
grep -q 'Examples:' "$OUT" || fail "--help has no examples"
expect_exit 2 "$HG" chart pie "$T" -o "$TMP/x.png"
grep -q "unknown chart type 'pie'" "$ERR" || fail "unknown type not named"
expect_exit 2 "$HG" chart compare "$T"
expect_exit 2 "$HG" chart compare --palette rainbow "$T" -o "$TMP/x.png"
expect_exit 2 "$HG" chart compare "$T" -o "$TMP/x.svg"
expect_exit 2 "$HG" chart map "$T" -o "$TMP/x.png"
expect_exit 2 "$HG" chart compare --dpi 0 "$T" -o "$TMP/x.png"
expect_exit 1 "$HG" chart compare "$TMP/missing.csv" -o "$TMP/x.png"
grep -q 'missing.csv' "$ERR" || fail "missing input not named"
expect_exit 1 "$HG" chart compare -i 99999 "$T" -o "$TMP/x.png"
grep -q "indicator '99999' not in the file" "$ERR" || fail "unknown indicator message"
expect_exit 1 "$HG" chart spine -a E09999999 "$T" -o "$TMP/x.png"
printf 'area_code,value\nE09000001,abc\n' > "$TMP/bad.csv"
expect_exit 1 "$HG" chart compare "$TMP/bad.csv" -o "$TMP/x.png"
grep -q "bad.csv:2: column 'value': not a number: 'abc'" "$ERR" || fail "bad number message"

expect_exit 0 "$HG" chart compare -i 92443 --width 400 --height 300 --dpi 144 "$T" -o "$TMP/c.png"
head -c 8 "$TMP/c.png" | od -An -c | grep -q 'P   N   G' || fail "not a PNG"
# 400 x 300 pt at 144 dpi = 800 x 600 px (IHDR width and height, big-endian)
[ "$(od -An -tx1 -j16 -N8 "$TMP/c.png" | tr -d ' \n')" = "0000032000000258" ] || fail "PNG size"

expect_exit 0 "$HG" chart trends -a E09000030 -s Female --timestamp 1700000000 \
  "$D/le_london_boroughs_2015_2025.csv" -o "$TMP/t1.pdf"
expect_exit 0 "$HG" chart trends -a E09000030 -s Female --timestamp 1700000000 \
  "$D/le_london_boroughs_2015_2025.csv" -o "$TMP/t2.pdf"
head -c 4 "$TMP/t1.pdf" | grep -q '%PDF' || fail "not a PDF"
cmp -s "$TMP/t1.pdf" "$TMP/t2.pdf" || fail "same input and timestamp gave different PDFs"
if command -v pdftotext > /dev/null 2>&1; then
  pdftotext "$TMP/t1.pdf" "$TMP/t1.txt"
  grep -q 'Life expectancy at birth: Tower Hamlets' "$TMP/t1.txt" || fail "PDF title text"
  grep -q 'No confidence limits in the data' "$TMP/t1.txt" || fail "PDF says no limits"
fi
expect_exit 0 "$HG" chart map -i 92443 --boundaries $D/london_boroughs_ctyua_dec2023_bsc.geojson \
  --outline $D/london_icbs_apr2023_bsc.geojson "$T" -o "$TMP/m.png"
expect_exit 1 "$HG" chart map -i 92443 --boundaries "$T" "$T" -o "$TMP/m.png"
expect_exit 1 "$HG" chart gradient -i 93763 --inequalities "$TMP/nope.csv" \
  $D/england_inequalities_93763_93088.csv -o "$TMP/g.png"
grep -q 'nope.csv' "$ERR" || fail "missing --inequalities file not named"
expect_exit 1 "$HG" chart gap -i 93763 --measure nonsense $D/inequalities_93763_england.csv -o "$TMP/g.png"
finish
