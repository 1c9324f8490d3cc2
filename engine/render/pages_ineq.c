/* render/pages_ineq.c: the inequality pages of the evidence packs, generic
 * over whatever the run's inequality results hold (ctx->ineq, the rows of
 * results/inequalities.csv): deprivation gradients and gaps (SII/RII,
 * quantile gaps) and ethnic-group values and gaps over time. */
#include <math.h>
#include <string.h>

#include "healthgap/inequalities.h"
#include "healthgap/text.h"
#include "render/render.h"

/* The text of a result cell: NULL reads as "", as in the file. */
static const char *txt(const char *s) {
  return s ? s : "";
}

/* Row i of the run's inequality results. */
static const hg_ineq_row *ineq_row(const render *R, size_t i) {
  return hg_ineq_results_get(R->ctx->ineq, i);
}

static size_t ineq_rows(const render *R) {
  return hg_ineq_results_size(R->ctx->ineq);
}

/* The category_type of the indicators results that breaks indicator id down
 * by deprivation in area: the one named bt (the run's own gradients write
 * their quantiles under the text of the component column of their SII rows),
 * else the first, or NULL. */
static const char *dep_category_type(const render *R, const char *id, const char *area,
                                     const char *bt) {
  const char *first = NULL;
  for (guint i = 0; i < R->ctx->rows->len; i++) {
    const res_row *r = R->ctx->rows->pdata[i];
    const char *ct = r->txt[RES_TXT_CATEGORY_TYPE];
    if (*ct && strcmp(r->txt[RES_TXT_INDICATOR_ID], id) == 0 &&
        strcmp(r->txt[RES_TXT_AREA_CODE], area) == 0 &&
        (strstr(ct, "depriv") || strstr(ct, "Depriv") || strstr(ct, "IMD"))) {
      if (strcmp(ct, bt) == 0)
        return ct;
      if (!first)
        first = ct;
    }
  }
  return first;
}

/* The latest row of one measure of a breakdown, or NULL. */
static const hg_ineq_row *latest_measure(const render *R, const char *id, const char *area,
                                         const char *sex, const char *bt, const char *comp,
                                         const char *measure) {
  const hg_ineq_row *best = NULL;
  for (size_t i = 0; i < ineq_rows(R); i++) {
    const hg_ineq_row *r = ineq_row(R, i);
    if (!strcmp(txt(r->indicator_id), id) && !strcmp(txt(r->area_code), area) &&
        !strcmp(txt(r->sex), sex) && !strcmp(txt(r->breakdown_type), bt) &&
        !strcmp(txt(r->component), comp) && !strcmp(txt(r->measure), measure) &&
        !isnan(render_published(r->value)) &&
        (!best || strcmp(txt(r->period), txt(best->period)) >= 0))
      best = r;
  }
  return best;
}

/* The direction of a measure in words, the same everywhere: abs_gap is most
 * minus least deprived, SII the fitted least deprived end minus the most
 * deprived end (docs/inequalities.md), so the same gap has opposite signs. */
static const char *direction_words(const char *measure, double v) {
  v = render_published(v);
  if (isnan(v) || v == 0)
    return "";
  if (!strcmp(measure, "abs_gap") || !strcmp(measure, "rel_gap"))
    return (!strcmp(measure, "abs_gap") ? v > 0 : v > 1) ? "the most deprived have the higher value"
                                                         : "the most deprived have the lower value";
  if (!strcmp(measure, "sii") || !strcmp(measure, "rii"))
    return (!strcmp(measure, "sii") ? v > 0 : v > 1) ? "higher in less deprived areas"
                                                     : "higher in more deprived areas";
  return "";
}

/* "7.13 (95% CI 6.91 to 7.36): the most deprived have the higher value", or
 * "-" without the measure (g_free). */
