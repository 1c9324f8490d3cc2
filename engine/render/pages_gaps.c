/* pages_gaps.c: sex and age gaps, and funnel plots.
 *
 * Sex gaps: the run's diff_vs_ref rows of breakdown "sex" (Male minus
 * Female, analyse/inequalities_run.c), one page per indicator, its areas as
 * the bars of a compare chart (England and London pinned, an ICB pinned),
 * each bar coloured by its significance where the data had limits.  Age
 * gaps: the same, each age group against "All ages", one page per group.
 * Every bar is a value of results/inequalities.csv.
 *
 * Funnels: one page per indicator whose borough rows carry counts and
 * denominators (the funnel needs both); life expectancy, counts and means
 * are not ratios of counts and get none. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/inequalities.h"
#include "healthgap/trend.h"
#include "render/render.h"

#define LONDON "E12000007"
#define ENGLAND "E92000001"

typedef struct {
  hg_chart_series ser;
  hg_chart_refline ref;
  char subtitle[512], xlabel[256];
  hg_chart_point pts[];
} gap_block;

/* 1 when row r is a gap of the page's kind (sex, or age group `group`). */
static int is_gap(const hg_ineq_row *r, const char *bt, const char *id, const char *group) {
  return strcmp(r->breakdown_type, bt) == 0 && strcmp(r->measure, "diff_vs_ref") == 0 &&
         (!id || strcmp(r->indicator_id, id) == 0) && (!group || strcmp(r->group, group) == 0);
}

/* An area of the page: England, London, a borough in scope (all when scope
 * is NULL), an ICB in scope. */
static int shown(const char *code, GHashTable *scope) {
  if (strcmp(code, ENGLAND) == 0 || strcmp(code, LONDON) == 0)
    return 1;
  if (scope)
    return g_hash_table_contains(scope, code);
  return g_str_has_prefix(code, "E09");
}

/* The latest period with a borough row of the gap. */
static const hg_ineq_row *latest(const hg_ineq_results *res, const char *bt, const char *id,
                                 const char *group, GHashTable *scope) {
  const hg_ineq_row *best = NULL;
  for (size_t i = 0; i < hg_ineq_results_size(res); i++) {
    const hg_ineq_row *r = hg_ineq_results_get(res, i);
    if (is_gap(r, bt, id, group) && g_str_has_prefix(r->area_code, "E09") &&
        shown(r->area_code, scope) && (!best || r->period_year > best->period_year))
      best = r;
  }
  return best;
}

static hg_role role_of(const char *code, GHashTable *scope) {
  return strcmp(code, ENGLAND) == 0               ? HG_ROLE_ENGLAND
         : strcmp(code, LONDON) == 0              ? HG_ROLE_LONDON
         : g_str_has_prefix(code, "E54") && scope ? HG_ROLE_HIGHLIGHT
                                                  : HG_ROLE_AREA;
}

/* One gap page: every shown area's row of the latest period. */
static void gap_page(render *R, GPtrArray *pages, const char *bt, const char *id, const char *group,
                     GHashTable *scope) {
  const hg_ineq_results *res = R->ctx->ineq;
  const hg_ineq_row *last = latest(res, bt, id, group, scope);
  if (!last)
    return;
  size_t n = 0, nres = hg_ineq_results_size(res);
  gap_block *b = g_malloc0(sizeof *b + (nres ? nres : 1) * sizeof(hg_chart_point));
  int limits = 0;
  for (size_t i = 0; i < nres; i++) {
    const hg_ineq_row *r = hg_ineq_results_get(res, i);
    if (!is_gap(r, bt, id, group) || strcmp(r->period, last->period) != 0 ||
        !shown(r->area_code, scope) || strcmp(r->age, last->age) != 0)
      continue;
    limits |= isfinite(r->lower95);
    b->pts[n++] = (hg_chart_point){.label = render_area_name(R, r->area_code),
                                   .code = r->area_code,
                                   .value = r->value,
                                   .lower = r->lower95,
                                   .upper = r->upper95,
                                   .lower998 = NAN,
                                   .upper998 = NAN,
                                   .count = NAN,
                                   .weight = NAN,
                                   .england = NAN,
                                   .london = NAN,
                                   .sig = hg_chart_sig_parse(r->significance),
                                   .role = role_of(r->area_code, scope)};
  }
  const hg_indicator_meta *m = hg_indicator_registry_find(R->reg, id);
  int sex = strcmp(bt, "sex") == 0;
  page *p = g_new0(page, 1);
  p->owned = b;
  hg_chart_spec_init(&p->spec, HG_CHART_COMPARE);
  b->ser = (hg_chart_series){sex ? "Male minus Female" : group, HG_ROLE_AREA, b->pts, n};
  b->ref = (hg_chart_refline){"No difference", 0, HG_ROLE_ENGLAND};
  p->spec.series = &b->ser;
  p->spec.nseries = 1;
  p->spec.refs = &b->ref;
  p->spec.nrefs = 1;
  p->spec.include_zero = 1;
  p->spec.decimals = m && m->decimals >= 0 ? m->decimals : 1;
  p->spec.polarity = HG_CHART_POLARITY_NONE;
  p->title = sex ? g_strdup_printf("%s: men against women", render_ind_name(R, id))
                 : g_strdup_printf("%s: %s against %s", render_ind_name(R, id), group,
                                   last->reference_group);
  p->spec.title = p->title;
  snprintf(b->subtitle, sizeof b->subtitle, "%s; %s (%s)%s", last->period,
           sex ? "Male minus Female" : "difference from the reference age group",
           sex ? "above zero: higher for men" : "above zero: higher than the reference",
           limits ? "; 95% CI of the difference where both values had limits"
                  : "; no confidence limits in the data: none drawn");
  p->spec.subtitle = b->subtitle;
  snprintf(b->xlabel, sizeof b->xlabel, "Difference (%s)",
           m && m->unit && *m->unit ? m->unit : "the indicator's units");
  p->spec.x_label = b->xlabel;
  p->footnote = g_strdup_printf(
      "Gap = %s value - %s value, from results/inequalities.csv (breakdown %s, measure "
      "diff_vs_ref). %s",
      sex ? "Male" : group, last->reference_group, bt, OGL);
  p->spec.footnote = p->footnote;
  const GString *src = g_hash_table_lookup(R->sources, id);
  p->source = g_strdup_printf("Source: %s", src                            ? src->str
                                            : m && m->source && *m->source ? m->source
                                                                           : "see Methods");
  p->spec.source = p->source;
  g_ptr_array_add(pages, p);
  hg_chart_request rq = {.indicator = id};
  if (render_is_synthetic(R, &rq))
    render_mark_synthetic(p);
}

