/* test_targets.c: the shipped targets table, goal RAG, status and projection on
 * hand-checkable series, results/targets.csv. */
#include "hg_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static hg_target_set *shipped(void) {
  hg_target_set *s = hg_target_set_new();
  hg_error err;
  assert_int_equal(hg_target_set_load_csv(s, "fixtures/targets.csv", &err), HG_OK);
  return s;
}

static const hg_target *by_id(const hg_target_set *s, const char *id) {
  for (size_t i = 0; i < hg_target_set_size(s); i++)
    if (strcmp(hg_target_set_at(s, i)->target_id, id) == 0)
      return hg_target_set_at(s, i);
  fail_msg("no target %s", id);
  return NULL;
}

static void test_shipped_table(void **state) {
  (void)state;
  hg_target_set *s = shipped();
  assert_int_equal(hg_target_set_size(s), 15);
  const hg_target *t = by_id(s, "his-pm25-2030");
  assert_int_equal(t->direction, HG_TARGET_AT_MOST);
  assert_true(t->target_value == 10);
  assert_int_equal(t->target_year, 2030);
  assert_string_equal(t->indicator_id, "hg.pm25_annual_mean");
  assert_true(hg_target_applies(t, "E09000001"));
  assert_true(hg_target_applies(t, "E12000007"));
  assert_true(hg_target_applies(t, "E54000027"));
  assert_false(hg_target_applies(t, "E92000001"));
  t = by_id(s, "lu-hle-rise-2035");
  assert_int_equal(t->direction, HG_TARGET_INCREASE_BY);
  assert_int_equal(t->baseline_year, 2022);
  assert_string_equal(t->indicator_id, "90362");
  assert_true(hg_target_applies(t, "E09000005"));
  t = by_id(s, "smokefree-2030");
  assert_string_equal(t->indicator_id, "92443");
  /* Towards Zero (DHSC 2021) and Core20PLUS5, each with its source. */
  t = by_id(s, "hiv-transmissions-80pc-2025");
  assert_int_equal(t->direction, HG_TARGET_DECREASE_BY_PERCENT);
  assert_true(t->target_value == 80);
  assert_int_equal(t->baseline_year, 2019);
  assert_int_equal(t->target_year, 2025);
  assert_non_null(strstr(t->source, "Towards Zero"));
  t = by_id(s, "hiv-first-diagnoses-2025");
  assert_true(t->target_value == 599);
  assert_true(hg_target_applies(t, "E92000001"));
  assert_false(hg_target_applies(t, "E09000001"));
  t = by_id(s, "hiv-zero-transmissions-2030");
  assert_true(t->target_value == 0);
  assert_int_equal(t->target_year, 2030);
  t = by_id(s, "core20-hypertension-diagnosed-2029");
  assert_int_equal(t->direction, HG_TARGET_AT_LEAST);
  assert_true(t->target_value == 80);
  assert_string_equal(t->indicator_id, "hg.hypertension_diagnosed");
  t = by_id(s, "core20-hypertension-treated-2029");
  assert_int_equal(t->target_year, 2029);
  assert_non_null(strstr(t->source, "Core20PLUS5"));
  t = by_id(s, "core20-cancer-early-stage-2028");
  assert_true(t->target_value == 75);
  assert_int_equal(t->target_year, 2028);
  for (size_t i = 0; i < hg_target_set_size(s); i++)
    assert_true(hg_target_set_at(s, i)->source[0] != '\0');
  t = by_id(s, "who-pm25-guideline");
  assert_int_equal(t->target_year, 0);
  assert_true(hg_target_applies(t, "W06000001"));
  hg_target_set_free(s);
}

static void test_goal_rag(void **state) {
  (void)state;
  assert_string_equal(hg_goal_rag(9, NAN, NAN, 10, 0, 0), "Green");
  assert_string_equal(hg_goal_rag(11, NAN, NAN, 10, 0, 0), "Red");
  assert_string_equal(hg_goal_rag(9.5, 9, 10.5, 10, 0, 1), "Amber");
  assert_string_equal(hg_goal_rag(9.5, 9, 9.9, 10, 0, 1), "Green");
  assert_string_equal(hg_goal_rag(11, 10.5, 11.5, 10, 0, 1), "Red");
  assert_string_equal(hg_goal_rag(11, 10.5, 11.5, 10, 1, 1), "Green");
  assert_string_equal(hg_goal_rag(NAN, 10.5, 11.5, 10, 1, 1), "Not compared");
}

