/* analyse/gradients.c: deprivation gradients of area-level indicators (analyse stage).
 *
 * The result rows of small areas and boroughs carry no deprivation category:
 * the deprivation inputs give each area its measure (an IMD score, higher =
 * more deprived, or an IMD rank, 1 = most deprived) and the population inputs
 * its weight.  For every indicator, period, sex and age with a total row per area:
 *
 *   LSOAs and MSOAs: London-wide deciles of the areas by their measure (PHE's
 *     quantile method, counting areas), population-weighted mean of the area
 *     values per decile, then SII/RII point estimates and the most - least
 *     deprived gaps (hg_ineq_deprivation with no_ci): flagged approximate,
 *     because area values without counts or limits give no sampling error.
 *     Then the same within each ICB, in quintiles (an ICB has ~100-200 MSOAs:
 *     deciles of 10-20 areas would be noise), under the ICB's code, so that
 *     the ICB packs have their own gradients.
 *   Boroughs: each borough one point of the gradient, ordered most -> least
 *     deprived, with its value, 95% limits and population (its denominator, or
 *     count x multiplier / value where only the count is published): SII and
 *     RII with simulated limits, and the gaps between the end boroughs.
 *
 * Weights: LSOA populations from a population input with LSOA11CD and
 * Persons_All-Ages columns, summed to MSOAs through its MSOA11CD column (ONS's
 * small-area estimates carry both).  Areas without a measure or a weight are
 * left out of their series and counted in a warning.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/geography.h"
#include "healthgap/indicator_registry.h"
#include "healthgap/inequalities.h"
#include "healthgap/table.h"
#include "analyse/stage.h"

/* One area's deprivation measure, and which input gave it. */
typedef struct {
  double measure;
  int higher_is_worse;
  const char *input; /* the config section's name (borrowed from the config) */
} dep_measure;

/* Measure columns we know, with their direction. */
static const struct {
  const char *col;
  int higher_is_worse;
} measure_cols[] = {
    {"Score", 1},     {"Index of Multiple Deprivation (IMD) Score", 1},
    {"IMD Score", 1}, {"Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)", 0},
    {"IMD Rank", 0},
};

/* code -> dep_measure*, from every deprivation input whose header we know
 * (the area code in the first column). */
static void load_deprivation(run_ctx *ctx, GHashTable *dep) {
  for (guint i = 0; i < ctx->files->len; i++) {
    run_file *f = ctx->files->pdata[i];
    if (f->in->role != HG_ROLE_DEPRIVATION)
      continue;
    const hg_table *t = f->table; /* as ingest read it */
    long mc = -1;
    int hiw = 1;
    for (size_t k = 0; k < G_N_ELEMENTS(measure_cols) && mc < 0; k++)
      if ((mc = hg_table_col(t, measure_cols[k].col)) >= 0)
        hiw = measure_cols[k].higher_is_worse;
    if (mc < 0) {
      run_warn(ctx, "deprivation %s: no IMD score or rank column; not used", f->display);
      continue;
    }
    for (size_t r = 0; r < hg_table_nrows(t); r++) {
      const char *code = hg_table_cell(t, r, 0), *v = hg_table_cell(t, r, (size_t)mc);
      double x;
      if (!*code || hg_parse_number(v, strlen(v), &x) != HG_NUM_OK)
        continue;
      dep_measure *d = g_new(dep_measure, 1);
      *d = (dep_measure){x, hiw, f->in->name};
      g_hash_table_replace(dep, g_strdup(code), d);
    }
  }
}

static void add_pop(GHashTable *pop, const char *code, double x) {
  double *p = g_hash_table_lookup(pop, code);
  if (!p) {
    p = g_new0(double, 1);
    g_hash_table_insert(pop, g_strdup(code), p);
  }
  *p += x;
}

/* code -> double* population of LSOAs and MSOAs: an MSOA's own figure (a
 * table with MSOA11CD and USUALRES, the 2011 Census usual residents) where an
 * input gives one, else the sum of its LSOAs. */
