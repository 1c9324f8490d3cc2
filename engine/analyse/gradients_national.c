/* analyse/gradients_national.c: deprivation gradients on England's ranking.
 *
 * The gradients of gradients.c rank small areas within London or within an
 * ICB.  NHS England's Core20PLUS5 and its statement on health inequalities
 * use the national IMD: an LSOA's decile among England's 32,844 LSOAs, which
 * IoD 2019 File 2 publishes ("Index of Multiple Deprivation (IMD) Decile
 * (where 1 is most deprived 10% of LSOAs)").  Here the same small-area series
 * are put into national IMD quintiles (deciles 1-2 = quintile 1 = Core20, ...,
 * 9-10 = quintile 5), London-wide and within each ICB:
 *
 *   LSOA series: each LSOA in its own national quintile;
 *   MSOA series: an MSOA has no national decile, so each MSOA's value is
 *     given to its LSOAs (the lookups), each in its national quintile.
 *
 * Each quintile is the population-weighted mean of the values (LSOA
 * populations, the weights of gradients.c), then SII/RII point estimates and
 * the gaps, approximate as the London-relative ones (no counts or limits).
 * The quintiles join the results as category rows whose category_type names
 * the ranking ("... national IMD quintiles (England ranking; INPUT)"), beside
 * the London- and ICB-relative ones ("... across London", "... within the
 * ICB").  A quintile without areas (an ICB with no LSOA in the most deprived
 * fifth of England) leaves that gradient out.
 */
#include <math.h>
#include <string.h>

#include "healthgap/geography.h"
#include "healthgap/inequalities.h"
#include "healthgap/table.h"
#include "analyse/stage.h"

/* Column pairs of an LSOA code and its national IMD decile (as core20.c). */
static const struct {
  const char *code, *decile;
} decile_cols[] = {
    {"LSOA code (2011)",
     "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)"},
    {"lsoa_code", "imd_decile"},
};

GHashTable *run_national_deciles(run_ctx *ctx, const char **input) {
  GHashTable *nat = g_hash_table_new(g_str_hash, g_str_equal);
  *input = NULL;
  for (guint i = 0; i < ctx->files->len; i++) {
    run_file *f = ctx->files->pdata[i];
    if (f->in->role != HG_ROLE_DEPRIVATION || !f->table)
      continue;
    for (size_t k = 0; k < G_N_ELEMENTS(decile_cols); k++) {
      long kc = hg_table_col(f->table, decile_cols[k].code),
           dc = hg_table_col(f->table, decile_cols[k].decile);
      if (kc < 0 || dc < 0)
        continue;
      for (size_t r = 0; r < hg_table_nrows(f->table); r++) {
        const char *v = hg_table_cell(f->table, r, (size_t)dc);
        double d;
        if (hg_parse_number(v, strlen(v), &d) != HG_NUM_OK || d < 1 || d > 10 || d != floor(d))
          continue;
        /* codes are the table's own strings, alive for the run */
        g_hash_table_replace(nat, (gpointer)hg_table_cell(f->table, r, (size_t)kc),
                             GINT_TO_POINTER((int)d));
      }
      if (!*input)
        *input = f->in->name;
      break;
    }
  }
  return nat;
}

/* One LSOA of a gradient: its national quintile (1..5), the value it
 * carries, its weight, and the ICB it is counted in. */
typedef struct {
  const char *lsoa;
  int q;
  double value, weight;
  const char *icb;
} unit;

/* By LSOA code: the sums come in the same order whatever the hash's. */
static gint unit_cmp(gconstpointer a, gconstpointer b) {
  return strcmp(((const unit *)a)->lsoa, ((const unit *)b)->lsoa);
}

/* The units of a series: the LSOA rows themselves, or each MSOA row's LSOAs. */
static GArray *series_units(const hg_geo *geo, int level, const GPtrArray *rows, GHashTable *nat,
                            GHashTable *pop) {
  GArray *u = g_array_new(FALSE, FALSE, sizeof(unit));
  GHashTable *by_code = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < rows->len; i++) {
    const res_row *r = rows->pdata[i];
    g_hash_table_insert(by_code, (gpointer)r->col[RES_AREA_CODE], (gpointer)r);
  }
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, nat);
  while (g_hash_table_iter_next(&it, &k, &v)) {
    const char *area = level == HG_GEO_LSOA ? k : geo ? hg_geo_ancestor(geo, k, HG_GEO_MSOA) : NULL;
    const res_row *r = area ? g_hash_table_lookup(by_code, area) : NULL;
    const double *w = g_hash_table_lookup(pop, k);
    if (!r || !w || !(*w > 0))
      continue;
    unit x = {k, (GPOINTER_TO_INT(v) + 1) / 2, r->num[RES_SLOT(RES_VALUE)], *w,
              r->col[RES_ICB_CODE]};
    g_array_append_val(u, x);
  }
  g_hash_table_destroy(by_code);
  g_array_sort(u, unit_cmp);
  return u;
}

