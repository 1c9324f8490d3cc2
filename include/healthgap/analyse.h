/* healthgap/analyse.h: the analyse stage over indicator rows: each area against
 * England, London and its ICB, each inequality category against its area's
 * overall value, quintiles, recent trend, annual change and target status; and
 * the writer of results/indicators.csv.
 *
 * Implemented in engine/analyse/analyse.c.  The caller owns the rows and every string
 * they point to; hg_analyse_rows fills the output fields with static labels or
 * pointers into the rows, the registry or the target set (keep those alive
 * while the rows are used).
 */
#ifndef HEALTHGAP_ANALYSE_H
#define HEALTHGAP_ANALYSE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "healthgap/csvout.h"
#include "healthgap/indicator_registry.h"
#include "healthgap/status.h"
#include "healthgap/targets.h"
#include "healthgap/trend.h"

HG_BEGIN_DECLS

typedef struct hg_arow {
  /* inputs (NULL = empty) */
  const char *indicator_id, *indicator_name, *area_code, *area_name, *area_type, *parent_code,
      *icb_code, *period, *sex, *age, *category_type, *category, *value_note;
  int64_t period_sortable; /* Fingertips YYYYQQMM; rows of a series sort on it */
  int year_range;          /* years per period (3 for `2017 - 19`); 0 = 1 */
  double value, lower95, upper95, lower998, upper998, count, denominator;
  /* The publisher's own labels as read (a Fingertips export's `Compared to
   * England ...`, `Compared to <parent> ...` and `Recent Trend`; NULL or ""
   * = none).  Kept wherever our method cannot decide (an indicator outside
   * the registry, too few points): the parent's label becomes
   * compared_to_london when the parent is London. */
  const char *published_england, *published_parent, *published_trend;
  /* outputs (static text or borrowed; "" when not applicable) */
  const char *compared_to_england, *compared_to_london, *compared_to_icb, *compared_to_area;
  const char *benchmark_quintile, *recent_trend;
  double annual_change, annual_change_lower, annual_change_upper;
  const char *target_id, *target_status;
  /* change from the previous period of the series (hg_change_from_previous) */
  const char *change_from_previous;
  double change_difference, change_lower, change_upper;
} hg_arow;

/* Zero-initialised = defaults. */
typedef struct hg_analyse_options {
  hg_trend_rule trend_rule; /* default skip-invalid (CLI --trend-rule) */
  const char *england_code; /* default "E92000001" */
  const char *london_code;  /* default "E12000007" */
} hg_analyse_options;

/* Analyses rows[0..n) in place.  Indicators absent from the registry are not
 * compared (labels `Not compared`, trend `Cannot be calculated`); their ids are
 * added to *unknown (a NULL-terminated array of borrowed ids, caller frees the
 * array with free(); may be NULL to ignore).  With targets (may be NULL), one
 * hg_target_row per (target, series) on the series' latest period is returned
 * in *target_rows (caller frees the array with free(); strings borrowed),
 * and the row carries the first applicable target's id and status.
 * HG_ERR_NOMEM. */
hg_status hg_analyse_rows(hg_arow *rows, size_t n, const hg_indicator_registry *reg,
                          const hg_target_set *targets, const hg_analyse_options *opt,
                          hg_target_row **target_rows, size_t *n_target_rows,
                          const char ***unknown);

/* Sorts rows into the order of results/indicators.csv: indicator_id (numeric
 * ids first, in numeric order), area_code, period_sortable, period, sex, age,
 * category_type, category. */
void hg_indicators_sort(hg_arow *rows, size_t n);
/* The order of indicator ids in that sort: numeric ids first, in numeric
 * order, then the others as text (strcmp's sign). */
int hg_indicators_id_cmp(const char *a, const char *b);

/* Writes results/indicators.csv (the columns of HG_INDICATORS_COLUMNS in
 * healthgap/results.h) with a BOM, rows sorted by hg_indicators_sort (in
 * place).  Labels that do not apply are empty.  HG_ERR_IO on a write error. */
hg_status hg_indicators_write_csv(FILE *fp, hg_arow *rows, size_t n);
/* The same file in pieces, for a caller that holds its rows in another form
 * and converts a few at a time: the header row on w (made with bom = 1),
 * then rows[0..n) as given (not sorted).  Write errors show at
 * hg_csv_writer_finish. */
void hg_indicators_write_header(hg_csv_writer *w);
void hg_indicators_write_rows(hg_csv_writer *w, const hg_arow *rows, size_t n);

HG_END_DECLS
#endif
