#!/usr/bin/env python3
"""SYNTHETIC test data (Fingertips' quintile labels): hypertension treated to target by national IMD
quintile, ethnic group, age group and sex, for North West London ICB
(E54000027) and Brent (E09000005), 2023/24.  The numbers are MADE UP (a
fixed recipe below, no randomness): they exercise the statement tables and the
completeness pages, and mean nothing.  Values are count / denominator x 100
with Wilson 95% limits (PHE's method for proportions).

    python3 tests/data/statement/gen_synthetic.py > \
        tests/data/statement/synthetic_hypertension_treated_by_imd_ethnicity.csv
"""
import math

Z = 1.959963984540054


def wilson(x, n):
    p = x / n
    c = Z * Z / (2 * n)
    d = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    e = 1 + Z * Z / n
    return 100 * x / n, 100 * (p + c - d) / e, 100 * (p + c + d) / e


ID = "hg.hypertension_treated_to_target"
NAME = "SYNTHETIC: Diagnosed hypertension treated to target"
AREAS = [("E54000027", "NHS North West London Integrated Care Board", "ICB", 1.0),
         ("E09000005", "Brent", "LAD", 0.2)]
# (category_type, category, denominator at ICB scale, share treated)
CELLS = [("IMD quintile (national; IMD 2019)", "Most deprived quintile", 52000, 0.58),
         ("IMD quintile (national; IMD 2019)", "Second most deprived quintile", 61000, 0.61),
         ("IMD quintile (national; IMD 2019)", "Average deprived quintile", 58000, 0.63),
         ("IMD quintile (national; IMD 2019)", "Second least deprived quintile", 49000, 0.64),
         ("IMD quintile (national; IMD 2019)", "Least deprived quintile", 40000, 0.66),
         ("Ethnic group", "Asian", 78000, 0.62),
         ("Ethnic group", "Black", 41000, 0.57),
         ("Ethnic group", "Mixed", 9000, 0.61),
         ("Ethnic group", "White", 96000, 0.63),
         ("Ethnic group", "Other", 12000, 0.60),
         ("Ethnic group", "Not stated", 24000, 0.55),
         ("Age group", "18-39 yrs", 21000, 0.49),
         ("Age group", "40-59 yrs", 88000, 0.58),
         ("Age group", "60-79 yrs", 118000, 0.65),
         ("Age group", "80+ yrs", 33000, 0.66)]
SEXES = [("Male", 128000, 0.59), ("Female", 132000, 0.64)]

print("indicator_id,indicator_name,area_code,area_name,area_type,period,sex,age,"
      "category_type,category,value,lower_ci95,upper_ci95,count,denominator")


def row(area, sex, ct, cat, den, share):
    n = round(den * area[3])
    x = round(n * share)
    v, lo, hi = wilson(x, n)
    print("%s,%s,%s,%s,%s,2023/24,%s,18+ yrs,%s,%s,%.6f,%.6f,%.6f,%d,%d" %
          (ID, NAME, area[0], area[1], area[2], sex, ct, cat, v, lo, hi, x, n))


for a in AREAS:
    row(a, "Persons", "", "", 260000, 0.615)
    for s in SEXES:
        row(a, s[0], "", "", s[1], s[2])
    for c in CELLS:
        row(a, "Persons", c[0], c[1], c[2], c[3])
