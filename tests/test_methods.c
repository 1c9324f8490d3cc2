/* test_methods.c: the method registry itself: the table, option parsing,
 * grouping (dplyr group_by order), results and --type selection. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "phe_oracle.h"

static void test_table(void **state) {
  (void)state;
  static const char *const names[] = {
      "proportion",          "rate",         "mean", "dsr", "israte", "isratio", "funnel-limits",
      "funnel-significance", "funnel-points"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    const hg_method *m = hg_method_find(names[i]);
    assert_non_null(m);
    assert_non_null(m->run);
    assert_non_null(m->r_name);
  }
  assert_null(hg_method_find("frobnicate"));
  assert_true(hg_method_count() >= 9);
  for (size_t i = 0; i < hg_method_count(); i++)
    assert_ptr_equal(hg_method_find(hg_method_at(i)->name), hg_method_at(i));
  assert_non_null(hg_method_find_arg(hg_method_find("dsr"), "independent_events"));
  assert_null(hg_method_find_arg(hg_method_find("dsr"), "refvalue"));
}

/* Groups sort numerically when every key is a number, by bytes otherwise; rows
 * keep input order inside a group. */
static void test_groups(void **state) {
  (void)state;
  hg_table *t = phe_mem("year,area,v\n10,B,1\n9,A,2\n10,A,3\n9,A,4\n");
  const char *gb[] = {"year", "area"};
  hg_method_call c = {hg_method_find("mean"), t, gb, 2, NULL, NULL, NULL, 0};
  hg_groups *g = NULL;
  hg_error err;
  assert_int_equal(hg_groups_build(&c, &g, &err), HG_OK);
  assert_int_equal(hg_groups_count(g), 3);
  size_t n;
  const size_t *rows = hg_groups_rows(g, 0, &n); /* 9/A */
  assert_int_equal(n, 2);
  assert_int_equal(rows[0], 1);
  assert_int_equal(rows[1], 3);
  rows = hg_groups_rows(g, 2, &n); /* 10/B */
  assert_int_equal(n, 1);
  assert_int_equal(rows[0], 0);
  hg_groups_free(g);
  const char *bad[] = {"nope"};
  c.group_by = bad;
  c.n_group_by = 1;
  assert_int_equal(hg_groups_build(&c, &g, &err), HG_ERR_INVALID);
  assert_string_equal(err.message, "group_by column 'nope' is not a field name from data");
  hg_table_free(t);
}

/* The previous grouping, restated: a comparison sort that reads the cells
 * (numbers by value, NA last; text by bytes).  hg_groups_build ranks each key
 * column once instead; both must give the same groups in the same order. */
typedef struct {
  const hg_table *t;
  const long *cols;
  const int *numeric;
  size_t ncols;
} ref_ctx;

static int ref_key_cmp(size_t a, size_t b, const ref_ctx *k) {
  for (size_t j = 0; j < k->ncols; j++) {
    const char *sa = hg_table_cell(k->t, a, (size_t)k->cols[j]);
    const char *sb = hg_table_cell(k->t, b, (size_t)k->cols[j]);
    int d;
    if (k->numeric[j]) {
      double va = NAN, vb = NAN;
      if (strcmp(sa, "NA") != 0)
        hg_parse_number(sa, strlen(sa), &va);
      if (strcmp(sb, "NA") != 0)
        hg_parse_number(sb, strlen(sb), &vb);
      d = isnan(va) || isnan(vb) ? isnan(va) - isnan(vb) : (va > vb) - (va < vb);
    } else {
      d = strcmp(sa, sb);
    }
    if (d)
      return d;
  }
  return 0;
}

static gint ref_row_cmp(gconstpointer pa, gconstpointer pb, gpointer ud) {
  size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
  int d = ref_key_cmp(a, b, ud);
  return d ? d : (a > b) - (a < b);
}