static void test_status(void **state) {
  (void)state;
  hg_target_set *s = shipped();
  const hg_target *pm = by_id(s, "his-pm25-2030");
  double yr[] = {2016, 2017, 2018, 2019, 2020, 2021};
  hg_target_eval ev;
  /* Exact lines (no residual, so a zero-width interval), by hand: falling 1 a
   * year from 12 in 2021 is 3 in 2030 -> on track, 2 years to 10. */
  double v1[] = {17, 16, 15, 14, 13, 12};
  assert_int_equal(hg_target_evaluate(pm, HG_PROJECT_LINEAR, 1, yr, v1, NULL, NULL, 6, &ev), HG_OK);
  assert_int_equal(ev.status, HG_TARGET_ON_TRACK);
  hg_assert_close(ev.projected, 3.0, 1e-9, "projection");
  hg_assert_close(ev.years_to_target, 2.0, 1e-9, "years to target");
  hg_assert_close(ev.baseline_value, 17, 0, "baseline: the first point");
  assert_string_equal(ev.rag, "Red");
  /* Falling 0.1 a year: 13.1 in 2030 -> off track, 40 years to 10. */
  double v2[] = {14.5, 14.4, 14.3, 14.2, 14.1, 14.0};
  assert_int_equal(hg_target_evaluate(pm, HG_PROJECT_LINEAR, 1, yr, v2, NULL, NULL, 6, &ev), HG_OK);
  assert_int_equal(ev.status, HG_TARGET_OFF_TRACK);
  hg_assert_close(ev.projected, 13.1, 1e-9, "projection");
  hg_assert_close(ev.years_to_target, 40.0, 1e-9, "years to target");
  /* Falling 10% a year from 20 (log-linear exact): 20 x 0.9^14 in 2030. */
  double v3[6];
  for (int i = 0; i < 6; i++)
    v3[i] = 20 * pow(0.9, i);
  assert_int_equal(hg_target_evaluate(pm, HG_PROJECT_LOG_LINEAR, 1, yr, v3, NULL, NULL, 6, &ev),
                   HG_OK);
  hg_assert_close(ev.projected, 20 * pow(0.9, 14), 1e-9, "log-linear projection");
  assert_int_equal(ev.status, HG_TARGET_ON_TRACK);
  assert_string_equal(hg_target_status_name(HG_TARGET_AT_RISK), "at risk");
  double v4[] = {14, 12, 9.5};
  assert_int_equal(hg_target_evaluate(pm, HG_PROJECT_LOG_LINEAR, 1, yr, v4, NULL, NULL, 3, &ev),
                   HG_OK);
  assert_int_equal(ev.status, HG_TARGET_ACHIEVED);
  assert_true(ev.years_to_target == 0);
  assert_int_equal(hg_target_evaluate(pm, HG_PROJECT_LINEAR, 1, yr, v1, NULL, NULL, 2, &ev), HG_OK);
  assert_int_equal(ev.status, HG_TARGET_NOT_ENOUGH_DATA);
  assert_string_equal(ev.reason, "fewer than 3 points");
  /* Undated guideline not met: off track, with the reason. */
  assert_int_equal(hg_target_evaluate(by_id(s, "who-pm25-guideline"), HG_PROJECT_LOG_LINEAR, 1, yr,
                                      v1, NULL, NULL, 6, &ev),
                   HG_OK);
  assert_int_equal(ev.status, HG_TARGET_OFF_TRACK);
  assert_string_equal(ev.reason, "no target year: not met");
  /* HLE +5 on the 2022 baseline of 60: target 65; 61 in 2023 rising 1 a year -> on track. */
  const hg_target *hle = by_id(s, "lu-hle-rise-2035");
  /* (2035 is 12 years on: the series must span at least 6.) */
  double hy[11], hv[11];
  for (int i = 0; i < 11; i++) {
    hy[i] = 2013 + i;
    hv[i] = 51 + i;
  }
  assert_int_equal(hg_target_evaluate(hle, HG_PROJECT_LINEAR, 1, hy, hv, NULL, NULL, 11, &ev),
                   HG_OK);
  hg_assert_close(ev.limit, 65, 1e-12, "limit");
  hg_assert_close(ev.baseline_value, 60, 0, "baseline");
  assert_int_equal(ev.baseline, 9);
  assert_int_equal(ev.status, HG_TARGET_ON_TRACK);
  hg_assert_close(ev.years_to_target, 4, 1e-9, "years to 65");
  double hy2[] = {2016, 2017, 2018, 2019, 2020};
  assert_int_equal(hg_target_evaluate(hle, HG_PROJECT_LINEAR, 1, hy2, hv + 6, NULL, NULL, 5, &ev),
                   HG_OK);
  assert_int_equal(ev.status, HG_TARGET_NOT_ENOUGH_DATA); /* no baseline */
  assert_string_equal(ev.reason, "no value in the baseline year");
  hg_target_set_free(s);
}

