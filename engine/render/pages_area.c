/* render/pages_area.c: the pages of an ICB pack that mirror the London
 * pack for its boroughs (overview, a map and a compare chart per indicator,
 * trends), and the borough packs ([packs] boroughs: key findings, the
 * borough's spine chart, its trends, its MSOAs, its breakdowns, methods). */
#include <string.h>

#include "healthgap/boundaries.h"
#include "healthgap/text.h"
#include "render/render.h"

/* Keeps in every series of an overview page the points of England, London
 * and the areas in keep, and the series with an area left.  Returns the
 * number of series kept. */
static size_t keep_overview(page *p, GHashTable *keep) {
  size_t total = 0;
  for (size_t s = 0; s < p->spec.nseries; s++)
    total += p->spec.series[s].n;
  p->pts = g_new(hg_chart_point, total ? total : 1);
  p->sers = g_new(hg_chart_series, p->spec.nseries ? p->spec.nseries : 1);
  size_t n = 0, ns = 0;
  for (size_t s = 0; s < p->spec.nseries; s++) {
    const hg_chart_series *in = &p->spec.series[s];
    size_t start = n, areas = 0;
    for (size_t i = 0; i < in->n; i++) {
      const hg_chart_point *q = &in->pts[i];
      int region = q->role == HG_ROLE_ENGLAND || q->role == HG_ROLE_LONDON;
      if (region || (q->code && g_hash_table_contains(keep, q->code))) {
        p->pts[n++] = *q;
        areas += !region;
      }
    }
    if (!areas) {
      n = start;
      continue;
    }
    p->sers[ns] = *in;
    p->sers[ns].pts = p->pts + start;
    p->sers[ns].n = n - start;
    ns++;
  }
  p->spec.series = p->sers;
  p->spec.nseries = ns;
  return ns;
}

static void icb_overview(render *R, GPtrArray *pages, GHashTable *scope, const char *icb_name) {
  hg_chart_request ov = {.kind = HG_CHART_OVERVIEW, .area_prefix = "E09"};
  page *p = render_chart_page(R, pages, &ov, R->ind, NULL);
  if (!p)
    return;
  size_t ns = keep_overview(p, scope);
  if (!ns) {
    render_drop_last(R, pages);
    return;
  }
  p->title = g_strdup_printf("Overview: %zu indicator%s, boroughs of %s", ns, ns == 1 ? "" : "s",
                             icb_name);
  p->spec.title = p->title;
}

/* A map of one indicator over the ICB's boroughs only (their boundaries,
 * zoomed to them): compared with England, or quintiles among them. */
static void icb_map(render *R, GPtrArray *pages, const char *id, GPtrArray *boroughs,
                    GHashTable *scope, const char *icb_name) {
  hg_boundaries *geo = NULL;
  if (!R->boroughs || hg_boundaries_subset(R->boroughs, (const char *const *)boroughs->pdata,
                                           boroughs->len, &geo) != HG_OK) {
    R->skipped++;
    return;
  }
  hg_chart_request mp = {.kind = HG_CHART_MAP, .indicator = id, .area_prefix = "E09", .geo = geo};
  page *p = render_chart_page(R, pages, &mp, R->ind, NULL);
  if (!p) {
    hg_boundaries_free(geo);
    return;
  }
  p->geo = geo;
  if (!render_keep_points(p, scope, NULL)) {
    render_drop_last(R, pages);
    return;
  }
  char *note = g_strdup_printf("The boroughs of %s: compared with England, or where the indicator "
                               "has no comparison, quintiles among these boroughs.",
                               icb_name);
  render_add_note(p, note);
  g_free(note);
}

/* Its boroughs against the ICB, London and England. */
static void icb_compare(render *R, GPtrArray *pages, const char *id, GHashTable *scope,
                        const char *icb) {
  hg_chart_request cm = {.kind = HG_CHART_COMPARE, .indicator = id};
  page *p = render_chart_page(R, pages, &cm, R->ind, NULL);
  if (p && !render_keep_points(p, scope, icb)) {
    render_drop_last(R, pages);
  } else if (p) {
    int has_icb = 0;
    for (size_t k = 0; k < p->ser.n; k++)
      has_icb |= p->ser.pts[k].role == HG_ROLE_HIGHLIGHT;
    if (!has_icb)
      render_add_note(p, "The data has no value for the ICB as a whole.");
  }
}

