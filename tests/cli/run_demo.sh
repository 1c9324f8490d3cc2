#!/bin/sh
# The London demo pack (fixtures/london) end to end into a temporary folder:
# every real file is read in its own layout with nothing rejected, the
# published London smoking figure comes through unchanged, and two runs with
# different --jobs give the same bytes, PDFs included.
. tests/cli/lib.inc

D=$PWD/fixtures/london
sed -e "s#^path = #path = $D/#" -e "s#^output = .*#output = $TMP/pk#" "$D/london.conf" > "$TMP/london.conf"
expect_exit 0 "$HG" run --jobs 2 --timestamp 2024-01-01T00:00:00Z "$TMP/london.conf"
R=$TMP/pk/latest/results/indicators.csv
[ -f "$R" ] || fail "no results"
grep -q '43 files' "$OUT" || fail "not 43 input files: $(grep inputs "$OUT")"
grep -q ' 0 rejected' "$OUT" || fail "rows rejected: $(grep rows "$OUT")"
[ "$(wc -l < "$TMP/pk/latest/rejects.csv")" -eq 1 ] || fail "rejects.csv not empty"
# OHID: London smoking prevalence 2019 (APS) 12.948% (12.277-13.620), as published.
grep -q '^92443,.*,E12000007,London region,.*,2019,20190000,Persons,18+ yrs,,,12.9480408159713,12.2765733980503,13.6195082338923,' "$R" \
  || fail "London smoking 2019 not as published"
# MSOA atlas (three header rows): City of London 001 life expectancy M 83.6, F 88.4.
grep -q '^hg.msoa_le,.*,E02000001,City of London 001,.*,Female,,,,88.4,' "$R" || fail "MSOA atlas LE F not read"
grep -q '^hg.msoa_le,.*,E02000001,City of London 001,.*,Male,,,,83.6,' "$R" || fail "MSOA atlas LE M not read"
# LAEI 2019 PM2.5 for Westminster (E09000033) mean 12.535.
grep -q '^hg.pm25_annual_mean,.*,E09000033,.*,2019,20190000,Persons,,,,12.535,' "$R" || fail "LAEI PM2.5 not read"
# Every row of a borough has its ICB (from the lookup).
grep '^[^,]*,[^,]*,E09000033,' "$R" | grep -qv ',E54000027,' && fail "Westminster rows without NW London ICB"
# The packs: London and the five ICBs, with text a reader can check.
P=$TMP/pk/latest/packs
for f in london icb-E54000027 icb-E54000028 icb-E54000029 icb-E54000030 icb-E54000031; do
  [ -s "$P/$f.pdf" ] || fail "no packs/$f.pdf"
done
if command -v pdftotext >/dev/null 2>&1; then
  pdftotext "$P/london.pdf" "$TMP/london.txt"
  grep -q 'Health Inequalities Strategy targets' "$TMP/london.txt" || fail "london.pdf: no targets page"
  grep -q 'Methods and sources' "$TMP/london.txt" || fail "london.pdf: no methods page"
  grep -q 'Open Government Licence' "$TMP/london.txt" || fail "london.pdf: no licence"
  grep -q 'SYNTHETIC' "$TMP/london.txt" || fail "london.pdf: synthetic data not flagged"
  # An ICB pack is about its own boroughs (ONS lookup: Brent is in North West
  # London, Bromley in South East London), with their MSOA map and profiles.
  pdftotext "$P/icb-E54000027.pdf" "$TMP/nwl.txt"
  grep -q 'Brent' "$TMP/nwl.txt" || fail "icb-E54000027.pdf: no Brent"
  grep -q 'Bromley' "$TMP/nwl.txt" && fail "icb-E54000027.pdf names Bromley (not in the ICB)"
  grep -q 'Life expectancy at birth (MSOA): NHS North West London' "$TMP/nwl.txt" \
    || fail "icb-E54000027.pdf: no MSOA map of the ICB"
  grep -q 'Area profile: Westminster' "$TMP/nwl.txt" || fail "icb-E54000027.pdf: no Westminster profile"
fi
cp "$R" "$TMP/a.csv"; cp "$TMP/pk/latest/results/targets.csv" "$TMP/a-targets.csv"
for f in london icb-E54000027 icb-E54000028 icb-E54000029 icb-E54000030 icb-E54000031; do
  cp "$P/$f.pdf" "$TMP/a-$f.pdf"
done
expect_exit 0 "$HG" run --force --jobs 1 --timestamp 2024-01-01T00:00:00Z "$TMP/london.conf"
cmp -s "$TMP/a.csv" "$R" || fail "demo results differ between --jobs 2 and --jobs 1"
cmp -s "$TMP/a-targets.csv" "$TMP/pk/latest/results/targets.csv" || fail "targets differ"
# Chart pages are drawn on --jobs threads and written in page order: the same bytes.
for f in london icb-E54000027 icb-E54000028 icb-E54000029 icb-E54000030 icb-E54000031; do
  cmp -s "$TMP/a-$f.pdf" "$P/$f.pdf" || fail "$f.pdf differs between --jobs 2 and --jobs 1"
done
finish
