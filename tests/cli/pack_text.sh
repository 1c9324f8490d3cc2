#!/bin/sh
# Pack text comes from the config and the inputs, never from the demo (issue
# 12): a run of real inputs only (the GLA's Health Inequalities Strategy
# indicators for the 8 North West London boroughs, fixtures/london/real, OGL
# v3) has its configured title (on the ICB pack too), cover text, sources and
# licence, no synthetic warning and no demo credits, and names the boroughs of
# its spine ranges; every value axis has its unit and no title keeps the
# publisher's spreadsheet numbering (issue 13).  The demo still warns.
. tests/cli/lib.inc

command -v pdftotext > /dev/null 2>&1 || { echo "skip: no pdftotext"; exit 0; }
D=$PWD/fixtures/london/real
cat > "$TMP/nwl.conf" <<CONF
[pack]
title = NWL evidence check
cover_text = Prepared for the NWL population health board.
output = $TMP/pk

[input.hiv]
path = $D/gla_his_indicators_nwl_boroughs_harmonised.csv
role = indicators
layout = mapped
source = GLA, Health Inequalities Strategy indicators
licence = Open Government Licence v3.0
set.indicator_id = 90791
filter.indicator_name = 11. HIV late diagnosis
column.indicator_name = metric
column.area_code = area_code
column.area_name = area_name
column.area_type = area_geography
column.period = time_period
column.value = value

[input.lookup_icb]
path = $D/london_borough_icb_lookup.csv
role = lookup
source = ONS, borough to ICB lookup
licence = Open Government Licence v3.0

[packs]
london = true
icb = E54000027
CONF
expect_exit 0 "$HG" run --timestamp 2024-01-01T00:00:00Z "$TMP/nwl.conf"
P=$TMP/pk/latest/packs
for f in london icb-E54000027; do
  [ -s "$P/$f.pdf" ] || { fail "no $f.pdf"; continue; }
  pdftotext "$P/$f.pdf" "$TMP/$f.txt"
  T=$TMP/$f.txt
  grep -qi 'synthetic' "$T" && fail "$f.pdf: a synthetic warning without synthetic inputs"
  grep -q 'made up' "$T" && fail "$f.pdf: says its data is made up"
  grep -q 'OHID, ONS, GLA, MHCLG' "$T" && fail "$f.pdf: the demo's credits"
  grep -q 'Prepared for the NWL population health board.' "$T" || fail "$f.pdf: no cover_text"
  grep -q 'Data: GLA; ONS' "$T" || fail "$f.pdf: footer does not credit the configured sources"
  grep -q 'GLA, Health Inequalities Strategy indicators' "$T" || fail "$f.pdf: no source line"
  grep -q 'Open Government Licence v3.0' "$T" || fail "$f.pdf: no licence"
  grep -q '^[0-9][0-9]*\. HIV' "$T" && fail "$f.pdf: spreadsheet numbering in a title"
  grep -q 'Per cent (%)' "$T" || fail "$f.pdf: no unit on the value axis"
done
grep -q 'NWL evidence check' "$TMP/london.txt" || fail "london.pdf: not the configured title"
grep -q 'NWL evidence check: NHS North West London' "$TMP/icb-E54000027.txt" \
  || fail "ICB pack ignores [pack] title"
grep -q 'Range: the 8 boroughs of North West London with a value' "$TMP/icb-E54000027.txt" \
  || fail "spine range does not name the 8 NW London boroughs: $(grep 'Range:' "$TMP/icb-E54000027.txt")"
# No limits and no comparison in this data: no subtitle may claim them.
grep -q 'bars show 95% confidence intervals' "$TMP/london.txt" && fail "claims limits it does not draw"
grep -q 'compared with England (95% CI)' "$TMP/london.txt" && fail "claims a comparison it does not draw"
finish
