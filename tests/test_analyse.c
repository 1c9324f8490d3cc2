/* test_analyse.c: the analyse stage over rows: Fingertips' recent trend labels
 * reproduced through the pipeline's series grouping, and the comparison guards. */
#include "hg_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DATA "tests/data/benchmark/"

/* Fingertips' own metadata for the extract's indicators, as a registry override. */
static hg_indicator_registry *registry_from_fingertips(void) {
  hg_indicator_registry *reg = hg_indicator_registry_new();
  hg_table *m = hg_test_table(DATA "fingertipsnext_indicators.csv");
  char path[] = "/tmp/hg_analyse_XXXXXX";
  int fd = mkstemp(path);
  FILE *fp = fdopen(fd, "w");
  fputs("indicator_id,value_type,polarity,comparator\n", fp);
  for (size_t r = 0; r < hg_table_nrows(m); r++) {
    /* 92026 is absent from Fingertips' table and 92033's polarity there is
     * FingertipsNext's (wrong) one: keep the registry's built-ins for both. */
    const char *id = hg_table_cell(m, r, (size_t)hg_table_col(m, "IndicatorID"));
    if (strcmp(id, "92033") == 0)
      continue;
    fprintf(fp, "%s,\"%s\",\"%s\",\"%s\"\n", id,
            hg_table_cell(m, r, (size_t)hg_table_col(m, "ValueType")),
            hg_table_cell(m, r, (size_t)hg_table_col(m, "Polarity")),
            hg_table_cell(m, r, (size_t)hg_table_col(m, "BenchmarkComparisonMethod")));
  }
  fclose(fp);
  hg_error err;
  if (hg_indicator_registry_load_csv(reg, path, &err) != HG_OK) {
    char buf[1400];
    print_error("%s\n", hg_error_format(&err, buf, sizeof buf));
    fail();
  }
  remove(path);
  hg_table_free(m);
  return reg;
}

static void test_nw_extract_through_pipeline(void **state) {
  (void)state;
  hg_indicator_registry *reg = registry_from_fingertips();
  hg_table *t = hg_test_table(DATA "la_series_with_recent_trend_fingertips.csv");
  size_t n = hg_table_nrows(t);
  hg_arow *rows = calloc(n, sizeof *rows);
  long ctrend = hg_table_col(t, "Trend");
  for (size_t r = 0; r < n; r++) {
    hg_arow *a = &rows[r];
    a->indicator_id = hg_table_cell(t, r, (size_t)hg_table_col(t, "IndicatorId"));
    a->area_code = hg_table_cell(t, r, (size_t)hg_table_col(t, "AreaCode"));
    a->sex = hg_table_cell(t, r, (size_t)hg_table_col(t, "Sex"));
    a->age = hg_table_cell(t, r, (size_t)hg_table_col(t, "Age"));
    a->period = hg_table_cell(t, r, (size_t)hg_table_col(t, "Year"));
    a->period_sortable = (int64_t)atol(a->period) * 10000;
    a->year_range = 1;
    a->value = hg_test_num(t, r, "Value");
    a->lower95 = hg_test_num(t, r, "LowerCI");
    a->upper95 = hg_test_num(t, r, "UpperCI");
    a->lower998 = a->upper998 = NAN;
    a->count = hg_test_num(t, r, "Count");
    a->denominator = hg_test_num(t, r, "Denominator");
  }
  const char **unknown = NULL;
  assert_int_equal(hg_analyse_rows(rows, n, reg, NULL, NULL, NULL, NULL, &unknown), HG_OK);
  assert_null(unknown[0]);
  free(unknown);
  int labelled = 0, match = 0, ours = 0;
  for (size_t r = 0; r < n; r++) {
    const char *want = hg_table_cell(t, r, (size_t)ctrend);
    ours += rows[r].recent_trend[0] != '\0';
    if (want[0] == '\0')
      continue;
    labelled++;
    if (strcmp(rows[r].recent_trend, want) == 0)
      match++;
    else
      assert_string_equal(rows[r].area_code, "E92000001"); /* 90453: see docs */
  }
  assert_int_equal(labelled, 872);
  assert_int_equal(match, 871);
  /* One label per series (906 series in the extract; 34 carry no Fingertips
   * label), on its latest row only. */
  assert_int_equal(ours, 906);
  free(rows);
  hg_table_free(t);
  hg_indicator_registry_free(reg);
}

/* England, London, an ICB, a borough and one of its categories (values chosen
 * so each comparison is decided by the CI rule at a glance). */
