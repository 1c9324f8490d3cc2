/* render/pages_targets.c: the targets pages of a pack, from the run's target
 * results (results/targets.csv rows, ctx->target_rows) and the series they
 * judge (ctx->rows):
 *
 *   - the tracker table (charts/tracker.c): one row per target and sex, one
 *     column per area (London pack: England, London and its ICBs; ICB pack:
 *     the ICB and its boroughs), each cell with the area's latest value and
 *     period, its status and its own target value.  The row names the target
 *     as defined ("increase by 5 years from 2022"), never one area's value:
 *     a relative target has a different value for every area;
 *   - one trajectory chart per dated target and sex (charts/trajectory.c):
 *     each area's history with its limits, the fitted trend and its 95%
 *     prediction interval up to the target year (indicators/projection.c,
 *     the fit the status came from), the target and the target year.
 *
 * Chart specs here point into memory the page owns: every block is kept in
 * the page's lines array (a chart page has no text lines; page_free frees
 * them with the page). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "healthgap/projection.h"
#include "healthgap/targets.h"
#include "healthgap/text.h"
#include "render/pages_targets.h"
#include "render/render.h"

#define ENGLAND "E92000001"
#define LONDON "E12000007"

static const char *txt(const char *s) {
  return s ? s : "";
}

/* ---- the projection drawn (tested against the reference fit) ---- */

size_t render_trajectory_fit(hg_projection_method method, double scale, const double *years,
                             const double *value, const double *lower, const double *upper,
                             size_t n, double target_year, hg_chart_point **out) {
  *out = NULL;
  hg_projection p;
  if (target_year <= 0 ||
      hg_projection_fit(method, scale, years, value, lower, upper, n, &p) != HG_OK)
    return 0;
  size_t cap = (size_t)fmax(0, ceil(target_year - p.first)) + 2, k = 0;
  hg_chart_point *pts = g_new(hg_chart_point, cap);
  for (size_t i = 0; i < cap; i++) {
    double x = i + 1 < cap ? p.first + (double)i : target_year;
    if (x > target_year)
      x = target_year;
    if (k && x <= pts[k - 1].x)
      continue;
    hg_chart_point q;
    hg_chart_point_init(&q);
    q.x = x;
    if (hg_projection_at(&p, x, &q.value, &q.lower, &q.upper) != HG_OK)
      break; /* beyond the horizon: the trend stops there */
    pts[k++] = q;
  }
  *out = pts;
  return k;
}

/* ---- the areas and rows of a pack ---- */

static gint cmp_code(gconstpointer a, gconstpointer b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The columns: London's pack shows England, London and the ICBs (from the
 * lookup, in code order); an ICB pack its own areas as given. */
static GPtrArray *column_areas(const render *R, const char *const *areas, size_t nareas) {
  GPtrArray *cols = g_ptr_array_new();
  int london = 0;
  for (size_t k = 0; k < nareas; k++)
    london |= strcmp(areas[k], LONDON) == 0;
  if (!london) {
    for (size_t k = 0; k < nareas; k++)
      g_ptr_array_add(cols, (gpointer)areas[k]);
    return cols;
  }
  g_ptr_array_add(cols, (gpointer)ENGLAND);
  g_ptr_array_add(cols, (gpointer)LONDON);
  GPtrArray *icbs = g_ptr_array_new();
  long ci = R->icb_lookup ? hg_table_col(R->icb_lookup, "ICB_code") : -1;
  for (size_t i = 0; ci >= 0 && i < hg_table_nrows(R->icb_lookup); i++) {
    const char *c = hg_table_cell(R->icb_lookup, i, (size_t)ci);
    gboolean seen = FALSE;
    for (guint k = 0; k < icbs->len && !seen; k++)
      seen = strcmp(icbs->pdata[k], c) == 0;
    if (!seen)
      g_ptr_array_add(icbs, (gpointer)c);
  }
  g_ptr_array_sort(icbs, cmp_code);
  for (guint k = 0; k < icbs->len; k++)
    g_ptr_array_add(cols, icbs->pdata[k]);
  g_ptr_array_free(icbs, TRUE);
  return cols;
}

