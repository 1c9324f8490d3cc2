/* ci.c: Byar's, exact Poisson and Wilson limits and the `confidence` argument
 * rules (PHEindicatormethods R/utils.R; docs/methods.md).
 *
 * Each expression keeps R's order of operations (x^2 as x*x, ^3 as pow) so the
 * doubles agree with PHEindicatormethods to the last bits GSL allows.
 */
#include "healthgap/ci.h"

#include "gsl_quiet.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

double hg_ci_z(double conf) {
  /* The levels asked are the same for every group of a call: the quantiles
   * of the last few are kept (per thread), where computing them again was 8%
   * of `stat proportion` (issue 17).  The same doubles either way. */
  enum { KEEP = 4 };
  static _Thread_local struct {
    double conf[KEEP], z[KEEP];
    unsigned n, next;
  } kept;
  for (unsigned i = 0; i < kept.n; i++)
    if (kept.conf[i] == conf)
      return kept.z[i];
  hg_gsl_quiet();
  double z = gsl_cdf_ugaussian_Pinv(conf + (1 - conf) / 2);
  unsigned i = kept.next;
  kept.conf[i] = conf;
  kept.z[i] = z;
  kept.next = (i + 1) % KEEP;
  if (kept.n < KEEP)
    kept.n++;
  return z;
}

double hg_byars_lower_z(double x, double z) {
  if (isnan(x) || x < 0)
    return NAN;
  double v = x * pow(1 - 1 / (9 * x) - z / (3 * sqrt(x)), 3);
  return (isnan(v) || v < 0) ? NAN : v;
}

double hg_byars_upper_z(double x, double z) {
  if (isnan(x) || x < 0)
    return NAN;
  return (x + 1) * pow(1 - 1 / (9 * (x + 1)) + z / (3 * sqrt(x + 1)), 3);
}

double hg_byars_lower(double x, double conf) {
  return hg_byars_lower_z(x, hg_ci_z(conf));
}
double hg_byars_upper(double x, double conf) {
  return hg_byars_upper_z(x, hg_ci_z(conf));
}

double hg_exact_lower(double x, double conf) {
  if (isnan(x) || x < 0)
    return NAN;
  if (x == 0)
    return 0; /* R: qchisq(p, 0) = 0; GSL must not see df = 0 */
  hg_gsl_quiet();
  return gsl_cdf_chisq_Pinv((1 - conf) / 2, 2 * x) / 2;
}

double hg_exact_upper(double x, double conf) {
  if (isnan(x) || x < 0)
    return NAN;
  hg_gsl_quiet();
  return gsl_cdf_chisq_Pinv(conf + (1 - conf) / 2, 2 * x + 2) / 2;
}

static double wilson(double x, double n, double conf, double sign) {
  if (isnan(x) || isnan(n))
    return NAN;
  if (conf == 1)
    return sign < 0 ? 0 : 1;
  double z = hg_ci_z(conf);
  return (2 * x + z * z + sign * z * sqrt(z * z + 4 * x * (1 - x / n))) / 2 / (n + z * z);
}

double hg_wilson_lower(double x, double n, double conf) {
  return wilson(x, n, conf, -1);
}
double hg_wilson_upper(double x, double n, double conf) {
  return wilson(x, n, conf, +1);
}

hg_status hg_confidence_normalise(const double *in, size_t n, hg_conf_rule rule, double *out,
                                  hg_error *err) {
  const char *range_msg =
      rule == HG_CONF_ANY ? "all confidence levels must be between 90 and 100 or between 0.9 and 1"
      : rule == HG_CONF_PAIR_PROPORTION
          ? "confidence level, if specified, must be between 90 and 100 or between 0.9 and 1"
          : "confidence level must be between 90 and 100 or between 0.9 and 1";
  if (n == 0) {
    hg_error_set(err, NULL, 0, NULL, "confidence must be numeric");
    return HG_ERR_RANGE;
  }
  for (size_t i = 0; i < n; i++) {
    double c = in[i];
    if (isnan(c) || c < 0.9 || (c > 1 && c < 90) || c > 100) {
      hg_error_set(err, NULL, 0, NULL, "%s", range_msg);
      return HG_ERR_RANGE;
    }
  }
  if (n > HG_MAX_CONF || (rule != HG_CONF_ANY && n > 2)) {
    hg_error_set(err, NULL, 0, NULL, "a maximum of two confidence levels can be provided");
    return HG_ERR_RANGE;
  }
  for (size_t i = 0; i < n; i++)
    out[i] = in[i] >= 90 ? in[i] / 100 : in[i];
  /* R compares the raw values and so refuses c(95, 99.8); we compare
   * after scaling, so the Fingertips pair can be written 95,99.8 as well
   * (docs/methods.md).  95/100 and 99.8/100 are exactly the doubles 0.95, 0.998. */
  if (rule != HG_CONF_ANY && n == 2 && !(out[0] == 0.95 && out[1] == 0.998)) {
    hg_error_set(
        err, NULL, 0, NULL,
        "two confidence levels can only be produced if they are specified as 0.95 and 0.998");
    return HG_ERR_RANGE;
  }
  return HG_OK;
}

char *hg_ci_colname(double conf, int upper, char *buf) {
  char num[24];
  snprintf(num, sizeof num, "%.1f", conf * 100);
  for (char *p = num; *p; p++)
    if (*p == '.')
      *p = '_';
  snprintf(buf, 32, "%s%scl", upper ? "upper" : "lower", num);
  return buf;
}

char *hg_ci_confidence_text(const double *levels, size_t n, char *buf, size_t size) {
  size_t used = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < n && used < size; i++) {
    /* R's paste0 prints 15 significant digits: 0.998*100 -> "99.8". */
    int k = snprintf(buf + used, size - used, "%s%.15g%%", i ? ", " : "", levels[i] * 100);
    if (k < 0)
      break;
    used += (size_t)k;
  }
  return buf;
}
