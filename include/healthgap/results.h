/* healthgap/results.h: the columns of the results files, declared once.
 *
 * Each list is an X-macro: X(NAME, "csv_name", kind, field), in file order.
 *   kind  T = text (NULL = empty field);
 *         N = number, a double (NAN = empty field);
 *         I = whole number, an integer (0 = empty field);
 *   field the member of the writer's row that holds the cell: hg_arow
 *         (healthgap/analyse.h), hg_ineq_row (healthgap/inequalities.h),
 *         hg_target_row (healthgap/targets.h).
 * The writers' headers and cells, and the run's result rows
 * (engine/store/context.h), are expanded from these lists, so that a column
 * is added, renamed or moved in one place.  docs/outputs.md describes the
 * columns for readers.  Only macros: no code, no includes.
 */
#ifndef HEALTHGAP_RESULTS_H
#define HEALTHGAP_RESULTS_H

/* results/indicators.csv: one row per indicator, area, period, sex, age and
 * category. */
#define HG_INDICATORS_COLUMNS(X)                                                                   \
  X(INDICATOR_ID, "indicator_id", T, indicator_id)                                                 \
  X(INDICATOR_NAME, "indicator_name", T, indicator_name)                                           \
  X(AREA_CODE, "area_code", T, area_code)                                                          \
  X(AREA_NAME, "area_name", T, area_name)                                                          \
  X(AREA_TYPE, "area_type", T, area_type)                                                          \
  X(PARENT_CODE, "parent_code", T, parent_code)                                                    \
  X(ICB_CODE, "icb_code", T, icb_code)                                                             \
  X(PERIOD, "period", T, period)                                                                   \
  X(PERIOD_SORTABLE, "period_sortable", I, period_sortable)                                        \
  X(SEX, "sex", T, sex)                                                                            \
  X(AGE, "age", T, age)                                                                            \
  X(CATEGORY_TYPE, "category_type", T, category_type)                                              \
  X(CATEGORY, "category", T, category)                                                             \
  X(VALUE, "value", N, value)                                                                      \
  X(LOWER_CI95, "lower_ci95", N, lower95)                                                          \
  X(UPPER_CI95, "upper_ci95", N, upper95)                                                          \
  X(LOWER_CI998, "lower_ci998", N, lower998)                                                       \
  X(UPPER_CI998, "upper_ci998", N, upper998)                                                       \
  X(COUNT, "count", N, count)                                                                      \
  X(DENOMINATOR, "denominator", N, denominator)                                                    \
  X(VALUE_NOTE, "value_note", T, value_note)                                                       \
  X(COMPARED_TO_ENGLAND, "compared_to_england", T, compared_to_england)                            \
  X(COMPARED_TO_LONDON, "compared_to_london", T, compared_to_london)                               \
  X(COMPARED_TO_ICB, "compared_to_icb", T, compared_to_icb)                                        \
  X(BENCHMARK_QUINTILE, "benchmark_quintile", T, benchmark_quintile)                               \
  X(RECENT_TREND, "recent_trend", T, recent_trend)                                                 \
  X(ANNUAL_CHANGE, "annual_change", N, annual_change)                                              \
  X(ANNUAL_CHANGE_LOWER, "annual_change_lower", N, annual_change_lower)                            \
  X(ANNUAL_CHANGE_UPPER, "annual_change_upper", N, annual_change_upper)                            \
  X(TARGET_ID, "target_id", T, target_id)                                                          \
  X(TARGET_STATUS, "target_status", T, target_status)                                              \
  X(COMPARED_TO_AREA, "compared_to_area", T, compared_to_area)                                     \
  X(CHANGE_FROM_PREVIOUS, "change_from_previous", T, change_from_previous)                         \
  X(CHANGE_DIFFERENCE, "change_difference", N, change_difference)                                  \
  X(CHANGE_LOWER, "change_lower", N, change_lower)                                                 \
  X(CHANGE_UPPER, "change_upper", N, change_upper)

/* results/inequalities.csv: one row per measure (healthgap/inequalities.h
 * says what each measure and group means). */
#define HG_INEQUALITIES_COLUMNS(X)                                                                 \
  X(INDICATOR_ID, "indicator_id", T, indicator_id)                                                 \
  X(AREA_CODE, "area_code", T, area_code)                                                          \
  X(PERIOD, "period", T, period)                                                                   \
  X(SEX, "sex", T, sex)                                                                            \
  X(BREAKDOWN_TYPE, "breakdown_type", T, breakdown_type)                                           \
  X(MEASURE, "measure", T, measure)                                                                \
  X(GROUP, "group", T, group)                                                                      \
  X(REFERENCE_GROUP, "reference_group", T, reference_group)                                        \
  X(VALUE, "value", N, value)                                                                      \
  X(LOWER_CI95, "lower_ci95", N, lower95)                                                          \
  X(UPPER_CI95, "upper_ci95", N, upper95)                                                          \
  X(GROUP_VALUE, "group_value", N, group_value)                                                    \
  X(REFERENCE_VALUE, "reference_value", N, reference_value)                                        \
  X(SIGNIFICANCE, "significance", T, significance)                                                 \
  X(GAP_TREND, "gap_trend", T, gap_trend)                                                          \
  X(AGE, "age", T, age)                                                                            \
  X(COMPONENT, "component", T, component)                                                          \
  X(NOTE, "note", T, note)

/* results/targets.csv: one row per target and series, on its latest period. */
#define HG_TARGETS_COLUMNS(X)                                                                      \
  X(TARGET_ID, "target_id", T, target_id)                                                          \
  X(INDICATOR_ID, "indicator_id", T, indicator_id)                                                 \
  X(AREA_CODE, "area_code", T, area_code)                                                          \
  X(SEX, "sex", T, sex)                                                                            \
  X(AGE, "age", T, age)                                                                            \
  X(BASELINE_PERIOD, "baseline_period", T, baseline_period)                                        \
  X(BASELINE_VALUE, "baseline_value", N, baseline_value)                                           \
  X(LATEST_PERIOD, "latest_period", T, latest_period)                                              \
  X(LATEST_VALUE, "latest_value", N, latest_value)                                                 \
  X(TARGET_VALUE, "target_value", N, target_value)                                                 \
  X(TARGET_YEAR, "target_year", I, target_year)                                                    \
  X(RAG, "rag", T, rag)                                                                            \
  X(METHOD, "method", T, method)                                                                   \
  X(PROJECTED_VALUE, "projected_value", N, projected_value)                                        \
  X(PROJECTED_LOWER, "projected_lower", N, projected_lower)                                        \
  X(PROJECTED_UPPER, "projected_upper", N, projected_upper)                                        \
  X(YEARS_TO_TARGET, "years_to_target", N, years_to_target)                                        \
  X(STATUS, "status", T, status)                                                                   \
  X(REASON, "reason", T, reason)

/* For the writers (with healthgap/csvout.h and <math.h>): the header names of
 * a list ({HG_INDICATORS_COLUMNS(HG_COLUMN_NAME)}), and one cell by kind,
 * pasted where the list is expanded: HG_CSV_CELL_##kind(w, r->field) (pasted,
 * so that a kind letter is never macro-expanded: <complex.h> defines I). */
#define HG_COLUMN_NAME(name, csv, kind, field) csv,
#define HG_CSV_CELL_T(w, v) hg_csv_text((w), (v))
#define HG_CSV_CELL_N(w, v) hg_csv_number((w), (v))
#define HG_CSV_CELL_I(w, v) hg_csv_number((w), (v) ? (double)(v) : NAN)

#endif