static int in_cols(const GPtrArray *cols, const char *code) {
  for (guint k = 0; k < cols->len; k++)
    if (strcmp(cols->pdata[k], txt(code)) == 0)
      return 1;
  return 0;
}

/* One row of the tracker: a target and a sex with a value in some column. */
typedef struct trow {
  const char *target_id, *sex;
} trow;

static GArray *tracker_rows(const run_ctx *ctx, const GPtrArray *cols) {
  GArray *rows = g_array_new(FALSE, FALSE, sizeof(trow));
  for (size_t i = 0; i < ctx->ntarget_rows; i++) {
    const hg_target_row *t = &ctx->target_rows[i];
    if (!in_cols(cols, t->area_code) || isnan(t->latest_value) || !*txt(t->sex))
      continue;
    gboolean seen = FALSE;
    for (guint k = 0; k < rows->len && !seen; k++) {
      const trow *r = &g_array_index(rows, trow, k);
      seen = strcmp(r->target_id, t->target_id) == 0 && strcmp(r->sex, t->sex) == 0;
    }
    if (!seen) {
      trow r = {t->target_id, t->sex};
      g_array_append_val(rows, r);
    }
  }
  return rows;
}

/* The target row of an area (the sex's, else the row that says why there is none). */
static const hg_target_row *find_row(const run_ctx *ctx, const trow *k, const char *area) {
  const hg_target_row *why = NULL;
  for (size_t i = 0; i < ctx->ntarget_rows; i++) {
    const hg_target_row *t = &ctx->target_rows[i];
    if (strcmp(t->target_id, k->target_id) || strcmp(txt(t->area_code), area))
      continue;
    if (strcmp(txt(t->sex), k->sex) == 0)
      return t;
    if (!*txt(t->sex))
      why = t;
  }
  return why;
}

static const hg_target *find_target(const run_ctx *ctx, const char *id) {
  for (size_t i = 0; ctx->targets && i < hg_target_set_size(ctx->targets); i++)
    if (strcmp(hg_target_set_at(ctx->targets, i)->target_id, id) == 0)
      return hg_target_set_at(ctx->targets, i);
  return NULL;
}

/* The target as defined, the same for every area ("at most 10 µg/m³ by
 * 2030"); a targets file's ASCII "ug/m3" is printed as the axes print it. */
static char *target_rule(const hg_target *t) {
  char year[32] = "";
  if (t->target_year)
    snprintf(year, sizeof year, " by %d", t->target_year);
  const char *u = t->unit && *t->unit ? render_unit_text(t->unit) : "";
  const char *sp = *u && strcmp(u, "%") ? " " : "";
  switch (t->direction) {
  case HG_TARGET_AT_MOST:
    return g_strdup_printf("at most %g%s%s%s", t->target_value, sp, u, year);
  case HG_TARGET_AT_LEAST:
    return g_strdup_printf("at least %g%s%s%s", t->target_value, sp, u, year);
  case HG_TARGET_NARROW:
    return g_strdup_printf("narrower than in %d%s", t->baseline_year, year);
  case HG_TARGET_INCREASE_BY:
    return g_strdup_printf("up %g%s%s on %d%s", t->target_value, sp, u, t->baseline_year, year);
  case HG_TARGET_DECREASE_BY_PERCENT:
    return g_strdup_printf("down %g%% on %d%s", t->target_value, t->baseline_year, year);
  }
  return g_strdup("");
}

static hg_chart_sig status_sig(const char *status) {
  static const struct {
    const char *word;
    hg_chart_sig sig;
  } map[] = {{"achieved", HG_CHART_SIG_Q1},
             {"on track", HG_CHART_SIG_BETTER},
             {"at risk", HG_CHART_SIG_SIMILAR},
             {"off track", HG_CHART_SIG_WORSE}};
  for (size_t i = 0; i < G_N_ELEMENTS(map); i++)
    if (strcmp(txt(status), map[i].word) == 0)
      return map[i].sig;
  return HG_CHART_SIG_NONE;
}

/* ---- pages whose spec points into memory they own ---- */

static page *spec_page(GPtrArray *pages, hg_chart_kind kind) {
  page *p = g_new0(page, 1);
  p->lines = g_ptr_array_new_with_free_func(g_free);
  hg_chart_spec_init(&p->spec, kind);
  g_ptr_array_add(pages, p);
  return p;
}

