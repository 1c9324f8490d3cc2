#!/bin/sh
# Counts inputs with deaths by cause (the optional `cause` field): the run's
# life expectancy gap decompositions split each age band's part among the
# causes (arriaga_cause rows), drawn stacked by cause as OHID's Segment Tool.
# Data: tests/data/arriaga_cause (SYNTHETIC, see its PROVENANCE).  Expected
# values: tests/cli/arriaga_cause_ref.py, an independent Python computation
# from the file (PHE life tables, Arriaga, the cause split by rate
# differences); the causes must sum to their band's arriaga_age row, and the
# derived life expectancy must count each band's population once.
. tests/cli/lib.inc

F=$PWD/tests/data/arriaga_cause/synthetic_deaths_by_cause.csv
cat > "$TMP/c.conf" <<EOC
[pack]
title = Synthetic deaths by cause
output = $TMP/pk
seed = 1

[input.deaths_by_cause]
path = $F
role = counts
source = healthgap test data (tests/data/arriaga_cause): synthetic
synthetic = true

[packs]
london = true
icb = none
charts = false
EOC
HEALTHGAP_LAYOUT_DUMP=$TMP/layout.tsv \
  expect_exit 0 "$HG" run --jobs 2 --quiet --timestamp 2024-01-01T00:00:00Z "$TMP/c.conf"
I=$TMP/pk/latest/results/inequalities.csv
[ -f "$I" ] || { fail "no inequalities.csv"; finish; }
# check AREA GROUP REFERENCE SEX GROUP_CODES REFERENCE_CODES
check() {
  python3 tests/cli/arriaga_cause_ref.py "$F" "2018 - 20" "$4" "$5" "$6" > "$TMP/ref" \
    || { fail "reference failed for $2 vs $3 $4"; return; }
  python3 - "$I" "$TMP/ref" "$1" "$2" "$3" "$4" <<'EOP' || fail "$2 vs $3 $4: see above"
import csv, sys
path, ref, area, grp, rg, sex = sys.argv[1:7]
want = {}
for line in open(ref):
    band, cause, v = line.strip().split(",")
    want[(band, cause)] = float(v)
cause_rows, age_rows = {}, {}
with open(path, encoding="utf-8-sig") as f:
    for r in csv.DictReader(f):
        if (r["area_code"], r["group"], r["reference_group"], r["sex"], r["period"]) != \
           (area, grp, rg, sex, "2018 - 20"):
            continue
        if r["measure"] == "arriaga_cause":
            band, cause = r["component"].split(": ", 1)
            cause_rows[(band, cause)] = float(r["value"])
        elif r["measure"] == "arriaga_age":
            age_rows[r["component"]] = (float(r["value"]), float(r["reference_value"]))
bad = 0
ncause = sum(1 for k in want if k[1] not in ("ALL", "GROUP", "REFERENCE"))
if len(cause_rows) != ncause or len(age_rows) != 20:
    print(f"  {len(cause_rows)} cause rows (want {ncause}), {len(age_rows)} age rows (want 20)",
          file=sys.stderr)
    sys.exit(1)
for k, v in cause_rows.items():
    if abs(v - want[k]) > 1e-9:
        print(f"  {k}: {v}, want {want[k]}", file=sys.stderr); bad += 1
for band, (v, gap) in age_rows.items():
    s = sum(x for (b, c), x in cause_rows.items() if b == band)
    if abs(s - v) > 1e-12 or abs(v - want[(band, "ALL")]) > 1e-9:
        print(f"  band {band}: causes sum {s}, age row {v}, want {want[(band, 'ALL')]}",
              file=sys.stderr); bad += 1
    if abs(gap - want[("GAP", "ALL")]) > 1e-9:
        print(f"  gap {gap}, want {want[('GAP', 'ALL')]}", file=sys.stderr); bad += 1
sys.exit(1 if bad else 0)
EOP
}
for s in Male Female; do
  check E09000005 E09000005 E12000007 $s E09000005 E09000005,E09000033
  check E12000007 E12000007 E92000001 $s E09000005,E09000033 E92000001
done
# The derived life expectancy counts each band's population once (it is on
# every cause row): Brent's male e0 as the reference computes it.
want=$(python3 tests/cli/arriaga_cause_ref.py "$F" "2018 - 20" Male E09000005 E92000001 | sed -n 's/^E0,GROUP,//p')
got=$(awk -F, '$1 == "hg.le_birth_deaths_by_cause" && $3 == "E09000005" && $10 == "Male" { print $14 }' \
  "$TMP/pk/latest/results/indicators.csv")
awk -v g="$got" -v w="$want" 'BEGIN { d = g - w; exit !(g != "" && d < 1e-6 && d > -1e-6) }' \
  || fail "Brent male life expectancy '$got', want $want (population counted once per band)"
# The London pack draws the cause split stacked, one page per sex.
pdftotext "$TMP/pk/latest/packs/london.pdf" "$TMP/l.txt" 2>/dev/null
for s in Male Female; do
  grep -q "London behind England, by age band and cause, $s" "$TMP/l.txt" \
    || fail "no stacked cause page for London vs England, $s"
done
grep -q "in proportion to the difference in their death rates" "$TMP/l.txt" \
  || fail "the cause pages do not say how the parts are split"
# The style contract (tests/cli/layout.sh) on every page of this pack, made
# from counts alone with no metadata input: no overlap, no clipping, no text
# below print size, and a titled value axis (the derived indicators' units
# come from the registry entries the derive stage makes for them).
awk -f tests/cli/layout_check.awk "$TMP/layout.tsv" > "$TMP/breaches" 2>&1 \
  || fail "the pack breaks the style contract: $(head -5 "$TMP/breaches")"
pdftotext "$TMP/pk/latest/packs/london.pdf" - | tr -s ' \n' ' ' \
  | grep -q "Deaths from all causes per 100,000, directly age-standardised" \
  || fail "the methods pages do not define the derived DSR"
finish
