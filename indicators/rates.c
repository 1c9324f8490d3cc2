/* rates.c: phe_proportion, phe_rate, phe_mean as pure functions. */
#include "healthgap/rates.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gsl_quiet.h"

static void all_nan(hg_estimate *out, size_t nconf) {
  out->value = NAN;
  for (size_t i = 0; i < nconf && i < HG_MAX_CONF; i++)
    out->lower[i] = out->upper[i] = NAN;
}

void hg_proportion(double x, double n, const double *levels, size_t nconf, double multiplier,
                   hg_estimate *out) {
  all_nan(out, nconf);
  out->method = HG_CI_WILSON;
  if (isnan(x) || isnan(n))
    return;
  out->value = x / n * multiplier;
  for (size_t i = 0; i < nconf && i < HG_MAX_CONF; i++) {
    out->lower[i] = hg_wilson_lower(x, n, levels[i]) * multiplier;
    out->upper[i] = hg_wilson_upper(x, n, levels[i]) * multiplier;
  }
}

hg_ci_method hg_poisson_limits(double count, double conf, double *lower, double *upper) {
  if (isnan(count)) {
    *lower = *upper = NAN;
    return HG_CI_NONE;
  }
  if (count < 10) {
    *lower = hg_exact_lower(count, conf);
    *upper = hg_exact_upper(count, conf);
    return HG_CI_EXACT;
  }
  *lower = hg_byars_lower(count, conf);
  *upper = hg_byars_upper(count, conf);
  return HG_CI_BYARS;
}

void hg_rate(double x, double n, const double *levels, size_t nconf, double multiplier,
             hg_estimate *out) {
  all_nan(out, nconf);
  out->method = isnan(x) ? HG_CI_NONE : (x < 10 ? HG_CI_EXACT : HG_CI_BYARS);
  if (isnan(x) || isnan(n))
    return;
  out->value = x / n * multiplier;
  for (size_t i = 0; i < nconf && i < HG_MAX_CONF; i++) {
    double lo, up;
    hg_poisson_limits(x, levels[i], &lo, &up);
    out->lower[i] = lo / n * multiplier;
    out->upper[i] = up / n * multiplier;
  }
}

hg_status hg_rates_check(const double *x, const double *n, size_t len, int is_rate, size_t *bad,
                         int *bad_is_n, hg_error *err) {
  *bad_is_n = 0;
  for (size_t i = 0; i < len; i++)
    if (x[i] < 0) {
      *bad = i;
      hg_error_set(err, NULL, 0, NULL, "numerators must be greater than or equal to zero");
      return HG_ERR_RANGE;
    }
  for (size_t i = 0; i < len; i++)
    if (n[i] <= 0) {
      *bad = i;
      *bad_is_n = 1;
      hg_error_set(err, NULL, 0, NULL, "denominators must be greater than zero");
      return HG_ERR_RANGE;
    }
  for (size_t i = 0; !is_rate && i < len; i++)
    if (x[i] > n[i]) {
      *bad = i;
      hg_error_set(
          err, NULL, 0, NULL,
          "numerators must be less than or equal to denominator for a proportion statistic");
      return HG_ERR_RANGE;
    }
  return HG_OK;
}

void hg_mean(const double *x, size_t n, const double *levels, size_t nconf, hg_mean_result *out) {
  all_nan(&out->est, nconf);
  out->est.method = HG_CI_STUDENT_T;
  out->value_count = (double)n;
  double sum = 0;
  for (size_t i = 0; i < n; i++)
    sum += x[i]; /* an NA poisons the sum, as in R */
  out->value_sum = sum;
  out->est.value = n ? sum / (double)n : NAN;
  out->stdev = NAN;
  if (n < 2 || isnan(sum))
    return;
  /* Two-pass n-1 variance, as R's var(). */
  double mean = sum / (double)n, ss = 0;
  for (size_t i = 0; i < n; i++)
    ss += (x[i] - mean) * (x[i] - mean);
  out->stdev = sqrt(ss / (double)(n - 1));
  for (size_t i = 0; i < nconf && i < HG_MAX_CONF; i++)
    hg_mean_ci(out->est.value, out->stdev, (double)n, levels[i], &out->est.lower[i],
               &out->est.upper[i]);
}

void hg_mean_ci(double value, double sd, double n, double conf, double *lower, double *upper) {
  *lower = *upper = NAN;
  if (!(n >= 2) || isnan(sd) || isnan(value))
    return;
  hg_gsl_quiet();
  double t = fabs(gsl_cdf_tdist_Pinv((1 - conf) / 2, n - 1));
  *lower = value - t * sd / sqrt(n);
  *upper = value + t * sd / sqrt(n);
}

char *hg_r_number_text(double v, int scientific, char *buf) {
  char fixed[64], sci[64];
  if (!isfinite(v)) {
    snprintf(buf, 64, "%s", isnan(v) ? "NA" : (v > 0 ? "Inf" : "-Inf"));
    return buf;
  }
  /* R prints up to 15 significant digits; find the fewest that keep the value. */
  int p = 0;
  double want = strtod((snprintf(sci, sizeof sci, "%.14e", v), sci), NULL);
  for (p = 0; p < 15; p++) {
    snprintf(sci, sizeof sci, "%.*e", p, v);
    if (strtod(sci, NULL) == want)
      break;
  }
  int e10 = v == 0 ? 0 : (int)floor(log10(fabs(v)));
  int dec = p - e10 > 0 ? p - e10 : 0;
  snprintf(fixed, sizeof fixed, "%.*f", dec, v);
  snprintf(buf, 64, "%s", (scientific && strlen(sci) < strlen(fixed)) ? sci : fixed);
  return buf;
}
