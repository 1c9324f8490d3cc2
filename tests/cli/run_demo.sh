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
grep -q '46 files' "$OUT" || fail "not 46 input files: $(grep inputs "$OUT")"
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
# Targets (docs/targets.md): every target for England, London, each ICB and each borough it
# applies to, with the reason where there is no judgement; no projection outside its range.
T=$TMP/pk/latest/results/targets.csv
# The HLE gap (derive/hlegap.c) exists for London and the ICBs; boroughs and England (London-only
# data) say why they have none.
[ "$(grep -c '^lu-hle-gap-2030,.*,not enough data,no value for this area in this run' "$T")" -eq 34 ] \
  || fail "HLE gap target not listed for the 34 areas without a gap with its reason"
[ "$(grep -c '^lu-hle-gap-2030,hg.hle_gap_between_areas,E[15][24]0000[0-9][0-9],\(Fe\)*[Mm]*ale,' "$T")" -eq 12 ] \
  || fail "HLE gap target not judged for London and the 5 ICBs, by sex"
grep -q '^his-active-travel-2041,hg.active_travel_20min_daily,E54000027,.*,not enough data,no data for this indicator' "$T" \
  || fail "London target not listed for an ICB"
grep -q '^smokefree-2030,92443,E09000005,Persons,.*,logit,.*,at risk,' "$T" || fail "Brent smoking not at risk"
grep -q '^smokefree-2030,92443,E09000009,Persons,.*,logit,.*,at risk,' "$T" || fail "Ealing smoking not at risk"
sed 1d "$T" | awk -F, '$13 != "linear" && $14 != "" && ($15 <= 0 || $14 <= 0) {n++}
  $13 == "logit" && $14 != "" && $16 >= 100 {n++} END {exit n > 0}' || fail "a projection outside its range"
