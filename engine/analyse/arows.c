/* analyse/arows.c: the result rows through hg_analyse_rows one indicator at a
 * time, and results/indicators.csv written from the result rows a few at a
 * time.
 *
 * hg_analyse_rows reads hg_arow, about 320 bytes a row, as much again as the
 * result row it is made from.  Everything it compares (an area with England,
 * London and its ICB, quintiles among siblings, a series' trend and targets)
 * is within one indicator, so the analysed rows of one indicator at a time
 * give the same results, and the results go back into the result rows at
 * once.  What was kept after the analysis, the analysed rows in results
 * order, is now an order of the result rows (4 bytes a row); the analysed
 * rows are made again only for what reads them (render, run_analysed_rows)
 * and, a block at a time, for the writer.  Issue 17: memory per row. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "healthgap/analyse.h"
#include "healthgap/csvout.h"
#include "healthgap/period.h"
#include "analyse/stage.h"

/* The key, texts and numbers a result row gives hg_analyse_rows. */
static void arow_inputs(const res_row *r, hg_arow *x) {
  x->indicator_id = r->txt[RES_TXT_INDICATOR_ID];
  x->indicator_name = r->txt[RES_TXT_INDICATOR_NAME];
  x->area_code = r->txt[RES_TXT_AREA_CODE];
  x->area_name = r->txt[RES_TXT_AREA_NAME];
  x->area_type = r->txt[RES_TXT_AREA_TYPE];
  x->parent_code = r->txt[RES_TXT_PARENT_CODE];
  x->icb_code = r->txt[RES_TXT_ICB_CODE];
  x->period = r->txt[RES_TXT_PERIOD];
  x->sex = r->txt[RES_TXT_SEX];
  x->age = r->txt[RES_TXT_AGE];
  x->category_type = r->txt[RES_TXT_CATEGORY_TYPE];
  x->category = r->txt[RES_TXT_CATEGORY];
  x->value_note = r->txt[RES_TXT_VALUE_NOTE];
  x->period_sortable = (int64_t)r->sortable;
  x->value = r->num[RES_SLOT(RES_VALUE)];
  x->lower95 = r->num[RES_SLOT(RES_LOWER_CI95)];
  x->upper95 = r->num[RES_SLOT(RES_UPPER_CI95)];
  x->lower998 = r->num[RES_SLOT(RES_LOWER_CI998)];
  x->upper998 = r->num[RES_SLOT(RES_UPPER_CI998)];
  x->count = r->num[RES_SLOT(RES_COUNT)];
  x->denominator = r->num[RES_SLOT(RES_DENOMINATOR)];
}

/* What the analysis put in the row's columns (from_block), as hg_arow holds it. */
static void arow_outputs(const res_row *r, hg_arow *x) {
  x->compared_to_england = r->txt[RES_TXT_COMPARED_TO_ENGLAND];
  x->compared_to_london = r->txt[RES_TXT_COMPARED_TO_LONDON];
  x->compared_to_icb = r->txt[RES_TXT_COMPARED_TO_ICB];
  x->benchmark_quintile = r->txt[RES_TXT_BENCHMARK_QUINTILE];
  x->recent_trend = r->txt[RES_TXT_RECENT_TREND];
  x->target_id = r->txt[RES_TXT_TARGET_ID];
  x->target_status = r->txt[RES_TXT_TARGET_STATUS];
  x->compared_to_area = r->txt[RES_TXT_COMPARED_TO_AREA];
  x->change_from_previous = r->txt[RES_TXT_CHANGE_FROM_PREVIOUS];
  x->annual_change = r->num[RES_SLOT(RES_ANNUAL_CHANGE)];
  x->annual_change_lower = r->num[RES_SLOT(RES_ANNUAL_CHANGE_LOWER)];
  x->annual_change_upper = r->num[RES_SLOT(RES_ANNUAL_CHANGE_UPPER)];
  x->change_difference = r->num[RES_SLOT(RES_CHANGE_DIFFERENCE)];
  x->change_lower = r->num[RES_SLOT(RES_CHANGE_LOWER)];
  x->change_upper = r->num[RES_SLOT(RES_CHANGE_UPPER)];
}

