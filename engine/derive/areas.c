/* derive/areas.c: ICB and London values of the published indicators,
 * aggregated from their borough rows' counts (part of the derive stage).
 *
 * Fingertips publishes boroughs (and London, England) but no ICBs, so an ICB's
 * own value must be made: for a proportion or crude rate (the registry's
 * value_type and multiplier) whose borough rows carry a count and a
 * denominator, the counts of the ICB's boroughs are summed and the method run
 * on the sums (hg_proportion: Wilson; hg_rate: exact below 10, Byar's), with
 * 95% and 99.8% limits.  Rates are never averaged.  Fingertips says
 * "Aggregated from all known lower geography values"; we make a value only when
 * every borough of the area has both counts (else a warning says why), since a
 * partial sum would be a different population.  The same is done for London
 * (every borough in the ICB lookup), but a row that an input already has for
 * the same key (e.g. a published London value) is kept and none is made.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "healthgap/geography.h"
#include "healthgap/indicator_registry.h"
#include "healthgap/rates.h"
#include "healthgap/table.h"
#include "derive/stage.h"

#define AGG_NOTE "Aggregated from borough counts"

/* One area's sum for one indicator key. */
typedef struct {
  const res_row *first; /* a borough row: the key columns */
  const char *area;     /* the ICB or region (owned by the hierarchy) */
  double x, n;
  GHashTable *boroughs; /* borough code -> 1 (first row of each borough only) */
  int missing;          /* some borough row had no count or denominator */
  int some;             /* some borough row had a count or a denominator */
  const hg_indicator_meta *m;
} agg;

static void agg_free(gpointer p) {
  agg *a = p;
  g_hash_table_destroy(a->boroughs);
  g_free(a);
}

/* The areas a borough's counts are summed into: its ICB and its region. */
static const hg_geo_level agg_levels[] = {HG_GEO_ICB, HG_GEO_REGION};

/* The key of a row without its area: indicator, period, sex, age, category. */
static char *key_of(const res_row *r, const char *area) {
  return g_strjoin("|", r->txt[RES_TXT_INDICATOR_ID], area, r->txt[RES_TXT_PERIOD],
                   r->txt[RES_TXT_SEX], r->txt[RES_TXT_AGE], r->txt[RES_TXT_CATEGORY_TYPE],
                   r->txt[RES_TXT_CATEGORY], NULL);
}

/* Boroughs per ICB and per region, from the lookup inputs with LA_code and
 * ICB_code columns (the hierarchy cannot list an area's children). */
static void count_boroughs(const run_ctx *ctx, const hg_geo *geo, GHashTable *need) {
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < ctx->files->len; i++) {
    const run_file *f = ctx->files->pdata[i];
    if (f->in->role != HG_ROLE_LOOKUP)
      continue;
    const hg_table *t = f->table;
    long c = hg_table_col(t, "LA_code");
    if (c < 0 || hg_table_col(t, "ICB_code") < 0)
      continue;
    for (size_t r = 0; r < hg_table_nrows(t); r++) {
      const char *lad = hg_table_cell(t, r, (size_t)c);
      if (!lad || !*lad || g_hash_table_contains(seen, lad))
        continue;
      g_hash_table_add(seen, g_strdup(lad));
      for (size_t k = 0; k < G_N_ELEMENTS(agg_levels); k++) {
        const char *a = hg_geo_ancestor(geo, lad, agg_levels[k]);
        if (a)
          g_hash_table_insert(need, (gpointer)a,
                              GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(need, a)) + 1));
      }
    }
  }
  g_hash_table_destroy(seen);
}

static void set_num(res_row *r, int c, double v) {
  r->num[RES_SLOT(c)] = v;
}

res_row *run_derive_area_row(run_ctx *ctx, const hg_geo *geo, const res_row *b, const char *area,
                             const char *note) {
  res_row *r = res_row_new(ctx);
  r->input = b->input;
  memcpy(r->txt, b->txt, sizeof r->txt); /* pooled texts: shared, not copied */
  /* Only the key columns carry over; the rest is the area's own. */
  static const int blank[] = {RES_AREA_TYPE,       RES_PARENT_CODE,         RES_ICB_CODE,
                              RES_VALUE_NOTE,      RES_COMPARED_TO_ENGLAND, RES_COMPARED_TO_LONDON,
                              RES_COMPARED_TO_ICB, RES_BENCHMARK_QUINTILE,  RES_RECENT_TREND,
                              RES_TARGET_ID,       RES_TARGET_STATUS};
  for (size_t k = 0; k < G_N_ELEMENTS(blank); k++)
    run_set_col(ctx, r, blank[k], "");
  const char *an = hg_geo_name(geo, area);
  run_set_col(ctx, r, RES_AREA_CODE, area);
  run_set_col(ctx, r, RES_AREA_NAME, an ? an : "");
  run_set_col(ctx, r, RES_VALUE_NOTE, note);
  r->sortable = b->sortable;
  set_num(r, RES_PERIOD_SORTABLE, b->num[RES_SLOT(RES_PERIOD_SORTABLE)]);
  return r; /* every other number NAN (res_row_new) */
}

/* The step's tables. */
typedef struct agg_state {
  GHashTable *need; /* area -> how many boroughs it has (count_boroughs) */
  GHashTable *have; /* keys of the rows the run already has */
  GHashTable *aggs; /* key -> its sum */
  GPtrArray *order; /* the sums in the order of their first borough row: rows come out so */
} agg_state;

