/* render/site.c: the offline dashboard, site/ of the run folder ([pack]
 * site = true; docs/outputs.md).  Static HTML that needs no server and
 * requests nothing outside the run folder: it opens from a file share or
 * file://.  Its charts are the packs' specs drawn by the same chart code as
 * SVG; its tables link the run's results CSVs (../results/, written by the
 * publish stage into the same folder).  The pages are written in a fixed
 * order from sorted data, so the same inputs and run time give the same
 * bytes. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/site.h"

/* ---- the headline series and its latest rows ---- */

/* The key of the commonest value of column c among rows [a,b) that match
 * sex (when not NULL), preferring want when present; ties: the least text. */
static const char *commonest(run_ctx *ctx, guint a, guint b, int c, const char *sex,
                             const char *want) {
  GHashTable *n = g_hash_table_new(g_str_hash, g_str_equal);
  const char *best = NULL;
  guint best_n = 0;
  for (guint i = a; i < b; i++) {
    const res_row *r = ctx->rows->pdata[i];
    if (*r->col[RES_CATEGORY_TYPE] || (sex && strcmp(r->col[RES_SEX], sex) != 0))
      continue;
    const char *v = r->col[c];
    if (want && !strcmp(v, want)) {
      best = v;
      break;
    }
    guint k = GPOINTER_TO_UINT(g_hash_table_lookup(n, v)) + 1;
    g_hash_table_insert(n, (gpointer)v, GUINT_TO_POINTER(k));
    if (k > best_n || (k == best_n && strcmp(v, best) < 0)) {
      best = v;
      best_n = k;
    }
  }
  g_hash_table_destroy(n);
  return best;
}

/* r under "id\x1f" "area" in h when it is the latest there. */
static void keep_latest(GHashTable *h, const res_row *r) {
  char *k = g_strdup_printf("%s\x1f%s", r->col[RES_INDICATOR_ID], r->col[RES_AREA_CODE]);
  const res_row *old = g_hash_table_lookup(h, k);
  if (!old || r->sortable >= old->sortable)
    g_hash_table_replace(h, k, (gpointer)r);
  else
    g_free(k);
}

/* For the rows [a,b) of one indicator: the latest row of each area in its
 * headline series (Persons, else the commonest sex; the commonest age; no
 * breakdown), the rows that the key results and the overview show. */
static void latest_of(site *S, guint a, guint b) {
  run_ctx *ctx = S->R->ctx;
  const char *sex = commonest(ctx, a, b, RES_SEX, NULL, "Persons");
  const char *age = sex ? commonest(ctx, a, b, RES_AGE, sex, NULL) : NULL;
  if (!sex || !age)
    return;
  for (guint i = a; i < b; i++) {
    const res_row *r = ctx->rows->pdata[i];
    if (*r->col[RES_CATEGORY_TYPE] || strcmp(r->col[RES_SEX], sex) || strcmp(r->col[RES_AGE], age))
      continue;
    if (isnan(r->num[RES_SLOT(RES_VALUE)])) {
      keep_latest(S->blank, r);
      continue;
    }
    g_hash_table_replace(S->at,
                         g_strdup_printf("%s\x1f%s\x1f%s", r->col[RES_INDICATOR_ID],
                                         r->col[RES_AREA_CODE], r->col[RES_PERIOD]),
                         (gpointer)r);
    keep_latest(S->latest, r);
  }
}

/* The rows are sorted by indicator: one pass per indicator's block. */
static void site_latest(site *S) {
  GPtrArray *rows = S->R->ctx->rows;
  S->latest = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  S->at = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  S->blank = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  guint a = 0;
  for (guint i = 1; i <= rows->len; i++) {
    const res_row *r = i < rows->len ? rows->pdata[i] : NULL;
    const res_row *first = rows->pdata[a];
    if (!r || strcmp(r->col[RES_INDICATOR_ID], first->col[RES_INDICATOR_ID]) != 0) {
      latest_of(S, a, i);
      a = i;
    }
  }
}

static gint by_code(gconstpointer a, gconstpointer b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The ICBs of the lookup that have packs ([packs] icb), each once, in code order. */
static GPtrArray *site_icbs(const render *R) {
  GPtrArray *v = g_ptr_array_new_with_free_func(g_free);
  const hg_config *cfg = R->ctx->cfg;
  if (!R->icb_lookup || cfg->pack_icb_none)
    return v;
  long ci = hg_table_col(R->icb_lookup, "ICB_code");
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (size_t i = 0; i < hg_table_nrows(R->icb_lookup); i++) {
    const char *c = hg_table_cell(R->icb_lookup, i, (size_t)ci);
    int wanted = !cfg->pack_icbs || g_strv_contains((const char *const *)cfg->pack_icbs, c);
    if (wanted && g_hash_table_add(seen, (gpointer)c))
      g_ptr_array_add(v, g_strdup(c));
  }
  g_hash_table_destroy(seen);
  g_ptr_array_sort(v, by_code);
  return v;
}

gint site_by_name(gconstpointer a, gconstpointer b, gpointer R) {
  const char *x = *(const char *const *)a, *y = *(const char *const *)b;
  int c = strcmp(render_area_name(R, x), render_area_name(R, y));
  return c ? c : strcmp(x, y);
}

/* The boroughs with packs ([packs] boroughs = all or a list; those with
 * results, as render_borough_packs makes them), each once, by name. */
static GPtrArray *site_boroughs(render *R) {
  GPtrArray *v = g_ptr_array_new();
  const hg_config *cfg = R->ctx->cfg;
  GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; (cfg->pack_borough_all || cfg->pack_boroughs) && i < R->ctx->rows->len; i++) {
    const char *c = ((const res_row *)R->ctx->rows->pdata[i])->col[RES_AREA_CODE];
    int wanted =
        cfg->pack_borough_all || g_strv_contains((const char *const *)cfg->pack_boroughs, c);
    if (g_str_has_prefix(c, "E09") && wanted && g_hash_table_add(seen, (gpointer)c))
      g_ptr_array_add(v, (gpointer)c);
  }
  g_hash_table_destroy(seen);
  g_ptr_array_sort_with_data(v, site_by_name, R);
  return v;
}

