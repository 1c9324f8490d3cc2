/* render/site_html.c: the HTML of the site: escaping, the page frame with its
 * navigation and filter box, sortable tables with their CSV, and charts as
 * inline SVG with their data as a table (the text alternative). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "healthgap/text.h"
#include "render/site.h"

void site_esc(GString *o, const char *text) {
  char *c = g_strdup(text ? text : "");
  hg_text_strip_bidi(c);
  char *e = g_markup_escape_text(c, -1);
  g_string_append(o, e);
  g_free(e);
  g_free(c);
}

char *site_ind_file(const char *id) {
  char *s = hg_name_make_safe(id, NULL);
  char *f = g_strdup_printf("ind-%s.html", s);
  g_free(s);
  return f;
}

char *site_icb_file(const char *code) {
  return g_strdup_printf("icb-%s.html", code);
}

char *site_borough_file(const char *code) {
  char *s = hg_name_make_safe(code, NULL);
  char *f = g_strdup_printf("borough-%s.html", s);
  g_free(s);
  return f;
}

const char *site_num(const site *S, const char *id, double v, char *buf) {
  if (!isfinite(v))
    return "";
  const hg_indicator_meta *m = hg_indicator_registry_find(S->R->reg, id);
  int dec = m && m->decimals >= 0 && m->decimals <= 6 ? m->decimals : 1;
  return hg_chart_format(v, dec, buf, 48);
}

const char *site_sig_class(const char *label) {
  static const char *const cls[HG_CHART_SIG_COUNT] = {"s-none",  "s-better", "s-similar", "s-worse",
                                                      "s-lower", "s-higher", "s-q1",      "s-q2",
                                                      "s-q3",    "s-q4",     "s-q5"};
  return cls[hg_chart_sig_parse(label ? label : "")];
}

/* One link of the navigation, marked current on its own page. */
static void nav_link(site *S, const char *file, const char *text, const char *kind) {
  g_string_append_printf(S->page, "<li data-kind=\"%s\"><a href=\"%s\"%s>", kind, file,
                         strcmp(file, S->current) == 0 ? " aria-current=\"page\"" : "");
  site_esc(S->page, text);
  g_string_append(S->page, "</a></li>\n");
}

/* Every page of the site, with the filter box that narrows the list. */
static void nav(site *S) {
  GString *o = S->page;
  g_string_append(o, "<nav aria-label=\"Pages of the dashboard\">\n"
                     "<label for=\"filter\">Find an indicator or area</label>\n"
                     "<input id=\"filter\" type=\"search\" autocomplete=\"off\" "
                     "aria-describedby=\"filter-status\">\n"
                     "<p id=\"filter-status\" class=\"status\" role=\"status\"></p>\n"
                     "<h2>Areas</h2>\n<ul class=\"findable\">\n");
  nav_link(S, "index.html", "London", "area");
  for (guint i = 0; i < S->icbs->len; i++) {
    char *f = site_icb_file(S->icbs->pdata[i]);
    nav_link(S, f, render_area_name(S->R, S->icbs->pdata[i]), "area");
    g_free(f);
  }
  for (guint i = 0; i < S->boroughs->len; i++) {
    char *f = site_borough_file(S->boroughs->pdata[i]);
    nav_link(S, f, render_area_name(S->R, S->boroughs->pdata[i]), "area");
    g_free(f);
  }
  g_string_append(o, "</ul>\n<h2>Indicators</h2>\n<ul class=\"findable\">\n");
  for (guint i = 0; i < S->ids->len; i++) {
    char *f = site_ind_file(S->ids->pdata[i]);
    nav_link(S, f, render_ind_name(S->R, S->ids->pdata[i]), "indicator");
    g_free(f);
  }
  g_string_append(o, "</ul>\n</nav>\n");
}

void site_head(site *S, const char *file, const char *title) {
  g_free(S->current);
  S->current = g_strdup(file);
  S->nchart = 0;
  S->ind = NULL;
  g_string_truncate(S->page, 0);
  GString *o = S->page;
  g_string_append(o, "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<title>");
  site_esc(o, title);
  g_string_append(o, " - ");
  site_esc(o, S->R->ctx->cfg->title);
  g_string_append(o, "</title>\n<link rel=\"stylesheet\" href=\"site.css\">\n"
                     "<script src=\"site.js\" defer></script>\n</head>\n<body>\n");
  S->glyph_at = o->len; /* the page's glyphs go here (site_glyphs_flush) */
  g_string_append(o, "<a class=\"skip\" href=\"#main\">Skip to the content</a>\n"
                     "<header>\n<p class=\"brand\"><a href=\"index.html\">");
  site_esc(o, S->R->ctx->cfg->title);
  g_string_append(o, "</a></p>\n<button type=\"button\" id=\"palette\" aria-pressed=\"false\">"
                     "Colour-blind safe colours</button>\n</header>\n<div class=\"layout\">\n");
  nav(S);
  g_string_append(o, "<main id=\"main\" tabindex=\"-1\">\n<h1>");
  site_esc(o, title);
  g_string_append(o, "</h1>\n");
}