static char *measure_cell(const hg_ineq_row *r, int words) {
  if (!r)
    return g_strdup("-");
  char *v = render_value_ci(r->value, r->lower95, r->upper95,
                            strstr(txt(r->measure), "r") == txt(r->measure) ? 2 : 1);
  const char *d = words ? direction_words(txt(r->measure), r->value) : "";
  double lo = render_published(r->lower95), hi = render_published(r->upper95);
  if (*d && lo <= 0 && hi >= 0) /* a difference whose interval holds no gap */
    d = "not significant (the interval includes no gap)";
  char *c = g_strdup_printf("%s%s%s", v, *d ? ": " : "", d);
  g_free(v);
  return c;
}

/* The latest absolute and relative gaps (with the two groups' values) and
 * SII/RII of a breakdown, from the inequality results, and its note (e.g.
 * "approximate"), as one sentence (g_free), or NULL when it has none. */
static char *gap_text(render *R, const char *id, const char *area, const char *sex, const char *bt,
                      const char *comp) {
  static const struct {
    const char *m, *name;
  } ms[] = {{"abs_gap", "Gap"}, {"rel_gap", "ratio"}, {"sii", "SII"}, {"rii", "RII"}};
  GString *g = g_string_new("");
  const char *per = NULL, *note = NULL;
  for (size_t k = 0; k < G_N_ELEMENTS(ms); k++) {
    const hg_ineq_row *best = latest_measure(R, id, area, sex, bt, comp, ms[k].m);
    if (!best)
      continue;
    char *v = measure_cell(best, k == 0 || k == 2);
    g_string_append_printf(g, "%s%s %s", g->len ? "; " : "", ms[k].name, v);
    g_free(v);
    double gvalue = render_published(best->group_value),
           rvalue = render_published(best->reference_value);
    if (!strcmp(ms[k].m, "abs_gap") && *txt(best->group) && !isnan(gvalue) && !isnan(rvalue)) {
      char *gv = render_one_decimal(gvalue), *rv = render_one_decimal(rvalue);
      g_string_append_printf(g, " (%s %s against %s %s)", render_area_name(R, txt(best->group)), gv,
                             render_area_name(R, txt(best->reference_group)), rv);
      g_free(gv);
      g_free(rv);
    }
    per = txt(best->period);
    if (*txt(best->note))
      note = best->note;
  }
  char *n = g->len ? g_strdup_printf("%s, %s (results/inequalities.csv, PHE's methods)%s%s.",
                                     g->str, per, note ? "; " : "", note ? note : "")
                   : NULL;
  g_string_free(g, TRUE);
  return n;
}

/* gap_text in the footnote of its chart. */
static void gap_note(render *R, page *p, const char *id, const char *area, const char *sex,
                     const char *bt, const char *comp) {
  char *n = gap_text(R, id, area, sex, bt, comp);
  if (n)
    render_add_note(p, n);
  g_free(n);
}

/* charts/<dir>/<indicator>-<area>[-<sex>]-<what>.png, or NULL without a dir. */
static char *png_dep(const char *dir, const char *id, const char *area, const char *sex,
                     const char *what) {
  if (!dir)
    return NULL;
  char *s = g_strdup_printf("%s-%s%s%s-%s", id, area, *sex ? "-" : "", sex, what);
  char *name = hg_name_make_safe(s, "-"); /* ids and codes from the data: bounded, no '/' */
  char *p = g_strdup_printf("%s/%s.png", dir, name);
  g_free(name);
  g_free(s);
  return p;
}

/* The scheme text of the gradients of a borough's MSOAs ranked within the
 * borough (analyse/gradients.c writes it into the component): drawn in the
 * borough's own pack only, not in the ICB, London or site pages whose scope
 * holds the borough. */
#define WITHIN_BOROUGH "within the borough"

static int is_deprivation(const char *bt) {
  return strstr(bt, "depriv") || strstr(bt, "Depriv") || strstr(bt, "imd") || strstr(bt, "IMD");
}

/* Quantiles on England's ranking (gradients_national.c), not the area's own. */
static int is_national(const char *component) {
  return strstr(component, "England ranking") != NULL;
}

