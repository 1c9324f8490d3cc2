/* render/site_pages.c: the pages of the site.  London's home page, each
 * ICB's and each borough's with a pack: the key results (latest values against England), the target
 * tracker (the rows of results/targets.csv) and the overview (a tartan rug
 * of indicators by areas, coloured by the comparison with England, with the
 * recent trend's arrow); every empty cell says why (site_why.c).  An
 * indicator's page: the compare chart of the
 * boroughs, the map, the trend for London and the deprivation and ethnic
 * breakdowns that the packs draw, each with its data. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "healthgap/targets.h"
#include "render/site.h"

#define LONDON "E12000007"
#define ENGLAND "E92000001"

static const res_row *latest(const site *S, const char *id, const char *area) {
  char *k = g_strdup_printf("%s\x1f%s", id, area);
  const res_row *r = g_hash_table_lookup(S->latest, k);
  g_free(k);
  return r;
}

/* The headline row of (id, area) in period (NULL: none). */
static const res_row *at(const site *S, const char *id, const char *area, const char *period) {
  char *k = g_strdup_printf("%s\x1f%s\x1f%s", id, area, period);
  const res_row *r = g_hash_table_lookup(S->at, k);
  g_free(k);
  return r;
}

static double value_of(const res_row *r) {
  return r ? render_published(r->num[RES_SLOT(RES_VALUE)]) : NAN;
}

/* "↑" and its words for a recent trend, "" when none. */
static const char *arrow(const char *trend) {
  switch (hg_chart_trend_parse(trend ? trend : "")) {
  case HG_CHART_TREND_UP_BETTER:
  case HG_CHART_TREND_UP_WORSE:
  case HG_CHART_TREND_UP:
    return "\u2191";
  case HG_CHART_TREND_DOWN_BETTER:
  case HG_CHART_TREND_DOWN_WORSE:
  case HG_CHART_TREND_DOWN:
    return "\u2193";
  case HG_CHART_TREND_NO_CHANGE:
    return "\u2192";
  default:
    return "";
  }
}

/* ---- key results ---- */

/* r's value, or why there is none for area (in period when not NULL). */
static void value_cell(site *S, const char *id, const res_row *r, const char *area,
                       const char *period) {
  char b[48];
  double v = value_of(r);
  if (isfinite(v)) {
    site_cell(S, site_num(S, id, v, b), v, "num");
    return;
  }
  char *why = site_why_no_value(S, id, area, period, NULL);
  site_cell_why(S, why);
  g_free(why);
}

static void key_results(site *S, const char *area, const char *area_name) {
  g_string_append(S->page, "<h2>Key results</h2>\n");
  char *vcol = g_strdup_printf("#%s", area_name);
  const char *cols[] = {"Indicator",    "Period", vcol, "#England", "Compared with England",
                        "Recent trend", NULL};
  char *cap = g_strdup_printf("Latest value of each indicator: %s against England", area_name);
  site_table_begin(S, cap, cols);
  for (guint i = 0; i < S->ids->len; i++) {
    const char *id = S->ids->pdata[i];
    /* England in the area's latest period: a value against the same year */
    const res_row *r = latest(S, id, area);
    const res_row *e = r ? at(S, id, ENGLAND, r->txt[RES_TXT_PERIOD]) : latest(S, id, ENGLAND);
    char *f = site_ind_file(id);
    site_row_begin(S, render_ind_name(S->R, id), f);
    g_free(f);
    const char *period = r ? r->txt[RES_TXT_PERIOD] : (e ? e->txt[RES_TXT_PERIOD] : NULL);
    if (period)
      site_cell(S, period, NAN, NULL);
    else
      site_cell_why(S, "none: no value here or for England in this run");
    value_cell(S, id, r, area, NULL);
    value_cell(S, id, e, ENGLAND, period);
    const char *cmp = r ? r->txt[RES_TXT_COMPARED_TO_ENGLAND] : "";
    char *why = *cmp ? NULL : site_why_not_compared(S, r, e);
    if (why)
      site_cell_why(S, why);
    else
      site_cell(S, cmp, NAN, site_sig_class(cmp));
    g_free(why);
    const char *tr = r ? r->txt[RES_TXT_RECENT_TREND] : "";
    why = *tr ? NULL : site_why_no_trend(r);
    if (why)
      site_cell_why(S, why);
    else
      site_cell(S, tr, NAN, NULL);
    g_free(why);
    site_row_end(S);
  }
  site_table_end(S, "results/indicators.csv");
  g_free(cap);
  g_free(vcol);
}

