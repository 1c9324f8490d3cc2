/* test_run_derive.c: the run's derive and analyse stages on small made-up files.
 *   1. DSRs from counts (ESP2013): constant death rates per band give a DSR
 *      equal to that rate whatever the standard population (1% -> 1000 per
 *      100,000), so the expected values are exact by construction; the ICB and
 *      London come from the summed counts (1750), never from the mean of the
 *      boroughs' rates (1500).  Fewer than 10 deaths: suppressed, with a note.
 *   2. Annual change is not written on a series' latest row when that row's
 *      value is suppressed by disclosure control. */
#include "hg_test.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *tmpdir;

static int setup(void **state) {
  (void)state;
  tmpdir = g_dir_make_tmp("hg-test-run-derive-XXXXXX", NULL);
  return tmpdir ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);
  int rc = system(cmd);
  g_free(cmd);
  g_free(tmpdir);
  return rc == 0 ? 0 : -1;
}

static void put(const char *name, const char *text) {
  char *path = g_build_filename(tmpdir, name, NULL);
  assert_true(g_file_set_contents(path, text, -1, NULL));
  g_free(path);
}

static hg_table *run_pack(const char *conf) {
  put("pack.conf", conf);
  char *path = g_build_filename(tmpdir, "pack.conf", NULL);
  hg_config *cfg = NULL;
  hg_error err;
  assert_int_equal(hg_config_load(path, &cfg, &err), HG_OK);
  hg_run_options opt = {.jobs = 2, .timestamp = "2024-01-01T00:00:00Z", .force = 1};
  hg_run_summary sum;
  hg_status st = hg_run(cfg, &opt, &sum, &err);
  if (st != HG_OK)
    print_error("run: %s\n", err.message);
  assert_int_equal(st, HG_OK);
  char *res = g_build_filename(tmpdir, "out", "latest", "results", "indicators.csv", NULL);
  hg_table *t = hg_test_table(res);
  g_free(res);
  g_free(path);
  hg_run_summary_clear(&sum);
  hg_config_free(cfg);
  return t;
}

/* The row of t with these key cells (NULL = any); -1 if none. */
static long find(const hg_table *t, const char *id, const char *area, const char *period,
                 const char *sex, const char *age) {
  const char *want[5] = {id, area, period, sex, age};
  static const char *cols[5] = {"indicator_id", "area_code", "period", "sex", "age"};
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    int ok = 1;
    for (int k = 0; k < 5 && ok; k++)
      ok = !want[k] || strcmp(hg_table_cell(t, r, (size_t)hg_table_col(t, cols[k])), want[k]) == 0;
    if (ok)
      return (long)r;
  }
  return -1;
}

static const char *cell(const hg_table *t, long r, const char *col) {
  assert_true(r >= 0);
  return hg_table_cell(t, (size_t)r, (size_t)hg_table_col(t, col));
}

static const char *const bands[] = {"0",     "1-4",   "5-9",   "10-14", "15-19", "20-24", "25-29",
                                    "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64",
                                    "65-69", "70-74", "75-79", "80-84", "85-89", "90+"};