/* The sum of key for area a, started at borough row r if there is none yet. */
static agg *agg_for(agg_state *st, const res_row *r, const char *a, const hg_indicator_meta *m) {
  char *key = key_of(r, a);
  agg *g = g_hash_table_lookup(st->aggs, key);
  if (!g) {
    g = g_new0(agg, 1);
    g->first = r;
    g->area = a;
    g->m = m;
    g->boroughs = g_hash_table_new(g_str_hash, g_str_equal);
    g_hash_table_insert(st->aggs, key, g);
    g_ptr_array_add(st->order, g);
  } else {
    g_free(key);
  }
  return g;
}

/* Adds borough code's count x and denominator n to g, or marks g incomplete if
 * they are missing or impossible. */
static void agg_add(agg *g, const char *code, double x, double n) {
  /* A borough given twice (two inputs): its first row counts, as the
   * results keep the first input's row. */
  if (g_hash_table_contains(g->boroughs, code))
    return;
  g_hash_table_add(g->boroughs, (gpointer)code);
  if (!isnan(x) || !isnan(n))
    g->some = 1;
  if (isnan(x) || isnan(n) || n <= 0 || x < 0 || (g->m->value_type == HG_VT_PROPORTION && x > n))
    g->missing = 1;
  else {
    g->x += x;
    g->n += n;
  }
}

/* One pass over the rows: every row's key into have; every borough row of a
 * proportion or crude rate into the sums of its ICB and region. */
static void sum_boroughs(const run_ctx *ctx, const hg_geo *geo, agg_state *st) {
  const hg_indicator_registry *reg = ctx->registry;
  guint n0 = ctx->rows->len;
  for (guint i = 0; i < n0; i++) {
    const res_row *r = ctx->rows->pdata[i];
    const char *code = r->txt[RES_TXT_AREA_CODE];
    g_hash_table_add(st->have, key_of(r, code));
    if (hg_geo_level_get(geo, code) != HG_GEO_LAD)
      continue;
    const hg_indicator_meta *m = hg_indicator_registry_find(reg, r->txt[RES_TXT_INDICATOR_ID]);
    if (!m || (m->value_type != HG_VT_PROPORTION && m->value_type != HG_VT_CRUDE_RATE))
      continue;
    double x = r->num[RES_SLOT(RES_COUNT)], n = r->num[RES_SLOT(RES_DENOMINATOR)];
    for (size_t k = 0; k < G_N_ELEMENTS(agg_levels); k++) {
      const char *a = hg_geo_ancestor(geo, code, agg_levels[k]);
      if (!a || !g_hash_table_contains(st->need, a))
        continue;
      agg_add(agg_for(st, r, a, m), code, x, n);
    }
  }
}

/* The area's row from a complete sum: the method run on the summed counts with
 * 95% and 99.8% limits, the key columns of its first borough row. */
static void agg_row(run_ctx *ctx, const hg_geo *geo, const agg *g) {
  static const double conf[2] = {0.95, 0.998};
  hg_estimate e;
  if (g->m->value_type == HG_VT_PROPORTION)
    hg_proportion(g->x, g->n, conf, 2, g->m->multiplier, &e);
  else
    hg_rate(g->x, g->n, conf, 2, g->m->multiplier, &e);
  res_row *r = run_derive_area_row(ctx, geo, g->first, g->area, AGG_NOTE);
  set_num(r, RES_VALUE, e.value);
  set_num(r, RES_LOWER_CI95, e.lower[0]);
  set_num(r, RES_UPPER_CI95, e.upper[0]);
  set_num(r, RES_LOWER_CI998, e.lower[1]);
  set_num(r, RES_UPPER_CI998, e.upper[1]);
  set_num(r, RES_COUNT, g->x);
  set_num(r, RES_DENOMINATOR, g->n);
  g_ptr_array_add(ctx->rows, r);
}

/* A row for every sum that no input already has and that every borough of its
 * area completed; one warning for the incomplete ones, naming the first. */
static void make_rows(run_ctx *ctx, const hg_geo *geo, const agg_state *st, size_t *made) {
  size_t partial = 0;
  const char *first_partial = NULL;
  const agg *fp = NULL;
  for (guint i = 0; i < st->order->len; i++) {
    const agg *g = st->order->pdata[i];
    char *key = key_of(g->first, g->area);
    int dup = g_hash_table_contains(st->have, key);
    g_free(key);
    if (dup)
      continue;
    guint want = GPOINTER_TO_UINT(g_hash_table_lookup(st->need, g->area));
    if (g->missing || g_hash_table_size(g->boroughs) < want) {
      /* Only worth a warning where some borough had counts at all. */
      if (g->some) {
        partial++;
        if (!first_partial) {
          first_partial = g->area;
          fp = g;
        }
      }
      continue;
    }
    agg_row(ctx, geo, g);
    (*made)++;
  }
  if (partial)
    run_warn(ctx,
             "derive: %zu ICB/London value(s) not aggregated from borough counts: some "
             "borough of the area has no row, count or denominator (first: %s %s %s %s)",
             partial, fp->first->txt[RES_TXT_INDICATOR_ID], first_partial,
             fp->first->txt[RES_TXT_PERIOD], fp->first->txt[RES_TXT_SEX]);
}

void run_derive_areas(run_ctx *ctx, const hg_geo *geo, size_t *made) {
  *made = 0;
  agg_state st = {
      .need = g_hash_table_new(g_str_hash, g_str_equal),
      .have = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
      .aggs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
      .order = g_ptr_array_new_with_free_func(agg_free),
  };
  count_boroughs(ctx, geo, st.need);
  if (g_hash_table_size(st.need)) {
    sum_boroughs(ctx, geo, &st);
    make_rows(ctx, geo, &st, made);
  }
  g_ptr_array_free(st.order, TRUE);
  g_hash_table_destroy(st.aggs);
  g_hash_table_destroy(st.have);
  g_hash_table_destroy(st.need);
}
