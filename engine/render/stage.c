/* render/stage.c: the render stage of a run: the evidence packs and chart PNGs.
 *
 * Charts are built by the chart module from the run's results in memory
 * (from_results.c: the rows of results/indicators.csv and inequalities.csv,
 * which publish writes afterwards), so that a pack shows exactly the
 * published numbers.  Pages are planned first (so the contents page knows
 * every page number), then written.  A chart the data cannot support (an
 * indicator without borough rows, a map without boundaries) is skipped with a
 * warning, never drawn from invented data.  Chart pages are then drawn as
 * recordings on --jobs threads and the packs written (each in page order, one
 * pack per thread at a time), so the bytes do not depend on --jobs.  Text
 * pages: pages_text.c; deprivation and ethnic-group pages: pages_ineq.c.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "healthgap/boundaries.h"
#include "healthgap/geography.h"
#include "healthgap/pack.h"
#include "healthgap/text.h"
#include "analyse/stage.h"
#include "render/render.h"
#include "render/site.h"
#include "render/stage.h"

void render_page_free(gpointer x) {
  page *p = x;
  g_free(p->heading);
  if (p->lines)
    g_ptr_array_free(p->lines, TRUE);
  hg_chart_built_free(p->built);
  if (p->owned)
    (p->owned_free ? p->owned_free : g_free)(p->owned);
  g_free(p->footnote);
  g_free(p->source);
  g_free(p->png);
  g_free(p->title);
  g_free(p->pts);
  g_free(p->sers);
  hg_boundaries_free(p->geo);
  hg_boundaries_free(p->outline);
  hg_chart_recording_free(p->rec);
  g_free(p);
}

/* One pack: its pages in order, drawn by the workers, written by one thread. */
typedef struct {
  GPtrArray *pages; /* page* */
  char *rel, *title;
  hg_status st;    /* of writing the PDF */
  int write_errno; /* errno when st is HG_ERR_IO (taken on the writing thread) */
  guint written;   /* pages written before st */
} plan;

static void plan_free(gpointer x) {
  plan *pl = x;
  g_ptr_array_free(pl->pages, TRUE);
  g_free(pl->rel);
  g_free(pl->title);
  g_free(pl);
}

/* Synthetic data comes from an input declared synthetic (or named
 * synthetic_*): the indicator's area rows, or the breakdown asked; or it is
 * named so in its indicator (id or registry name). */
