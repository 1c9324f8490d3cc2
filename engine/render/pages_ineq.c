/* pages_ineq.c: the inequality pages of the evidence packs, generic
 * over whatever results/inequalities.csv holds: deprivation gradients and
 * gaps (SII/RII, quantile gaps) and ethnic-group values and gaps over time. */
#include <math.h>
#include <string.h>

#include "render/render.h"

/* The category_type of the indicators results that breaks indicator id down
 * by deprivation in area: the one named bt (the run's own gradients write
 * their quantiles under the text of the component column of their SII rows),
 * else the first, or NULL. */
static const char *dep_category_type(const render *R, const char *id, const char *area,
                                     const char *bt) {
  const char *first = NULL;
  for (guint i = 0; i < R->ctx->rows->len; i++) {
    const res_row *r = R->ctx->rows->pdata[i];
    const char *ct = r->col[RES_CATEGORY_TYPE];
    if (*ct && strcmp(r->col[RES_INDICATOR_ID], id) == 0 &&
        strcmp(r->col[RES_AREA_CODE], area) == 0 &&
        (strstr(ct, "depriv") || strstr(ct, "Depriv") || strstr(ct, "IMD"))) {
      if (strcmp(ct, bt) == 0)
        return ct;
      if (!first)
        first = ct;
    }
  }
  return first;
}

/* The latest absolute and relative gaps (with the two groups' values) and
 * SII/RII of a breakdown, from results/inequalities.csv, and its note (e.g.
 * "approximate"), as one sentence (g_free), or NULL when it has none. */
static char *gap_text(render *R, const char *id, const char *area, const char *sex,
                      const char *bt) {
  hg_table *t = R->ineq_tab;
  long ci = hg_table_col(t, "indicator_id"), ca = hg_table_col(t, "area_code"),
       cs = hg_table_col(t, "sex"), cb = hg_table_col(t, "breakdown_type"),
       cm = hg_table_col(t, "measure"), cp = hg_table_col(t, "period"),
       cv = hg_table_col(t, "value"), cl = hg_table_col(t, "lower_ci95"),
       cu = hg_table_col(t, "upper_ci95"), cg = hg_table_col(t, "group"),
       cr = hg_table_col(t, "reference_group"), cgv = hg_table_col(t, "group_value"),
       crv = hg_table_col(t, "reference_value"), cn = hg_table_col(t, "note");
  if (cv < 0)
    return NULL;
#define CELL(i, c) ((c) >= 0 ? hg_table_cell(t, (i), (size_t)(c)) : "")
  static const struct {
    const char *m, *name;
  } ms[] = {{"abs_gap", "Gap"}, {"rel_gap", "ratio"}, {"sii", "SII"}, {"rii", "RII"}};
  GString *g = g_string_new("");
  const char *per = NULL, *note = NULL;
  for (size_t k = 0; k < G_N_ELEMENTS(ms); k++) {
    long best = -1;
    for (size_t i = 0; i < hg_table_nrows(t); i++)
      if (!strcmp(CELL(i, ci), id) && !strcmp(CELL(i, ca), area) &&
          (cs < 0 || !strcmp(CELL(i, cs), sex)) && !strcmp(CELL(i, cb), bt) &&
          !strcmp(CELL(i, cm), ms[k].m) &&
          (best < 0 || strcmp(CELL(i, cp), CELL((size_t)best, cp)) >= 0))
        best = (long)i;
    if (best < 0 || !*CELL((size_t)best, cv))
      continue;
    size_t i = (size_t)best;
    char *v = render_one_decimal(CELL(i, cv)), *l = render_one_decimal(CELL(i, cl)),
         *h = render_one_decimal(CELL(i, cu));
    g_string_append_printf(g, "%s%s %s", g->len ? "; " : "", ms[k].name, v);
    if (*CELL(i, cl) && *CELL(i, cu))
      g_string_append_printf(g, " (95%% CI %s to %s)", l, h);
    if (!strcmp(ms[k].m, "abs_gap") && *CELL(i, cg) && *CELL(i, cgv) && *CELL(i, crv)) {
      char *gv = render_one_decimal(CELL(i, cgv)), *rv = render_one_decimal(CELL(i, crv));
      g_string_append_printf(g, " between %s %s and %s %s", render_area_name(R, CELL(i, cg)), gv,
                             render_area_name(R, CELL(i, cr)), rv);
      g_free(gv);
      g_free(rv);
    }
    g_free(v);
    g_free(l);
    g_free(h);
    per = CELL(i, cp);
    if (*CELL(i, cn))
      note = CELL(i, cn);
  }
  char *n = g->len ? g_strdup_printf("%s, %s (results/inequalities.csv, PHE's methods)%s%s.",
                                     g->str, per, note ? "; " : "", note ? note : "")
                   : NULL;
  g_string_free(g, TRUE);
  return n;
#undef CELL
}

