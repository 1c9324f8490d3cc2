/* benchmark.c: Fingertips comparator methods, polarity and labels (Fingertips
 * technical guidance; docs/benchmarking.md). */
#include "healthgap/benchmark.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_statistics_double.h>

#include "gsl_quiet.h"

static const hg_comparison NOT_COMPARED = {0, 0, 0};

/* Case-insensitive equality ignoring surrounding spaces. */
static int same_word(const char *s, const char *w) {
  while (*s == ' ')
    s++;
  size_t n = strlen(s);
  while (n > 0 && s[n - 1] == ' ')
    n--;
  return n == strlen(w) && strncasecmp(s, w, n) == 0;
}

hg_status hg_polarity_parse(const char *s, hg_polarity *out) {
  static const struct {
    const char *word;
    hg_polarity p;
  } words[] = {
      {"RAG - Low is good", HG_POLARITY_LOW_IS_GOOD},
      {"Low is good", HG_POLARITY_LOW_IS_GOOD},
      {"LowIsGood", HG_POLARITY_LOW_IS_GOOD},
      {"low", HG_POLARITY_LOW_IS_GOOD},
      {"0", HG_POLARITY_LOW_IS_GOOD},
      {"RAG - High is good", HG_POLARITY_HIGH_IS_GOOD},
      {"High is good", HG_POLARITY_HIGH_IS_GOOD},
      {"HighIsGood", HG_POLARITY_HIGH_IS_GOOD},
      {"high", HG_POLARITY_HIGH_IS_GOOD},
      {"1", HG_POLARITY_HIGH_IS_GOOD},
      {"BOB - Blue orange blue", HG_POLARITY_BOB},
      {"No judgement", HG_POLARITY_BOB},
      {"NoJudgement", HG_POLARITY_BOB},
      {"bob", HG_POLARITY_BOB},
      {"99", HG_POLARITY_BOB},
      {"Not applicable", HG_POLARITY_NOT_APPLICABLE},
      {"none", HG_POLARITY_NOT_APPLICABLE},
      {"-1", HG_POLARITY_NOT_APPLICABLE},
  };
  if (s == NULL)
    return HG_ERR_PARSE;
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
    if (same_word(s, words[i].word)) {
      *out = words[i].p;
      return HG_OK;
    }
  }
  return HG_ERR_PARSE;
}

const char *hg_polarity_name(hg_polarity p) {
  switch (p) {
  case HG_POLARITY_LOW_IS_GOOD:
    return "RAG - Low is good";
  case HG_POLARITY_HIGH_IS_GOOD:
    return "RAG - High is good";
  case HG_POLARITY_BOB:
    return "BOB - Blue orange blue";
  case HG_POLARITY_NOT_APPLICABLE:
    break;
  }
  return "Not applicable";
}

static const char *const comparator_keys[] = {
    "none", "ci95", "ci998", "ci95_998", "quintiles", "quartiles", "spc_proportion", "spc_dsr"};

hg_status hg_comparator_parse(const char *s, hg_comparator *out) {
  static const struct {
    const char *word;
    hg_comparator c;
  } aliases[] = {
      {"Confidence intervals overlapping reference value (95.0)", HG_COMPARATOR_CI95},
      {"CI overlapping reference value (95.0)", HG_COMPARATOR_CI95},
      {"CIOverlappingReferenceValue95", HG_COMPARATOR_CI95},
      {"Confidence intervals overlapping reference value (99.8)", HG_COMPARATOR_CI998},
      {"CI overlapping reference value (99.8)", HG_COMPARATOR_CI998},
      {"CIOverlappingReferenceValue998", HG_COMPARATOR_CI998},
      {"No comparison", HG_COMPARATOR_NONE},
      {"", HG_COMPARATOR_NONE},
  };
  if (s == NULL)
    return HG_ERR_PARSE;
  for (size_t i = 0; i < sizeof comparator_keys / sizeof comparator_keys[0]; i++) {
    if (same_word(s, comparator_keys[i])) {
      *out = (hg_comparator)i;
      return HG_OK;
    }
  }
  for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
    if (same_word(s, aliases[i].word)) {
      *out = aliases[i].c;
      return HG_OK;
    }
  }
  return HG_ERR_PARSE;
}

const char *hg_comparator_name(hg_comparator c) {
  if ((unsigned)c < sizeof comparator_keys / sizeof comparator_keys[0])
    return comparator_keys[c];
  return "none";
}

