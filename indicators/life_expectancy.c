/* life_expectancy.c: phe_life_expectancy (Chiang II + Silcocks), one group per call.
 * Documented in docs/methods-le-sii.md.  Contract: include/healthgap/le.h. */
#include "healthgap/le.h"

#include "healthgap/ci.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double default_ages[20] = {0,  1,  5,  10, 15, 20, 25, 30, 35, 40,
                                        45, 50, 55, 60, 65, 70, 75, 80, 85, 90};

static const char *const status_text[] = {
    "",
    "some age bands have negative deaths; outputs have been suppressed to NAs",
    "some age bands have a zero or less population; outputs have been suppressed to NAs",
    "some groups contain a different number of age bands than 20; life expectancy cannot be "
    "calculated for these. These groups will contain NAs.",
    "some age bands have more deaths than population; outputs have been suppressed to NAs",
    "some groups have a total population of less than 5,000; outputs have been suppressed to NAs",
    "the final age band has no deaths; life expectancy cannot be calculated, outputs have been "
    "suppressed to NAs",
    "some age bands have a missing number of deaths or population; outputs have been suppressed "
    "to NAs",
    "some life expectancy values have a 95% confidence interval > 20 years; these values have "
    "been suppressed to NAs",
};

const char *hg_le_status_message(hg_le_group_status st) {
  if ((size_t)st >= sizeof status_text / sizeof status_text[0])
    return "";
  return status_text[st];
}

