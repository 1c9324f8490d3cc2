/* engine/ingest/stage.h: the ingest stage of a run.  Not public API. */
#ifndef HEALTHGAP_INGEST_STAGE_H
#define HEALTHGAP_INGEST_STAGE_H

#include "store/context.h"

/* Expands the inputs' globs, hashes every file (sha256) and the run's fingerprint. */
hg_status run_expand_inputs(run_ctx *ctx, hg_error *err);
/* Parses every input once: indicator rows into ctx->rows (rejected rows into
 * ctx->rejects), the other roles' tables and records into their run_file,
 * then the area hierarchy (ctx->geo) and the indicator registry
 * (ctx->registry) from them. */
hg_status run_ingest(run_ctx *ctx, hg_error *err);

/* Frees what ingest keeps for the later stages: the files (with their
 * tables and records), the hierarchy and the registry. */
void run_ingest_clear(run_ctx *ctx);

#endif
