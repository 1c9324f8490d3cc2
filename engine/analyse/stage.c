/* run_analyse.c: the analyse stage of a run, over the merged result rows.
 *
 * Reads the lookup, metadata and targets inputs; fills names and codes from
 * the area hierarchy and the indicator registry; then hands the rows to the
 * benchmark branch's hg_analyse_rows (comparisons with England, London and the
 * ICB, quintiles, recent trend, annual change, change from the previous
 * period, targets) and writes results/targets.csv.  Where a comparison or
 * trend cannot be made (no limits or counts, as in the borough series that
 * carry values only) the publisher's own label is kept and never invented
 * (DESIGN.md, "Know the data's limits").
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/analyse.h"
#include "healthgap/benchmark.h"
#include "healthgap/csvout.h"
#include "healthgap/geography.h"
#include "healthgap/indicator_registry.h"
#include "healthgap/inequalities.h"
#include "healthgap/targets.h"
#include "healthgap/trend.h"
#include "healthgap/store.h"
#include "analyse/stage.h"

/* Which standard lookup a CSV is, from its header. */
/* Labels where the method could not decide: the publisher's own label, if
 * it gave one, is better than ours (DESIGN.md: keep their labels, never invent
 * limits). */
static int undecided(const char *ours) {
  return !ours || !*ours || strcmp(ours, "Not compared") == 0 ||
         strcmp(ours, "Cannot be calculated") == 0;
}

static const char *keep_publisher(const char *ours, const char *theirs) {
  return undecided(ours) && theirs && *theirs ? theirs : ours;
}

/* Benchmarks, quintiles, trends, annual change, change from the previous
 * period and targets: the benchmark branch's hg_analyse_rows over the result
 * rows; results/targets.csv written here while the target set is alive. */