/* The demo cases of issue 14, on the real series (expected numbers from the
 * independent fit, tests/data/targets/projection_expected.csv). */
static void test_issue_cases(void **state) {
  (void)state;
  hg_target_set *s = shipped();
  hg_target_eval ev;
  /* City of London PM2.5 (GLA LAEI 2013, 2016, 2019): a straight line put
   * it at -4.5 in 2040 and "on track".  Log-linear: 7.42 (3.60 to 15.30) in
   * 2030, straddling 10 -> at risk; 2040 is beyond twice the 6-year span. */
  double py[] = {2013, 2016, 2019}, city[] = {18.486, 16.035, 13.365};
  assert_int_equal(hg_target_evaluate(by_id(s, "his-pm25-2030"), HG_PROJECT_LOG_LINEAR, 1, py, city,
                                      NULL, NULL, 3, &ev),
                   HG_OK);
  hg_assert_close(ev.projected, 7.42314012789567, 1e-7, "City 2030");
  hg_assert_close(ev.projected_lower, 3.60065882203887, 1e-7, "City 2030 lower");
  hg_assert_close(ev.projected_upper, 15.303590837627, 1e-7, "City 2030 upper");
  hg_assert_close(ev.years_to_target, 5.36517636873384, 1e-6, "City years to 10");
  assert_int_equal(ev.status, HG_TARGET_AT_RISK);
  assert_int_equal(hg_target_evaluate(by_id(s, "env-act-pm25-2040"), HG_PROJECT_LOG_LINEAR, 1, py,
                                      city, NULL, NULL, 3, &ev),
                   HG_OK);
  assert_int_equal(ev.status, HG_TARGET_NOT_ENOUGH_DATA);
  assert_true(isnan(ev.projected));
  assert_string_equal(ev.reason,
                      "target year more than 2 times the observed span beyond the latest point");
  /* Smoking (OHID APS 2011-2024): Brent 10.6% was "on track" and Ealing
   * 7.4% "off track" on straight lines.  Logit: both intervals straddle 5%. */
  const hg_target *sf = by_id(s, "smokefree-2030");
  double sy[14];
  for (int i = 0; i < 14; i++)
    sy[i] = 2011 + i;
  double brent[] = {20.1, 16.7, 14, 16.2, 12.2, 12.8, 15.8, 17.1, 10.3, 10.2, 7.4, 12.6, 7.6, 10.6};
  double ealing[] = {20.7, 17.4, 14.9, 16.3, 15.1, 15.4, 11, 9.2, 10, 10.4, 9.6, 14.5, 21.1, 7.4};
  assert_int_equal(hg_target_evaluate(sf, HG_PROJECT_LOGIT, 100, sy, brent, NULL, NULL, 14, &ev),
                   HG_OK);
  hg_assert_close(ev.projected_lower, 3.29858630405657, 1e-7, "Brent lower");
  hg_assert_close(ev.projected_upper, 11.4192047304948, 1e-7, "Brent upper");
  assert_int_equal(ev.status, HG_TARGET_AT_RISK);
  assert_int_equal(hg_target_evaluate(sf, HG_PROJECT_LOGIT, 100, sy, ealing, NULL, NULL, 14, &ev),
                   HG_OK);
  hg_assert_close(ev.projected_upper, 18.120460141721, 1e-7, "Ealing upper");
  assert_int_equal(ev.status, HG_TARGET_AT_RISK);
  hg_target_set_free(s);
}

