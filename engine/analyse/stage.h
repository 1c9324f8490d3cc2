/* engine/analyse/stage.h: the analyse stage of a run.  Not public API. */
#ifndef HEALTHGAP_ANALYSE_STAGE_H
#define HEALTHGAP_ANALYSE_STAGE_H

#include <stdio.h>

#include "store/context.h"

/* Sorts the rows (one per key) and applies disclosure control; then names
 * and hierarchy codes, inequalities, benchmarks, trends and targets: into
 * ctx->rows and ctx->arows, ctx->ineq, ctx->targets and ctx->target_rows. */
hg_status run_analyse(run_ctx *ctx, hg_error *err);
/* Frees what analyse made for the later stages. */
void run_analyse_clear(run_ctx *ctx);

/* analyse/arows.c: hg_analyse_rows over the result rows, one indicator at a
 * time, the results written back into the rows; ctx->order and ctx->narows
 * set; the target rows (malloc'd) in *trows.  A warning names the
 * indicators outside the registry. */
struct hg_target_row;
hg_status run_analyse_by_indicator(run_ctx *ctx, struct hg_target_row **trows, size_t *ntrows);
/* ctx->arows, the analysed rows in results order, made from the result rows
 * on the first call (kept until the run ends: render reads them).  Their
 * published_* fields are NULL. */
const struct hg_arow *run_analysed_rows(run_ctx *ctx);
/* results/indicators.csv from the result rows in ctx->order, a block of rows
 * at a time (never the whole table as hg_arow).  HG_ERR_IO, HG_ERR_NOMEM. */
hg_status run_write_indicators(const run_ctx *ctx, FILE *fp);

/* analyse/gradients.c: deprivation gradients of the area rows (small-area
 * deciles, boroughs as points) from the deprivation and population inputs'
 * tables, appended to res; *made = rows added.  Tables without a known
 * measure column and thin series are warnings. */
struct hg_geo;
struct hg_indicator_registry;
struct hg_ineq_results;
void run_gradients(run_ctx *ctx, const struct hg_geo *geo, const struct hg_indicator_registry *reg,
                   struct hg_ineq_results *res, size_t *made);

/* analyse/target_cover.c: rows (taken, length *n) plus one `not enough
 * data` row, with its reason, for every target and judged area (England,
 * London, ICBs, boroughs among the result rows) it applies to that has no
 * row.  Returns the new array (malloc'd; strings borrowed from ctx), *n its
 * length; NULL on allocation failure. */
struct hg_target_row;
struct hg_target_row *run_cover_targets(const run_ctx *ctx, struct hg_target_row *rows, size_t *n);

/* analyse/completeness.c: results/completeness.csv, the share of each
 * breakdown's people or events recorded as not stated or unknown, flagged
 * above [pack] unknown_share_max; after disclosure control. */
void run_completeness(run_ctx *ctx);

/* analyse/inequalities_run.c: the rows of the inequality pages.  Sex gaps
 * (Male against Female) and age groups against "All ages" of the rows in st,
 * small areas left out; *skipped = groups without their reference. */
struct hg_store;
hg_status run_sex_age_gaps(run_ctx *ctx, struct hg_store *st, struct hg_ineq_results *res,
                           size_t *skipped, hg_error *err);
/* Arriaga decompositions of the life expectancy gap from every counts input:
 * each borough and ICB against London (summed from the boroughs) and England
 * (where the counts give it), London against England, most against least
 * deprived quintile of boroughs.  *skipped = comparisons not made. */
hg_status run_arriaga_rows(run_ctx *ctx, struct hg_ineq_results *res, size_t *skipped,
                           hg_error *err);

#endif
