/* test_inequalities.c: deprivation gradients, categories against a reference,
 * Arriaga rows, gap trends and the inequalities.csv writer (engine/analyse/inequalities*.c).
 * Published references: Fingertips' SII for England alcohol-related mortality
 * (93763, Persons, 2023, County & UA deciles): SII -21.26 per 100,000, RII 0.589,
 * intercept 51.67 (Fingertips' inequalities tool); the PHE life tables for Arriaga. */
#include "hg_test.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DATA "tests/data/inequalities/"

static void test_breakdown_types(void **state) {
  (void)state;
  assert_string_equal(hg_ineq_breakdown_type("LSOA11 deprivation quintiles in England (IMD2019)"),
                      "deprivation");
  assert_string_equal(hg_ineq_breakdown_type("Ethnic groups"), "ethnicity");
  assert_string_equal(hg_ineq_breakdown_type("Disability"), "other");
}

static const hg_ineq_row *find_dep(const hg_ineq_results *res, const char *measure,
                                   const char *component) {
  for (size_t i = 0; i < hg_ineq_results_size(res); i++) {
    const hg_ineq_row *r = hg_ineq_results_get(res, i);
    if (strcmp(r->measure, measure) == 0 && strcmp(r->component, component) == 0 &&
        strcmp(r->period, "2023") == 0 && strcmp(r->sex, "Persons") == 0)
      return r;
  }
  return NULL;
}

/* The must-show figure: Fingertips' SII for 93763 from the published decile values. */
static void test_fingertips_alcohol_sii(void **state) {
  (void)state;
  hg_table *t = hg_test_table(DATA "fingertips_93763_england_deprivation.csv");
  hg_ineq_results *res = hg_ineq_results_new();
  hg_ineq_table_options o = {.by = HG_INEQ_BY_DEPRIVATION,
                             .indicator_id = "93763",
                             .period = "2023",
                             .sex = "Persons",
                             .gap_trends = 1};
  o.measures.value_type = HG_GAP_RATE;
  o.measures.seed = 1;
  size_t skipped = 0;
  hg_error err;
  assert_int_equal(hg_ineq_from_table(t, &o, res, &skipped, &err), HG_OK);
  const char *ct = "County & UA deprivation deciles in England (IMD2019, 4/23 geography)";
  const hg_ineq_row *sii = find_dep(res, "sii", ct);
  assert_non_null(sii);
  assert_true(fabs(sii->value - -21.26) < 0.005);
  assert_true(fabs(sii->group_value - 51.67) < 0.005); /* intercept */
  assert_true(sii->lower95 < sii->value && sii->upper95 > sii->value);
  assert_string_equal(sii->significance, "lower");
  const hg_ineq_row *rii = find_dep(res, "rii", ct);
  assert_non_null(rii);
  assert_true(fabs(rii->value - 0.589) < 0.0005);
  /* The simple range (published with the same SII): most deprived 52.78, least 31.00, so
   * abs_gap (most - least) = 21.78. */
  const hg_ineq_row *gap = find_dep(res, "abs_gap", ct);
  assert_non_null(gap);
  assert_true(fabs(gap->value - 21.78) < 0.005);
  assert_string_equal(gap->significance, "higher");
  const hg_ineq_row *rel = find_dep(res, "rel_gap", ct);
  assert_true(fabs(rel->value - 52.78 / 31.00) < 0.001);
  assert_string_equal(gap->group, "Most deprived decile (IMD2019)");
  assert_string_equal(gap->reference_group, "Least deprived decile (IMD2019)");
  hg_ineq_results_free(res);

  /* Every year and sex: the series get a gap trend label (on every row). */
  res = hg_ineq_results_new();
  hg_ineq_table_options all = {.by = HG_INEQ_BY_DEPRIVATION, .gap_trends = 1};
  all.measures.no_ci = 1;
  assert_int_equal(hg_ineq_from_table(t, &all, res, &skipped, &err), HG_OK);
  assert_true(hg_ineq_results_size(res) > 4);
  size_t labelled = 0;
  for (size_t i = 0; i < hg_ineq_results_size(res); i++) {
    const hg_ineq_row *r = hg_ineq_results_get(res, i);
    if (*r->gap_trend) {
      labelled++;
      assert_true(strcmp(r->gap_trend, "narrowing") == 0 || strcmp(r->gap_trend, "widening") == 0 ||
                  strcmp(r->gap_trend, "no significant change") == 0);
    }
  }
  assert_true(labelled > 0);
  hg_ineq_results_free(res);
  hg_table_free(t);
}

