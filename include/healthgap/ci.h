/* healthgap/ci.h: confidence-interval primitives: Byar's, exact Poisson, Wilson.
 * Implemented in indicators/ci.c (GSL).  Formulas: PHEindicatormethods
 * R/utils.R; oracles and the confidence rules: docs/methods.md.
 *
 * Missing values: these functions return NAN for R's NA and for R's NaN alike
 * (Byar's lower limit of a zero count, a negative Byar's lower limit); the CSV
 * writers print both as an empty field, which is what R's write.csv does with NA.
 * A confidence level here is always the proportion form (0.95, 0.998), already
 * normalised by hg_confidence_normalise.
 */
#ifndef HEALTHGAP_CI_H
#define HEALTHGAP_CI_H

#include <stddef.h>

#include "healthgap/status.h"

HG_BEGIN_DECLS

/* Most confidence levels one call accepts (LE and SII take any number; 16 is ample). */
#define HG_MAX_CONF 16

/* z for a two-sided level c: qnorm(c + (1-c)/2), computed with the same
 * floating-point steps as R so that z matches to the last bit where GSL's
 * inverse does. */
double hg_ci_z(double conf);

/* Byar's approximation for a count x >= 0 (Breslow & Day 1987).  lower is NAN
 * for x == 0 and when the formula goes negative (R's NaN and NA). */
double hg_byars_lower(double x, double conf);
double hg_byars_upper(double x, double conf);
/* The same with z = hg_ci_z(conf) already computed (hot loops: DSR, funnels). */
double hg_byars_lower_z(double x, double z);
double hg_byars_upper_z(double x, double z);

/* Exact Poisson limits for a count x (chi-square, Armitage & Berry):
 * qchisq((1-c)/2, 2x)/2 (0 when x == 0) and qchisq(c+(1-c)/2, 2x+2)/2.
 * NAN if GSL fails or x < 0. */
double hg_exact_lower(double x, double conf);
double hg_exact_upper(double x, double conf);

/* Wilson score limits for the proportion x/n (0..1 scale); conf == 1 gives
 * exactly 0 and 1.  NAN when x or n is NAN. */
double hg_wilson_lower(double x, double n, double conf);
double hg_wilson_upper(double x, double n, double conf);

/* Which validation rules and messages apply to a `confidence` argument. */
typedef enum hg_conf_rule {
  HG_CONF_PAIR = 0,        /* rate, mean, DSR, ISR: 1 level, or exactly 0.95,0.998 */
  HG_CONF_PAIR_PROPORTION, /* phe_proportion: same, its own range message */
  HG_CONF_ANY              /* LE, SII: any number of levels, either form */
} hg_conf_rule;

/* Validates raw levels as given by the user (in[0..n)), in R's order: range
 * ([0.9,1] or [90,100]), count, then divides values >= 90 by 100 into out
 * (which holds HG_MAX_CONF) and applies the pair rule (two levels must be
 * 0.95 then 0.998; unlike R, 95,99.8 is accepted too).  n == 0 is an error here
 * (callers that allow "no CI" test for it first).  On failure returns
 * HG_ERR_RANGE and err->message is the R message, verbatim. */
hg_status hg_confidence_normalise(const double *in, size_t n, hg_conf_rule rule, double *out,
                                  hg_error *err);

/* Column name of a limit when several levels are output: "lower95_0cl",
 * "upper99_8cl" (R: formatC(conf*100, "f", digits=1), '.' -> '_').  buf holds 32. */
char *hg_ci_colname(double conf, int upper, char *buf);

/* The `confidence` output text: "95%" or "95%, 99.8%" (R: paste0(conf*100,"%")).
 * buf holds size bytes; returns buf. */
char *hg_ci_confidence_text(const double *levels, size_t n, char *buf, size_t size);

HG_END_DECLS
#endif