static gpointer own(page *p, gpointer mem) {
  g_ptr_array_add(p->lines, mem);
  return mem;
}

static void finish_page(render *R, page *p, char *title, char *footnote, const char *source) {
  p->title = title;
  p->spec.title = title;
  p->footnote = g_strdup_printf("%s%s%s", footnote, *footnote ? " " : "", OGL);
  g_free(footnote);
  p->spec.footnote = p->footnote;
  p->source = g_strdup_printf("Source: %s", source);
  p->spec.source = p->source;
  (void)R;
}

/* A row's name: the target id, the sex, the indicator and the rule. */
static char *row_name(const render *R, const trow *k, const hg_target *t) {
  char *rule = t ? target_rule(t) : g_strdup("");
  const hg_indicator_meta *m = t ? hg_indicator_registry_find(R->reg, t->indicator_id) : NULL;
  const char *ind = m && m->short_name && *m->short_name ? m->short_name
                    : m && m->name                       ? m->name
                    : t                                  ? t->indicator_id
                                                         : "";
  char *s = g_strdup_printf("%s (%s)\n%s: %s", k->target_id, k->sex, ind, rule);
  g_free(rule);
  return s;
}

static void tracker_page(render *R, GPtrArray *pages, const GPtrArray *cols, GArray *rows) {
  const run_ctx *ctx = R->ctx;
  page *p = spec_page(pages, HG_CHART_TRACKER);
  hg_chart_series *ser = own(p, g_new0(hg_chart_series, rows->len));
  for (guint r = 0; r < rows->len; r++) {
    const trow *k = &g_array_index(rows, trow, r);
    hg_chart_point *pts = own(p, g_new(hg_chart_point, cols->len));
    for (guint c = 0; c < cols->len; c++) {
      const hg_target_row *t = find_row(ctx, k, cols->pdata[c]);
      hg_chart_point_init(&pts[c]);
      /* copies: an ICB pack's codes are freed before its pages are drawn */
      pts[c].label = own(p, g_strdup(render_area_name(R, cols->pdata[c])));
      pts[c].code = own(p, g_strdup(cols->pdata[c]));
      pts[c].value = t ? render_published(t->latest_value) : NAN;
      pts[c].x = t ? render_published(t->target_value) : NAN;
      pts[c].period = t ? t->latest_period : NULL;
      pts[c].sig = t ? status_sig(t->status) : HG_CHART_SIG_NONE;
    }
    ser[r] = (hg_chart_series){
        .name = own(p, row_name(R, k, find_target(ctx, k->target_id))), .pts = pts, .n = cols->len};
  }
  p->spec.series = ser;
  p->spec.nseries = rows->len;
  p->spec.decimals = 1;
  p->spec.subtitle = "Latest value and period, status against the target (docs/targets.md), "
                     "and each area's own target value";
  finish_page(R, p, g_strdup("Health Inequalities Strategy targets: tracker"),
              g_strdup("A relative target (increase by, decrease by a percentage, narrow) is "
                       "each area's own baseline value moved by the target, so its value differs "
                       "by area. Targets without a value for an area are in results/targets.csv "
                       "with the reason."),
              "targets as named in each target's source (fixtures/targets.csv); status: "
              "healthgap's target method");
}

/* ---- trajectories ---- */

/* The observed series of a target row: the results rows of its indicator,
 * area, sex and age, oldest first. */
static GPtrArray *history(const render *R, const hg_target_row *t) {
  GPtrArray *h = g_ptr_array_new();
  const hg_indicator_meta *m = hg_indicator_registry_find(R->reg, t->indicator_id);
  for (guint i = 0; i < R->ctx->rows->len; i++) {
    const res_row *r = R->ctx->rows->pdata[i];
    if (*r->txt[RES_TXT_CATEGORY] || strcmp(r->txt[RES_TXT_AREA_CODE], txt(t->area_code)) ||
        strcmp(r->txt[RES_TXT_SEX], txt(t->sex)) || strcmp(r->txt[RES_TXT_AGE], txt(t->age)) ||
        isnan(r->num[RES_SLOT(RES_VALUE)]))
      continue;
    const hg_indicator_meta *rm = hg_indicator_registry_find(R->reg, r->txt[RES_TXT_INDICATOR_ID]);
    if (m ? rm == m : strcmp(r->txt[RES_TXT_INDICATOR_ID], t->indicator_id) == 0)
      g_ptr_array_add(h, (gpointer)r);
  }
  for (guint a = 0; a < h->len; a++) /* few points: insertion sort by period */
    for (guint b = a; b > 0 && ((const res_row *)h->pdata[b - 1])->sortable >
                                   ((const res_row *)h->pdata[b])->sortable;
         b--) {
      gpointer x = h->pdata[b];
      h->pdata[b] = h->pdata[b - 1];
      h->pdata[b - 1] = x;
    }
  return h;
}

