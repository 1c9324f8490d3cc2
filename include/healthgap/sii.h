/* healthgap/sii.h: slope and relative index of inequality (PHEindicatormethods
 * phe_sii, Low & Low 2004).  Documented in docs/methods-le-sii.md, which
 * numbers phe_sii's checks in R's order (the "items" below).
 * Implemented in indicators/sii.c.
 *
 * Shape of a run (what the CLI does, in R's order):
 *   1. hg_sii_check_options(opt, fields)        the argument checks (items 2-10)
 *   2. hg_sii_check_group(group, opt) per group  the data checks (items 12-15)
 *   3. hg_sii_check_nquantiles(Q)                Q = distinct quantile labels in the whole
 *                                                dataset (item 16); groups lacking any of the
 *                                                Q quantiles are dropped by the caller (item 17)
 *   4. hg_sii_compute(group, opt, stream seed) per group, or hg_sii_run for all groups on a
 *      GLib thread pool.
 *
 * hg_sii_compute is pure (arrays in, struct out, no globals): each group draws from its
 * own GSL Mersenne-Twister stream seeded by hg_sii_stream_seed(seed, group key), so the
 * results do not depend on the number of threads or the order of the groups.  The
 * Monte Carlo limits cannot equal R's (a different RNG, and for untransformed normal
 * values the pair draw: hg_sii_options.draw_values); they agree to Monte Carlo
 * error (the R tests use 5%).  Point estimates are deterministic and match R.
 */
#ifndef HEALTHGAP_SII_H
#define HEALTHGAP_SII_H

#include <stddef.h>
#include <stdint.h>

#include "healthgap/status.h"

HG_BEGIN_DECLS

#define HG_SII_MAX_CONF 8

typedef enum hg_sii_value_type {
  HG_SII_NORMAL = 0,    /* "normal": e.g. life expectancy; identity link */
  HG_SII_RATE = 1,      /* "rate": log link */
  HG_SII_PROPORTION = 2 /* "proportion" (0..1): logit link */
} hg_sii_value_type;

/* Options; zero-initialised = R's defaults.  CLI flags in brackets. */
typedef struct hg_sii_options {
  int value_type;           /* hg_sii_value_type; other values are an error [--value-type] */
  int transform;            /* 1: regress on the link scale (log/logit) [--transform] */
  double multiplier;        /* 0 = 1 [--multiplier]; negative flips SII and inverts RII */
  long repetitions;         /* 0 = 100000; must be >= 1000 [--repetitions] */
  const double *confidence; /* NULL = {0.95}; each in [0.9,1] or [90,100] [--confidence] */
  size_t n_confidence;
  int rii;              /* report RII [--rii] (computed anyway; a flag for output) */
  int intercept;        /* report the intercept [--intercept] */
  int reliability_stat; /* 1: draw 10x repetitions, report sii_mad/rii_mad */
  uint64_t seed;        /* base seed of the per-group streams [--seed], default 0 */
  int exact;            /* 1: the SII limits in closed form, not simulated [--exact]: only for
                           the untransformed SII of normal values (the slope is then linear in
                           the values: var = sum h_j^2 se_j^2); HG_ERR_INVALID otherwise.  The
                           RII stays simulated, and is not drawn at all when rii is 0 (its
                           limits are then NAN).  docs/methods-le-sii.md */
  int rng;              /* hg_sii_rng: the generator of the draws [--rng] */
  int draw_values;      /* 1: draw every quantile's value, as PHEindicatormethods does
                           [--draw-values].  0 (default): for untransformed normal values the
                           intercept and slope of each repetition are linear in the values, so
                           they are drawn directly as their bivariate normal (two draws per
                           repetition instead of one per quantile; the same distribution, so
                           the same limits to Monte Carlo error).  Transformed values, rates
                           and proportions always draw every value. docs/methods-le-sii.md */
} hg_sii_options;

/* The generator of the normal draws (all with gsl_ran_gaussian_ziggurat).
 * mt19937 is the default, as in earlier releases (with --draw-values their limits are reproduced
 * exactly); taus2 draws about twice as fast and its limits agree with R's as closely
 * (docs/methods-le-sii.md, "Generator"). */
typedef enum hg_sii_rng { HG_SII_RNG_MT19937 = 0, HG_SII_RNG_TAUS2 = 1 } hg_sii_rng;

/* Which input columns the caller has (1 = present); for the argument checks. */
typedef struct hg_sii_fields {
  int value, x, lower_cl, upper_cl, se;
} hg_sii_fields;

/* One group: k rows sorted by quantile ascending (quantile 1 = most deprived).
 * Absent columns are NULL.  value may be NULL only for proportions with x. */
typedef struct hg_sii_group {
  size_t k;
  const double *population;
  const double *value;
  const double *x;
  const double *lower_cl; /* 95% limits on the original scale */
  const double *upper_cl;
  const double *se; /* on the link scale for rates and proportions (R quirk) */
} hg_sii_group;

