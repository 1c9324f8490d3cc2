#!/bin/sh
# The packs say what the evidence shows (issue 13): a key-findings section
# whose red-red list (worse than England and getting worse) is the one an
# independent reading of results/indicators.csv gives; summary tables never
# print an interval with equal ends; the ICB pack has an overview and a map
# and compare chart per indicator; a borough pack ([packs] boroughs) with its
# spine; a methods section naming each method; changes since the last run.
# Data: tests/data/findings (made up, PROVENANCE.md there) and the demo's
# lookup and targets (fixtures/london/real, OGL v3).
. tests/cli/lib.inc

command -v pdftotext > /dev/null 2>&1 || { echo "skip: no pdftotext"; exit 0; }
command -v python3 > /dev/null 2>&1 || { echo "skip: no python3"; exit 0; }
D=$PWD/fixtures/london/real
cp "$PWD/tests/data/findings/smoking_counts.csv" "$TMP/smoking.csv"
conf() { # conf BOROUGHS
  cat > "$TMP/f.conf" <<CONF
[pack]
title = Findings check
output = $TMP/pk

[input.smoking]
path = $TMP/smoking.csv
role = indicators
layout = tidy

[input.lookup_icb]
path = $D/london_borough_icb_lookup.csv
role = lookup

[input.targets]
path = $D/his_targets.csv
role = targets

[input.boundaries]
path = $D/london_boroughs_ctyua_dec2023_bsc.geojson
role = boundaries

[packs]
london = true
icb = E54000027
boroughs = $1
CONF
}
conf E09000005
expect_exit 0 "$HG" run --timestamp 2024-01-01T00:00:00Z "$TMP/f.conf"
P=$TMP/pk/latest/packs
R=$TMP/pk/latest/results
for f in london icb-E54000027 borough-E09000005; do
  [ -s "$P/$f.pdf" ] || { fail "no $f.pdf"; continue; }
  pdftotext -layout "$P/$f.pdf" "$TMP/$f.txt"
  grep -q '^Key findings$' "$TMP/$f.txt" || grep -q ' Key findings$' "$TMP/$f.txt" \
    || fail "$f.pdf: no key findings page"
  grep -q 'This is the first run in this output folder' "$TMP/$f.txt" \
    || fail "$f.pdf: the first run does not say so"
  # The methods section names each method and its reference.
  for m in 'Wilson' 'Byar' 'Dobson' "Chiang's method II" 'Silcocks' 'Low and Low' \
    'recent-trend test' 'Target projections' 'what is approximate' 'Appendix: sources and input files'; do
    grep -q "$m" "$TMP/$f.txt" || fail "$f.pdf: methods do not name '$m'"
  done
  grep -q 'Adults (18+) who say' "$TMP/$f.txt" \
    || fail "$f.pdf: no definition of indicator 92443"
done

# The red-red list, recomputed from results/indicators.csv: the latest row of
# each headline series of the pack's areas with compared_to_england Worse and a
# recent trend "... getting worse"; against the rows of the pack's table and
# the number in its sentence.
check_red_red() { # check_red_red PACK AREA-PREFIXES...
  pack=$1; shift
  python3 - "$R/indicators.csv" "$TMP/$pack.txt" "$@" <<'PY' || fail "$pack.pdf: red-red list differs from the CSV"
import csv, re, sys
res, txt, prefixes = sys.argv[1], sys.argv[2], sys.argv[3:]
latest = {}
for r in csv.DictReader(open(res, encoding="utf-8-sig")):
    if r["category"] or not r["area_code"].startswith(tuple(prefixes)):
        continue
    k = (r["indicator_id"], r["area_code"], r["sex"], r["age"])
    if k not in latest or int(r["period_sortable"]) > int(latest[k]["period_sortable"]):
        latest[k] = r
want = sorted((r["indicator_id"], r["area_code"]) for r in latest.values()
              if r["compared_to_england"] == "Worse" and "getting worse" in r["recent_trend"])
text = open(txt).read()
pages = text.split("\f")
got = []
for p in pages:
    if "Key findings: worse than England and getting worse" not in p:
        continue
    for line in p.splitlines():
        m = re.search(r"\(([0-9]+|hg\.[^)\s]+)\)\s+.*\((E\d{8})\).*getting worse", line)
        if m:
            got.append((m.group(1), m.group(2)))
n = re.search(r"(\d+) series (?:is|are) significantly worse than England", text)
said = int(n.group(1)) if n else 0
if not n and "No area of this pack is significantly worse than England and getting worse" not in text:
    print("no red-red sentence"); sys.exit(1)
if sorted(got) != want or said != len(want):
    print("want", want, "got", sorted(got), "said", said); sys.exit(1)
PY
}
check_red_red london E12000007 E09
check_red_red icb-E54000027 E54000027 E09000005 E09000009 E09000015
check_red_red borough-E09000005 E09000005
grep -q 'Brent (E09000005).*Increasing and getting worse' "$TMP/london.txt" \
  || fail "london.pdf: Brent's smoking (worse and getting worse) not listed"