static hg_status analyse_rows(run_ctx *ctx, const hg_indicator_registry *reg, hg_error *err) {
  hg_status st = HG_OK;
  hg_target_set *set = hg_target_set_new();
  size_t ntargets_inputs = 0;
  for (guint i = 0; i < ctx->files->len && st == HG_OK; i++) {
    run_file *f = ctx->files->pdata[i];
    if (f->in->role == HG_ROLE_TARGETS) {
      st = hg_target_set_load_table(set, f->table, err);
      ntargets_inputs++;
    }
  }
  if (st != HG_OK) {
    hg_target_set_free(set);
    return st;
  }
  size_t n = ctx->rows->len;
  hg_arow *a = g_new0(hg_arow, n ? n : 1);
  for (size_t i = 0; i < n; i++) {
    res_row *r = ctx->rows->pdata[i];
    hg_arow *x = &a[i];
    x->indicator_id = r->col[RES_INDICATOR_ID];
    x->indicator_name = r->col[RES_INDICATOR_NAME];
    x->area_code = r->col[RES_AREA_CODE];
    x->area_name = r->col[RES_AREA_NAME];
    x->area_type = r->col[RES_AREA_TYPE];
    x->parent_code = r->col[RES_PARENT_CODE];
    x->icb_code = r->col[RES_ICB_CODE];
    x->period = r->col[RES_PERIOD];
    x->sex = r->col[RES_SEX];
    x->age = r->col[RES_AGE];
    x->category_type = r->col[RES_CATEGORY_TYPE];
    x->category = r->col[RES_CATEGORY];
    x->value_note = r->col[RES_VALUE_NOTE];
    x->period_sortable = (int64_t)r->sortable;
    hg_period per;
    x->year_range =
        hg_period_parse(x->period, strlen(x->period), &per) == HG_OK && per.length_months >= 24
            ? per.length_months / 12
            : 1;
    x->value = r->num[RES_SLOT(RES_VALUE)];
    x->lower95 = r->num[RES_SLOT(RES_LOWER_CI95)];
    x->upper95 = r->num[RES_SLOT(RES_UPPER_CI95)];
    x->lower998 = r->num[RES_SLOT(RES_LOWER_CI998)];
    x->upper998 = r->num[RES_SLOT(RES_UPPER_CI998)];
    x->count = r->num[RES_SLOT(RES_COUNT)];
    x->denominator = r->num[RES_SLOT(RES_DENOMINATOR)];
  }
  hg_target_row *trows = NULL;
  size_t ntrows = 0;
  const char **unknown = NULL;
  st = hg_analyse_rows(a, n, reg, ntargets_inputs ? set : NULL, NULL, &trows, &ntrows, &unknown);
  if (st == HG_OK) {
    size_t nunknown = 0;
    for (; unknown && unknown[nunknown]; nunknown++)
      ;
    if (nunknown)
      run_warn(ctx, "analyse: %zu indicator(s) not in the registry, not compared (first: %s)",
               nunknown, unknown[0]);
    for (size_t i = 0; i < n; i++) {
      res_row *r = ctx->rows->pdata[i];
      hg_arow *x = &a[i];
      /* The publisher's labels (kept in the row) where ours are undecided. */
      x->compared_to_england =
          keep_publisher(x->compared_to_england, r->col[RES_COMPARED_TO_ENGLAND]);
      x->recent_trend = keep_publisher(x->recent_trend, r->col[RES_RECENT_TREND]);
      run_set_col(ctx, r, RES_COMPARED_TO_ENGLAND, x->compared_to_england);
      run_set_col(ctx, r, RES_COMPARED_TO_LONDON, x->compared_to_london);
      run_set_col(ctx, r, RES_COMPARED_TO_ICB, x->compared_to_icb);
      run_set_col(ctx, r, RES_BENCHMARK_QUINTILE, x->benchmark_quintile);
      run_set_col(ctx, r, RES_RECENT_TREND, x->recent_trend);
      run_set_col(ctx, r, RES_TARGET_ID, x->target_id);
      run_set_col(ctx, r, RES_TARGET_STATUS, x->target_status);
      /* The fitted change belongs to the series but is written on its latest
       * row: when that row's value is suppressed or missing it stays empty,
       * lest a blanked value come with a published change next to it. */
      if (isnan(r->num[RES_SLOT(RES_VALUE)]))
        x->annual_change = x->annual_change_lower = x->annual_change_upper = NAN;
      r->num[RES_SLOT(RES_ANNUAL_CHANGE)] = x->annual_change;
      r->num[RES_SLOT(RES_ANNUAL_CHANGE_LOWER)] = x->annual_change_lower;
      r->num[RES_SLOT(RES_ANNUAL_CHANGE_UPPER)] = x->annual_change_upper;
      /* Re-point the pooled copies, so the rows outlive nothing borrowed. */
      x->compared_to_england = r->col[RES_COMPARED_TO_ENGLAND];
      x->compared_to_london = r->col[RES_COMPARED_TO_LONDON];
      x->compared_to_icb = r->col[RES_COMPARED_TO_ICB];
      x->benchmark_quintile = r->col[RES_BENCHMARK_QUINTILE];
      x->recent_trend = r->col[RES_RECENT_TREND];
      x->target_id = r->col[RES_TARGET_ID];
      x->target_status = r->col[RES_TARGET_STATUS];
      x->compared_to_area = run_intern(ctx, x->compared_to_area);
      x->change_from_previous = run_intern(ctx, x->change_from_previous);
    }
  }
  if (st == HG_OK && ntargets_inputs) {
    /* Targets are about boroughs, ICBs, London and England: small areas are
     * mapped, not judged one by one (their rows would swamp the file). */
    size_t kept = 0;
    for (size_t i = 0; i < ntrows; i++)
      if (!g_str_has_prefix(trows[i].area_code, "E01") &&
          !g_str_has_prefix(trows[i].area_code, "E02"))
        trows[kept++] = trows[i];
    ntrows = kept;
    char *path = g_build_filename(ctx->staging, "results", "targets.csv", NULL);
    FILE *fp = fopen(path, "wb");
    if (!fp) {
      hg_error_set(err, path, 0, NULL, "cannot create: %s", strerror(errno));
      st = HG_ERR_IO;
    } else {
      st = hg_targets_write_csv(fp, trows, ntrows);
      if (fclose(fp) != 0 && st == HG_OK)
        st = HG_ERR_IO;
      if (st == HG_OK)
        g_ptr_array_add(ctx->outputs, g_strdup("results/targets.csv"));
      else
        hg_error_set(err, path, 0, NULL, "write failed");
    }
    g_free(path);
  }
  free(trows);
  free(unknown);
  hg_target_set_free(set);
  if (st == HG_OK) {
    ctx->arows = a;
    ctx->narows = n;
  } else {
    g_free(a);
  }
  return st;
}