/* ---- writing ---- */

/* Writes text to site/<file> in the staging folder and lists it among the
 * outputs; HG_ERR_IO with err naming the file and errno. */
static hg_status write_file(run_ctx *ctx, const char *file, const char *text, gsize len,
                            hg_error *err) {
  char *rel = g_strdup_printf("site/%s", file);
  char *path = g_build_filename(ctx->staging, rel, NULL);
  GError *ge = NULL;
  hg_status st = HG_OK;
  if (!g_file_set_contents(path, text, (gssize)len, &ge)) {
    hg_error_set(err, rel, 0, NULL, "cannot write: %s; nothing is published", ge->message);
    g_error_free(ge);
    st = HG_ERR_IO;
  } else {
    g_ptr_array_add(ctx->outputs, rel);
    rel = NULL;
  }
  g_free(rel);
  g_free(path);
  return st;
}

static hg_status write_lines(run_ctx *ctx, const char *file, const char *const *lines,
                             hg_error *err) {
  GString *o = g_string_new(NULL);
  for (size_t i = 0; lines[i]; i++)
    g_string_append_printf(o, "%s\n", lines[i]);
  hg_status st = write_file(ctx, file, o->str, o->len, err);
  g_string_free(o, TRUE);
  return st;
}

static hg_status write_page(site *S, hg_error *err) {
  return write_file(S->R->ctx, S->current, S->page->str, S->page->len, err);
}

/* The deprivation and ethnic-group charts of the London pack, each marked
 * with its indicator (page.indicator), for the indicator pages. */
static GPtrArray *extra_pages(render *R) {
  GPtrArray *pages = g_ptr_array_new_with_free_func(render_page_free);
  GHashTable *scope = g_hash_table_new(g_str_hash, g_str_equal);
  g_hash_table_add(scope, (gpointer) "E12000007");
  g_hash_table_add(scope, (gpointer) "E92000001");
  render_deprivation_pages(R, pages, scope, NULL);
  g_hash_table_destroy(scope);
  render_ethnic_pages(R, pages, "E09000030");
  return pages;
}

static hg_status site_pages(site *S, hg_error *err) {
  run_ctx *ctx = S->R->ctx;
  hg_status st = write_lines(ctx, "site.css", site_css, err);
  if (st == HG_OK)
    st = write_lines(ctx, "site.js", site_js, err);
  if (st == HG_OK) {
    site_home(S);
    st = write_page(S, err);
  }
  for (guint i = 0; st == HG_OK && i < S->icbs->len && !run_cancelled(ctx); i++) {
    site_icb(S, S->icbs->pdata[i], render_area_name(S->R, S->icbs->pdata[i]));
    st = write_page(S, err);
  }
  for (guint i = 0; st == HG_OK && i < S->boroughs->len && !run_cancelled(ctx); i++) {
    site_borough(S, S->boroughs->pdata[i]);
    st = write_page(S, err);
  }
  for (guint i = 0; st == HG_OK && i < S->ids->len && !run_cancelled(ctx); i++) {
    site_indicator(S, S->ids->pdata[i]);
    st = write_page(S, err);
  }
  return st;
}

hg_status render_site(render *R, hg_error *err) {
  run_ctx *ctx = R->ctx;
  char *dir = g_build_filename(ctx->staging, "site", NULL);
  if (g_mkdir_with_parents(dir, 0777) != 0) {
    hg_error_set(err, "site", 0, NULL, "cannot create: %s; nothing is published",
                 g_strerror(errno));
    g_free(dir);
    return HG_ERR_IO;
  }
  g_free(dir);
  size_t skipped = R->skipped; /* the packs' count: the site draws the same charts again */
  site S = {.R = R, .page = g_string_new(NULL)};
  S.ids = render_indicators_with(ctx, "E09");
  S.icbs = site_icbs(R);
  S.boroughs = site_boroughs(R);
  S.glyphs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  S.glyph_defs = g_string_new(NULL);
  site_latest(&S);
  S.extra = extra_pages(R);
  hg_status st = site_pages(&S, err);
  R->skipped = skipped;
  g_ptr_array_free(S.extra, TRUE);
  g_hash_table_destroy(S.latest);
  g_hash_table_destroy(S.at);
  g_hash_table_destroy(S.blank);
  g_hash_table_destroy(S.glyphs);
  g_string_free(S.glyph_defs, TRUE);
  g_ptr_array_free(S.boroughs, TRUE);
  g_ptr_array_free(S.icbs, TRUE);
  g_ptr_array_free(S.ids, TRUE);
  g_string_free(S.page, TRUE);
  g_free(S.current);
  return st;
}