/* The rows idx[0..m) of ctx->rows as hg_analyse_rows takes them (texts
 * borrowed from the pool; the ingest stage left the publisher's labels in
 * the label columns). */
static hg_arow *to_block(const run_ctx *ctx, const guint *idx, size_t m) {
  hg_arow *a = g_new0(hg_arow, m ? m : 1);
  for (size_t i = 0; i < m; i++) {
    const res_row *r = ctx->rows->pdata[idx[i]];
    hg_arow *x = &a[i];
    arow_inputs(r, x);
    x->published_england = r->txt[RES_TXT_COMPARED_TO_ENGLAND];
    x->published_parent = r->txt[RES_TXT_COMPARED_TO_LONDON];
    x->published_trend = r->txt[RES_TXT_RECENT_TREND];
    hg_period per;
    x->year_range =
        hg_period_parse(x->period, strlen(x->period), &per) == HG_OK && per.length_months >= 24
            ? per.length_months / 12
            : 1;
  }
  return a;
}

/* run_set_col through pooled, a cache of the pooled copy by the label's
 * address: the labels are a few static texts, the targets' ids and pooled
 * texts, none freed during the stage, so one address is one text; a row's
 * nine labels were nine hashes of their text into the pool.  In front of it
 * the last label of each column (last, seen): a column's label is mostly
 * its previous row's, and the lookups were a tenth of the analysis. */
typedef struct labels {
  GHashTable *pooled;
  const char *last[RES_NTEXT], *seen[RES_NTEXT]; /* seen[t]: pooled copy of last[t], or NULL */
} labels;

static void set_label(run_ctx *ctx, labels *L, res_row *r, int c, const char *v) {
  int t = res_tslot(c);
  if (L->seen[t] && L->last[t] == v) {
    r->txt[t] = L->seen[t];
    return;
  }
  const char *p = g_hash_table_lookup(L->pooled, v);
  if (p == NULL) {
    p = run_intern(ctx, v);
    g_hash_table_insert(L->pooled, (gpointer)v, (gpointer)p);
  }
  L->last[t] = v;
  L->seen[t] = p;
  r->txt[t] = p;
}

/* The analysis back into the result rows (pooled copies of the labels). */
static void from_block(run_ctx *ctx, labels *pooled, const guint *idx, const hg_arow *a, size_t m) {
  for (size_t i = 0; i < m; i++) {
    res_row *r = ctx->rows->pdata[idx[i]];
    const hg_arow *x = &a[i];
    set_label(ctx, pooled, r, RES_COMPARED_TO_ENGLAND, x->compared_to_england);
    set_label(ctx, pooled, r, RES_COMPARED_TO_LONDON, x->compared_to_london);
    set_label(ctx, pooled, r, RES_COMPARED_TO_ICB, x->compared_to_icb);
    set_label(ctx, pooled, r, RES_BENCHMARK_QUINTILE, x->benchmark_quintile);
    set_label(ctx, pooled, r, RES_RECENT_TREND, x->recent_trend);
    set_label(ctx, pooled, r, RES_TARGET_ID, x->target_id);
    set_label(ctx, pooled, r, RES_TARGET_STATUS, x->target_status);
    set_label(ctx, pooled, r, RES_COMPARED_TO_AREA, x->compared_to_area);
    set_label(ctx, pooled, r, RES_CHANGE_FROM_PREVIOUS, x->change_from_previous);
    /* The fitted change belongs to the series but is written on its latest
     * row: when that row's value is suppressed or missing it stays empty,
     * lest a blanked value come with a published change next to it. */
    int blank = isnan(r->num[RES_SLOT(RES_VALUE)]);
    r->num[RES_SLOT(RES_ANNUAL_CHANGE)] = blank ? NAN : x->annual_change;
    r->num[RES_SLOT(RES_ANNUAL_CHANGE_LOWER)] = blank ? NAN : x->annual_change_lower;
    r->num[RES_SLOT(RES_ANNUAL_CHANGE_UPPER)] = blank ? NAN : x->annual_change_upper;
    r->num[RES_SLOT(RES_CHANGE_DIFFERENCE)] = x->change_difference;
    r->num[RES_SLOT(RES_CHANGE_LOWER)] = x->change_lower;
    r->num[RES_SLOT(RES_CHANGE_UPPER)] = x->change_upper;
  }
}

