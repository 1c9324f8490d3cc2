#!/bin/sh
# The real-world corpus (tests/data/real-world/, provenance in PROVENANCE.md):
# Fingertips exports of every vintage found in public repositories, read end to
# end.  Rows read and accepted are checked against an independent count made
# with Python's csv module (records, and repeats of the series key:
# indicator, area, period, sex, age, category type, category).
. tests/cli/lib.inc
D=tests/data/real-world

expected() { # FILE -> "read accepted": independent of our reader
  python3 - "$1" <<'PY'
import csv, sys, re
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
hdr = [re.sub(r"[^a-z0-9]", "", h.lower()) for h in rows[0]]
col = {h: i for i, h in enumerate(hdr)}
key = [col[k] for k in ("indicatorid", "areacode", "timeperiod", "sex", "age", "categorytype", "category") if k in col]
recs = [r for r in rows[1:] if any(c.strip() for c in r)]
seen, dups = set(), 0
for r in recs:
    k = tuple((r[i] if i < len(r) else "").strip() for i in key)
    k = tuple("" if (x == "NA" and " " not in rows[0][1]) else x for x in k)
    if k in seen:
        dups += 1
    seen.add(k)
print(len(recs), len(recs) - dups)
PY
}

for f in "$D"/*.csv; do
  name=$(basename "$f")
  exp=$(expected "$f") || { fail "$name: python could not read it"; continue; }
  read_want=${exp% *}; acc_want=${exp#* }
  expect_exit 0 "$HG" validate "$f"
  got_read=$(sed -n 's/^rows read: //p' "$OUT"); got_acc=$(sed -n 's/^accepted: //p' "$OUT")
  [ "$got_read" = "$read_want" ] || fail "$name: rows read $got_read, want $read_want"
  [ "$got_acc" = "$acc_want" ] || fail "$name: accepted $got_acc, want $acc_want"
  grep -q '^format: fingertips' "$OUT" || fail "$name: not read as a Fingertips export"
done

# Numbers as Fingertips writes them: "1,480" in Count, HTML placeholders, fingertipsR's NA.
P=$TMP/p.csv
"$HG" validate --rejects "$P" "$D/chd-admissions-utla-2022-23-download-bom-crlf.csv" > /dev/null 2>&1
[ "$(wc -l < "$P")" -eq 1 ] || fail "chd: rejects written"
# The publisher's comparisons of an indicator outside the registry are kept as
# published: England's label, and the region's as compared_to_london where the
# parent is London (campylobacter, 93356, London boroughs).
F=$D/campylobacter-countyua-2015-26names-25fields.csv
expect_exit 0 "$HG" compare "$F"
grep -q "93356 is not in the registry: the file's own comparison labels are kept" "$ERR" \
  || fail "compare: unregistered indicator not reported"
python3 - "$F" "$OUT" <<'PY' || fail "compare: publisher's labels not kept"
import csv, sys
src = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
want = {}
for r in src[1:]:
    if r[4].startswith("E09") and r[9] == "":
        want[(r[4], r[8], r[11])] = (r[21], r[22])
got, bad = 0, 0
for r in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig")):
    k = (r["area_code"], r["age"], r["period"])
    if k in want and r["category"] == "":
        got += 1
        eng, reg = want[k]
        if r["compared_to_england"] != (eng or "Not compared") or \
           r["compared_to_london"] != (reg or "Not compared"):
            bad += 1
            if bad < 4: print("row", k, "has", r["compared_to_england"], r["compared_to_london"], "want", eng, reg)
print(got, "borough rows compared,", bad, "differ")
sys.exit(1 if bad or got != len(want) else 0)
PY
# One series per chart: several ages, or Male and Female without Persons, must
# be chosen; repeats of a key (England twice in an API export) are left out and said.
F=$D/campylobacter-countyua-2015-26names-25fields.csv
expect_exit 2 "$HG" chart trends -a E09000005 "$F" -o "$TMP/t.pdf"
grep -q "has 2 age groups ('All ages', '0-9 yrs'): choose one with --age" "$ERR" \
  || fail "ambiguous ages not listed: $(cat "$ERR")"
expect_exit 0 "$HG" chart trends -a E09000005 --age 'All ages' "$F" -o "$TMP/t.pdf"
pdftotext "$TMP/t.pdf" "$TMP/t.txt"
[ "$(grep -cx 2015 "$TMP/t.txt")" -eq 1 ] || fail "trends: 2015 is not one tick on the axis"
grep -q 'Campylobacter incidence rate/100,000: Brent' "$TMP/t.txt" || fail "trends: title broken"
expect_exit 0 "$HG" chart compare --age '0-9 yrs' --area-prefix E09 "$F" -o "$TMP/c.pdf"
pdftotext "$TMP/c.pdf" "$TMP/c.txt"
[ "$(grep -c '^Camden$' "$TMP/c.txt")" -eq 1 ] || fail "compare: Camden not drawn exactly once"
F=$D/norfolk-msoa-life-expectancy-smr-2016-20-slice.csv
expect_exit 2 "$HG" chart compare "$F" -o "$TMP/n.png"
grep -q "published for 'Male', 'Female' and not for Persons: choose one with --sex" "$ERR" \
  || fail "sex-only indicator not refused: $(cat "$ERR")"
expect_exit 0 "$HG" chart compare --sex Female "$F" -o "$TMP/n.png"
expect_exit 0 "$HG" chart compare "$D/dementia-qof-gp-2009-2023-england-twice-api.csv" -o "$TMP/d.png"
grep -q "14 row(s) repeat an earlier row's key" "$ERR" || fail "repeats not said: $(cat "$ERR")"

# Every file: compare reads it, and one run takes the whole corpus.
P=$TMP/corpus; mkdir -p "$P"
{
  printf '[pack]\ntitle = Real-world corpus\noutput = out\n\n[packs]\nlondon = false\nicb = none\n'
  i=0
  for f in "$D"/*.csv; do
    i=$((i + 1))
    printf '\n[input.f%d]\npath = %s\nrole = indicators\nlayout = fingertips\n' $i "$PWD/$f"
  done
} > "$P/corpus.conf"
for f in "$D"/*.csv; do
  expect_exit 0 "$HG" compare "$f"
  # a chart from every file: drawn, or refused with the series to choose from
  "$HG" chart compare "$f" -o "$TMP/every.png" > "$OUT" 2> "$ERR"
  case $? in
  0) [ -s "$TMP/every.png" ] || fail "$f: chart compare wrote no PNG" ;;
  2) grep -q "choose" "$ERR" || fail "$f: chart compare refused without the series: $(cat "$ERR")" ;;
  *) fail "$f: chart compare failed: $(cat "$ERR")" ;;
  esac
  rm -f "$TMP/every.png"
done
# fingertipsR's frame: NA is no breakdown, and "Better 95%"/"Worse 99.8%" are
# the publisher's comparisons (they were drawn as "Not compared")
F=$D/fingertipsr-writecsv-asthma-admissions-icb-2023-24.csv
expect_exit 0 "$HG" chart compare "$F" -o "$TMP/r.pdf"
pdftotext "$TMP/r.pdf" "$TMP/r.txt"
grep -q '^Better$' "$TMP/r.txt" && grep -q '^Worse$' "$TMP/r.txt" || fail "fingertipsR: comparisons not drawn"
grep -q 'Not compared' "$TMP/r.txt" && fail "fingertipsR: bars drawn as Not compared"
expect_exit 0 "$HG" run --quiet --timestamp 2026-01-01T00:00:00Z "$P/corpus.conf"
[ -f "$P/out/latest/results/indicators.csv" ] || fail "corpus run published no results"
# gaps that finds nothing says why and exits 1 (it printed a header and exited 0)
F=$D/learning-disability-qof-england-gp-deprivation-2014-2023-api.csv
expect_exit 1 "$HG" gaps --indicator 999 "$F"
grep -q "indicator 999 is not in the file (its indicators: 200)" "$ERR" || fail "gaps: mistyped id: $(cat "$ERR")"
[ -s "$OUT" ] && fail "gaps with nothing to compute wrote output"
expect_exit 1 "$HG" gaps --indicator 200 "$F"
grep -q "group(s) skipped" "$ERR" || fail "gaps: the skipped groups not said"
expect_exit 0 "$HG" gaps "$D/ae-attendances-under5-england-sex-deprivation-2021-22-slice.csv"

# England by two sets of deciles (County & UA, District & UA): the gradient page
# drew one set's points with the other's SII (49.1 where its points give 45.4)
# and the SII-over-time chart joined both.  Now one set is drawn and the other named.
P=$TMP/two; mkdir -p "$P"
printf '[pack]\ntitle = Two breakdowns\noutput = out\n\n[packs]\nlondon = true\nicb = none\n\n[input.campy]\npath = %s\nrole = indicators\nlayout = fingertips\n' \
  "$PWD/$D/campylobacter-countyua-2015-26names-25fields.csv" > "$P/c.conf"
expect_exit 0 "$HG" run --quiet --timestamp 2026-01-01T00:00:00Z "$P/c.conf"
I=$P/out/latest/results/inequalities.csv
sii() { # the 2017 SII of one set, from results/inequalities.csv
  python3 -c 'import csv,sys
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")):
    if r["measure"] == "sii" and r["period"] == "2017" and r["component"].startswith(sys.argv[2]):
        print("%.1f" % float(r["value"]))' "$I" "$1"
}
county=$(sii County); district=$(sii District)
[ -n "$county" ] && [ "$county" != "$district" ] || fail "two breakdowns: SIIs $county and $district"
pdftotext "$P/out/latest/packs/london.pdf" "$TMP/two.txt"
grep -q "SII $county;" "$TMP/two.txt" || fail "gradient page: County & UA SII $county not printed"
grep -q "SII $district;" "$TMP/two.txt" && fail "gradient page: District & UA SII $district printed for the County points"
grep -q "The data also has District & UA deprivation deciles" "$TMP/two.txt" || fail "the other set not named"
# A London pack of a file with nothing of London (Hertfordshire's MSOAs) showed
# England alone under a London title, exit 0: now it fails and publishes nothing.
sed -e "s|campylobacter-countyua-2015-26names-25fields.csv|herts-msoa-year6-overweight-2022-25.csv|" \
  -e "s|^output = out|output = herts|" "$P/c.conf" > "$P/h.conf"
expect_exit 1 "$HG" run --quiet --timestamp 2026-01-01T00:00:00Z "$P/h.conf"
grep -q "\[packs\] london: no row of the inputs is for London" "$ERR" || fail "London pack of Herts data: $(cat "$ERR")"
[ -e "$P/herts/latest" ] && fail "London pack of Herts data published"
expect_exit 2 "$HG" chart gap -i 93356 -a E92000001 "$I" -o "$TMP/g.png"
grep -q "several breakdowns" "$ERR" || fail "chart gap: two sets not refused: $(cat "$ERR")"
expect_exit 0 "$HG" chart gap -i 93356 -a E92000001 \
  --category-type "District & UA deprivation deciles in England (IMD2015)" "$I" -o "$TMP/g.png"
finish