static void test_guards_and_references(void **state) {
  (void)state;
  hg_indicator_registry *reg = hg_indicator_registry_new();
  hg_arow rows[5];
  memset(rows, 0, sizeof rows);
  const char *codes[5] = {"E92000001", "E12000007", "E54000029", "E09000002", "E09000002"};
  double v[5] = {14, 13, 15, 18, 25}, lo[5] = {13.9, 12.5, 14.5, 17, 22},
         hi[5] = {14.1, 13.5, 15.5, 19, 28};
  for (int i = 0; i < 5; i++) {
    rows[i] = (hg_arow){.indicator_id = "92443",
                        .area_code = codes[i],
                        .period = "2019",
                        .period_sortable = 20190000,
                        .sex = "Persons",
                        .age = "18+ yrs",
                        .value = v[i],
                        .lower95 = lo[i],
                        .upper95 = hi[i],
                        .lower998 = NAN,
                        .upper998 = NAN,
                        .count = NAN,
                        .denominator = NAN};
  }
  rows[3].parent_code = rows[4].parent_code = "E12000007";
  rows[3].icb_code = rows[4].icb_code = "E54000029";
  rows[4].category_type = "Ethnic groups";
  rows[4].category = "Mixed";
  assert_int_equal(hg_analyse_rows(rows, 5, reg, NULL, NULL, NULL, NULL, NULL), HG_OK);
  assert_string_equal(rows[0].compared_to_england, ""); /* never against itself */
  assert_string_equal(rows[1].compared_to_england, "Better");
  assert_string_equal(rows[1].compared_to_london, "");
  assert_string_equal(rows[3].compared_to_england, "Worse");
  assert_string_equal(rows[3].compared_to_london, "Worse");
  assert_string_equal(rows[3].compared_to_icb, "Worse");
  assert_string_equal(rows[3].compared_to_area, "");
  assert_string_equal(rows[4].compared_to_area, "Worse"); /* 22-28 vs the borough's 18 */
  hg_indicator_registry_free(reg);
}

static void test_targets_through_pipeline(void **state) {
  (void)state;
  hg_indicator_registry *reg = hg_indicator_registry_new();
  hg_target_set *ts = hg_target_set_new();
  hg_error err;
  assert_int_equal(hg_target_set_load_csv(ts, "fixtures/targets.csv", &err), HG_OK);
  hg_arow rows[3];
  memset(rows, 0, sizeof rows);
  const char *per[3] = {"2013", "2016", "2019"};
  /* OLS by hand: -5.5/6 a year.  Projected log-linear (PM2.5 is a mean
   * concentration): 4.86 (4.36 to 5.41) in 2030 by the independent fit of
   * tests/data/targets/projection_reference.py. */
  double v[3] = {16, 13, 10.5};
  for (int i = 0; i < 3; i++)
    rows[i] = (hg_arow){.indicator_id = "hg.pm25_annual_mean",
                        .area_code = "E09000001",
                        .period = per[i],
                        .period_sortable = (int64_t)atol(per[i]) * 10000,
                        .value = v[i],
                        .lower95 = NAN,
                        .upper95 = NAN,
                        .lower998 = NAN,
                        .upper998 = NAN,
                        .count = NAN,
                        .denominator = NAN};
  hg_target_row *tr = NULL;
  size_t ntr = 0;
  assert_int_equal(hg_analyse_rows(rows, 3, reg, ts, NULL, &tr, &ntr, NULL), HG_OK);
  /* his-pm25-2030, env-act-pm25-2040 (England scope covers boroughs), WHO guideline */
  assert_int_equal(ntr, 3);
  assert_string_equal(rows[2].target_id, "his-pm25-2030");
  assert_string_equal(rows[2].target_status, "on track");
  assert_string_equal(rows[0].target_id, "");
  /* change from the previous period needs limits: none here */
  assert_string_equal(rows[0].change_from_previous, "");
  assert_string_equal(rows[1].change_from_previous, "Cannot be calculated");
  hg_assert_close(rows[2].annual_change, -5.5 / 6, 1e-9, "annual change");
  int who = 0;
  for (size_t i = 0; i < ntr; i++) {
    if (strcmp(tr[i].target_id, "his-pm25-2030") == 0) {
      assert_string_equal(tr[i].method, "log-linear");
      hg_assert_close(tr[i].projected_value, 4.855634065196034, 1e-7, "2030");
      hg_assert_close(tr[i].projected_upper, 5.40738474732683, 1e-7, "2030 upper");
      assert_string_equal(tr[i].baseline_period, "2013");
    }
    if (strcmp(tr[i].target_id, "who-pm25-guideline") == 0) {
      who = 1;
      assert_string_equal(tr[i].status, "off track");
      assert_string_equal(tr[i].rag, "Red");
    }
  }
  assert_true(who);
  free(tr);
  hg_target_set_free(ts);
  hg_indicator_registry_free(reg);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_nw_extract_through_pipeline),
      cmocka_unit_test(test_guards_and_references),
      cmocka_unit_test(test_targets_through_pipeline),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