/* ---- target tracker ---- */

/* A number of a target row, or why it is empty. */
static void target_num(site *S, const char *id, double v, const char *why) {
  char b[48];
  v = render_published(v);
  if (isfinite(v))
    site_cell(S, site_num(S, id, v, b), v, "num");
  else
    site_cell_why(S, why);
}

/* The cells after the area: each empty one says why (the row's reason). */
static void target_cells(site *S, const hg_target_row *t) {
  /* the status cell gives the reason in full */
  const char *reason = t->reason && *t->reason ? "none: see the status" : "no value";
  if (t->latest_period && *t->latest_period)
    site_cell(S, t->latest_period, NAN, NULL);
  else
    site_cell_why(S, reason);
  target_num(S, t->indicator_id, t->latest_value, reason);
  char *tw = t->reason && *t->reason
                 ? g_strdup_printf("not resolved: %s", t->reason)
                 : g_strdup("not resolved: the target is relative to a baseline with no value");
  target_num(S, t->indicator_id, t->target_value, tw);
  g_free(tw);
  char b[48];
  snprintf(b, sizeof b, "%d", t->target_year);
  if (t->target_year)
    site_cell(S, b, t->target_year, "num");
  else
    site_cell_why(S, "no target year: a limit to meet at any time");
  const char *st = t->status ? t->status : "";
  char *text = t->reason && *t->reason ? g_strdup_printf("%s: %s", st, t->reason) : g_strdup(st);
  site_cell(S, text, NAN,
            !strcmp(st, "achieved")    ? "st-achieved"
            : !strcmp(st, "off track") ? "st-off"
                                       : NULL);
  g_free(text);
}

static void targets(site *S, GHashTable *areas) {
  const run_ctx *ctx = S->R->ctx;
  if (!ctx->target_rows || !ctx->ntarget_rows)
    return;
  g_string_append(S->page, "<h2>Target tracker</h2>\n");
  const char *cols[] = {"Target",        "Indicator",     "Area",
                        "Latest period", "#Latest value", "#Target value",
                        "#Year",         "Status",        NULL};
  site_table_begin(S, "Progress against the targets (results/targets.csv)", cols);
  size_t shown = 0;
  for (size_t i = 0; i < ctx->ntarget_rows; i++) {
    const hg_target_row *t = &ctx->target_rows[i];
    if (!t->area_code || !g_hash_table_contains(areas, t->area_code))
      continue;
    site_row_begin(S, t->target_id, NULL);
    site_cell(S, render_ind_name(S->R, t->indicator_id), NAN, NULL);
    site_cell(S, render_area_name(S->R, t->area_code), NAN, NULL);
    target_cells(S, t);
    site_row_end(S);
    shown++;
  }
  site_table_end(S, "results/targets.csv");
  if (!shown)
    g_string_append(S->page, "<p>No target applies to these areas.</p>\n");
}

/* ---- overview: the tartan rug ---- */

static void rug_legend(site *S) {
  g_string_append(S->page, "<ul class=\"legend\" aria-label=\"Colours of the overview\">"
                           "<li class=\"s-better\">Better than England</li>"
                           "<li class=\"s-similar\">Similar</li><li class=\"s-worse\">Worse</li>"
                           "<li class=\"s-lower\">Lower</li><li class=\"s-higher\">Higher</li>"
                           "<li class=\"s-none\">Not compared</li>"
                           "<li class=\"why\">no data, not published, other periods: no value (the "
                           "reason in its tooltip)</li>"
                           "<li>\u2191 increasing, \u2193 decreasing, \u2192 no significant change "
                           "(recent trend)</li></ul>\n");
}