hg_comparison hg_compare_ci(double value, double lower, double upper, double ref) {
  if (isnan(value) || isnan(lower) || isnan(upper) || isnan(ref))
    return NOT_COMPARED;
  hg_comparison c = {1, 0, 0};
  /* Inclusive at both ends: Fingertips treats a reference exactly on a limit as
   * Similar (London readmissions 2023/24: 14.8 with CI 14.8-14.9 vs 14.8). */
  if (ref >= lower && ref <= upper)
    return c;
  c.direction = value < ref ? -1 : 1;
  c.level = 1;
  return c;
}

hg_comparison hg_compare_ci_two_level(double value, double lower95, double upper95, double lower998,
                                      double upper998, double ref) {
  hg_comparison c95 = hg_compare_ci(value, lower95, upper95, ref);
  hg_comparison c998 = hg_compare_ci(value, lower998, upper998, ref);
  if (!c95.compared || !c998.compared)
    return NOT_COMPARED;
  if (c998.direction != 0) {
    c998.level = 2;
    return c998;
  }
  return c95;
}

static double z_for(double confidence) {
  return gsl_cdf_ugaussian_Pinv(1.0 - (1.0 - confidence) / 2.0);
}

hg_comparison hg_compare_spc_proportion(double value, double denominator, double ref,
                                        double multiplier, double confidence) {
  if (isnan(value) || isnan(denominator) || isnan(ref) || !(denominator > 0) ||
      !(confidence > 0 && confidence < 1))
    return NOT_COMPARED;
  if (!(multiplier > 0))
    multiplier = 100;
  double p0 = ref / multiplier, p = value / multiplier, n = denominator;
  double z = z_for(confidence);
  double e = n * p0;
  double a = 2 * e + z * z;
  double b = z * sqrt(z * z + 4 * e * (1 - e / n));
  double cc = 2 * (n + z * z);
  double lo = (a - b) / cc, hi = (a + b) / cc;
  hg_comparison c = {1, 0, 0};
  if (p < lo || p > hi) {
    c.direction = p < lo ? -1 : 1;
    c.level = 1;
  }
  return c;
}

hg_comparison hg_compare_spc_dsr(double value, double denominator, double ref, double multiplier,
                                 double confidence) {
  if (isnan(value) || isnan(denominator) || isnan(ref) || !(denominator > 0) || ref < 0 ||
      !(confidence > 0 && confidence < 1))
    return NOT_COMPARED;
  if (!(multiplier > 0))
    multiplier = 100000;
  double e = ref * denominator / multiplier;
  double alpha = 1.0 - confidence;
  hg_gsl_quiet();
  /* Exact Poisson limits through the chi-square relation (Byar's is only an
   * approximation of these). */
  double lo_events = e > 0 ? gsl_cdf_chisq_Pinv(alpha / 2, 2 * e) / 2 : 0;
  double hi_events = gsl_cdf_chisq_Pinv(1 - alpha / 2, 2 * e + 2) / 2;
  double lo = lo_events * multiplier / denominator, hi = hi_events * multiplier / denominator;
  hg_comparison c = {1, 0, 0};
  if (value < lo || value > hi) {
    c.direction = value < lo ? -1 : 1;
    c.level = 1;
  }
  return c;
}

hg_comparison hg_benchmark_compare(const hg_benchmark_input *in, hg_comparator method,
                                   hg_polarity polarity) {
  if (in->area_code && in->reference_code && strcmp(in->area_code, in->reference_code) == 0)
    return NOT_COMPARED;
  if (polarity == HG_POLARITY_NOT_APPLICABLE)
    return NOT_COMPARED;
  switch (method) {
  case HG_COMPARATOR_CI95:
    return hg_compare_ci(in->value, in->lower95, in->upper95, in->reference_value);
  case HG_COMPARATOR_CI998:
    return hg_compare_ci(in->value, in->lower998, in->upper998, in->reference_value);
  case HG_COMPARATOR_CI95_998:
    return hg_compare_ci_two_level(in->value, in->lower95, in->upper95, in->lower998, in->upper998,
                                   in->reference_value);
  case HG_COMPARATOR_SPC_PROPORTION:
    return hg_compare_spc_proportion(in->value, in->denominator, in->reference_value,
                                     in->multiplier, in->confidence > 0 ? in->confidence : 0.95);
  case HG_COMPARATOR_SPC_DSR:
    return hg_compare_spc_dsr(in->value, in->denominator, in->reference_value, in->multiplier,
                              in->confidence > 0 ? in->confidence : 0.95);
  case HG_COMPARATOR_NONE:
  case HG_COMPARATOR_QUINTILES:
  case HG_COMPARATOR_QUARTILES:
    break;
  }
  return NOT_COMPARED;
}

