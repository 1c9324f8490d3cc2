/* healthgap/gaps.h: gaps between groups: differences and ratios with limits,
 * Arriaga's decomposition of a life-expectancy gap, and the trend of a gap over
 * time.  (SII/RII live in healthgap/sii.h; Byar's and Wilson in healthgap/ci.h.)
 * Implemented in indicators/gaps.c (GSL).  Pure functions over numbers: no I/O,
 * no allocation visible to the caller.
 *
 * Conventions: group 1 is the group of interest (e.g. the most deprived quintile,
 * an ethnic group), group 2 the reference.  Differences are 1 - 2, ratios 1 / 2.
 * confidence is a two-sided level in [0.9, 1) or [90, 100) (95 and 0.95 both
 * mean 95%, as in PHEindicatormethods); anything else is HG_ERR_RANGE.  A limit
 * that cannot be computed (a zero count in a ratio, a missing input) is NAN and
 * the significance is HG_SIG_NOT_COMPARED; the point value is still returned
 * when it exists.
 */
#ifndef HEALTHGAP_GAPS_H
#define HEALTHGAP_GAPS_H

#include <stddef.h>

#include "healthgap/status.h"

HG_BEGIN_DECLS

typedef enum hg_gap_sig {
  HG_SIG_NOT_COMPARED = 0, /* no limits, so no judgement */
  HG_SIG_HIGHER = 1,       /* the interval lies wholly above the null (0 or 1) */
  HG_SIG_LOWER = 2,        /* wholly below */
  HG_SIG_SIMILAR = 3       /* the interval contains the null */
} hg_gap_sig;

/* "higher", "lower", "similar" or "" (never NULL). */
const char *hg_gap_sig_text(hg_gap_sig s);
/* The interval [lower, upper] against the null value (0 for differences, 1 for
 * ratios): wholly above -> HIGHER, wholly below -> LOWER, else SIMILAR; a missing
 * limit -> NOT_COMPARED.  Every gap measure's significance (and the SII/RII's)
 * comes from here. */
hg_gap_sig hg_gap_sig_against(double lower, double upper, double null);

/* A gap with its confidence limits. */
typedef struct hg_gap_est {
  double value, lower, upper;
  hg_gap_sig sig;
} hg_gap_est;

/* Ratio of two rates o1/n1 : o2/n2 (o = events, n = person-years or population).
 * Limits on the log scale with SE = sqrt(1/o1 + 1/o2) (Poisson counts; Rothman &
 * Greenland, Modern Epidemiology, ch. 14).  HG_ERR_RANGE for negative counts or
 * non-positive n. */
hg_status hg_rate_ratio(double o1, double n1, double o2, double n2, double confidence,
                        hg_gap_est *out);

/* Difference of two rates, (o1/n1 - o2/n2) * multiplier, with normal limits and
 * SE = sqrt(o1/n1^2 + o2/n2^2) (Poisson variance of each rate). */
hg_status hg_rate_difference(double o1, double n1, double o2, double n2, double multiplier,
                             double confidence, hg_gap_est *out);

/* Risk ratio of two proportions x1/n1 : x2/n2, log-scale limits with Katz's SE
 * sqrt(1/x1 - 1/n1 + 1/x2 - 1/n2) (Katz et al., Biometrics 1978).  HG_ERR_RANGE
 * unless 0 <= x <= n and n > 0. */
hg_status hg_risk_ratio(double x1, double n1, double x2, double n2, double confidence,
                        hg_gap_est *out);

/* Risk difference (x1/n1 - x2/n2) * multiplier with Newcombe's hybrid score limits
 * (Newcombe, Stat Med 1998, method 10) built from each group's Wilson interval. */
hg_status hg_risk_difference(double x1, double n1, double x2, double n2, double multiplier,
                             double confidence, hg_gap_est *out);

/* Difference v1 - v2 of two published values with their limits (l, u at level
 * ci_level, e.g. 95).  Each SE is recovered from its limits as (u - l) / (2 z),
 * the difference's SE is sqrt(se1^2 + se2^2), normal limits at `confidence`.
 * A group whose limits are missing has SE 0 (a reference value without limits,
 * such as an area's own overall value in some exports). */
