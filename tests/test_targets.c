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
  assert_int_equal(hg_target_set_size(s), 9);
  const hg_target *t = by_id(s, "his-pm25-2030");
  assert_int_equal(t->direction, HG_TARGET_AT_MOST);
  assert_true(t->target_value == 10);
  assert_int_equal(t->target_year, 2030);
  assert_string_equal(t->indicator_id, "hg.pm25_annual_mean");
  assert_true(hg_target_applies(t, "E09000001"));
  assert_false(hg_target_applies(t, "E12000007"));
  t = by_id(s, "lu-hle-rise-2035");
  assert_int_equal(t->direction, HG_TARGET_INCREASE_BY);
  assert_int_equal(t->baseline_year, 2022);
  assert_string_equal(t->indicator_id, "90362");
  assert_true(hg_target_applies(t, "E09000005"));
  t = by_id(s, "smokefree-2030");
  assert_string_equal(t->indicator_id, "92443");
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
  double yr[] = {2019, 2020, 2021};
  hg_target_eval ev;
  /* Falling 1 a year from 12 in 2021: 3 in 2030 by hand -> on track. */
  double v1[] = {14, 13, 12};
  assert_int_equal(hg_target_evaluate(pm, yr, v1, NULL, NULL, 3, &ev), HG_OK);
  assert_int_equal(ev.status, HG_TARGET_ON_TRACK);
  hg_assert_close(ev.projected, 3.0, 1e-9, "projection");
  assert_string_equal(ev.rag, "Red");
  /* Falling 0.1 a year: 12.9 in 2030 -> off track. */
  double v2[] = {14, 13.9, 13.8};
  assert_int_equal(hg_target_evaluate(pm, yr, v2, NULL, NULL, 3, &ev), HG_OK);
  assert_int_equal(ev.status, HG_TARGET_OFF_TRACK);
  hg_assert_close(ev.projected, 12.9, 1e-9, "projection");
  double v3[] = {14, 12, 9.5};
  assert_int_equal(hg_target_evaluate(pm, yr, v3, NULL, NULL, 3, &ev), HG_OK);
  assert_int_equal(ev.status, HG_TARGET_ACHIEVED);
  assert_string_equal(hg_target_status_name(ev.status), "achieved");
  assert_int_equal(hg_target_evaluate(pm, yr, v1, NULL, NULL, 2, &ev), HG_OK);
  assert_int_equal(ev.status, HG_TARGET_NOT_ENOUGH_DATA);
  /* Undated guideline not met: off track. */
  assert_int_equal(hg_target_evaluate(by_id(s, "who-pm25-guideline"), yr, v1, NULL, NULL, 3, &ev),
                   HG_OK);
  assert_int_equal(ev.status, HG_TARGET_OFF_TRACK);
  /* HLE +5 on the 2022 baseline of 60: target 65; 61 in 2023 rising 1 a year -> on track. */
  const hg_target *hle = by_id(s, "lu-hle-rise-2035");
  double hy[] = {2021, 2022, 2023}, hv[] = {59, 60, 61};
  assert_int_equal(hg_target_evaluate(hle, hy, hv, NULL, NULL, 3, &ev), HG_OK);
  hg_assert_close(ev.limit, 65, 1e-12, "limit");
  assert_int_equal(ev.status, HG_TARGET_ON_TRACK);
  double hy2[] = {2019, 2020, 2021};
  assert_int_equal(hg_target_evaluate(hle, hy2, hv, NULL, NULL, 3, &ev), HG_OK);
  assert_int_equal(ev.status, HG_TARGET_NOT_ENOUGH_DATA); /* no baseline */
  hg_target_set_free(s);
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
      {"b", "92443", "E09000002", "2019", 18.0653, 5, 2030, "Red", NAN, NAN, NAN, "off track"},
      {"a", "hg.pm25_annual_mean", "E09000001", "2019", 9.5, 10, 2030, "Green", NAN, NAN, NAN,
       "achieved"},
  };
  char *buf = NULL;
  size_t len = 0;
  FILE *fp = open_memstream(&buf, &len);
  assert_int_equal(hg_targets_write_csv(fp, rows, 2), HG_OK);
  fclose(fp);
  const char *want =
      "\xEF\xBB\xBFtarget_id,indicator_id,area_code,latest_period,latest_value,target_value,"
      "target_year,rag,projected_value,projected_lower,projected_upper,status\r\n"
      "a,hg.pm25_annual_mean,E09000001,2019,9.5,10,2030,Green,,,,achieved\r\n"
      "b,92443,E09000002,2019,18.0653,5,2030,Red,,,,off track\r\n";
  assert_string_equal(buf, want);
  free(buf);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_shipped_table), cmocka_unit_test(test_goal_rag),
      cmocka_unit_test(test_status),        cmocka_unit_test(test_bad_table),
      cmocka_unit_test(test_writer_sorted),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