static void check_groups_against_reference(const char *csv, const char **gb, size_t ngb) {
  hg_table *t = phe_mem(csv);
  hg_method_call c = {hg_method_find("mean"), t, gb, ngb, NULL, NULL, NULL, 0};
  hg_groups *g = NULL;
  hg_error err;
  assert_int_equal(hg_groups_build(&c, &g, &err), HG_OK);
  size_t nrows = hg_table_nrows(t);
  long cols[4];
  int numeric[4];
  for (size_t j = 0; j < ngb; j++) {
    cols[j] = hg_table_col(t, gb[j]);
    int any = 0, all = 1;
    for (size_t i = 0; i < nrows; i++) {
      const char *s = hg_table_cell(t, i, (size_t)cols[j]);
      double v;
      if (strcmp(s, "NA") == 0 || !*s)
        continue;
      if (hg_parse_number(s, strlen(s), &v) != HG_NUM_OK)
        all = 0;
      else
        any = 1;
    }
    numeric[j] = any && all;
  }
  size_t *ref = g_new(size_t, nrows);
  for (size_t i = 0; i < nrows; i++)
    ref[i] = i;
  ref_ctx k = {t, cols, numeric, ngb};
  g_qsort_with_data(ref, (gint)nrows, sizeof *ref, ref_row_cmp, &k);
  size_t pos = 0, ngroups = 0;
  for (size_t gi = 0; gi < hg_groups_count(g); gi++) {
    size_t n;
    const size_t *rows = hg_groups_rows(g, gi, &n);
    assert_true(n > 0);
    for (size_t i = 0; i < n; i++, pos++) {
      assert_int_equal(rows[i], ref[pos]);
      /* a group starts exactly where the reference key changes */
      if (pos > 0)
        assert_int_equal(ref_key_cmp(ref[pos - 1], ref[pos], &k) != 0, i == 0);
    }
    ngroups++;
  }
  assert_int_equal(pos, nrows);
  assert_int_equal(ngroups, hg_groups_count(g));
  g_free(ref);
  hg_groups_free(g);
  hg_table_free(t);
}

static void test_groups_match_comparison_sort(void **state) {
  (void)state;
  static const char *const years[] = {"2014", "2014.0", "2015", "NA",   "",  "-0",
                                      "0",    "1e3",    "1000", "-2.5", "9", "10"};
  static const char *const areas[] = {"B", "A", "a", "", "ab", "A B", "NA", "b", "10", "9"};
  GRand *r = g_rand_new_with_seed(17);
  for (int pass = 0; pass < 6; pass++) {
    GString *csv = g_string_new("year,area,id,v\n");
    int nrows = pass < 3 ? 3000 : 800;
    for (int i = 0; i < nrows; i++) {
      /* pass 3-5: an id with many values, so that the key space is too large
       * for the counting sort and the tuple sort is used */
      int id = pass < 3 ? g_rand_int_range(r, 0, 5) : g_rand_int_range(r, 0, 100000);
      g_string_append_printf(csv, "%s,\"%s\",%d,1\n", years[g_rand_int_range(r, 0, 12)],
                             areas[g_rand_int_range(r, 0, 10)], id);
    }
    if (pass % 3 == 2) /* a text cell in the year column: it sorts by bytes */
      g_string_append(csv, "y2014,A,1,1\n");
    const char *gb3[] = {"year", "area", "id"};
    const char *gb1[] = {"area"};
    check_groups_against_reference(csv->str, gb3, 3);
    check_groups_against_reference(csv->str, gb1, 1);
    check_groups_against_reference(csv->str, gb3 + 2, 1);
    g_string_free(csv, TRUE);
  }
  g_rand_free(r);
}

static void test_args(void **state) {
  (void)state;
  const char *names[] = {"multiplier", "independent_events", "confidence", "multiplier"};
  const char *values[] = {"10", "F", "95,99.8", "1000"};
  hg_method_call c = {hg_method_find("dsr"), NULL, NULL, 0, names, values, NULL, 4};
  double v, lv[4];
  size_t n;
  int b;
  hg_error err;
  assert_int_equal(hg_method_arg_number(&c, "multiplier", &v, &err), HG_OK);
  assert_true(v == 1000); /* the last occurrence wins */
  assert_int_equal(hg_method_arg_bool(&c, "independent_events", 1, &b, &err), HG_OK);
  assert_int_equal(b, 0);
  assert_int_equal(hg_method_arg_numbers(&c, "confidence", lv, 4, &n, &err), HG_OK);
  assert_int_equal(n, 2);
  assert_true(lv[1] == 99.8);
  assert_string_equal(hg_method_arg_text(&c, "type"), "full"); /* the row's default */
  assert_null(hg_method_arg_text(&c, "eventfreq"));
  assert_int_equal(hg_method_arg_given(&c, "type"), 0);
}