static void load_population(run_ctx *ctx, GHashTable *pop) {
  GHashTable *direct = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < ctx->files->len; i++) {
    run_file *f = ctx->files->pdata[i];
    if (f->in->role != HG_ROLE_POPULATION || f->in->layout == HG_LAYOUT_MAPPED)
      continue;
    const hg_table *t = f->table; /* as ingest read it */
    long lc = hg_table_col(t, "LSOA11CD"), mc = hg_table_col(t, "MSOA11CD"),
         pc = hg_table_col(t, "Persons_All-Ages"), uc = hg_table_col(t, "USUALRES");
    for (size_t r = 0; lc < 0 && mc >= 0 && uc >= 0 && r < hg_table_nrows(t); r++) {
      const char *v = hg_table_cell(t, r, (size_t)uc);
      double x;
      if (hg_parse_number(v, strlen(v), &x) == HG_NUM_OK)
        add_pop(direct, hg_table_cell(t, r, (size_t)mc), x);
    }
    for (size_t r = 0; lc >= 0 && pc >= 0 && r < hg_table_nrows(t); r++) {
      const char *v = hg_table_cell(t, r, (size_t)pc);
      double x;
      if (hg_parse_number(v, strlen(v), &x) != HG_NUM_OK)
        continue;
      add_pop(pop, hg_table_cell(t, r, (size_t)lc), x);
      if (mc >= 0)
        add_pop(pop, hg_table_cell(t, r, (size_t)mc), x);
    }
  }
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, direct);
  while (g_hash_table_iter_next(&it, &k, &v)) {
    g_hash_table_iter_steal(&it);
    g_hash_table_replace(pop, k, v);
  }
  g_hash_table_destroy(direct);
}

/* One series: the total rows of one indicator, period, sex and age at one level. */
typedef struct {
  hg_geo_level level;
  GPtrArray *rows; /* res_row*, borrowed */
} series;

static void series_free(gpointer p) {
  series *s = p;
  g_ptr_array_free(s->rows, TRUE);
  g_free(s);
}

static const char *const decile_labels[10] = {"Decile 1 (most deprived)",
                                              "Decile 2",
                                              "Decile 3",
                                              "Decile 4",
                                              "Decile 5",
                                              "Decile 6",
                                              "Decile 7",
                                              "Decile 8",
                                              "Decile 9",
                                              "Decile 10 (least deprived)"};

static hg_ineq_key key_of(const res_row *r, const char *area) {
  return (hg_ineq_key){r->col[RES_INDICATOR_ID], area, r->col[RES_PERIOD], r->col[RES_SEX],
                       r->col[RES_AGE],          NAN};
}

/* One quantile of a gradient as a category row of its indicator in the
 * region (Fingertips publishes deprivation breakdowns so): the series' key
 * columns, category_type = the breakdown_type of its inequalities rows, so
 * that the pack finds the points of each SII.  Limits, count and denominator
 * only where the quantile has them (NAN = left empty). */
static void add_quantile_row(run_ctx *ctx, const hg_geo *geo, const res_row *r0, const char *region,
                             const char *ctype, const char *label, const double num[5],
                             const char *note) {
  res_row *r = res_row_new(ctx);
  r->input = r0->input;
  static const int keep[] = {RES_INDICATOR_ID, RES_INDICATOR_NAME, RES_PERIOD, RES_SEX, RES_AGE};
  for (size_t k = 0; k < G_N_ELEMENTS(keep); k++)
    r->col[keep[k]] = r0->col[keep[k]]; /* interned already */
  r->sortable = r0->sortable;
  r->num[RES_SLOT(RES_PERIOD_SORTABLE)] = r0->num[RES_SLOT(RES_PERIOD_SORTABLE)];
  run_set_col(ctx, r, RES_AREA_CODE, region);
  if (geo && hg_geo_name(geo, region))
    run_set_col(ctx, r, RES_AREA_NAME, hg_geo_name(geo, region));
  if (geo && hg_geo_has(geo, region))
    run_set_col(ctx, r, RES_AREA_TYPE, hg_geo_level_name(hg_geo_level_get(geo, region)));
  run_set_col(ctx, r, RES_CATEGORY_TYPE, ctype);
  run_set_col(ctx, r, RES_CATEGORY, label);
  static const int cols[5] = {RES_VALUE, RES_LOWER_CI95, RES_UPPER_CI95, RES_COUNT,
                              RES_DENOMINATOR};
  for (int k = 0; k < 5; k++)
    r->num[RES_SLOT(cols[k])] = num[k];
  if (note)
    run_set_col(ctx, r, RES_VALUE_NOTE, note);
  g_ptr_array_add(ctx->rows, r);
}

static const char *const quintile_labels[5] = {"Quintile 1 (most deprived)", "Quintile 2",
                                               "Quintile 3", "Quintile 4",
                                               "Quintile 5 (least deprived)"};

/* Quantiles of the small areas in rows (the whole region, or one ICB's):
 * weighted means, approximate.  nq = 10 (deciles) or 5 (quintiles: an ICB
 * has only ~100-200 MSOAs); within names the ranking's extent in the scheme
 * text ("across London", "within the ICB"). */