/* The first inequality row of each (indicator, area, sex, breakdown) with SII
 * rows or a deprivation breakdown, for the areas in scope, in results order.
 * Its component names the one set of quantiles the pages draw: an export with
 * England by County & UA and by District & UA deciles has two, and a page
 * that joined them would draw one set's points with the other's SII line. */
static GPtrArray *deprivation_groups(const render *R, GHashTable *scope, int within_borough) {
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *groups = g_ptr_array_new();
  for (size_t i = 0; i < ineq_rows(R); i++) {
    const hg_ineq_row *r = ineq_row(R, i);
    const char *area = txt(r->area_code), *bt = txt(r->breakdown_type);
    if ((!is_deprivation(bt) && strcmp(txt(r->measure), "sii") != 0) ||
        !g_hash_table_contains(scope, area) ||
        (!within_borough && strstr(txt(r->component), WITHIN_BOROUGH)))
      continue;
    /* national and London-relative rankings of one indicator: a page each */
    char *key = g_strdup_printf("%s|%s|%s|%s|%d", txt(r->indicator_id), area, txt(r->sex), bt,
                                is_national(txt(r->component)));
    if (g_hash_table_contains(seen, key)) {
      g_free(key);
      continue;
    }
    g_hash_table_add(seen, key);
    g_ptr_array_add(groups, (gpointer)r);
  }
  g_hash_table_destroy(seen);
  return groups;
}

/* One table row of a group: indicator and sex, area, quantiles, period,
 * gap, ratio, SII, RII, and how the SII (else the gap) moves over time. */
static char *summary_row(render *R, const hg_ineq_row *r) {
  const char *id = txt(r->indicator_id), *area = txt(r->area_code), *sex = txt(r->sex),
             *bt = txt(r->breakdown_type), *comp = txt(r->component);
  const hg_ineq_row *m[4];
  static const char *const names[] = {"abs_gap", "rel_gap", "sii", "rii"};
  char *c[4];
  const char *per = NULL, *note = NULL, *trend = NULL;
  for (int k = 0; k < 4; k++) {
    m[k] = latest_measure(R, id, area, sex, bt, comp, names[k]);
    c[k] = measure_cell(m[k], k == 0 || k == 2);
    if (m[k] && (!per || strcmp(txt(m[k]->period), per) > 0))
      per = txt(m[k]->period);
    if (m[k] && *txt(m[k]->note))
      note = m[k]->note;
  }
  trend = m[2] ? m[2]->gap_trend : m[0] ? m[0]->gap_trend : NULL;
  char *row = g_strdup_printf(
      "|%s (%s)%s%s|%s|%s|%s%s%s|%s|%s|%s|%s|%s", render_ind_short(R, id), id, *sex ? ", " : "",
      sex, render_area_name(R, area), *comp ? comp : bt, per ? per : "-", note ? "; " : "",
      note ? note : "", c[0], c[1], c[2], c[3], render_gap_trend_words(trend));
  for (int k = 0; k < 4; k++)
    g_free(c[k]);
  return row;
}

/* Summary pages: every gradient's latest gaps and SII/RII as one table (a
 * row per indicator, area and sex), a few rows a page so that nothing is
 * cut; the directions in words, defined once at the top. */
static void deprivation_summary(render *R, GPtrArray *pages, const GPtrArray *groups) {
  page *sum = NULL;
  for (guint k = 0; k < groups->len; k++) {
    if (k % 5 == 0) {
      sum = render_text_page(pages, "Deprivation gradients: summary");
      render_line(sum,
                  "The latest gap between the most and least deprived groups (Gap: most minus "
                  "least deprived; Ratio: most over least), the slope index of inequality (SII: "
                  "the modelled value at the least deprived end minus the most deprived end, "
                  "so a positive SII means higher in less deprived areas) and the relative "
                  "index (RII), each with its 95%% confidence interval, from "
                  "results/inequalities.csv (PHE's methods; docs/inequalities.md). %s",
                  R->licence);
      render_line(sum, "%s", "");
      render_line(sum, "|Indicator (id), sex|Area|Quantiles|Period|Gap|Ratio|SII|RII|SII (else "
                       "gap) over time");
    }
    char *row = summary_row(R, groups->pdata[k]);
    render_line(sum, "%s", row);
    g_free(row);
  }
}

