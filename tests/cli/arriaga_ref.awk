# Independent Arriaga (1984) decomposition for tests/cli/gaps.sh, written from the
# textbook formulas, not from our C: reads a counts file (area_code, ..., period,
# sex, age_band, deaths, population) in age order, builds each population's
# abridged life table by the PHE method (Chiang II: a = 0.1 at age 0 else 0.5,
# q = nM / (1 + (1 - a) nM), final band L = l / M, radix 100000), then
#   closed band: (l1x/l10)(nL2x/l2x - nL1x/l1x) + (T2(x+n)/l10)(l1x/l2x - l1(x+n)/l2(x+n))
#   open band:   (l1x/l10)(T2x/l2x - T1x/l1x)
# with population 1 = G (the group, the base) and 2 = R (the reference).
# Prints "band,contribution,e0_1,e0_2" for PERIOD and SEX.
BEGIN { FS = "," }
NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
$col["period"] == PERIOD && $col["sex"] == SEX && ($col["area_code"] == G || $col["area_code"] == R) {
  s = $col["area_code"] == G ? 1 : 2
  k = ++n[s]
  band[k] = $col["age_band"]; split(band[k], b, /[-+]/); start[k] = b[1] + 0
  D[s, k] = $col["deaths"]; P[s, k] = $col["population"]
}
END {
  nb = n[1]
  for (s = 1; s <= 2; s++) {
    l[s, 1] = 100000
    for (k = 1; k <= nb; k++) {
      m = D[s, k] / P[s, k]; a = start[k] == 0 ? 0.1 : 0.5
      if (k < nb) {
        w = start[k + 1] - start[k]
        q = w * m / (1 + (1 - a) * w * m)
        l[s, k + 1] = l[s, k] * (1 - q)
        L[s, k] = w * (l[s, k + 1] + a * (l[s, k] - l[s, k + 1]))
      } else L[s, k] = l[s, k] / m
    }
    T[s, nb + 1] = 0
    for (k = nb; k >= 1; k--) T[s, k] = T[s, k + 1] + L[s, k]
  }
  for (k = 1; k <= nb; k++) {
    if (k < nb)
      c = (l[1, k] / l[1, 1]) * (L[2, k] / l[2, k] - L[1, k] / l[1, k]) + \
          (T[2, k + 1] / l[1, 1]) * (l[1, k] / l[2, k] - l[1, k + 1] / l[2, k + 1])
    else
      c = (l[1, k] / l[1, 1]) * (T[2, k] / l[2, k] - T[1, k] / l[1, k])
    printf "%s,%.12f,%.12f,%.12f\n", band[k], c, T[1, 1] / l[1, 1], T[2, 1] / l[2, 1]
  }
}
