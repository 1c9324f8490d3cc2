/* render/pages_text.c: the text pages of the evidence packs (cover, targets
 * with status, contents, methods and sources) and the names they print. */
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "healthgap/targets.h"
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
    if (!g_str_has_prefix(r->col[RES_AREA_CODE], prefix) || *r->col[RES_CATEGORY] ||
        isnan(r->num[RES_SLOT(RES_VALUE)]))
      continue;
    const char *id = r->col[RES_INDICATOR_ID];
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

static const char *txt(const char *s) {
  return s ? s : "";
}

/* The sex of the results row a targets row summarises, when the indicator
 * has rows of more than one sex for it (else NULL): found by target, area,
 * period and value. */
static const char *target_sex(const render *R, const hg_target_row *t) {
  double v = render_published(t->latest_value);
  const char *found = NULL;
  int sexes = 0;
  for (guint i = 0; i < R->ctx->rows->len; i++) {
    const res_row *r = R->ctx->rows->pdata[i];
    if (strcmp(r->col[RES_TARGET_ID], txt(t->target_id)) ||
        strcmp(r->col[RES_AREA_CODE], txt(t->area_code)) ||
        strcmp(r->col[RES_PERIOD], txt(t->latest_period)) || *r->col[RES_CATEGORY])
      continue;
    sexes++;
    double x = r->num[RES_SLOT(RES_VALUE)];
    if (fabs(x - v) <= 1e-9 * fmax(1.0, fabs(v)))
      found = r->col[RES_SEX];
  }
  return sexes > 1 ? found : NULL;
}

static int in_areas(const char *code, const char *const *areas, size_t nareas) {
  for (size_t k = 0; k < nareas; k++)
    if (strcmp(code, areas[k]) == 0)
      return 1;
  return 0;
}

/* Targets with status (the run's results/targets.csv rows): one block per
 * target (what, target value and year), then the pack's areas on one
 * wrapped line each with latest value and status. */
void render_targets_page(render *R, GPtrArray *pages, const char *const *areas, size_t nareas) {
  const run_ctx *ctx = R->ctx;
  page *t = render_text_page(pages, "Health Inequalities Strategy targets");
  if (!ctx->targets) {
    render_line(t, "No targets in this run.");
    return;
  }
  render_line(t, "Latest value of each area in this pack against each target, and its status "
                 "(achieved, on track, at risk, off track, not enough data; docs/targets.md), as "
                 "results/targets.csv.");
  GString *acc = NULL;
  const char *cur = NULL;
  size_t shown = 0;
  for (size_t i = 0; i < ctx->ntarget_rows; i++) {
    const hg_target_row *tr = &ctx->target_rows[i];
    /* A target with no value for the area is in results/targets.csv with its reason. */
    if (!in_areas(txt(tr->area_code), areas, nareas) || isnan(tr->latest_value))
      continue;
    if (!cur || strcmp(cur, txt(tr->target_id)) != 0) {
      if (acc) {
        render_line(t, "%s", acc->str);
        g_string_free(acc, TRUE);
      }
      cur = txt(tr->target_id);
      char *goal = render_one_decimal(tr->target_value);
      char year[16] = "(no date)";
      if (tr->target_year)
        snprintf(year, sizeof year, "%d", tr->target_year);
      render_line(t, "# %s: %s, target %s by %s", cur, render_ind_name(R, txt(tr->indicator_id)),
                  goal, year);
      g_free(goal);
      acc = g_string_new("");
    }
    char *v = render_one_decimal(tr->latest_value);
    const char *sx = target_sex(R, tr);
    g_string_append_printf(acc, "%s%s%s%s %s: %s, %s", acc->len ? ";   " : "",
                           render_area_name(R, txt(tr->area_code)), sx ? " " : "", sx ? sx : "",
                           txt(tr->latest_period), v, txt(tr->status));
    g_free(v);
    shown++;
  }
  if (acc) {
    render_line(t, "%s", acc->str);
    g_string_free(acc, TRUE);
  }
  if (!shown)
    render_line(t, "No target applies to these areas in this run's data.");
  render_line(t, "Targets without a value for an area are listed in results/targets.csv with "
                 "the reason.");
  render_line(t, "%s", "");
  render_line(
      t,
      "Sources: the London Health Inequalities Strategy (GLA), DHSC, the Levelling Up white "
      "paper, the Environmental Targets Regulations 2023 and WHO guidelines, as named in "
      "each target's source text. Status: healthgap's target method (docs/). %s",
      R->licence);
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
 * table continued over as many pages as it needs, after the first page m. */
static void inputs_table(render *R, GPtrArray *pages, page *m) {
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
    if (rows == 0 || rows % 16 == 0) {
      if (rows)
        m = render_text_page(pages, "Appendix: input files (continued)");
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
  render_line(m, "%s", "");
  inputs_table(R, pages, m);
  render_section(pages, first, "Appendix: sources and input files");
}

static const char *page_title(const page *p) {
  const char *t = p->section ? p->section : p->heading ? p->heading : p->spec.title;
  return t ? t : "";
}

/* One line per title or section: a map and a compare chart of the same
 * indicator share their title, so they show as "5-6"; a run of pages of one
 * section (the profiles of each borough) is one line. */
void render_contents_page(page *contents, GPtrArray *pages, guint first_numbered) {
  for (guint i = first_numbered; i < pages->len;) {
    guint j = i + 1;
    while (j < pages->len && strcmp(page_title(pages->pdata[j]), page_title(pages->pdata[i])) == 0)
      j++;
    if (j - i > 1)
      render_line(contents, "%u-%u   %s", i + 1, j, page_title(pages->pdata[i]));
    else
      render_line(contents, "%u   %s", i + 1, page_title(pages->pdata[i]));
    i = j;
  }
}
