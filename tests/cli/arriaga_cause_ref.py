#!/usr/bin/env python3
"""Independent Arriaga (1984) decomposition by age band and cause, written
from the textbook formulas (not from our C), for tests/cli/arriaga_cause.sh.

Reads a counts file (area_code, period, sex, age_band, cause, deaths,
population; the band's population repeated on every cause row) and sums each
side's deaths (all causes, and per cause) and populations (once per area and
band) over its areas.  Life tables by the PHE method (Chiang II: a = 0.1 at
age 0 else 0.5, q = n m / (1 + (1 - a) n m), last band L = l / m, radix
100000).  Arriaga with population 1 = the group (the base), 2 = the
reference, as the Segment Tool and `gaps --by arriaga`:
  closed band: (l1x/l10)(nL2x/l2x - nL1x/l1x) + (T2(x+n)/l10)(l1x/l2x - l1(x+n)/l2(x+n))
  open band:   (l1x/l10)(T2x/l2x - T1x/l1x)
Cause split (Preston, Heuveline and Guillot 2001, box 4.4; the Segment
Tool): band x's part times (m2[x,c] - m1[x,c]) / (m2[x] - m1[x]).
Prints "band,cause,years" rows, then "band,ALL,years" per band,
"GAP,ALL,e0(2)-e0(1)", "E0,GROUP,e0(1)" and "E0,REFERENCE,e0(2)".

usage: arriaga_cause_ref.py FILE PERIOD SEX GROUP_CODES REFERENCE_CODES (codes comma-separated)
"""
import csv
import sys

path, period, sex, grp, ref = sys.argv[1:6]
sides = [grp.split(","), ref.split(",")]
D = [{}, {}]   # (start, cause) -> deaths
P = [{}, {}]   # start -> population
labels, causes = {}, []
seen = set()
with open(path, encoding="utf-8-sig") as f:
    for r in csv.DictReader(f):
        if r["period"] != period or r["sex"] != sex:
            continue
        lab = r["age_band"]
        start = float(lab.replace("+", "-").split("-")[0])
        labels[start] = lab
        if r["cause"] not in causes:
            causes.append(r["cause"])
        for s in (0, 1):
            if r["area_code"] in sides[s]:
                k = (start, r["cause"])
                D[s][k] = D[s].get(k, 0) + float(r["deaths"])
                if (s, r["area_code"], start) not in seen:
                    seen.add((s, r["area_code"], start))
                    P[s][start] = P[s].get(start, 0) + float(r["population"])
starts = sorted(labels)
nb = len(starts)


def table(s):
    m = [sum(D[s].get((x, c), 0) for c in causes) / P[s][x] for x in starts]
    l, L = [100000.0], []
    for i, x in enumerate(starts):
        a = 0.1 if x == 0 else 0.5
        if i < nb - 1:
            n = starts[i + 1] - x
            q = n * m[i] / (1 + (1 - a) * n * m[i])
            l.append(l[i] * (1 - q))
            L.append(n * (l[i + 1] + a * (l[i] - l[i + 1])))
        else:
            L.append(l[i] / m[i])
    T = [0.0] * (nb + 1)
    for i in range(nb - 1, -1, -1):
        T[i] = T[i + 1] + L[i]
    return l, L, T, m


l1, L1, T1, m1 = table(0)
l2, L2, T2, m2 = table(1)
for i, x in enumerate(starts):
    if i < nb - 1:
        c = (l1[i] / l1[0]) * (L2[i] / l2[i] - L1[i] / l1[i]) + (T2[i + 1] / l1[0]) * (
            l1[i] / l2[i] - l1[i + 1] / l2[i + 1])
    else:
        c = (l1[i] / l1[0]) * (T2[i] / l2[i] - T1[i] / l1[i])
    dm = m2[i] - m1[i]
    for cause in causes:
        mc1 = D[0].get((x, cause), 0) / P[0][x]
        mc2 = D[1].get((x, cause), 0) / P[1][x]
        print(f"{labels[x]},{cause},{c * (mc2 - mc1) / dm:.12f}")
    print(f"{labels[x]},ALL,{c:.12f}")
print(f"GAP,ALL,{T2[0] / l2[0] - T1[0] / l1[0]:.12f}")
print(f"E0,GROUP,{T1[0] / l1[0]:.12f}")
print(f"E0,REFERENCE,{T2[0] / l2[0]:.12f}")