/* The same figure through the observation store (tidy layout read by ingest). */
static void test_from_store(void **state) {
  (void)state;
  hg_table *t = hg_test_table(DATA "fingertips_93763_england_deprivation.csv");
  GString *csv = g_string_new("indicator_id,area_code,period,sex,age,category_type,category,"
                              "value,lower_ci95,upper_ci95,count,denominator\n");
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    const char *type = hg_table_cell(t, r, (size_t)hg_table_col(t, "Category")); /* swapped */
    if (strcmp(hg_table_cell(t, r, 1), "2023") != 0 || !strstr(type, "County & UA") ||
        strcmp(hg_table_cell(t, r, (size_t)hg_table_col(t, "Sex")), "Persons") != 0)
      continue;
    g_string_append_printf(csv, "93763,E92000001,2023,Persons,All ages,%s,%s,%s,%s,%s,%s,%s\n",
                           "County & UA deprivation deciles in England (IMD2019 4/23 geography)",
                           hg_table_cell(t, r, (size_t)hg_table_col(t, "CategoryType")),
                           hg_table_cell(t, r, (size_t)hg_table_col(t, "Value")),
                           hg_table_cell(t, r, (size_t)hg_table_col(t, "LowerCI")),
                           hg_table_cell(t, r, (size_t)hg_table_col(t, "UpperCI")),
                           hg_table_cell(t, r, (size_t)hg_table_col(t, "Count")),
                           hg_table_cell(t, r, (size_t)hg_table_col(t, "Denominator")));
  }
  hg_store *st = hg_store_new();
  hg_read_report rep;
  hg_error err;
  assert_int_equal(hg_read_mem(st, "tidy.csv", csv->str, csv->len, NULL, &rep, &err), HG_OK);
  assert_int_equal(rep.accepted, 10);
  hg_ineq_results *res = hg_ineq_results_new();
  hg_ineq_table_options o = {.by = HG_INEQ_BY_DEPRIVATION};
  o.measures.value_type = HG_GAP_RATE;
  size_t skipped = 9;
  assert_int_equal(hg_ineq_from_store(st, &o, res, &skipped, &err), HG_OK);
  assert_int_equal(skipped, 0);
  const hg_ineq_row *sii =
      hg_ineq_results_find(res, "93763", "E92000001", "2023", "Persons", "sii", NULL);
  assert_non_null(sii);
  assert_true(fabs(sii->value - -21.26) < 0.005);
  assert_true(fabs(sii->group_value - 51.67) < 0.005);
  hg_ineq_results_free(res);
  hg_store_free(st);
  g_string_free(csv, TRUE);
  hg_table_free(t);
}

/* Categories against a reference: London and boroughs vs England smoking (APS 2019). */
static void test_categories_vs_reference(void **state) {
  (void)state;
  const char *csv =
      "indicator_id,area_code,period,sex,age,category_type,category,value,lower_ci95,upper_ci95\n"
      "92443,E12000007,2019,Persons,18+ yrs,,,12.948,12.277,13.620\n"
      "92443,E12000007,2019,Persons,18+ yrs,Ethnic groups,White British,14.0,13.0,15.0\n"
      "92443,E12000007,2019,Persons,18+ yrs,Ethnic groups,Black,9.0,7.5,10.5\n"
      "92443,E12000007,2019,Persons,18+ yrs,Ethnic groups,Asian,12.9,11.5,14.3\n";
  hg_table *t = NULL;
  hg_error err;
  assert_int_equal(hg_table_read_mem("cat.csv", csv, strlen(csv), NULL, &t, &err), HG_OK);
  hg_ineq_results *res = hg_ineq_results_new();
  hg_ineq_table_options o = {.by = HG_INEQ_BY_CATEGORY};
  assert_int_equal(hg_ineq_from_table(t, &o, res, NULL, &err), HG_OK);
  const hg_ineq_row *r = hg_ineq_results_find(res, NULL, NULL, NULL, NULL, "diff_vs_ref", "Black");
  assert_non_null(r);
  assert_string_equal(r->breakdown_type, "ethnicity");
  assert_string_equal(r->reference_group, "Overall");
  assert_true(fabs(r->value - (9.0 - 12.948)) < 1e-12);
  assert_string_equal(r->significance, "lower");
  r = hg_ineq_results_find(res, NULL, NULL, NULL, NULL, "diff_vs_ref", "Asian");
  assert_string_equal(r->significance, "similar");
  hg_ineq_results_free(res);
  /* A named reference group. */
  res = hg_ineq_results_new();
  o.reference = "White British";
  assert_int_equal(hg_ineq_from_table(t, &o, res, NULL, &err), HG_OK);
  assert_int_equal(hg_ineq_results_size(res), 4); /* Black, Asian x diff, ratio */
  r = hg_ineq_results_find(res, NULL, NULL, NULL, NULL, "ratio_vs_ref", "Black");
  assert_true(fabs(r->value - 9.0 / 14.0) < 1e-12);
  assert_string_equal(r->significance, "lower");
  assert_null(hg_ineq_results_find(res, NULL, NULL, NULL, NULL, NULL, "White British"));
  hg_ineq_results_free(res);
  hg_table_free(t);
}