/* -1 worse, +1 better, 0 similar, for RAG polarities. */
static int goodness(hg_comparison c, hg_polarity polarity) {
  return polarity == HG_POLARITY_HIGH_IS_GOOD ? c.direction : -c.direction;
}

const char *hg_benchmark_label(hg_comparison c, hg_polarity polarity) {
  if (!c.compared || polarity == HG_POLARITY_NOT_APPLICABLE)
    return "Not compared";
  if (c.direction == 0)
    return "Similar";
  if (polarity == HG_POLARITY_BOB)
    return c.direction < 0 ? "Lower" : "Higher";
  return goodness(c, polarity) > 0 ? "Better" : "Worse";
}

const char *hg_benchmark_label5(hg_comparison c, hg_polarity polarity) {
  if (!c.compared || polarity == HG_POLARITY_NOT_APPLICABLE)
    return "Not compared";
  if (c.direction == 0)
    return "Similar";
  int strong = c.level >= 2;
  if (polarity == HG_POLARITY_BOB) {
    if (c.direction < 0)
      return strong ? "Lowest" : "Lower";
    return strong ? "Highest" : "Higher";
  }
  if (goodness(c, polarity) > 0)
    return strong ? "Better 99.8%" : "Better 95%";
  return strong ? "Worse 99.8%" : "Worse 95%";
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

double hg_percentile_inc(const double *sorted, size_t n, double p) {
  /* gsl quantile is PERCENTILE.INC: delta = (n - 1) f, linear between. */
  return n ? gsl_stats_quantile_from_sorted_data(sorted, 1, n, p) : NAN;
}

hg_status hg_benchmark_quantiles(const double *values, size_t n, int nbins, hg_polarity polarity,
                                 int *category) {
  hg_status st = HG_OK;
  double *v = NULL;
  if (nbins != 4 && nbins != 5)
    return HG_ERR_RANGE;
  for (size_t i = 0; i < n; i++)
    category[i] = 0;
  size_t m = 0;
  if (n > 0) {
    v = malloc(n * sizeof *v);
    if (v == NULL) {
      st = HG_ERR_NOMEM;
      goto cleanup;
    }
  }
  for (size_t i = 0; i < n; i++)
    if (!isnan(values[i]))
      v[m++] = values[i];
  /* Fingertips needs at least as many values as bins. */
  if (m < (size_t)nbins)
    goto cleanup;
  qsort(v, m, sizeof *v, cmp_double);
  double bound[6];
  for (int i = 1; i <= nbins; i++) {
    double q = hg_percentile_inc(v, m, (double)i / nbins);
    bound[i] = round(q * 1e10) / 1e10; /* Fingertips rounds bounds to 10 dp */
  }
  for (size_t i = 0; i < n; i++) {
    if (isnan(values[i]))
      continue;
    int cat = nbins;
    for (int b = 1; b <= nbins; b++) {
      if (values[i] <= bound[b]) {
        cat = b;
        break;
      }
    }
    category[i] = polarity == HG_POLARITY_HIGH_IS_GOOD ? nbins + 1 - cat : cat;
  }
cleanup:
  free(v);
  return st;
}

const char *hg_quantile_label(int category, int nbins, hg_polarity polarity) {
  static const char *const q5[] = {"Lowest quintile", "2nd lowest quintile", "Middle quintile",
                                   "2nd highest quintile", "Highest quintile"};
  static const char *const q4[] = {"Lowest quartile", "2nd lowest quartile", "2nd highest quartile",
                                   "Highest quartile"};
  if (category < 1 || category > nbins || (nbins != 4 && nbins != 5))
    return "Not compared";
  int pos = polarity == HG_POLARITY_HIGH_IS_GOOD ? nbins + 1 - category : category;
  return nbins == 5 ? q5[pos - 1] : q4[pos - 1];
}

const char *hg_quantile_word(int category, int nbins, hg_polarity polarity) {
  static const char *const rag5[] = {"Best", "Better", "Middle", "Worse", "Worst"};
  static const char *const rag4[] = {"Best", "Better", "Worse", "Worst"};
  static const char *const bob5[] = {"Lowest", "Low", "Middle", "High", "Highest"};
  static const char *const bob4[] = {"Lowest", "Low", "High", "Highest"};
  if (category < 1 || category > nbins || (nbins != 4 && nbins != 5))
    return "Not compared";
  if (polarity == HG_POLARITY_LOW_IS_GOOD || polarity == HG_POLARITY_HIGH_IS_GOOD)
    return nbins == 5 ? rag5[category - 1] : rag4[category - 1];
  return nbins == 5 ? bob5[category - 1] : bob4[category - 1];
}
