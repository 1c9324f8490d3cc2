/* engine/render/stage.h: the render stage of a run.  Not public API. */
#ifndef HEALTHGAP_RENDER_STAGE_H
#define HEALTHGAP_RENDER_STAGE_H

#include "store/context.h"

/* The PDF packs and chart PNGs, into the staging folder. */
hg_status run_render(run_ctx *ctx, hg_error *err);

#endif