/* Quantiles from small-area measures: PHE method and population-weighted. */
static void test_assign_quantiles(void **state) {
  (void)state;
  double score[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  int q[12];
  hg_error err;
  /* Without populations: the PHE method (hg_quantile_assign, tested on its own
   * oracles); with higher_is_worse the highest score is quintile 1. */
  int want[12];
  assert_int_equal(hg_quantile_assign(score, 12, 5, 1, want, NULL, &err), HG_OK);
  assert_int_equal(hg_ineq_assign_quantiles(12, score, NULL, 5, 1, q, &err), HG_OK);
  assert_memory_equal(q, want, sizeof want);
  assert_int_equal(q[11], 1);
  assert_int_equal(q[0], 5);
  /* Population-weighted: one area holding half the people fills its own quintiles. */
  double pop[4] = {100, 100, 100, 300}, s4[4] = {40, 30, 20, 10};
  assert_int_equal(hg_ineq_assign_quantiles(4, s4, pop, 2, 1, q, &err), HG_OK);
  assert_int_equal(q[0], 1);
  assert_int_equal(q[2], 1);
  assert_int_equal(q[3], 2);
  double v[4] = {70, 80, 90, NAN}, w[4] = {1, 3, 1, 1}, mean[2], wt[2];
  int qq[4] = {1, 1, 2, 2};
  hg_ineq_quantile_means(4, qq, v, w, 2, mean, wt);
  assert_true(fabs(mean[0] - 77.5) < 1e-12);
  assert_true(mean[1] == 90 && wt[1] == 1);
  double sums[2], dens[2];
  hg_ineq_quantile_sums(4, qq, w, v, 2, sums, dens);
  assert_true(sums[0] == 4 && isnan(dens[1]));
}

/* Arriaga rows: the age parts sum to the e0 gap of the two PHE life tables. */
static void test_arriaga_rows(void **state) {
  (void)state;
  hg_table *a = hg_test_table(DATA "lifetable_widecis_area2.csv");
  hg_table *b = hg_test_table(DATA "lifetable_df1.csv");
  double l1[20], L1[20], T1[20], l2[20], L2[20], T2[20];
  char lab[20][16];
  const char *labels[20];
  for (size_t i = 0; i < 20; i++) {
    l1[i] = hg_test_num(a, i, "l_i");
    L1[i] = hg_test_num(a, i, "L_i");
    T1[i] = hg_test_num(a, i, "T_i");
    l2[i] = hg_test_num(b, i, "l_i");
    L2[i] = hg_test_num(b, i, "L_i");
    T2[i] = hg_test_num(b, i, "T_i");
    snprintf(lab[i], sizeof lab[i], "%s", hg_table_cell(a, i, 0));
    labels[i] = lab[i];
  }
  double e1 = hg_test_num(a, 0, "value_reported"), e2 = hg_test_num(b, 0, "value_reported");
  hg_ineq_results *res = hg_ineq_results_new();
  hg_ineq_key k = {"hg.le", "E09000001", "2017 - 19", "Male", "", NAN};
  assert_int_equal(hg_ineq_arriaga(&k, "other", "area df1", "area2", 20, labels, l1, L1, T1, l2, L2,
                                   T2, 0, NULL, NULL, NULL, res),
                   HG_OK);
  assert_int_equal(hg_ineq_results_size(res), 20);
  double sum = 0, pct = 0;
  for (size_t i = 0; i < 20; i++) {
    sum += hg_ineq_results_get(res, i)->value;
    pct += hg_ineq_results_get(res, i)->group_value;
  }
  hg_assert_close(sum, e2 - e1, 1e-9, "Arriaga parts sum to the gap");
  hg_assert_close(pct, 100, 1e-9, "percentages sum to 100");
  hg_ineq_results_free(res);
  hg_table_free(a);
  hg_table_free(b);
}

/* From deaths and populations: the PHE life tables are rebuilt (hg_le_group) and
 * the parts sum to the published e0 difference; by cause they sum to each band. */
static void test_arriaga_counts(void **state) {
  (void)state;
  hg_table *a = hg_test_table(DATA "lifetable_widecis_area2.csv");
  hg_table *b = hg_test_table(DATA "lifetable_df1.csv");
  double s[20], d1[20], p1[20], d2[20], p2[20], c1[40], c2[40];
  for (size_t i = 0; i < 20; i++) {
    s[i] = hg_test_num(a, i, "startage");
    d1[i] = hg_test_num(a, i, "deaths");
    p1[i] = hg_test_num(a, i, "population");
    d2[i] = hg_test_num(b, i, "deaths");
    p2[i] = hg_test_num(b, i, "population");
    c1[2 * i] = 0.25 * d1[i]; /* "circulatory" a quarter of deaths in one, half in the other */
    c1[2 * i + 1] = 0.75 * d1[i];
    c2[2 * i] = 0.5 * d2[i];
    c2[2 * i + 1] = 0.5 * d2[i];
  }
  double e1 = hg_test_num(a, 0, "value_reported"), e2 = hg_test_num(b, 0, "value_reported");
  const char *causes[2] = {"circulatory", "other"};
  hg_ineq_results *res = hg_ineq_results_new();
  hg_ineq_key k = {"hg.le", "E09000001", "2017 - 19", "Male", "", NAN};
  hg_error err;
  assert_int_equal(hg_ineq_arriaga_counts(&k, "other", "df1", "area2", 20, s, d1, p1, d2, p2, 2,
                                          causes, c1, c2, NULL, res, &err),
                   HG_OK);
  assert_int_equal(hg_ineq_results_size(res), 60);
  double age = 0, cause = 0;
  for (size_t i = 0; i < hg_ineq_results_size(res); i++) {
    const hg_ineq_row *r = hg_ineq_results_get(res, i);
    if (strcmp(r->measure, "arriaga_age") == 0)
      age += r->value;
    else
      cause += r->value;
  }
  hg_assert_close(age, e2 - e1, 1e-9, "age parts sum to the gap");
  hg_assert_close(cause, e2 - e1, 1e-9, "cause parts sum to the gap");
  assert_non_null(hg_ineq_results_find(res, NULL, NULL, NULL, NULL, "arriaga_age", NULL));
  int found = 0;
  for (size_t i = 0; i < hg_ineq_results_size(res); i++)
    found += strcmp(hg_ineq_results_get(res, i)->component, "90+: circulatory") == 0 ||
             strcmp(hg_ineq_results_get(res, i)->component, "1-4") == 0;
  assert_int_equal(found, 2);
  p1[3] = 0;
  assert_int_equal(hg_ineq_arriaga_counts(&k, "other", "df1", "area2", 20, s, d1, p1, d2, p2, 0,
                                          NULL, NULL, NULL, NULL, res, &err),
                   HG_ERR_INVALID);
  hg_ineq_results_free(res);
  hg_table_free(a);
  hg_table_free(b);
}

/* Arriaga from a counts file (hg_ineq_arriaga_from_table): one decomposition per
 * period x sex whose parts sum to its gap; a missing band skips that group; the
 * errors name what is wrong.  Per-band values are checked against an independent
 * awk worked example in tests/cli/gaps.sh. */
static void test_arriaga_from_table(void **state) {
  (void)state;
  hg_table *t = hg_test_table(DATA "synthetic_deaths_hackney_richmond.csv");
  hg_ineq_results *res = hg_ineq_results_new();
  hg_ineq_arriaga_options o = {.area_code = "E09000012", .reference_area = "E09000027"};
  size_t skipped = 9;
  hg_error err;
  hg_error_clear(&err);
  assert_int_equal(hg_ineq_arriaga_from_table(t, &o, res, &skipped, &err), HG_OK);
  assert_int_equal(skipped, 0);
  assert_int_equal(hg_ineq_results_size(res), 3 * 2 * 20);
  static const char *const periods[3] = {"2016 - 18", "2017 - 19", "2018 - 20"};
  static const char *const sexes[2] = {"Male", "Female"};
  for (int p = 0; p < 3; p++)
    for (int x = 0; x < 2; x++) {
      double sum = 0, gap = NAN, pct = 0;
      int n = 0;
      for (size_t i = 0; i < hg_ineq_results_size(res); i++) {
        const hg_ineq_row *r = hg_ineq_results_get(res, i);
        if (strcmp(r->period, periods[p]) || strcmp(r->sex, sexes[x]))
          continue;
        assert_string_equal(r->measure, "arriaga_age");
        assert_string_equal(r->group, "E09000012");
        assert_string_equal(r->reference_group, "E09000027");
        sum += r->value;
        pct += r->group_value;
        gap = r->reference_value;
        n++;
      }
      assert_int_equal(n, 20);
      hg_assert_close(sum, gap, 1e-9, "age parts sum to the gap");
      hg_assert_close(pct, 100, 1e-9, "percents sum to 100");
    }
  hg_ineq_results_free(res);

  /* A band missing for one period x sex: that group is skipped, the others stay. */
  GString *csv = g_string_new("area_code,period,sex,age_band,deaths,population\n");
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    const char *band = hg_table_cell(t, r, (size_t)hg_table_col(t, "age_band"));
    const char *sex = hg_table_cell(t, r, (size_t)hg_table_col(t, "sex"));
    const char *period = hg_table_cell(t, r, (size_t)hg_table_col(t, "period"));
    if (strcmp(band, "5-9") == 0 && strcmp(sex, "Male") == 0 && strcmp(period, "2016 - 18") == 0)
      continue;
    g_string_append_printf(csv, "%s,%s,%s,%s,%s,%s\n",
                           hg_table_cell(t, r, (size_t)hg_table_col(t, "area_code")), period, sex,
                           band, hg_table_cell(t, r, (size_t)hg_table_col(t, "deaths")),
                           hg_table_cell(t, r, (size_t)hg_table_col(t, "population")));
  }
  hg_table *t2 = NULL;
  assert_int_equal(hg_table_read_mem("gap.csv", csv->str, csv->len, NULL, &t2, &err), HG_OK);
  res = hg_ineq_results_new();
  assert_int_equal(hg_ineq_arriaga_from_table(t2, &o, res, &skipped, &err), HG_OK);
  assert_int_equal(skipped, 1);
  assert_int_equal(hg_ineq_results_size(res), 5 * 20);
  hg_ineq_results_free(res);

  /* Errors: an area with no rows, a missing column. */
  res = hg_ineq_results_new();
  o.reference_area = "E92000001";
  assert_int_equal(hg_ineq_arriaga_from_table(t, &o, res, &skipped, &err), HG_ERR_NOT_FOUND);
  assert_non_null(strstr(err.message, "E92000001"));
  o.reference_area = "E09000027";
  o.cause_column = "cause";
  assert_int_equal(hg_ineq_arriaga_from_table(t, &o, res, &skipped, &err), HG_ERR_FORMAT);
  assert_string_equal(err.column, "cause");
  hg_ineq_results_free(res);
  hg_table_free(t2);
  g_string_free(csv, TRUE);
  hg_table_free(t);
}

