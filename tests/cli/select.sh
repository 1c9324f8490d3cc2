#!/bin/sh
# One series per command (issue 12): every command chooses with the same
# options (--sex, --age, --category-type, --category, --area-type), refuses to
# pool two series (exit 2, the series listed), and a chart of London's
# boroughs never draws the other English regions.  Expected counts come from
# Python's csv module over the real exports (tests/data/real-world/PROVENANCE.md).
. tests/cli/lib.inc
D=tests/data/real-world
C=$D/campylobacter-countyua-2015-26names-25fields.csv # All ages and 0-9 yrs, 9 regions

count() { # FILE PYTHON-CONDITION-ON-r -> number of records
  python3 - "$1" "$2" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
print(sum(1 for r in rows if eval(sys.argv[2])))
PY
}
nrec() { python3 -c 'import csv,sys; print(sum(1 for _ in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))))' "$1"; }

# ---- stat: rows chosen before grouping; two ages in one group are refused ----
expect_exit 2 "$HG" stat rate --x Count --n Denominator --group-by "Area Code,Time period" "$C"
grep -q "differ in Age ('All ages' and '0-9 yrs'" "$ERR" || fail "stat: ages not named: $(cat "$ERR")"
grep -q "choose one with --age" "$ERR" || fail "stat: --age not offered"
grep -q "or add 'Age' to --group-by" "$ERR" || fail "stat: --group-by not offered"
[ -s "$OUT" ] && fail "stat: refused, yet wrote rows"
# All ages still has the deprivation deciles of England: a category type to choose
expect_exit 2 "$HG" stat rate --x Count --n Denominator --group-by "Area Code,Time period" \
  --age 'All ages' "$C"
grep -q "choose one with --category-type ('' for the areas' own rows" "$ERR" ||
  fail "stat: category type not offered: $(cat "$ERR")"
expect_exit 0 "$HG" stat rate --x Count --n Denominator --group-by "Area Code,Time period" \
  --age 'All ages' --category-type '' "$C"
want=$(count "$C" 'r["Age"] == "All ages" and r["Category Type"] == ""')
[ "$(nrec "$OUT")" -eq "$want" ] || fail "stat: $(nrec "$OUT") groups, want $want (one per area and year)"
# the value of one group: Lambeth 2015, all ages, count / denominator x 100000
python3 - "$C" "$OUT" <<'PY' || fail "stat: Lambeth 2015 rate"
import csv, sys
src = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))
       if r["Area Code"] == "E09000022" and r["Time period"] == "2015" and r["Age"] == "All ages"]
assert len(src) == 1
want = float(src[0]["Count"]) / float(src[0]["Denominator"]) * 100000
got = [r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig"))
       if r["Area Code"] == "E09000022" and r["Time period"] == "2015"]
assert len(got) == 1 and abs(float(got[0]["value"]) - want) < 1e-9 * want, (got, want)
PY
# grouping by the age computes each series apart
expect_exit 0 "$HG" stat rate --x Count --n Denominator --category-type '' \
  --group-by "Area Code,Time period,Age" "$C"
want=$(count "$C" 'r["Category Type"] == ""')
[ "$(nrec "$OUT")" -eq "$want" ] || fail "stat: by age: $(nrec "$OUT") groups, want $want"
expect_exit 1 "$HG" stat rate --x Count --n Denominator --age '5 yrs' "$C"
grep -q "\-\-age '5 yrs': no row has it (the file's ages: 'All ages' (546 rows), '0-9 yrs' (306 rows))" "$ERR" ||
  fail "stat: unknown age: $(cat "$ERR")"
expect_exit 1 "$HG" stat rate --x Count --n Denominator --sex Male "$C"
"$HG" stat rate --help | grep -q -- '--category-type T' || fail "stat: method help lacks the options"

