/* publish/stage.c: the publish stage of a run.
 *
 * Everything the run made is written into its staging folder first (results,
 * then the manifest that lists them), and only then renamed into place: until
 * OUT/latest moves, a reader sees the previous run whole (publish/publish.c). */
#include "publish/publish.h"

hg_status run_publish(run_ctx *ctx, hg_error *err) {
  hg_status st = run_write_results(ctx, err);
  if (st != HG_OK)
    return st;
  run_clock_stage(ctx); /* the manifest's timings, up to now */
  if ((st = run_write_manifest(ctx, err)) != HG_OK)
    return st;
  /* Last chance to stop: after this rename the run is public. */
  if (run_cancelled(ctx))
    return HG_ERR_ABORTED;
  if ((st = publish_commit(ctx, err)) != HG_OK)
    return st;
  publish_prune(ctx);
  return HG_OK;
}