/* Gap trends: ratio measures are fitted on the log scale, and every row of a
 * series carries its label.  The series are built so the answer is plain by
 * construction: a ratio falling 2.0 -> 1.2 with tight limits closes towards 1
 * (narrowing); one falling 0.8 -> 0.4 moves away from 1 (widening); a difference
 * going 5 -> 1 narrows; a measure that is not a gap (arriaga_age) is left alone. */
static void test_gap_trends_every_row(void **state) {
  (void)state;
  hg_ineq_results *res = hg_ineq_results_new();
  static const char *const periods[5] = {"2015", "2016", "2017", "2018", "2019"};
  static const double narrow[5] = {2.0, 1.8, 1.6, 1.4, 1.2}, wide[5] = {0.8, 0.7, 0.6, 0.5, 0.4},
                      diff[5] = {5, 4, 3, 2, 1};
  for (int i = 0; i < 5; i++) {
    hg_ineq_row r = {.indicator_id = "x",
                     .area_code = "E12000007",
                     .period = periods[i],
                     .sex = "Persons",
                     .period_year = NAN,
                     .breakdown_type = "deprivation",
                     .measure = "rel_gap",
                     .group = "Q1",
                     .reference_group = "Q5",
                     .value = narrow[i],
                     .lower95 = narrow[i] * 0.98,
                     .upper95 = narrow[i] / 0.98,
                     .group_value = NAN,
                     .reference_value = NAN};
    assert_int_equal(hg_ineq_results_add(res, &r), HG_OK);
    r.measure = "ratio_vs_ref";
    r.breakdown_type = "ethnicity";
    r.value = wide[i];
    r.lower95 = wide[i] * 0.98;
    r.upper95 = wide[i] / 0.98;
    assert_int_equal(hg_ineq_results_add(res, &r), HG_OK);
    r.measure = "abs_gap";
    r.breakdown_type = "deprivation";
    r.value = diff[i];
    r.lower95 = diff[i] - 0.1;
    r.upper95 = diff[i] + 0.1;
    assert_int_equal(hg_ineq_results_add(res, &r), HG_OK);
    r.measure = "arriaga_age";
    assert_int_equal(hg_ineq_results_add(res, &r), HG_OK);
  }
  assert_int_equal(hg_ineq_apply_gap_trends(res, 95), HG_OK);
  assert_int_equal(hg_ineq_results_size(res), 20);
  for (size_t i = 0; i < hg_ineq_results_size(res); i++) {
    const hg_ineq_row *r = hg_ineq_results_get(res, i);
    const char *want = strcmp(r->measure, "rel_gap") == 0        ? "narrowing"
                       : strcmp(r->measure, "ratio_vs_ref") == 0 ? "widening"
                       : strcmp(r->measure, "abs_gap") == 0      ? "narrowing"
                                                                 : "";
    assert_string_equal(r->gap_trend, want);
  }
  hg_ineq_results_free(res);
}