hg_status hg_gap_difference_ci(double v1, double l1, double u1, double v2, double l2, double u2,
                               double ci_level, double confidence, hg_gap_est *out);

/* Ratio v1 / v2 from values with limits, on the log scale: SE of log v from
 * (log u - log l) / (2 z).  Needs positive values and limits. */
hg_status hg_gap_ratio_ci(double v1, double l1, double u1, double v2, double l2, double u2,
                          double ci_level, double confidence, hg_gap_est *out);

/* How a value behaves, for the methods that need a scale (the SII simulation's
 * link, and which count method gives the gaps). */
typedef enum hg_gap_value_type {
  HG_GAP_NORMAL = 0,    /* identity (life expectancy, concentrations) */
  HG_GAP_RATE = 1,      /* log link; gaps from counts by rate ratio/difference */
  HG_GAP_PROPORTION = 2 /* logit link; gaps from counts by risk ratio/difference */
} hg_gap_value_type;

/* --- Arriaga decomposition (Arriaga 1984; OHID Segment Tool) --------------------
 * Two abridged life tables over the same n age bands (youngest first, the last
 * open-ended): l (survivors at the start of the band), L (person-years lived in
 * the band), T (person-years lived from the band on).  Population 1 is the base,
 * 2 the comparator.  contrib[i] (years) is band i's contribution to
 * e0(2) - e0(1):
 *   closed band: (l1x/l10)(L2x/l2x - L1x/l1x) + (T2(x+n)/l10)(l1x/l2x - l1(x+n)/l2(x+n))
 *   open band:   (l1x/l10)(T2x/l2x - T1x/l1x)
 * The parts sum to the gap exactly (up to rounding); *gap (may be NULL) is
 * T2_0/l2_0 - T1_0/l1_0.  HG_ERR_INVALID for a non-positive l. */
hg_status hg_arriaga(size_t n, const double *l1, const double *L1, const double *T1,
                     const double *l2, const double *L2, const double *T2, double *contrib,
                     double *gap);

/* Splits each band's contribution by cause in proportion to the difference in
 * cause-specific death rates: out[i*nc + c] = contrib[i] (m2[i,c] - m1[i,c]) /
 * (m2[i] - m1[i]), m[i] the sum over causes (m row-major n x nc).  A band with
 * equal all-cause rates gets NAN per cause (the split is undefined). */
hg_status hg_arriaga_by_cause(size_t n, size_t nc, const double *contrib, const double *m1,
                              const double *m2, double *out);

/* --- Trend of a gap over time ---------------------------------------------------- */
typedef enum hg_gap_trend_label {
  HG_GAP_TREND_NONE = 0,      /* fewer than 3 points: not assessed */
  HG_GAP_TREND_NARROWING = 1, /* |gap| shrinking: the slope's interval excludes 0 and
                                 its sign is opposite to the mean gap's */
  HG_GAP_TREND_WIDENING = 2,  /* interval excludes 0, same sign as the mean gap */
  HG_GAP_TREND_NO_CHANGE = 3  /* interval contains 0 */
} hg_gap_trend_label;

/* "narrowing", "widening", "no significant change" or "" (never NULL). */
const char *hg_gap_trend_text(hg_gap_trend_label l);

typedef struct hg_gap_trend {
  double slope, lower, upper; /* per unit of t (per year) */
  double intercept;
  size_t n; /* points used (missing ones skipped) */
  hg_gap_trend_label label;
} hg_gap_trend;

/* Regresses gap on t.  With se (may be NULL) the fit is weighted by 1/se^2
 * (gsl_fit_wlinear) and the slope's limits are normal with its variance from the
 * weights (the gaps' own sampling error).  Without se, ordinary least squares
 * (gsl_fit_linear) with Student's t on n-2 degrees of freedom.  Points with a
 * missing t, gap or se (or se <= 0) are skipped. */
hg_status hg_gap_trend_fit(size_t n, const double *t, const double *gap, const double *se,
                           double confidence, hg_gap_trend *out);

HG_END_DECLS
#endif