int render_is_synthetic(const render *R, const hg_chart_request *req) {
  if (!req->indicator)
    return 0;
  char *k = g_strdup_printf("%s\x1f", req->indicator);
  int synth = g_hash_table_contains(R->synthetic, k);
  g_free(k);
  if (!synth && req->category_type) {
    k = g_strdup_printf("%s\x1f%s", req->indicator, req->category_type);
    synth = g_hash_table_contains(R->synthetic, k);
    g_free(k);
  }
  if (synth || strstr(req->indicator, "synthetic"))
    return 1;
  const hg_indicator_meta *m = hg_indicator_registry_find(R->reg, req->indicator);
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

/* "Series asked in the pack config: sex Male; age All ages." or NULL. */
static char *config_series(const hg_config *cfg) {
  const char *val[] = {cfg->series_sex, cfg->series_age, cfg->series_category_type,
                       cfg->series_area_type};
  static const char *const name[] = {"sex", "age", "category type", "area type"};
  GString *s = NULL;
  for (size_t k = 0; k < G_N_ELEMENTS(val); k++)
    if (val[k]) {
      s = s ? s : g_string_new("Series asked in the pack config:");
      g_string_append_printf(s, "%s %s %s", s->str[s->len - 1] == ':' ? "" : ";", name[k], val[k]);
    }
  if (s)
    g_string_append_c(s, '.');
  return s ? g_string_free(s, FALSE) : NULL;
}

/* One chart page from a request; NULL (and counted) when it cannot be built. */
page *render_chart_page(render *R, GPtrArray *pages, const hg_chart_request *req_in,
                        const hg_chart_data *data, const char *png) {
  hg_chart_request req = *req_in;
  /* a pack shows each indicator's headline series and says which, or the
   * series its config asks for ([pack] sex, age, category_type, area_type)
   * where a page does not name its own */
  req.headline = 1;
  const hg_config *cfg = R->ctx->cfg;
  req.sex = req.sex ? req.sex : cfg->series_sex;
  req.age = req.age ? req.age : cfg->series_age;
  req.category_type = req.category_type ? req.category_type : cfg->series_category_type;
  req.area_type = req.area_type ? req.area_type : cfg->series_area_type;
  const hg_indicator_meta *m =
      req.indicator ? hg_indicator_registry_find(R->reg, req.indicator) : NULL;
  /* the sources and licences the config declares for the indicator's inputs,
   * else the registry's source */
  const char *dsrc = render_source_for(R, &req);
  const GString *dlic = req.indicator ? g_hash_table_lookup(R->licences, req.indicator) : NULL;
  const char *msrc = dsrc ? dsrc : m && m->source && *m->source ? m->source : NULL;
  char *source = g_strdup_printf("Source: %s", msrc ? msrc : "see the appendix");
  req.source = msrc;
  if (dlic)
    req.licence = dlic->str;
  else if (dsrc)
    req.licence = ""; /* a declared source without a licence: claim none */
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
  p->indicator = req_in->indicator;
  p->built = b;
  p->spec = *hg_chart_built_spec(b);
  /* Profiles and overviews mix every indicator: say so when any input is synthetic. */
  int synth = render_is_synthetic(R, &req) ||
              ((req.kind == HG_CHART_SPINE || req.kind == HG_CHART_OVERVIEW) && R->any_synthetic);
  p->synthetic = synth;
  if (render_is_synthetic(R, &req) && p->spec.title && !strstr(p->spec.title, "SYNTHETIC")) {
    p->title = g_strdup_printf("SYNTHETIC: %s", p->spec.title);
    p->spec.title = p->title;
  }
  /* The chart prints its own source line (with the licence) and, on maps, the
   * OS/ONS boundary attribution: add the licence only where it is missing. */
  const char *src = p->spec.source ? p->spec.source : "";
  int has_ogl = strstr(src, "Open Government Licence") != NULL || strstr(src, "OGL") != NULL;
  p->footnote = g_strdup_printf("%s%s%s%s", p->spec.footnote ? p->spec.footnote : "",
                                p->spec.footnote && *p->spec.footnote ? " " : "",
                                synth ? SYNTH_NOTE : "", has_ogl ? "" : OGL);
  p->spec.footnote = p->footnote;
  char *asked = config_series(cfg);
  if (asked)
    render_add_note(p, asked);
  g_free(asked);
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
void render_mark_synthetic(page *p) {
  p->synthetic = 1;
  if (p->footnote && strstr(p->footnote, "SYNTHETIC"))
    return;
  char *f = g_strdup_printf(SYNTH_NOTE "%s", p->footnote ? p->footnote : "");
  g_free(p->footnote);
  p->footnote = f;
  p->spec.footnote = f;
}

/* Appends a sentence to a page's footnote. */
void render_add_note(page *p, const char *note) {
  char *f = g_strdup_printf("%s%s%s", p->footnote ? p->footnote : "",
                            p->footnote && *p->footnote ? " " : "", note);
  g_free(p->footnote);
  p->footnote = f;
  p->spec.footnote = f;
}

/* Names the pages from first to the end as one contents section. */
void render_section(GPtrArray *pages, guint first, const char *name) {
  for (guint i = first; i < pages->len; i++)
    ((page *)pages->pdata[i])->section = name;
}

/* Points with a value on a chart page. */
size_t render_finite_points(const page *p) {
  size_t n = 0;
  for (size_t s = 0; s < p->spec.nseries; s++)
    for (size_t i = 0; i < p->spec.series[s].n; i++)
      n += isfinite(p->spec.series[s].pts[i].value) != 0;
  return n;
}

/* Drops the last page (one that keep_points left empty). */
void render_drop_last(render *R, GPtrArray *pages) {
  g_ptr_array_remove_index(pages, pages->len - 1);
  R->skipped++;
}

/* Writes a planned pack in page order: text pages drawn here, chart pages
 * from their recordings.  Any thread (the bytes do not depend on which:
 * fonts are shared by file); outputs are listed afterwards by publish_pack. */
static void write_pack(render *R, plan *pl) {
  run_ctx *ctx = R->ctx;
  char *path = g_build_filename(ctx->staging, pl->rel, NULL);
  hg_pack_meta meta = {.title = pl->title, .footer = R->footer, .timestamp = ctx->time};
  hg_pack *pk = NULL;
  hg_status st = hg_pack_open(path, &meta, &pk);
  if (st == HG_ERR_IO)
    pl->write_errno = errno;
  guint i = 0;
  for (; st == HG_OK && i < pl->pages->len; i++) {
    page *p = pl->pages->pdata[i];
    if (p->heading)
      st = hg_pack_text_page(pk, p->heading, (const char *const *)p->lines->pdata, p->lines->len);
    else
      st = p->rec ? hg_pack_recording_page(pk, p->rec) : p->rec_st;
    if (p->rec) { /* on its page now: the recording is not needed again */
      hg_chart_recording_free(p->rec);
      p->rec = NULL;
    }
  }
  hg_status c = hg_pack_close(pk);
  if (st == HG_OK && c == HG_ERR_IO)
    pl->write_errno = errno;
  pl->st = st == HG_OK ? c : st;
  pl->written = i;
  g_free(path);
}

/* Warns that rel could not be written (why: errno, or 0 for st) and keeps the
 * first such file, which fails the run (run_render). */
static void render_failed(render *R, const char *rel, int why, hg_status st) {
  run_warn(R->ctx, "render: %s failed: %s", rel, why ? g_strerror(why) : hg_strerror(st));
  if (!R->failed) {
    R->failed = g_strdup(rel);
    R->failed_errno = why;
  }
}

/* Lists a written pack and its PNGs among the outputs (main thread, in plan
 * order), or warns. */
static void publish_pack(render *R, const plan *pl) {
  run_ctx *ctx = R->ctx;
  for (guint i = 0; i < pl->written && i < pl->pages->len; i++) {
    const page *p = pl->pages->pdata[i];
    if (p->png_ok) {
      g_ptr_array_add(ctx->outputs, g_strdup(p->png));
      ctx->n.charts++;
    } else if (p->png_errno) {
      /* a chart the disk refused is as lost as a pack: the run fails */
      render_failed(R, p->png, p->png_errno, HG_ERR_IO);
    }
  }
  if (pl->st == HG_OK) {
    g_ptr_array_add(ctx->outputs, g_strdup(pl->rel));
    ctx->n.packs++;
  } else {
    /* a pack that cannot be written fails the run (run_render) */
    render_failed(R, pl->rel, pl->st == HG_ERR_IO ? pl->write_errno : 0, pl->st);
  }
}

static void flush_plans(render *R);

static void add_plan(render *R, GPtrArray *pages, const char *rel, const char *title) {
  plan *pl = g_new0(plan, 1);
  pl->pages = pages;
  pl->rel = g_strdup(rel);
  pl->title = g_strdup(title);
  g_ptr_array_add(R->plans, pl);
  if (R->plans->len - R->flushed >= (guint)(R->ctx->jobs > 1 ? R->ctx->jobs : 1))
    flush_plans(R);
}

/* An indicator id as part of a chart's file name: letters and digits, the
 * rest '_', bounded (healthgap/text.h): an id from the data must never
 * reach outside charts/ nor be too long for the file system. */
static char *slug(const char *id) {
  return hg_name_make_safe(id, NULL);
}

/* Key findings for London and every borough with results. */
static void london_findings(render *R, GPtrArray *pages) {
  GHashTable *scope = g_hash_table_new(g_str_hash, g_str_equal);
  g_hash_table_add(scope, (gpointer) "E12000007");
  for (guint i = 0; i < R->ctx->rows->len; i++) {
    const res_row *r = R->ctx->rows->pdata[i];
    if (g_str_has_prefix(r->txt[RES_TXT_AREA_CODE], "E09"))
      g_hash_table_add(scope, (gpointer)r->txt[RES_TXT_AREA_CODE]);
  }
  render_findings_pages(R, pages, scope, "London and its boroughs");
  g_hash_table_destroy(scope);
}

static void london_pack(render *R) {
  run_ctx *ctx = R->ctx;
  GPtrArray *pages = g_ptr_array_new_with_free_func(render_page_free);
  page *cover =
      render_cover(R, pages, ctx->cfg->title, "London: its boroughs against London and England");
  page *contents = render_text_page(pages, "Contents");
  london_findings(R, pages);
  static const char *const areas[] = {"E12000007", "E92000001"};
  render_targets_page(R, pages, areas, 2);
  hg_chart_request ov = {.kind = HG_CHART_OVERVIEW, .area_prefix = "E09"};
  render_chart_page(R, pages, &ov, R->ind, "charts/london/overview.png");
  GPtrArray *ids = render_indicators_with(ctx, "E09");
  for (guint i = 0; i < ids->len; i++) {
    const char *id = ids->pdata[i];
    char *s = slug(id);
    char *png = g_strdup_printf("charts/london/%s-map.png", s);
    if (R->boroughs) {
      hg_chart_request mp = {
          .kind = HG_CHART_MAP, .indicator = id, .area_prefix = "E09", .geo = R->boroughs};
      render_chart_page(R, pages, &mp, R->ind, png);
    }
    g_free(png);
    png = g_strdup_printf("charts/london/%s-compare.png", s);
    hg_chart_request cm = {.kind = HG_CHART_COMPARE, .indicator = id, .area_prefix = "E09"};
    render_chart_page(R, pages, &cm, R->ind, png);
    g_free(png);
    g_free(s);
  }
  g_ptr_array_free(ids, TRUE);
  /* Deprivation gradients (London and England) and ethnic gaps. */
  GHashTable *scope = g_hash_table_new(g_str_hash, g_str_equal);
  g_hash_table_add(scope, (gpointer) "E12000007");
  g_hash_table_add(scope, (gpointer) "E92000001");
  render_deprivation_pages(R, pages, scope, "charts/london");
  g_hash_table_destroy(scope);
  /* Ethnic gaps: London's own, then the borough with the most groups. */
  const char *ethnic[2];
  size_t nethnic;
  render_ethnic_areas(R, ethnic, &nethnic);
  render_ethnic_summary(R, pages, ethnic, nethnic);
  for (size_t k = 0; k < nethnic; k++)
    render_ethnic_pages(R, pages, ethnic[k]);
  render_gap_pages(R, pages, NULL);           /* pages_gaps.c */
  render_funnel_pages(R, pages);              /* pages_gaps.c */
  render_segment_pages(R, pages, NULL, NULL); /* pages_segment.c */
  if (R->msoas) {
    hg_chart_request mm = {.kind = HG_CHART_MAP,
                           .indicator = "hg.msoa_le",
                           .sex = "Female",
                           .area_prefix = "E02",
                           .geo = R->msoas,
                           .outline = R->boroughs,
                           .fill = HG_MAP_FILL_QUINTILE};
    render_chart_page(R, pages, &mm, R->ind, "charts/london/msoa_le-map.png");
  }
  render_methods_page(R, pages);
  render_contents_page(contents, pages, 2);
  render_cover_synthetic(R, cover, pages);
  add_plan(R, pages, "packs/london.pdf", ctx->cfg->title);
}

/* The MSOA codes whose results name icb, in results order, each once. */
static GPtrArray *icb_msoas(const render *R, const char *icb) {
  GPtrArray *v = g_ptr_array_new();
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < R->ctx->rows->len; i++) {
    const res_row *r = R->ctx->rows->pdata[i];
    const char *c = r->txt[RES_TXT_AREA_CODE];
    if (g_str_has_prefix(c, "E02") && strcmp(r->txt[RES_TXT_ICB_CODE], icb) == 0 &&
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
  hg_chart_request mm = {.kind = HG_CHART_MAP,
                         .indicator = "hg.msoa_le",
                         .sex = sex,
                         .area_prefix = "E02",
                         .geo = geo,
                         .outline = outline,
                         .fill = HG_MAP_FILL_QUINTILE};
  page *p = render_chart_page(R, pages, &mm, R->ind, NULL);
  if (p) {
    p->geo = geo;
    p->outline = outline;
    GHashTable *keep = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < ms->len; i++)
      g_hash_table_add(keep, ms->pdata[i]);
    if (!keep_points(p, keep, NULL)) {
      render_drop_last(R, pages);
    } else {
      p->title = g_strdup_printf("%s: %s", p->spec.title, render_area_name(R, icb));
      p->spec.title = p->title;
      render_add_note(p, "Quintiles among the ICB's MSOAs; borough boundaries drawn darker.");
    }
    g_hash_table_destroy(keep);
  } else {
    hg_boundaries_free(geo);
    hg_boundaries_free(outline);
  }
  g_ptr_array_free(ms, TRUE);
}

/* For the ICB and borough pages (pages_area.c). */
size_t render_keep_points(page *p, GHashTable *keep, const char *pin) {
  return keep_points(p, keep, pin);
}

void render_add_plan(render *R, GPtrArray *pages, const char *rel, const char *title) {
  add_plan(R, pages, rel, title);
}

GPtrArray *render_pages_new(void) {
  return g_ptr_array_new_with_free_func(render_page_free);
}

static void icb_pack(render *R, const char *icb, const char *icb_name) {
  GPtrArray *pages = g_ptr_array_new_with_free_func(render_page_free);
  /* the config's title, for the ICB */
  char *title = g_strdup_printf("%s: %s", R->ctx->cfg->title, icb_name);
  char *scope_text =
      g_strdup_printf("%s (%s): its boroughs against the ICB, London and England", icb_name, icb);
  page *cover = render_cover(R, pages, title, scope_text);
  page *contents = render_text_page(pages, "Contents");
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
  char *who = g_strdup_printf("%s and its boroughs", icb_name);
  render_findings_pages(R, pages, scope, who);
  g_free(who);
  render_targets_page(R, pages, (const char *const *)areas->pdata, areas->len);
  render_statement_pages(R, pages, icb, icb_name, boroughs); /* pages_statement.c */
  render_icb_indicator_pages(R, pages, icb, icb_name, boroughs, scope);
  guint first = pages->len;
  for (guint k = 0; k < boroughs->len; k++) {
    hg_chart_request sp = {.kind = HG_CHART_SPINE,
                           .area = boroughs->pdata[k],
                           .area_prefix = "E09",
                           .area_group = R->area_group};
    render_chart_page(R, pages, &sp, R->ind, NULL);
  }
  render_section(pages, first, "Area profiles (spine charts), one page per borough");
  if (R->msoas) {
    icb_msoa_map(R, pages, icb, "Female", boroughs);
    icb_msoa_map(R, pages, icb, "Male", boroughs);
  }
  render_deprivation_pages(R, pages, scope, NULL);
  render_pyramid_page(R, pages, icb, boroughs);  /* pages_pyramid.c */
  render_gap_pages(R, pages, scope);             /* pages_gaps.c */
  render_segment_pages(R, pages, icb, boroughs); /* pages_segment.c */
  first = pages->len;
  render_ethnic_summary(R, pages, (const char *const *)boroughs->pdata, boroughs->len);
  for (guint k = 0; k < boroughs->len; k++)
    render_ethnic_pages(R, pages, boroughs->pdata[k]);
  int synth = 0;
  for (guint k = first; k < pages->len; k++)
    synth |= ((page *)pages->pdata[k])->synthetic;
  render_section(pages, first,
                 synth ? "Ethnic groups per borough (SYNTHETIC): latest values and the widest gap "
                         "over time"
                       : "Ethnic groups per borough: latest values and the widest gap over time");
  render_methods_page(R, pages);
  render_contents_page(contents, pages, 2);
  render_cover_synthetic(R, cover, pages);
  char *rel = g_strdup_printf("packs/icb-%s.pdf", icb);
  add_plan(R, pages, rel, title);
  g_free(rel);
  g_hash_table_destroy(scope);
  g_ptr_array_free(areas, TRUE);
  g_ptr_array_free(boroughs, TRUE);
  g_free(title);
  g_free(scope_text);
}

/* ---- drawing and writing on --jobs threads ---- */

typedef void (*item_fn)(render *R, gpointer item);

typedef struct {
  render *R;
  GPtrArray *items;
  item_fn fn;
  gint next; /* atomic: the next item to take */
} par_work;

/* One worker: takes items until none is left, then releases its fonts. */
static void par_worker(gpointer data, gpointer user) {
  (void)data;
  par_work *w = user;
  for (;;) {
    gint i = g_atomic_int_add(&w->next, 1);
    if (i >= (gint)w->items->len || run_cancelled(w->R->ctx))
      break;
    w->fn(w->R, w->items->pdata[i]);
  }
  hg_chart_thread_done();
}

/* fn over every item on min(--jobs, items) threads of a GThreadPool, or here
 * with one job.  Returns when all are done (or the run was cancelled). */
static void run_parallel(render *R, GPtrArray *items, item_fn fn) {
  par_work w = {.R = R, .items = items, .fn = fn};
  int jobs = R->ctx->jobs > 1 ? R->ctx->jobs : 1;
  if ((guint)jobs > items->len)
    jobs = (int)items->len;
  GThreadPool *pool = jobs > 1 ? g_thread_pool_new(par_worker, &w, jobs, TRUE, NULL) : NULL;
  if (pool) {
    for (int t = 0; t < jobs; t++)
      g_thread_pool_push(pool, GINT_TO_POINTER(t + 1), NULL);
    g_thread_pool_free(pool, FALSE, TRUE); /* waits for every worker */
  } else {
    for (guint i = 0; i < items->len && !run_cancelled(R->ctx); i++)
      fn(R, items->pdata[i]);
  }
}

static void draw_page(render *R, gpointer item) {
  page *p = item;
  hg_chart_options o = {
      .width_pt = HG_PACK_WIDTH_PT, .height_pt = HG_PACK_HEIGHT_PT, .timestamp = R->ctx->time};
  p->rec_st = hg_chart_record(&p->spec, &o, &p->rec);
  if (p->png) {
    hg_chart_options po = {.timestamp = R->ctx->time};
    char *png = g_build_filename(R->ctx->staging, p->png, NULL);
    char *dir = g_path_get_dirname(png);
    g_mkdir_with_parents(dir, 0777);
    hg_status st = hg_chart_write_png(&p->spec, &po, png);
    p->png_ok = st == HG_OK;
    if (st == HG_ERR_IO)
      p->png_errno = errno ? errno : EIO; /* this thread's errno: the write's */
    g_free(dir);
    g_free(png);
  }
}

static void write_item(render *R, gpointer item) {
  write_pack(R, item);
}

/* The plans not yet flushed: their chart pages recorded on --jobs threads,
 * the packs written in parallel (each in its own page order, each recording
 * freed once on its page), listed in plan order, and their pages freed.
 * add_plan calls it as soon as --jobs packs are planned, so a run holds the
 * pages of that many packs, not of all: planning every pack before drawing
 * any held every page's chart data, and the London demo's seven packs
 * peaked at 2.7 GB. */
static void flush_plans(render *R) {
  GPtrArray *todo = g_ptr_array_new(), *plans = g_ptr_array_new();
  for (guint k = R->flushed; k < R->plans->len; k++) {
    plan *pl = R->plans->pdata[k];
    pl->st = HG_ERR_RENDER; /* until written */
    g_ptr_array_add(plans, pl);
    for (guint i = 0; i < pl->pages->len; i++) {
      page *p = pl->pages->pdata[i];
      if (!p->heading)
        g_ptr_array_add(todo, p);
    }
  }
  R->flushed = R->plans->len;
  if (!run_cancelled(R->ctx))
    run_parallel(R, todo, draw_page);
  for (guint i = 0; i < todo->len; i++) {
    page *p = todo->pdata[i];
    if (!p->rec && p->rec_st == HG_OK)
      p->rec_st = HG_ERR_RENDER; /* cancelled before it was drawn */
  }
  if (!run_cancelled(R->ctx))
    run_parallel(R, plans, write_item);
  for (guint k = 0; k < plans->len && !run_cancelled(R->ctx); k++)
    publish_pack(R, plans->pdata[k]);
  for (guint k = 0; k < plans->len; k++)
    g_ptr_array_set_size(((plan *)plans->pdata[k])->pages, 0); /* frees them */
  g_ptr_array_free(todo, TRUE);
  g_ptr_array_free(plans, TRUE);
}

static void load_inputs(render *R) {
  run_ctx *ctx = R->ctx;
  R->reg = ctx->registry;
  for (guint i = 0; i < ctx->files->len; i++) {
    run_file *f = ctx->files->pdata[i];
    if (f->in->role == HG_ROLE_BOUNDARIES) {
      /* read once by the ingest stage; borrowed for the run */
      const hg_boundaries *g = f->boundaries;
      const char *code = hg_boundaries_code(g, 0);
      if (!code)
        continue;
      if (g_str_has_prefix(code, "E09") && !R->boroughs)
        R->boroughs = g;
      else if (g_str_has_prefix(code, "E02") && !R->msoas)
        R->msoas = g;
    } else if (f->in->role == HG_ROLE_LOOKUP && !R->icb_lookup &&
               hg_table_col(f->table, "ICB_code") >= 0) {
      R->icb_lookup = f->table;
    }
  }
}

/* Every ICB code of the lookup names a pack file (packs/icb-CODE.pdf): one
 * that is not a plain name ('E54000027/../../x') is refused with its line,
 * never turned into a path. */
static hg_status check_icb_codes(const render *R, hg_error *err) {
  long ci = hg_table_col(R->icb_lookup, "ICB_code");
  for (size_t i = 0; i < hg_table_nrows(R->icb_lookup); i++) {
    const char *code = hg_table_cell(R->icb_lookup, i, (size_t)ci);
    if (!hg_name_is_safe(code)) {
      hg_error_set(err, hg_table_name(R->icb_lookup), hg_table_line(R->icb_lookup, i), "ICB_code",
                   "'%s' cannot name a pack file (letters, digits, '.', '_' and '-' only, not "
                   "starting with '.', at most %d characters)",
                   code, HG_NAME_MAX);
      return HG_ERR_FORMAT;
    }
  }
  return HG_OK;
}

/* Every ICB the config names must be in the lookup: a mistyped code would
 * publish no pack and say nothing. */
static hg_status check_icbs(const render *R, hg_error *err) {
  const hg_config *cfg = R->ctx->cfg;
  if (R->icb_lookup && !cfg->pack_icb_none) {
    hg_status st = check_icb_codes(R, err);
    if (st != HG_OK)
      return st;
  }
  if (!cfg->pack_icbs || cfg->pack_icb_none)
    return HG_OK;
  if (!R->icb_lookup) {
    hg_error_set(err, cfg->file, 0, NULL,
                 "[packs] icb names ICBs but no input is a borough -> ICB lookup");
    return HG_ERR_NOT_FOUND;
  }
  long ci = hg_table_col(R->icb_lookup, "ICB_code");
  for (size_t k = 0; cfg->pack_icbs[k]; k++) {
    int found = 0;
    for (size_t i = 0; i < hg_table_nrows(R->icb_lookup) && !found; i++)
      found = strcmp(hg_table_cell(R->icb_lookup, i, (size_t)ci), cfg->pack_icbs[k]) == 0;
    if (!found) {
      hg_error_set(err, cfg->file, 0, NULL,
                   "[packs] icb: %s is not an ICB of the lookup %s, so no pack would be made",
                   cfg->pack_icbs[k], hg_table_name(R->icb_lookup));
      return HG_ERR_NOT_FOUND;
    }
  }
  return HG_OK;
}

/* A London pack of inputs with nothing for London (an ICB, a county or an
 * England-only file) would publish pages about England alone under a London
 * title: the run says so and fails instead.  London is its region row, its
 * boroughs (E09) and anything the lookups place in a London borough. */
static int in_london_borough(const run_ctx *ctx, const char *code) {
  const char *lad = ctx->geo ? hg_geo_ancestor(ctx->geo, code, HG_GEO_LAD) : NULL;
  return lad && g_str_has_prefix(lad, "E09");
}

static hg_status check_london(const render *R, hg_error *err) {
  const run_ctx *ctx = R->ctx;
  if (!ctx->cfg->pack_london)
    return HG_OK;
  for (guint i = 0; i < ctx->rows->len; i++) {
    const res_row *r = ctx->rows->pdata[i];
    const char *code = r->txt[RES_TXT_AREA_CODE];
    if (!strcmp(code, "E12000007") || g_str_has_prefix(code, "E09") ||
        !strcmp(r->txt[RES_TXT_PARENT_CODE], "E12000007") || in_london_borough(ctx, code))
      return HG_OK;
  }
  hg_error_set(err, ctx->cfg->file, 0, NULL,
               "[packs] london: no row of the inputs is for London (E12000007), its boroughs "
               "(E09...) or an area the lookups place in London, so the London pack would show "
               "nothing of London: add London data or set london = false");
  return HG_ERR_EMPTY;
}

hg_status run_render(run_ctx *ctx, hg_error *err) {
  const hg_config *cfg = ctx->cfg;
  if (!cfg->pack_london && cfg->pack_icb_none && !cfg->site && !cfg->pack_boroughs &&
      !cfg->pack_borough_all)
    return HG_OK;
  run_analysed_rows(ctx); /* ctx->arows, which the pages read */
  render R = {.ctx = ctx};
  load_inputs(&R);
  hg_status cst = check_icbs(&R, err);
  if (cst == HG_OK)
    cst = check_london(&R, err);
  if (cst != HG_OK)
    return cst;
  render_provenance(&R);
  R.ind = render_indicators_data(ctx);
  R.ineq = render_inequalities_data(ctx);
  R.plans = g_ptr_array_new_with_free_func(plan_free);
  R.names = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < ctx->rows->len; i++) {
    const res_row *r = ctx->rows->pdata[i];
    if (*r->txt[RES_TXT_AREA_NAME])
      g_hash_table_insert(R.names, (gpointer)r->txt[RES_TXT_AREA_CODE],
                          (gpointer)r->txt[RES_TXT_AREA_NAME]);
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
        g_ptr_array_add(names,
                        (gpointer)(cn >= 0 ? hg_table_cell(R.icb_lookup, i, (size_t)cn) : code));
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
  hg_status bst = render_borough_packs(&R, err);
  /* the packs planned since the last flush (add_plan flushes every --jobs) */
  if (bst == HG_OK)
    flush_plans(&R);
  hg_status sst = bst == HG_OK && cfg->site && !run_cancelled(ctx) ? render_site(&R, err) : bst;
  g_ptr_array_free(R.plans, TRUE);
  g_hash_table_destroy(R.names);
  if (R.skipped)
    run_warn(ctx,
             "render: %zu chart(s) skipped (no rows for them, none in the pack's areas, "
             "or too few values to say anything)",
             R.skipped);
  hg_chart_thread_done();
  hg_chart_data_free(R.ind);
  hg_chart_data_free(R.ineq);
  render_provenance_free(&R);
  render_findings_free(&R);
  if (sst != HG_OK) {
    g_free(R.failed);
    return sst;
  }
  if (R.failed) {
    if (R.failed_errno)
      hg_error_set(err, R.failed, 0, NULL, "cannot write: %s; nothing is published",
                   g_strerror(R.failed_errno));
    else
      hg_error_set(err, R.failed, 0, NULL, "the pack could not be written; nothing is published");
    g_free(R.failed);
    return HG_ERR_RENDER;
  }
  return HG_OK;
}