static void rug_cell(site *S, const char *id, const char *area, const char *period) {
  const res_row *r = period ? at(S, id, area, period) : NULL;
  double v = value_of(r);
  char b[48];
  if (!r || !isfinite(v)) {
    const char *brief;
    char *why = site_why_no_value(S, id, area, period, &brief);
    site_cell_why_brief(S, brief, why);
    g_free(why);
    return;
  }
  const char *cmp = r->txt[RES_TXT_COMPARED_TO_ENGLAND], *tr = r->txt[RES_TXT_RECENT_TREND];
  GString *o = S->page;
  char bv[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append_printf(o, "<td class=\"%s\" data-v=\"%s\">", site_sig_class(cmp),
                         g_ascii_formatd(bv, sizeof bv, "%.17g", v));
  site_esc(o, site_num(S, id, v, b));
  const char *a = arrow(tr);
  if (*a) {
    g_string_append_printf(o, " <span aria-hidden=\"true\">%s</span><span class=\"vh\">, ", a);
    site_esc(o, tr);
    g_string_append(o, "</span>");
  }
  if (*cmp) {
    g_string_append(o, "<span class=\"vh\">; ");
    site_esc(o, cmp);
    g_string_append(o, "</span>");
  }
  g_string_append(o, "</td>");
}

/* Rows: indicators; columns: the areas (codes, in the order given). */
static void rug(site *S, const char *caption, GPtrArray *areas) {
  g_string_append(S->page, "<h2>Overview</h2>\n");
  rug_legend(S);
  const char **cols = g_new0(const char *, areas->len + 3);
  char **names = g_new0(char *, areas->len + 1);
  cols[0] = "Indicator";
  cols[1] = "Period";
  for (guint k = 0; k < areas->len; k++)
    cols[k + 2] = names[k] = g_strdup_printf("#%s", render_area_name(S->R, areas->pdata[k]));
  g_string_append(S->page, "<div class=\"rug\">\n");
  site_table_begin(S, caption, cols);
  for (guint i = 0; i < S->ids->len; i++) {
    const char *id = S->ids->pdata[i];
    /* one period per row, as Fingertips' rug: the latest of the areas below England */
    const res_row *any = NULL;
    for (guint k = 0; k < areas->len; k++) {
      const res_row *r = latest(S, id, areas->pdata[k]);
      if (r && strcmp(areas->pdata[k], ENGLAND) != 0 && (!any || r->sortable > any->sortable))
        any = r;
    }
    char *f = site_ind_file(id);
    site_row_begin(S, render_ind_name(S->R, id), f);
    g_free(f);
    if (any)
      site_cell(S, any->txt[RES_TXT_PERIOD], NAN, NULL);
    else
      site_cell_why_brief(S, "none", "no value for these areas in this run");
    for (guint k = 0; k < areas->len; k++)
      rug_cell(S, id, areas->pdata[k], any ? any->txt[RES_TXT_PERIOD] : NULL);
    site_row_end(S);
  }
  site_table_end(S, "results/indicators.csv");
  g_string_append(S->page, "</div>\n");
  g_strfreev(names);
  g_free(cols);
}

/* The boroughs of the results (E09 codes), or of one ICB (icb not NULL), by name. */
static GPtrArray *boroughs(const site *S, const char *icb) {
  GPtrArray *v = g_ptr_array_new();
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < S->R->ctx->rows->len; i++) {
    const res_row *r = S->R->ctx->rows->pdata[i];
    const char *c = r->txt[RES_TXT_AREA_CODE];
    if (g_str_has_prefix(c, "E09") && (!icb || !strcmp(r->txt[RES_TXT_ICB_CODE], icb)) &&
        g_hash_table_add(seen, (gpointer)c))
      g_ptr_array_add(v, (gpointer)c);
  }
  g_hash_table_destroy(seen);
  g_ptr_array_sort_with_data(v, site_by_name, S->R);
  return v;
}

/* The borough pages among codes (all of them when codes is NULL), as a
 * line of links; nothing when there is none. */
static void borough_links(site *S, GPtrArray *codes) {
  GString *o = S->page;
  guint n = 0;
  for (guint i = 0; i < S->boroughs->len; i++) {
    const char *c = S->boroughs->pdata[i];
    if (codes && !g_ptr_array_find_with_equal_func(codes, c, g_str_equal, NULL))
      continue;
    char *f = site_borough_file(c);
    g_string_append_printf(o, "%s<a href=\"%s\">", n++ ? ", " : "<p>Borough pages: ", f);
    site_esc(o, render_area_name(S->R, c));
    g_string_append(o, "</a>");
    g_free(f);
  }
  if (n)
    g_string_append(o, ".</p>\n");
}

static GHashTable *area_set(GPtrArray *codes) {
  GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < codes->len; i++)
    g_hash_table_add(h, codes->pdata[i]);
  return h;
}