/* "The data also has ..." on a page of group r when the results hold other
 * sets of quantiles for the same indicator, area and sex (not drawn). */
static void other_breakdowns_note(render *R, page *p, const hg_ineq_row *r) {
  GPtrArray *others = g_ptr_array_new();
  for (size_t k = 0; k < ineq_rows(R); k++) {
    const hg_ineq_row *x = ineq_row(R, k);
    const char *c = txt(x->component);
    if (*c && strcmp(c, txt(r->component)) != 0 &&
        is_national(c) == is_national(txt(r->component)) && /* the other has its own page */
        !strcmp(txt(x->indicator_id), txt(r->indicator_id)) &&
        !strcmp(txt(x->area_code), txt(r->area_code)) && !strcmp(txt(x->sex), txt(r->sex)) &&
        !strcmp(txt(x->breakdown_type), txt(r->breakdown_type))) {
      gboolean seen = FALSE;
      for (guint i = 0; i < others->len && !seen; i++)
        seen = !strcmp(others->pdata[i], c);
      if (!seen)
        g_ptr_array_add(others, (gpointer)c);
    }
  }
  if (others->len) {
    GString *n = g_string_new("Drawn: ");
    g_string_append_printf(n, "%s. The data also has ", txt(r->component));
    for (guint i = 0; i < others->len; i++)
      g_string_append_printf(n, "%s%s", i ? ", " : "", (const char *)others->pdata[i]);
    g_string_append(n, " (in results/inequalities.csv, not drawn).");
    render_add_note(p, n->str);
    g_string_free(n, TRUE);
  }
  g_ptr_array_free(others, TRUE);
}

/* A gradient of a borough's MSOAs says how they were ranked. */
static void within_note(page *p, const hg_ineq_row *r) {
  if (strstr(txt(r->component), WITHIN_BOROUGH))
    render_add_note(p, "The borough's MSOAs ranked within the borough: quintiles among its own "
                       "MSOAs, not London's.");
}

/* The charts of one group (its first row r): the gradient with its SII line
 * (or the bars by quantile when no SII was computed) where the quantile
 * values are among the indicator results, and the SII (or gap) over time
 * when there are two periods or more. */
