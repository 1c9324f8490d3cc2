/* engine/publish/publish.h: the publish stage: result CSVs, the manifest and
 * the output folder's guarantees (lock, staging, atomic swap, pruning).
 * Not public API. */
#ifndef HEALTHGAP_PUBLISH_PUBLISH_H
#define HEALTHGAP_PUBLISH_PUBLISH_H

#include "store/context.h"

/* publish/results.c */
hg_status run_write_results(run_ctx *ctx, hg_error *err);
hg_status run_write_changes(run_ctx *ctx, hg_error *err);
hg_status run_write_rejects(run_ctx *ctx, hg_error *err);

/* publish/manifest.c */
hg_status run_write_manifest(run_ctx *ctx, hg_error *err);
/* The fingerprint and run id recorded in DIR/manifest.json; 0 if none. */
int run_read_manifest(const char *dir, char fingerprint[65], char **run_id);

/* publish/publish.c */
hg_status publish_lock(const char *out, int *fd, hg_error *err);
void publish_unlock(int fd);
hg_status publish_make_staging(run_ctx *ctx, hg_error *err);
hg_status publish_commit(run_ctx *ctx, hg_error *err);
void publish_prune(run_ctx *ctx);
void publish_rmtree(const char *path);
/* Run id that OUT/latest points to (newly allocated), or NULL. */
char *publish_latest_id(const char *out);

#endif
