/* run_render.c: the render stage of a run: the evidence packs and chart PNGs.
 *
 * Charts are built by the chart module from the results the run has just
 * written into its staging folder (results/indicators.csv and
 * inequalities.csv), so that a pack shows exactly the published numbers.
 * Pages are planned first (so the contents page knows every page number),
 * then written.  A chart the data cannot support (an indicator without
 * borough rows, a map without boundaries) is skipped with a warning, never
 * drawn from invented data.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "healthgap/chart.h"
#include "healthgap/indicator_registry.h"
#include "healthgap/pack.h"
#include "healthgap/table.h"
#include "run_internal.h"

#define OGL "Contains public sector information licensed under the Open Government Licence v3.0."
#define SYNTH_NOTE "SYNTHETIC data (inputs named synthetic_*): made up for the demo, not real. "
#define OS_NOTE "Boundaries: contains OS data (c) Crown copyright and database right 2023."

typedef struct {
  char *heading;          /* text page, or NULL for a chart page */
  GPtrArray *lines;       /* char* */
  hg_chart_built *built;  /* chart page */
  hg_chart_spec spec;     /* copy of the built spec with our footnote */
  char *footnote, *source;
  char *png;              /* charts/<...>.png to write too, or NULL */
  char *title;            /* the spec's title with SYNTHETIC added, or NULL */
  const char *section;    /* contents entry shared by consecutive pages, or NULL (title) */
  hg_chart_point *pts;    /* the kept points (keep_points), or NULL */
  hg_chart_series ser;
  hg_boundaries *geo, *outline; /* owned subsets (ICB maps), or NULL */
  hg_chart_recording *rec;      /* drawn by a render worker */
  hg_status rec_st;
  int png_ok;
} page;

static void page_free(gpointer x) {
  page *p = x;
  g_free(p->heading);
  if (p->lines)
    g_ptr_array_free(p->lines, TRUE);
  hg_chart_built_free(p->built);
  g_free(p->footnote);
  g_free(p->source);
  g_free(p->png);
  g_free(p->title);
  g_free(p->pts);
  hg_boundaries_free(p->geo);
  hg_boundaries_free(p->outline);
  hg_chart_recording_free(p->rec);
  g_free(p);
}

/* One pack: its pages in order, drawn by the workers, written by one thread. */
typedef struct {
  GPtrArray *pages; /* page* */
  char *rel, *title;
} plan;

static void plan_free(gpointer x) {
  plan *pl = x;
  g_ptr_array_free(pl->pages, TRUE);
  g_free(pl->rel);
  g_free(pl->title);
  g_free(pl);
}

typedef struct {
  run_ctx *ctx;
  hg_chart_data *ind, *ineq;
  hg_boundaries *boroughs, *msoas;
  hg_indicator_registry *reg;
  hg_table *icb_lookup; /* LA_code, LA_name, ICB_code, ICB_name */
  hg_table *ineq_tab;   /* results/inequalities.csv by column, or NULL */
  GHashTable *names;    /* area code -> area name (borrowed from the results) */
  GPtrArray *plans;     /* plan*, in output order */
  size_t skipped;
  int any_synthetic; /* an input file is named synthetic_* */
} render;

static page *text_page(GPtrArray *pages, const char *heading) {
  page *p = g_new0(page, 1);
  p->heading = g_strdup(heading);
  p->lines = g_ptr_array_new_with_free_func(g_free);
  g_ptr_array_add(pages, p);
  return p;
}

