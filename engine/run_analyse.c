/* run_analyse.c: the analyse stage of a run, over the merged result rows.
 *
 * Reads the lookup, metadata and targets inputs and fills, per row: names and
 * codes from the area hierarchy and the indicator registry; compared_to_england,
 * compared_to_london and compared_to_icb (the benchmark branch's Fingertips
 * comparators, method and polarity from the registry); target_id and
 * target_status on the latest point of each series a target applies to, with
 * results/targets.csv.  Where a comparison cannot be made (no limits, as in the
 * borough series that carry values only) the publisher's own label is kept
 * and never invented (DESIGN.md, "Know the data's limits").
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "healthgap/benchmark.h"
#include "healthgap/csvout.h"
#include "healthgap/geography.h"
#include "healthgap/indicator_registry.h"
#include "healthgap/targets.h"
#include "healthgap/trend.h"
#include "healthgap/store.h"
#include "run_internal.h"

/* Which standard lookup a CSV is, from its header. */
static hg_status load_geography(run_ctx *ctx, hg_geo **out, hg_error *err) {
  hg_geo_london_paths paths = {0};
  for (guint i = 0; i < ctx->files->len; i++) {
    run_file *f = ctx->files->pdata[i];
    if (f->in->role != HG_ROLE_LOOKUP)
      continue;
    hg_table *t = NULL;
    hg_table_options o = {.max_bytes = 0};
    if (hg_table_read(f->path, &o, &t, err) != HG_OK)
      return HG_ERR_IO;
    if (hg_table_col(t, "LSOA11CD") >= 0 && hg_table_col(t, "MSOA11CD") >= 0)
      paths.lsoa11_msoa11_lad = f->path;
    else if (hg_table_col(t, "MSOA21CD") >= 0)
      paths.msoa21_lad23 = f->path;
    else if (hg_table_col(t, "ICB_code") >= 0)
      paths.borough_icb = f->path;
    else
      run_warn(ctx, "lookup %s: not a known lookup layout; not used", f->display);
    hg_table_free(t);
  }
  *out = NULL;
  if (!paths.lsoa11_msoa11_lad && !paths.msoa21_lad23 && !paths.borough_icb)
    return HG_OK;
  hg_geo *g = hg_geo_new();
  hg_status st = hg_geo_load_london(g, &paths, err);
  if (st != HG_OK) {
    hg_geo_free(g);
    return st;
  }
  *out = g;
  return HG_OK;
}

static char *bench_key(const res_row *r, const char *area) {
  return g_strjoin("\x1f", r->col[RES_INDICATOR_ID], r->col[RES_PERIOD], r->col[RES_SEX],
                   r->col[RES_AGE], r->col[RES_CATEGORY_TYPE], r->col[RES_CATEGORY], area, NULL);
}

static char *series_key(const res_row *r) {
  return g_strjoin("\x1f", r->col[RES_INDICATOR_ID], r->col[RES_AREA_CODE], r->col[RES_SEX],
                   r->col[RES_AGE], r->col[RES_CATEGORY_TYPE], r->col[RES_CATEGORY], NULL);
}

/* One comparison of row r with the reference row ref: the label, or NULL
 * when there is no reference row; *made = 0 when the method could not compare
 * (no limits, polarity not applicable: the label is then "Not compared"). */
static const char *compare(const res_row *r, const res_row *ref, const hg_indicator_meta *m,
                           int *made) {
  *made = 0;
  if (!ref || !m)
    return NULL;
  hg_benchmark_input in = {
      .area_code = r->col[RES_AREA_CODE], .reference_code = ref->col[RES_AREA_CODE],
      .value = r->num[RES_SLOT(RES_VALUE)], .lower95 = r->num[RES_SLOT(RES_LOWER_CI95)],
      .upper95 = r->num[RES_SLOT(RES_UPPER_CI95)], .lower998 = r->num[RES_SLOT(RES_LOWER_CI998)],
      .upper998 = r->num[RES_SLOT(RES_UPPER_CI998)], .denominator = r->num[RES_SLOT(RES_DENOMINATOR)],
      .reference_value = ref->num[RES_SLOT(RES_VALUE)], .multiplier = m->multiplier};
  hg_comparison c = hg_benchmark_compare(&in, m->comparator, m->polarity);
  *made = c.compared;
  return hg_benchmark_label(c, m->polarity);
}

