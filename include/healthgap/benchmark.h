/* healthgap/benchmark.h: benchmarking an area against a reference (England, London,
 * its ICB, or a category against its area's overall value), with Fingertips'
 * comparator methods, polarity and labels (Fingertips technical guidance;
 * docs/benchmarking.md).
 *
 * Implemented in indicators/benchmark.c.  Pure functions over numbers: no I/O,
 * no allocation except where stated.  Missing is NAN throughout; a missing
 * value, limit or reference gives "not compared", never an error.
 *
 * Two steps, as in Fingertips: a comparator method gives a direction relative
 * to the reference (lower / similar / higher, with the confidence level
 * reached), then the indicator's polarity turns it into a label.  The caller
 * must not compare an area with itself: hg_benchmark_compare() takes the two
 * area codes and answers "not compared" (with an empty CSV label) when equal.
 */
#ifndef HEALTHGAP_BENCHMARK_H
#define HEALTHGAP_BENCHMARK_H

#include <stddef.h>

#include "healthgap/status.h"

HG_BEGIN_DECLS

/* Fingertips polarity (legacy ids as values). */
typedef enum hg_polarity {
  HG_POLARITY_NOT_APPLICABLE = -1, /* "Not applicable": never compared */
  HG_POLARITY_LOW_IS_GOOD = 0,     /* "RAG - Low is good" */
  HG_POLARITY_HIGH_IS_GOOD = 1,    /* "RAG - High is good" */
  HG_POLARITY_BOB = 99             /* "BOB - Blue orange blue": compared, no judgement */
} hg_polarity;

/* Parses the Fingertips metadata string ("RAG - Low is good", ...) or the
 * FingertipsNext one ("Low is good", "High is good", "No judgement") or our
 * short keys ("low", "high", "bob", "none"), case-insensitively.  HG_ERR_PARSE
 * if not recognised (*out unchanged). */
hg_status hg_polarity_parse(const char *s, hg_polarity *out);
/* The Fingertips metadata string ("RAG - Low is good", ...); never NULL. */
const char *hg_polarity_name(hg_polarity p);

/* Comparator method, as in the indicator registry's `comparator` column. */
typedef enum hg_comparator {
  HG_COMPARATOR_NONE = 0,       /* "none": always Not compared */
  HG_COMPARATOR_CI95,           /* "ci95": reference inside the area's 95% CI -> Similar */
  HG_COMPARATOR_CI998,          /* "ci998": same with the 99.8% CI */
  HG_COMPARATOR_CI95_998,       /* "ci95_998": the two-level five-way comparison */
  HG_COMPARATOR_QUINTILES,      /* "quintiles" among sibling areas */
  HG_COMPARATOR_QUARTILES,      /* "quartiles" */
  HG_COMPARATOR_SPC_PROPORTION, /* "spc_proportion": control limits around the reference */
  HG_COMPARATOR_SPC_DSR         /* "spc_dsr": exact Poisson limits for expected events */
} hg_comparator;

/* Parses "ci95", "ci998", ... (also Fingertips' method names "Confidence intervals
 * overlapping reference value (95.0)", "(99.8)", "Quintiles", "Quartiles", "No
 * comparison").  HG_ERR_PARSE if not recognised. */
hg_status hg_comparator_parse(const char *s, hg_comparator *out);
/* The registry key ("ci95", ...); never NULL. */
const char *hg_comparator_name(hg_comparator c);

/* Result of one comparison.  direction: -1 the area is significantly lower than
 * the reference, 0 similar, +1 higher.  level: 0 similar, 1 significant at 95%
 * only, 2 significant at 99.8% (the five-way method; single-level methods set
 * 1 for "significant at the method's level").  compared = 0: no comparison
 * (missing input, polarity Not applicable, method none, or self-comparison). */
typedef struct hg_comparison {
  int compared;
  int direction;
  int level;
} hg_comparison;

/* "CI overlapping reference value": Similar when lower <= ref <= upper
 * (inclusive), otherwise the side of ref on which the value lies.  Needs value,
 * both limits and ref. */
hg_comparison hg_compare_ci(double value, double lower, double upper, double ref);

/* The two-level five-way method: ref inside the 95% CI -> similar; inside the
 * 99.8% CI but outside the 95% -> level 1; outside the 99.8% CI -> level 2.
 * Missing 99.8% limits -> not compared. */
hg_comparison hg_compare_ci_two_level(double value, double lower95, double upper95, double lower998,
                                      double upper998, double ref);