static void test_result_type(void **state) {
  (void)state;
  hg_result *r = hg_result_new();
  hg_result_add_column(r, "area", HG_COL_KEY);
  hg_result_add_column(r, "total_count", HG_COL_DATA);
  hg_result_add_column(r, "value", HG_COL_VALUE);
  double lv[2] = {0.95, 0.998};
  hg_result_ci_columns(r, lv, 2);
  hg_result_add_column(r, "method", HG_COL_META);
  /* 95% keeps R's default names whatever other levels come with it */
  assert_string_equal(hg_result_colname(r, 3), "lowercl");
  assert_string_equal(hg_result_colname(r, 4), "uppercl");
  assert_string_equal(hg_result_colname(r, 5), "lower99_8cl");
  assert_string_equal(hg_result_colname(r, 6), "upper99_8cl");
  hg_result_begin_row(r);
  hg_result_text(r, "A");
  hg_result_number(r, 12);
  hg_result_number(r, 1.5);
  for (int i = 0; i < 4; i++)
    hg_result_number(r, i);
  hg_result_text(r, "Dobson");
  hg_result *s = hg_result_new();
  hg_result_ci_columns_by_side(s, lv, 2);
  /* generated__LE_df1_full_2ci.csv's order */
  assert_string_equal(hg_result_colname(s, 1), "lower99_8cl");
  assert_string_equal(hg_result_colname(s, 2), "uppercl");
  hg_result_free(s);
  hg_result_apply_type(r, HG_TYPE_UPPER);
  assert_int_equal(hg_result_ncols(r), 3);
  assert_string_equal(hg_result_colname(r, 1), "uppercl");
  assert_true(hg_result_get_number(r, 0, 2) == 3);
  assert_string_equal(hg_result_get_text(r, 0, 0), "A");
  assert_true(isnan(hg_result_get_number(r, 5, 0)));
  hg_result_free(r);
  /* A lone level other than 95% names its level; a lone 95% is lowercl. */
  double l998 = 0.998, l95 = 0.95;
  r = hg_result_new();
  hg_result_ci_columns(r, &l998, 1);
  hg_result_ci_columns(r, &l95, 1);
  assert_string_equal(hg_result_colname(r, 0), "lower99_8cl");
  assert_string_equal(hg_result_colname(r, 3), "uppercl");
  hg_result_free(r);
}

/* Data lines [first, last] (1-based after the header) of an oracle file, with
 * its header, as a table. */
static hg_table *oracle_rows(const char *path, size_t first, size_t last) {
  char *text = NULL;
  assert_true(g_file_get_contents(path, &text, NULL, NULL));
  gchar **lines = g_strsplit(text, "\n", -1);
  GString *out = g_string_new(lines[0]);
  g_string_append_c(out, '\n');
  for (size_t i = first; i <= last && lines[i]; i++)
    g_string_append_printf(out, "%s\n", lines[i]);
  hg_table *t = phe_mem(out->str);
  g_string_free(out, TRUE);
  g_strfreev(lines);
  g_free(text);
  return t;
}

static void expect_warnings(const hg_result *r, const char *const *want, size_t n) {
  assert_non_null(r);
  assert_int_equal(hg_result_nwarnings(r), n);
  for (size_t i = 0; i < n; i++)
    assert_string_equal(hg_result_warning(r, i), want[i]);
  assert_null(hg_result_warning(r, n));
}

/* R's warnings come back in the result, verbatim (phe_life_expectancy, phe_quantile, phe_sii),
 * each once, in R's order; clean inputs give none. */