/* gap_text in the footnote of its chart. */
static void gap_note(render *R, page *p, const char *id, const char *area, const char *sex,
                     const char *bt) {
  char *n = gap_text(R, id, area, sex, bt);
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
  for (char *c = s; *c; c++)
    if (!g_ascii_isalnum(*c) && *c != '-')
      *c = '_';
  char *p = g_strdup_printf("%s/%s.png", dir, s);
  g_free(s);
  return p;
}

/* Deprivation pages, generic over whatever results/inequalities.csv holds:
 * every (indicator, area, sex, breakdown) with SII rows or a deprivation
 * breakdown, for the areas in scope (a set of codes).  First a summary page
 * (each group's latest gaps, SII and RII in words), then per group: the
 * gradient with its SII line (or the bars by quantile when no SII was
 * computed) where the quantile values are among the indicator results, and
 * the SII (or gap) over time when there are two periods or more. */
void render_deprivation_pages(render *R, GPtrArray *pages, GHashTable *scope, const char *png_dir) {
  hg_table *t = R->ineq_tab;
  if (!t)
    return;
  long ci = hg_table_col(t, "indicator_id"), ca = hg_table_col(t, "area_code"),
       cs = hg_table_col(t, "sex"), cb = hg_table_col(t, "breakdown_type"),
       cm = hg_table_col(t, "measure"), cp = hg_table_col(t, "period");
  if (ci < 0 || ca < 0 || cb < 0 || cm < 0 || cp < 0)
    return;
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  GArray *rows = g_array_new(FALSE, FALSE, sizeof(size_t)); /* first row of each group */
  for (size_t i = 0; i < hg_table_nrows(t); i++) {
    const char *area = hg_table_cell(t, i, (size_t)ca), *bt = hg_table_cell(t, i, (size_t)cb),
               *ms = hg_table_cell(t, i, (size_t)cm);
    int dep =
        strstr(bt, "depriv") || strstr(bt, "Depriv") || strstr(bt, "imd") || strstr(bt, "IMD");
    if ((!dep && strcmp(ms, "sii") != 0) || !g_hash_table_contains(scope, area))
      continue;
    char *key = g_strdup_printf("%s|%s|%s|%s", hg_table_cell(t, i, (size_t)ci), area,
                                cs >= 0 ? hg_table_cell(t, i, (size_t)cs) : "", bt);
    if (g_hash_table_contains(seen, key)) {
      g_free(key);
      continue;
    }
    g_hash_table_add(seen, key);
    g_array_append_val(rows, i);
  }
  g_hash_table_destroy(seen);
  /* Summary pages: every gradient's latest gaps and SII/RII in words, a few
   * groups a page so that nothing is cut. */
  page *sum = NULL;
  for (guint k = 0; k < rows->len; k++) {
    if (k % 7 == 0) {
      sum = render_text_page(pages, "Deprivation gradients: summary");
      render_line(sum,
                  "The latest gap between the most and least deprived groups, the slope "
                  "index of inequality (SII, the modelled gap across the whole gradient) "
                  "and the relative index (RII), from results/inequalities.csv (PHE's "
                  "methods). %s",
                  OGL);
    }
    size_t i = g_array_index(rows, size_t, k);
    const char *id = hg_table_cell(t, i, (size_t)ci), *area = hg_table_cell(t, i, (size_t)ca),
               *sex = cs >= 0 ? hg_table_cell(t, i, (size_t)cs) : "",
               *bt = hg_table_cell(t, i, (size_t)cb);
    char *txt = gap_text(R, id, area, sex, bt);
    render_line(sum, "# %s%s%s, %s (%s)", render_ind_name(R, id), *sex ? ", " : "", sex,
                render_area_name(R, area), bt);
    render_line(sum, "%s", txt ? txt : "No gap or SII could be computed.");
    g_free(txt);
  }
  guint first_chart = pages->len;
  for (guint r = 0; r < rows->len; r++) {
    size_t i = g_array_index(rows, size_t, r);
    const char *id = hg_table_cell(t, i, (size_t)ci), *area = hg_table_cell(t, i, (size_t)ca),
               *sex = cs >= 0 ? hg_table_cell(t, i, (size_t)cs) : "",
               *bt = hg_table_cell(t, i, (size_t)cb);
    /* which measures, over how many periods */
    size_t nsii = 0, ngap = 0;
    for (size_t k = 0; k < hg_table_nrows(t); k++)
      if (strcmp(hg_table_cell(t, k, (size_t)ci), id) == 0 &&
          strcmp(hg_table_cell(t, k, (size_t)ca), area) == 0 &&
          (cs < 0 || strcmp(hg_table_cell(t, k, (size_t)cs), sex) == 0) &&
          strcmp(hg_table_cell(t, k, (size_t)cb), bt) == 0) {
        nsii += strcmp(hg_table_cell(t, k, (size_t)cm), "sii") == 0;
        ngap += strcmp(hg_table_cell(t, k, (size_t)cm), "abs_gap") == 0;
      }
    long cc = hg_table_col(t, "component");
    const char *ct = dep_category_type(R, id, area, cc >= 0 ? hg_table_cell(t, i, (size_t)cc) : bt);
    page *g = NULL;
    if (ct) {
      hg_chart_request gr = {.kind = nsii ? HG_CHART_GRADIENT : HG_CHART_INEQUALITIES,
                             .indicator = id,
                             .area = area,
                             .sex = *sex ? sex : NULL,
                             .category_type = ct,
                             .fit_data = R->ineq};
      char *png = png_dep(png_dir, id, area, sex, "deprivation");
      g = render_chart_page(R, pages, &gr, R->ind, png);
      g_free(png);
      if (g)
        gap_note(R, g, id, area, sex, bt);
    }
    const char *measure = nsii ? "sii" : "abs_gap";
    size_t nper = nsii ? nsii : ngap;
    if (R->ineq && nper >= 2) { /* one period: the summary page says it */
      hg_chart_request gp = {.kind = HG_CHART_GAP,
                             .indicator = id,
                             .area = area,
                             .sex = *sex ? sex : NULL,
                             .measure = measure,
                             .category_type = bt};
      char *png = png_dep(png_dir, id, area, sex, measure);
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
        gap_note(R, q, id, area, sex, bt);
    }
  }
  /* one contents line for the charts (a page per indicator and sex) */
  if (pages->len - first_chart > 1)
    render_section(pages, first_chart, "Deprivation gradients and the SII over time, by indicator");
  g_array_free(rows, TRUE);
}