hg_status hg_le_parse_startage(const char *label, double *out) {
  /* R: as.integer(sub("\\D*(\\d+).*", "\\1", x)): the first run of digits. */
  const char *s = label;
  while (*s && !isdigit((unsigned char)*s))
    s++;
  if (!*s)
    return HG_ERR_PARSE;
  double v = 0;
  while (isdigit((unsigned char)*s))
    v = v * 10 + (*s++ - '0');
  *out = v;
  return HG_OK;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

hg_status hg_le_check_options(const hg_le_options *opt, hg_error *err) {
  static const hg_le_options defaults = {0};
  if (!opt)
    opt = &defaults;
  if (opt->confidence) {
    if (opt->n_confidence == 0 || opt->n_confidence > HG_LE_MAX_CONF) {
      hg_error_set(err, NULL, 0, NULL, "between 1 and %d confidence levels can be given",
                   HG_LE_MAX_CONF);
      return HG_ERR_RANGE;
    }
    for (size_t c = 0; c < opt->n_confidence; c++) {
      double v = opt->confidence[c];
      if (!(v >= 0.9) || (v > 1 && v < 90) || v > 100) {
        hg_error_set(err, NULL, 0, NULL,
                     "all confidence levels must be between 90 and 100 or between 0.9 and 1");
        return HG_ERR_RANGE;
      }
    }
  }
  if (opt->age_contents) {
    size_t n = opt->n_age_contents;
    if (n < 2) {
      hg_error_set(err, NULL, 0, NULL, "age_contents must have at least 2 age bands");
      return HG_ERR_INVALID;
    }
    if (opt->age_contents[0] != 0) {
      hg_error_set(err, NULL, 0, NULL, "first age band in age_contents must be 0");
      return HG_ERR_INVALID;
    }
    /* Bands already in order (every call from `stat le`, once per group) need
     * no sorted copy to compare with (a NaN is never in order: sorted below). */
    size_t in_order = 1;
    while (in_order < n && opt->age_contents[in_order - 1] <= opt->age_contents[in_order])
      in_order++;
    double *sorted = in_order < n ? malloc(n * sizeof *sorted) : NULL;
    if (in_order < n && !sorted)
      return HG_ERR_NOMEM;
    if (sorted) {
      memcpy(sorted, opt->age_contents, n * sizeof *sorted);
      qsort(sorted, n, sizeof *sorted, cmp_double);
    }
    char list[400] = "";
    size_t used = 0;
    int bad = 0;
    for (size_t i = 0; sorted && i < n; i++) {
      if (sorted[i] == opt->age_contents[i])
        continue;
      int w =
          snprintf(list + used, sizeof list - used, "%s%g", bad ? ", " : "", opt->age_contents[i]);
      if (w > 0 && (size_t)w < sizeof list - used)
        used += (size_t)w;
      bad = 1;
    }
    free(sorted);
    if (bad) {
      hg_error_set(err, NULL, 0, NULL,
                   "age_contents doesn't appear to be in ascending order; the following age "
                   "bands appear out of position: %s",
                   list);
      return HG_ERR_INVALID;
    }
  }
  if (opt->last_band_end != 0) {
    const double *ages = opt->age_contents ? opt->age_contents : default_ages;
    size_t n = opt->age_contents ? opt->n_age_contents : 20;
    if (!(isfinite(opt->last_band_end) && opt->last_band_end > ages[n - 1])) {
      hg_error_set(err, NULL, 0, NULL, "the last age band must end after it starts");
      return HG_ERR_INVALID;
    }
  }
  return HG_OK;
}

void hg_life_table_free(hg_life_table *t) {
  if (!t)
    return;
  free(t->block_);
  free(t->wide_ci);
  memset(t, 0, sizeof *t);
}

typedef struct row3 {
  double start, deaths, pop;
} row3;

static int cmp_row(const void *a, const void *b) {
  return cmp_double(&((const row3 *)a)->start, &((const row3 *)b)->start);
}

/* Carves the table's arrays out of one allocation (they die together). */
static hg_status alloc_table(hg_life_table *t, size_t n, size_t nconf) {
  enum { NCOLS = 20 };
  size_t total = n * (NCOLS + 2 * nconf);
  if (n > SIZE_MAX / sizeof(double) / (NCOLS + 2 * HG_LE_MAX_CONF))
    return HG_ERR_NOMEM;
  double *b = malloc((total ? total : 1) * sizeof *b);
  int *w = calloc(n ? n : 1, sizeof *w);
  if (!b || !w) {
    free(b);
    free(w);
    return HG_ERR_NOMEM;
  }
  /* All NAN, by doubling copies: libc's memcpy is wide, where a store a
   * double was 4% of `stat le` (issue 17) */
  b[0] = NAN;
  for (size_t have = 1; have < total; have *= 2)
    memcpy(b + have, b, (have < total - have ? have : total - have) * sizeof *b);
  t->block_ = b;
  t->wide_ci = w;
  double **cols[NCOLS] = {&t->start, &t->deaths, &t->population, &t->width,     &t->a,
                          &t->m,     &t->q,      &t->p,          &t->l,         &t->d,
                          &t->L,     &t->T,      &t->e,          &t->s2p,       &t->w,
                          &t->st,    &t->se,     &t->value,      &t->pops_used, &t->dths_used};
  for (size_t c = 0; c < NCOLS; c++)
    *cols[c] = b + c * n;
  t->lower = b + NCOLS * n;
  t->upper = t->lower + nconf * n;
  return HG_OK;
}

/* The first failing group rule, in R's order (the status table of
 * docs/methods-le-sii.md). */
static hg_le_group_status group_rule(const hg_life_table *t, const double *ages, size_t nages,
                                     int twenty, int closed) {
  size_t n = t->n;
  for (size_t i = 0; i < n; i++)
    if (isnan(t->deaths[i]) || isnan(t->population[i]))
      return HG_LE_MISSING;
  for (size_t i = 0; i < n; i++)
    if (t->deaths[i] < 0)
      return HG_LE_NEGATIVE_DEATHS;
  for (size_t i = 0; i < n; i++)
    if (t->population[i] <= 0)
      return HG_LE_NONPOSITIVE_POP;
  if (twenty) {
    if (n != 20)
      return HG_LE_BAND_COUNT;
  } else {
    if (n != nages)
      return HG_LE_BAND_COUNT;
    for (size_t i = 0; i < n; i++)
      if (t->start[i] != ages[i])
        return HG_LE_BAND_COUNT;
  }
  for (size_t i = 0; i < n; i++)
    if (t->deaths[i] > t->population[i])
      return HG_LE_DEATHS_GT_POP;
  double total = 0;
  for (size_t i = 0; i < n; i++)
    total += t->population[i];
  if (total <= 5000)
    return HG_LE_LOW_POP;
  if (t->deaths[n - 1] == 0 && !closed)
    return HG_LE_NO_FINAL_DEATHS;
  return HG_LE_OK;
}

/* The life table itself (Chiang II, Silcocks for the open band); the group
 * passed every rule.  end = 0: the final band is open; otherwise it is closed at
 * age end and is computed as any other band, with nothing lived beyond end. */
static void chiang(hg_life_table *t, const double *z, double end) {
  size_t n = t->n, last = n - 1;
  const int closed = end != 0;
  for (size_t i = 0; i < n; i++) {
    t->a[i] = t->start[i] == 0 ? 0.1 : 0.5;
    t->m[i] = t->deaths[i] / t->population[i];
    t->width[i] = i < last ? t->start[i + 1] - t->start[i]
                  : closed ? end - t->start[i]
                           : 2 / t->m[i];
    double mn = t->m[i] * t->width[i];
    /* PR #48: q = 1 whenever D > P/n/a, in any band (the final band always). */
    t->q[i] = t->deaths[i] <= t->population[i] / t->width[i] / t->a[i]
                  ? mn / (1 + mn * (1 - t->a[i]))
                  : 1;
    t->p[i] = 1 - t->q[i];
  }
  t->l[0] = 100000;
  for (size_t i = 1; i < n; i++)
    t->l[i] = t->l[i - 1] * t->p[i - 1];
  for (size_t i = 0; i < n; i++) {
    /* survivors at the end of the band: l at a closed end is l p of the last band */
    double next = i < last ? t->l[i + 1] : closed ? t->l[i] * t->p[i] : 0;
    t->d[i] = t->l[i] - next;
    t->L[i] = i < last || closed ? t->width[i] * (next + t->a[i] * t->d[i]) : t->l[i] / t->m[i];
  }
  double acc = 0;
  for (size_t i = n; i-- > 0;) {
    acc += t->L[i];
    t->T[i] = acc;
    t->e[i] = t->l[i] == 0 ? 0 : t->T[i] / t->l[i];
  }
  for (size_t i = 0; i < n; i++) {
    if (i < last || closed) {
      t->s2p[i] = t->d[i] == 0 ? 0 : t->q[i] * t->q[i] * (1 - t->q[i]) / t->deaths[i];
      /* e beyond a closed end is 0: nothing is counted past it */
      double f = (1 - t->a[i]) * t->width[i] + (i < last ? t->e[i + 1] : 0);
      t->w[i] = t->s2p[i] * t->l[i] * t->l[i] * f * f;
    } else {
      /* Silcocks: the open interval's variance. */
      t->s2p[i] = 4 / (t->deaths[i] * t->m[i] * t->m[i]);
      t->w[i] = (t->l[i] / 2) * (t->l[i] / 2) * t->s2p[i];
    }
  }
  acc = 0;
  for (size_t i = n; i-- > 0;) {
    acc += t->w[i];
    t->st[i] = acc;
    t->se[i] = sqrt(t->st[i] / (t->l[i] * t->l[i]));
  }
  /* The suppression rule is the 95% CI, whatever confidence was asked for. */
  double z95 = hg_ci_z(0.95);
  for (size_t i = 0; i < n; i++) {
    for (size_t c = 0; c < t->n_conf; c++) {
      t->lower[c * n + i] = t->e[i] - z[c] * t->se[i];
      t->upper[c * n + i] = t->e[i] + z[c] * t->se[i];
    }
    t->wide_ci[i] = z95 * t->se[i] > 10;
    t->value[i] = (t->wide_ci[i] || isinf(t->e[i])) ? NAN : t->e[i];
  }
}

hg_status hg_le_group(const double *start, const double *deaths, const double *population, size_t n,
                      const hg_le_options *opt, hg_life_table *out, hg_error *err) {
  static const hg_le_options defaults = {0};
  hg_status st = HG_OK;
  row3 *rows = NULL;
  if (!out)
    return HG_ERR_INVALID;
  memset(out, 0, sizeof *out);
  if (!opt)
    opt = &defaults;
  if ((st = hg_le_check_options(opt, err)) != HG_OK)
    goto cleanup;
  if (n == 0 || !start || !deaths || !population) {
    hg_error_set(err, NULL, 0, NULL, "life expectancy needs at least one age band");
    st = HG_ERR_EMPTY;
    goto cleanup;
  }
  const double *ages = opt->age_contents ? opt->age_contents : default_ages;
  size_t nages = opt->age_contents ? opt->n_age_contents : 20;
  double z[HG_LE_MAX_CONF];
  size_t nconf = opt->confidence ? opt->n_confidence : 1;
  for (size_t c = 0; c < nconf; c++) {
    double v = opt->confidence ? opt->confidence[c] : 0.95;
    out->conf[c] = v >= 90 ? v / 100 : v;
    z[c] = hg_ci_z(out->conf[c]);
  }
  out->n_conf = nconf;

  rows = malloc(n * sizeof *rows);
  if (!rows) {
    st = HG_ERR_NOMEM;
    goto cleanup;
  }
  for (size_t i = 0; i < n; i++)
    rows[i] = (row3){start[i], deaths[i], population[i]};
  size_t in_order = 1; /* the bands of a caller that sorted them: as they are */
  while (in_order < n && rows[in_order - 1].start <= rows[in_order].start) /* NaN: sorted */
    in_order++;
  if (in_order < n)
    qsort(rows, n, sizeof *rows, cmp_row);
  if ((st = alloc_table(out, n, nconf)) != HG_OK)
    goto cleanup;
  out->n = n;
  for (size_t i = 0; i < n; i++) {
    out->start[i] = rows[i].start;
    out->deaths[i] = rows[i].deaths;
    out->population[i] = rows[i].pop;
  }
  double cp = 0, cd = 0;
  for (size_t i = n; i-- > 0;) {
    cp += out->population[i];
    cd += out->deaths[i];
    out->pops_used[i] = cp;
    out->dths_used[i] = cd;
  }
  out->status = group_rule(out, ages, nages, opt->r_twenty_bands, opt->last_band_end != 0);
  if (out->status == HG_LE_BAND_COUNT && !opt->r_twenty_bands && nages != 20) {
    snprintf(out->message, sizeof out->message,
             "some groups contain a different number of age bands than %zu; life expectancy "
             "cannot be calculated for these. These groups will contain NAs.",
             nages);
  } else {
    snprintf(out->message, sizeof out->message, "%s", hg_le_status_message(out->status));
  }
  if (out->status != HG_LE_OK)
    goto cleanup;
  chiang(out, z, opt->last_band_end);
  for (size_t i = 0; i < n; i++) {
    if (out->wide_ci[i]) {
      out->status = HG_LE_WIDE_CI;
      snprintf(out->message, sizeof out->message, "%s", hg_le_status_message(HG_LE_WIDE_CI));
      break;
    }
  }

cleanup:
  free(rows);
  if (st != HG_OK)
    hg_life_table_free(out);
  return st;
}