static void test_warnings(void **state) {
  (void)state;
  hg_error err;
  hg_result *r = hg_result_new();
  hg_result_warn(r, "a");
  hg_result_warn(r, "b");
  hg_result_warn(r, "a");
  const char *ab[] = {"a", "b"};
  expect_warnings(r, ab, 2);
  hg_result_free(r);

  static const char *const sii_kv[] = {
      "quantile", "Quantile", "population", "Population",  "value", "Value", "lower_cl",
      "LowerCL",  "upper_cl", "UpperCL",    "repetitions", "1000",  NULL};
  hg_table *t = oracle_rows(PHE "testdata_SII__testdata_SII.csv", 211, 225); /* 15 quantiles */
  r = phe_run("sii", t, "Area", sii_kv, HG_OK, &err);
  const char *many[] = {HG_SII_WARN_MANY_QUANTILES};
  expect_warnings(r, many, 1);
  assert_string_equal(many[0], "WARNING: Small values can make SII unstable when using a large "
                               "number of quantiles");
  hg_result_free(r);
  hg_table_free(t);
  t = oracle_rows(PHE "testdata_SII__testdata_SII.csv", 1, 19); /* area2 lacks a quantile */
  r = phe_run("sii", t, "Area", sii_kv, HG_OK, &err);
  const char *removed[] = {"WARNING: some records have been removed due to incomplete or "
                           "invalid data"};
  expect_warnings(r, removed, 1);
  assert_int_equal(hg_result_nrows(r), 1);
  hg_result_free(r);
  hg_table_free(t);
  t = oracle_rows(PHE "testdata_SII__testdata_SII.csv", 1, 20);
  r = phe_run("sii", t, "Area", sii_kv, HG_OK, &err);
  expect_warnings(r, NULL, 0);
  hg_result_free(r);
  hg_table_free(t);

  t = hg_test_table(PHE "generated__phe_quantile_input.csv");
  static const char *const q5[] = {"values", "v", "nquantiles", "5", NULL};
  r = phe_run("quantile", t, "grp", q5, HG_OK, &err);
  const char *few[] = {"One or more groups had too few small areas with values to allow "
                       "quantiles to be assigned"};
  expect_warnings(r, few, 1);
  hg_result_free(r);
  r = phe_run("quantile", t, NULL, q5, HG_OK, &err);
  expect_warnings(r, NULL, 0);
  hg_result_free(r);
  hg_table_free(t);

  t = hg_test_table(PHE "LE_inline__grouped_with_warnings_input.csv");
  static const char *const le_kv[] = {"deaths",   "deaths", "population", "pop",
                                      "startage", "age",    NULL};
  r = phe_run("le", t, "area", le_kv, HG_OK, &err);
  const char *le[] = {
      "some age bands have negative deaths; outputs have been suppressed to NAs",
      "some age bands have a zero or less population; outputs have been suppressed to NAs",
      "some groups contain a different number of age bands than 20; life expectancy cannot be "
      "calculated for these. These groups will contain NAs.",
      "some age bands have more deaths than population; outputs have been suppressed to NAs",
      "some groups have a total population of less than 5,000; outputs have been suppressed to "
      "NAs"};
  expect_warnings(r, le, 5);
  hg_result_free(r);
  hg_table_free(t);
  t = hg_test_table(PHE "LE_inline__widecis_input.csv");
  static const char *const wide_kv[] = {"deaths",   "deaths",   "population", "pops",
                                        "startage", "startage", NULL};
  r = phe_run("le", t, "area", wide_kv, HG_OK, &err);
  /* Area 1 is suppressed (a band with more deaths than population), then Area 2's wide CIs */
  const char *wide[] = {
      "some age bands have more deaths than population; outputs have been suppressed to NAs",
      "some life expectancy values have a 95% confidence interval > 20 years; "
      "these values have been suppressed to NAs"};
  expect_warnings(r, wide, 2);
  hg_result_free(r);
  hg_table_free(t);
  t = hg_test_table(PHE "LE_inline__df1_input.csv");
  static const char *const age_kv[] = {"deaths",   "deaths", "population", "pops", "startage",
                                       "startage", "le_age", "3",          NULL};
  r = phe_run("le", t, NULL, age_kv, HG_OK, &err);
  const char *age[] = {"le_age not in the vector described by age_contents; all life "
                       "expectancies will be returned"};
  expect_warnings(r, age, 1);
  assert_int_equal(hg_result_nrows(r), 20);
  hg_result_free(r);
  r = phe_run("le", t, NULL, wide_kv, HG_OK, &err);
  expect_warnings(r, NULL, 0);
  hg_result_free(r);
  hg_table_free(t);
}

/* hg_result_row is hg_result_cell for each cell of a row: texts, missing texts,
 * numbers, NAN, a short row, a row past the end, and rows in the result's
 * second block of cells (it holds 4096 cells, then 131072 a block). */
static void test_result_row(void **state) {
  (void)state;
  hg_result *r = hg_result_new();
  hg_result_add_column(r, "a", HG_COL_KEY);
  hg_result_add_column(r, "b", HG_COL_VALUE);
  hg_result_add_column(r, "c", HG_COL_META);
  for (size_t i = 0; i < 3000; i++) {
    hg_result_begin_row(r);
    char s[16];
    snprintf(s, sizeof s, "r%zu", i);
    hg_result_text(r, i % 7 == 3 ? NULL : s);
    if (i % 5 != 4) { /* every fifth row is short */
      hg_result_number(r, i % 11 == 0 ? NAN : (double)i / 3);
      hg_result_text(r, "same");
    }
  }
  for (size_t i = 0; i <= hg_result_nrows(r); i++) {
    int is_text[3];
    double num[3];
    const char *text[3];
    hg_result_row(r, i, 3, is_text, num, text);
    for (size_t j = 0; j < 3; j++) {
      double v;
      const char *t;
      int want = hg_result_cell(r, i, j, &v, &t);
      assert_int_equal(is_text[j], want);
      if (want && t)
        assert_string_equal(text[j], t);
      else if (want)
        assert_null(text[j]);
      else
        assert_true((isnan(v) && isnan(num[j])) || v == num[j]);
    }
  }
  hg_result_free(r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_table),
      cmocka_unit_test(test_groups),
      cmocka_unit_test(test_groups_match_comparison_sort),
      cmocka_unit_test(test_args),
      cmocka_unit_test(test_result_type),
      cmocka_unit_test(test_warnings),
      cmocka_unit_test(test_result_row),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
