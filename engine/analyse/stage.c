/* analyse/stage.c: the analyse stage of a run, over the merged result rows.
 *
 * Puts the rows in their final order (one per key) and applies disclosure
 * control, so that nothing suppressed is compared or written; fills names and
 * codes from the area hierarchy and the indicator registry (both built by
 * ingest); computes the inequalities (breakdowns and deprivation gradients);
 * then hands the rows to hg_analyse_rows (comparisons with England, London and
 * the ICB, quintiles, recent trend, annual change, change from the previous
 * period, targets).  Where a comparison or trend cannot be made (no limits or
 * counts, as in the borough series that carry values only) the publisher's
 * own label is kept: a label is never invented from data that cannot support
 * it.  The results stay in the run state (ctx->arows, ctx->ineq,
 * ctx->target_rows) for render and publish; nothing is written here.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/analyse.h"
#include "healthgap/geography.h"
#include "healthgap/indicator_registry.h"
#include "healthgap/inequalities.h"
#include "healthgap/targets.h"
#include "healthgap/store.h"
#include "analyse/stage.h"

/* Names, area types, parents and ICBs from the registry and the hierarchy,
 * where the inputs left them empty. */
static void fill_names_and_codes(run_ctx *ctx) {
  const hg_geo *geo = ctx->geo;
  for (guint i = 0; i < ctx->rows->len; i++) {
    res_row *r = ctx->rows->pdata[i];
    const hg_indicator_meta *m =
        hg_indicator_registry_find(ctx->registry, r->txt[RES_TXT_INDICATOR_ID]);
    /* Derived rows (from counts inputs) carry a name made from the file; the
     * registry's, where a metadata input gives one, says more (SYNTHETIC). */
    int derived = r->input < ctx->files->len &&
                  ((run_file *)ctx->files->pdata[r->input])->in->role == HG_ROLE_COUNTS;
    if (m && (!*r->txt[RES_TXT_INDICATOR_NAME] || derived))
      run_set_col(ctx, r, RES_INDICATOR_NAME, m->name);
    if (!geo)
      continue;
    const char *code = r->txt[RES_TXT_AREA_CODE];
    if (!*r->txt[RES_TXT_AREA_NAME] && hg_geo_name(geo, code))
      run_set_col(ctx, r, RES_AREA_NAME, hg_geo_name(geo, code));
    if (!*r->txt[RES_TXT_AREA_TYPE] && hg_geo_has(geo, code))
      run_set_col(ctx, r, RES_AREA_TYPE, hg_geo_level_name(hg_geo_level_get(geo, code)));
    /* Fingertips' parent of a borough is its region; the ICB has its own column. */
    const char *parent = hg_geo_level_get(geo, code) == HG_GEO_LAD
                             ? hg_geo_ancestor(geo, code, HG_GEO_REGION)
                             : hg_geo_parent(geo, code);
    if (!*r->txt[RES_TXT_PARENT_CODE] && parent)
      run_set_col(ctx, r, RES_PARENT_CODE, parent);
    const char *icb = hg_geo_ancestor(geo, code, HG_GEO_ICB);
    if (icb)
      run_set_col(ctx, r, RES_ICB_CODE, icb);
  }
}

/* ---- inequalities ---- */

/* The rows the sex and age gaps can use: headline rows (no category) of
 * areas that are not small areas, whose gaps run_sex_age_gaps drops anyway.
 * An input of LSOAs or MSOAs is almost all small-area rows, and each would
 * otherwise be copied into a store, then into a row and a group of its own. */
static int gap_row(const res_row *r) {
  const char *a = r->txt[RES_TXT_AREA_CODE];
  return !*r->txt[RES_TXT_CATEGORY] && !g_str_has_prefix(a, "E01") && !g_str_has_prefix(a, "E02");
}

/* The result rows that keep(r) (NULL: all) put back into a store, for the
 * inequalities module (which reads one).  Rows whose period cannot be timed
 * are left out. */
