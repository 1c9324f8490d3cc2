/* inequalities_arriaga_table.c: Arriaga decomposition from a counts file (deaths
 * and populations by age band, optionally by cause): two populations picked by
 * area code or by deprivation quantile, counts summed per period x sex x band,
 * then hg_ineq_arriaga_counts.  Contract in healthgap/inequalities.h. */
#include "healthgap/inequalities.h"
#include "healthgap/deprivation.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

/* One period x sex: sums per side (0 = the group, Arriaga's base population; 1 =
 * the comparator) and band (index into the sorted distinct start ages). */
typedef struct cell {
  const char *period, *sex; /* borrowed from the table */
  double *deaths[2], *pop[2], *cdeaths[2];
} cell;

static void free_cell(gpointer p) {
  cell *c = p;
  for (int s = 0; s < 2; s++) {
    free(c->deaths[s]);
    free(c->pop[s]);
    free(c->cdeaths[s]);
  }
  free(c);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static hg_status need_col(const hg_table *t, const char *name, long *col, hg_error *err) {
  *col = hg_table_col(t, name);
  if (*col < 0) {
    hg_error_set(err, hg_table_name(t), 1, name,
                 "column missing (a counts file needs "
                 "area_code, period, sex, age_band, deaths, "
                 "population)");
    return HG_ERR_FORMAT;
  }
  return HG_OK;
}

/* Which side a row belongs to: 0 group, 1 comparator, -1 neither. */
static int side_of(const hg_table *t, size_t r, long c_area, long c_dep, int dep_least,
                   const hg_ineq_arriaga_options *o) {
  const char *area = hg_table_cell(t, r, (size_t)c_area);
  if (c_dep < 0)
    return strcmp(area, o->area_code) == 0 ? 0 : strcmp(area, o->reference_area) == 0 ? 1 : -1;
  if (o->area_code && strcmp(area, o->area_code) != 0)
    return -1;
  int rank = hg_deprivation_rank(hg_table_cell(t, r, (size_t)c_dep), NULL, NULL);
  return rank == 1 ? 0 : rank > 1 && rank == dep_least ? 1 : -1;
}

hg_status hg_ineq_arriaga_from_table(const hg_table *t, const hg_ineq_arriaga_options *o,
                                     hg_ineq_results *res, size_t *skipped, hg_error *err) {
  hg_status st = HG_OK;
  long c_area, c_period, c_sex, c_band, c_deaths, c_pop, c_dep = -1, c_cause = -1;
  GHashTable *cells = NULL, *cause_ix = NULL, *pops = NULL;
  GPtrArray *causes = NULL, *order = NULL;
  GArray *starts = NULL;
  char *labels[2] = {NULL, NULL};
  size_t nb = 0, nc = 0;
  int dep_least = 0;
  if (skipped)
    *skipped = 0;
  if (!t || !o || !res || (!o->deprivation_column && (!o->area_code || !o->reference_area)))
    return HG_ERR_INVALID;
  if ((st = need_col(t, "area_code", &c_area, err)) ||
      (st = need_col(t, "period", &c_period, err)) || (st = need_col(t, "sex", &c_sex, err)) ||
      (st = need_col(t, "age_band", &c_band, err)) ||
      (st = need_col(t, "deaths", &c_deaths, err)) ||
      (st = need_col(t, "population", &c_pop, err)) ||
      (o->deprivation_column && (st = need_col(t, o->deprivation_column, &c_dep, err))) ||
      (o->cause_column && (st = need_col(t, o->cause_column, &c_cause, err))))
    return st;

  /* Pass 1: the least deprived quantile, the causes and the band start ages. */
  size_t nr = hg_table_nrows(t);
  if (c_dep >= 0)
    for (size_t r = 0; r < nr; r++) {
      if (o->area_code && strcmp(hg_table_cell(t, r, (size_t)c_area), o->area_code) != 0)
        continue;
      int rank = hg_deprivation_rank(hg_table_cell(t, r, (size_t)c_dep), NULL, NULL);
      if (rank > dep_least)
        dep_least = rank;
    }
  cause_ix = g_hash_table_new(g_str_hash, g_str_equal);
  causes = g_ptr_array_new();
  starts = g_array_new(FALSE, FALSE, sizeof(double));
  for (size_t r = 0; r < nr; r++) {
    int side = side_of(t, r, c_area, c_dep, dep_least, o);
    if (side < 0)
      continue;
    if (!labels[side])
      labels[side] = g_strdup(hg_table_cell(t, r, (size_t)(c_dep >= 0 ? c_dep : c_area)));
    double s;
    if (hg_le_parse_startage(hg_table_cell(t, r, (size_t)c_band), &s)) {
      hg_error_set(err, hg_table_name(t), hg_table_line(t, r), "age_band", "not an age band: '%s'",
                   hg_table_cell(t, r, (size_t)c_band));
      st = HG_ERR_PARSE;
      goto cleanup;
    }
    size_t b = 0;
    while (b < starts->len && g_array_index(starts, double, b) != s)
      b++;
    if (b == starts->len)
      g_array_append_val(starts, s);
    if (c_cause >= 0) {
      const char *cz = hg_table_cell(t, r, (size_t)c_cause);
      if (!g_hash_table_contains(cause_ix, cz)) {
        g_hash_table_insert(cause_ix, (gpointer)cz, GSIZE_TO_POINTER(causes->len));
        g_ptr_array_add(causes, (gpointer)cz);
      }
    }
  }
  nb = starts->len;
  nc = causes->len;
  if (nb == 0 || !labels[0] || !labels[1]) {
    hg_error_set(err, hg_table_name(t), 0, NULL, "no rows for %s",
                 !labels[0] ? (c_dep >= 0 ? "the most deprived quantile" : o->area_code)
                            : (c_dep >= 0 ? "a less deprived quantile" : o->reference_area));
    st = HG_ERR_NOT_FOUND;
    goto cleanup;
  }
  g_array_sort(starts, cmp_double);

  /* Pass 2: sums per period x sex x side x band (and cause).  With causes each row
   * carries one cause's deaths and the band's population, repeated on every cause
   * row of the same area, period, sex and band: that population is counted once
   * (and must agree). */
  cells = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_cell);
  pops = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  order = g_ptr_array_new();
  for (size_t r = 0; r < nr; r++) {
    int side = side_of(t, r, c_area, c_dep, dep_least, o);
    const char *period = hg_table_cell(t, r, (size_t)c_period),
               *sex = hg_table_cell(t, r, (size_t)c_sex);
    if (side < 0 || (o->period && strcmp(o->period, period) != 0) ||
        (o->sex && strcmp(o->sex, sex) != 0))
      continue;
    double s, d, p;
    hg_le_parse_startage(hg_table_cell(t, r, (size_t)c_band), &s); /* checked in pass 1 */
    if ((st = hg_table_number(t, r, (size_t)c_deaths, &d, err)) ||
        (st = hg_table_number(t, r, (size_t)c_pop, &p, err)))
      goto cleanup;
    size_t b = 0;
    while (g_array_index(starts, double, b) != s)
      b++;
    char *key = g_strjoin("\x1f", period, sex, NULL);
    cell *c = g_hash_table_lookup(cells, key);
    if (!c) {
      c = calloc(1, sizeof *c);
      int ok = c != NULL;
      for (int k = 0; ok && k < 2; k++) {
        c->deaths[k] = calloc(nb, sizeof(double));
        c->pop[k] = calloc(nb, sizeof(double));
        c->cdeaths[k] = nc ? calloc(nb * nc, sizeof(double)) : NULL;
        ok = c->deaths[k] && c->pop[k] && (!nc || c->cdeaths[k]);
      }
      if (!ok) {
        if (c)
          free_cell(c);
        g_free(key);
        st = HG_ERR_NOMEM;
        goto cleanup;
      }
      c->period = period;
      c->sex = sex;
      g_hash_table_insert(cells, key, c);
      g_ptr_array_add(order, c);
    } else {
      g_free(key);
    }
    /* A missing count makes the sum missing (never zero). */
    c->deaths[side][b] += d;
    if (nc) {
      size_t k =
          GPOINTER_TO_SIZE(g_hash_table_lookup(cause_ix, hg_table_cell(t, r, (size_t)c_cause)));
      c->cdeaths[side][b * nc + k] += d;
      char *pk = g_strjoin("\x1f", hg_table_cell(t, r, (size_t)c_area), period, sex,
                           hg_table_cell(t, r, (size_t)c_band),
                           c_dep >= 0 ? hg_table_cell(t, r, (size_t)c_dep) : "", NULL);
      double *seen = g_hash_table_lookup(pops, pk);
      if (seen) {
        g_free(pk);
        if (!(*seen == p || (isnan(*seen) && isnan(p)))) {
          hg_error_set(err, hg_table_name(t), hg_table_line(t, r), "population",
                       "differs between the cause rows of one age band (%g, %g)", *seen, p);
          st = HG_ERR_INVALID;
          goto cleanup;
        }
        continue;
      }
      seen = g_new(double, 1);
      *seen = p;
      g_hash_table_insert(pops, pk, seen);
    }
    c->pop[side][b] += p;
  }

  /* One decomposition per period x sex. */
  const double *bands = (const double *)(void *)starts->data;
  for (guint i = 0; i < order->len; i++) {
    const cell *c = order->pdata[i];
    hg_ineq_key key = {o->indicator_id ? o->indicator_id : "hg.le_birth",
                       c_dep >= 0 ? (o->area_code ? o->area_code : "") : o->area_code,
                       c->period,
                       c->sex,
                       "",
                       NAN};
    hg_error e;
    hg_error_clear(&e);
    /* Base population (1 in Arriaga) = the group, comparator (2) = the reference, so
     * the parts sum to e0(reference) - e0(group): the years by which the group
     * falls behind, positive when it lives shorter (the Segment Tool's gap). */
    hg_status s = hg_ineq_arriaga_counts(
        &key, c_dep >= 0 ? "deprivation" : "other", labels[0], labels[1], nb, bands, c->deaths[0],
        c->pop[0], c->deaths[1], c->pop[1], nc, nc ? (const char *const *)causes->pdata : NULL,
        c->cdeaths[0], c->cdeaths[1], o->le, res, &e);
    if (s == HG_ERR_INVALID) { /* a life table refused (low population, a zero band) */
      if (skipped)
        (*skipped)++;
      continue;
    }
    if (s) {
      if (err)
        *err = e;
      st = s;
      goto cleanup;
    }
  }

cleanup:
  if (cells)
    g_hash_table_destroy(cells);
  if (pops)
    g_hash_table_destroy(pops);
  if (cause_ix)
    g_hash_table_destroy(cause_ix);
  if (causes)
    g_ptr_array_free(causes, TRUE);
  if (order)
    g_ptr_array_free(order, TRUE);
  if (starts)
    g_array_free(starts, TRUE);
  g_free(labels[0]);
  g_free(labels[1]);
  return st;
}
