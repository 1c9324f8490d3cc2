/* healthgap/rates.h: proportion, crude rate, mean (PHEindicatormethods phe_proportion,
 * phe_rate, phe_mean; docs/methods.md).  Implemented in indicators/rates.c.
 *
 * Pure functions over numbers: no allocation, no I/O.  NAN stands for R's NA on
 * input and output.  Confidence levels are normalised ones (0.95, 0.998: see
 * hg_confidence_normalise in ci.h); nconf may be 0 (no limits computed).
 */
#ifndef HEALTHGAP_RATES_H
#define HEALTHGAP_RATES_H

#include <stddef.h>

#include "healthgap/ci.h"
#include "healthgap/status.h"

HG_BEGIN_DECLS

/* Which CI formula produced the limits (R's `method` column). */
typedef enum hg_ci_method {
  HG_CI_NONE = 0, /* NA input: R writes NA (rate) */
  HG_CI_WILSON,
  HG_CI_EXACT, /* exact Poisson (chi-square), count < 10 */
  HG_CI_BYARS,
  HG_CI_STUDENT_T,
  HG_CI_DOBSON
} hg_ci_method;

/* A value with limits at levels[0..nconf) (lower[i], upper[i] for level i). */
typedef struct hg_estimate {
  double value;
  double lower[HG_MAX_CONF];
  double upper[HG_MAX_CONF];
  hg_ci_method method;
} hg_estimate;

/* x/n*multiplier with Wilson limits (×multiplier).  NA x or n: all NAN,
 * method still HG_CI_WILSON (as R). */
void hg_proportion(double x, double n, const double *levels, size_t nconf, double multiplier,
                   hg_estimate *out);

/* x/n*multiplier; exact Poisson limits when x < 10, Byar's from 10, each /n*multiplier.
 * NA x: all NAN and HG_CI_NONE. */
void hg_rate(double x, double n, const double *levels, size_t nconf, double multiplier,
             hg_estimate *out);

/* Poisson limits of a count (the rate and ISR rule): exact below 10, Byar's
 * from 10.  Returns the method used (HG_CI_NONE for NA). */
hg_ci_method hg_poisson_limits(double count, double conf, double *lower, double *upper);

/* Validates proportion (is_rate = 0) or rate (1) inputs in R's order:
 * x < 0 -> "numerators must be greater than or equal to zero"; n <= 0 ->
 * "denominators must be greater than zero"; proportions only: x > n ->
 * "numerators must be less than or equal to denominator for a proportion
 * statistic".  NAs are ignored.  On failure returns HG_ERR_RANGE, the message in
 * err and the first offending index in *bad (and *bad_is_n = 1 if the
 * denominator is at fault). */
hg_status hg_rates_check(const double *x, const double *n, size_t len, int is_rate, size_t *bad,
                         int *bad_is_n, hg_error *err);

/* phe_mean over x[0..n): sum and count (an NA makes sum, sd, value and limits
 * NAN but is counted, as R), n-1 SD, Student's t limits (NAN when n < 2). */
typedef struct hg_mean_result {
  double value_sum;
  double value_count;
  double stdev;
  hg_estimate est;
} hg_mean_result;
void hg_mean(const double *x, size_t n, const double *levels, size_t nconf, hg_mean_result *out);
/* The Student's t limits of a mean: value -/+ |qt((1-conf)/2, n-1)| * sd / sqrt(n);
 * NAN when n < 2 or sd is NAN. */
void hg_mean_ci(double value, double sd, double n, double conf, double *lower, double *upper);

/* R's text for a number in `statistic` strings.  scientific = 1 mimics
 * as.character (100000 -> "1e+05", 1000 -> "1000"); 0 mimics
 * format(scientific = FALSE) ("100000").  buf holds 64 bytes. */
char *hg_r_number_text(double v, int scientific, char *buf);

HG_END_DECLS
#endif
