/* engine/ingest/stage.h: the ingest stage of a run.  Not public API. */
#ifndef HEALTHGAP_INGEST_STAGE_H
#define HEALTHGAP_INGEST_STAGE_H

#include "store/context.h"

/* Expands the inputs' globs, hashes every file (sha256) and the run's fingerprint. */
hg_status run_expand_inputs(run_ctx *ctx, hg_error *err);
/* Parses and validates every input into ctx->rows and ctx->rejects. */
hg_status run_ingest(run_ctx *ctx, hg_error *err);

/* The London hierarchy from the lookup inputs (recognised by their headers);
 * *out NULL when there are none.  Free with hg_geo_free. */
struct hg_geo;
hg_status run_load_geography(run_ctx *ctx, struct hg_geo **out, hg_error *err);

#endif