/* The writer: header, BOM, rows sorted by key with periods in time order. */
static void test_write_csv(void **state) {
  (void)state;
  hg_ineq_results *res = hg_ineq_results_new();
  hg_ineq_row r = {.indicator_id = "93763",
                   .area_code = "E92000001",
                   .period = "2023",
                   .sex = "Persons",
                   .period_year = NAN,
                   .breakdown_type = "deprivation",
                   .measure = "sii",
                   .group = "g, with comma",
                   .value = -21.26,
                   .lower95 = NAN,
                   .upper95 = NAN,
                   .group_value = NAN,
                   .reference_value = NAN};
  assert_int_equal(hg_ineq_results_add(res, &r), HG_OK);
  r.period = "2019 - 21";
  r.value = -1e-7;
  assert_int_equal(hg_ineq_results_add(res, &r), HG_OK);
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  assert_int_equal(hg_ineq_write_csv(res, fp, 1), HG_OK);
  fclose(fp);
  assert_memory_equal(buf,
                      "\xEF\xBB\xBF"
                      "indicator_id,area_code,period,sex,breakdown_type,",
                      52);
  char *second = strstr(buf, "\r\n") + 2;
  assert_true(
      strncmp(second,
              "93763,E92000001,2019 - 21,Persons,deprivation,sii,\"g, with comma\",,-0.0000001,",
              78) == 0);
  assert_non_null(strstr(second, "2023"));
  free(buf);
  hg_ineq_results_free(res);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_breakdown_types),         cmocka_unit_test(test_fingertips_alcohol_sii),
      cmocka_unit_test(test_categories_vs_reference), cmocka_unit_test(test_from_store),
      cmocka_unit_test(test_assign_quantiles),        cmocka_unit_test(test_arriaga_rows),
      cmocka_unit_test(test_arriaga_counts),          cmocka_unit_test(test_write_csv),
      cmocka_unit_test(test_gap_trends_every_row),    cmocka_unit_test(test_arriaga_from_table),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