void site_home(site *S) {
  site_head(S, "index.html", "London");
  g_string_append(S->page, "<p class=\"lede\">");
  site_esc(S->page, S->R->ctx->cfg->cover_text ? S->R->ctx->cfg->cover_text : "");
  g_string_append(S->page, " London's latest values against England, progress against the "
                           "targets, and every borough at a glance. Each indicator has a page "
                           "of its own (the list of pages).</p>\n");
  borough_links(S, NULL);
  key_results(S, LONDON, "London");
  GPtrArray *areas = boroughs(S, NULL);
  g_ptr_array_insert(areas, 0, (gpointer)LONDON);
  g_ptr_array_insert(areas, 0, (gpointer)ENGLAND);
  GHashTable *tset = g_hash_table_new(g_str_hash, g_str_equal);
  g_hash_table_add(tset, (gpointer)LONDON);
  g_hash_table_add(tset, (gpointer)ENGLAND);
  targets(S, tset);
  rug(S,
      "Overview: the latest value of each indicator in London and its boroughs, coloured "
      "by the comparison with England",
      areas);
  g_hash_table_destroy(tset);
  g_ptr_array_free(areas, TRUE);
  site_foot(S);
}

void site_icb(site *S, const char *icb, const char *name) {
  char *f = site_icb_file(icb);
  site_head(S, f, name);
  g_string_append(S->page, "<p class=\"lede\">");
  site_esc(S->page, name);
  g_string_append_printf(S->page,
                         " (%s): its latest values against England, its targets and its "
                         "boroughs at a glance.</p>\n",
                         icb);
  GPtrArray *areas = boroughs(S, icb);
  borough_links(S, areas);
  key_results(S, icb, name);
  g_ptr_array_insert(areas, 0, (gpointer)icb);
  g_ptr_array_insert(areas, 0, (gpointer)LONDON);
  GHashTable *tset = area_set(areas);
  targets(S, tset);
  char *cap = g_strdup_printf("Overview: the latest value of each indicator in %s and its "
                              "boroughs, coloured by the comparison with England",
                              name);
  rug(S, cap, areas);
  g_free(cap);
  g_hash_table_destroy(tset);
  g_ptr_array_free(areas, TRUE);
  site_foot(S);
  g_free(f);
}

/* The ICB of a borough in the results ("" when none). */
static const char *icb_of(const site *S, const char *code) {
  for (guint i = 0; i < S->R->ctx->rows->len; i++) {
    const res_row *r = S->R->ctx->rows->pdata[i];
    if (!strcmp(r->txt[RES_TXT_AREA_CODE], code) && *r->txt[RES_TXT_ICB_CODE])
      return r->txt[RES_TXT_ICB_CODE];
  }
  return "";
}

/* A borough's page: its key results and targets, and the overview of its
 * ICB's boroughs with the borough first. */
void site_borough(site *S, const char *code) {
  const char *name = render_area_name(S->R, code), *icb = icb_of(S, code);
  char *f = site_borough_file(code);
  site_head(S, f, name);
  g_string_append(S->page, "<p class=\"lede\">");
  site_esc(S->page, name);
  g_string_append_printf(S->page, " (%s)", code);
  if (*icb) {
    char *icbf = site_icb_file(icb);
    int has_page = g_ptr_array_find_with_equal_func(S->icbs, icb, g_str_equal, NULL);
    g_string_append(S->page, ", in ");
    if (has_page)
      g_string_append_printf(S->page, "<a href=\"%s\">", icbf);
    site_esc(S->page, render_area_name(S->R, icb));
    g_string_append(S->page, has_page ? "</a>" : "");
    g_free(icbf);
  }
  g_string_append(S->page, ": its latest values against England, its targets, and the "
                           "boroughs around it at a glance.</p>\n");
  key_results(S, code, name);
  GHashTable *tset = g_hash_table_new(g_str_hash, g_str_equal);
  g_hash_table_add(tset, (gpointer)code);
  targets(S, tset);
  GPtrArray *areas = *icb ? boroughs(S, icb) : g_ptr_array_new();
  guint at_k;
  if (g_ptr_array_find_with_equal_func(areas, code, g_str_equal, &at_k))
    g_ptr_array_remove_index(areas, at_k);
  g_ptr_array_insert(areas, 0, (gpointer)code);
  if (*icb)
    g_ptr_array_insert(areas, 0, (gpointer)icb);
  g_ptr_array_insert(areas, 0, (gpointer)LONDON);
  char *cap = g_strdup_printf("Overview: the latest value of each indicator in %s, its ICB and "
                              "the ICB's other boroughs, coloured by the comparison with England",
                              name);
  rug(S, cap, areas);
  g_free(cap);
  g_ptr_array_free(areas, TRUE);
  g_hash_table_destroy(tset);
  site_foot(S);
  g_free(f);
}

