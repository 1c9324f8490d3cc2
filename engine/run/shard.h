/* engine/run/shard.h: a run that keeps only its shard's indicators
 * (`healthgap run --shard K/N`; docs/scaling.md).
 *
 * Ingest keeps only the shard's rows (run_shard_keeps); the driver then
 * narrows the rows derive made, the inequality, target and table rows after analyse, then writes
 * shard.txt into the staging folder before publish.  Which shard an
 * indicator falls in is hg_run_shard_of(hg_run_shard_key(id)) (healthgap/run.h),
 * so N shards partition the indicators with no coordination.
 */
#ifndef HEALTHGAP_RUN_SHARD_H
#define HEALTHGAP_RUN_SHARD_H

#include "store/context.h"

typedef struct run_shard {
  unsigned k, n;   /* shard k of n, 1 <= k <= n; n == 0: not sharded */
  GHashTable *ids; /* indicator id -> GINT_TO_POINTER(1 kept, 2 left out) (cache) */
} run_shard;

/* Sets s from opt (n == 0: no shard) */
void run_shard_init(run_shard *s, unsigned k, unsigned n);
void run_shard_clear(run_shard *s);

/* Whether the indicator id is in shard s (a run_shard *): ingest's
 * keep_indicator (store/context.h), so that a shard never holds the other
 * shards' rows. */
int run_shard_keeps(void *s, const char *indicator_id);

/* Keeps the rows of ctx->rows whose indicator is in the shard, in order. */
void run_shard_rows(run_ctx *ctx, run_shard *s);

/* Keeps the shard's rows of results/inequalities.csv, results/targets.csv and
 * every results table with an indicator_id column.  HG_ERR_NOMEM. */
hg_status run_shard_results(run_ctx *ctx, run_shard *s);

/* shard.txt in the staging folder (listed among the outputs): the shard,
 * the partition function and the fingerprint, which `healthgap merge` checks. */
hg_status run_shard_mark(run_ctx *ctx, const run_shard *s, hg_error *err);

#endif