/* results/inequalities.csv: the inequalities module over the result rows
 * (after disclosure control, so suppressed values count as missing): gaps and
 * SII/RII across deprivation quantiles, and each other breakdown (ethnic
 * groups...) against the [reference] group, with gap trends.  The module reads
 * a store, so the rows are put back into one. */
static hg_status inequalities(run_ctx *ctx, const hg_geo *geo, const hg_indicator_registry *reg,
                              hg_error *err) {
  hg_store *st = hg_store_new();
  if (!st)
    return HG_ERR_NOMEM;
  size_t nbreak = 0;
  for (guint i = 0; i < ctx->rows->len; i++) {
    res_row *r = ctx->rows->pdata[i];
    if (!*r->col[RES_CATEGORY])
      continue;
    nbreak++;
  }
  hg_status status = HG_OK;
  hg_ineq_results *res = hg_ineq_results_new();
  size_t skipped = 0, s2 = 0, ngrad = 0;
  if (!res) {
    status = HG_ERR_NOMEM;
    goto cleanup;
  }
  if (nbreak == 0)
    goto gradients;
  /* The breakdown rows and the totals of the same areas (the default reference). */
  for (guint i = 0; i < ctx->rows->len; i++) {
    res_row *r = ctx->rows->pdata[i];
    hg_obs o;
    hg_obs_init(&o);
#define IN(c) hg_store_intern(st, r->col[c], strlen(r->col[c]))
    o.indicator_id = IN(RES_INDICATOR_ID);
    o.area_code = IN(RES_AREA_CODE);
    o.period_text = IN(RES_PERIOD);
    o.sex = IN(RES_SEX);
    o.age = IN(RES_AGE);
    o.category_type = IN(RES_CATEGORY_TYPE);
    o.category = IN(RES_CATEGORY);
#undef IN
    if (hg_period_parse(r->col[RES_PERIOD], strlen(r->col[RES_PERIOD]), &o.period) != HG_OK &&
        hg_period_from_sortable((int64_t)r->sortable, &o.period) != HG_OK)
      continue;
    o.value = r->num[RES_SLOT(RES_VALUE)];
    o.lower95 = r->num[RES_SLOT(RES_LOWER_CI95)];
    o.upper95 = r->num[RES_SLOT(RES_UPPER_CI95)];
    o.lower998 = r->num[RES_SLOT(RES_LOWER_CI998)];
    o.upper998 = r->num[RES_SLOT(RES_UPPER_CI998)];
    o.count = r->num[RES_SLOT(RES_COUNT)];
    o.denominator = r->num[RES_SLOT(RES_DENOMINATOR)];
    o.value_state = isnan(o.value) ? HG_VALUE_MISSING : HG_VALUE_PRESENT;
    if ((status = hg_store_append(st, &o)) != HG_OK)
      goto cleanup;
  }
  hg_ineq_table_options o = {.by = HG_INEQ_BY_DEPRIVATION};
  o.measures.seed = ctx->cfg->seed;
  o.measures.confidence = 95;
  status = hg_ineq_from_store(st, &o, res, &skipped, err);
  if (status == HG_OK) {
    o.by = HG_INEQ_BY_CATEGORY;
    o.reference = hg_config_reference(ctx->cfg, "ethnicity");
    status = hg_ineq_from_store(st, &o, res, &s2, err);
  }
gradients:
  /* Area rows against the deprivation inputs (run_gradients.c). */
  if (status == HG_OK)
    run_gradients(ctx, geo, reg, res, &ngrad);
  if (status == HG_OK)
    status = hg_ineq_apply_gap_trends(res, 0.95);
  if (status == HG_OK && hg_ineq_results_size(res) > 0) {
    char *path = g_build_filename(ctx->staging, "results", "inequalities.csv", NULL);
    FILE *fp = fopen(path, "wb");
    if (!fp) {
      hg_error_set(err, path, 0, NULL, "cannot create: %s", strerror(errno));
      status = HG_ERR_IO;
    } else {
      status = hg_ineq_write_csv(res, fp, 1);
      if (fclose(fp) != 0 && status == HG_OK)
        status = HG_ERR_IO;
      if (status == HG_OK)
        g_ptr_array_add(ctx->outputs, g_strdup("results/inequalities.csv"));
    }
    g_free(path);
    if (skipped + s2)
      run_warn(ctx,
               "inequalities: %zu group(s) could not be computed (a quantile, the "
               "reference or limits missing)",
               skipped + s2);
  }
cleanup:
  hg_ineq_results_free(res);
  hg_store_free(st);
  return status;
}