/* ---- indicator pages ---- */

static void charts_of(site *S, GPtrArray *pages) {
  for (guint i = 0; i < pages->len; i++) {
    const page *p = pages->pdata[i];
    if (p->heading)
      continue;
    site_chart(
        S, p, p->spec.kind == HG_CHART_GAP ? "results/inequalities.csv" : "results/indicators.csv");
  }
}

/* Periods with a value in the area's own series (the first). */
static size_t trend_points(const page *p) {
  size_t n = 0;
  for (size_t i = 0; p->spec.nseries && i < p->spec.series[0].n; i++)
    n += isfinite(p->spec.series[0].pts[i].value) != 0;
  return n;
}

static void indicator_intro(site *S, const char *id) {
  const GString *src = g_hash_table_lookup(S->R->sources, id);
  const hg_indicator_meta *m = hg_indicator_registry_find(S->R->reg, id);
  g_string_append(S->page, "<p class=\"lede\">Indicator ");
  site_esc(S->page, id);
  if (m && m->unit && *m->unit) {
    g_string_append(S->page, ", in ");
    site_esc(S->page, render_unit_text(m->unit));
  }
  g_string_append(S->page, ". Source: ");
  site_esc(S->page, src ? src->str : m && m->source ? m->source : "see the manifest");
  char b[48], e[48];
  const res_row *lr = latest(S, id, LONDON);
  const res_row *er = lr ? at(S, id, ENGLAND, lr->txt[RES_TXT_PERIOD]) : latest(S, id, ENGLAND);
  const res_row *pr = lr ? lr : er;
  double lv = value_of(lr), ev = value_of(er);
  if (pr) {
    g_string_append(S->page, ". Latest (");
    site_esc(S->page, pr->txt[RES_TXT_PERIOD]);
    g_string_append_printf(S->page, "): London %s, England %s",
                           isfinite(lv) ? site_num(S, id, lv, b) : "no value",
                           isfinite(ev) ? site_num(S, id, ev, e) : "no value");
  }
  g_string_append(S->page, ".</p>\n");
}

void site_indicator(site *S, const char *id) {
  char *f = site_ind_file(id);
  site_head(S, f, render_ind_name(S->R, id));
  S->ind = id;
  indicator_intro(S, id);
  render *R = S->R;
  GPtrArray *pages = g_ptr_array_new_with_free_func(render_page_free);
  hg_chart_request cm = {.kind = HG_CHART_COMPARE, .indicator = id, .area_prefix = "E09"};
  render_chart_page(R, pages, &cm, R->ind, NULL);
  if (R->boroughs) {
    hg_chart_request mp = {
        .kind = HG_CHART_MAP, .indicator = id, .area_prefix = "E09", .geo = R->boroughs};
    render_chart_page(R, pages, &mp, R->ind, NULL);
  }
  hg_chart_request tr = {.kind = HG_CHART_TRENDS, .indicator = id, .area = LONDON};
  page *t = render_chart_page(R, pages, &tr, R->ind, NULL);
  if (t && trend_points(t) < 2) /* one period is no trend */
    render_drop_last(R, pages);
  g_string_append(S->page, "<h2>London's boroughs</h2>\n");
  charts_of(S, pages);
  GPtrArray *mine = g_ptr_array_new();
  for (guint i = 0; i < S->extra->len; i++) {
    page *p = S->extra->pdata[i];
    if (!p->heading && p->indicator && !strcmp(p->indicator, id))
      g_ptr_array_add(mine, p);
  }
  if (mine->len) {
    g_string_append(S->page, "<h2>Deprivation and ethnic groups</h2>\n");
    charts_of(S, mine);
  }
  g_ptr_array_free(mine, TRUE);
  g_ptr_array_free(pages, TRUE);
  site_foot(S);
  g_free(f);
}
