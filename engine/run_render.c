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
#define OS_NOTE "Boundaries: contains OS data (c) Crown copyright and database right 2023."

typedef struct {
  char *heading;          /* text page, or NULL for a chart page */
  GPtrArray *lines;       /* char* */
  hg_chart_built *built;  /* chart page */
  hg_chart_spec spec;     /* copy of the built spec with our footnote */
  char *footnote, *source;
  char *png;              /* charts/<...>.png to write too, or NULL */
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
  g_free(p);
}

typedef struct {
  run_ctx *ctx;
  hg_chart_data *ind, *ineq;
  hg_boundaries *boroughs, *msoas;
  hg_indicator_registry *reg;
  hg_table *icb_lookup; /* LA_code, LA_name, ICB_code, ICB_name */
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
  if (hg_chart_build(data, &req, &b, &err) != HG_OK) {
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
  p->footnote = g_strdup_printf("%s%s%s%s%s", p->spec.footnote ? p->spec.footnote : "",
                                p->spec.footnote && *p->spec.footnote ? " " : "",
                                synth ? "SYNTHETIC data (inputs named synthetic_*): made up for the demo, not real. " : "",
                                OGL, req.kind == HG_CHART_MAP ? " " OS_NOTE : "");
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

static gint cmp_strp(gconstpointer a, gconstpointer b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

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
  line(t, "Latest value against each target, with its status (achieved, on track, off track, "
          "not enough data): results/targets.csv has every area.");
  line(t, "%s", "");
  size_t shown = 0;
  for (size_t i = 0; i < hg_table_nrows(tb); i++) {
    const char *a = hg_table_cell(tb, i, (size_t)ca);
    int want = 0;
    for (size_t k = 0; k < nareas && !want; k++)
      want = strcmp(a, areas[k]) == 0;
    if (!want)
      continue;
    line(t, "%s  |  %s  |  %s  |  %s: %s  |  target %s by %s  |  %s",
         hg_table_cell(tb, i, (size_t)ct), ind_name(R, hg_table_cell(tb, i, (size_t)ci)), a,
         hg_table_cell(tb, i, (size_t)cp), hg_table_cell(tb, i, (size_t)cv),
         hg_table_cell(tb, i, (size_t)cg),
         *hg_table_cell(tb, i, (size_t)cy) ? hg_table_cell(tb, i, (size_t)cy) : "(no date)",
         hg_table_cell(tb, i, (size_t)cs));
    shown++;
  }
  if (!shown)
    line(t, "No target applies to these areas in this run's data.");
  /* Every area: how many are achieved, on track, off track, without data. */
  line(t, "%s", "");
  line(t, "# All areas in this pack's scope, by status");
  GHashTable *cnt = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
  for (size_t i = 0; i < hg_table_nrows(tb); i++) {
    const char *a = hg_table_cell(tb, i, (size_t)ca);
    int in_scope = nareas > 2 ? 0 : g_str_has_prefix(a, "E09");
    for (size_t k = 0; k < nareas && !in_scope; k++)
      in_scope = strcmp(a, areas[k]) == 0;
    if (!in_scope)
      continue;
    char *k = g_strdup_printf("%s|%s", hg_table_cell(tb, i, (size_t)ct),
                              hg_table_cell(tb, i, (size_t)cs));
    gpointer old = g_hash_table_lookup(cnt, k);
    if (!old)
      g_ptr_array_add(keys, g_strdup(k));
    g_hash_table_insert(cnt, k, GSIZE_TO_POINTER(GPOINTER_TO_SIZE(old) + 1));
  }
  g_ptr_array_sort(keys, cmp_strp);
  for (guint i = 0; i < keys->len; i++) {
    char **parts = g_strsplit(keys->pdata[i], "|", 2);
    line(t, "%s: %zu area(s) %s", parts[0],
         GPOINTER_TO_SIZE(g_hash_table_lookup(cnt, keys->pdata[i])), parts[1] ? parts[1] : "");
    g_strfreev(parts);
  }
  g_ptr_array_free(keys, TRUE);
  g_hash_table_destroy(cnt);
  line(t, "%s", "");
  line(t, "Sources: the London Health Inequalities Strategy (GLA), DHSC, the Levelling Up white "
          "paper, the Environmental Targets Regulations 2023 and WHO guidelines, as named in "
          "each target's source text. %s",
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
  const char *t = p->heading ? p->heading : p->spec.title;
  return t ? t : "";
}

/* One line per title: a map and a compare chart of the same indicator share
 * their title, so they show as "5-6". */
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

static hg_status write_pack(render *R, GPtrArray *pages, const char *rel, const char *title) {
  run_ctx *ctx = R->ctx;
  char *path = g_build_filename(ctx->staging, rel, NULL);
  hg_pack_meta meta = {.title = title,
                       .footer = "healthgap. " OGL " Sources: OHID, ONS, GLA, MHCLG.",
                       .timestamp = ctx->time};
  hg_pack *pk = NULL;
  hg_status st = hg_pack_open(path, &meta, &pk);
  for (guint i = 0; st == HG_OK && i < pages->len; i++) {
    page *p = pages->pdata[i];
    if (p->heading)
      st = hg_pack_text_page(pk, p->heading, (const char *const *)p->lines->pdata,
                             p->lines->len);
    else
      st = hg_pack_chart_page(pk, &p->spec);
    if (st == HG_OK && p->png) {
      hg_chart_options o = {.timestamp = ctx->time};
      char *png = g_build_filename(ctx->staging, p->png, NULL);
      char *dir = g_path_get_dirname(png);
      g_mkdir_with_parents(dir, 0777);
      if (hg_chart_write_png(&p->spec, &o, png) == HG_OK) {
        g_ptr_array_add(ctx->outputs, g_strdup(p->png));
        ctx->sum->charts++;
      }
      g_free(dir);
      g_free(png);
    }
  }
  hg_status c = hg_pack_close(pk);
  if (st == HG_OK)
    st = c;
  if (st == HG_OK) {
    g_ptr_array_add(ctx->outputs, g_strdup(rel));
    ctx->sum->packs++;
  } else {
    run_warn(ctx, "render: %s failed: %s", rel, hg_strerror(st));
  }
  g_free(path);
  return st;
}

static char *slug(const char *id) {
  char *s = g_strdup(id);
  for (char *p = s; *p; p++)
    if (!g_ascii_isalnum(*p))
      *p = '_';
  return s;
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
  /* Deprivation gradient (England quintiles) and ethnic gaps with their trend. */
  hg_chart_request gr = {.kind = HG_CHART_INEQUALITIES, .indicator = "92033",
                         .area = "E92000001", .period = "2020/21 - 24/25",
                         .category_type = "Deprivation quintile (IMD2019, England, 5 years combined)"};
  chart_page(R, pages, &gr, R->ind, "charts/london/92033-deprivation.png");
  /* Ethnic gaps (synthetic breakdowns) for the borough with the most groups. */
  static const char *const eth[] = {"92443", "92033"};
  for (size_t k = 0; k < G_N_ELEMENTS(eth); k++) {
    hg_chart_request iq = {.kind = HG_CHART_INEQUALITIES, .indicator = eth[k],
                           .area = "E09000030", .category_type = "Ethnic group (synthetic)"};
    chart_page(R, pages, &iq, R->ind, NULL);
  }
  if (R->msoas) {
    hg_chart_request mm = {.kind = HG_CHART_MAP, .indicator = "hg.msoa_le", .sex = "Female",
                           .area_prefix = "E02", .geo = R->msoas,
                           .fill = HG_MAP_FILL_QUINTILE};
    chart_page(R, pages, &mm, R->ind, "charts/london/msoa_le-map.png");
  }
  methods_page(R, pages);
  contents_page(contents, pages, 2);
  write_pack(R, pages, "packs/london.pdf", ctx->cfg->title);
  g_ptr_array_free(pages, TRUE);
}

static void icb_pack(render *R, const char *icb, const char *icb_name) {
  GPtrArray *pages = g_ptr_array_new_with_free_func(page_free);
  char *title = g_strdup_printf("%s: health inequalities evidence pack", icb_name);
  char *scope = g_strdup_printf("%s (%s): its boroughs against the ICB, London and England",
                                icb_name, icb);
  cover(R, pages, title, scope);
  page *contents = text_page(pages, "Contents");
  GPtrArray *areas = g_ptr_array_new();
  g_ptr_array_add(areas, (gpointer)icb);
  long cc = hg_table_col(R->icb_lookup, "LA_code"), ci = hg_table_col(R->icb_lookup, "ICB_code");
  for (size_t i = 0; i < hg_table_nrows(R->icb_lookup); i++)
    if (strcmp(hg_table_cell(R->icb_lookup, i, (size_t)ci), icb) == 0)
      g_ptr_array_add(areas, (gpointer)hg_table_cell(R->icb_lookup, i, (size_t)cc));
  targets_page(R, pages, (const char *const *)areas->pdata, areas->len);
  hg_chart_request tr = {.kind = HG_CHART_TRENDS, .indicator = "hg.le_birth_synthetic_deaths",
                         .area = icb, .sex = "Female"};
  chart_page(R, pages, &tr, R->ind, NULL);
  for (guint k = 1; k < areas->len; k++) {
    hg_chart_request sp = {.kind = HG_CHART_SPINE, .area = areas->pdata[k], .area_prefix = "E09"};
    chart_page(R, pages, &sp, R->ind, NULL);
  }
  if (R->msoas) {
    hg_chart_request mm = {.kind = HG_CHART_MAP, .indicator = "hg.msoa_le", .sex = "Male",
                           .area_prefix = "E02", .geo = R->msoas,
                           .fill = HG_MAP_FILL_QUINTILE};
    chart_page(R, pages, &mm, R->ind, NULL);
  }
  for (guint k = 1; k < areas->len; k++) {
    hg_chart_request iq = {.kind = HG_CHART_INEQUALITIES, .indicator = "92443",
                           .area = areas->pdata[k],
                           .category_type = "Ethnic group (synthetic)"};
    chart_page(R, pages, &iq, R->ind, NULL);
  }
  methods_page(R, pages);
  contents_page(contents, pages, 2);
  char *rel = g_strdup_printf("packs/icb-%s.pdf", icb);
  write_pack(R, pages, rel, title);
  g_free(rel);
  g_ptr_array_free(areas, TRUE);
  g_ptr_array_free(pages, TRUE);
  g_free(title);
  g_free(scope);
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
  if (g_file_test(p, G_FILE_TEST_EXISTS) && hg_chart_data_read(p, &R.ineq, &e) != HG_OK)
    R.ineq = NULL;
  g_free(p);
  load_inputs(&R);
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
