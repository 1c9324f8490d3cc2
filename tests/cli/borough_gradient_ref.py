#!/usr/bin/env python3
"""Independent reference for a borough's MSOA deprivation gradient (the
borough packs' "MSOA gradient"; engine/analyse/gradients.c computes it).

From the demo's own input files, with the standard library only:
  * the borough's MSOAs: LAD11CD of the 2011 Census usual-residents file;
  * deprivation: the IMD 2019 MSOA Score (higher = more deprived);
  * weight: the MSOA's 2011 usual residents (USUALRES);
  * value: an MSOA Atlas column (3 header rows).
Quintiles within the borough by PHEindicatormethods' phe_quantile rule
(counting areas, rank ties "min", most deprived = quintile 1):
  q = floor((nq + 1) - ceiling(((n + 1) - rank) / (n / nq))),
then population-weighted means per quintile and the SII/RII of Low & Low as
PHEindicatormethods' phe_sii fits them: weighted least squares of the
quintile means on the midpoint of each quintile's cumulative population
share (0 = most deprived), weights the population shares.
SII = slope (least - most deprived end); RII = (b0 + b1) / b0.
Prints: sii rii most least (most and least deprived quintile means).

usage: borough_gradient_ref.py DIR BOROUGH COLUMN   (COLUMN: atlas column index)
"""
import csv
import math
import sys

d, borough, col = sys.argv[1], sys.argv[2], int(sys.argv[3])
pop, score, value = {}, {}, {}
with open(f"{d}/ons_census2011_usual_residents_msoa11_london.csv", encoding="utf-8-sig") as f:
    for r in csv.DictReader(f):
        if r["LAD11CD"] == borough:
            pop[r["MSOA11CD"]] = float(r["USUALRES"])
with open(f"{d}/humaniverse_imd2019_msoa11_london_popweighted.csv", encoding="utf-8-sig") as f:
    for r in csv.DictReader(f):
        score[r["msoa_code"]] = float(r["Score"])
with open(f"{d}/gla_msoa_atlas_london_trimmed.csv", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f))[3:]
    for r in rows:
        if len(r) > col and r[col].strip():
            value[r[0]] = float(r[col])
areas = [a for a in pop if a in score and a in value and pop[a] > 0]
n, nq = len(areas), 5
if n < 10:
    sys.exit(f"{borough}: {n} MSOAs, too few")
key = sorted(-score[a] for a in areas)  # most deprived first
q = {}
for a in areas:
    rank = key.index(-score[a]) + 1  # ties: the first (min) rank
    q[a] = max(1, math.floor((nq + 1) - math.ceil(((n + 1) - rank) / (n / nq))))
mean, wt = [], []
for j in range(1, nq + 1):
    m = [a for a in areas if q[a] == j]
    w = sum(pop[a] for a in m)
    wt.append(w)
    mean.append(sum(pop[a] * value[a] for a in m) / w)
tot = sum(wt)
share = [w / tot for w in wt]
x, c = [], 0.0
for s in share:
    x.append(c + s / 2)
    c += s
sw = sum(share)
xm = sum(s * xi for s, xi in zip(share, x)) / sw
ym = sum(s * yi for s, yi in zip(share, mean)) / sw
b1 = sum(s * (xi - xm) * (yi - ym) for s, xi, yi in zip(share, x, mean)) / sum(
    s * (xi - xm) ** 2 for s, xi in zip(share, x))
b0 = ym - b1 * xm
print(f"{b1:.6f} {(b0 + b1) / b0:.6f} {mean[0]:.6f} {mean[-1]:.6f}")