/* hg_indicators_sort's order over result rows (the fields of arow_inputs),
 * the indicators' by their ranks (ra, rb). */
static int out_cmp(const res_row *a, const res_row *b, guint ra, guint rb) {
  int c = (ra > rb) - (ra < rb);
  if (c == 0)
    c = strcmp(a->txt[RES_TXT_AREA_CODE], b->txt[RES_TXT_AREA_CODE]);
  if (c == 0) {
    int64_t x = (int64_t)a->sortable, y = (int64_t)b->sortable;
    c = (x > y) - (x < y);
  }
  static const int rest[] = {RES_TXT_PERIOD, RES_TXT_SEX, RES_TXT_AGE, RES_TXT_CATEGORY_TYPE,
                             RES_TXT_CATEGORY};
  for (size_t k = 0; k < G_N_ELEMENTS(rest) && c == 0; k++)
    c = strcmp(a->txt[rest[k]], b->txt[rest[k]]);
  return c;
}

typedef struct order_ctx {
  GPtrArray *rows;
  guint *rank; /* per row, its indicator's rank in hg_indicators_id_cmp's order */
} order_ctx;

static gint order_cmp(gconstpointer pa, gconstpointer pb, gpointer data) {
  const order_ctx *o = data;
  guint a = *(const guint *)pa, b = *(const guint *)pb;
  return out_cmp(o->rows->pdata[a], o->rows->pdata[b], o->rank[a], o->rank[b]);
}

