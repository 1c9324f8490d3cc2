/* funnel.c: funnel plot limits, significance and points (calculate_funnel_limits,
 * assign_funnel_significance, calculate_funnel_points; docs/methods.md).
 *
 * The Poisson helpers follow the Excel macro that Fingertips' funnels were
 * built with (series sum and bisection), not a closed form, because the
 * published limits are those numbers.
 */
#include "healthgap/funnel.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <string.h>

#include "gsl_quiet.h"

#include "healthgap/rates.h"

double hg_funnel_sigma_adjustment(double p, double N, double avg, int high, double multiplier) {
  hg_gsl_quiet();
  double z = gsl_cdf_ugaussian_Pinv(p), z2 = z * z;
  double first = avg * (N / z2 + 1);
  double t = -8 * avg * (N / z2 + 1);
  double adj =
      sqrt(t * t - 64 * (1 / z2 + 1 / N) * avg * (N * (avg * (N / z2 + 2) - 1) + z2 * (avg - 1)));
  double last = 1 / z2 + 1 / N;
  double v = high ? (first + adj / 8) / last : (first - adj / 8) / last;
  return (v / N) * multiplier;
}

double hg_funnel_poisson_cis(double z, double a, double b) {
  double q = 1, tot = 0, s = 0, k = 0;
  while (k <= z || q > tot * 1e-10) {
    tot += q;
    if (k >= a && k <= b)
      s += q;
    if (tot > 1e30) {
      s /= 1e30;
      tot /= 1e30;
      q /= 1e30;
    }
    k += 1;
    q = q * z / k;
  }
  return s / tot;
}

double hg_funnel_poisson_funnel(double obs, double p, int high) {
  double v = 0.5, dv = 0.5;
  while (dv > 1e-7) {
    dv /= 2;
    double mu = (1 + obs) * v / (1 - v);
    int down =
        high ? hg_funnel_poisson_cis(mu, 0, obs) < p : hg_funnel_poisson_cis(mu, obs, 1e10) > p;
    v = down ? v - dv : v + dv;
  }
  return (1 + obs) * v / (1 - v);
}

double hg_funnel_ratio_significance(double obs, double expected, double p, int high) {
  double t;
  hg_gsl_quiet();
  if (obs == 0 && !high) {
    t = 0;
  } else if (obs < 10) {
    t = high ? gsl_cdf_chisq_Pinv(0.5 + p / 2, 2 * obs + 2) / 2
             : gsl_cdf_chisq_Qinv(0.5 + p / 2, 2 * obs) / 2;
  } else {
    double z = gsl_cdf_ugaussian_Pinv(0.5 + p / 2);
    double o = high ? obs + 1 : obs;
    t = high ? o * pow(1 - 1 / (9 * o) + z / 3 / sqrt(o), 3)
             : o * pow(1 - 1 / (9 * o) - z / 3 / sqrt(o), 3);
  }
  return t / expected;
}

void hg_funnel_denominators(const hg_funnel_options *o, const double *num, const double *den,
                            const double *rate, size_t n, double *out) {
  for (size_t i = 0; i < n; i++) {
    if (o->statistic != HG_FUNNEL_RATE)
      out[i] = den ? den[i] : NAN;
    else if (num[i] == 0)
      out[i] = (o->rate_crude && den) ? den[i] : NAN;
    else
      out[i] = o->multiplier * num[i] / rate[i];
  }
}

/* R's nchar(as.character(v)) for the integer-valued doubles of the axis. */
static double r_nchar(double v) {
  char buf[64];
  return (double)strlen(hg_r_number_text(v, 1, buf));
}

static double signif_floor(double x) {
  if (x == 0)
    return 0;
  double n = r_nchar(floor(x * 0.95)) - 1;
  return floor(x * 0.95 / pow(10, n)) * pow(10, n);
}

static double signif_ceiling(double x) {
  if (x == 0)
    return 0;
  double n = r_nchar(ceil(x * 1.05)) - 2;
  return ceil(x * 1.05 / pow(10, n)) * pow(10, n);
}

/* R's max(0, v) / min(100, v) keep NaN. */
static double rmax0(double v) {
  return isnan(v) ? v : (v < 0 ? 0 : v);
}
static double rmin100(double v) {
  return isnan(v) ? v : (v > 100 ? 100 : v);
}

