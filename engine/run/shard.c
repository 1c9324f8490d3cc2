/* run/shard.c: a run that keeps only its shard's indicators (run/shard.h).
 *
 * Every method of a run is per indicator: an indicator's ICB and London sums,
 * benchmarks, trends, gradients, gaps and targets read only that indicator's
 * rows.  So a shard keeps the rows of its indicators as ingest makes them and
 * after derive (which makes rows from the counts inputs that every shard
 * reads), and everything analyse makes from them is what the whole run would
 * have made for those indicators.  What analyse makes from the other inputs
 * alone (results/core20.csv, results/ethnicity.csv) and rejects.csv are the
 * same in every shard; `healthgap merge` checks that and writes them once.
 */
#include <stdio.h>
#include <string.h>

#include "healthgap/inequalities.h"
#include "healthgap/run.h"
#include "healthgap/targets.h"
#include "run/shard.h"

/* FNV-1a, 32 bits, over the bytes of the id: fixed by its definition (no
 * seed, no platform word size), so every machine and version agrees. */
unsigned hg_run_shard_of(const char *key, unsigned n) {
  guint32 h = 2166136261u;
  for (const unsigned char *p = (const unsigned char *)key; p && *p; p++) {
    h ^= *p;
    h *= 16777619u;
  }
  return n ? h % n + 1 : 0;
}

void run_shard_init(run_shard *s, unsigned k, unsigned n) {
  memset(s, 0, sizeof *s);
  if (n == 0)
    return;
  s->k = k;
  s->n = n;
  s->ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

void run_shard_clear(run_shard *s) {
  if (s->ids)
    g_hash_table_destroy(s->ids);
  memset(s, 0, sizeof *s);
}

/* The indicators that derive makes from another indicator's rows, which must
 * be in the same shard: derive/hlegap.c makes the gap in healthy life
 * expectancy from Fingertips 90362.  (Life expectancy and DSRs come from
 * counts inputs, which every shard reads whole; ICB and London sums and
 * means are of the indicator itself.)  tests/cli/run_shard.sh compares the
 * merged shards with the whole run, so a derivation left out here shows. */
static const struct {
  const char *derived, *from;
} derived_from[] = {
    {"hg.hle_gap_between_areas", "90362"},
};

const char *hg_run_shard_key(const char *id) {
  id = id ? id : "";
  for (size_t i = 0; i < G_N_ELEMENTS(derived_from); i++)
    if (strcmp(id, derived_from[i].derived) == 0)
      return derived_from[i].from;
  /* the registry finds "hg.x" for "x" (healthgap/indicator_registry.h): one
   * indicator, so one shard */
  return g_str_has_prefix(id, "hg.") ? id + 3 : id;
}

int run_shard_keeps(void *shard, const char *id) {
  run_shard *s = shard;
  id = id ? id : "";
  gpointer v = g_hash_table_lookup(s->ids, id);
  if (!v) {
    unsigned k = hg_run_shard_of(hg_run_shard_key(id), s->n);
    v = GINT_TO_POINTER(k == s->k ? 1 : 2);
    g_hash_table_insert(s->ids, g_strdup(id), v);
  }
  return v == GINT_TO_POINTER(1);
}

void run_shard_rows(run_ctx *ctx, run_shard *s) {
  guint kept = 0;
  for (guint i = 0; i < ctx->rows->len; i++) {
    res_row *r = ctx->rows->pdata[i];
    if (run_shard_keeps(s, r->txt[RES_TXT_INDICATOR_ID]))
      ctx->rows->pdata[kept++] = r; /* the rows themselves stay in the arena */
  }
  g_ptr_array_set_size(ctx->rows, kept);
}

static hg_status shard_ineq(run_ctx *ctx, run_shard *s) {
  if (!ctx->ineq)
    return HG_OK;
  hg_ineq_results *res = hg_ineq_results_new();
  if (!res)
    return HG_ERR_NOMEM;
  hg_status st = HG_OK;
  size_t n = hg_ineq_results_size(ctx->ineq);
  for (size_t i = 0; i < n && st == HG_OK; i++) {
    const hg_ineq_row *r = hg_ineq_results_get(ctx->ineq, i);
    if (run_shard_keeps(s, r->indicator_id))
      st = hg_ineq_results_add(res, r); /* in order: sorted already */
  }
  hg_ineq_results_free(ctx->ineq);
  ctx->ineq = NULL; /* none, as the whole run leaves it when it has none */
  if (st == HG_OK && hg_ineq_results_size(res))
    ctx->ineq = res;
  else
    hg_ineq_results_free(res);
  return st;
}

/* Target rows do not own their texts (analyse/stage.c keeps them the same way). */
static void shard_targets(run_ctx *ctx, run_shard *s) {
  size_t kept = 0;
  for (size_t i = 0; i < ctx->ntarget_rows; i++)
    if (run_shard_keeps(s, ctx->target_rows[i].indicator_id))
      ctx->target_rows[kept++] = ctx->target_rows[i];
  ctx->ntarget_rows = kept;
}

static void shard_table(run_shard *s, run_table *t) {
  size_t col = t->ncols;
  for (size_t c = 0; c < t->ncols; c++)
    if (strcmp(t->header[c], "indicator_id") == 0)
      col = c;
  if (col == t->ncols) /* not per indicator: every shard has it whole */
    return;
  guint kept = 0;
  for (guint i = 0; i < t->rows->len; i++) {
    char **row = t->rows->pdata[i];
    if (run_shard_keeps(s, row[col]))
      t->rows->pdata[kept++] = row; /* in order */
    else
      g_strfreev(row);
  }
  g_ptr_array_set_free_func(t->rows, NULL); /* the tail moved or freed above */
  g_ptr_array_set_size(t->rows, kept);
  g_ptr_array_set_free_func(t->rows, (GDestroyNotify)g_strfreev);
}

hg_status run_shard_results(run_ctx *ctx, run_shard *s) {
  hg_status st = shard_ineq(ctx, s);
  shard_targets(ctx, s);
  for (guint i = 0; ctx->tables && i < ctx->tables->len; i++)
    shard_table(s, ctx->tables->pdata[i]);
  return st;
}

hg_status run_shard_mark(run_ctx *ctx, const run_shard *s, hg_error *err) {
  char *text = g_strdup_printf("format healthgap-shard/1\n"
                               "shard %u/%u\n"
                               "partition fnv1a32(indicator id) %% %u + 1 (docs/scaling.md)\n"
                               "fingerprint %s\n",
                               s->k, s->n, s->n, ctx->fingerprint);
  char *path = g_build_filename(ctx->staging, HG_RUN_SHARD_FILE, NULL);
  GError *ge = NULL;
  hg_status st = HG_OK;
  if (!g_file_set_contents(path, text, -1, &ge)) {
    hg_error_set(err, path, 0, NULL, "cannot write: %s", ge->message);
    g_error_free(ge);
    st = HG_ERR_IO;
  } else {
    g_ptr_array_add(ctx->outputs, g_strdup(HG_RUN_SHARD_FILE));
  }
  g_free(path);
  g_free(text);
  return st;
}
