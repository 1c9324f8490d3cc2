/* test_ci.c: Byar's, exact Poisson and Wilson primitives against R's numbers,
 * and the confidence-argument rules (docs/methods.md). */
#include <math.h>
#include <string.h>

#include "phe_oracle.h"

/* generated__byars_exact_grid.csv: R's byars_* and qchisq limits, 56 rows. */
static void test_byars_exact_grid(void **state) {
  (void)state;
  hg_table *t = hg_test_table(PHE "generated__byars_exact_grid.csv");
  assert_int_equal(hg_table_nrows(t), 56);
  for (size_t i = 0; i < hg_table_nrows(t); i++) {
    double x = hg_test_num(t, i, "x"), c = hg_test_num(t, i, "conf");
    char msg[96];
    snprintf(msg, sizeof msg, "x=%g conf=%g", x, c);
    hg_assert_close(hg_ci_z(c), hg_test_num(t, i, "z"), 1e-12, msg);
    hg_assert_close(hg_byars_lower(x, c), hg_test_num(t, i, "byars_lower"), 1e-9, msg);
    hg_assert_close(hg_byars_upper(x, c), hg_test_num(t, i, "byars_upper"), 1e-9, msg);
    hg_assert_close(hg_exact_lower(x, c), hg_test_num(t, i, "exact_lower"), 1e-9, msg);
    hg_assert_close(hg_exact_upper(x, c), hg_test_num(t, i, "exact_upper"), 1e-9, msg);
  }
  hg_table_free(t);
}

static void test_wilson_grid(void **state) {
  (void)state;
  hg_table *t = hg_test_table(PHE "generated__wilson_grid.csv");
  assert_int_equal(hg_table_nrows(t), 34);
  for (size_t i = 0; i < hg_table_nrows(t); i++) {
    double x = hg_test_num(t, i, "x"), n = hg_test_num(t, i, "n"), c = hg_test_num(t, i, "conf");
    hg_assert_close(hg_wilson_lower(x, n, c), hg_test_num(t, i, "wilson_lower"), 1e-9, "lower");
    hg_assert_close(hg_wilson_upper(x, n, c), hg_test_num(t, i, "wilson_upper"), 1e-9, "upper");
  }
  hg_table_free(t);
}

/* testdata_Byars_Wilson: rows 1-6 Byar's (count scale), 7-12 Wilson; row 13 (x=1
 * at 99.8%) has an NA lower limit. */
static void test_byars_wilson_xlsx(void **state) {
  (void)state;
  hg_table *t = hg_test_table(PHE "testdata_Byars_Wilson__testdata_B_W.csv");
  long mc = hg_table_col(t, "method"), cc = hg_table_col(t, "confidence");
  for (size_t i = 0; i < hg_table_nrows(t); i++) {
    double x = hg_test_num(t, i, "x");
    double c = strcmp(hg_table_cell(t, i, (size_t)cc), "95%") == 0 ? 0.95 : 0.998;
    if (strcmp(hg_table_cell(t, i, (size_t)mc), "Byars") == 0) {
      hg_assert_close(hg_byars_lower(x, c), hg_test_num(t, i, "lowercl"), 1e-9, "byars lower");
      hg_assert_close(hg_byars_upper(x, c), hg_test_num(t, i, "uppercl"), 1e-9, "byars upper");
    } else {
      double n = hg_test_num(t, i, "n");
      hg_assert_close(hg_wilson_lower(x, n, c), hg_test_num(t, i, "lowercl"), 1e-9, "wilson lower");
      hg_assert_close(hg_wilson_upper(x, n, c), hg_test_num(t, i, "uppercl"), 1e-9, "wilson upper");
    }
  }
  hg_table_free(t);
}

static void test_special_cases(void **state) {
  (void)state;
  /* conf == 1: Wilson gives exactly 0 and 1; x = 0: exact lower is 0 and
   * Byar's lower is R's NaN (missing here). */
  assert_true(hg_wilson_lower(3, 7, 1) == 0 && hg_wilson_upper(3, 7, 1) == 1);
  assert_true(hg_exact_lower(0, 0.95) == 0);
  assert_true(isnan(hg_byars_lower(0, 0.95)));
  assert_true(isnan(hg_byars_lower(-1, 0.95)));
}

static hg_status norm(const double *in, size_t n, hg_conf_rule rule, double *out, char *msg) {
  hg_error err;
  hg_error_clear(&err);
  hg_status st = hg_confidence_normalise(in, n, rule, out, &err);
  strcpy(msg, err.message);
  return st;
}

static void test_confidence_rules(void **state) {
  (void)state;
  double out[HG_MAX_CONF];
  char msg[512];
  assert_int_equal(norm((double[]){95}, 1, HG_CONF_PAIR, out, msg), HG_OK);
  assert_true(out[0] == 0.95);
  assert_int_equal(norm((double[]){0.95, 0.998}, 2, HG_CONF_PAIR, out, msg), HG_OK);
  assert_int_equal(norm((double[]){0.8}, 1, HG_CONF_PAIR, out, msg), HG_ERR_RANGE);
  assert_string_equal(msg, "confidence level must be between 90 and 100 or between 0.9 and 1");
  assert_int_equal(norm((double[]){50}, 1, HG_CONF_PAIR_PROPORTION, out, msg), HG_ERR_RANGE);
  assert_string_equal(
      msg, "confidence level, if specified, must be between 90 and 100 or between 0.9 and 1");
  assert_int_equal(norm((double[]){101}, 1, HG_CONF_ANY, out, msg), HG_ERR_RANGE);
  assert_string_equal(msg, "all confidence levels must be between 90 and 100 or between 0.9 and 1");
  assert_int_equal(norm((double[]){0.95, 0.998, 0.99}, 3, HG_CONF_PAIR, out, msg), HG_ERR_RANGE);
  assert_string_equal(msg, "a maximum of two confidence levels can be provided");
  /* Unlike R, the percent form of the Fingertips pair is accepted (docs/methods.md). */
  assert_int_equal(norm((double[]){95, 99.8}, 2, HG_CONF_PAIR, out, msg), HG_OK);
  assert_true(out[0] == 0.95 && out[1] == 0.998);
  assert_int_equal(norm((double[]){95, 99}, 2, HG_CONF_PAIR, out, msg), HG_ERR_RANGE);
  assert_string_equal(
      msg, "two confidence levels can only be produced if they are specified as 0.95 and 0.998");
  assert_int_equal(norm((double[]){0.998, 0.95}, 2, HG_CONF_PAIR, out, msg), HG_ERR_RANGE);
  assert_int_equal(norm((double[]){95, 99.8, 90}, 3, HG_CONF_ANY, out, msg), HG_OK);
  assert_true(out[1] == 99.8 / 100 && out[2] == 0.9);
}

static void test_names(void **state) {
  (void)state;
  char buf[64];
  assert_string_equal(hg_ci_colname(0.95, 0, buf), "lower95_0cl");
  assert_string_equal(hg_ci_colname(0.998, 1, buf), "upper99_8cl");
  double lv[2] = {0.95, 0.998};
  assert_string_equal(hg_ci_confidence_text(lv, 2, buf, sizeof buf), "95%, 99.8%");
  assert_string_equal(hg_ci_confidence_text((double[]){0.9}, 1, buf, sizeof buf), "90%");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_byars_exact_grid),  cmocka_unit_test(test_wilson_grid),
      cmocka_unit_test(test_byars_wilson_xlsx), cmocka_unit_test(test_special_cases),
      cmocka_unit_test(test_confidence_rules),  cmocka_unit_test(test_names),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