static void deprivation_charts(render *R, GPtrArray *pages, const hg_ineq_row *r,
                               const char *png_dir) {
  const char *id = txt(r->indicator_id), *area = txt(r->area_code), *sex = txt(r->sex),
             *bt = txt(r->breakdown_type);
  /* which measures, over how many periods */
  size_t nsii = 0, ngap = 0;
  for (size_t k = 0; k < ineq_rows(R); k++) {
    const hg_ineq_row *x = ineq_row(R, k);
    if (strcmp(txt(x->indicator_id), id) == 0 && strcmp(txt(x->area_code), area) == 0 &&
        strcmp(txt(x->sex), sex) == 0 && strcmp(txt(x->breakdown_type), bt) == 0 &&
        strcmp(txt(x->component), txt(r->component)) == 0) {
      nsii += strcmp(txt(x->measure), "sii") == 0;
      ngap += strcmp(txt(x->measure), "abs_gap") == 0;
    }
  }
  const char *ct = dep_category_type(R, id, area, txt(r->component));
  page *g = NULL;
  if (ct) {
    hg_chart_request gr = {.kind = nsii ? HG_CHART_GRADIENT : HG_CHART_INEQUALITIES,
                           .indicator = id,
                           .area = area,
                           .sex = *sex ? sex : NULL,
                           .category_type = ct,
                           .fit_data = R->ineq};
    char *png = png_dep(png_dir, id, area, sex,
                        is_national(txt(r->component)) ? "national-deprivation" : "deprivation");
    g = render_chart_page(R, pages, &gr, R->ind, png);
    g_free(png);
    if (g) {
      gap_note(R, g, id, area, sex, bt, txt(r->component));
      other_breakdowns_note(R, g, r);
      within_note(g, r);
    }
  }
  const char *measure = nsii ? "sii" : "abs_gap";
  size_t nper = nsii ? nsii : ngap;
  if (!R->ineq || nper < 2) /* one period: the summary page says it */
    return;
  hg_chart_request gp = {.kind = HG_CHART_GAP,
                         .indicator = id,
                         .area = area,
                         .sex = *sex ? sex : NULL,
                         .measure = measure,
                         .category_type = *txt(r->component) ? txt(r->component) : bt};
  char *png = png_dep(png_dir, id, area, sex,
                      is_national(txt(r->component)) ? (nsii ? "national-sii" : "national-abs_gap")
                                                     : measure);
  page *q = render_chart_page(R, pages, &gp, R->ineq, png);
  g_free(png);
  if (q) {
    /* the gap chart titles itself by indicator id: use the name */
    int synth = q->title && strstr(q->title, "SYNTHETIC") != NULL;
    const char *name = render_ind_name(R, id);
    g_free(q->title);
    q->title = g_strdup_printf("%s%s: %s, %s%s%s",
                               synth && !strstr(name, "SYNTHETIC") ? "SYNTHETIC: " : "", name,
                               nsii ? "slope index of inequality" : "gap between quantiles",
                               render_area_name(R, area), *sex ? ", " : "", sex);
    q->spec.title = q->title;
  }
  if (q && !g)
    gap_note(R, q, id, area, sex, bt, txt(r->component));
  if (q) {
    other_breakdowns_note(R, q, r);
    within_note(q, r);
  }
}

/* Deprivation pages, generic over whatever the inequality results hold:
 * every (indicator, area, sex, breakdown) with SII rows or a deprivation
 * breakdown, for the areas in scope (a set of codes).  First the summary
 * pages, then each group's charts. */
static void deprivation_pages(render *R, GPtrArray *pages, GHashTable *scope, const char *png_dir,
                              int within_borough) {
  if (!R->ctx->ineq)
    return;
  GPtrArray *groups = deprivation_groups(R, scope, within_borough);
  deprivation_summary(R, pages, groups);
  guint first_chart = pages->len;
  for (guint k = 0; k < groups->len; k++)
    deprivation_charts(R, pages, groups->pdata[k], png_dir);
  /* one contents line for the charts (a page per indicator and sex) */
  if (pages->len - first_chart > 1)
    render_section(pages, first_chart, "Deprivation gradients and the SII over time, by indicator");
  g_ptr_array_free(groups, TRUE);
}

void render_deprivation_pages(render *R, GPtrArray *pages, GHashTable *scope, const char *png_dir) {
  deprivation_pages(R, pages, scope, png_dir, 0);
}

/* The MSOA indicators of a borough (rows whose parent is the borough) with
 * no gradient ranked within it, each once, into v (borrowed ids). */
static void msoa_without_gradient(const render *R, const char *borough, GPtrArray *v) {
  for (guint i = 0; i < R->ctx->rows->len; i++) {
    const res_row *r = R->ctx->rows->pdata[i];
    const char *id = r->txt[RES_TXT_INDICATOR_ID];
    if (!g_str_has_prefix(r->txt[RES_TXT_AREA_CODE], "E02") ||
        strcmp(r->txt[RES_TXT_PARENT_CODE], borough))
      continue;
    gboolean seen = FALSE;
    for (guint k = 0; k < v->len && !seen; k++)
      seen = !strcmp(v->pdata[k], id);
    for (size_t k = 0; k < ineq_rows(R) && !seen; k++) {
      const hg_ineq_row *x = ineq_row(R, k);
      seen = !strcmp(txt(x->area_code), borough) && !strcmp(txt(x->indicator_id), id) &&
             strstr(txt(x->component), WITHIN_BOROUGH);
    }
    if (!seen)
      g_ptr_array_add(v, (gpointer)id);
  }
}

