/* healthgap/funnel.h: funnel plot limits, significance and points
 * (calculate_funnel_limits, assign_funnel_significance, calculate_funnel_points;
 * docs/methods.md, Fingertips technical guidance).
 * Implemented in indicators/funnel.c.  Pure functions; NAN is R's NA.
 */
#ifndef HEALTHGAP_FUNNEL_H
#define HEALTHGAP_FUNNEL_H

#include <stddef.h>

#include "healthgap/status.h"

HG_BEGIN_DECLS

#define HG_FUNNEL_POINTS 100

typedef enum hg_funnel_statistic {
  HG_FUNNEL_PROPORTION = 0,
  HG_FUNNEL_RATIO,
  HG_FUNNEL_RATE
} hg_funnel_statistic;

/* Zero-initialised = proportion, ratio "count", rate "dsr". */
typedef struct hg_funnel_options {
  hg_funnel_statistic statistic;
  int ratio_isr;        /* ratio: 1 = "isr" (limits x 100), 0 = "count" (limits - 1) */
  int rate_crude;       /* rate: 1 = "crude", 0 = "dsr" */
  double multiplier;    /* required (unused by ratio limits, as R) */
  double years_of_data; /* rate limits and points */
} hg_funnel_options;

/* Proportion limit at probability p (0.975 or 0.999) for denominator N around
 * the average proportion avg (0..1), high = 0 low side / 1 high side, x multiplier
 * (sigma_adjustment: closed-form Wilson inversion). */
double hg_funnel_sigma_adjustment(double p, double N, double avg, int high, double multiplier);
/* P(a <= K <= b) for K ~ Poisson(z), by the Excel macro's series. */
double hg_funnel_poisson_cis(double z, double a, double b);
/* Poisson mean whose tail at obs equals p (bisection, 22 halvings). */
double hg_funnel_poisson_funnel(double obs, double p, int high);
/* Exact (obs < 10) or Byar's limit of obs at level p (0.95/0.998), / expected. */
double hg_funnel_ratio_significance(double obs, double expected, double p, int high);

/* The denominators the funnel uses (calculate_funnel_limits): proportion/ratio: den; rate dsr:
 * multiplier*num/rate, NAN when num == 0; rate crude: multiplier*num/rate, or
 * den when num == 0 (den may be NULL).  out has n entries. */
void hg_funnel_denominators(const hg_funnel_options *o, const double *num, const double *den,
                            const double *rate, size_t n, double *out);

/* The 100-row limits table.  x: Population / Observed_events / Events.
 * aux[l]: ratio exp_events or rate population_1_year (unused for proportions);
 * limit[l]: the limit; l = 0 lower 2s, 1 upper 2s, 2 lower 3s, 3 upper 3s. */
typedef struct hg_funnel_table {
  double x[HG_FUNNEL_POINTS];
  double aux[4][HG_FUNNEL_POINTS];
  double limit[4][HG_FUNNEL_POINTS];
  double baseline; /* av x multiplier (proportion and rate) */
} hg_funnel_table;

/* Limits from num[0..n) and the derived denominators dd[0..n) (hg_funnel_denominators).
 * HG_ERR_EMPTY if no usable denominator. */
hg_status hg_funnel_limits(const hg_funnel_options *o, const double *num, const double *dd,
                           size_t n, hg_funnel_table *out);

/* Significance levels (the factor levels of assign_funnel_significance). */
typedef enum hg_funnel_sig {
  HG_FUNNEL_HIGH_001 = 0,
  HG_FUNNEL_HIGH_025,
  HG_FUNNEL_LOW_001,
  HG_FUNNEL_LOW_025,
  HG_FUNNEL_NOT_SIGNIFICANT,
  HG_FUNNEL_NOT_APPLICABLE /* dsr with fewer than 10 events */
} hg_funnel_sig;
/* R's label for a level ("High (0.001)", ...). */
const char *hg_funnel_sig_label(hg_funnel_sig s);

/* Flags each row (assign_funnel_significance).  Proportion and ratio use den; rate uses the derived
 * denominators dd (hg_funnel_denominators).  out has n entries. */
void hg_funnel_significance(const hg_funnel_options *o, const double *num, const double *den,
                            size_t n, hg_funnel_sig *out);

/* Funnel points for rates (calculate_funnel_points): rate_chart (NAN for dsr with num < 10) and
 * denominator_derived = dd / years (NAN likewise). */
void hg_funnel_points(const hg_funnel_options *o, const double *num, const double *rate,
                      const double *dd, size_t n, double *rate_chart, double *den_derived);

HG_END_DECLS
#endif
