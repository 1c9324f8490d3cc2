#!/bin/sh
# The style contract (issue 13, docs/charts.md "Style contract") checked over
# every page of every demo pack and every demo PNG: the demo is run with
# HEALTHGAP_LAYOUT_DUMP, which makes every drawn page record the boxes of its
# texts, plot areas, bars, whiskers and markers (charts/layout.c), and
# layout_check.awk asserts no overlap, no clipping, no text below 6.5 pt and a
# titled value axis with a unit on every chart.
. tests/cli/lib.inc

D=$PWD/fixtures/london
sed -e "s#^path = #path = $D/#" -e "s#^output = .*#output = $TMP/pk#" "$D/london.conf" > "$TMP/london.conf"
HEALTHGAP_LAYOUT_DUMP=$TMP/layout.tsv expect_exit 0 "$HG" run --jobs 2 --timestamp 2024-01-01T00:00:00Z "$TMP/london.conf"
[ -s "$TMP/layout.tsv" ] || fail "no layout dump"
# Every page of every pack was dumped, and every PNG
pages=0
for f in "$TMP"/pk/latest/packs/*.pdf; do
  pages=$((pages + $(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')))
done
pngs=$(find "$TMP/pk/latest/charts" -name '*.png' | wc -l)
dumped=$(grep -c '^page' "$TMP/layout.tsv")
# (and the site's inline SVG charts, drawn by the same code, beyond those)
[ "$pages" -gt 0 ] && [ "$dumped" -lt $((pages + pngs)) ] && fail "dumped $dumped pages, the packs have $pages and there are $pngs PNGs"
awk -f tests/cli/layout_check.awk "$TMP/layout.tsv" > "$TMP/breaches" || {
  head -40 "$TMP/breaches" >&2
  fail "$(wc -l < "$TMP/breaches") breaches of the style contract"
}
# Without the variable nothing is dumped and the bytes do not change.
finish
