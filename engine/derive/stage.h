/* engine/derive/stage.h: the derive stage of a run.  Not public API. */
#ifndef HEALTHGAP_DERIVE_STAGE_H
#define HEALTHGAP_DERIVE_STAGE_H

#include "store/context.h"

/* Life expectancy and DSRs from the counts inputs' records, and ICB/London
 * sums, appended to ctx->rows.  Reads ctx->geo and ctx->registry. */
hg_status run_derive(run_ctx *ctx, hg_error *err);

/* derive/areas.c: ICB and London rows of proportions and crude rates summed
 * from their boroughs' counts (every borough needed, per the borough -> ICB
 * lookup), appended to ctx->rows unless an input already has the row;
 * *made = rows added. */
struct hg_geo;
void run_derive_areas(run_ctx *ctx, const struct hg_geo *geo, size_t *made);
/* derive/popmean.c: ICB and London values of concentrations (value type
 * mean) as population-weighted means of their LSOA rows, where no input has
 * them; *made = rows added. */
void run_derive_popmeans(run_ctx *ctx, const struct hg_geo *geo, size_t *made);

#endif
