/* quantiles.c: phe_quantile ("Assigning Deprivation Categories"), one group per call.
 * Documented in docs/methods-le-sii.md.  Contract: include/healthgap/quantile.h. */
#include "healthgap/quantile.h"

#include <math.h>
#include <stdlib.h>
#include <strings.h>

typedef struct keyed {
  double v;
  size_t i;
} keyed;

static int cmp_keyed(const void *a, const void *b) {
  double x = ((const keyed *)a)->v, y = ((const keyed *)b)->v;
  return (x > y) - (x < y);
}

hg_status hg_quantile_assign(const double *values, size_t n, int nquantiles, int invert,
                             int *quantile, int *too_few, hg_error *err) {
  hg_status st = HG_OK;
  keyed *k = NULL;
  if (too_few)
    *too_few = 0;
  if (nquantiles < 1) {
    hg_error_set(err, NULL, 0, NULL, "nquantiles must be a positive integer");
    return HG_ERR_RANGE;
  }
  for (size_t i = 0; i < n; i++)
    quantile[i] = 0;
  k = malloc((n ? n : 1) * sizeof *k);
  if (!k) {
    st = HG_ERR_NOMEM;
    goto cleanup;
  }
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (!isnan(values[i]))
      k[m++] = (keyed){invert ? -values[i] : values[i], i};
  if (m < (size_t)nquantiles) {
    if (too_few)
      *too_few = 1;
    goto cleanup;
  }
  qsort(k, m, sizeof *k, cmp_keyed);
  const double N = (double)m, nq = nquantiles, width = N / nq;
  size_t rank = 1;
  for (size_t j = 0; j < m; j++) {
    /* rank(ties = "min"): a tie keeps the rank of its first member. */
    if (j > 0 && k[j].v != k[j - 1].v)
      rank = j + 1;
    double q = floor((nq + 1) - ceil(((N + 1) - (double)rank) / width));
    quantile[k[j].i] = q < 1 ? 1 : (int)q;
  }

cleanup:
  free(k);
  return st;
}

hg_status hg_quantile_parse_invert(const char *text, int *invert, hg_error *err) {
  static const char *const yes[] = {"TRUE", "T", "1", "RAG - Low is good"};
  static const char *const no[] = {"FALSE", "F", "0", "RAG - High is good"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
    if (!strcasecmp(text, yes[i])) {
      *invert = 1;
      return HG_OK;
    }
    if (!strcasecmp(text, no[i])) {
      *invert = 0;
      return HG_OK;
    }
  }
  hg_error_set(err, NULL, 0, NULL, "invert expressed as a logical must equal TRUE or FALSE");
  return HG_ERR_INVALID;
}

hg_status hg_quantile_group_invert(const int *flags, size_t n, int *invert, hg_error *err) {
  for (size_t i = 1; i < n; i++) {
    if ((flags[i] != 0) != (flags[0] != 0)) {
      hg_error_set(err, NULL, 0, NULL,
                   "invert field values must take the same logical value for each data "
                   "grouping set");
      return HG_ERR_INVALID;
    }
  }
  *invert = n ? flags[0] != 0 : 1;
  return HG_OK;
}