static void line(page *p, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void line(page *p, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  g_ptr_array_add(p->lines, g_strdup_vprintf(fmt, ap));
  va_end(ap);
}

/* Synthetic data is named so in its indicator (id or registry name) or in its
 * breakdown (category type), and every chart of it says so. */
static int is_synthetic(const render *R, const hg_chart_request *req) {
  if (req->category_type && strstr(req->category_type, "synthetic"))
    return 1;
  if (!req->indicator)
    return 0;
  const hg_indicator_meta *m = hg_indicator_registry_find(R->reg, req->indicator);
  if (strstr(req->indicator, "synthetic"))
    return 1;
  return m && m->name && strstr(m->name, "SYNTHETIC") != NULL;
}

/* 1 when some point of the built chart is judged against a benchmark.  A map
 * of none would be one flat grey, or (published quintile labels only) a
 * legend "compared with benchmark" over Q1..Q5 without their values: both
 * say more as quintiles of the values, with their ranges in the legend. */
static int any_compared(const hg_chart_spec *sp) {
  for (size_t s = 0; s < sp->nseries; s++)
    for (size_t i = 0; i < sp->series[s].n; i++) {
      hg_chart_sig g = sp->series[s].pts[i].sig;
      if (g != HG_CHART_SIG_NONE && (g < HG_CHART_SIG_Q1 || g > HG_CHART_SIG_Q5))
        return 1;
    }
  return 0;
}

/* One chart page from a request; NULL (and counted) when it cannot be built. */
static page *chart_page(render *R, GPtrArray *pages, const hg_chart_request *req_in,
                        const hg_chart_data *data, const char *png) {
  hg_chart_request req = *req_in;
  const hg_indicator_meta *m = req.indicator
                                   ? hg_indicator_registry_find(R->reg, req.indicator)
                                   : NULL;
  char *source = g_strdup_printf("Source: %s", m && m->source && *m->source
                                                   ? m->source
                                                   : "see Methods and sources");
  req.source = m && m->source && *m->source ? m->source : NULL;
  hg_chart_built *b = NULL;
  hg_error err;
  hg_error_clear(&err);
  hg_status bst = hg_chart_build(data, &req, &b, &err);
  if (bst == HG_OK && req.kind == HG_CHART_MAP && req.fill == HG_MAP_FILL_SIG &&
      !any_compared(hg_chart_built_spec(b))) {
    /* No area compared with England (no limits, or no judgement for the
     * indicator): quintiles of the values say more than a grey map. */
    hg_chart_built_free(b);
    b = NULL;
    req.fill = HG_MAP_FILL_QUINTILE;
    bst = hg_chart_build(data, &req, &b, &err);
  }
  if (bst != HG_OK) {
    R->skipped++;
    g_free(source);
    return NULL;
  }
  page *p = g_new0(page, 1);
  p->built = b;
  p->spec = *hg_chart_built_spec(b);
  /* Profiles and overviews mix every indicator: say so when any input is synthetic. */
  int synth = is_synthetic(R, &req) ||
              ((req.kind == HG_CHART_SPINE || req.kind == HG_CHART_OVERVIEW) && R->any_synthetic);
  if (is_synthetic(R, &req) && p->spec.title && !strstr(p->spec.title, "SYNTHETIC")) {
    p->title = g_strdup_printf("SYNTHETIC: %s", p->spec.title);
    p->spec.title = p->title;
  }
  /* The chart prints its own source line (with the licence) and, on maps, the
   * OS/ONS boundary attribution: add the licence only where it is missing. */
  const char *src = p->spec.source ? p->spec.source : "";
  int has_ogl = strstr(src, "Open Government Licence") != NULL ||
                strstr(src, "OGL") != NULL;
  p->footnote = g_strdup_printf("%s%s%s%s", p->spec.footnote ? p->spec.footnote : "",
                                p->spec.footnote && *p->spec.footnote ? " " : "",
                                synth ? SYNTH_NOTE : "",
                                has_ogl ? "" : OGL);
  p->spec.footnote = p->footnote;
  if (!p->spec.source || !*p->spec.source) {
    p->source = source;
    source = NULL;
    p->spec.source = p->source;
  }
  g_free(source);
  p->png = png && R->ctx->cfg->charts ? g_strdup(png) : NULL; /* [packs] charts */
  g_ptr_array_add(pages, p);
  return p;
}

/* Keeps the points of p's first series whose code is in keep (England and
 * London always), marking the point of pin (the ICB) as a pinned comparator.
 * Returns the number of kept points other than England and London. */
static size_t keep_points(page *p, GHashTable *keep, const char *pin) {
  if (!p->spec.nseries)
    return 0;
  const hg_chart_series *s = &p->spec.series[0];
  p->pts = g_new(hg_chart_point, s->n ? s->n : 1);
  size_t n = 0, areas = 0;
  for (size_t i = 0; i < s->n; i++) {
    const hg_chart_point *q = &s->pts[i];
    int region = q->role == HG_ROLE_ENGLAND || q->role == HG_ROLE_LONDON;
    if (!region && !(q->code && g_hash_table_contains(keep, q->code)))
      continue;
    p->pts[n] = *q;
    if (pin && q->code && strcmp(q->code, pin) == 0)
      p->pts[n].role = HG_ROLE_HIGHLIGHT;
    else if (!region)
      areas++;
    n++;
  }
  p->ser = *s;
  p->ser.pts = p->pts;
  p->ser.n = n;
  p->spec.series = &p->ser;
  p->spec.nseries = 1;
  return areas;
}

/* Says SYNTHETIC in the footnote of a page drawn from another file (the
 * inequalities results) than the synthetic input it derives from. */
static void mark_synthetic(page *p) {
  if (p->footnote && strstr(p->footnote, "SYNTHETIC"))
    return;
  char *f = g_strdup_printf(SYNTH_NOTE "%s", p->footnote ? p->footnote : "");
  g_free(p->footnote);
  p->footnote = f;
  p->spec.footnote = f;
}

/* Appends a sentence to a page's footnote. */
static void add_note(page *p, const char *note) {
  char *f = g_strdup_printf("%s%s%s", p->footnote ? p->footnote : "",
                            p->footnote && *p->footnote ? " " : "", note);
  g_free(p->footnote);
  p->footnote = f;
  p->spec.footnote = f;
}

/* Names the pages from first to the end as one contents section. */
static void section(GPtrArray *pages, guint first, const char *name) {
  for (guint i = first; i < pages->len; i++)
    ((page *)pages->pdata[i])->section = name;
}

/* Points with a value on a chart page. */
static size_t finite_points(const page *p) {
  size_t n = 0;
  for (size_t s = 0; s < p->spec.nseries; s++)
    for (size_t i = 0; i < p->spec.series[s].n; i++)
      n += isfinite(p->spec.series[s].pts[i].value) != 0;
  return n;
}

/* Drops the last page (one that keep_points left empty). */
static void drop_last(render *R, GPtrArray *pages) {
  g_ptr_array_remove_index(pages, pages->len - 1);
  R->skipped++;
}

/* Indicator ids with rows for areas whose code starts with prefix, in
 * results order. */
static GPtrArray *indicators_with(const run_ctx *ctx, const char *prefix) {
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

static const char *ind_name(const render *R, const char *id) {
  const hg_indicator_meta *m = hg_indicator_registry_find(R->reg, id);
  return m && m->name ? m->name : id;
}

static void cover(render *R, GPtrArray *pages, const char *title, const char *scope) {
  run_ctx *ctx = R->ctx;
  page *c = text_page(pages, title);
  line(c, "%s", scope);
  line(c, "%s", "");
  line(c, "Run %s, data as of %s (the run time).", ctx->run_id, ctx->iso);
  line(c, "Built by healthgap from the inputs listed under Methods and sources.");
  line(c, "%s", "");
  line(c, "# How to read this pack");
  line(c, "Colours compare each area with England (Better / Similar / Worse at 95%% confidence, "
          "Fingertips' method), or place it in quintiles where an indicator has no limits.");
  line(c, "Values and limits are never invented: where a publisher gave no confidence limits, "
          "none are drawn and the chart says so.");
  line(c, "Counts from 1 to 7 are suppressed with every value derived from them.");
  line(c, "%s", "");
  line(c, "# Synthetic data");
  line(c, "Breakdowns marked SYNTHETIC (values by ethnic group for boroughs, life expectancy "
          "from synthetic deaths) are made up for this demonstration because no real London "
          "data exists for them. Never quote them.");
}


static const char *area_name(const render *R, const char *code) {
  const char *n = g_hash_table_lookup(R->names, code);
  return n && *n ? n : code;
}

/* A number from a CSV cell with one decimal ("12.9480408159713" -> "12.9"),
 * the text itself when it is not a number. */
static char *one_decimal(const char *cell) {
  char *end = NULL;
  double v = cell && *cell ? g_ascii_strtod(cell, &end) : NAN;
  if (!end || *end || !isfinite(v))
    return g_strdup(cell && *cell ? cell : "-");
  return g_strdup_printf("%.1f", v);
}

/* The sex of the results row a targets.csv row summarises, when the
 * indicator has rows of more than one sex for it (else NULL): found by
 * target, area, period and value. */
static const char *target_sex(const render *R, const char *target, const char *area,
                              const char *period, const char *value) {
  char *end = NULL;
  double v = g_ascii_strtod(value, &end);
  if (!end || *end)
    return NULL;
  const char *found = NULL;
  int sexes = 0;
  for (guint i = 0; i < R->ctx->rows->len; i++) {
    const res_row *r = R->ctx->rows->pdata[i];
    if (strcmp(r->col[RES_TARGET_ID], target) || strcmp(r->col[RES_AREA_CODE], area) ||
        strcmp(r->col[RES_PERIOD], period) || *r->col[RES_CATEGORY])
      continue;
    sexes++;
    double x = r->num[RES_SLOT(RES_VALUE)];
    if (fabs(x - v) <= 1e-9 * fmax(1.0, fabs(v)))
      found = r->col[RES_SEX];
  }
  return sexes > 1 ? found : NULL;
}

/* Targets with status: one block per target (what, target value and year),
 * then the pack's areas on one wrapped line each with latest value and status. */
static void targets_page(render *R, GPtrArray *pages, const char *const *areas, size_t nareas) {
  run_ctx *ctx = R->ctx;
  page *t = text_page(pages, "Health Inequalities Strategy targets");
  char *path = g_build_filename(ctx->staging, "results", "targets.csv", NULL);
  hg_table *tb = NULL;
  hg_error e;
  if (hg_table_read(path, NULL, &tb, &e) != HG_OK) {
    line(t, "No targets in this run.");
    g_free(path);
    return;
  }
  g_free(path);
  long ct = hg_table_col(tb, "target_id"), ci = hg_table_col(tb, "indicator_id"),
       ca = hg_table_col(tb, "area_code"), cp = hg_table_col(tb, "latest_period"),
       cv = hg_table_col(tb, "latest_value"), cg = hg_table_col(tb, "target_value"),
       cy = hg_table_col(tb, "target_year"), cs = hg_table_col(tb, "status");
  if (ct < 0 || ci < 0 || ca < 0 || cs < 0) {
    line(t, "results/targets.csv lacks its columns: no targets shown.");
    hg_table_free(tb);
    return;
  }
#define CELL(c) ((c) >= 0 ? hg_table_cell(tb, i, (size_t)(c)) : "")
  line(t, "Latest value of each area in this pack against each target, and its status "
          "(achieved, on track, off track, not enough data), as results/targets.csv.");
  GString *acc = NULL;
  char *cur = NULL;
  size_t shown = 0;
  for (size_t i = 0; i < hg_table_nrows(tb); i++) {
    const char *a = CELL(ca);
    int want = 0;
    for (size_t k = 0; k < nareas && !want; k++)
      want = strcmp(a, areas[k]) == 0;
    if (!want)
      continue;
    if (!cur || strcmp(cur, CELL(ct)) != 0) {
      if (acc)
        line(t, "%s", acc->str);
      if (acc)
        g_string_free(acc, TRUE);
      g_free(cur);
      cur = g_strdup(CELL(ct));
      char *goal = one_decimal(CELL(cg));
      line(t, "# %s: %s, target %s by %s", cur, ind_name(R, CELL(ci)), goal,
           *CELL(cy) ? CELL(cy) : "(no date)");
      g_free(goal);
      acc = g_string_new("");
    }
    char *v = one_decimal(CELL(cv));
    const char *sx = target_sex(R, cur, a, CELL(cp), CELL(cv));
    g_string_append_printf(acc, "%s%s%s%s %s: %s, %s", acc->len ? ";   " : "", area_name(R, a),
                           sx ? " " : "", sx ? sx : "", CELL(cp), v, CELL(cs));
    g_free(v);
    shown++;
  }
  if (acc) {
    line(t, "%s", acc->str);
    g_string_free(acc, TRUE);
  }
  g_free(cur);
#undef CELL
  if (!shown)
    line(t, "No target applies to these areas in this run's data.");
  line(t, "%s", "");
  line(t, "Sources: the London Health Inequalities Strategy (GLA), DHSC, the Levelling Up white "
          "paper, the Environmental Targets Regulations 2023 and WHO guidelines, as named in "
          "each target's source text. Status: healthgap's target method (docs/). %s",
       OGL);
  hg_table_free(tb);
}

static void methods_page(render *R, GPtrArray *pages) {
  run_ctx *ctx = R->ctx;
  page *m = text_page(pages, "Methods and sources");
  line(m, "# Methods");
  line(m, "Confidence intervals as published, or computed by PHEindicatormethods' methods "
          "(Wilson for proportions, Byar for rates, Dobson for DSRs, Chiang II with Silcocks "
          "for life expectancy). Comparisons with England, London and the ICB: Fingertips' "
          "comparators per indicator. Recent trend: Fingertips' chi-square test over the last "
          "five points. Gaps and SII/RII: PHE's methods over deprivation quantiles; ethnic "
          "groups against the reference group.");
  line(m, "%s", "");
  line(m, "# Inputs (file, role, first digits of sha256; the manifest has them all)");
  /* Each file once (a file read by several inputs is one source), two a line. */
  GPtrArray *seen = g_ptr_array_new();
  char *pending = NULL;
  for (guint i = 0; i < ctx->files->len; i++) {
    const run_file *f = ctx->files->pdata[i];
    gboolean dup = FALSE;
    for (guint k = 0; k < seen->len && !dup; k++)
      dup = strcmp(seen->pdata[k], f->display) == 0;
    if (dup)
      continue;
    g_ptr_array_add(seen, f->display);
    char *item = g_strdup_printf("%s (%s, %.8s)", f->display, hg_input_role_name(f->in->role),
                                 f->sha256);
    if (pending) {
      line(m, "%s;   %s", pending, item);
      g_free(pending);
      g_free(item);
      pending = NULL;
    } else {
      pending = item;
    }
  }
  if (pending)
    line(m, "%s", pending);
  g_free(pending);
  g_ptr_array_free(seen, TRUE);
  line(m, "%s", "");
  line(m, "Publishers: OHID (Fingertips), ONS (populations, census, lookups, boundaries), GLA "
          "(Health Inequalities Strategy indicators, LAEI, MSOA Atlas), MHCLG (Indices of "
          "Deprivation 2019). %s %s Files named synthetic_* are made up.",
       OGL, OS_NOTE);
}

static const char *page_title(const page *p) {
  const char *t = p->section ? p->section : p->heading ? p->heading : p->spec.title;
  return t ? t : "";
}

/* One line per title or section: a map and a compare chart of the same
 * indicator share their title, so they show as "5-6"; a run of pages of one
 * section (the profiles of each borough) is one line. */
static void contents_page(page *contents, GPtrArray *pages, guint first_numbered) {
  for (guint i = first_numbered; i < pages->len;) {
    guint j = i + 1;
    while (j < pages->len && strcmp(page_title(pages->pdata[j]), page_title(pages->pdata[i])) == 0)
      j++;
    if (j - i > 1)
      line(contents, "%u-%u   %s", i + 1, j, page_title(pages->pdata[i]));
    else
      line(contents, "%u   %s", i + 1, page_title(pages->pdata[i]));
    i = j;
  }
}

/* Writes a planned pack in page order: text pages drawn here, chart pages
 * from their recordings (so the bytes do not depend on --jobs). */
static hg_status write_pack(render *R, const plan *pl) {
  run_ctx *ctx = R->ctx;
  char *path = g_build_filename(ctx->staging, pl->rel, NULL);
  hg_pack_meta meta = {.title = pl->title,
                       .footer = "healthgap. " OGL " Sources: OHID, ONS, GLA, MHCLG.",
                       .timestamp = ctx->time};
  hg_pack *pk = NULL;
  hg_status st = hg_pack_open(path, &meta, &pk);
  for (guint i = 0; st == HG_OK && i < pl->pages->len; i++) {
    page *p = pl->pages->pdata[i];
    if (p->heading)
      st = hg_pack_text_page(pk, p->heading, (const char *const *)p->lines->pdata,
                             p->lines->len);
    else
      st = p->rec ? hg_pack_recording_page(pk, p->rec) : p->rec_st;
    if (st == HG_OK && p->png_ok) {
      g_ptr_array_add(ctx->outputs, g_strdup(p->png));
      ctx->sum->charts++;
    }
  }
  hg_status c = hg_pack_close(pk);
  if (st == HG_OK)
    st = c;
  if (st == HG_OK) {
    g_ptr_array_add(ctx->outputs, g_strdup(pl->rel));
    ctx->sum->packs++;
  } else {
    run_warn(ctx, "render: %s failed: %s", pl->rel, hg_strerror(st));
  }
  g_free(path);
  return st;
}

static void add_plan(render *R, GPtrArray *pages, const char *rel, const char *title) {
  plan *pl = g_new0(plan, 1);
  pl->pages = pages;
  pl->rel = g_strdup(rel);
  pl->title = g_strdup(title);
  g_ptr_array_add(R->plans, pl);
}

static char *slug(const char *id) {
  char *s = g_strdup(id);
  for (char *p = s; *p; p++)
    if (!g_ascii_isalnum(*p))
      *p = '_';
  return s;
}

/* The category_type of the indicators results that breaks indicator id down
 * by deprivation in area, or NULL. */
static const char *dep_category_type(const render *R, const char *id, const char *area) {
  for (guint i = 0; i < R->ctx->rows->len; i++) {
    const res_row *r = R->ctx->rows->pdata[i];
    const char *ct = r->col[RES_CATEGORY_TYPE];
    if (*ct && strcmp(r->col[RES_INDICATOR_ID], id) == 0 &&
        strcmp(r->col[RES_AREA_CODE], area) == 0 &&
        (strstr(ct, "depriv") || strstr(ct, "Depriv") || strstr(ct, "IMD")))
      return ct;
  }
  return NULL;
}

/* The latest absolute and relative gaps (and SII/RII) of a breakdown, from
 * results/inequalities.csv, in the footnote of its chart. */
static void gap_note(render *R, page *p, const char *id, const char *area, const char *sex,
                     const char *bt) {
  hg_table *t = R->ineq_tab;
  long ci = hg_table_col(t, "indicator_id"), ca = hg_table_col(t, "area_code"),
       cs = hg_table_col(t, "sex"), cb = hg_table_col(t, "breakdown_type"),
       cm = hg_table_col(t, "measure"), cp = hg_table_col(t, "period"),
       cv = hg_table_col(t, "value"), cl = hg_table_col(t, "lower_ci95"),
       cu = hg_table_col(t, "upper_ci95");
  if (cv < 0)
    return;
  static const struct {
    const char *m, *name;
  } ms[] = {{"abs_gap", "Gap between the extreme quantiles"},
            {"rel_gap", "ratio of the extreme quantiles"},
            {"sii", "SII"},
            {"rii", "RII"}};
  GString *g = g_string_new("");
  const char *per = NULL;
  for (size_t k = 0; k < G_N_ELEMENTS(ms); k++) {
    const char *val = NULL, *lo = "", *hi = "", *vp = NULL;
    for (size_t i = 0; i < hg_table_nrows(t); i++)
      if (!strcmp(hg_table_cell(t, i, (size_t)ci), id) &&
          !strcmp(hg_table_cell(t, i, (size_t)ca), area) &&
          (cs < 0 || !strcmp(hg_table_cell(t, i, (size_t)cs), sex)) &&
          !strcmp(hg_table_cell(t, i, (size_t)cb), bt) &&
          !strcmp(hg_table_cell(t, i, (size_t)cm), ms[k].m) &&
          (!vp || strcmp(hg_table_cell(t, i, (size_t)cp), vp) >= 0)) {
        vp = hg_table_cell(t, i, (size_t)cp);
        val = hg_table_cell(t, i, (size_t)cv);
        lo = cl >= 0 ? hg_table_cell(t, i, (size_t)cl) : "";
        hi = cu >= 0 ? hg_table_cell(t, i, (size_t)cu) : "";
      }
    if (!val || !*val)
      continue;
    char *v = one_decimal(val), *l = one_decimal(lo), *h = one_decimal(hi);
    g_string_append_printf(g, "%s%s %s", g->len ? "; " : "", ms[k].name, v);
    if (*lo && *hi)
      g_string_append_printf(g, " (95%% CI %s to %s)", l, h);
    g_free(v);
    g_free(l);
    g_free(h);
    per = vp;
  }
  if (g->len) {
    char *n = g_strdup_printf("%s, %s (results/inequalities.csv, PHE's methods).", g->str, per);
    add_note(p, n);
    g_free(n);
  }
  g_string_free(g, TRUE);
}

/* Deprivation pages, generic over whatever results/inequalities.csv holds:
 * every (indicator, area, sex, breakdown) with SII rows or a deprivation
 * breakdown, for the areas in scope (NULL-terminated codes).  Per group: the
 * gradient with its SII line (or the bars by quantile when no SII was
 * computed, or the SII alone when the quantile values are not in the
 * indicator results), then the SII (or gap) over time when there are two
 * periods or more. */
static void deprivation_pages(render *R, GPtrArray *pages, GHashTable *scope) {
  hg_table *t = R->ineq_tab;
  if (!t)
    return;
  long ci = hg_table_col(t, "indicator_id"), ca = hg_table_col(t, "area_code"),
       cs = hg_table_col(t, "sex"), cb = hg_table_col(t, "breakdown_type"),
       cm = hg_table_col(t, "measure"), cp = hg_table_col(t, "period");
  if (ci < 0 || ca < 0 || cb < 0 || cm < 0 || cp < 0)
    return;
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (size_t i = 0; i < hg_table_nrows(t); i++) {
    const char *id = hg_table_cell(t, i, (size_t)ci), *area = hg_table_cell(t, i, (size_t)ca),
               *sex = cs >= 0 ? hg_table_cell(t, i, (size_t)cs) : "",
               *bt = hg_table_cell(t, i, (size_t)cb), *ms = hg_table_cell(t, i, (size_t)cm);
    int dep = strstr(bt, "depriv") || strstr(bt, "Depriv") || strstr(bt, "imd") ||
              strstr(bt, "IMD");
    if ((!dep && strcmp(ms, "sii") != 0) || !g_hash_table_contains(scope, area))
      continue;
    char *key = g_strdup_printf("%s|%s|%s|%s", id, area, sex, bt);
    if (g_hash_table_contains(seen, key)) {
      g_free(key);
      continue;
    }
    g_hash_table_add(seen, key);
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
    const char *ct = dep_category_type(R, id, area);
    page *g = NULL;
    if (ct) {
      hg_chart_request gr = {.kind = nsii ? HG_CHART_GRADIENT : HG_CHART_INEQUALITIES,
                             .indicator = id, .area = area, .sex = *sex ? sex : NULL,
                             .category_type = ct, .fit_data = R->ineq};
      g = chart_page(R, pages, &gr, R->ind, NULL);
      if (g)
        gap_note(R, g, id, area, sex, bt);
    }
    const char *measure = nsii ? "sii" : "abs_gap";
    size_t nper = nsii ? nsii : ngap;
    if (R->ineq && nper && (!g || nper >= 2)) {
      hg_chart_request gp = {.kind = HG_CHART_GAP, .indicator = id, .area = area,
                             .sex = *sex ? sex : NULL, .measure = measure,
                             .category_type = bt};
      page *q = chart_page(R, pages, &gp, R->ineq, NULL);
      if (q && !q->title && q->spec.title) {
        /* the gap chart titles itself by indicator id: use the name */
        q->title = g_strdup_printf("%s: %s, %s", ind_name(R, id),
                                   nsii ? "slope index of inequality" : "gap between quantiles",
                                   area_name(R, area));
        q->spec.title = q->title;
      }
    }
  }
  g_hash_table_destroy(seen);
}

/* The group of (id, area) whose latest difference from the reference group
 * (diff_vs_ref, results/inequalities.csv) is widest, or NULL. */
static const char *widest_ethnic_gap(const render *R, const char *id, const char *area) {
  hg_table *t = R->ineq_tab;
  if (!t)
    return NULL;
  long ci = hg_table_col(t, "indicator_id"), ca = hg_table_col(t, "area_code"),
       cb = hg_table_col(t, "breakdown_type"), cm = hg_table_col(t, "measure"),
       cp = hg_table_col(t, "period"), cg = hg_table_col(t, "group"),
       cv = hg_table_col(t, "value");
  if (ci < 0 || ca < 0 || cb < 0 || cm < 0 || cp < 0 || cg < 0 || cv < 0)
    return NULL;
  const char *best = NULL, *best_period = NULL;
  double best_gap = -1;
  for (size_t i = 0; i < hg_table_nrows(t); i++) {
    if (strcmp(hg_table_cell(t, i, (size_t)ci), id) || strcmp(hg_table_cell(t, i, (size_t)ca), area) ||
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
static void ethnic_pages(render *R, GPtrArray *pages, const char *area) {
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
    hg_chart_request iq = {.kind = HG_CHART_INEQUALITIES, .indicator = id, .area = area,
                           .category_type = "Ethnic group (synthetic)"};
    page *bars = chart_page(R, pages, &iq, R->ind, NULL);
    if (bars && finite_points(bars) < 3) {
      /* most groups suppressed (the City of London): a near-empty page says nothing */
      drop_last(R, pages);
      continue;
    }
    const char *grp = widest_ethnic_gap(R, id, area);
    if (!grp || !R->ineq)
      continue;
    hg_chart_request gp = {.kind = HG_CHART_GAP, .indicator = id, .area = area,
                           .measure = "diff_vs_ref", .category_type = "ethnic", .group = grp};
    page *q = chart_page(R, pages, &gp, R->ineq, NULL);
    if (q) {
      g_free(q->title);
      q->title = g_strdup_printf("%s%s: gap between %s and the reference group, %s",
                                 is_synthetic(R, &iq) ? "SYNTHETIC: " : "", ind_name(R, id), grp,
                                 area_name(R, area));
      q->spec.title = q->title;
      if (is_synthetic(R, &iq))
        mark_synthetic(q);
    }
  }
  g_ptr_array_free(ids, TRUE);
}

static void london_pack(render *R) {
  run_ctx *ctx = R->ctx;
  GPtrArray *pages = g_ptr_array_new_with_free_func(page_free);
  cover(R, pages, ctx->cfg->title, "London: the 33 boroughs against London and England");
  page *contents = text_page(pages, "Contents");
  static const char *const areas[] = {"E12000007", "E92000001"};
  targets_page(R, pages, areas, 2);
  hg_chart_request ov = {.kind = HG_CHART_OVERVIEW, .area_prefix = "E09"};
  chart_page(R, pages, &ov, R->ind, "charts/london/overview.png");
  GPtrArray *ids = indicators_with(ctx, "E09");
  for (guint i = 0; i < ids->len; i++) {
    const char *id = ids->pdata[i];
    char *s = slug(id);
    char *png = g_strdup_printf("charts/london/%s-map.png", s);
    if (R->boroughs) {
      hg_chart_request mp = {.kind = HG_CHART_MAP, .indicator = id, .area_prefix = "E09",
                             .geo = R->boroughs};
      chart_page(R, pages, &mp, R->ind, png);
    }
    g_free(png);
    png = g_strdup_printf("charts/london/%s-compare.png", s);
    hg_chart_request cm = {.kind = HG_CHART_COMPARE, .indicator = id, .area_prefix = "E09"};
    chart_page(R, pages, &cm, R->ind, png);
    g_free(png);
    g_free(s);
  }
  g_ptr_array_free(ids, TRUE);
  /* Deprivation gradients (London and England) and ethnic gaps. */
  GHashTable *scope = g_hash_table_new(g_str_hash, g_str_equal);
  g_hash_table_add(scope, (gpointer)"E12000007");
  g_hash_table_add(scope, (gpointer)"E92000001");
  deprivation_pages(R, pages, scope);
  g_hash_table_destroy(scope);
  /* Ethnic gaps (synthetic breakdowns): the borough with the most groups. */
  ethnic_pages(R, pages, "E09000030");
  if (R->msoas) {
    hg_chart_request mm = {.kind = HG_CHART_MAP, .indicator = "hg.msoa_le", .sex = "Female",
                           .area_prefix = "E02", .geo = R->msoas, .outline = R->boroughs,
                           .fill = HG_MAP_FILL_QUINTILE};
    chart_page(R, pages, &mm, R->ind, "charts/london/msoa_le-map.png");
  }
  methods_page(R, pages);
  contents_page(contents, pages, 2);
  add_plan(R, pages, "packs/london.pdf", ctx->cfg->title);
}

/* The MSOA codes whose results name icb, in results order, each once. */
static GPtrArray *icb_msoas(const render *R, const char *icb) {
  GPtrArray *v = g_ptr_array_new();
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < R->ctx->rows->len; i++) {
    const res_row *r = R->ctx->rows->pdata[i];
    const char *c = r->col[RES_AREA_CODE];
    if (g_str_has_prefix(c, "E02") && strcmp(r->col[RES_ICB_CODE], icb) == 0 &&
        g_hash_table_add(seen, (gpointer)c))
      g_ptr_array_add(v, (gpointer)c);
  }
  g_hash_table_destroy(seen);
  return v;
}

/* An MSOA map of the ICB only: its MSOAs' boundaries (zoomed to them), its
 * boroughs as outlines, quintiles among its own MSOAs. */
static void icb_msoa_map(render *R, GPtrArray *pages, const char *icb, const char *sex,
                         GPtrArray *boroughs) {
  GPtrArray *ms = icb_msoas(R, icb);
  hg_boundaries *geo = NULL, *outline = NULL;
  if (!ms->len ||
      hg_boundaries_subset(R->msoas, (const char *const *)ms->pdata, ms->len, &geo) != HG_OK) {
    R->skipped++;
    g_ptr_array_free(ms, TRUE);
    return;
  }
  if (R->boroughs)
    hg_boundaries_subset(R->boroughs, (const char *const *)boroughs->pdata, boroughs->len,
                         &outline);
  hg_chart_request mm = {.kind = HG_CHART_MAP, .indicator = "hg.msoa_le", .sex = sex,
                         .area_prefix = "E02", .geo = geo, .outline = outline,
                         .fill = HG_MAP_FILL_QUINTILE};
  page *p = chart_page(R, pages, &mm, R->ind, NULL);
  if (p) {
    p->geo = geo;
    p->outline = outline;
    GHashTable *keep = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < ms->len; i++)
      g_hash_table_add(keep, ms->pdata[i]);
    if (!keep_points(p, keep, NULL)) {
      drop_last(R, pages);
    } else {
      p->title = g_strdup_printf("%s: %s", p->spec.title, area_name(R, icb));
      p->spec.title = p->title;
      add_note(p, "Quintiles among the ICB's MSOAs; borough boundaries drawn darker.");
    }
    g_hash_table_destroy(keep);
  } else {
    hg_boundaries_free(geo);
    hg_boundaries_free(outline);
  }
  g_ptr_array_free(ms, TRUE);
}

static void icb_pack(render *R, const char *icb, const char *icb_name) {
  GPtrArray *pages = g_ptr_array_new_with_free_func(page_free);
  char *title = g_strdup_printf("%s: health inequalities evidence pack", icb_name);
  char *scope_text = g_strdup_printf("%s (%s): its boroughs against the ICB, London and England",
                                     icb_name, icb);
  cover(R, pages, title, scope_text);
  page *contents = text_page(pages, "Contents");
  GPtrArray *areas = g_ptr_array_new(); /* the ICB, then its boroughs */
  GPtrArray *boroughs = g_ptr_array_new();
  g_ptr_array_add(areas, (gpointer)icb);
  long cc = hg_table_col(R->icb_lookup, "LA_code"), ci = hg_table_col(R->icb_lookup, "ICB_code");
  for (size_t i = 0; i < hg_table_nrows(R->icb_lookup); i++)
    if (strcmp(hg_table_cell(R->icb_lookup, i, (size_t)ci), icb) == 0) {
      g_ptr_array_add(areas, (gpointer)hg_table_cell(R->icb_lookup, i, (size_t)cc));
      g_ptr_array_add(boroughs, (gpointer)hg_table_cell(R->icb_lookup, i, (size_t)cc));
    }
  GHashTable *scope = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint k = 0; k < areas->len; k++)
    g_hash_table_add(scope, areas->pdata[k]);
  targets_page(R, pages, (const char *const *)areas->pdata, areas->len);
  hg_chart_request tr = {.kind = HG_CHART_TRENDS, .indicator = "hg.le_birth_synthetic_deaths",
                         .area = icb, .sex = "Female"};
  chart_page(R, pages, &tr, R->ind, NULL);
  /* Its boroughs against the ICB, London and England, indicator by indicator. */
  GPtrArray *ids = indicators_with(R->ctx, "E09");
  for (guint i = 0; i < ids->len; i++) {
    hg_chart_request cm = {.kind = HG_CHART_COMPARE, .indicator = ids->pdata[i]};
    page *p = chart_page(R, pages, &cm, R->ind, NULL);
    if (p && !keep_points(p, scope, icb)) {
      drop_last(R, pages);
    } else if (p) {
      int has_icb = 0;
      for (size_t k = 0; k < p->ser.n; k++)
        has_icb |= p->ser.pts[k].role == HG_ROLE_HIGHLIGHT;
      if (!has_icb)
        add_note(p, "The data has no value for the ICB as a whole.");
    }
  }
  g_ptr_array_free(ids, TRUE);
  guint first = pages->len;
  for (guint k = 0; k < boroughs->len; k++) {
    hg_chart_request sp = {.kind = HG_CHART_SPINE, .area = boroughs->pdata[k],
                           .area_prefix = "E09"};
    chart_page(R, pages, &sp, R->ind, NULL);
  }
  section(pages, first, "Area profiles (spine charts), one page per borough");
  if (R->msoas) {
    icb_msoa_map(R, pages, icb, "Female", boroughs);
    icb_msoa_map(R, pages, icb, "Male", boroughs);
  }
  deprivation_pages(R, pages, scope);
  first = pages->len;
  for (guint k = 0; k < boroughs->len; k++)
    ethnic_pages(R, pages, boroughs->pdata[k]);
  section(pages, first,
          "Ethnic groups per borough (SYNTHETIC): latest values and the widest gap over time");
  methods_page(R, pages);
  contents_page(contents, pages, 2);
  char *rel = g_strdup_printf("packs/icb-%s.pdf", icb);
  add_plan(R, pages, rel, title);
  g_free(rel);
  g_hash_table_destroy(scope);
  g_ptr_array_free(areas, TRUE);
  g_ptr_array_free(boroughs, TRUE);
  g_free(title);
  g_free(scope_text);
}

/* ---- drawing: chart pages recorded on --jobs threads ---- */

typedef struct {
  render *R;
  GPtrArray *todo; /* page*, every chart page of every plan */
  gint next;       /* atomic: the next page to take */
} draw_work;

static void draw_page(render *R, page *p) {
  hg_chart_options o = {.width_pt = HG_PACK_WIDTH_PT, .height_pt = HG_PACK_HEIGHT_PT,
                        .timestamp = R->ctx->time};
  p->rec_st = hg_chart_record(&p->spec, &o, &p->rec);
  if (p->png) {
    hg_chart_options po = {.timestamp = R->ctx->time};
    char *png = g_build_filename(R->ctx->staging, p->png, NULL);
    char *dir = g_path_get_dirname(png);
    g_mkdir_with_parents(dir, 0777);
    p->png_ok = hg_chart_write_png(&p->spec, &po, png) == HG_OK;
    g_free(dir);
    g_free(png);
  }
}

/* One worker: takes pages until none is left, then releases its fonts. */
static void draw_worker(gpointer data, gpointer user) {
  (void)data;
  draw_work *w = user;
  for (;;) {
    gint i = g_atomic_int_add(&w->next, 1);
    if (i >= (gint)w->todo->len || run_cancelled(w->R->ctx))
      break;
    draw_page(w->R, w->todo->pdata[i]);
  }
  hg_chart_thread_done();
}

static void draw_all(render *R) {
  draw_work w = {.R = R, .todo = g_ptr_array_new()};
  for (guint k = 0; k < R->plans->len; k++) {
    const plan *pl = R->plans->pdata[k];
    for (guint i = 0; i < pl->pages->len; i++) {
      page *p = pl->pages->pdata[i];
      if (!p->heading)
        g_ptr_array_add(w.todo, p);
    }
  }
  int jobs = R->ctx->jobs > 1 ? R->ctx->jobs : 1;
  if ((guint)jobs > w.todo->len)
    jobs = (int)w.todo->len;
  GThreadPool *pool = jobs > 1 ? g_thread_pool_new(draw_worker, &w, jobs, TRUE, NULL) : NULL;
  if (pool) {
    for (int t = 0; t < jobs; t++)
      g_thread_pool_push(pool, GINT_TO_POINTER(t + 1), NULL);
    g_thread_pool_free(pool, FALSE, TRUE); /* waits for every worker */
  } else {
    for (guint i = 0; i < w.todo->len && !run_cancelled(R->ctx); i++)
      draw_page(R, w.todo->pdata[i]);
  }
  for (guint i = 0; i < w.todo->len; i++) {
    page *p = w.todo->pdata[i];
    if (!p->rec && p->rec_st == HG_OK)
      p->rec_st = HG_ERR_RENDER; /* cancelled before it was drawn */
  }
  g_ptr_array_free(w.todo, TRUE);
}

static void load_inputs(render *R) {
  run_ctx *ctx = R->ctx;
  R->reg = hg_indicator_registry_new();
  for (guint i = 0; i < ctx->files->len; i++) {
    run_file *f = ctx->files->pdata[i];
    hg_error e;
    if (strstr(f->display, "synthetic"))
      R->any_synthetic = 1;
    if (f->in->role == HG_ROLE_METADATA)
      hg_indicator_registry_load_csv(R->reg, f->path, &e);
    else if (f->in->role == HG_ROLE_BOUNDARIES) {
      hg_boundaries *g = NULL;
      if (hg_boundaries_read(f->path, NULL, &g, &e) != HG_OK || hg_boundaries_count(g) == 0) {
        hg_boundaries_free(g);
        continue;
      }
      const char *code = hg_boundaries_code(g, 0);
      if (g_str_has_prefix(code, "E09") && !R->boroughs)
        R->boroughs = g;
      else if (g_str_has_prefix(code, "E02") && !R->msoas)
        R->msoas = g;
      else
        hg_boundaries_free(g);
    } else if (f->in->role == HG_ROLE_LOOKUP && !R->icb_lookup) {
      hg_table *t = NULL;
      if (hg_table_read(f->path, NULL, &t, &e) == HG_OK && hg_table_col(t, "ICB_code") >= 0)
        R->icb_lookup = t;
      else
        hg_table_free(t);
    }
  }
}

hg_status run_render(run_ctx *ctx, hg_error *err) {
  (void)err;
  const hg_config *cfg = ctx->cfg;
  if (!cfg->pack_london && cfg->pack_icb_none)
    return HG_OK;
  render R = {.ctx = ctx};
  hg_error e;
  char *p = g_build_filename(ctx->staging, "results", "indicators.csv", NULL);
  hg_status st = hg_chart_data_read(p, &R.ind, &e);
  g_free(p);
  if (st != HG_OK) {
    run_warn(ctx, "render: results not readable for charts: %s", e.message);
    return HG_OK;
  }
  p = g_build_filename(ctx->staging, "results", "inequalities.csv", NULL);
  if (g_file_test(p, G_FILE_TEST_EXISTS)) {
    if (hg_chart_data_read(p, &R.ineq, &e) != HG_OK)
      R.ineq = NULL;
    if (hg_table_read(p, NULL, &R.ineq_tab, &e) != HG_OK)
      R.ineq_tab = NULL;
  }
  g_free(p);
  load_inputs(&R);
  R.plans = g_ptr_array_new_with_free_func(plan_free);
  R.names = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < ctx->rows->len; i++) {
    const res_row *r = ctx->rows->pdata[i];
    if (*r->col[RES_AREA_NAME])
      g_hash_table_insert(R.names, (gpointer)r->col[RES_AREA_CODE],
                          (gpointer)r->col[RES_AREA_NAME]);
  }
  if (cfg->pack_london)
    london_pack(&R);
  if (!cfg->pack_icb_none && R.icb_lookup) {
    /* ICBs in code order, each once. */
    GPtrArray *icbs = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *names = g_ptr_array_new();
    long ci = hg_table_col(R.icb_lookup, "ICB_code"), cn = hg_table_col(R.icb_lookup, "ICB_name");
    for (size_t i = 0; i < hg_table_nrows(R.icb_lookup); i++) {
      const char *code = hg_table_cell(R.icb_lookup, i, (size_t)ci);
      int seen = 0;
      for (guint k = 0; k < icbs->len && !seen; k++)
        seen = strcmp(icbs->pdata[k], code) == 0;
      int wanted = !cfg->pack_icbs || g_strv_contains((const char *const *)cfg->pack_icbs, code);
      if (!seen && wanted) {
        g_ptr_array_add(icbs, g_strdup(code));
        g_ptr_array_add(names, (gpointer)(cn >= 0 ? hg_table_cell(R.icb_lookup, i, (size_t)cn)
                                                  : code));
      }
    }
    for (guint k = 0; k < icbs->len; k++)
      for (guint j = k + 1; j < icbs->len; j++)
        if (strcmp(icbs->pdata[j], icbs->pdata[k]) < 0) {
          gpointer t = icbs->pdata[j];
          icbs->pdata[j] = icbs->pdata[k];
          icbs->pdata[k] = t;
          t = names->pdata[j];
          names->pdata[j] = names->pdata[k];
          names->pdata[k] = t;
        }
    for (guint k = 0; k < icbs->len; k++)
      icb_pack(&R, icbs->pdata[k], names->pdata[k]);
    g_ptr_array_free(icbs, TRUE);
    g_ptr_array_free(names, TRUE);
  } else if (!cfg->pack_icb_none) {
    run_warn(ctx, "render: no ICB packs (no borough -> ICB lookup among the inputs)");
  }
  /* Every chart page drawn on --jobs threads, then each pack written in page
   * order by this thread. */
  draw_all(&R);
  for (guint k = 0; k < R.plans->len && !run_cancelled(ctx); k++)
    write_pack(&R, R.plans->pdata[k]);
  g_ptr_array_free(R.plans, TRUE);
  g_hash_table_destroy(R.names);
  hg_table_free(R.ineq_tab);
  if (R.skipped)
    run_warn(ctx, "render: %zu chart(s) skipped (the data has no rows for them)", R.skipped);
  hg_chart_thread_done();
  hg_chart_data_free(R.ind);
  hg_chart_data_free(R.ineq);
  hg_boundaries_free(R.boroughs);
  hg_boundaries_free(R.msoas);
  hg_table_free(R.icb_lookup);
  hg_indicator_registry_free(R.reg);
  return HG_OK;
}