typedef struct hg_sii_result {
  double sii, rii, intercept; /* intercept: beta0 (no transform) or g(beta0)*|multiplier| */
  size_t n_conf;
  double conf[HG_SII_MAX_CONF]; /* normalised to (0,1], in the order given */
  double sii_lower[HG_SII_MAX_CONF], sii_upper[HG_SII_MAX_CONF];
  double rii_lower[HG_SII_MAX_CONF], rii_upper[HG_SII_MAX_CONF];
  double sii_mad[HG_SII_MAX_CONF], rii_mad[HG_SII_MAX_CONF]; /* NAN unless reliability_stat */
} hg_sii_result;

/* Argument checks with R's messages, in R's order (HG_ERR_INVALID or HG_ERR_RANGE):
 * "function phe_sii requires value field, or x field if indicator is a proportion of population",
 * "function phe_sii requires either lower_cl and upper_cl fields, or se field",
 * "value_type should be 0, 1 or 2 (normal, rate or proportion)" (R's text, with the
 *   words the CLI also takes),
 * "number of repetitions must be 1000 or greater. Default is 100,000",
 * "value_type should be 1 or 2 when transform is true",
 * "function phe_sii requires se to be missing when transform is true",
 * "function phe_sii requires lower_cl and upper_cl fields when transform is true",
 * "all confidence levels must be between 90 and 100 or between 0.9 and 1". */
hg_status hg_sii_check_options(const hg_sii_options *opt, const hg_sii_fields *fields,
                               hg_error *err);

/* Data checks on one group (HG_ERR_INVALID with R's message):
 * "some groups have a zero, negative or missing population",
 * "negative or missing standard errors in input dataset",
 * "missing lower or upper confidence limits in input dataset",
 * and for proportions "value proportions are not all between 0 and 1",
 * "confidence limit proportions are not all between 0 and 1",
 * "some groups have a zero or negative count x".  *row is the offending row (0-based). */
hg_status hg_sii_check_group(const hg_sii_group *g, const hg_sii_options *opt, size_t *row,
                             hg_error *err);

/* Q = number of distinct quantiles in the dataset: HG_ERR_RANGE "Number of quantiles
 * must be between 5 and 100" outside 5..100; *warn = 1 when Q > 10 (R's warning text
 * HG_SII_WARN_MANY_QUANTILES). */
hg_status hg_sii_check_nquantiles(size_t q, int *warn, hg_error *err);
#define HG_SII_WARN_MANY_QUANTILES                                                                 \
  "WARNING: Small values can make SII unstable when using a large number of quantiles"
#define HG_SII_WARN_INCOMPLETE                                                                     \
  "WARNING: some records have been removed due to incomplete or invalid data"

/* The seed of a group's stream from the run seed and the group key (key bytes,
 * e.g. the group columns joined by '\x1f'). */
uint64_t hg_sii_stream_seed(uint64_t seed, const char *key, size_t len);

/* Computes one group (checks of hg_sii_check_group assumed done; NaN inputs give NaN
 * results).  Allocates scratch of 8 bytes x 2 x repetitions (x10 with reliability_stat)
 * and frees it.  Errors: HG_ERR_RANGE/HG_ERR_INVALID as hg_sii_check_options,
 * HG_ERR_NOMEM. */
hg_status hg_sii_compute(const hg_sii_group *g, const hg_sii_options *opt, uint64_t stream_seed,
                         hg_sii_result *out, hg_error *err);

/* Computes n groups on a GLib thread pool of nthreads (<= 1: in this thread).
 * stream_seeds[i] seeds group i.  results has n entries (caller-owned).  Returns the
 * first failing group's status (its index in *failed if failed is not NULL). */
hg_status hg_sii_run(const hg_sii_group *groups, const uint64_t *stream_seeds, size_t n,
                     const hg_sii_options *opt, int nthreads, hg_sii_result *results,
                     size_t *failed, hg_error *err);

/* Point estimates only (phe_sii with transform = FALSE and multiplier 1), by the
 * same regression as hg_sii_compute and without the simulation: value[j] and
 * population[j] for k quantiles in quantile order (1 = most deprived first).
 * *sii = beta1, *rii = (beta0 + beta1) / beta0, *intercept = beta0 (the fitted
 * value at relative rank 0); any output pointer may be NULL.  For callers that
 * need the SII line without limits (the gradient chart).  HG_ERR_RANGE if k is
 * not 2..128; HG_ERR_INVALID for a missing value, a non-positive or missing
 * population (R drops such a group) or a singular design. */
hg_status hg_sii_point(const double *population, const double *value, size_t k, double *sii,
                       double *rii, double *intercept);

/* The regression design of one group (k rows in quantile order): a[j] = population
 * share, b[j] = relative rank (cumulative share up to j-1 plus half of a[j]). */
void hg_sii_design(const double *population, size_t k, double *a, double *b);
/* The link of a value type (identity, log, logit) and its inverse. */
double hg_sii_link(int value_type, double v);
double hg_sii_unlink(int value_type, double u);

/* "normal", "rate", "proportion" and "none", "log", "logit" (R's metadata texts). */
const char *hg_sii_value_type_name(int value_type);
const char *hg_sii_transform_name(int value_type, int transform);

HG_END_DECLS
#endif