/* The gradient of the units of one area (icb NULL: all of them, under the
 * region): 1 if made. */
static int national_gradient(run_ctx *ctx, const hg_geo *geo, const res_row *r0, GArray *units,
                             const char *icb, const char *area, const char *scheme,
                             hg_ineq_results *res) {
  static const char *const labels[5] = {"Quintile 1 (most deprived)", "Quintile 2", "Quintile 3",
                                        "Quintile 4", "Quintile 5 (least deprived)"};
  size_t n = 0;
  int *q = g_new(int, units->len + 1);
  double *v = g_new(double, units->len + 1), *w = g_new(double, units->len + 1);
  for (guint i = 0; i < units->len; i++) {
    const unit *x = &g_array_index(units, unit, i);
    if (icb && (!x->icb || strcmp(x->icb, icb) != 0))
      continue;
    q[n] = x->q;
    v[n] = x->value;
    w[n++] = x->weight;
  }
  double mean[5], wt[5];
  hg_ineq_quantile qs[5];
  int ok = n > 0;
  hg_ineq_quantile_means(n, q, v, w, 5, mean, wt);
  for (int j = 0; ok && j < 5; j++) {
    ok = !isnan(mean[j]);
    qs[j] = (hg_ineq_quantile){labels[j], mean[j], NAN, NAN, NAN, NAN, wt[j]};
  }
  if (ok) {
    hg_ineq_key key = {r0->col[RES_INDICATOR_ID], area, r0->col[RES_PERIOD], r0->col[RES_SEX],
                       r0->col[RES_AGE],          NAN};
    hg_ineq_options o = {.no_ci = 1,
                         .note = "approximate: population-weighted means of area values "
                                 "(no counts or limits)"};
    hg_error err;
    ok = hg_ineq_deprivation(&key, scheme, 5, qs, &o, res, &err) == HG_OK;
  }
  for (int j = 0; ok && j < 5; j++)
    run_gradient_quantile_row(ctx, geo, r0, area, scheme, labels[j],
                              (const double[5]){mean[j], NAN, NAN, NAN, wt[j]},
                              "approximate: population-weighted mean of the area values in the "
                              "national IMD quintile (no counts or limits); denominator = the "
                              "quintile's population (the weight)");
  g_free(q);
  g_free(v);
  g_free(w);
  return ok;
}

size_t run_national_gradients(run_ctx *ctx, const hg_geo *geo, int level, const GPtrArray *rows,
                              GHashTable *nat, const char *input, GHashTable *pop,
                              const char *region, hg_ineq_results *res, size_t *made) {
  if (!input || !rows->len || (level != HG_GEO_LSOA && level != HG_GEO_MSOA))
    return 0;
  GArray *units = series_units(geo, level, rows, nat, pop);
  if (!units->len) {
    g_array_free(units, TRUE);
    return 0;
  }
  char *scheme =
      g_strdup_printf(level == HG_GEO_LSOA ? "LSOA national IMD quintiles (England ranking; %s)"
                                           : "MSOA values in their LSOAs' national IMD quintiles "
                                             "(England ranking; %s)",
                      input);
  const res_row *r0 = rows->pdata[0];
  size_t failed = 0, before = hg_ineq_results_size(res);
  failed += !national_gradient(ctx, geo, r0, units, NULL, region, scheme, res);
  /* each ICB, in the order its first area comes in the sorted rows */
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < rows->len; i++) {
    const char *icb = ((const res_row *)rows->pdata[i])->col[RES_ICB_CODE];
    if (!*icb || g_hash_table_contains(seen, icb))
      continue;
    g_hash_table_add(seen, (gpointer)icb);
    failed += !national_gradient(ctx, geo, r0, units, icb, icb, scheme, res);
  }
  *made += hg_ineq_results_size(res) - before;
  g_hash_table_destroy(seen);
  g_free(scheme);
  g_array_free(units, TRUE);
  return failed;
}
