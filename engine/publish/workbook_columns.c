/* publish/workbook_columns.c: what each column of each results table means,
 * for the workbook's Definitions sheet: the `| column | meaning |` tables of
 * docs/outputs.md and docs/inequalities.md, generated from them by
 * `python3 tests/tools/outputs_columns.py --c` (rerun it after an edit of
 * those tables; tests/cli/run_workbook.sh fails while the two differ).  A
 * column named "a .. b" stands for the columns from a to b of the table's
 * header. */
#include "publish/publish.h"

static const wb_column_doc docs[] = {
    {"indicators", "indicator_id",
     "Fingertips indicator ID, or a hg. key for our own (hg.pm25_annual_mean)"},
    {"indicators", "indicator_name", "as published, else the indicator registry's name"},
    {"indicators", "area_code",
     "ONS code (E92000001 England, E12000007 London, E54 ICB, E09 borough, E02 MSOA, E01 LSOA)"},
    {"indicators", "area_name", "as published, else from the lookups"},
    {"indicators", "area_type", "as published, else from the lookups"},
    {"indicators", "parent_code",
     "as published, else the parent in the hierarchy (a borough's region, an MSOA's borough)"},
    {"indicators", "icb_code",
     "the ICB the area lies in (from the lookups), empty above ICB level"},
    {"indicators", "period", "period text as published (2017 - 19, 2019/20)"},
    {"indicators", "period_sortable",
     "numeric key YYYYQQMM of the period's start (Fingertips' Time period Sortable): sort on this, "
     "never on the text"},
    {"indicators", "sex", "Persons, Male, Female"},
    {"indicators", "age", "age group (18+ yrs), empty when not given"},
    {"indicators", "category_type",
     "the breakdown (Ethnic group (synthetic), White British); empty for totals"},
    {"indicators", "category",
     "the breakdown (Ethnic group (synthetic), White British); empty for totals"},
    {"indicators", "value", "the value; empty when missing or suppressed"},
    {"indicators", "lower_ci95",
     "confidence limits; empty when not published or not computable (never invented)"},
    {"indicators", "upper_ci95",
     "confidence limits; empty when not published or not computable (never invented)"},
    {"indicators", "lower_ci998",
     "confidence limits; empty when not published or not computable (never invented)"},
    {"indicators", "upper_ci998",
     "confidence limits; empty when not published or not computable (never invented)"},
    {"indicators", "count", "numerator and denominator where known"},
    {"indicators", "denominator", "numerator and denominator where known"},
    {"indicators", "value_note",
     "why a value is missing or suppressed, or a caveat; Aggregated from borough counts on ICB and "
     "London values the derive stage summed from borough counts (docs/run.md)"},
    {"indicators", "compared_to_england",
     "Better/Similar/Worse (RAG polarity), Lower/Similar/Higher (BOB), Not compared; our "
     "Fingertips comparison where the row has limits, else the publisher's label if it gave one"},
    {"indicators", "compared_to_london",
     "Better/Similar/Worse (RAG polarity), Lower/Similar/Higher (BOB), Not compared; our "
     "Fingertips comparison where the row has limits, else the publisher's label if it gave one"},
    {"indicators", "compared_to_icb",
     "Better/Similar/Worse (RAG polarity), Lower/Similar/Higher (BOB), Not compared; our "
     "Fingertips comparison where the row has limits, else the publisher's label if it gave one"},
    {"indicators", "benchmark_quintile",
     "quintile among sibling areas, for indicators benchmarked by quintiles"},
    {"indicators", "recent_trend",
     "Fingertips' recent-trend words (Increasing, No significant change, Cannot be calculated...)"},
    {"indicators", "annual_change",
     "fitted change per year with 95% limits, on the series' latest row; empty when that row's "
     "value is suppressed or missing (a blanked value must not come with a published change next "
     "to it, and the fitted line would end on a point the reader cannot see)"},
    {"indicators", "annual_change_lower",
     "fitted change per year with 95% limits, on the series' latest row; empty when that row's "
     "value is suppressed or missing (a blanked value must not come with a published change next "
     "to it, and the fitted line would end on a point the reader cannot see)"},
    {"indicators", "annual_change_upper",
     "fitted change per year with 95% limits, on the series' latest row; empty when that row's "
     "value is suppressed or missing (a blanked value must not come with a published change next "
     "to it, and the fitted line would end on a point the reader cannot see)"},
    {"indicators", "target_id",
     "on the latest point of a series a target applies to: the target and achieved, on track, off "
     "track or not enough data"},
    {"indicators", "target_status",
     "on the latest point of a series a target applies to: the target and achieved, on track, off "
     "track or not enough data"},
    {"indicators", "compared_to_area",
     "a breakdown row (ethnic group, quintile) against its own area's overall value"},
    {"indicators", "change_from_previous",
     "change from the series' previous period (Increasing, Decreasing, No significant change, "
     "Cannot be calculated) with the difference and its 95% limits"},
    {"indicators", "change_difference",
     "change from the series' previous period (Increasing, Decreasing, No significant change, "
     "Cannot be calculated) with the difference and its 95% limits"},
    {"indicators", "change_lower",
     "change from the series' previous period (Increasing, Decreasing, No significant change, "
     "Cannot be calculated) with the difference and its 95% limits"},
    {"indicators", "change_upper",
     "change from the series' previous period (Increasing, Decreasing, No significant change, "
     "Cannot be calculated) with the difference and its 95% limits"},
    {"targets", "target_id", "from the targets table (his-pm25-2030)"},
    {"targets", "indicator_id", "the series judged"},
    {"targets", "area_code", "the series judged"},
    {"targets", "sex", "the series judged"},
    {"targets", "age", "the series judged"},
    {"targets", "baseline_period",
     "the baseline: the point in the target's baseline_year for a relative target, else the "
     "series' first point (where the trend judged starts); empty for a relative target with no "
     "value in its baseline year"},
    {"targets", "baseline_value",
     "the baseline: the point in the target's baseline_year for a relative target, else the "
     "series' first point (where the trend judged starts); empty for a relative target with no "
     "value in its baseline year"},
    {"targets", "latest_period", "its latest point with a value"},
    {"targets", "latest_value", "its latest point with a value"},
    {"targets", "target_value",
     "the effective target (relative targets resolved from their baseline) and its year"},
    {"targets", "target_year",
     "the effective target (relative targets resolved from their baseline) and its year"},
    {"targets", "rag",
     "Fingertips' \"compared to goal\" for the latest value: Green, Amber, Red, Not compared"},
    {"targets", "method", "the projection's scale: linear, log-linear, logit"},
    {"targets", "projected_value",
     "the projection at the target year with its 95% prediction interval; empty when not "
     "projected"},
    {"targets", "projected_lower",
     "the projection at the target year with its 95% prediction interval; empty when not "
     "projected"},
    {"targets", "projected_upper",
     "the projection at the target year with its 95% prediction interval; empty when not "
     "projected"},
    {"targets", "years_to_target",
     "years from the latest value to the target at the fitted rate of change; 0 when achieved, "
     "empty when the trend never gets there"},
    {"targets", "status", "achieved, on track, at risk, off track, not enough data"},
    {"targets", "reason",
     "why not enough data (no value, no baseline value, fewer than 3 points, a value the method "
     "cannot take, the target year beyond the horizon), or why off track without a projection (no "
     "target year, target year passed); empty otherwise"},
    {"changes", "change_type",
     "new_period, removed, value_revised, significance_england, significance_london, trend_changed "
     "or target_status_changed"},
    {"changes", "indicator_id", "the row of results/indicators.csv that changed"},
    {"changes", "area_code", "the row of results/indicators.csv that changed"},
    {"changes", "period", "the row of results/indicators.csv that changed"},
    {"changes", "sex", "the row of results/indicators.csv that changed"},
    {"changes", "category", "the row of results/indicators.csv that changed"},
    {"changes", "before",
     "the value or label in the previous run and in this one (before empty for a new row, after "
     "for a removed one)"},
    {"changes", "after",
     "the value or label in the previous run and in this one (before empty for a new row, after "
     "for a removed one)"},
    {"core20", "area_code", "the area (Country, Region, ICB, LAD)"},
    {"core20", "area_name", "the area (Country, Region, ICB, LAD)"},
    {"core20", "area_type", "the area (Country, Region, ICB, LAD)"},
    {"core20", "lsoas", "LSOAs counted"},
    {"core20", "population", "population of those LSOAs"},
    {"core20", "core20_population", "population in national deciles 1-2 (= quintile1_population)"},
    {"core20", "core20_percent", "100 x core20_population / population"},
    {"core20", "quintile1_population", "population per national IMD quintile (1 = most deprived)"},
    {"core20", "quintile2_population", "population per national IMD quintile (1 = most deprived)"},
    {"core20", "quintile3_population", "population per national IMD quintile (1 = most deprived)"},
    {"core20", "quintile4_population", "population per national IMD quintile (1 = most deprived)"},
    {"core20", "quintile5_population", "population per national IMD quintile (1 = most deprived)"},
    {"core20", "deprivation_source", "the deprivation input(s) that gave the deciles"},
    {"core20", "population_source", "the population input and column: which population year"},
    {"ethnicity", "source", "the input's section name"},
    {"ethnicity", "area_code", "the area"},
    {"ethnicity", "area_name", "the area"},
    {"ethnicity", "area_type", "the area"},
    {"ethnicity", "level",
     "broad (the five groups and Not stated), detailed (where the label names one of the 19), "
     "unmapped"},
    {"ethnicity", "group", "the Census 2021 group, or the unmapped label"},
    {"ethnicity", "population", "people in the group, and 100 x population / area_total"},
    {"ethnicity", "percent", "people in the group, and 100 x population / area_total"},
    {"ethnicity", "area_total", "the sum of the area's broad, not-stated and unmapped rows"},
    {"ethnicity", "published_total",
     "the file's own total for the area (a column the table maps to Total), empty without one; the "
     "run warns when it differs from area_total"},
    {"ethnicity", "labels", "the source labels summed into the row"},
    {"completeness", "indicator_id .. category_type", "the breakdown"},
    {"completeness", "categories", "its categories"},
    {"completeness", "basis",
     "denominator (people) when every category has one, else count (events), else empty"},
    {"completeness", "total", "the basis summed over all categories, and over the not-stated ones"},
    {"completeness", "not_stated",
     "the basis summed over all categories, and over the not-stated ones"},
    {"completeness", "not_stated_percent",
     "100 x not_stated / total; empty when a category has no basis (missing or suppressed: a share "
     "could give a suppressed cell back)"},
    {"completeness", "threshold_percent", "100 x [pack] unknown_share_max (default 0.05)"},
    {"completeness", "flag", "above or within the threshold; empty without a share"},
    {"completeness", "not_stated_labels", "the categories counted as not stated"},
    {"completeness", "note", "why there is no share"},
    {"statement", "icb_code", "the ICB"},
    {"statement", "icb_name", "the ICB"},
    {"statement", "indicator_id", "the breakdown (sex Persons for the sex breakdown)"},
    {"statement", "indicator_name", "the breakdown (sex Persons for the sex breakdown)"},
    {"statement", "period", "the breakdown (sex Persons for the sex breakdown)"},
    {"statement", "sex", "the breakdown (sex Persons for the sex breakdown)"},
    {"statement", "age", "the breakdown (sex Persons for the sex breakdown)"},
    {"statement", "breakdown", "deprivation, ethnicity, age or sex"},
    {"statement", "ranking",
     "the category type, which names the ranking of a deprivation breakdown (sex for sex)"},
    {"statement", "group", "the cell: quintile, ethnic group, age group, Male or Female"},
    {"statement", "value", "the cell's row of results/indicators.csv"},
    {"statement", "lower_ci95", "the cell's row of results/indicators.csv"},
    {"statement", "upper_ci95", "the cell's row of results/indicators.csv"},
    {"statement", "count", "the cell's row of results/indicators.csv"},
    {"statement", "denominator", "the cell's row of results/indicators.csv"},
    {"statement", "icb_value",
     "the ICB's overall value: its row without category (Persons for sex); else (not for sex) the "
     "breakdown summed: counts over denominators for proportions and crude rates, else the "
     "denominator-weighted mean (approximate)"},
    {"statement", "icb_value_source",
     "ICB row, sum of the breakdown's counts, denominator-weighted mean of the breakdown "
     "(approximate), or empty (none)"},
    {"statement", "significance",
     "the cell against icb_value with the registry's comparator and polarity, as Fingertips (ci95: "
     "Similar when the cell's 95% CI holds the ICB's value): Better, Similar, Worse, Lower, Higher "
     "or Not compared (no limits, no overall value)"},
    {"statement", "gap",
     "deprivation: the abs_gap of results/inequalities.csv (most minus least deprived); ethnicity "
     "and age: the highest minus the lowest group, not-stated groups left out; sex: Male minus "
     "Female; limits from the two groups' 95% limits (SE = (upper - lower) / 3.92, combined as the "
     "square root of the sum of squares)"},
    {"statement", "gap_lower_ci95",
     "deprivation: the abs_gap of results/inequalities.csv (most minus least deprived); ethnicity "
     "and age: the highest minus the lowest group, not-stated groups left out; sex: Male minus "
     "Female; limits from the two groups' 95% limits (SE = (upper - lower) / 3.92, combined as the "
     "square root of the sum of squares)"},
    {"statement", "gap_upper_ci95",
     "deprivation: the abs_gap of results/inequalities.csv (most minus least deprived); ethnicity "
     "and age: the highest minus the lowest group, not-stated groups left out; sex: Male minus "
     "Female; limits from the two groups' 95% limits (SE = (upper - lower) / 3.92, combined as the "
     "square root of the sum of squares)"},
    {"statement", "gap_definition",
     "deprivation: the abs_gap of results/inequalities.csv (most minus least deprived); ethnicity "
     "and age: the highest minus the lowest group, not-stated groups left out; sex: Male minus "
     "Female; limits from the two groups' 95% limits (SE = (upper - lower) / 3.92, combined as the "
     "square root of the sum of squares)"},
    {"statement", "sii",
     "deprivation only: the breakdown's SII and RII of results/inequalities.csv, with their "
     "limits"},
    {"statement", "sii_lower_ci95",
     "deprivation only: the breakdown's SII and RII of results/inequalities.csv, with their "
     "limits"},
    {"statement", "sii_upper_ci95",
     "deprivation only: the breakdown's SII and RII of results/inequalities.csv, with their "
     "limits"},
    {"statement", "rii",
     "deprivation only: the breakdown's SII and RII of results/inequalities.csv, with their "
     "limits"},
    {"statement", "rii_lower_ci95",
     "deprivation only: the breakdown's SII and RII of results/inequalities.csv, with their "
     "limits"},
    {"statement", "rii_upper_ci95",
     "deprivation only: the breakdown's SII and RII of results/inequalities.csv, with their "
     "limits"},
    {"statement", "value_note", "the cell's note (e.g. approximate: ...)"},
    {"inequalities", "indicator_id", "Fingertips ID or hg. key"},
    {"inequalities", "area_code", "ONS code of the area the measure describes"},
    {"inequalities", "period", "period text as in the input"},
    {"inequalities", "sex",
     "Persons, Male, Female. For a sex breakdown (breakdown_type sex) it is the compared sex, the "
     "same as group, with reference_group Persons: a filter on sex = Male shows Male against "
     "Persons"},
    {"inequalities", "breakdown_type", "deprivation, ethnicity, sex, age or other"},
    {"inequalities", "measure",
     "sii, rii, abs_gap, rel_gap, diff_vs_ref, ratio_vs_ref, arriaga_age, arriaga_cause"},
    {"inequalities", "group",
     "the group of interest (most deprived quantile's label, the category)"},
    {"inequalities", "reference_group",
     "what it is compared with (least deprived quantile, the reference)"},
    {"inequalities", "value", "the measure and its limits"},
    {"inequalities", "lower_ci95", "the measure and its limits"},
    {"inequalities", "upper_ci95", "the measure and its limits"},
    {"inequalities", "group_value",
     "the two values compared (fitted ends for SII/RII; percent and total gap for Arriaga)"},
    {"inequalities", "reference_value",
     "the two values compared (fitted ends for SII/RII; percent and total gap for Arriaga)"},
    {"inequalities", "significance", "higher, lower, similar or empty"},
    {"inequalities", "gap_trend", "narrowing, widening, no significant change, or empty"},
    {"inequalities", "age", "(extension) the indicator's age group"},
    {"inequalities", "component",
     "(extension) the quantile scheme of a deprivation row; the band or cause of an Arriaga row"},
    {"inequalities", "note",
     "(extension) \"approximate: ...\" when built from values without counts or limits"},
};

const wb_column_doc *wb_column_docs(size_t *n) {
  *n = sizeof docs / sizeof docs[0];
  return docs;
}
