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
/* derive/areas.c: a new result row for area (its code, name from geo, note) in
 * the series of template row b: b's key texts and period, every other column
 * empty or NAN.  Appended by the caller after it sets the values. */
res_row *run_derive_area_row(run_ctx *ctx, const struct hg_geo *geo, const res_row *b,
                             const char *area, const char *note);
void run_derive_popmeans(run_ctx *ctx, const struct hg_geo *geo, size_t *made);

/* derive/hlegap.c: the gap in healthy life expectancy between the highest
 * and lowest local authority of each ICB, London and (when the data goes
 * beyond London) England, per period and sex (hg.hle_gap_between_areas, the
 * Levelling Up mission 7 target); *made = rows added. */
void run_derive_hle_gap(run_ctx *ctx, const struct hg_geo *geo, size_t *made);

/* derive/core20.c: results/core20.csv (Core20 population and share and
 * the population per national IMD quintile of every borough, ICB and region)
 * when a deprivation input has national LSOA deciles; nothing otherwise. */
void run_derive_core20(run_ctx *ctx);

/* derive/ethnicity.c: results/ethnicity.csv (population per Census 2021
 * ethnic group of every area) from the population inputs with an ethnic-group
 * breakdown, when a lookup input is a harmonisation table; nothing otherwise. */
void run_derive_ethnicity(run_ctx *ctx);

#endif