static void test_scopes_and_relative(void **state) {
  (void)state;
  hg_target t = {.target_id = "x",
                 .scope = "London",
                 .direction = HG_TARGET_DECREASE_BY_PERCENT,
                 .target_value = 80,
                 .target_year = 2025,
                 .baseline_year = 2019};
  assert_true(hg_target_applies(&t, "E12000007"));
  assert_true(hg_target_applies(&t, "E54000027"));
  assert_true(hg_target_applies(&t, "E09000033"));
  assert_false(hg_target_applies(&t, "E54000032"));
  assert_false(hg_target_applies(&t, "E92000001"));
  t.scope = "England only";
  assert_true(hg_target_applies(&t, "E92000001"));
  assert_false(hg_target_applies(&t, "E09000033"));
  /* 80% fall from 2019's 1000: at most 200 by 2025. */
  double y[] = {2018, 2019, 2020, 2021}, v[] = {1100, 1000, 500, 190};
  hg_target_eval ev;
  assert_int_equal(hg_target_evaluate(&t, HG_PROJECT_LOG_LINEAR, 1, y, v, NULL, NULL, 4, &ev),
                   HG_OK);
  hg_assert_close(ev.limit, 200, 1e-12, "80% fall");
  assert_int_equal(ev.status, HG_TARGET_ACHIEVED);
}

static void test_bad_table(void **state) {
  (void)state;
  char path[] = "/tmp/hg_targets_XXXXXX";
  int fd = mkstemp(path);
  FILE *fp = fdopen(fd, "w");
  fputs("target_id,indicator_key,scope,direction,target_value,target_year\n"
        "a,pm25_annual_mean,any,at_most,10,2030\n"
        "b,pm25_annual_mean,any,sideways,10,2030\n",
        fp);
  fclose(fp);
  hg_target_set *s = hg_target_set_new();
  hg_error err;
  assert_int_equal(hg_target_set_load_csv(s, path, &err), HG_ERR_INVALID);
  assert_int_equal(err.line, 3);
  assert_string_equal(err.column, "direction");
  assert_int_equal(hg_target_set_size(s), 0);
  remove(path);
  hg_target_set_free(s);
}

static void test_writer_sorted(void **state) {
  (void)state;
  hg_target_row rows[2] = {
      {"b", "92443", "E09000002", "Persons", "18+ yrs", "2011", 20.1, "2019", 18.0653, 5, 2030,
       "Red", "logit", 4.2, 2.5, 7.1, 12.5, "at risk", ""},
      {"a", "hg.pm25_annual_mean", "E09000001", "Persons", "All ages", "2013", 18.486, "2019", 9.5,
       10, 2030, "Green", "log-linear", NAN, NAN, NAN, 0, "achieved", ""},
  };
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  assert_int_equal(hg_targets_write_csv(fp, rows, 2), HG_OK);
  fclose(fp);
  const char *want =
      "\xEF\xBB\xBFtarget_id,indicator_id,area_code,sex,age,baseline_period,baseline_value,"
      "latest_period,latest_value,target_value,target_year,rag,method,projected_value,"
      "projected_lower,projected_upper,years_to_target,status,reason\r\n"
      "a,hg.pm25_annual_mean,E09000001,Persons,All ages,2013,18.486,2019,9.5,10,2030,Green,"
      "log-linear,,,,0,achieved,\r\n"
      "b,92443,E09000002,Persons,18+ yrs,2011,20.1,2019,18.0653,5,2030,Red,logit,4.2,2.5,7.1,12.5,"
      "at risk,\r\n";
  assert_string_equal(buf, want);
  free(buf);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_shipped_table),
      cmocka_unit_test(test_goal_rag),
      cmocka_unit_test(test_status),
      cmocka_unit_test(test_issue_cases),
      cmocka_unit_test(test_scopes_and_relative),
      cmocka_unit_test(test_bad_table),
      cmocka_unit_test(test_writer_sorted),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