void render_borough_deprivation_pages(render *R, GPtrArray *pages, const char *borough) {
  GHashTable *scope = g_hash_table_new(g_str_hash, g_str_equal);
  g_hash_table_add(scope, (gpointer)borough);
  deprivation_pages(R, pages, scope, NULL, 1);
  GPtrArray *none = g_ptr_array_new();
  msoa_without_gradient(R, borough, none);
  page *p =
      none->len ? render_text_page(pages, "MSOA gradient within the borough: not computed") : NULL;
  if (p)
    render_line(p,
                "A gradient of the borough's MSOAs ranked within the borough needs at least 10 "
                "MSOAs (two a quintile) with a value, a deprivation measure and a population; "
                "%s has fewer (the run's warnings in manifest.json say so). Not computed for:",
                render_area_name(R, borough));
  for (guint k = 0; k < none->len; k++)
    render_line(p, "* %s (%s)", render_ind_name(R, none->pdata[k]), (const char *)none->pdata[k]);
  g_ptr_array_free(none, TRUE);
  g_hash_table_destroy(scope);
}

/* The group of (id, area) whose latest difference from the reference group
 * (diff_vs_ref in the inequality results) is widest, or NULL. */
static const char *widest_ethnic_gap(const render *R, const char *id, const char *area) {
  const char *best = NULL, *best_period = NULL;
  double best_gap = -1;
  for (size_t i = 0; i < ineq_rows(R); i++) {
    const hg_ineq_row *r = ineq_row(R, i);
    if (strcmp(txt(r->indicator_id), id) || strcmp(txt(r->area_code), area) ||
        !strstr(txt(r->breakdown_type), "ethnic") || strcmp(txt(r->measure), "diff_vs_ref"))
      continue;
    const char *per = txt(r->period);
    double v = render_published(r->value);
    if (isnan(v))
      continue;
    int later = best_period ? strcmp(per, best_period) : 1; /* periods of one format */
    if (later > 0 || (later == 0 && fabs(v) > best_gap)) {
      best = txt(r->group);
      best_period = per;
      best_gap = fabs(v);
    }
  }
  return best;
}

/* The areas whose ethnic-group breakdowns the London pack and the site
 * draw: London itself when its rows have one, then the borough with the
 * most ethnic-group rows (ties to the lower code).  The pack used to name
 * Tower Hamlets, the demo's, so a user's own data for other boroughs or for
 * London (the GLA's HIV late diagnosis by ethnic group) never showed.
 * *n receives how many (0 to 2); the codes are the rows'. */
void render_ethnic_areas(const render *R, const char *areas[2], size_t *n) {
  GHashTable *count = g_hash_table_new(g_str_hash, g_str_equal);
  int london = 0;
  for (guint i = 0; i < R->ctx->rows->len; i++) {
    const res_row *r = R->ctx->rows->pdata[i];
    if (!strstr(r->txt[RES_TXT_CATEGORY_TYPE], "Ethnic") || isnan(r->num[RES_SLOT(RES_VALUE)]))
      continue; /* suppressed values do not count: the City's are most */
    const char *a = r->txt[RES_TXT_AREA_CODE];
    if (strcmp(a, "E12000007") == 0)
      london = 1;
    else if (g_str_has_prefix(a, "E09"))
      g_hash_table_insert(count, (gpointer)a,
                          GUINT_TO_POINTER(GPOINTER_TO_UINT(g_hash_table_lookup(count, a)) + 1));
  }
  const char *best = NULL;
  guint most = 0;
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init(&it, count);
  while (g_hash_table_iter_next(&it, &k, &v))
    if (GPOINTER_TO_UINT(v) > most || (GPOINTER_TO_UINT(v) == most && strcmp(k, best) < 0))
      best = k, most = GPOINTER_TO_UINT(v);
  g_hash_table_destroy(count);
  *n = 0;
  if (london)
    areas[(*n)++] = "E12000007";
  if (best)
    areas[(*n)++] = best;
}

