/* ticks.c: extended Wilkinson tick labels (Talbot, Lin and Hanrahan 2010), a port
 * of the structure of labeling::extended() (R, J. Talbot) with its defaults
 * Q = {1,5,2,2.5,4,3}, w = (0.25,0.2,0.5,0.05), legibility 1 (labels that would
 * overlap are thinned at drawing time by the axis code). */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "healthgap/chart.h"

static const double Q[] = {1, 5, 2, 2.5, 4, 3};
enum { NQ = 6 };
static const double W[4] = {0.25, 0.2, 0.5, 0.05};

static double simplicity(int i, int j, double lmin, double lmax, double step) {
  double eps = DBL_EPSILON * 100;
  double m = fmod(lmin, step);
  if (m < 0)
    m += step; /* R's %% is a floored modulo */
  int v = ((m < eps || step - m < eps) && lmin <= 0 && lmax >= 0) ? 1 : 0;
  return 1.0 - (double)i / (NQ - 1) - j + v;
}
static double simplicity_max(int i, int j) {
  return 1.0 - (double)i / (NQ - 1) - j + 1;
}
static double coverage(double dmin, double dmax, double lmin, double lmax) {
  double r = dmax - dmin;
  return 1 - 0.5 * ((dmax - lmax) * (dmax - lmax) + (dmin - lmin) * (dmin - lmin)) /
                 ((0.1 * r) * (0.1 * r));
}
static double coverage_max(double dmin, double dmax, double span) {
  double r = dmax - dmin;
  if (span > r) {
    double half = (span - r) / 2;
    return 1 - 0.5 * (2 * half * half) / ((0.1 * r) * (0.1 * r));
  }
  return 1;
}
static double density(int k, int m, double dmin, double dmax, double lmin, double lmax) {
  double r = (k - 1) / (lmax - lmin);
  double rt = (m - 1) / (fmax(lmax, dmax) - fmin(dmin, lmin));
  return 2 - fmax(r / rt, rt / r);
}
static double density_max(int k, int m) {
  return k >= m ? 2 - (double)(k - 1) / (m - 1) : 1;
}

static int decimals_for(double v) {
  int d = (int)fmax(-floor(log10(fabs(v)) + 1e-9), 0);
  if (!isfinite(v) || v == 0)
    return 0;
  while (d < 9) {
    double s = v * pow(10, d);
    if (fabs(s - round(s)) < 1e-6 * fmax(1, fabs(s)))
      break;
    d++;
  }
  return d;
}

hg_status hg_ticks_extended(double dmin, double dmax, int m, int only_loose, hg_ticks *out) {
  return hg_ticks_extended_legible(dmin, dmax, m, only_loose, NULL, NULL, out);
}

hg_status hg_ticks_extended_legible(double dmin, double dmax, int m, int only_loose,
                                    hg_tick_legibility legibility, void *ctx, hg_ticks *out) {
  if (!out || !isfinite(dmin) || !isfinite(dmax) || m < 2)
    return HG_ERR_RANGE;
  memset(out, 0, sizeof *out);
  if (dmin > dmax) {
    double t = dmin;
    dmin = dmax;
    dmax = t;
  }
  if (dmax - dmin < 100 * DBL_EPSILON * fmax(1, fabs(dmax))) {
    /* degenerate range: labeling returns seq(dmin, dmax, length.out = m); we
     * widen to a unit-ish range around the value so an axis can still be drawn */
    double c = dmin, s = fabs(c) > 0 ? pow(10, floor(log10(fabs(c)))) : 1;
    return hg_ticks_extended_legible(c - s, c + s, m, only_loose, legibility, ctx, out);
  }
  double best = -2;
  int found = 0;
  for (int j = 1; j < 1000; j++) {
    int stop = 0;
    for (int qi = 0; qi < NQ; qi++) {
      double q = Q[qi];
      double sm = simplicity_max(qi, j);
      if (W[0] * sm + W[1] + W[2] + W[3] < best) {
        stop = 1;
        break;
      }
      for (int k = 2; k < 1000; k++) {
        double dm = density_max(k, m);
        if (W[0] * sm + W[1] + W[2] * dm + W[3] < best)
          break;
        double delta = (dmax - dmin) / (k + 1) / j / q;
        for (int z = (int)ceil(log10(delta)); z < 400; z++) {
          double step = j * q * pow(10, z);
          double cm = coverage_max(dmin, dmax, step * (k - 1));
          if (W[0] * sm + W[1] * cm + W[2] * dm + W[3] < best)
            break;
          double min_start = floor(dmax / step) * j - (double)(k - 1) * j;
          double max_start = ceil(dmin / step) * j;
          if (min_start > max_start)
            continue;
          for (double start = min_start; start <= max_start; start++) {
            double lmin = start * (step / j), lmax = lmin + step * (k - 1);
            double s = simplicity(qi, j, lmin, lmax, step);
            double c = coverage(dmin, dmax, lmin, lmax);
            double g = density(k, m, dmin, dmax, lmin, lmax);
            double leg = 1.0;
            if (legibility) { /* only candidates that could win are measured */
              if (W[0] * s + W[1] * c + W[2] * g + W[3] <= best)
                continue;
              int d1 = decimals_for(step), d2 = decimals_for(lmin);
              leg = legibility(lmin, step, k, d1 > d2 ? d1 : d2, ctx);
              if (!isfinite(leg))
                continue;
            }
            double score = W[0] * s + W[1] * c + W[2] * g + W[3] * leg;
            if (score > best && (!only_loose || (lmin <= dmin && lmax >= dmax))) {
              best = score;
              out->lmin = lmin;
              out->lmax = lmax;
              out->step = step;
              out->n = k;
              found = 1;
            }
          }
        }
      }
    }
    if (stop)
      break;
  }
  if (!found)
    return HG_ERR_RANGE;
  int d1 = decimals_for(out->step), d2 = decimals_for(out->lmin);
  out->decimals = d1 > d2 ? d1 : d2;
  return HG_OK;
}

char *hg_chart_format(double v, int decimals, char *buf, size_t size) {
  if (!buf || size == 0)
    return buf;
  if (!isfinite(v)) {
    snprintf(buf, size, "-");
    return buf;
  }
  if (decimals < 0)
    decimals = 0;
  if (decimals > 9)
    decimals = 9;
  char tmp[64];
  /* %.*f is locale dependent only in its decimal point, which the library never
   * changes (the CLI does not call setlocale for LC_NUMERIC). */
  snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
  if (tmp[0] == '-') { /* "-0.0" -> "0.0" */
    int zero = 1;
    for (const char *p = tmp + 1; *p; p++)
      if (*p >= '1' && *p <= '9')
        zero = 0;
    if (zero)
      memmove(tmp, tmp + 1, strlen(tmp));
  }
  /* thousands separators in the integer part */
  const char *start = tmp[0] == '-' ? tmp + 1 : tmp;
  const char *dot = strchr(start, '.');
  size_t intlen = dot ? (size_t)(dot - start) : strlen(start);
  char res[96];
  size_t o = 0;
  if (tmp[0] == '-')
    res[o++] = '-';
  for (size_t i = 0; i < intlen; i++) {
    if (i > 0 && (intlen - i) % 3 == 0)
      res[o++] = ',';
    res[o++] = start[i];
  }
  if (dot)
    for (const char *p = dot; *p && o < sizeof res - 1; p++)
      res[o++] = *p;
  res[o] = 0;
  snprintf(buf, size, "%s", res);
  return buf;
}