# London's PM2.5 (derive/popmean.c): the population-weighted mean of LAEI's LSOA means, reproduced
# here from the two input files (ONS mid-2019 LSOA populations): 10.7949 ug/m3 in 2019.
want=$(awk -F, 'NR==FNR {if (FNR>1) pop[$1]=$7; next} FNR>1 && ($1 in pop) {s+=pop[$1]*$4; w+=pop[$1]}
  END {printf "%.6f", s/w}' "$D/real/ons_mid2019_pop_london_lsoa11_broad_age_sex.csv" "$D/real/laei_lsoa11_2019_PM25.csv")
got=$(grep '^hg.pm25_annual_mean,[^,]*,E12000007,London,Region,E92000001,,2019,' "$R" | cut -d, -f14)
[ "$want" = 10.794899 ] || fail "independent London PM2.5 is $want"
[ "$(printf '%.6f' "$got")" = "$want" ] || fail "London PM2.5 $got, independent $want"
# The packs: London and the five ICBs, with text a reader can check.
P=$TMP/pk/latest/packs
for f in london icb-E54000027 icb-E54000028 icb-E54000029 icb-E54000030 icb-E54000031 borough-E09000005; do
  [ -s "$P/$f.pdf" ] || fail "no packs/$f.pdf"
done
if command -v pdftotext >/dev/null 2>&1; then
  pdftotext "$P/london.pdf" "$TMP/london.txt"
  grep -q 'Health Inequalities Strategy targets' "$TMP/london.txt" || fail "london.pdf: no targets page"
  grep -q 'Methods and definitions' "$TMP/london.txt" || fail "london.pdf: no methods page"
  grep -q 'Open Government Licence' "$TMP/london.txt" || fail "london.pdf: no licence"
  grep -q 'SYNTHETIC' "$TMP/london.txt" || fail "london.pdf: synthetic data not flagged"
  grep -q 'ug/m3' "$TMP/london.txt" && fail "london.pdf: a unit printed as ASCII ug/m3, not µg/m³"
  # The demo's synthetic inputs are declared so: its cover warns (issue 12).
  # the key findings name the widest gaps of real data, not the demo's synthetic breakdowns
  pdftotext -raw -f 3 -l 3 "$P/london.pdf" - | tr '\n' ' ' | sed 's/Over time.*//' |
    grep -o 'The widest of .*' | grep -q SYNTHETIC && fail "london.pdf: a synthetic gap among the key findings"
  pdftotext -raw -f 3 -l 3 "$P/london.pdf" - | grep -q 'synthetic breakdowns left out' ||
    fail "london.pdf: the key findings do not say synthetic gaps are left out"
  pdftotext -l 1 "$P/london.pdf" - | grep -q '^Synthetic data' || fail "london.pdf: no synthetic warning on the cover"
  # Every value axis has its unit; no title keeps spreadsheet numbering ("11. HIV
  # late diagnosis"); no subtitle claims limits that the page says it has not (issue 13).
  for u in 'Per cent (%)' 'Years' 'Per 100,000' 'µg/m³' 'Percentage points'; do
    grep -qF "$u" "$TMP/london.txt" || fail "london.pdf: no axis in '$u'"
  done
  grep -q '^[0-9][0-9]*\. [A-Z]' "$TMP/london.txt" && fail "london.pdf: spreadsheet numbering in a title"
  n=$(pdfinfo "$P/london.pdf" | awk '/^Pages:/ {print $2}')
  i=3
  while [ "$i" -le "$n" ]; do
    pdftotext -f "$i" -l "$i" "$P/london.pdf" "$TMP/page.txt"
    if grep -q 'bars show 95% confidence intervals' "$TMP/page.txt" &&
       grep -q 'No confidence limits in the data' "$TMP/page.txt"; then
      fail "london.pdf page $i: subtitle claims limits the chart does not draw"
    fi
    i=$((i+1))
  done
  # An ICB pack is about its own boroughs (ONS lookup: Brent is in North West
  # London, Bromley in South East London), with their MSOA map and profiles.
  pdftotext "$P/icb-E54000027.pdf" "$TMP/nwl.txt"
  grep -q 'Brent' "$TMP/nwl.txt" || fail "icb-E54000027.pdf: no Brent"
  grep -q 'Bromley' "$TMP/nwl.txt" && fail "icb-E54000027.pdf names Bromley (not in the ICB)"
  grep -q 'Life expectancy at birth (MSOA): NHS North West London' "$TMP/nwl.txt" \
    || fail "icb-E54000027.pdf: no MSOA map of the ICB"
  grep -q 'Area profile: Westminster' "$TMP/nwl.txt" || fail "icb-E54000027.pdf: no Westminster profile"
  # Red-red (issue 13): no latest row of the packs' areas in results/indicators.csv
  # is compared_to_england Worse with a recent trend "... getting worse" (the
  # demo's series have too few points with counts), and the packs say so in
  # those words; Brent's pack draws its MSOA gradient, ranked within Brent.
  n=$(python3 - "$R" <<'PY'
import csv, sys
latest = {}
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")):
    if r["category"] or not r["area_code"].startswith(("E09", "E12", "E54")):
        continue
    k = (r["indicator_id"], r["area_code"], r["sex"], r["age"])
    if k not in latest or int(r["period_sortable"]) > int(latest[k]["period_sortable"]):
        latest[k] = r
print(sum(1 for r in latest.values()
          if r["compared_to_england"] == "Worse" and "getting worse" in r["recent_trend"]))
PY
)
  [ "$n" = 0 ] || fail "the demo has $n red-red series: the packs' findings test below assumes none"
  pdftotext "$P/borough-E09000005.pdf" "$TMP/brent.txt"
  for t in london nwl brent; do
    tr -s ' \n' '  ' < "$TMP/$t.txt" | grep -q 'No area of this pack is significantly worse than England and getting worse' \
      || fail "$t pack: does not say that no area is worse than England and getting worse"
  done
  tr -s ' \n' '  ' < "$TMP/brent.txt" | grep -q 'ranked within the borough' \
    || fail "Brent pack: its MSOA gradient does not say how the MSOAs were ranked"
fi
cp "$R" "$TMP/a.csv"; cp "$TMP/pk/latest/results/targets.csv" "$TMP/a-targets.csv"
for f in london icb-E54000027 icb-E54000028 icb-E54000029 icb-E54000030 icb-E54000031 borough-E09000005; do
  cp "$P/$f.pdf" "$TMP/a-$f.pdf"
done
cp -r "$TMP/pk/latest/site" "$TMP/a-site"
# The second run into a folder of its own: its packs' key findings would
# otherwise say what changed since the first (nothing) instead of "first run".
sed "s#^output = .*#output = $TMP/pk2#" "$TMP/london.conf" > "$TMP/london2.conf"
expect_exit 0 "$HG" run --jobs 1 --timestamp 2024-01-01T00:00:00Z "$TMP/london2.conf"
R=$TMP/pk2/latest/results/indicators.csv
P=$TMP/pk2/latest/packs
# The site (issue 16): the same inputs and run time give the same bytes.
diff -r "$TMP/a-site" "$TMP/pk2/latest/site" > /dev/null || fail "site/ differs between --jobs 2 and --jobs 1"
cmp -s "$TMP/a.csv" "$R" || fail "demo results differ between --jobs 2 and --jobs 1"
cmp -s "$TMP/a-targets.csv" "$TMP/pk2/latest/results/targets.csv" || fail "targets differ"
# Chart pages are drawn on --jobs threads and written in page order: the same bytes.
for f in london icb-E54000027 icb-E54000028 icb-E54000029 icb-E54000030 icb-E54000031 borough-E09000005; do
  cmp -s "$TMP/a-$f.pdf" "$P/$f.pdf" || fail "$f.pdf differs between --jobs 2 and --jobs 1"
done
finish