void site_foot(site *S) {
  const run_ctx *ctx = S->R->ctx;
  g_string_append(S->page, "</main>\n</div>\n<footer>\n<p>Run ");
  site_esc(S->page, ctx->run_id);
  g_string_append_printf(S->page, " of %s. ", ctx->iso);
  site_esc(S->page, S->R->licence);
  g_string_append(S->page, " Every number is in the run's <a href=\"../results/indicators.csv\">"
                           "results</a>; <a href=\"../manifest.json\">manifest</a>.</p>\n"
                           "</footer>\n</body>\n</html>\n");
  site_glyphs_flush(S);
}

void site_table_begin(site *S, const char *caption, const char *const *cols) {
  GString *o = S->page;
  guint t = ++S->nchart;
  g_string_append_printf(o,
                         "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
                         "aria-labelledby=\"t%u\">\n<table class=\"sortable\">\n<caption "
                         "id=\"t%u\">",
                         t, t);
  site_esc(o, caption);
  g_string_append(o, "</caption>\n<thead>\n<tr>");
  for (size_t c = 0; cols[c]; c++) {
    int num = cols[c][0] == '#';
    g_string_append_printf(o, "<th scope=\"col\"%s><button type=\"button\">",
                           num ? " class=\"num\"" : "");
    site_esc(o, cols[c] + num);
    g_string_append(o, "</button></th>");
  }
  g_string_append(o, "</tr>\n</thead>\n<tbody>\n");
}

void site_row_begin(site *S, const char *row_header, const char *href) {
  g_string_append(S->page, "<tr><th scope=\"row\">");
  if (href)
    g_string_append_printf(S->page, "<a href=\"%s\">", href);
  site_esc(S->page, row_header);
  g_string_append(S->page, href ? "</a></th>" : "</th>");
}

void site_cell(site *S, const char *text, double sort, const char *cls) {
  GString *o = S->page;
  g_string_append(o, "<td");
  if (cls && *cls)
    g_string_append_printf(o, " class=\"%s\"", cls);
  if (isfinite(sort)) {
    char b[G_ASCII_DTOSTR_BUF_SIZE];
    g_string_append_printf(o, " data-v=\"%s\"", g_ascii_formatd(b, sizeof b, "%.17g", sort));
  }
  g_string_append_c(o, '>');
  site_esc(o, text);
  g_string_append(o, "</td>");
}

void site_row_end(site *S) {
  g_string_append(S->page, "</tr>\n");
}

void site_table_end(site *S, const char *csv) {
  g_string_append(S->page, "</tbody>\n</table>\n</div>\n");
  if (csv) {
    g_string_append_printf(
        S->page, "<p class=\"csv\"><a href=\"../%s\">The data: %s (CSV)</a></p>\n", csv, csv);
  }
}

/* ---- charts ---- */

/* Which columns a chart's points fill. */
typedef struct {
  int series, period, limits, sig, x;
} chart_cols;

static chart_cols cols_of(const hg_chart_spec *sp) {
  chart_cols c = {.series = sp->nseries > 1};
  for (size_t s = 0; s < sp->nseries; s++)
    for (size_t i = 0; i < sp->series[s].n; i++) {
      const hg_chart_point *p = &sp->series[s].pts[i];
      c.period |= p->period && *p->period;
      c.limits |= isfinite(p->lower) || isfinite(p->upper);
      c.sig |= p->sig != HG_CHART_SIG_NONE;
      c.x |= sp->kind == HG_CHART_GRADIENT && isfinite(p->x);
    }
  return c;
}

static const char *fmt(const hg_chart_spec *sp, double v, char *b) {
  if (!isfinite(v))
    return "";
  int dec = sp->decimals >= 0 ? sp->decimals : 2;
  return hg_chart_format(v, dec, b, 48);
}

/* Why the value of a chart's point is missing: the area's row when the
 * point names one and the page is an indicator's, else the general case. */