/* The number of periods of the headline rows (no category) of id for area. */
static guint periods_of(const render *R, const char *id, const char *area) {
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < R->ctx->rows->len; i++) {
    const res_row *r = R->ctx->rows->pdata[i];
    if (!strcmp(r->txt[RES_TXT_INDICATOR_ID], id) && !strcmp(r->txt[RES_TXT_AREA_CODE], area) &&
        !*r->txt[RES_TXT_CATEGORY])
      g_hash_table_add(seen, (gpointer)r->txt[RES_TXT_PERIOD]);
  }
  guint n = g_hash_table_size(seen);
  g_hash_table_destroy(seen);
  return n;
}

/* A trends chart of every indicator with two periods or more for area. */
static void trends_pages(render *R, GPtrArray *pages, const char *area) {
  guint first = pages->len;
  GPtrArray *ids = render_indicators_with(R->ctx, area);
  for (guint i = 0; i < ids->len; i++) {
    const char *id = ids->pdata[i];
    if (periods_of(R, id, area) < 2)
      continue;
    hg_chart_request tr = {.kind = HG_CHART_TRENDS, .indicator = id, .area = area};
    render_chart_page(R, pages, &tr, R->ind, NULL);
  }
  g_ptr_array_free(ids, TRUE);
  if (pages->len > first)
    render_section(pages, first, "Trends against London and England, by indicator");
}

void render_icb_indicator_pages(render *R, GPtrArray *pages, const char *icb, const char *icb_name,
                                GPtrArray *boroughs, GHashTable *scope) {
  icb_overview(R, pages, scope, icb_name);
  GPtrArray *ids = render_indicators_with(R->ctx, "E09");
  for (guint i = 0; i < ids->len; i++) {
    icb_map(R, pages, ids->pdata[i], boroughs, scope, icb_name);
    icb_compare(R, pages, ids->pdata[i], scope, icb);
  }
  g_ptr_array_free(ids, TRUE);
  trends_pages(R, pages, icb);
}

/* ---- borough packs ---- */

/* The MSOAs whose parent is the borough, each once. */
static GPtrArray *borough_msoas(const render *R, const char *borough) {
  GPtrArray *v = g_ptr_array_new();
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < R->ctx->rows->len; i++) {
    const res_row *r = R->ctx->rows->pdata[i];
    const char *c = r->txt[RES_TXT_AREA_CODE];
    if (g_str_has_prefix(c, "E02") && !strcmp(r->txt[RES_TXT_PARENT_CODE], borough) &&
        g_hash_table_add(seen, (gpointer)c))
      g_ptr_array_add(v, (gpointer)c);
  }
  g_hash_table_destroy(seen);
  return v;
}

/* The borough's MSOAs on a map of their own (the map's quintiles are of the
 * areas it draws: the borough's), for one MSOA indicator and sex. */
static void borough_msoa_map(render *R, GPtrArray *pages, const char *borough, const char *id,
                             const char *sex) {
  GPtrArray *ms = borough_msoas(R, borough);
  hg_boundaries *geo = NULL;
  if (!ms->len || !R->msoas ||
      hg_boundaries_subset(R->msoas, (const char *const *)ms->pdata, ms->len, &geo) != HG_OK) {
    g_ptr_array_free(ms, TRUE);
    return; /* no MSOA data for the borough: nothing to draw, nothing skipped */
  }
  hg_chart_request mm = {.kind = HG_CHART_MAP,
                         .indicator = id,
                         .sex = sex,
                         .area_prefix = "E02",
                         .geo = geo,
                         .fill = HG_MAP_FILL_QUINTILE};
  page *p = render_chart_page(R, pages, &mm, R->ind, NULL);
  if (p) {
    p->geo = geo;
    GHashTable *keep = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint i = 0; i < ms->len; i++)
      g_hash_table_add(keep, ms->pdata[i]);
    if (!render_keep_points(p, keep, NULL)) {
      render_drop_last(R, pages);
    } else {
      char *t = g_strdup_printf("%s: %s", p->spec.title, render_area_name(R, borough));
      g_free(p->title);
      p->title = t;
      p->spec.title = t;
      render_add_note(p, "The borough's MSOAs, coloured by quintiles among them.");
    }
    g_hash_table_destroy(keep);
  } else {
    hg_boundaries_free(geo);
  }
  g_ptr_array_free(ms, TRUE);
}

/* Indicators of MSOA rows in the borough (hg.msoa_le, ...), each with its
 * sexes. */
