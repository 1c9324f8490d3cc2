/* engine/run/merge.h: the parts of hg_run_merge (healthgap/run.h).
 * merge_run.c checks the shards and owns the output folder; merge.c merges
 * one file of them. */
#ifndef HEALTHGAP_RUN_MERGE_H
#define HEALTHGAP_RUN_MERGE_H

#include <glib.h>

#include "healthgap/run.h"

/* One shard run, as its shard.txt names it. */
typedef struct merge_shard {
  char *run;            /* the run folder (DIR/latest resolved, or DIR) */
  unsigned k, n;        /* shard k of n */
  char fingerprint[65]; /* inputs, config, engine */
} merge_shard;

/* Merges rel ("results/indicators.csv") of the n shards into out/rel, when
 * any shard has it; adds to sum's files and rows and, for indicators.csv, the
 * indicator ids to ids (a set of g_strdup'd strings).  HG_ERR_INVALID with err
 * when the shards disagree, HG_ERR_IO when a file cannot be read or written. */
hg_status merge_one(const merge_shard *sh, size_t n, const char *rel, const char *out,
                    hg_run_merge_summary *sum, GHashTable *ids, hg_error *err);

#endif