static void no_value_cell(site *S, const hg_chart_point *p) {
  char *why = S->ind && p->code && *p->code ? site_why_no_value(S, S->ind, p->code, p->period, NULL)
                                            : g_strdup("no value: suppressed or not in the data");
  site_cell_why(S, why);
  g_free(why);
}

/* The cells of a point's numbers: each empty one says why. */
static void point_cells(site *S, const hg_chart_spec *sp, chart_cols c, const hg_chart_point *p) {
  char b[48];
  int has = isfinite(p->value);
  if (c.x && isfinite(p->x))
    site_cell(S, hg_chart_format(p->x, 3, b, sizeof b), p->x, "num");
  else if (c.x)
    site_cell_why(S, "no rank: no value");
  if (has)
    site_cell(S, fmt(sp, p->value, b), p->value, "num");
  else
    no_value_cell(S, p);
  if (c.limits) {
    const char *why = has ? "no confidence interval in the data" : "no value";
    for (int k = 0; k < 2; k++) {
      double v = k ? p->upper : p->lower;
      if (isfinite(v))
        site_cell(S, fmt(sp, v, b), v, "num");
      else
        site_cell_why(S, why);
    }
  }
  if (c.sig) {
    if (p->sig)
      site_cell(S, hg_chart_sig_label(p->sig), NAN, NULL);
    else if (p->role == HG_ROLE_ENGLAND || (p->code && !strcmp(p->code, "E92000001")))
      site_cell_why(S, "the benchmark itself");
    else
      site_cell_why(S, has ? "Not compared" : "not compared: no value");
  }
}

/* The chart's points as a table: its text alternative. */
static void chart_table(site *S, const hg_chart_spec *sp, const char *csv) {
  chart_cols c = cols_of(sp);
  const char *cols[9];
  size_t n = 0;
  cols[n++] = sp->kind == HG_CHART_OVERVIEW ? "Area" : "Label";
  if (c.series)
    cols[n++] = "Series";
  if (c.period)
    cols[n++] = "Period";
  if (c.x)
    cols[n++] = "#Relative rank";
  cols[n++] = "#Value";
  if (c.limits) {
    cols[n++] = "#Lower 95% limit";
    cols[n++] = "#Upper 95% limit";
  }
  if (c.sig)
    cols[n++] = "Compared";
  cols[n] = NULL;
  char *cap = g_strdup_printf("Data of the chart: %s", sp->title ? sp->title : "");
  g_string_append(S->page, "<details>\n<summary>The chart's data as a table</summary>\n");
  site_table_begin(S, cap, cols);
  g_free(cap);
  for (size_t s = 0; s < sp->nseries; s++) {
    const hg_chart_series *se = &sp->series[s];
    for (size_t i = 0; i < se->n; i++) {
      const hg_chart_point *p = &se->pts[i];
      site_row_begin(S, p->label && *p->label ? p->label : "(no label)", NULL);
      if (c.series && se->name && *se->name)
        site_cell(S, se->name, NAN, NULL);
      else if (c.series)
        site_cell_why(S, "no name in the data");
      if (c.period && p->period && *p->period)
        site_cell(S, p->period, NAN, NULL);
      else if (c.period)
        site_cell_why(S, "no period in the data");
      point_cells(S, sp, c, p);
      site_row_end(S);
    }
  }
  site_table_end(S, csv);
  g_string_append(S->page, "</details>\n");
}

/* The SVG of sp (Fingertips colours; the page's colour-blind switch
 * recolours its significance classes by CSS), or a sentence saying it could
 * not be drawn. */
static void chart_svg(site *S, const hg_chart_spec *sp) {
  hg_chart_options o = {.timestamp = S->R->ctx->time};
  char prefix[32], *svg = NULL;
  snprintf(prefix, sizeof prefix, "c%u-", S->nchart);
  if (hg_chart_write_svg(sp, &o, prefix, &svg) == HG_OK)
    site_svg_append(S, svg);
  else
    g_string_append(S->page, "<p>This chart could not be drawn; its data is below.</p>");
  g_free(svg);
}

void site_chart(site *S, const page *p, const char *csv) {
  const hg_chart_spec *sp = &p->spec;
  ++S->nchart;
  g_string_append(S->page, "<figure class=\"chart\">\n");
  chart_svg(S, sp);
  g_string_append(S->page, "<figcaption>");
  site_esc(S->page, sp->title);
  g_string_append(S->page, "</figcaption>\n");
  chart_table(S, sp, csv);
  g_string_append(S->page, "</figure>\n");
}
