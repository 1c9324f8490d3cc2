#!/bin/sh
# results/statement.csv (analyse/statement.c): the NHS statement's breakdown
# tables per ICB, and the Core20PLUS5 section of the ICB pack
# (render/pages_statement.c).  Inputs: the SYNTHETIC hypertension
# treated-to-target file of tests/data/statement (a user's file of a
# Core20PLUS5 measure by IMD quintile, ethnic group, age and sex, for North
# West London ICB) and the demo's real LAEI 2019 PM2.5 by LSOA with IoD 2019
# national deciles and ONS mid-2019 LSOA populations.  Every expected figure
# is computed here in python from the input files: the cells, the ICB's
# overall value, the significance (Fingertips' CI overlap: similar when the
# cell's 95% CI holds the ICB's value; polarity from the registry: high is
# good for hypertension, none for PM2.5), the gaps with their limits and the
# SII/RII point estimates (PHE's weighted regression on the mid-rank).
. tests/cli/lib.inc

D=$PWD/fixtures/london
S=$PWD/tests/data/statement
cat > "$TMP/s.conf" <<CONF
[pack]
output = $TMP/pk
[input.lookup_lsoa11]
path = $D/real/ons_lsoa11_msoa11_lad17_london_lookup.csv
role = lookup
[input.lookup_icb]
path = $D/real/london_borough_icb_lookup.csv
role = lookup
[input.imd_lsoa]
path = $D/real/mhclg_iod2019_file2_domains_lsoa_london.csv
role = deprivation
[input.population_lsoa]
path = $D/real/ons_mid2019_pop_london_lsoa11_broad_age_sex.csv
role = population
[input.pm25_lsoa]
path = $D/real/laei_lsoa11_2019_PM25.csv
role = indicators
layout = mapped
set.indicator_id = hg.pm25_annual_mean
set.period = 2019
column.area_code = LSOA11CD
column.value = PM25-2019-mean
[input.hypertension]
path = $S/synthetic_hypertension_treated_by_imd_ethnicity.csv
role = indicators
synthetic = true
[packs]
london = false
icb = E54000027
charts = false
CONF
expect_exit 0 "$HG" run --quiet --timestamp 2024-01-01T00:00:00Z "$TMP/s.conf"
R=$TMP/pk/latest/results
[ -f "$R/statement.csv" ] || { fail "no statement.csv"; finish; }

python3 - "$D/real/" "$S/" "$R/statement.csv" > "$TMP/py" 2>&1 <<'PY' || fail "statement.csv differs: $(head -12 "$TMP/py")"
import csv, math, sys
D, S, OUT = sys.argv[1:4]
def rows(path, skip=0):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))[skip:]
def num(s):
    return float(s) if s != "" else math.nan
def sii(vals, pops):
    """PHE's SII/RII without limits: WLS of the value on the mid-rank b,
    weights = population shares, most deprived first."""
    tot = sum(pops); a = [p / tot for p in pops]; b, cum = [], 0.0
    for x in a:
        b.append(cum + x / 2); cum += x
    xb = sum(ai * bi for ai, bi in zip(a, b)); yb = sum(ai * v for ai, v in zip(a, vals))
    slope = sum(ai * (bi - xb) * (v - yb) for ai, bi, v in zip(a, b, vals)) / \
            sum(ai * (bi - xb) ** 2 for ai, bi in zip(a, b))
    icpt = yb - slope * xb
    return slope, (icpt + slope) / icpt
def sig(v, lo, hi, ref, polarity):
    if math.isnan(lo) or math.isnan(hi) or math.isnan(ref) or polarity is None:
        return "Not compared"
    if lo <= ref <= hi:
        return "Similar"
    higher = v > ref
    return ("Better" if higher else "Worse") if polarity == "high" else ("Higher" if higher else "Lower")

want = {}  # (indicator, sex, breakdown, group) -> dict of columns
# 1. the synthetic hypertension file, North West London ICB
h = [r for r in csv.DictReader(open(S + "synthetic_hypertension_treated_by_imd_ethnicity.csv"))
     if r["area_code"] == "E54000027"]
tot = {r["sex"]: r for r in h if not r["category_type"]}
ref = float(tot["Persons"]["value"])
kinds = {"IMD quintile (national; IMD 2019)": "deprivation", "Ethnic group": "ethnicity",
         "Age group": "age"}
cells = {}
for r in h:
    if r["category_type"]:
        cells.setdefault(kinds[r["category_type"]], []).append((r["category"], r))
cells["sex"] = [("Male", tot["Male"]), ("Female", tot["Female"])]
def diff(a, b):
    se = math.hypot((float(a["upper_ci95"]) - float(a["lower_ci95"])) / 3.92,
                    (float(b["upper_ci95"]) - float(b["lower_ci95"])) / 3.92)
    d = float(a["value"]) - float(b["value"])
    return d, d - 1.96 * se, d + 1.96 * se