static int small_area_gradient(run_ctx *ctx, const hg_geo *geo, const series *s,
                               const GPtrArray *rows, int nq, const char *within, GHashTable *dep,
                               GHashTable *pop, const char *region, hg_ineq_results *res,
                               size_t *left_out) {
  size_t n = 0, cap = rows->len;
  double *m = g_new(double, cap), *v = g_new(double, cap), *w = g_new(double, cap);
  int *q = g_new(int, cap);
  int hiw = -1, ok = 0;
  const char *input = NULL;
  const char *const *labels = nq == 10 ? decile_labels : quintile_labels;
  for (guint i = 0; i < rows->len; i++) {
    const res_row *r = rows->pdata[i];
    const dep_measure *d = g_hash_table_lookup(dep, r->col[RES_AREA_CODE]);
    const double *p = g_hash_table_lookup(pop, r->col[RES_AREA_CODE]);
    if (!d || !p || *p <= 0 || (hiw >= 0 && d->higher_is_worse != hiw)) {
      (*left_out)++;
      continue;
    }
    hiw = d->higher_is_worse;
    input = d->input;
    m[n] = d->measure;
    v[n] = r->num[RES_SLOT(RES_VALUE)];
    w[n] = *p;
    n++;
  }
  hg_error err;
  double mean[10], wt[10];
  if (n < 10 || hg_ineq_assign_quantiles(n, m, NULL, nq, hiw, q, &err) != HG_OK)
    goto cleanup;
  hg_ineq_quantile_means(n, q, v, w, nq, mean, wt);
  hg_ineq_quantile qs[10];
  for (int j = 0; j < nq; j++) {
    if (isnan(mean[j]))
      goto cleanup;
    qs[j] = (hg_ineq_quantile){labels[j], mean[j], NAN, NAN, NAN, NAN, wt[j]};
  }
  const res_row *r0 = rows->pdata[0];
  hg_ineq_key key = key_of(r0, region);
  char *scheme =
      g_strdup_printf("%s %s %s by deprivation (%s; PHE method)", hg_geo_level_name(s->level),
                      nq == 10 ? "deciles" : "quintiles", within, input);
  hg_ineq_options o = {.no_ci = 1,
                       .note = "approximate: population-weighted means of area values "
                               "(no counts or limits)"};
  ok = hg_ineq_deprivation(&key, scheme, (size_t)nq, qs, &o, res, &err) == HG_OK;
  /* the quantiles themselves, for the gradient chart: the weights as the
   * denominator (the chart ranks the quantiles by population share, as the SII) */
  for (int j = 0; ok && j < nq; j++)
    add_quantile_row(ctx, geo, r0, region, scheme, labels[j],
                     (const double[5]){mean[j], NAN, NAN, NAN, wt[j]},
                     nq == 10 ? "approximate: population-weighted mean of the area values in "
                                "the decile (no counts or limits); denominator = the decile's "
                                "population (the weight)"
                              : "approximate: population-weighted mean of the area values in "
                                "the quintile (no counts or limits); denominator = the "
                                "quintile's population (the weight)");
  g_free(scheme);
cleanup:
  g_free(m);
  g_free(v);
  g_free(w);
  g_free(q);
  return ok;
}

/* The same within each ICB (RES_ICB_CODE of the rows, set from the geography
 * before the analyse stage): quintiles of its small areas, written under the
 * ICB's code so that its pack draws them.  ICBs in the order their first
 * area comes in the sorted rows (deterministic).  Returns the number of ICBs
 * whose gradient could not be computed. */
static size_t icb_gradients(run_ctx *ctx, const hg_geo *geo, const series *s, GHashTable *dep,
                            GHashTable *pop, hg_ineq_results *res, size_t *made) {
  GHashTable *by_icb = g_hash_table_new(g_str_hash, g_str_equal);
  GPtrArray *order = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
  for (guint i = 0; i < s->rows->len; i++) {
    res_row *r = s->rows->pdata[i];
    const char *icb = r->col[RES_ICB_CODE];
    if (!*icb)
      continue;
    GPtrArray *a = g_hash_table_lookup(by_icb, icb);
    if (!a) {
      a = g_ptr_array_new();
      g_hash_table_insert(by_icb, (gpointer)icb, a);
      g_ptr_array_add(order, a);
    }
    g_ptr_array_add(a, r);
  }
  size_t failed = 0;
  for (guint k = 0; k < order->len; k++) {
    GPtrArray *a = order->pdata[k];
    size_t before = hg_ineq_results_size(res), lost = 0;
    const char *icb = ((res_row *)a->pdata[0])->col[RES_ICB_CODE];
    if (small_area_gradient(ctx, geo, s, a, 5, "within the ICB", dep, pop, icb, res, &lost))
      *made += hg_ineq_results_size(res) - before;
    else if (lost < a->len)
      failed++;
  }
  g_ptr_array_free(order, TRUE);
  g_hash_table_destroy(by_icb);
  return failed;
}

