#!/usr/bin/env python3
"""Reference projections for tests/test_projection.c, computed independently of
healthgap: weighted least squares by the normal equations (X'WX)^-1 X'Wz with an
explicit 2x2 inverse (healthgap uses centred sums), prediction variance
x0'(X'WX)^-1 x0 * s2 + s2 * mean(1/w), Student t quantiles from printed tables.

Run: python3 tests/data/targets/projection_reference.py > tests/data/targets/projection_expected.csv
"""
import math

# t(0.975, df) from standard tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2).
T975 = {1: 12.706204736174698, 2: 4.302652729749464, 3: 3.182446305284263,
        4: 2.7764451051977934, 5: 2.5705818356363146, 6: 2.4469118511449692,
        7: 2.3646242515927849, 8: 2.3060041352041662, 9: 2.2621571627982053,
        10: 2.2281388519862744, 11: 2.2009851600916384, 12: 2.1788128296672284}


def g(method, scale, y):
    if method == "linear":
        return y
    if method == "log-linear":
        return math.log(y)
    p = y / scale
    return math.log(p) - math.log(1 - p)


def ginv(method, scale, z):
    if method == "linear":
        return z
    if method == "log-linear":
        return math.exp(z)
    return scale * math.exp(z) / (1 + math.exp(z))


def project(method, scale, xs, ys, lo, hi, x0, target):
    z = [g(method, scale, y) for y in ys]
    if lo is not None:
        w = [1 / ((g(method, scale, h) - g(method, scale, l)) / 3.92) ** 2 for l, h in zip(lo, hi)]
    else:
        w = [1.0] * len(xs)
    # normal equations
    a11 = sum(w)
    a12 = sum(wi * xi for wi, xi in zip(w, xs))
    a22 = sum(wi * xi * xi for wi, xi in zip(w, xs))
    b1 = sum(wi * zi for wi, zi in zip(w, z))
    b2 = sum(wi * xi * zi for wi, xi, zi in zip(w, xs, z))
    det = a11 * a22 - a12 * a12
    i11, i12, i22 = a22 / det, -a12 / det, a11 / det
    c0 = i11 * b1 + i12 * b2
    c1 = i12 * b1 + i22 * b2
    n = len(xs)
    chi2 = sum(wi * (zi - c0 - c1 * xi) ** 2 for wi, xi, zi in zip(w, xs, z))
    s2 = chi2 / (n - 2)
    if lo is not None:
        s2 = max(s2, 1.0)
    v = sum(1 / wi for wi in w) / n
    var = s2 * (v + i11 + 2 * i12 * x0 + i22 * x0 * x0)
    h = T975[n - 2] * math.sqrt(var)
    z0 = c0 + c1 * x0
    yt = (g(method, scale, target) - g(method, scale, ys[-1])) / c1
    return c1, ginv(method, scale, z0), ginv(method, scale, z0 - h), ginv(method, scale, z0 + h), yt


CASES = [
    # name, method, scale, years, values, lower, upper, x0, target
    # GLA LAEI 2013/2016/2019 borough PM2.5 (tests/data/benchmark/laei_pm25_boroughs_tidy.csv)
    ("city_pm25", "log-linear", 1, [2013, 2016, 2019], [18.486, 16.035, 13.365], None, None, 2030, 10),
    ("brent_pm25", "log-linear", 1, [2013, 2016, 2019], [15.855, 13.278, 10.797], None, None, 2030, 10),
    # OHID APS smoking, Brent and Ealing 2011-2024 (fixtures/london/real)
    ("brent_smoking", "logit", 100, list(range(2011, 2025)),
     [20.1, 16.7, 14, 16.2, 12.2, 12.8, 15.8, 17.1, 10.3, 10.2, 7.4, 12.6, 7.6, 10.6], None, None, 2030, 5),
    ("ealing_smoking", "logit", 100, list(range(2011, 2025)),
     [20.7, 17.4, 14.9, 16.3, 15.1, 15.4, 11, 9.2, 10, 10.4, 9.6, 14.5, 21.1, 7.4], None, None, 2030, 5),
    # made-up series with limits (weighted)
    ("weighted_logit", "logit", 100, [2015, 2016, 2017, 2018, 2019],
     [22.0, 20.5, 19.8, 18.1, 17.0], [19.0, 17.9, 17.0, 15.6, 14.2], [25.2, 23.4, 22.9, 20.9, 20.1], 2025, 12),
    ("weighted_log", "log-linear", 1, [2016, 2017, 2018, 2019, 2020, 2021],
     [310, 295, 300, 270, 262, 250], [280, 270, 272, 241, 235, 222], [343, 322, 330, 302, 291, 281], 2027, 200),
    ("weighted_linear", "linear", 1, [2014, 2015, 2016, 2017, 2018],
     [62.1, 62.6, 62.4, 63.3, 63.5], [60.9, 61.5, 61.0, 62.2, 62.3], [63.3, 63.7, 63.8, 64.4, 64.7], 2024, 65),
]

print("case,method,scale,years,values,lower95,upper95,x0,target,slope,projected,lower,upper,years_to")
for name, m, sc, xs, ys, lo, hi, x0, tg in CASES:
    r = project(m, sc, xs, ys, lo, hi, x0, tg)
    j = lambda a: ";".join("%g" % v for v in a) if a is not None else ""
    print("%s,%s,%g,%s,%s,%s,%s,%g,%g,%.15g,%.15g,%.15g,%.15g,%.15g"
          % ((name, m, sc, j(xs), j(ys), j(lo), j(hi), x0, tg) + r))