static void benchmark(run_ctx *ctx, const hg_indicator_registry *reg) {
  GHashTable *idx = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < ctx->rows->len; i++) {
    res_row *r = ctx->rows->pdata[i];
    g_hash_table_insert(idx, bench_key(r, r->col[RES_AREA_CODE]), r);
  }
  size_t ours = 0;
  for (guint i = 0; i < ctx->rows->len; i++) {
    res_row *r = ctx->rows->pdata[i];
    const hg_indicator_meta *m = hg_indicator_registry_find(reg, r->col[RES_INDICATOR_ID]);
    if (!m)
      continue;
    static const struct { int col; const char *ref; } refs[] = {
        {RES_COMPARED_TO_ENGLAND, "E92000001"}, {RES_COMPARED_TO_LONDON, "E12000007"},
        {RES_COMPARED_TO_ICB, NULL}};
    for (size_t k = 0; k < G_N_ELEMENTS(refs); k++) {
      const char *code = refs[k].ref ? refs[k].ref : r->col[RES_ICB_CODE];
      const char *self = r->col[RES_AREA_CODE];
      /* Never an area against itself, and London only for areas in London
       * (England has no parent to be compared with, as in Fingertips). */
      if (!*code || strcmp(code, self) == 0 ||
          (refs[k].col == RES_COMPARED_TO_LONDON &&
           (g_str_has_prefix(self, "E92") || g_str_has_prefix(self, "E12"))))
        continue;
      char *key = bench_key(r, code);
      int made;
      const char *label = compare(r, g_hash_table_lookup(idx, key), m, &made);
      g_free(key);
      /* Ours when made; "Not compared" (as Fingertips writes it) only where
       * the publisher gave no label of its own. */
      if (label && (made || !*r->col[refs[k].col]))
        run_set_col(ctx, r, refs[k].col, label);
      ours += made;
    }
  }
  g_hash_table_destroy(idx);
  if (ours == 0)
    run_warn(ctx, "analyse: no benchmark comparisons could be made (no confidence limits)");
}

typedef struct {
  GPtrArray *rows; /* res_row*, ascending period */
} series;

static void series_free(gpointer p) {
  series *s = p;
  g_ptr_array_free(s->rows, TRUE);
  g_free(s);
}

/* Every series (indicator, area, sex, age, breakdown) in result order; the
 * rows are sorted, so each series' rows come in ascending period. */
static GPtrArray *build_series(run_ctx *ctx) {
  GHashTable *ser = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *order = g_ptr_array_new_with_free_func(series_free);
  for (guint i = 0; i < ctx->rows->len; i++) {
    res_row *r = ctx->rows->pdata[i];
    char *k = series_key(r);
    series *s = g_hash_table_lookup(ser, k);
    if (!s) {
      s = g_new0(series, 1);
      s->rows = g_ptr_array_new();
      g_hash_table_insert(ser, k, s);
      g_ptr_array_add(order, s);
    } else {
      g_free(k);
    }
    g_ptr_array_add(s->rows, r);
  }
  g_hash_table_destroy(ser);
  return order;
}

/* Recent trend (Fingertips' method) and average annual change on the latest
 * point of each series.  Where ours cannot be calculated the publisher's
 * label stays. */