static void ethnic_measures(const render *R, const char *id, const char *area, const char *grp,
                            const hg_ineq_row **d, const hg_ineq_row **q);

/* Ethnic-group pages of an area, for each indicator with such a breakdown
 * (synthetic in the demo): the latest values by group, then the widest gap
 * against the reference group over time with its trend. */
void render_ethnic_pages(render *R, GPtrArray *pages, const char *area) {
  GPtrArray *ids = g_ptr_array_new(), *cts = g_ptr_array_new(); /* with their breakdown */
  for (guint i = 0; i < R->ctx->rows->len; i++) {
    const res_row *r = R->ctx->rows->pdata[i];
    const char *ct = r->txt[RES_TXT_CATEGORY_TYPE];
    if (!strstr(ct, "Ethnic") || strcmp(r->txt[RES_TXT_AREA_CODE], area) != 0)
      continue;
    if (!ids->len || strcmp(ids->pdata[ids->len - 1], r->txt[RES_TXT_INDICATOR_ID]) != 0) {
      g_ptr_array_add(ids, (gpointer)r->txt[RES_TXT_INDICATOR_ID]);
      g_ptr_array_add(cts, (gpointer)ct);
    }
  }
  for (guint k = 0; k < ids->len; k++) {
    const char *id = ids->pdata[k];
    hg_chart_request iq = {.kind = HG_CHART_INEQUALITIES,
                           .indicator = id,
                           .area = area,
                           .category_type = cts->pdata[k]};
    page *bars = render_chart_page(R, pages, &iq, R->ind, NULL);
    if (bars && render_finite_points(bars) < 3) {
      /* most groups suppressed (the City of London): a near-empty page says nothing */
      render_drop_last(R, pages);
      continue;
    }
    char *cn = bars ? render_completeness_note(R, id, area, cts->pdata[k]) : NULL;
    if (cn)
      render_add_note(bars, cn);
    g_free(cn);
    const char *grp = widest_ethnic_gap(R, id, area);
    if (!grp || !R->ineq)
      continue;
    hg_chart_request gp = {.kind = HG_CHART_GAP,
                           .indicator = id,
                           .area = area,
                           .measure = "diff_vs_ref",
                           .category_type = "ethnic",
                           .group = grp};
    page *q = render_chart_page(R, pages, &gp, R->ineq, NULL);
    if (q) {
      /* the title names the reference group: "the reference group" made a
       * reader look for it in the subtitle */
      const hg_ineq_row *d, *rq;
      ethnic_measures(R, id, area, grp, &d, &rq);
      const char *ref = d && txt(d->reference_group)[0] ? txt(d->reference_group) : NULL;
      g_free(q->title);
      q->title =
          g_strdup_printf("%s%s: gap between %s and %s, %s",
                          render_is_synthetic(R, &iq) ? "SYNTHETIC: " : "", render_ind_name(R, id),
                          grp, ref ? ref : "the reference group", render_area_name(R, area));
      q->spec.title = q->title;
      if (render_is_synthetic(R, &iq))
        render_mark_synthetic(q);
    }
  }
  g_ptr_array_free(ids, TRUE);
  g_ptr_array_free(cts, TRUE);
}