static void test_dsr_from_counts(void **state) {
  (void)state;
  GString *c = g_string_new("area_code,area_name,period,sex,age_band,deaths,population\n");
  for (size_t b = 0; b < G_N_ELEMENTS(bands); b++) {
    /* A: 1% in every band; B: 2% with three times the people. */
    g_string_append_printf(c, "E09000001,A,2016 - 18,Male,%s,10,1000\n", bands[b]);
    g_string_append_printf(c, "E09000002,B,2016 - 18,Male,%s,60,3000\n", bands[b]);
    /* 2013 - 15: nine deaths in all, at age 0 in A (above the disclosure
     * range 1-7, below the DSR's 10). */
    g_string_append_printf(c, "E09000001,A,2013 - 15,Male,%s,%d,1000\n", bands[b], b == 0 ? 9 : 0);
  }
  put("counts.csv", c->str);
  g_string_free(c, TRUE);
  put("icb.csv", "LA_code,LA_name,ICB_code,ICB_name\n"
                 "E09000001,A,E54000099,ICB X\nE09000002,B,E54000099,ICB X\n");
  hg_table *t = run_pack("[pack]\noutput = out\n[packs]\nlondon = false\nicb = none\n"
                         "[input.deaths]\npath = counts.csv\nrole = counts\n"
                         "[input.icb]\npath = icb.csv\nrole = lookup\n");
  static const char *const ids[2] = {"hg.dsr_all_deaths", "hg.dsr_u75_deaths"};
  static const char *const ages[2] = {"All ages", "<75 yrs"};
  for (int k = 0; k < 2; k++) {
    static const char *const sexes[2] = {"Male", "Persons"};
    for (int s = 0; s < 2; s++) {
      struct {
        const char *area;
        double want;
      } cases[] = {
          {"E09000001", 1000}, {"E09000002", 2000}, {"E54000099", 1750}, {"E12000007", 1750}};
      for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        long r = find(t, ids[k], cases[i].area, "2016 - 18", sexes[s], ages[k]);
        assert_true(r >= 0);
        double v = hg_test_num(t, (size_t)r, "value");
        hg_assert_close(v, cases[i].want, 1e-9, cases[i].area);
        double l95 = hg_test_num(t, (size_t)r, "lower_ci95");
        double u95 = hg_test_num(t, (size_t)r, "upper_ci95");
        double l998 = hg_test_num(t, (size_t)r, "lower_ci998");
        double u998 = hg_test_num(t, (size_t)r, "upper_ci998");
        assert_true(l998 < l95 && l95 < v && v < u95 && u95 < u998);
      }
    }
    /* The summed counts: 20 bands (16 under 75) of 10 + 60 deaths. */
    long r = find(t, ids[k], "E12000007", "2016 - 18", "Male", ages[k]);
    assert_true(hg_test_num(t, (size_t)r, "count") == (k == 0 ? 20 : 16) * 70.0);
    /* Under 10 deaths: no value and no limits, and the note says why. */
    r = find(t, ids[k], "E09000001", "2013 - 15", "Male", ages[k]);
    assert_string_equal(cell(t, r, "value"), "");
    assert_string_equal(cell(t, r, "lower_ci95"), "");
    assert_non_null(strstr(cell(t, r, "value_note"), "fewer than 10"));
  }
  hg_table_free(t);
}

static void test_no_annual_change_on_suppressed_latest(void **state) {
  (void)state;
  GString *c = g_string_new(
      "indicator_id,area_code,period,sex,age,value,lower_ci95,upper_ci95,count,denominator\n");
  for (int y = 2015; y <= 2019; y++) {
    /* The same series twice: B's latest count is 5, blanked by disclosure control. */
    int xa = 100 + 10 * (y - 2015), xb = y == 2019 ? 5 : xa;
    g_string_append_printf(c, "92443,E09000001,%d,Persons,18+ yrs,%g,,,%d,1000\n", y, xa / 10.0,
                           xa);
    g_string_append_printf(c, "92443,E09000002,%d,Persons,18+ yrs,%g,,,%d,1000\n", y, xb / 10.0,
                           xb);
  }
  put("smoking.csv", c->str);
  g_string_free(c, TRUE);
  hg_table *t = run_pack("[pack]\noutput = out\n[packs]\nlondon = false\nicb = none\n"
                         "[input.smoking]\npath = smoking.csv\nrole = indicators\n");
  long a = find(t, "92443", "E09000001", "2019", NULL, NULL);
  long b = find(t, "92443", "E09000002", "2019", NULL, NULL);
  /* A rises by 1 point a year: its fitted change is there. */
  hg_assert_close(hg_test_num(t, (size_t)a, "annual_change"), 1.0, 1e-6, "A annual change");
  assert_string_equal(cell(t, b, "value"), "");
  assert_string_equal(cell(t, b, "annual_change"), "");
  assert_string_equal(cell(t, b, "annual_change_lower"), "");
  assert_string_equal(cell(t, b, "annual_change_upper"), "");
  hg_table_free(t);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_dsr_from_counts, setup, teardown),
      cmocka_unit_test_setup_teardown(test_no_annual_change_on_suppressed_latest, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