/* The start year of a period (the analyse stage's reading of its key). */
static double start_year(const res_row *r) {
  int64_t s = (int64_t)r->num[RES_SLOT(RES_PERIOD_SORTABLE)];
  int q = (int)((s / 100) % 100);
  return (double)(s / 10000) + (q > 0 ? (q - 1) / 4.0 : 0);
}

/* Observed and fitted series of one area into ser[0] and ser[1]. */
static void area_pair(render *R, page *p, const hg_target_row *t, hg_chart_series *ser,
                      GString *proj) {
  GPtrArray *h = history(R, t);
  size_t n = h->len;
  hg_chart_point *obs = own(p, g_new(hg_chart_point, n ? n : 1));
  double *yr = g_new(double, n + 1), *v = g_new(double, n + 1), *lo = g_new(double, n + 1),
         *hi = g_new(double, n + 1);
  for (size_t i = 0; i < n; i++) {
    const res_row *r = h->pdata[i];
    hg_chart_point_init(&obs[i]);
    obs[i].x = yr[i] = start_year(r);
    obs[i].value = v[i] = r->num[RES_SLOT(RES_VALUE)];
    obs[i].lower = lo[i] = r->num[RES_SLOT(RES_LOWER_CI95)];
    obs[i].upper = hi[i] = r->num[RES_SLOT(RES_UPPER_CI95)];
    obs[i].label = r->txt[RES_TXT_PERIOD];
  }
  const hg_indicator_meta *m = hg_indicator_registry_find(R->reg, t->indicator_id);
  hg_projection_method method = hg_projection_method_for(m ? m->value_type : HG_VT_OTHER);
  hg_chart_point *fit = NULL;
  size_t nf =
      render_trajectory_fit(method, m ? m->multiplier : 1, yr, v, lo, hi, n, t->target_year, &fit);
  own(p, fit);
  const char *name = own(p, g_strdup(render_area_name(R, txt(t->area_code))));
  hg_role role = strcmp(txt(t->area_code), ENGLAND) == 0  ? HG_ROLE_ENGLAND
                 : strcmp(txt(t->area_code), LONDON) == 0 ? HG_ROLE_LONDON
                                                          : HG_ROLE_AREA;
  ser[0] = (hg_chart_series){.name = name, .role = role, .pts = obs, .n = n};
  ser[1] = (hg_chart_series){.name = name, .role = role, .pts = fit, .n = nf};
  if (!isnan(t->projected_value))
    g_string_append_printf(proj, "%s%s %.1f (%.1f to %.1f)", proj->len ? "; " : "", name,
                           render_published(t->projected_value),
                           render_published(t->projected_lower),
                           render_published(t->projected_upper));
  else
    g_string_append_printf(proj, "%s%s not projected (%s)", proj->len ? "; " : "", name,
                           *txt(t->reason) ? t->reason : txt(t->status));
  g_free(yr);
  g_free(v);
  g_free(lo);
  g_free(hi);
  g_ptr_array_free(h, TRUE);
}

static int relative(const hg_target *t) {
  return t && t->direction >= HG_TARGET_NARROW;
}