static hg_status rows_to_store(const run_ctx *ctx, hg_store *st, int (*keep)(const res_row *)) {
  for (guint i = 0; i < ctx->rows->len; i++) {
    const res_row *r = ctx->rows->pdata[i];
    if (keep && !keep(r))
      continue;
    hg_obs o;
    hg_obs_init(&o);
#define IN(c) hg_store_intern(st, r->txt[c], strlen(r->txt[c]))
    o.indicator_id = IN(RES_TXT_INDICATOR_ID);
    o.area_code = IN(RES_TXT_AREA_CODE);
    o.period_text = IN(RES_TXT_PERIOD);
    o.sex = IN(RES_TXT_SEX);
    o.age = IN(RES_TXT_AGE);
    o.category_type = IN(RES_TXT_CATEGORY_TYPE);
    o.category = IN(RES_TXT_CATEGORY);
#undef IN
    if (hg_period_parse(r->txt[RES_TXT_PERIOD], strlen(r->txt[RES_TXT_PERIOD]), &o.period) !=
            HG_OK &&
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
    hg_status s = hg_store_append(st, &o);
    if (s != HG_OK)
      return s;
  }
  return HG_OK;
}

/* Gaps and SII/RII across deprivation quantiles, and each other breakdown
 * (ethnic groups...) against the [reference] group, of the breakdown rows
 * (and the totals of the same areas, the default reference); *skipped =
 * groups that could not be computed. */
static hg_status breakdowns(run_ctx *ctx, hg_ineq_results *res, size_t *skipped, hg_error *err) {
  *skipped = 0;
  int any = 0;
  for (guint i = 0; i < ctx->rows->len && !any; i++)
    any = *((res_row *)ctx->rows->pdata[i])->txt[RES_TXT_CATEGORY] != '\0';
  /* One store at a time: the gaps' (few rows), then, with categories, all. */
  hg_store *st = hg_store_new();
  if (!st)
    return HG_ERR_NOMEM;
  hg_status status = rows_to_store(ctx, st, gap_row);
  size_t s1 = 0, s2 = 0, s3 = 0;
  if (status == HG_OK)
    status = run_sex_age_gaps(ctx, st, res, &s3, err); /* inequalities_run.c */
  hg_store_free(st);
  st = NULL;
  if (status == HG_OK && any) {
    if (!(st = hg_store_new()))
      return HG_ERR_NOMEM;
    status = rows_to_store(ctx, st, NULL);
  }
  hg_ineq_table_options o = {.by = HG_INEQ_BY_DEPRIVATION};
  o.measures.seed = ctx->cfg->seed;
  o.measures.confidence = 95;
  if (status == HG_OK && any)
    status = hg_ineq_from_store(st, &o, res, &s1, err);
  if (status == HG_OK && any) {
    o.by = HG_INEQ_BY_CATEGORY;
    o.reference = hg_config_reference(ctx->cfg, "ethnicity");
    status = hg_ineq_from_store(st, &o, res, &s2, err);
  }
  hg_store_free(st);
  *skipped = s1 + s2 + s3;
  return status;
}

/* The rows of results/inequalities.csv into ctx->ineq (sorted; NULL when
 * there are none), after disclosure control, so that suppressed values count
 * as missing.  The deprivation gradients (gradients.c) also add their
 * quantiles to ctx->rows as category rows, to be analysed with the rest. */
static hg_status inequalities(run_ctx *ctx, hg_error *err) {
  hg_ineq_results *res = hg_ineq_results_new();
  if (!res)
    return HG_ERR_NOMEM;
  size_t skipped = 0, ngrad = 0;
  hg_status st = breakdowns(ctx, res, &skipped, err);
  if (st == HG_OK)
    run_gradients(ctx, ctx->geo, ctx->registry, res, &ngrad);
  size_t narr = 0;
  if (st == HG_OK && (st = run_arriaga_rows(ctx, res, &narr, err)) == HG_OK && narr)
    run_warn(ctx,
             "inequalities: %zu life expectancy gap decomposition(s) not made (an area "
             "without counts, or a life table refused)",
             narr);
  if (st == HG_OK)
    st = hg_ineq_apply_gap_trends(res, 0.95);
  if (st != HG_OK || hg_ineq_results_size(res) == 0) {
    hg_ineq_results_free(res);
    return st;
  }
  if (skipped)
    run_warn(ctx,
             "inequalities: %zu group(s) could not be computed (a quantile, the "
             "reference or limits missing)",
             skipped);
  hg_ineq_results_sort(res);
  ctx->ineq = res;
  return HG_OK;
}

/* ---- benchmarks, trends and targets ---- */

/* The targets inputs' tables as one set into ctx->targets (NULL without any). */
static hg_status load_targets(run_ctx *ctx, hg_error *err) {
  hg_target_set *set = NULL;
  hg_status st = HG_OK;
  for (guint i = 0; i < ctx->files->len && st == HG_OK; i++) {
    run_file *f = ctx->files->pdata[i];
    if (f->in->role != HG_ROLE_TARGETS)
      continue;
    if (!set && !(set = hg_target_set_new()))
      return HG_ERR_NOMEM;
    st = hg_target_set_load_table(set, f->table, err);
  }
  if (st != HG_OK)
    hg_target_set_free(set);
  else
    ctx->targets = set;
  return st;
}

/* Targets are about boroughs, ICBs, London and England: small areas are
 * mapped, not judged one by one (their rows would swamp results/targets.csv).
 * The kept rows go to ctx->target_rows in their file order; trows is taken. */
static void keep_target_rows(run_ctx *ctx, hg_target_row *trows, size_t ntrows) {
  size_t kept = 0;
  for (size_t i = 0; i < ntrows; i++)
    if (!g_str_has_prefix(trows[i].area_code, "E01") &&
        !g_str_has_prefix(trows[i].area_code, "E02"))
      trows[kept++] = trows[i];
  hg_target_rows_sort(trows, kept);
  ctx->target_rows = trows;
  ctx->ntarget_rows = kept;
}

/* Benchmarks, quintiles, trends, annual change, change from the previous
 * period and targets over the result rows (arows.c, an indicator at a time):
 * into the rows, ctx->order and, with targets inputs, ctx->target_rows. */
static hg_status analyse_rows(run_ctx *ctx, hg_error *err) {
  hg_status st = load_targets(ctx, err);
  if (st != HG_OK)
    return st;
  hg_target_row *trows = NULL;
  size_t ntrows = 0;
  if ((st = run_analyse_by_indicator(ctx, &trows, &ntrows)) != HG_OK) {
    free(trows);
    return st;
  }
  if (ctx->targets) {
    if ((trows = run_cover_targets(ctx, trows, &ntrows)) == NULL)
      return HG_ERR_NOMEM;
    keep_target_rows(ctx, trows, ntrows);
  } else
    free(trows);
  return HG_OK;
}

hg_status run_analyse(run_ctx *ctx, hg_error *err) {
  run_release_freed(); /* the stores ingest freed, before the analysis allocates */
  run_sort_results(ctx);
  run_disclosure(ctx);
  fill_names_and_codes(ctx);
  run_completeness(ctx);
  /* Inequalities first: the deprivation gradients add their quantiles as
   * category rows (gradients.c), which are then analysed and written with
   * the rest. */
  hg_status st = inequalities(ctx, err);
  if (st == HG_OK)
    st = analyse_rows(ctx, err);
  if (st == HG_OK)
    run_statement(ctx);
  return st;
}

void run_analyse_clear(run_ctx *ctx) {
  g_free(ctx->arows);
  ctx->arows = NULL;
  g_free(ctx->order);
  ctx->order = NULL;
  ctx->narows = 0;
  hg_ineq_results_free(ctx->ineq);
  ctx->ineq = NULL;
  free(ctx->target_rows);
  ctx->target_rows = NULL;
  ctx->ntarget_rows = 0;
  hg_target_set_free(ctx->targets);
  ctx->targets = NULL;
}