typedef struct {
  double measure;
  const res_row *row;
  double weight;
} point;

static int most_deprived_first(const void *a, const void *b) {
  const point *x = a, *y = b;
  /* measure is already signed so that larger = more deprived */
  if (x->measure != y->measure)
    return x->measure > y->measure ? -1 : 1;
  return strcmp(x->row->col[RES_AREA_CODE], y->row->col[RES_AREA_CODE]);
}

/* Boroughs as the points of the gradient, with their own limits. */
static int borough_gradient(run_ctx *ctx, const hg_geo *geo, const series *s, GHashTable *dep,
                            const hg_indicator_registry *reg, const char *region,
                            hg_ineq_results *res, size_t *left_out) {
  const res_row *r0 = s->rows->pdata[0];
  const hg_indicator_meta *meta = hg_indicator_registry_find(reg, r0->col[RES_INDICATOR_ID]);
  double mult = meta && meta->multiplier > 0 ? meta->multiplier : 1;
  point *pt = g_new(point, s->rows->len);
  size_t n = 0;
  const char *input = NULL;
  for (guint i = 0; i < s->rows->len; i++) {
    const res_row *r = s->rows->pdata[i];
    const dep_measure *d = g_hash_table_lookup(dep, r->col[RES_AREA_CODE]);
    double v = r->num[RES_SLOT(RES_VALUE)], l = r->num[RES_SLOT(RES_LOWER_CI95)],
           u = r->num[RES_SLOT(RES_UPPER_CI95)], x = r->num[RES_SLOT(RES_COUNT)],
           den = r->num[RES_SLOT(RES_DENOMINATOR)];
    /* No denominator published (Fingertips' modelled APS counts): the one the
     * count and the value imply. */
    double w = !isnan(den) ? den : !isnan(x) && v > 0 ? x * mult / v : NAN;
    if (!d || isnan(l) || isnan(u) || !(w > 0)) {
      (*left_out)++;
      continue;
    }
    input = d->input;
    pt[n++] = (point){d->higher_is_worse ? d->measure : -d->measure, r, w};
  }
  int ok = 0;
  if (n >= 5) {
    qsort(pt, n, sizeof *pt, most_deprived_first);
    hg_ineq_quantile *q = g_new(hg_ineq_quantile, n);
    for (size_t i = 0; i < n; i++) {
      const res_row *r = pt[i].row;
      q[i] = (hg_ineq_quantile){r->col[RES_AREA_CODE],
                                r->num[RES_SLOT(RES_VALUE)],
                                r->num[RES_SLOT(RES_LOWER_CI95)],
                                r->num[RES_SLOT(RES_UPPER_CI95)],
                                NAN,
                                NAN,
                                pt[i].weight};
    }
    hg_ineq_options o = {.multiplier = mult, .seed = ctx->cfg->seed};
    if (meta && meta->value_type == HG_VT_PROPORTION)
      o.value_type = HG_GAP_PROPORTION;
    else if (meta && (meta->value_type == HG_VT_DSR || meta->value_type == HG_VT_CRUDE_RATE))
      o.value_type = HG_GAP_RATE;
    hg_ineq_key key = key_of(r0, region);
    char *scheme = g_strdup_printf("boroughs ordered by deprivation (%s)", input);
    hg_error err;
    ok = hg_ineq_deprivation(&key, scheme, n, q, &o, res, &err) == HG_OK;
    /* the boroughs as the points of the gradient chart, most deprived first:
     * the published value and limits, the weight as the denominator */
    for (size_t i = 0; ok && i < n; i++) {
      const res_row *r = pt[i].row;
      const char *name = *r->col[RES_AREA_NAME] ? r->col[RES_AREA_NAME] : r->col[RES_AREA_CODE];
      char *label = g_strdup_printf("Borough %zu%s: %s", i + 1,
                                    i == 0       ? " (most deprived)"
                                    : i == n - 1 ? " (least deprived)"
                                                 : "",
                                    name);
      int implied = isnan(r->num[RES_SLOT(RES_DENOMINATOR)]);
      add_quantile_row(ctx, geo, r0, region, scheme, label,
                       (const double[5]){r->num[RES_SLOT(RES_VALUE)],
                                         r->num[RES_SLOT(RES_LOWER_CI95)],
                                         r->num[RES_SLOT(RES_UPPER_CI95)],
                                         r->num[RES_SLOT(RES_COUNT)], pt[i].weight},
                       implied ? "the borough's published value and limits; denominator = "
                                 "count x multiplier / value (none published)"
                               : "the borough's published value and limits");
      g_free(label);
    }
    g_free(scheme);
    g_free(q);
  }
  g_free(pt);
  return ok;
}