/* The indicators (and, for age, groups) with gaps, in results order. */
static void gap_kinds(render *R, GPtrArray *pages, const char *bt, GHashTable *scope) {
  const hg_ineq_results *res = R->ctx->ineq;
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (size_t i = 0; i < hg_ineq_results_size(res); i++) {
    const hg_ineq_row *r = hg_ineq_results_get(res, i);
    if (!is_gap(r, bt, NULL, NULL) || !g_str_has_prefix(r->area_code, "E09") ||
        !shown(r->area_code, scope))
      continue;
    int sex = strcmp(bt, "sex") == 0;
    char *k = g_strjoin("\x1f", r->indicator_id, sex ? "" : r->group, NULL);
    if (!g_hash_table_add(seen, k))
      continue;
    gap_page(R, pages, bt, r->indicator_id, sex ? NULL : r->group, scope);
  }
  g_hash_table_destroy(seen);
}

void render_gap_pages(render *R, GPtrArray *pages, GHashTable *scope) {
  if (!R->ctx->ineq)
    return;
  guint first = pages->len;
  gap_kinds(R, pages, "sex", scope);
  render_section(pages, first, "Sex gaps: men against women");
  first = pages->len;
  gap_kinds(R, pages, "age", scope);
  render_section(pages, first, "Age gaps: each age group against all ages");
}

/* ---- funnel plots ---- */

/* 1 when the indicator's value is a ratio of its count to its denominator
 * (what a funnel's limits are about). */
static int funnel_type(const render *R, const char *id) {
  const hg_indicator_meta *m = hg_indicator_registry_find(R->reg, id);
  if (!m)
    return !g_str_has_prefix(id, "hg.le_");
  return m->value_type == HG_VT_PROPORTION || m->value_type == HG_VT_CRUDE_RATE ||
         m->value_type == HG_VT_DSR || m->value_type == HG_VT_ISR || m->value_type == HG_VT_ISP;
}

void render_funnel_pages(render *R, GPtrArray *pages) {
  GPtrArray *ids = g_ptr_array_new();
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < R->ctx->rows->len; i++) {
    const res_row *r = R->ctx->rows->pdata[i];
    const char *id = r->txt[RES_TXT_INDICATOR_ID];
    if (g_str_has_prefix(r->txt[RES_TXT_AREA_CODE], "E09") && !*r->txt[RES_TXT_CATEGORY] &&
        isfinite(r->num[RES_SLOT(RES_COUNT)]) && isfinite(r->num[RES_SLOT(RES_DENOMINATOR)]) &&
        !g_hash_table_contains(seen, id) && funnel_type(R, id)) {
      g_hash_table_add(seen, (gpointer)id);
      g_ptr_array_add(ids, (gpointer)id);
    }
  }
  guint first = pages->len;
  for (guint i = 0; i < ids->len; i++) {
    hg_chart_request fr = {
        .kind = HG_CHART_FUNNEL, .indicator = ids->pdata[i], .area_prefix = "E09"};
    render_chart_page(R, pages, &fr, R->ind, NULL);
  }
  render_section(pages, first, "Funnel plots: each borough against the average, by its size");
  g_hash_table_destroy(seen);
  g_ptr_array_free(ids, TRUE);
}
