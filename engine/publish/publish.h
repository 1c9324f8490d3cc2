/* engine/publish/publish.h: the publish stage: result CSVs, the manifest and
 * the output folder's guarantees (lock, staging, atomic swap, pruning).
 * Not public API. */
#ifndef HEALTHGAP_PUBLISH_PUBLISH_H
#define HEALTHGAP_PUBLISH_PUBLISH_H

#include "store/context.h"

/* publish/stage.c: the publish stage: the result files, the manifest, then
 * the staged run renamed into place, OUT/latest moved and old runs pruned.
 * HG_ERR_ABORTED when cancelled before the rename. */
hg_status run_publish(run_ctx *ctx, hg_error *err);

/* publish/results.c: results/inequalities.csv (when there are inequality
 * results), results/targets.csv (with targets inputs),
 * results/indicators.csv, rejects.csv and results/changes.csv (against the
 * previous run; its header alone on a first run) into the staging folder,
 * listed first among the outputs. */
hg_status run_write_results(run_ctx *ctx, hg_error *err);

/* publish/workbook.c: results/healthgap.xlsx ([pack] workbook = true): a
 * sheet per results CSV already staged (call after run_write_results has
 * written them), then Definitions and Sources; listed among the outputs.
 * HG_ERR_IO with err naming the file and the reason (errno's text where the
 * system gave one), HG_ERR_FORMAT for a table Excel cannot hold,
 * HG_ERR_ABORTED when cancelled. */
hg_status run_write_workbook(run_ctx *ctx, hg_error *err);

/* publish/workbook_columns.c: the meaning of each column of each results
 * table (sheet = the CSV's name without .csv), as docs/outputs.md says it;
 * column "a .. b" stands for the header's columns a to b. */
typedef struct wb_column_doc {
  const char *sheet, *column, *meaning;
} wb_column_doc;
const wb_column_doc *wb_column_docs(size_t *n);

/* publish/manifest.c */
hg_status run_write_manifest(run_ctx *ctx, hg_error *err);
/* The fingerprint and run id recorded in DIR/manifest.json; 0 if none. */
int run_read_manifest(const char *dir, char fingerprint[65], char **run_id);

/* publish/publish.c */
hg_status publish_lock(const char *out, int *fd, hg_error *err);
void publish_unlock(int fd);
/* Removes what killed runs left in OUT (.staging-<pid>, .latest-<pid>,
 * .trash-<run-id>), and nothing else.  Call with the lock held. */
void publish_clear_leftovers(const char *out);
hg_status publish_make_staging(run_ctx *ctx, hg_error *err);
/* Renames the staging folder into OUT/runs/<run-id> (ctx->run_id gets a
 * suffix if that exists) and OUT/latest to it; ctx->staging is NULL once the
 * folder has moved. */
hg_status publish_commit(run_ctx *ctx, hg_error *err);
void publish_prune(run_ctx *ctx);
void publish_rmtree(const char *path);
/* Run id that OUT/latest points to (newly allocated), or NULL. */
char *publish_latest_id(const char *out);

#endif