for kind, cs in cells.items():
    if kind == "deprivation":
        s, ri = sii([float(r["value"]) for _, r in cs], [float(r["denominator"]) for _, r in cs])
        g = float(cs[0][1]["value"]) - float(cs[-1][1]["value"])
        extra = {"gap": (g,), "sii": (s,), "rii": (ri,)}
    elif kind == "sex":
        extra = {"gap": diff(cs[0][1], cs[1][1])}
    else:
        known = [r for n, r in cs if n != "Not stated"]
        hi = max(known, key=lambda r: float(r["value"])); lo = min(known, key=lambda r: float(r["value"]))
        extra = {"gap": diff(hi, lo)}
    for name, r in cs:
        v, l, u = float(r["value"]), float(r["lower_ci95"]), float(r["upper_ci95"])
        want[("hg.hypertension_treated_to_target", "Persons", kind, name)] = dict(
            value=(v,), lower_ci95=(l,), upper_ci95=(u,), icb_value=(ref,),
            significance=sig(v, l, u, ref, "high"), **extra)
# 2. PM2.5 by LSOA in national IMD quintiles within the ICB: population-weighted
#    means; the ICB has no PM2.5 row here, so its value is their weighted mean
lad_icb = {r[0]: r[2] for r in rows(D + "london_borough_icb_lookup.csv", 1)}
icb = {r[0]: lad_icb[r[4]] for r in rows(D + "ons_lsoa11_msoa11_lad17_london_lookup.csv", 1)}
f2 = rows(D + "mhclg_iod2019_file2_domains_lsoa_london.csv")
dc = f2[0].index("Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)")
quint = {r[0]: (int(r[dc]) + 1) // 2 for r in f2[1:]}
p = rows(D + "ons_mid2019_pop_london_lsoa11_broad_age_sex.csv"); pc = p[0].index("Persons_All-Ages")
pop = {r[0]: float(r[pc]) for r in p[1:]}
pm = {r[0]: float(r[3]) for r in rows(D + "laei_lsoa11_2019_PM25.csv", 1) if r[3]}
sw, sp = [0.0] * 6, [0.0] * 6
for l, v in pm.items():
    if l in quint and l in pop and icb.get(l) == "E54000027":
        sw[quint[l]] += pop[l] * v; sp[quint[l]] += pop[l]
means = [sw[q] / sp[q] for q in range(1, 6)]
s, ri = sii(means, sp[1:])
labels = ["Quintile 1 (most deprived)", "Quintile 2", "Quintile 3", "Quintile 4", "Quintile 5 (least deprived)"]
for q in range(5):
    want[("hg.pm25_annual_mean", "Persons", "deprivation", labels[q])] = dict(
        value=(means[q],), icb_value=(sum(sw) / sum(sp),), significance="Not compared",
        gap=(means[0] - means[4],), sii=(s,), rii=(ri,))

got = {}
for r in csv.DictReader(open(OUT, encoding="utf-8-sig")):
    if r["icb_code"] == "E54000027":
        got[(r["indicator_id"], r["sex"], r["breakdown"], r["group"])] = r
bad, n = 0, 0
for k, w in want.items():
    g = got.get(k)
    if g is None:
        print("missing", k); bad = 1; continue
    for col, x in w.items():
        n += 1
        if isinstance(x, str):
            if g[col] != x:
                print(k, col, "got", g[col], "want", x); bad = 1
            continue
        names = [col, col + "_lower_ci95", col + "_upper_ci95"] if col in ("gap", "sii", "rii") else [col]
        for c, xv in zip(names, x):
            if abs(num(g[c]) - xv) > 1e-6 * max(1, abs(xv)):
                print(k, c, "got", g[c], "want", xv); bad = 1
if set(got) - set(want):
    print("unexpected rows", sorted(set(got) - set(want))[:3]); bad = 1
print(n, "checked")
sys.exit(bad)
PY
tail -1 "$TMP/py" | grep -q "^[1-9][0-9][0-9] checked" || fail "too few checks: $(tail -1 "$TMP/py")"

# The ICB pack's Core20PLUS5 section: the tables, and the not-compared cells of PM2.5.
P=$TMP/pk/latest/packs/icb-E54000027.pdf
pdftotext -layout "$P" "$TMP/p.txt"
grep -q "Core20PLUS5: indicators by national IMD quintile" "$TMP/p.txt" || fail "no IMD quintile table"
grep -q "Core20PLUS5: indicators by ethnic group" "$TMP/p.txt" || fail "no ethnic group table"
grep -q "Core20PLUS5: indicators by age group" "$TMP/p.txt" || fail "no age table"
grep -q "Core20PLUS5: indicators by sex" "$TMP/p.txt" || fail "no sex table"
grep -q "Core20: the people in England's 20% most deprived areas" "$TMP/p.txt" || fail "no Core20 lines"
grep -q "measures with data for the ICB in this run: Hypertension treated to target" "$TMP/p.txt" \
  || fail "the clinical areas not listed"
# The registry's Core20PLUS5 definitions reach the methods pages (the user's file gave none).
pdftotext "$P" - | tr '\n' ' ' | tr -s ' ' > "$TMP/flat.txt"
grep -q "whose latest blood pressure is at or below the NICE target for their age" "$TMP/flat.txt" \
  || fail "no definition of hypertension treated to target"
grep -q "Patients aged 18+ on the hypertension register" "$TMP/flat.txt" || fail "no denominator"
finish
