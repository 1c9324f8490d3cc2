/* engine/analyse/stage.h: the analyse stage of a run.  Not public API. */
#ifndef HEALTHGAP_ANALYSE_STAGE_H
#define HEALTHGAP_ANALYSE_STAGE_H

#include "store/context.h"

/* Sorts the rows (one per key) and applies disclosure control; then names
 * and hierarchy codes, inequalities, benchmarks, trends and targets: into
 * ctx->rows and ctx->arows, ctx->ineq, ctx->targets and ctx->target_rows. */
hg_status run_analyse(run_ctx *ctx, hg_error *err);
/* Frees what analyse made for the later stages. */
void run_analyse_clear(run_ctx *ctx);

/* analyse/gradients.c: deprivation gradients of the area rows (small-area
 * deciles, boroughs as points) from the deprivation and population inputs'
 * tables, appended to res; *made = rows added.  Tables without a known
 * measure column and thin series are warnings. */
struct hg_geo;
struct hg_indicator_registry;
struct hg_ineq_results;
void run_gradients(run_ctx *ctx, const struct hg_geo *geo, const struct hg_indicator_registry *reg,
                   struct hg_ineq_results *res, size_t *made);

/* analyse/gradients.c: one quantile of a gradient as a category row of r0's
 * indicator in area (category_type ctype, category label; value, lower95,
 * upper95, count, denominator in num, NAN = empty). */
void run_gradient_quantile_row(run_ctx *ctx, const struct hg_geo *geo, const res_row *r0,
                               const char *area, const char *ctype, const char *label,
                               const double num[5], const char *note);

/* analyse/gradients_national.c: LSOA code -> national IMD decile
 * (GINT_TO_POINTER 1..10) from the deprivation inputs with IoD File 2's
 * decile column (or lsoa_code + imd_decile); keys borrowed from the input
 * tables.  *input = the first such input's name, NULL if none. */
GHashTable *run_national_deciles(run_ctx *ctx, const char **input);
/* The series rows (LSOAs or MSOAs of one indicator, period, sex, age) in
 * national IMD quintiles, London-wide (under region) and within each ICB:
 * inequality rows into res (*made += their number) and quintile rows into
 * ctx->rows.  pop: LSOA code -> double* population.  Returns the number of
 * gradients that could not be made (a quintile without areas). */
size_t run_national_gradients(run_ctx *ctx, const struct hg_geo *geo, int level,
                              const GPtrArray *rows, GHashTable *nat, const char *input,
                              GHashTable *pop, const char *region, struct hg_ineq_results *res,
                              size_t *made);

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

/* analyse/statement.c: results/statement.csv, the NHS statement's breakdown
 * tables: every ICB's indicators by national IMD quintile, ethnic group, age
 * and sex in their latest period, each cell against the ICB's overall value,
 * with the gap and SII/RII.  After the inequalities and the analysis. */
void run_statement(run_ctx *ctx);

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
