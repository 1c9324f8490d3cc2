/* render/pages_text.c: the text pages of the evidence packs (cover, targets
 * with status, contents, methods and sources) and the names they print. */
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "healthgap/targets.h"
#include "render/pages_targets.h"
#include "render/render.h"

page *render_text_page(GPtrArray *pages, const char *heading) {
  page *p = g_new0(page, 1);
  p->heading = g_strdup(heading);
  p->lines = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(pages, p);
  return p;
}

void render_line(page *p, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  g_ptr_array_add(p->lines, g_strdup_vprintf(fmt, ap));
  va_end(ap);
}

/* Indicator ids with rows for areas whose code starts with prefix, in
 * results order. */
GPtrArray *render_indicators_with(const run_ctx *ctx, const char *prefix) {
  GPtrArray *ids = g_ptr_array_new();
  for (guint i = 0; i < ctx->rows->len; i++) {
    const res_row *r = ctx->rows->pdata[i];
    if (!g_str_has_prefix(r->txt[RES_TXT_AREA_CODE], prefix) || *r->txt[RES_TXT_CATEGORY] ||
        isnan(r->num[RES_SLOT(RES_VALUE)]))
      continue;
    const char *id = r->txt[RES_TXT_INDICATOR_ID];
    if (!ids->len || strcmp(ids->pdata[ids->len - 1], id) != 0)
      g_ptr_array_add(ids, (gpointer)id);
  }
  /* rows are sorted by indicator, so equal ids are adjacent */
  return ids;
}

const char *render_ind_name(const render *R, const char *id) {
  const hg_indicator_meta *m = hg_indicator_registry_find(R->reg, id);
  return m && m->name ? m->name : id;
}

/* Metadata and targets files write micrograms as ASCII ("ug/m3"); the pages
 * print what the axes print (spec_axis_title), a reader's µg/m³. */
const char *render_unit_text(const char *unit) {
  if (unit && (!g_ascii_strcasecmp(unit, "ug/m3") || !g_ascii_strcasecmp(unit, "\xC2\xB5g/m3")))
    return "\xC2\xB5g/m\xC2\xB3";
  return unit;
}

page *render_cover(render *R, GPtrArray *pages, const char *title, const char *scope) {
  run_ctx *ctx = R->ctx;
  const hg_config *cfg = ctx->cfg;
  page *c = render_text_page(pages, title);
  render_line(c, "%s", scope);
  if (cfg->cover_text) {
    render_line(c, "%s", "");
    render_line(c, "%s", cfg->cover_text);
  }
  render_line(c, "%s", "");
  render_line(c, "Run %s, data as of %s (the run time).", ctx->run_id, ctx->iso);
  render_line(c, "Built by healthgap from the inputs listed in the appendix (sources and input "
                 "files); methods and definitions before it.");
  render_line(c, "%s", "");
  render_line(c, "# How to read this pack");
  render_line(
      c, "Colours compare each area with England (Better / Similar / Worse at 95%% confidence, "
         "Fingertips' method), or place it in quintiles where an indicator has no limits.");
  render_line(c,
              "Values and limits are never invented: where a publisher gave no confidence limits, "
              "none are drawn and the chart says so.");
  if (cfg->disclosure)
    render_line(c, "Counts from %g to %g are suppressed with every value derived from them.",
                cfg->suppress_min, cfg->suppress_max);
  else
    render_line(c, "No counts are suppressed: the config turns disclosure control off.");
  return c;
}

/* The synthetic inputs' files ("a; b", g_free), or NULL when none; *sources
 * (may be NULL) receives their distinct declared sources, or NULL. */
static char *synthetic_inputs(const render *R, char **sources) {
  GString *g = g_string_new(""), *src = g_string_new("");
  for (guint i = 0; i < R->ctx->files->len; i++) {
    const run_file *f = R->ctx->files->pdata[i];
    if (!render_input_synthetic(f))
      continue;
    g_string_append_printf(g, "%s%s", g->len ? "; " : "", f->display);
    if (f->in->source && !strstr(src->str, f->in->source))
      g_string_append_printf(src, "%s%s", src->len ? "; " : "", f->in->source);
  }
  if (sources)
    *sources = g_string_free(src, src->len == 0);
  else
    g_string_free(src, TRUE);
  return g_string_free(g, g->len == 0);
}

void render_cover_synthetic(render *R, page *cover, GPtrArray *pages) {
  int synth = 0;
  for (guint i = 0; i < pages->len && !synth; i++)
    synth = ((const page *)pages->pdata[i])->synthetic;
  if (!synth)
    return;
  char *src = NULL, *inputs = synthetic_inputs(R, &src);
  render_line(cover, "%s", "");
  render_line(cover, "# Synthetic data");
  render_line(cover,
              "Pages marked SYNTHETIC are drawn from synthetic inputs%s%s%s: their values are "
              "made up, not real. Never quote them.%s%s",
              inputs ? " (" : "", inputs ? inputs : "", inputs ? ")" : "", src ? " Source: " : "",
              src ? src : "");
  g_free(inputs);
  g_free(src);
}

const char *render_area_name(const render *R, const char *code) {
  const char *n = g_hash_table_lookup(R->names, code);
  return n && *n ? n : code;
}