static void borough_msoa_pages(render *R, GPtrArray *pages, const char *borough) {
  guint first = pages->len;
  GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *todo = g_ptr_array_new(); /* id, sex pairs */
  for (guint i = 0; i < R->ctx->rows->len; i++) {
    const res_row *r = R->ctx->rows->pdata[i];
    if (!g_str_has_prefix(r->txt[RES_TXT_AREA_CODE], "E02") ||
        strcmp(r->txt[RES_TXT_PARENT_CODE], borough) || *r->txt[RES_TXT_CATEGORY])
      continue;
    char *k = g_strdup_printf("%s\x1f%s", r->txt[RES_TXT_INDICATOR_ID], r->txt[RES_TXT_SEX]);
    if (g_hash_table_add(seen, k)) {
      g_ptr_array_add(todo, (gpointer)r->txt[RES_TXT_INDICATOR_ID]);
      g_ptr_array_add(todo, (gpointer)r->txt[RES_TXT_SEX]);
    }
  }
  for (guint k = 0; k < todo->len; k += 2)
    borough_msoa_map(R, pages, borough, todo->pdata[k],
                     *(const char *)todo->pdata[k + 1] ? todo->pdata[k + 1] : NULL);
  g_ptr_array_free(todo, TRUE);
  g_hash_table_destroy(seen);
  if (pages->len > first)
    render_section(pages, first, "MSOAs of the borough, by indicator");
}

static void borough_pack(render *R, const char *code) {
  const char *name = render_area_name(R, code);
  GPtrArray *pages = render_pages_new();
  char *title = g_strdup_printf("%s: %s", R->ctx->cfg->title, name);
  char *scope_text =
      g_strdup_printf("%s (%s): its indicators against London and England", name, code);
  page *cover = render_cover(R, pages, title, scope_text);
  page *contents = render_text_page(pages, "Contents");
  GHashTable *scope = g_hash_table_new(g_str_hash, g_str_equal);
  g_hash_table_add(scope, (gpointer)code);
  render_findings_pages(R, pages, scope, name);
  const char *areas[] = {code};
  render_targets_page(R, pages, areas, 1);
  hg_chart_request sp = {
      .kind = HG_CHART_SPINE, .area = code, .area_prefix = "E09", .area_group = R->area_group};
  render_chart_page(R, pages, &sp, R->ind, NULL);
  trends_pages(R, pages, code);
  borough_msoa_pages(R, pages, code);
  render_borough_deprivation_pages(R, pages, code); /* pages_ineq.c */
  render_ethnic_summary(R, pages, areas, 1);
  render_ethnic_pages(R, pages, code);
  render_methods_page(R, pages);
  render_contents_page(contents, pages, 2);
  render_cover_synthetic(R, cover, pages);
  char *safe = hg_name_make_safe(code, NULL);
  char *rel = g_strdup_printf("packs/borough-%s.pdf", safe);
  render_add_plan(R, pages, rel, title);
  g_free(rel);
  g_free(safe);
  g_hash_table_destroy(scope);
  g_free(title);
  g_free(scope_text);
}

static gint cmp_str(gconstpointer a, gconstpointer b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every borough with results (E09 codes), in code order. */
static GPtrArray *all_boroughs(const render *R) {
  GPtrArray *v = g_ptr_array_new();
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < R->ctx->rows->len; i++) {
    const char *c = ((const res_row *)R->ctx->rows->pdata[i])->txt[RES_TXT_AREA_CODE];
    if (g_str_has_prefix(c, "E09") && g_hash_table_add(seen, (gpointer)c))
      g_ptr_array_add(v, (gpointer)c);
  }
  g_hash_table_destroy(seen);
  g_ptr_array_sort(v, cmp_str);
  return v;
}

hg_status render_borough_packs(render *R, hg_error *err) {
  const hg_config *cfg = R->ctx->cfg;
  if (!cfg->pack_boroughs && !cfg->pack_borough_all)
    return HG_OK;
  GPtrArray *codes = g_ptr_array_new();
  if (cfg->pack_borough_all) {
    GPtrArray *all = all_boroughs(R);
    for (guint i = 0; i < all->len; i++)
      g_ptr_array_add(codes, all->pdata[i]);
    g_ptr_array_free(all, TRUE);
  } else {
    for (size_t k = 0; cfg->pack_boroughs[k]; k++) {
      if (!g_hash_table_contains(R->names, cfg->pack_boroughs[k])) {
        hg_error_set(err, cfg->file, 0, NULL,
                     "[packs] boroughs: %s has no results in this run, so no pack would be made",
                     cfg->pack_boroughs[k]);
        g_ptr_array_free(codes, TRUE);
        return HG_ERR_NOT_FOUND;
      }
      g_ptr_array_add(codes, cfg->pack_boroughs[k]);
    }
  }
  g_ptr_array_sort(codes, cmp_str);
  for (guint k = 0; k < codes->len; k++)
    if (!k || strcmp(codes->pdata[k], codes->pdata[k - 1]))
      borough_pack(R, codes->pdata[k]);
  g_ptr_array_free(codes, TRUE);
  return HG_OK;
}