/* The latest diff_vs_ref and ratio_vs_ref of (id, area, group), into d and q. */
static void ethnic_measures(const render *R, const char *id, const char *area, const char *grp,
                            const hg_ineq_row **d, const hg_ineq_row **q) {
  *d = *q = NULL;
  for (size_t i = 0; i < ineq_rows(R); i++) {
    const hg_ineq_row *r = ineq_row(R, i);
    if (strcmp(txt(r->indicator_id), id) || strcmp(txt(r->area_code), area) ||
        strcmp(txt(r->group), grp) || !strstr(txt(r->breakdown_type), "ethnic"))
      continue;
    const hg_ineq_row **slot = !strcmp(txt(r->measure), "diff_vs_ref")    ? d
                               : !strcmp(txt(r->measure), "ratio_vs_ref") ? q
                                                                          : NULL;
    if (slot && (!*slot || strcmp(txt(r->period), txt((*slot)->period)) >= 0))
      *slot = r;
  }
}

/* One row of the ethnic summary: the group furthest from the reference. */
static char *ethnic_row(render *R, const char *id, const char *area, const char *ct) {
  const char *grp = widest_ethnic_gap(R, id, area);
  if (!grp)
    return NULL;
  const hg_ineq_row *d, *q;
  ethnic_measures(R, id, area, grp, &d, &q);
  if (!d)
    return NULL;
  char *dv = render_value_ci(d->value, d->lower95, d->upper95, 1);
  char *qv = q ? render_value_ci(q->value, q->lower95, q->upper95, 2) : g_strdup("-");
  char *gv = render_one_decimal(d->group_value), *rv = render_one_decimal(d->reference_value);
  hg_chart_request iq = {.indicator = id, .category_type = ct};
  char *row = g_strdup_printf(
      "|%s%s (%s)|%s|%s: %s against %s %s|%s|%s|%s|%s (%s)",
      render_is_synthetic(R, &iq) && !strstr(render_ind_name(R, id), "SYNTHETIC") ? "SYNTHETIC: "
                                                                                  : "",
      render_ind_short(R, id), id, render_area_name(R, area), grp, gv, txt(d->reference_group), rv,
      dv, qv, txt(d->period), render_gap_trend_words(d->gap_trend),
      *txt(d->significance) ? txt(d->significance) : "no limits");
  g_free(dv);
  g_free(qv);
  g_free(gv);
  g_free(rv);
  return row;
}

/* A table of the widest ethnic gap of each indicator and area (areas[0..n)),
 * six rows a page. */
void render_ethnic_summary(render *R, GPtrArray *pages, const char *const *areas, size_t n) {
  if (!R->ctx->ineq)
    return;
  GPtrArray *rows = g_ptr_array_new_with_free_func(g_free);
  for (size_t a = 0; a < n; a++) {
    const char *last = NULL;
    for (guint i = 0; i < R->ctx->rows->len; i++) {
      const res_row *r = R->ctx->rows->pdata[i];
      const char *id = r->txt[RES_TXT_INDICATOR_ID];
      if (!strstr(r->txt[RES_TXT_CATEGORY_TYPE], "Ethnic") ||
          strcmp(r->txt[RES_TXT_AREA_CODE], areas[a]) || (last && !strcmp(last, id)))
        continue;
      last = id;
      char *row = ethnic_row(R, id, areas[a], r->txt[RES_TXT_CATEGORY_TYPE]);
      if (row)
        g_ptr_array_add(rows, row);
    }
  }
  for (guint k = 0; k < rows->len; k += 8) {
    page *p = render_text_page(pages, "Ethnic groups: summary");
    render_line(p,
                "For each indicator and area, the ethnic group furthest from the reference group "
                "in the latest period: the difference (group minus reference: positive when the "
                "group's value is higher) and the ratio (group over reference), each with its 95%% "
                "confidence interval, from results/inequalities.csv (diff_vs_ref, ratio_vs_ref), "
                "and whether the difference is narrowing over time (gap_trend).");
    render_line(p, "%s", "");
    render_line(p, "|Indicator (id)|Area|Group: value against reference|Difference|Ratio|Period|"
                   "Over time (significance)");
    for (guint i = k; i < rows->len && i < k + 8; i++)
      render_line(p, "%s", (const char *)rows->pdata[i]);
  }
  g_ptr_array_free(rows, TRUE);
  render_completeness_pages(R, pages, areas, n);
}