/* A result number with one decimal (12.9480408159713 -> "12.9"), "-" when
 * missing. */
char *render_one_decimal(double v) {
  v = render_published(v);
  if (isnan(v))
    return g_strdup("-");
  return g_strdup_printf("%.1f", v);
}

/* The targets pages: a tracker table and trajectories (pages_targets.c). */
void render_targets_page(render *R, GPtrArray *pages, const char *const *areas, size_t nareas) {
  render_target_pages(R, pages, areas, nareas);
}

/* The sources and licences the config declares, each once, and the licence
 * statement; boundaries carry the OS notice. */
static void sources_lines(render *R, page *m) {
  const run_ctx *ctx = R->ctx;
  render_line(m, "# Sources and licences");
  GString *src = g_string_new("");
  int boundaries = 0;
  for (guint i = 0; i < ctx->files->len; i++) {
    const hg_config_input *in = ((const run_file *)ctx->files->pdata[i])->in;
    boundaries |= in->role == HG_ROLE_BOUNDARIES;
    if (!in->source)
      continue;
    char *item = g_strdup_printf("%s%s%s", in->source, in->licence ? ", " : "",
                                 in->licence ? in->licence : "");
    if (!strstr(src->str, item))
      g_string_append_printf(src, "%s%s", src->len ? "; " : "", item);
    g_free(item);
  }
  if (src->len)
    render_line(m, "Sources: %s.", src->str);
  g_string_free(src, TRUE);
  render_line(m, "%s%s", R->licence, boundaries ? " " OS_NOTE : "");
}

/* Each input file once (a file read by several inputs is one source), as a
 * table on pages of their own, 16 files a page. */
static void inputs_table(render *R, GPtrArray *pages) {
  page *m = NULL;
  const run_ctx *ctx = R->ctx;
  GPtrArray *seen = g_ptr_array_new();
  guint rows = 0;
  for (guint i = 0; i < ctx->files->len; i++) {
    const run_file *f = ctx->files->pdata[i];
    gboolean dup = FALSE;
    for (guint k = 0; k < seen->len && !dup; k++)
      dup = strcmp(seen->pdata[k], f->display) == 0;
    if (dup)
      continue;
    g_ptr_array_add(seen, f->display);
    if (rows % 16 == 0) {
      m = render_text_page(pages,
                           rows ? "Appendix: input files (continued)" : "Appendix: input files");
      render_line(m, "# Input files (the manifest, manifest.json, has every sha256 in full)");
      render_line(m, "|Input file|Role|sha256 (first 16 digits)");
    }
    render_line(m, "|%s%s|%s|%.16s", f->display, render_input_synthetic(f) ? " (SYNTHETIC)" : "",
                hg_input_role_name(f->in->role), f->sha256);
    rows++;
  }
  g_ptr_array_free(seen, TRUE);
}

void render_methods_page(render *R, GPtrArray *pages) {
  render_methods_section(R, pages);
  guint first = pages->len;
  page *m = render_text_page(pages, "Appendix: sources and input files");
  sources_lines(R, m);
  inputs_table(R, pages);
  render_section(pages, first, "Appendix: sources and input files");
}

static const char *page_title(const page *p) {
  const char *t = p->section ? p->section : p->heading ? p->heading : p->spec.title;
  return t ? t : "";
}

/* The end of the run of pages from i sharing page i's title. */
static guint same_title_end(GPtrArray *pages, guint i) {
  guint j = i + 1;
  while (j < pages->len && strcmp(page_title(pages->pdata[j]), page_title(pages->pdata[i])) == 0)
    j++;
  return j;
}

/* 1 when pages [i, j) are one indicator's map and compare chart: two chart
 * pages of one title outside any section. */
static int chart_pair(GPtrArray *pages, guint i, guint j) {
  const page *a = pages->pdata[i];
  return j - i == 2 && !a->heading && !a->section;
}

/* One line per title or section: a map and a compare chart of the same
 * indicator share their title, so they show as "5-6"; a run of pages of one
 * section (the profiles of each borough) is one line.  A run of more than
 * six such pairs (every indicator of a pack) is one wrapped entry naming
 * each indicator's first page, so that the contents fit on their page. */
void render_contents_page(page *contents, GPtrArray *pages, guint first_numbered) {
  for (guint i = first_numbered; i < pages->len;) {
    guint j = same_title_end(pages, i);
    guint k = i, npairs = 0;
    while (k < pages->len && chart_pair(pages, k, same_title_end(pages, k))) {
      k = same_title_end(pages, k);
      npairs++;
    }
    if (npairs > 6) {
      GString *g = g_string_new("");
      g_string_append_printf(g, "%u-%u   Maps and comparisons, by indicator: ", i + 1, k);
      for (guint m = i; m < k; m = same_title_end(pages, m))
        g_string_append_printf(g, "%s%s %u", m > i ? "; " : "", page_title(pages->pdata[m]), m + 1);
      render_line(contents, "%s", g->str);
      g_string_free(g, TRUE);
      i = k;
      continue;
    }
    if (j - i > 1)
      render_line(contents, "%u-%u   %s", i + 1, j, page_title(pages->pdata[i]));
    else
      render_line(contents, "%u   %s", i + 1, page_title(pages->pdata[i]));
    i = j;
  }
}