void run_gradients(run_ctx *ctx, const hg_geo *geo, const hg_indicator_registry *reg,
                   hg_ineq_results *res, size_t *made) {
  GHashTable *dep = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  GHashTable *pop = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  GHashTable *by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *order = g_ptr_array_new_with_free_func(series_free);
  size_t left_out = 0, failed = 0;
  guint nrows = ctx->rows->len;
  *made = 0;
  load_deprivation(ctx, dep);
  load_population(ctx, pop);
  const char *nat_input;
  GHashTable *nat = run_national_deciles(ctx, &nat_input);
  if (g_hash_table_size(dep) == 0 && g_hash_table_size(nat) == 0)
    goto cleanup;
  /* Rows are sorted (run_sort_results), so the series come in a fixed order. */
  for (guint i = 0; i < ctx->rows->len; i++) {
    res_row *r = ctx->rows->pdata[i];
    hg_geo_level lv = hg_geo_level_of_code(r->col[RES_AREA_CODE]);
    if (*r->col[RES_CATEGORY] || isnan(r->num[RES_SLOT(RES_VALUE)]) ||
        (lv != HG_GEO_LSOA && lv != HG_GEO_MSOA && lv != HG_GEO_LAD))
      continue;
    char *k = g_strdup_printf("%d|%s|%s|%s|%s", (int)lv, r->col[RES_INDICATOR_ID],
                              r->col[RES_PERIOD], r->col[RES_SEX], r->col[RES_AGE]);
    series *s = g_hash_table_lookup(by_key, k);
    if (!s) {
      s = g_new0(series, 1);
      s->level = lv;
      s->rows = g_ptr_array_new();
      g_hash_table_insert(by_key, k, s);
      g_ptr_array_add(order, s);
    } else {
      g_free(k);
    }
    g_ptr_array_add(s->rows, r);
  }
  for (guint i = 0; i < order->len && !run_cancelled(ctx); i++) {
    series *s = order->pdata[i];
    const char *first = ((res_row *)s->rows->pdata[0])->col[RES_AREA_CODE];
    const char *region = geo ? hg_geo_ancestor(geo, first, HG_GEO_REGION) : NULL;
    size_t before = hg_ineq_results_size(res), lost = 0;
    int ok = s->level == HG_GEO_LAD
                 ? borough_gradient(ctx, geo, s, dep, reg, region ? region : "", res, &lost)
                 : small_area_gradient(ctx, geo, s, s->rows, 10, "across London", dep, pop,
                                       region ? region : "", res, &lost);
    if (s->level != HG_GEO_LAD) /* England's ranking needs no measure of the area's own */
      failed += run_national_gradients(ctx, geo, (int)s->level, s->rows, nat, nat_input, pop,
                                       region ? region : "", res, made);
    /* A series none of whose areas has a measure is not a gradient candidate. */
    if (lost == s->rows->len)
      continue;
    left_out += lost;
    if (ok)
      *made += hg_ineq_results_size(res) - before;
    else
      failed++;
    if (s->level != HG_GEO_LAD)
      failed += icb_gradients(ctx, geo, s, dep, pop, res, made);
  }
  if (failed)
    run_warn(ctx,
             "deprivation gradients: %zu series not computed (too few areas with a "
             "deprivation measure, a population and, for boroughs, limits)",
             failed);
  if (left_out)
    run_warn(ctx,
             "deprivation gradients: %zu area value(s) left out (no deprivation measure, "
             "population or limits)",
             left_out);
  /* the quantile rows joined the results: back into their final order */
  if (ctx->rows->len != nrows)
    run_sort_results(ctx);
cleanup:
  g_hash_table_destroy(nat);
  g_ptr_array_free(order, TRUE);
  g_hash_table_destroy(by_key);
  g_hash_table_destroy(dep);
  g_hash_table_destroy(pop);
}

void run_gradient_quantile_row(run_ctx *ctx, const hg_geo *geo, const res_row *r0, const char *area,
                               const char *ctype, const char *label, const double num[5],
                               const char *note) {
  add_quantile_row(ctx, geo, r0, area, ctype, label, num, note);
}
