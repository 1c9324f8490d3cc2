/* engine/render/funnel_fit.h (private to the spec builder): funnel control
 * limits for a chart spec from the project's funnel methods (indicators/funnel.c,
 * PHEindicatormethods' calculate_funnel_limits / assign_funnel_significance), so
 * that a funnel chart and `healthgap stat funnel-*` can never disagree. */
#ifndef HEALTHGAP_RENDER_FUNNEL_FIT_H
#define HEALTHGAP_RENDER_FUNNEL_FIT_H

#include "healthgap/chart.h"
#include "healthgap/funnel.h"

typedef struct hg_chart_funnel_fit {
  hg_funnel_options method; /* statistic, multiplier, isr, crude (inferred) */
  double baseline;          /* the pooled value the limits centre on (value units) */
  /* l = 0 lower 95%, 1 upper 95%, 2 lower 99.8%, 3 upper 99.8%: points with x and
   * only that side's limit finite (rates and ratios put each side at its own x). */
  hg_chart_point lim[4][HG_FUNNEL_POINTS];
} hg_chart_funnel_fit;

/* Infers the statistic from the points (x = denominator, count, value):
 *  value = count/x * 100 (or * 1) with count <= x: proportion;
 *  value = count/x * 100 with some count > x: indirectly standardised ratio
 *    (x = expected events);
 *  value = count/x * 10^k for every area: crude rate per 10^k;
 *  otherwise (count > 0 everywhere it is usable): directly standardised rate per
 *    the nearest power of ten, x replaced by the derived denominator
 *    multiplier * count / value (PHEindicatormethods' derived denominator for
 *    DSRs, docs/charts.md; NAN when count is 0).
 * Fills fit->lim from hg_funnel_limits (years of data 1: x is the period's whole
 * denominator) and sets each point's sig from hg_funnel_significance at 95%
 * (Higher/Lower, or Better/Worse when pol is known; Similar inside; none for DSRs
 * under 10 events).  HG_ERR_EMPTY when fewer than 3 areas have count and
 * denominator; HG_ERR_INVALID when the values fit no statistic (no limits are
 * drawn then).  pts is modified in place. */
hg_status hg_chart_funnel_fit_points(hg_chart_point *pts, size_t n, hg_chart_polarity pol,
                                     hg_chart_funnel_fit *fit);

/* "proportions", "indirectly standardised ratios", "crude rates", "directly
 * standardised rates" */
const char *hg_chart_funnel_fit_name(const hg_chart_funnel_fit *fit);

#endif