hg_status run_analyse(run_ctx *ctx, hg_error *err) {
  hg_status st = HG_OK;
  const hg_geo *geo = ctx->geo;
  const hg_indicator_registry *reg = ctx->registry;

  for (guint i = 0; i < ctx->rows->len; i++) {
    res_row *r = ctx->rows->pdata[i];
    const hg_indicator_meta *m = hg_indicator_registry_find(reg, r->col[RES_INDICATOR_ID]);
    /* Derived rows (from counts inputs) carry a name made from the file; the
     * registry's, where a metadata input gives one, says more (SYNTHETIC). */
    int derived = r->input < ctx->files->len &&
                  ((run_file *)ctx->files->pdata[r->input])->in->role == HG_ROLE_COUNTS;
    if (m && (!*r->col[RES_INDICATOR_NAME] || derived))
      run_set_col(ctx, r, RES_INDICATOR_NAME, m->name);
    if (!geo)
      continue;
    const char *code = r->col[RES_AREA_CODE];
    if (!*r->col[RES_AREA_NAME] && hg_geo_name(geo, code))
      run_set_col(ctx, r, RES_AREA_NAME, hg_geo_name(geo, code));
    if (!*r->col[RES_AREA_TYPE] && hg_geo_has(geo, code))
      run_set_col(ctx, r, RES_AREA_TYPE, hg_geo_level_name(hg_geo_level_get(geo, code)));
    /* Fingertips' parent of a borough is its region; the ICB has its own column. */
    const char *parent = hg_geo_level_get(geo, code) == HG_GEO_LAD
                             ? hg_geo_ancestor(geo, code, HG_GEO_REGION)
                             : hg_geo_parent(geo, code);
    if (!*r->col[RES_PARENT_CODE] && parent)
      run_set_col(ctx, r, RES_PARENT_CODE, parent);
    const char *icb = hg_geo_ancestor(geo, code, HG_GEO_ICB);
    if (icb)
      run_set_col(ctx, r, RES_ICB_CODE, icb);
  }
  /* Inequalities first: the deprivation gradients add their quantiles as
   * category rows (run_gradients.c), which are then analysed and written
   * with the rest. */
  st = inequalities(ctx, geo, reg, err);
  if (st == HG_OK)
    st = analyse_rows(ctx, reg, err);
  return st;
}