static gint id_cmp(gconstpointer pa, gconstpointer pb) {
  return hg_indicators_id_cmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* Each row's indicator rank: hg_indicators_id_cmp (two strtoull) once per
 * distinct id, not in every comparison of the sort (a fifth of the stage on
 * a national run).  It is 0 only for equal ids, so ranks order as ids do. */
static guint *indicator_ranks(GPtrArray *rows) {
  GHashTable *ids = g_hash_table_new(g_str_hash, g_str_equal);
  for (guint i = 0; i < rows->len; i++)
    g_hash_table_add(ids, (gpointer)((res_row *)rows->pdata[i])->txt[RES_TXT_INDICATOR_ID]);
  guint nid = 0;
  gpointer *sorted = g_hash_table_get_keys_as_array(ids, &nid);
  qsort(sorted, nid, sizeof *sorted, id_cmp);
  for (guint k = 0; k < nid; k++)
    g_hash_table_insert(ids, sorted[k], GUINT_TO_POINTER(k));
  guint *rank = g_new(guint, rows->len ? rows->len : 1);
  for (guint i = 0; i < rows->len; i++)
    rank[i] = GPOINTER_TO_UINT(
        g_hash_table_lookup(ids, ((res_row *)rows->pdata[i])->txt[RES_TXT_INDICATOR_ID]));
  g_free(sorted);
  g_hash_table_destroy(ids);
  return rank;
}

static gint index_cmp(gconstpointer pa, gconstpointer pb) {
  guint a = *(const guint *)pa, b = *(const guint *)pb;
  return (a > b) - (a < b);
}

/* One indicator's rows idx[0..m) (in ctx->rows order, as the whole table
 * was given before) analysed; its target rows appended to trows and its
 * unknown id, if any, to unknown. */
static hg_status analyse_block(run_ctx *ctx, labels *pooled, const guint *idx, size_t m,
                               GArray *trows, GPtrArray *unknown) {
  hg_arow *a = to_block(ctx, idx, m);
  hg_target_row *t = NULL;
  size_t nt = 0;
  const char **u = NULL;
  hg_status st = hg_analyse_rows(a, m, ctx->registry, ctx->targets, NULL, &t, &nt, &u);
  if (st == HG_OK) {
    from_block(ctx, pooled, idx, a, m);
    if (nt)
      g_array_append_vals(trows, t, (guint)nt);
    for (size_t k = 0; u && u[k]; k++)
      g_ptr_array_add(unknown, (gpointer)run_intern(ctx, u[k]));
  }
  free(t);
  free(u);
  g_free(a);
  return st;
}

hg_status run_analyse_by_indicator(run_ctx *ctx, hg_target_row **trows, size_t *ntrows) {
  size_t n = ctx->rows->len;
  guint *order = g_new(guint, n ? n : 1);
  for (size_t i = 0; i < n; i++)
    order[i] = (guint)i;
  /* stable: rows of equal keys (none, after the key sort) keep their order */
  order_ctx oc = {ctx->rows, indicator_ranks(ctx->rows)};
  g_qsort_with_data(order, (gint)n, sizeof *order, order_cmp, &oc);
  g_free(oc.rank);
  GArray *t = g_array_new(FALSE, FALSE, sizeof(hg_target_row));
  GPtrArray *unknown = g_ptr_array_new();
  guint *block = g_new(guint, n ? n : 1);
  labels pooled = {.pooled = g_hash_table_new(g_direct_hash, g_direct_equal)};
  hg_status st = HG_OK;
  for (size_t i = 0, j; i < n && st == HG_OK; i = j) {
    const char *id = ((res_row *)ctx->rows->pdata[order[i]])->txt[RES_TXT_INDICATOR_ID];
    for (j = i + 1;
         j < n && !strcmp(((res_row *)ctx->rows->pdata[order[j]])->txt[RES_TXT_INDICATOR_ID], id);
         j++)
      ;
    memcpy(block, order + i, (j - i) * sizeof *block);
    qsort(block, j - i, sizeof *block, index_cmp);
    st = analyse_block(ctx, &pooled, block, j - i, t, unknown);
  }
  g_hash_table_destroy(pooled.pooled);
  g_free(block);
  if (unknown->len)
    run_warn(ctx, "analyse: %u indicator(s) not in the registry, not compared (first: %s)",
             unknown->len, (const char *)unknown->pdata[0]);
  g_ptr_array_free(unknown, TRUE);
  /* malloc'd, as hg_analyse_rows gives them (run_cover_targets reallocates) */
  *ntrows = t->len;
  *trows = t->len ? malloc(t->len * sizeof(hg_target_row)) : NULL;
  if (*trows)
    memcpy(*trows, t->data, t->len * sizeof(hg_target_row));
  else if (t->len)
    st = HG_ERR_NOMEM;
  g_array_free(t, TRUE);
  g_free(ctx->order);
  ctx->order = order;
  ctx->narows = n;
  return st;
}

const hg_arow *run_analysed_rows(run_ctx *ctx) {
  if (ctx->arows || !ctx->order)
    return ctx->arows;
  ctx->arows = g_new0(hg_arow, ctx->narows ? ctx->narows : 1);
  for (size_t i = 0; i < ctx->narows; i++) {
    const res_row *r = ctx->rows->pdata[ctx->order[i]];
    arow_inputs(r, &ctx->arows[i]);
    arow_outputs(r, &ctx->arows[i]);
  }
  return ctx->arows;
}

/* Rows [from, from + n) of the results order (ctx->order) through w, a
 * block of analysed rows at a time. */
static void write_rows(const run_ctx *ctx, hg_csv_writer *w, size_t from, size_t n) {
  enum { BLOCK = 1024 };
  hg_arow *a = g_new(hg_arow, BLOCK);
  for (size_t i = from; i < from + n; i += BLOCK) {
    size_t m = MIN((size_t)BLOCK, from + n - i);
    memset(a, 0, m * sizeof *a);
    for (size_t k = 0; k < m; k++) {
      const res_row *r = ctx->rows->pdata[ctx->order[i + k]];
      arow_inputs(r, &a[k]);
      arow_outputs(r, &a[k]);
    }
    hg_indicators_write_rows(w, a, m);
  }
  g_free(a);
}

/* A piece of results/indicators.csv, formatted into memory on a worker. */
typedef struct piece {
  const run_ctx *ctx;
  size_t from, n;
  char *text; /* open_memstream's */
  size_t len;
  hg_status st;
  int done; /* under *lock */
  GMutex *lock;
  GCond *cond;
} piece;

static void format_piece(gpointer data, gpointer user) {
  (void)user;
  piece *p = data;
  FILE *mem = open_memstream(&p->text, &p->len);
  hg_csv_writer *w = mem ? hg_csv_writer_new(mem, 0) : NULL;
  if (w) {
    write_rows(p->ctx, w, p->from, p->n);
    p->st = hg_csv_writer_finish(w);
  } else {
    p->st = HG_ERR_NOMEM;
  }
  if (mem && fclose(mem) != 0 && p->st == HG_OK)
    p->st = HG_ERR_NOMEM;
  g_mutex_lock(p->lock);
  p->done = 1;
  g_cond_broadcast(p->cond);
  g_mutex_unlock(p->lock);
}

/* Piece p written to fp once its worker is done, and freed; st is the
 * pieces' so far (after a failure the rest are only freed).  HG_ERR_IO with
 * errno at the failed write's, as the writer leaves it (healthgap/csvout.h). */
static hg_status put_piece(piece *p, hg_status st, FILE *fp) {
  g_mutex_lock(p->lock);
  while (!p->done)
    g_cond_wait(p->cond, p->lock);
  g_mutex_unlock(p->lock);
  if (st == HG_OK && p->st != HG_OK)
    st = p->st;
  if (st == HG_OK && p->len && fwrite_unlocked(p->text, 1, p->len, fp) != p->len)
    st = HG_ERR_IO;
  free(p->text);
  p->text = NULL;
  return st;
}

/* The rows after the header in pieces formatted on --jobs workers and
 * written in order by this thread: formatting the numbers is most of the
 * file's cost (a national run: 679,100 rows, 117 MB, most of the publish
 * stage), and one thread did it alone while the other files were long done.
 * At most jobs + 1 pieces of 2,048 rows (about 350 KB of text each) are
 * held at once: bigger ones, freed into the workers' malloc arenas, stayed
 * resident beside changes.csv's two sides on a rerun (+10-15 MiB at its
 * peak).  The bytes are those one writer makes. */
enum { PIECE_ROWS = 2048 };

static hg_status write_pieces(const run_ctx *ctx, FILE *fp) {
  size_t npieces = (ctx->narows + PIECE_ROWS - 1) / PIECE_ROWS, window = (size_t)ctx->jobs + 1;
  piece *p = g_new0(piece, npieces ? npieces : 1);
  GMutex lock;
  GCond cond;
  g_mutex_init(&lock);
  g_cond_init(&cond);
  GThreadPool *pool = g_thread_pool_new(format_piece, NULL, ctx->jobs, FALSE, NULL);
  hg_status st = HG_OK;
  size_t pushed = 0;
  for (size_t k = 0; k < npieces; k++) {
    for (; pushed < npieces && pushed < k + window; pushed++) {
      p[pushed] = (piece){.ctx = ctx,
                          .from = pushed * PIECE_ROWS,
                          .n = MIN((size_t)PIECE_ROWS, ctx->narows - pushed * PIECE_ROWS),
                          .lock = &lock,
                          .cond = &cond};
      g_thread_pool_push(pool, &p[pushed], NULL);
    }
    st = put_piece(&p[k], st, fp);
  }
  int saved = errno; /* the failed write's, past the pool's teardown */
  g_thread_pool_free(pool, FALSE, TRUE);
  g_mutex_clear(&lock);
  g_cond_clear(&cond);
  g_free(p);
  errno = saved;
  return st;
}

hg_status run_write_indicators(const run_ctx *ctx, FILE *fp) {
  hg_csv_writer *w = hg_csv_writer_new(fp, 1);
  if (!w)
    return HG_ERR_NOMEM;
  hg_indicators_write_header(w);
  if (ctx->jobs <= 1 || ctx->narows <= PIECE_ROWS) {
    write_rows(ctx, w, 0, ctx->narows);
    return hg_csv_writer_finish(w);
  }
  hg_status st = hg_csv_writer_finish(w); /* the header, flushed before the pieces */
  if (st == HG_OK)
    st = write_pieces(ctx, fp);
  return st;
}