/* The group of (id, area) whose latest difference from the reference group
 * (diff_vs_ref, results/inequalities.csv) is widest, or NULL. */
static const char *widest_ethnic_gap(const render *R, const char *id, const char *area) {
  hg_table *t = R->ineq_tab;
  if (!t)
    return NULL;
  long ci = hg_table_col(t, "indicator_id"), ca = hg_table_col(t, "area_code"),
       cb = hg_table_col(t, "breakdown_type"), cm = hg_table_col(t, "measure"),
       cp = hg_table_col(t, "period"), cg = hg_table_col(t, "group"), cv = hg_table_col(t, "value");
  if (ci < 0 || ca < 0 || cb < 0 || cm < 0 || cp < 0 || cg < 0 || cv < 0)
    return NULL;
  const char *best = NULL, *best_period = NULL;
  double best_gap = -1;
  for (size_t i = 0; i < hg_table_nrows(t); i++) {
    if (strcmp(hg_table_cell(t, i, (size_t)ci), id) ||
        strcmp(hg_table_cell(t, i, (size_t)ca), area) ||
        !strstr(hg_table_cell(t, i, (size_t)cb), "ethnic") ||
        strcmp(hg_table_cell(t, i, (size_t)cm), "diff_vs_ref"))
      continue;
    const char *per = hg_table_cell(t, i, (size_t)cp);
    char *end = NULL;
    double v = g_ascii_strtod(hg_table_cell(t, i, (size_t)cv), &end);
    if (!end || *end || !isfinite(v))
      continue;
    int later = best_period ? strcmp(per, best_period) : 1; /* periods of one format */
    if (later > 0 || (later == 0 && fabs(v) > best_gap)) {
      best = hg_table_cell(t, i, (size_t)cg);
      best_period = per;
      best_gap = fabs(v);
    }
  }
  return best;
}

/* Ethnic-group pages of an area, for each indicator with such a breakdown
 * (synthetic in the demo): the latest values by group, then the widest gap
 * against the reference group over time with its trend. */
void render_ethnic_pages(render *R, GPtrArray *pages, const char *area) {
  GPtrArray *ids = g_ptr_array_new();
  for (guint i = 0; i < R->ctx->rows->len; i++) {
    const res_row *r = R->ctx->rows->pdata[i];
    const char *ct = r->col[RES_CATEGORY_TYPE];
    if (!strstr(ct, "Ethnic") || strcmp(r->col[RES_AREA_CODE], area) != 0)
      continue;
    if (!ids->len || strcmp(ids->pdata[ids->len - 1], r->col[RES_INDICATOR_ID]) != 0)
      g_ptr_array_add(ids, (gpointer)r->col[RES_INDICATOR_ID]);
  }
  for (guint k = 0; k < ids->len; k++) {
    const char *id = ids->pdata[k];
    hg_chart_request iq = {.kind = HG_CHART_INEQUALITIES,
                           .indicator = id,
                           .area = area,
                           .category_type = "Ethnic group (synthetic)"};
    page *bars = render_chart_page(R, pages, &iq, R->ind, NULL);
    if (bars && render_finite_points(bars) < 3) {
      /* most groups suppressed (the City of London): a near-empty page says nothing */
      render_drop_last(R, pages);
      continue;
    }
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
      g_free(q->title);
      q->title = g_strdup_printf("%s%s: gap between %s and the reference group, %s",
                                 render_is_synthetic(R, &iq) ? "SYNTHETIC: " : "",
                                 render_ind_name(R, id), grp, render_area_name(R, area));
      q->spec.title = q->title;
      if (render_is_synthetic(R, &iq))
        render_mark_synthetic(q);
    }
  }
  g_ptr_array_free(ids, TRUE);
}
