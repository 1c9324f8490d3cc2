/* healthgap/dsr.h: directly standardised rates (calculate_dsr; docs/methods.md).
 * Implemented in indicators/dsr.c.  Pure functions over arrays: no allocation
 * beyond the call, no I/O, thread-safe (the benchmark runs them on a pool).
 *
 * Dobson et al. (1991): the Byar's interval of the total count O, rescaled by
 * sqrt(var(DSR)/O).  A total count below 10 suppresses value and limits (they
 * are NAN and `suppressed` is 1); the rate is not switched to another method.
 */
#ifndef HEALTHGAP_DSR_H
#define HEALTHGAP_DSR_H

#include <stddef.h>

#include "healthgap/ci.h"
#include "healthgap/status.h"

HG_BEGIN_DECLS

typedef struct hg_dsr_result {
  double total_count; /* sum of events (NA counted as 0) */
  double total_pop;   /* sum of populations (one per age band) */
  double value;       /* DSR x multiplier; NAN when suppressed */
  double lower[HG_MAX_CONF], upper[HG_MAX_CONF];
  double vardsr;  /* variance of `value` (R's vardsr x multiplier^2; PHEindicatormethods
                     issue 95); NAN when suppressed */
  int suppressed; /* total_count < 10 */
} hg_dsr_result;

/* Independent events over k age bands: counts x (NAN = 0), populations n (> 0),
 * standard populations w (>= 0).  levels[0..nconf) normalised (ci.h).
 * Inputs are assumed validated (hg_dsr_check); k == 0 gives NAN value.
 * Returns HG_OK. */
hg_status hg_dsr(const double *x, const double *n, const double *w, size_t k, double multiplier,
                 const double *levels, size_t nconf, hg_dsr_result *out);

/* hg_dsr as a fold over rows, for a reader that meets the rows one at a time
 * (hg_method_run_file): start from an all-zero hg_dsr_sum, add a group's rows
 * in their order, then end.  hg_dsr is this fold, so the two agree to the bit. */
typedef struct hg_dsr_sum {
  double count, pop, wt, sq, sw;
} hg_dsr_sum;
void hg_dsr_add(hg_dsr_sum *s, double x, double n, double w);
void hg_dsr_end(const hg_dsr_sum *s, double multiplier, const double *levels, size_t nconf,
                hg_dsr_result *out);

/* The Dobson finish shared by both variants: from the total count, the DSR
 * before multiplier (sum x*w/n / sum w) and its variance, fills out. */
void hg_dsr_finish(double total_count, double total_pop, double rate, double var, double multiplier,
                   const double *levels, size_t nconf, hg_dsr_result *out);

/* Non-independent events (calculate_dsr with independent_events = FALSE).  nrows rows, each
 * (band[r] in 0..nbands, event frequency f[r] > 0, persons x[r] with exactly f events (NAN = 0));
 * n[b], w[b] per band.  The variance is sum over f of f^2 times the variance
 * of the persons with f events, each with the standard population of the rows
 * present for that f.  Returns HG_OK. */
hg_status hg_dsr_nonindependent(const double *x, const double *f, const size_t *band, size_t nrows,
                                const double *n, const double *w, size_t nbands, double multiplier,
                                const double *levels, size_t nconf, hg_dsr_result *out);

/* The European Standard Population 2013, 19 bands 0-4 ... 85-89, 90+ (sum 100000).
 * Returns the number of bands; *labels, *start_ages and *pops point at static arrays. */
size_t hg_esp2013(const char *const **labels, const double **start_ages, const double **pops);

HG_END_DECLS
#endif
