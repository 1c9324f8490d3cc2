/* derive/popmean.c: ICB and London values of concentrations (the registry's
 * value type `mean`, e.g. LAEI PM2.5) as population-weighted means of their
 * small-area (LSOA) values (part of the derive stage).
 *
 * A concentration is not a count: it cannot be summed, and the plain mean of
 * borough means weighs the City of London's 9,000 residents like Croydon's
 * 390,000.  The exposure of an area's residents is the mean of its LSOAs'
 * values weighted by their populations (a population input with LSOA11CD and
 * Persons_All-Ages columns, as the gradients use).  A value is made only when
 * every LSOA row of the area has a population (else a warning says so), and
 * never where an input already has the row. */
#include <math.h>
#include <string.h>

#include "healthgap/geography.h"
#include "healthgap/indicator_registry.h"
#include "healthgap/table.h"
#include "derive/stage.h"

#define POPMEAN_NOTE "Population-weighted mean of LSOA values"

static const hg_geo_level levels[] = {HG_GEO_ICB, HG_GEO_REGION};

typedef struct {
  const res_row *first; /* an LSOA row: the key columns */
  const char *area;
  double sum, pop;
  int missing; /* an LSOA row without a population */
} wmean;

static char *key_of(const res_row *r, const char *area) {
  return g_strjoin("|", r->txt[RES_TXT_INDICATOR_ID], area, r->txt[RES_TXT_PERIOD],
                   r->txt[RES_TXT_SEX], r->txt[RES_TXT_AGE], r->txt[RES_TXT_CATEGORY_TYPE],
                   r->txt[RES_TXT_CATEGORY], NULL);
}

/* LSOA code -> population (double*, owned), from the population inputs. */
static GHashTable *lsoa_population(const run_ctx *ctx) {
  GHashTable *pop = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free);
  for (guint i = 0; i < ctx->files->len; i++) {
    const run_file *f = ctx->files->pdata[i];
    if (f->in->role != HG_ROLE_POPULATION || !f->table)
      continue;
    long lc = hg_table_col(f->table, "LSOA11CD"), pc = hg_table_col(f->table, "Persons_All-Ages");
    for (size_t r = 0; lc >= 0 && pc >= 0 && r < hg_table_nrows(f->table); r++) {
      const char *v = hg_table_cell(f->table, r, (size_t)pc);
      double x;
      if (hg_parse_number(v, strlen(v), &x) == HG_NUM_OK && x > 0 &&
          !g_hash_table_contains(pop, hg_table_cell(f->table, r, (size_t)lc)))
        g_hash_table_insert(pop, (gpointer)hg_table_cell(f->table, r, (size_t)lc),
                            g_memdup2(&x, sizeof x));
    }
  }
  return pop;
}

static void set_num(res_row *r, int c, double v) {
  r->num[RES_SLOT(c)] = v;
}

static void make_row(run_ctx *ctx, const hg_geo *geo, const wmean *w) {
  res_row *r = run_derive_area_row(ctx, geo, w->first, w->area, POPMEAN_NOTE);
  set_num(r, RES_VALUE, w->sum / w->pop);
  set_num(r, RES_DENOMINATOR, w->pop);
  g_ptr_array_add(ctx->rows, r);
}

/* Every LSOA row of a concentration into the weighted sums of its ICB and region. */
static void sum_lsoas(const run_ctx *ctx, const hg_geo *geo, GHashTable *pop, GHashTable *have,
                      GHashTable *sums, GPtrArray *order) {
  for (guint i = 0; i < ctx->rows->len; i++) {
    const res_row *r = ctx->rows->pdata[i];
    const char *code = r->txt[RES_TXT_AREA_CODE];
    g_hash_table_add(have, key_of(r, code));
    const hg_indicator_meta *m =
        hg_indicator_registry_find(ctx->registry, r->txt[RES_TXT_INDICATOR_ID]);
    double v = r->num[RES_SLOT(RES_VALUE)];
    if (!m || m->value_type != HG_VT_MEAN || hg_geo_level_of_code(code) != HG_GEO_LSOA || isnan(v))
      continue;
    const double *p = g_hash_table_lookup(pop, code);
    for (size_t k = 0; k < G_N_ELEMENTS(levels); k++) {
      const char *a = hg_geo_ancestor(geo, code, levels[k]);
      if (!a)
        continue;
      char *key = key_of(r, a);
      wmean *w = g_hash_table_lookup(sums, key);
      if (!w) {
        w = g_new0(wmean, 1);
        *w = (wmean){.first = r, .area = a};
        g_hash_table_insert(sums, key, w);
        g_ptr_array_add(order, w);
      } else {
        g_free(key);
      }
      if (p) {
        w->sum += *p * v;
        w->pop += *p;
      } else {
        w->missing = 1;
      }
    }
  }
}

void run_derive_popmeans(run_ctx *ctx, const hg_geo *geo, size_t *made) {
  *made = 0;
  GHashTable *pop = lsoa_population(ctx);
  GHashTable *have = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  GHashTable *sums = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *order = g_ptr_array_new();
  if (g_hash_table_size(pop))
    sum_lsoas(ctx, geo, pop, have, sums, order);
  size_t partial = 0;
  for (guint i = 0; i < order->len; i++) {
    const wmean *w = order->pdata[i];
    char *key = key_of(w->first, w->area);
    int dup = g_hash_table_contains(have, key);
    g_free(key);
    if (dup)
      continue;
    if (w->missing || !(w->pop > 0)) {
      partial++;
      continue;
    }
    make_row(ctx, geo, w);
    (*made)++;
  }
  if (partial)
    run_warn(ctx,
             "derive: %zu ICB/London concentration(s) not averaged: an LSOA of the area has "
             "no population",
             partial);
  g_ptr_array_free(order, TRUE);
  g_hash_table_destroy(sums);
  g_hash_table_destroy(have);
  g_hash_table_destroy(pop);
}