# ---- gaps: the output has no age column, so two ages are refused ----
expect_exit 2 "$HG" gaps --by deprivation "$C"
grep -q "differ in Age ('All ages' and '0-9 yrs'" "$ERR" || fail "gaps: ages not named: $(cat "$ERR")"
expect_exit 0 "$HG" gaps --by deprivation --age 'All ages' --no-ci "$C"
# SII, RII, abs and rel gap per England category type and year: 2 types x 3 years
[ "$(grep -c '^93356,E92000001,' "$OUT")" -eq 24 ] || fail "gaps: $(grep -c '^93356,E92000001,' "$OUT") rows, want 24"
expect_exit 0 "$HG" gaps --by deprivation --age 'All ages' --no-ci \
  --category-type 'County & UA deprivation deciles in England (IMD2015)' "$C"
[ "$(grep -c '^93356,E92000001,' "$OUT")" -eq 12 ] || fail "gaps: one category type: $(grep -c '^93356,' "$OUT") rows, want 12"
expect_exit 2 "$HG" gaps --by age --age 'All ages' "$C"
expect_exit 2 "$HG" gaps --by category --category 'x' "$C"

# ---- compare: the rows asked for, each series on its own ----
expect_exit 0 "$HG" compare --age '0-9 yrs' "$C"
want=$(count "$C" 'r["Age"] == "0-9 yrs"')
python3 - "$OUT" "$want" <<'PY' || fail "compare --age: rows"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
assert len(rows) == int(sys.argv[2]) and {r["age"] for r in rows} == {"0-9 yrs"}, len(rows)
PY
expect_exit 0 "$HG" compare --area-type Region "$C"
[ "$(nrec "$OUT")" -eq "$(count "$C" 'r["Area Type"] == "Region"')" ] || fail "compare --area-type: rows"
expect_exit 1 "$HG" compare --age '0-9' "$C"
grep -q "\-\-age '0-9': no row has it (the file's ages: 'All ages', '0-9 yrs')" "$ERR" ||
  fail "compare: unknown age: $(cat "$ERR")"

# ---- chart: London's boroughs with England and London, no other region ----
regions=$(python3 - "$C" <<'PY'
import csv, sys
print("\n".join(sorted({r["Area Name"] for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))
                        if r["Area Code"].startswith("E12") and r["Area Code"] != "E12000007"})))
PY
)
[ "$(echo "$regions" | wc -l)" -eq 8 ] || fail "the export should hold 8 regions besides London"
no_regions() { # TXT WHAT
  echo "$regions" | while read -r name; do
    grep -qx "$name" "$1" && echo "$2: $name drawn"
  done
}
expect_exit 2 "$HG" chart compare --area-prefix E09 "$C" -o "$TMP/c.pdf"
grep -q "has 2 age groups ('All ages', '0-9 yrs'): choose one with --age" "$ERR" || fail "chart: ages"
expect_exit 0 "$HG" chart compare --age 'All ages' --area-prefix E09 "$C" -o "$TMP/c.pdf"
pdftotext "$TMP/c.pdf" "$TMP/c.txt"
bars=$(sed -n '/^2017, Persons/,/^0$/p' "$TMP/c.txt" | sed '1d;$d' | grep -c .)
[ "$bars" -eq 35 ] || fail "chart compare E09: $bars bars, want 33 boroughs + England + London"
grep -qx 'London region' "$TMP/c.txt" || fail "chart compare E09: London not pinned"
grep -qx 'England' "$TMP/c.txt" || fail "chart compare E09: England not pinned"
bad=$(no_regions "$TMP/c.txt" "chart compare E09"); [ -z "$bad" ] || fail "$bad"
# no prefix: the counties and UAs (the file's one type below the regions)
expect_exit 0 "$HG" chart compare --age 'All ages' "$C" -o "$TMP/a.pdf"
pdftotext "$TMP/a.pdf" "$TMP/a.txt"
bad=$(no_regions "$TMP/a.txt" "chart compare"); [ -z "$bad" ] || fail "$bad"
grep -q "8 other region(s) left out" "$TMP/a.txt" || fail "chart compare: regions left out silently"
# the regions when asked for
expect_exit 0 "$HG" chart compare --age 'All ages' --area-type Region "$C" -o "$TMP/r.pdf"
pdftotext "$TMP/r.pdf" "$TMP/r.txt"
bars=$(sed -n '/^2017, Persons/,/^0$/p' "$TMP/r.txt" | sed '1d;$d' | grep -c .)
[ "$bars" -eq 10 ] || fail "chart compare --area-type Region: $bars bars, want England + 9 regions"
# two area types below England (a PCN and a practice): choose one
G=$D/gp-pcn-hypertension-qof-2009-2024-norwich.csv
expect_exit 2 "$HG" chart compare "$G" -o "$TMP/g.png"
grep -q "areas of 2 types in 2023/24 ('Primary Care Network (v. 26/04/24)' (1 area), 'General Practice' (1 area)): choose one with --area-type" "$ERR" ||
  fail "chart: area types not listed: $(cat "$ERR")"