/* SPC for proportions: control limits (Wilson form, as Fingertips) around
 * the reference proportion ref/multiplier for the area's denominator, at
 * confidence 0.95 or 0.998 (any 0 < confidence < 1); the area's value/multiplier
 * outside them is significant.  multiplier: 100 for percentages, 1 for a
 * fraction. */
hg_comparison hg_compare_spc_proportion(double value, double denominator, double ref,
                                        double multiplier, double confidence);

/* SPC for DSRs (and crude rates): expected events E = ref * denominator /
 * multiplier; exact Poisson limits for E at the confidence (GSL chi-square
 * quantiles) turned back into rates; the area's value outside them is
 * significant.  denominator is the population (person-years). */
hg_comparison hg_compare_spc_dsr(double value, double denominator, double ref, double multiplier,
                                 double confidence);

/* The whole Fingertips comparison of one area with one reference area, with
 * the guards in order: same area code -> not compared (self); polarity Not
 * applicable or method none -> not compared; then the method.  Quintile and
 * quartile methods are not pairwise: use hg_benchmark_quantiles.  spc_* use
 * denominator; ci* use the limits. */
typedef struct hg_benchmark_input {
  const char *area_code, *reference_code; /* may be NULL (then not checked) */
  double value, lower95, upper95, lower998, upper998, denominator;
  double reference_value;
  double multiplier; /* for spc_*: 0 = 100 (proportions) or 100000 (DSRs) */
  double confidence; /* for spc_*: 0 = 0.95 (Fingertips' ConfidenceVariable 1.96);
                        0.998 for 3.09 */
} hg_benchmark_input;
hg_comparison hg_benchmark_compare(const hg_benchmark_input *in, hg_comparator method,
                                   hg_polarity polarity);

/* Label in Fingertips' CSV words: RAG polarities `Better` / `Similar` / `Worse`,
 * BOB `Lower` / `Similar` / `Higher`, otherwise `Not compared`.  The five-way
 * method's 99.8% level gives the same 3-level word (use hg_benchmark_label5 for
 * the legend words).  Never NULL. */
const char *hg_benchmark_label(hg_comparison c, hg_polarity polarity);

/* The five-way legend words: RAG `Better 99.8%`, `Better 95%`, `Similar`,
 * `Worse 95%`, `Worse 99.8%`; BOB `Lowest`, `Lower`, `Similar`, `Higher`,
 * `Highest`; else `Not compared`.  Never NULL. */
const char *hg_benchmark_label5(hg_comparison c, hg_polarity polarity);

/* Excel PERCENTILE.INC of sorted[0..n) (ascending, no NAN) at the fraction p in
 * [0, 1]: rank (n - 1) p, linear between neighbours (GSL's quantile).  The rule
 * of Fingertips' quantile bounds, used by hg_benchmark_quantiles and by the
 * charts (spine ranges, box plots, map legends).  NAN when n is 0. */
double hg_percentile_inc(const double *sorted, size_t n, double p);

/* Quintiles (nbins 5) or quartiles (nbins 4) among sibling areas, Fingertips
 * legacy method: bounds at PERCENTILE.INC of the sorted valid
 * values, rounded to 10 decimal places; category = first i with value <=
 * bound[i]; for RAG - High is good the category is reversed so 1 is always the
 * best.  NAN values get category 0; so does everyone when there are fewer than
 * nbins valid values.  category[] has n entries (caller-owned).
 * HG_ERR_RANGE if nbins is not 4 or 5; HG_ERR_NOMEM. */
hg_status hg_benchmark_quantiles(const double *values, size_t n, int nbins, hg_polarity polarity,
                                 int *category);

/* CSV label of a quantile category as returned by hg_benchmark_quantiles (so
 * already reversed for High is good; the label undoes that so that it always
 * says where the value lies): quintiles `Lowest quintile`, `2nd lowest
 * quintile`, `Middle quintile`, `2nd highest quintile`, `Highest quintile`;
 * quartiles `Lowest quartile`, `2nd lowest quartile`, `2nd highest quartile`,
 * `Highest quartile`; 0 -> `Not compared`. */
const char *hg_quantile_label(int category, int nbins, hg_polarity polarity);
/* Legend word: RAG polarities `Best` `Better` `Middle` `Worse` `Worst` (quartiles
 * drop `Middle`); otherwise `Lowest` `Low` `Middle` `High` `Highest`; 0 ->
 * `Not compared`. */
const char *hg_quantile_word(int category, int nbins, hg_polarity polarity);

HG_END_DECLS
#endif