static void trajectory_page(render *R, GPtrArray *pages, const GPtrArray *cols, const trow *k,
                            const char *png_dir) {
  const run_ctx *ctx = R->ctx;
  const hg_target *tg = find_target(ctx, k->target_id);
  GPtrArray *trs = g_ptr_array_new(); /* the areas with a value */
  for (guint c = 0; c < cols->len; c++) {
    const hg_target_row *t = find_row(ctx, k, cols->pdata[c]);
    if (t && !isnan(t->latest_value) && strcmp(txt(t->sex), k->sex) == 0)
      g_ptr_array_add(trs, (gpointer)t);
  }
  const hg_target_row *t0 = trs->len ? trs->pdata[0] : NULL;
  if (!t0 || !t0->target_year) {
    g_ptr_array_free(trs, TRUE);
    return;
  }
  page *p = spec_page(pages, HG_CHART_TRAJECTORY);
  hg_chart_series *ser = own(p, g_new0(hg_chart_series, 2 * trs->len));
  hg_chart_refline *refs = own(p, g_new0(hg_chart_refline, trs->len + 1));
  size_t nrefs = 0;
  GString *proj = g_string_new("");
  for (guint a = 0; a < trs->len; a++) {
    const hg_target_row *t = trs->pdata[a];
    area_pair(R, p, t, &ser[2 * a], proj);
    if (relative(tg) && !isnan(t->target_value))
      refs[nrefs++] = (hg_chart_refline){ser[2 * a].name, t->target_value, HG_ROLE_HIGHLIGHT};
  }
  char *rule = tg ? target_rule(tg) : g_strdup("");
  if (!relative(tg))
    refs[nrefs++] = (hg_chart_refline){own(p, g_strdup_printf("Target: %s", rule)),
                                       t0->target_value, HG_ROLE_AREA};
  p->spec.series = ser;
  p->spec.nseries = 2 * trs->len;
  p->spec.refs = refs;
  p->spec.nrefs = nrefs;
  p->spec.x_mark = t0->target_year;
  p->spec.x_label = "Year (start of the period)";
  const hg_indicator_meta *m = hg_indicator_registry_find(R->reg, t0->indicator_id);
  p->spec.y_label = m && m->unit && *m->unit ? own(p, hg_chart_axis_title(m->unit)) : NULL;
  p->spec.subtitle =
      own(p, g_strdup_printf("%s: %s. Projection: %s trend, weighted by precision where every "
                             "point has limits, 95%% prediction interval",
                             k->sex, rule, txt(t0->method)));
  char *title = g_strdup_printf("Trajectory to target %s: %s", k->target_id,
                                m && m->name ? m->name : t0->indicator_id);
  char *foot = g_strdup_printf(
      "Projected to %d (95%% prediction interval), as results/targets.csv: %s.%s", t0->target_year,
      proj->str,
      relative(tg) ? " Diamonds: each area's own target (its baseline moved by the target)." : "");
  finish_page(R, p, title, foot, tg && tg->source && *tg->source ? tg->source : "see Methods");
  if (png_dir && ctx->cfg->charts) {
    char *s = hg_name_make_safe(k->target_id, NULL), *x = hg_name_make_safe(k->sex, NULL);
    p->png = g_strdup_printf("charts/%s/target-%s-%s.png", png_dir, s, x);
    g_free(s);
    g_free(x);
  }
  g_free(rule);
  g_string_free(proj, TRUE);
  g_ptr_array_free(trs, TRUE);
}

void render_target_pages(render *R, GPtrArray *pages, const char *const *areas, size_t nareas) {
  const run_ctx *ctx = R->ctx;
  if (!ctx->targets || !ctx->ntarget_rows) {
    page *t = render_text_page(pages, "Targets");
    render_line(t, "No targets in this run.");
    return;
  }
  GPtrArray *cols = column_areas(R, areas, nareas);
  GArray *rows = tracker_rows(ctx, cols);
  if (!rows->len) {
    page *t = render_text_page(pages, "Targets");
    render_line(t, "No target has a value for these areas in this run's data: the reasons are "
                   "in results/targets.csv.");
  } else {
    tracker_page(R, pages, cols, rows);
    guint first = pages->len;
    int london = in_cols(cols, LONDON);
    for (guint r = 0; r < rows->len; r++)
      trajectory_page(R, pages, cols, &g_array_index(rows, trow, r), london ? "london" : NULL);
    render_section(pages, first, "Target trajectories: history, fitted trend and target");
  }
  g_array_free(rows, TRUE);
  g_ptr_array_free(cols, TRUE);
}