static void trends(run_ctx *ctx, const hg_indicator_registry *reg, GPtrArray *order) {
  size_t made = 0;
  for (guint k = 0; k < order->len; k++) {
    series *s = order->pdata[k];
    size_t n = s->rows->len;
    res_row *last = s->rows->pdata[n - 1];
    const hg_indicator_meta *m = hg_indicator_registry_find(reg, last->col[RES_INDICATOR_ID]);
    if (!m)
      continue;
    hg_trend_point *pts = g_new(hg_trend_point, n);
    double *yr = g_new(double, n), *v = g_new(double, n), *lo = g_new(double, n),
           *hi = g_new(double, n);
    int year_range = 1;
    for (size_t p = 0; p < n; p++) {
      res_row *r = s->rows->pdata[p];
      pts[p] = (hg_trend_point){r->num[RES_SLOT(RES_VALUE)], r->num[RES_SLOT(RES_LOWER_CI95)],
                                r->num[RES_SLOT(RES_UPPER_CI95)], r->num[RES_SLOT(RES_COUNT)],
                                r->num[RES_SLOT(RES_DENOMINATOR)]};
      hg_period per;
      if (hg_period_parse(r->col[RES_PERIOD], strlen(r->col[RES_PERIOD]), &per) == HG_OK) {
        yr[p] = hg_period_mid_year(&per);
        if (per.length_months > 12)
          year_range = per.length_months / 12;
      } else {
        yr[p] = floor(r->sortable / 10000.0) + 0.5;
      }
      v[p] = pts[p].value;
      lo[p] = pts[p].lower95;
      hi[p] = pts[p].upper95;
    }
    hg_trend_options to = {.value_type = m->value_type, .year_range = year_range,
                           .comparator = m->comparator};
    hg_trend tr;
    if (hg_recent_trend(pts, n, &to, &tr) == HG_OK &&
        (tr.result != HG_TREND_CANNOT_CALCULATE || !*last->col[RES_RECENT_TREND]) && n > 1) {
      run_set_col(ctx, last, RES_RECENT_TREND, hg_trend_label(tr.result, m->polarity));
      made += tr.result != HG_TREND_CANNOT_CALCULATE;
    }
    hg_annual_change ac;
    if (n >= 2 && hg_annual_change_fit(yr, v, lo, hi, n, 0.95, &ac) == HG_OK) {
      last->num[RES_SLOT(RES_ANNUAL_CHANGE)] = ac.slope;
      last->num[RES_SLOT(RES_ANNUAL_CHANGE_LOWER)] = ac.lower;
      last->num[RES_SLOT(RES_ANNUAL_CHANGE_UPPER)] = ac.upper;
    }
    g_free(pts);
    g_free(yr);
    g_free(v);
    g_free(lo);
    g_free(hi);
  }
  if (made == 0)
    run_warn(ctx, "analyse: no recent trend could be calculated (needs counts and denominators)");
}