hg_status hg_funnel_limits(const hg_funnel_options *o, const double *num, const double *dd,
                           size_t n, hg_funnel_table *out) {
  double snum = 0, sden = 0, mind = INFINITY, maxd = -INFINITY;
  for (size_t i = 0; i < n; i++) {
    snum += num[i];
    if (!isnan(dd[i])) {
      sden += dd[i];
      mind = dd[i] < mind ? dd[i] : mind;
      maxd = dd[i] > maxd ? dd[i] : maxd;
    }
  }
  if (!isfinite(mind))
    return HG_ERR_EMPTY;
  double av = snum / sden, years = o->years_of_data;
  int rate = o->statistic == HG_FUNNEL_RATE;
  double amin, amax;
  if (maxd > 2 * mind)
    amin = 0;
  else
    amin = rate ? signif_floor(mind / years) * years : signif_floor(mind);
  amax = rate ? signif_ceiling(maxd / years) * years : signif_ceiling(maxd);
  if (rate) {
    amin = floor(amin * av);
    amax = ceil(amax * av);
  }
  out->x[0] = amin > 1 ? amin : 1;
  for (int j = 2; j <= HG_FUNNEL_POINTS; j++) {
    double prev = out->x[j - 2];
    int off = o->statistic == HG_FUNNEL_RATIO ? j - 1 : j;
    /* R's round() is half-to-even: nearbyint in the default rounding mode. */
    double next = nearbyint(pow(amax / prev, 1.0 / (101 - off)) * prev);
    out->x[j - 1] = next > prev + 1 ? next : prev + 1;
  }
  static const double probs[4] = {0.975, 0.975, 0.999, 0.999};
  static const double tails[4] = {0.025, 0.025, 0.001, 0.001};
  out->baseline = av * o->multiplier;
  for (size_t i = 0; i < HG_FUNNEL_POINTS; i++) {
    double x = out->x[i];
    for (int l = 0; l < 4; l++) {
      int upper = l % 2;
      if (o->statistic == HG_FUNNEL_PROPORTION) {
        double v = hg_funnel_sigma_adjustment(probs[l], x, av, upper, o->multiplier);
        out->aux[l][i] = NAN;
        out->limit[l][i] = upper ? rmin100(v) : rmax0(v);
      } else {
        /* The lower limit line comes from the "high" tail and vice versa. */
        double e = hg_funnel_poisson_funnel(x, tails[l], !upper);
        if (rate) {
          double pop = e / av;
          out->limit[l][i] = x / pop * o->multiplier;
          out->aux[l][i] = pop / years;
        } else {
          double lim = x / e;
          out->aux[l][i] = e;
          out->limit[l][i] = o->ratio_isr ? lim * 100 : lim - 1;
        }
      }
    }
  }
  return HG_OK;
}

const char *hg_funnel_sig_label(hg_funnel_sig s) {
  static const char *const labels[] = {
      "High (0.001)", "High (0.025)",    "Low (0.001)",
      "Low (0.025)",  "Not significant", "Not applicable for events less than 10 for dsrs"};
  return (unsigned)s < sizeof labels / sizeof labels[0] ? labels[s] : "";
}

void hg_funnel_significance(const hg_funnel_options *o, const double *num, const double *den,
                            size_t n, hg_funnel_sig *out) {
  double snum = 0, sden = 0;
  for (size_t i = 0; i < n; i++) {
    if (!isnan(num[i]))
      snum += num[i];
    if (!isnan(den[i]))
      sden += den[i];
  }
  double avg = snum / sden;
  for (size_t i = 0; i < n; i++) {
    if (o->statistic == HG_FUNNEL_PROPORTION) {
      double r = num[i] / den[i];
      if (r < hg_funnel_sigma_adjustment(0.999, den[i], avg, 0, 1))
        out[i] = HG_FUNNEL_LOW_001;
      else if (r < hg_funnel_sigma_adjustment(0.975, den[i], avg, 0, 1))
        out[i] = HG_FUNNEL_LOW_025;
      else if (r > hg_funnel_sigma_adjustment(0.999, den[i], avg, 1, 1))
        out[i] = HG_FUNNEL_HIGH_001;
      else if (r > hg_funnel_sigma_adjustment(0.975, den[i], avg, 1, 1))
        out[i] = HG_FUNNEL_HIGH_025;
      else
        out[i] = HG_FUNNEL_NOT_SIGNIFICANT;
      continue;
    }
    /* Ratios compare 1, rates the overall rate W, with the row's limits. */
    double ref = o->statistic == HG_FUNNEL_RATIO ? 1 : avg;
    if (o->statistic == HG_FUNNEL_RATE && !o->rate_crude && num[i] < 10)
      out[i] = HG_FUNNEL_NOT_APPLICABLE;
    else if (ref < hg_funnel_ratio_significance(num[i], den[i], 0.998, 0))
      out[i] = HG_FUNNEL_HIGH_001;
    else if (ref < hg_funnel_ratio_significance(num[i], den[i], 0.95, 0))
      out[i] = HG_FUNNEL_HIGH_025;
    else if (ref > hg_funnel_ratio_significance(num[i], den[i], 0.998, 1))
      out[i] = HG_FUNNEL_LOW_001;
    else if (ref > hg_funnel_ratio_significance(num[i], den[i], 0.95, 1))
      out[i] = HG_FUNNEL_LOW_025;
    else
      out[i] = HG_FUNNEL_NOT_SIGNIFICANT;
  }
}

void hg_funnel_points(const hg_funnel_options *o, const double *num, const double *rate,
                      const double *dd, size_t n, double *rate_chart, double *den_derived) {
  for (size_t i = 0; i < n; i++) {
    if (!o->rate_crude && !(num[i] >= 10)) {
      rate_chart[i] = den_derived[i] = NAN;
      continue;
    }
    rate_chart[i] = rate[i];
    den_derived[i] = dd[i] / o->years_of_data;
  }
}