# The ICB pack: its overview, and a map and a compare chart of each indicator
# (the map and the compare chart share the indicator's title: one contents line
# "N-M").  The ICB has no value of its own here (5 of its 8 boroughs have no
# rows): no trends of it.
T=$TMP/icb-E54000027.txt
grep -q 'Overview: 1 indicator, boroughs of' "$T" || fail "ICB pack: no overview of its boroughs"
grep -Eq '^ *[0-9]+-[0-9]+ +Smoking Prevalence in adults' "$T" \
  || fail "ICB pack: no map and compare chart of smoking: $(grep -i 'smoking' "$T" | head -3)"
# The borough pack: its spine chart and its trends.
T=$TMP/borough-E09000005.txt
grep -q 'Area profile: Brent' "$T" || fail "borough pack: no spine chart"
grep -q 'Trends against London and England' "$T" || fail "borough pack: no trends"

# No interval in any pack reads "(95% CI x to x)".
for f in london icb-E54000027 borough-E09000005; do
  grep -o '95% CI [-0-9.]* to [-0-9.]*' "$TMP/$f.txt" | awk '$3 == $5 {print; n++} END {exit n > 0}' \
    || fail "$f.pdf: an interval with equal ends"
done

# A second run with a revised value: the changes since the last run.
sed 's/^\(92443,E09000005,Brent,London Boroughs,2019,Persons,18+ yrs,\)[0-9.]*/\126.5/' \
  "$PWD/tests/data/findings/smoking_counts.csv" > "$TMP/smoking.csv"
expect_exit 0 "$HG" run --timestamp 2024-01-02T00:00:00Z "$TMP/f.conf"
pdftotext "$P/borough-E09000005.pdf" "$TMP/b2.txt"
grep -q '1 values revised' "$TMP/b2.txt" || fail "borough pack: the revised value not in its changes"
grep -q 'value_revised' "$TMP/b2.txt" || fail "borough pack: no table of changes"
[ "$(grep -c '^value_revised,92443,E09000005,2019' "$R/changes.csv")" -eq 1 ] \
  || fail "changes.csv does not have Brent's revision"

# [packs] boroughs: a code without results, or not a borough's, fails the run.
conf E09000033
expect_exit 1 "$HG" run --timestamp 2024-01-03T00:00:00Z "$TMP/f.conf"
grep -q 'E09000033 has no results' "$ERR" || fail "no reason for a borough without results: $(cat "$ERR")"
conf E54000027
expect_exit 1 "$HG" run --timestamp 2024-01-03T00:00:00Z "$TMP/f.conf"
grep -q 'not a borough code' "$ERR" || fail "an ICB code accepted as a borough: $(cat "$ERR")"
conf all
expect_exit 0 "$HG" run --timestamp 2024-01-04T00:00:00Z "$TMP/f.conf"
for b in E09000005 E09000009 E09000015; do
  [ -s "$P/borough-$b.pdf" ] || fail "boroughs = all: no borough-$b.pdf"
done
finish