static hg_status targets(run_ctx *ctx, GPtrArray *order, hg_error *err) {
  hg_target_set *set = hg_target_set_new();
  hg_status st = HG_OK;
  size_t nloaded = 0;
  for (guint i = 0; i < ctx->files->len && st == HG_OK; i++) {
    run_file *f = ctx->files->pdata[i];
    if (f->in->role == HG_ROLE_TARGETS) {
      st = hg_target_set_load_csv(set, f->path, err);
      nloaded++;
    }
  }
  if (st != HG_OK || nloaded == 0) {
    hg_target_set_free(set);
    return st;
  }
  GArray *out = g_array_new(FALSE, TRUE, sizeof(hg_target_row));
  for (size_t t = 0; t < hg_target_set_size(set); t++) {
    const hg_target *tg = hg_target_set_at(set, t);
    for (guint k = 0; k < order->len; k++) {
      series *s = order->pdata[k];
      res_row *first = s->rows->pdata[0];
      if (*first->col[RES_CATEGORY])
        continue; /* targets are about totals, not breakdowns */
      /* Targets are about boroughs, London and England: small areas (LSOA,
       * MSOA) are mapped, not judged one by one. */
      const char *ac = first->col[RES_AREA_CODE];
      if (!tg->indicator_id || strcmp(first->col[RES_INDICATOR_ID], tg->indicator_id) != 0 ||
          g_str_has_prefix(ac, "E01") || g_str_has_prefix(ac, "E02") ||
          !hg_target_applies(tg, ac))
        continue;
      size_t n = s->rows->len;
      double *yr = g_new(double, n), *v = g_new(double, n), *lo = g_new(double, n),
             *hi = g_new(double, n);
      for (size_t p = 0; p < n; p++) {
        res_row *r = s->rows->pdata[p];
        yr[p] = floor(r->sortable / 10000.0);
        v[p] = r->num[RES_SLOT(RES_VALUE)];
        lo[p] = r->num[RES_SLOT(RES_LOWER_CI95)];
        hi[p] = r->num[RES_SLOT(RES_UPPER_CI95)];
      }
      hg_target_eval ev;
      if (hg_target_evaluate(tg, yr, v, lo, hi, n, &ev) == HG_OK) {
        res_row *latest = s->rows->pdata[ev.latest < n ? ev.latest : n - 1];
        hg_target_row row = {.target_id = tg->target_id,
                             .indicator_id = tg->indicator_id,
                             .area_code = latest->col[RES_AREA_CODE],
                             .latest_period = latest->col[RES_PERIOD],
                             .latest_value = ev.latest_value,
                             .target_value = ev.limit,
                             .target_year = tg->target_year,
                             .rag = ev.rag,
                             .projected_value = ev.projected,
                             .projected_lower = ev.projected_lower,
                             .projected_upper = ev.projected_upper,
                             .status = hg_target_status_name(ev.status)};
        g_array_append_val(out, row);
        /* indicators.csv carries one target per row: the first in the table. */
        if (!*latest->col[RES_TARGET_ID]) {
          run_set_col(ctx, latest, RES_TARGET_ID, tg->target_id);
          run_set_col(ctx, latest, RES_TARGET_STATUS, hg_target_status_name(ev.status));
        }
      }
      g_free(yr);
      g_free(v);
      g_free(lo);
      g_free(hi);
    }
  }
  char *path = g_build_filename(ctx->staging, "results", "targets.csv", NULL);
  FILE *fp = fopen(path, "wb");
  if (!fp) {
    hg_error_set(err, path, 0, NULL, "cannot create: %s", strerror(errno));
    st = HG_ERR_IO;
  } else {
    st = hg_targets_write_csv(fp, (hg_target_row *)(void *)out->data, out->len);
    if (fclose(fp) != 0 && st == HG_OK)
      st = HG_ERR_IO;
    if (st == HG_OK)
      g_ptr_array_add(ctx->outputs, g_strdup("results/targets.csv"));
    else
      hg_error_set(err, path, 0, NULL, "write failed");
  }
  g_free(path);
  g_array_free(out, TRUE);
  hg_target_set_free(set);
  return st;
}

hg_status run_analyse(run_ctx *ctx, hg_error *err) {
  hg_status st = HG_OK;
  hg_geo *geo = NULL;
  hg_indicator_registry *reg = hg_indicator_registry_new();
  if (!reg)
    return HG_ERR_NOMEM;
  for (guint i = 0; i < ctx->files->len && st == HG_OK; i++) {
    run_file *f = ctx->files->pdata[i];
    if (f->in->role == HG_ROLE_METADATA)
      st = hg_indicator_registry_load_csv(reg, f->path, err);
  }
  if (st == HG_OK)
    st = load_geography(ctx, &geo, err);
  if (st != HG_OK)
    goto cleanup;

  for (guint i = 0; i < ctx->rows->len; i++) {
    res_row *r = ctx->rows->pdata[i];
    const hg_indicator_meta *m = hg_indicator_registry_find(reg, r->col[RES_INDICATOR_ID]);
    if (m && !*r->col[RES_INDICATOR_NAME])
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
  benchmark(ctx, reg);
  GPtrArray *order = build_series(ctx);
  trends(ctx, reg, order);
  st = targets(ctx, order, err);
  g_ptr_array_free(order, TRUE);

cleanup:
  hg_geo_free(geo);
  hg_indicator_registry_free(reg);
  return st;
}
