#!/bin/sh
# Key findings name a borough that is significantly worse than England and
# getting worse (Fingertips' "red-red"), on a real Fingertips series: MMR1 at
# 2 years (30309) for Lambeth, London and England, 2010/11-2021/22
# (tests/data/real-world, PROVENANCE.md #5).  Lambeth 2021/22 is 76.2%
# (74.9-77.5) against England's 89.2%, and Fingertips' own Recent Trend in the
# export is "Decreasing and getting worse".  The export's trend column is
# blanked here, so the label the run gives is its own (the recent-trend test
# over the counts), checked against Fingertips'; the finding's list is checked
# against an independent reading of results/indicators.csv.
. tests/cli/lib.inc

command -v pdftotext > /dev/null 2>&1 || { echo "skip: no pdftotext"; exit 0; }
command -v python3 > /dev/null 2>&1 || { echo "skip: no python3"; exit 0; }
SRC=$PWD/tests/data/real-world/lambeth-mmr1-2y-trend-2010-2022.csv
# Fingertips' Recent Trend of Lambeth's latest row, and the file without it.
label=$(python3 - "$SRC" "$TMP/mmr.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
h = rows[0]
t, a, p = h.index("Recent Trend"), h.index("Area Code"), h.index("Time period")
print(next(r[t] for r in rows[1:] if r[a] == "E09000022" and r[p] == "2021/22"))
with open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as f:
    w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    w.writerow(h)
    for r in rows[1:]:
        r[t] = ""
        w.writerow(r)
PY
)
[ "$label" = "Decreasing and getting worse" ] || fail "the export's label for Lambeth: '$label'"
# The indicator's metadata (Fingertips: a proportion, high is good; compared
# with England by its 95% interval, where Fingertips compares MMR with the 90%
# goal, which the export also rates Red for Lambeth).
cat > "$TMP/meta.csv" <<'EOM'
indicator_id,name,short_name,unit,value_type,multiplier,polarity,comparator,decimals
30309,Population vaccination coverage: MMR for one dose (2 years old),MMR1 at 2 years,%,proportion,100,RAG - High is good,ci95,1
EOM
cat > "$TMP/r.conf" <<EOC
[pack]
title = Red-red check
output = $TMP/pk

[input.mmr]
path = $TMP/mmr.csv
role = indicators
layout = fingertips
source = OHID Fingertips, via Lambeth Open Data

[input.metadata]
path = $TMP/meta.csv
role = metadata

[packs]
london = true
icb = none
boroughs = E09000022
EOC
expect_exit 0 "$HG" run --timestamp 2024-01-01T00:00:00Z "$TMP/r.conf"
R=$TMP/pk/latest/results/indicators.csv
got=$(awk -F, '$1 == "30309" && $3 == "E09000022" && $8 == "2021/22" { print $22 "|" $26 }' "$R")
[ "$got" = "Worse|$label" ] || fail "Lambeth 2021/22: '$got', want 'Worse|$label'"
# The red-red list of each pack, recomputed from results/indicators.csv.
for pk in london:E12000007,E09 borough-E09000022:E09000022; do
  f=${pk%%:*}; areas=${pk#*:}
  pdftotext -layout "$TMP/pk/latest/packs/$f.pdf" "$TMP/$f.txt"
  python3 - "$R" "$TMP/$f.txt" "$areas" <<'PY' || fail "$f.pdf: red-red finding differs from the CSV"
import csv, re, sys
res, txt, areas = sys.argv[1], sys.argv[2], tuple(sys.argv[3].split(","))
latest = {}
for r in csv.DictReader(open(res, encoding="utf-8-sig")):
    if r["category"] or not r["area_code"].startswith(areas):
        continue
    k = (r["indicator_id"], r["area_code"], r["sex"], r["age"])
    if k not in latest or int(r["period_sortable"]) > int(latest[k]["period_sortable"]):
        latest[k] = r
want = [r for r in latest.values()
        if r["compared_to_england"] == "Worse" and "getting worse" in r["recent_trend"]]
text = re.sub(r"\s+", " ", open(txt).read())
m = re.search(r"(\d+) series (?:is|are) significantly worse than England in (?:its|their) "
              r"latest period and getting worse \(Fingertips' \"red-red\"\): (.*?)\. Source", text)
if not m or int(m.group(1)) != len(want):
    print("  said", m and m.group(1), "want", len(want), file=sys.stderr); sys.exit(1)
for r in want:
    if f"{r['area_name']} for MMR1 at 2 years ({r['period']})" not in m.group(2):
        print("  not named:", r["area_name"], file=sys.stderr); sys.exit(1)
PY
done
grep -q 'Lambeth for MMR1 at 2 years (2021/22)' "$TMP/borough-E09000022.txt" \
  || fail "the borough pack does not name Lambeth as red-red"
finish
