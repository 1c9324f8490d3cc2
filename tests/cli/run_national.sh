#!/bin/sh
# Deprivation gradients on national IMD quintiles (analyse/gradients_national.c)
# beside the London-relative ones, on the demo's real files: LAEI 2019 PM2.5
# by LSOA and the MSOA Atlas life expectancy (males), IoD 2019 File 2's
# national deciles, ONS mid-2019 LSOA populations.  The expected quintile
# means are computed here in python from those files and the lookups (each
# MSOA's value given to its LSOAs; LSOA -> MSOA -> borough -> ICB), never
# from our output.
. tests/cli/lib.inc

D=$PWD/fixtures/london
cat > "$TMP/n.conf" <<CONF
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
[input.msoa_le_male]
path = $D/real/gla_msoa_atlas_london_trimmed.csv
role = indicators
layout = mapped
header_rows = 3
set.indicator_id = hg.msoa_le
set.sex = Male
set.period = 2008 - 12
filter.area_code = E02*
column.area_code = MSOA Code
column.value = Life Expectancy | Males
[packs]
london = false
icb = none
charts = false
CONF
expect_exit 0 "$HG" run --quiet --timestamp 2024-01-01T00:00:00Z "$TMP/n.conf"
R=$TMP/pk/latest/results
[ -f "$R/indicators.csv" ] || { fail "no indicators.csv"; finish; }

python3 - "$D" "$R" > "$TMP/py" 2>&1 <<'PY' || fail "national quintiles differ: $(head -8 "$TMP/py")"
import csv, sys
D, R = sys.argv[1] + "/real/", sys.argv[2] + "/"
def rows(path, skip=0):
    with open(path, encoding="utf-8-sig", newline="") as f:
        r = list(csv.reader(f))
    return r[skip:]
lad_icb = {r[0]: r[2] for r in rows(D + "london_borough_icb_lookup.csv", 1)}
lk = rows(D + "ons_lsoa11_msoa11_lad17_london_lookup.csv", 1)
msoa = {r[0]: r[2] for r in lk}
icb = {r[0]: lad_icb[r[4]] for r in lk}
f2 = rows(D + "mhclg_iod2019_file2_domains_lsoa_london.csv")
dc = f2[0].index("Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)")
quint = {r[0]: (int(r[dc]) + 1) // 2 for r in f2[1:]}
p = rows(D + "ons_mid2019_pop_london_lsoa11_broad_age_sex.csv")
pc = p[0].index("Persons_All-Ages")
pop = {r[0]: float(r[pc]) for r in p[1:]}
pm = {r[0]: float(r[3]) for r in rows(D + "laei_lsoa11_2019_PM25.csv", 1) if r[3]}
le = {r[0]: float(r[15]) for r in rows(D + "gla_msoa_atlas_london_trimmed.csv", 3)
      if r[0].startswith("E02") and r[15]}
def means(value_of):
    s = {}
    for l, q in quint.items():
        v = value_of(l)
        if v is None or l not in pop:
            continue
        for area in ("E12000007", icb[l]):
            a = s.setdefault((area, q), [0.0, 0.0])
            a[0] += pop[l] * v; a[1] += pop[l]
    return {k: (a[0] / a[1], a[1]) for k, a in s.items()}
want = {("hg.pm25_annual_mean", "Persons"): means(lambda l: pm.get(l)),
        ("hg.msoa_le", "Male"): means(lambda l: le.get(msoa[l]))}
got, n = {}, 0
for r in csv.DictReader(open(R + "indicators.csv", encoding="utf-8-sig")):
    if "national IMD quintiles (England ranking" not in r["category_type"]:
        continue
    q = int(r["category"].split()[1])
    got[(r["indicator_id"], r["sex"], r["area_code"], q)] = (float(r["value"]), float(r["denominator"]))
bad = 0
for (ind, sex), m in want.items():
    for (area, q), (v, w) in m.items():
        g = got.get((ind, sex, area, q))
        n += 1
        if g is None or abs(g[0] - v) > 1e-9 * abs(v) or abs(g[1] - w) > 1e-6:
            print("%s %s %s Q%d: want %.10g (pop %g), got %s" % (ind, sex, area, q, v, w, g)); bad = 1
if len(got) != n:
    print("got %d quintile rows, want %d" % (len(got), n)); bad = 1
# the gaps: most minus least deprived national quintile
for r in csv.DictReader(open(R + "inequalities.csv", encoding="utf-8-sig")):
    if r["measure"] == "abs_gap" and "England ranking" in r["component"]:
        m = want[(r["indicator_id"], r["sex"])]
        g = m[(r["area_code"], 1)][0] - m[(r["area_code"], 5)][0]
        if abs(float(r["value"]) - g) > 1e-9:
            print("gap %s %s: %s, want %.10g" % (r["indicator_id"], r["area_code"], r["value"], g)); bad = 1
        n += 1
print(n, "checked")
sys.exit(bad)
PY
grep -q "checked" "$TMP/py" && [ "$(tail -1 "$TMP/py")" = "72 checked" ] \
  || fail "want 60 quintiles and 12 gaps checked: $(cat "$TMP/py")"
# Labelled with its ranking, beside the London-relative quantiles.
grep -q 'LSOA national IMD quintiles (England ranking; imd_lsoa)' "$R/inequalities.csv" \
  || fail "national scheme not named"
grep -q 'LSOA deciles across London by deprivation' "$R/inequalities.csv" \
  || fail "London-relative deciles gone"
finish