expect_exit 0 "$HG" chart compare --area-type 'General Practice' "$G" -o "$TMP/g.png"
expect_exit 2 "$HG" chart boxplot "$C" -o "$TMP/b.png"
expect_exit 0 "$HG" chart boxplot --age 'All ages' "$C" -o "$TMP/b.png"
expect_exit 0 "$HG" chart funnel --age '0-9 yrs' --area-type 'County & UA' "$C" -o "$TMP/f.png"

# ---- the London pack: boroughs, England and London; the series it shows ----
P=$TMP/pack; mkdir -p "$P"
conf() { # OUT EXTRA-PACK-LINES
  printf '[pack]\ntitle = Campylobacter\noutput = %s\n%s\n[packs]\nlondon = true\nicb = none\n\n[input.c]\npath = %s\nrole = indicators\nlayout = fingertips\n' \
    "$1" "$2" "$PWD/$C"
}
conf out "" > "$P/p.conf"
expect_exit 0 "$HG" run --quiet --timestamp 2026-01-01T00:00:00Z "$P/p.conf"
pdftotext "$P/out/latest/packs/london.pdf" "$P/l.txt"
bad=$(no_regions "$P/l.txt" "London pack"); [ -z "$bad" ] || fail "$bad"
bars=$(sed -n '/^2017, Persons, All ages; compared with England (95% CI), bars/,/^0$/p' "$P/l.txt" | sed '1d;$d' | grep -c .)
[ "$bars" -eq 35 ] || fail "London pack compare: $bars bars, want 35"
grep -q "Age group: All ages (the data also has" "$P/l.txt" || fail "London pack: headline age not said"
# [pack] age/sex/area_type: the series asked, or the headline where absent, said on the page
conf outc "age = 0-9 yrs
sex = Male
area_type = County & UA" > "$P/c.conf"
expect_exit 0 "$HG" run --quiet --timestamp 2026-01-01T00:00:00Z "$P/c.conf"
pdftotext "$P/outc/latest/packs/london.pdf" "$P/c.txt"
grep -q '^2016, Persons, 0-9 yrs; compared with England' "$P/c.txt" || fail "pack age: not the 0-9 yrs series (latest 2016)"
grep -q "Sex: Male is not published for this indicator." "$P/c.txt" || fail "pack sex fallback not said"
grep -q "Series asked in the pack config: sex Male; age 0-9 yrs; area type County & UA." "$P/c.txt" ||
  fail "pack: configured series not said"
bars=$(sed -n '/^2016, Persons, 0-9 yrs; compared with England (95% CI), bars/,/^0$/p' "$P/c.txt" | sed '1d;$d' | grep -c .)
# 0-9 yrs is published for England and the counties and UAs, not the regions
[ "$bars" -eq 34 ] || fail "pack age 0-9: $bars bars, want 33 boroughs + England"
conf outd "age =" > "$P/d.conf"
expect_exit 1 "$HG" run --quiet "$P/d.conf"
grep -q "age" "$ERR" || fail "empty [pack] age not refused: $(cat "$ERR")"
finish
