/* test_life_expectancy.c: hg_le_group against the PHEindicatormethods oracles
 * (tests/data/phe/LE_*, generated__LE_*, derived__LE_*; see PROVENANCE-advanced.md). */
#include "hg_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define D "tests/data/phe/"

/* Rows [first, first+n) of t as arrays; start ages parsed from labels. */
typedef struct grp {
  double start[40], deaths[40], pop[40];
  size_t n;
} grp;

static void load_rows(const hg_table *t, size_t first, size_t n, const char *age, const char *pop,
                      const char *deaths, grp *g) {
  long ja = hg_table_col(t, age);
  assert_true(ja >= 0 && n <= 40);
  for (size_t i = 0; i < n; i++) {
    assert_int_equal(hg_le_parse_startage(hg_table_cell(t, first + i, (size_t)ja), &g->start[i]),
                     HG_OK);
    g->pop[i] = hg_test_num(t, first + i, pop);
    g->deaths[i] = hg_test_num(t, first + i, deaths);
  }
  g->n = n;
}

/* Rows of t whose `key` column equals val. */
static size_t rows_of(const hg_table *t, const char *key, const char *val, size_t *first) {
  long j = hg_table_col(t, key);
  assert_true(j >= 0);
  size_t n = 0;
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    if (strcmp(hg_table_cell(t, r, (size_t)j), val) != 0)
      continue;
    if (n++ == 0)
      *first = r;
  }
  return n;
}

static void run(const grp *g, const hg_le_options *opt, hg_life_table *lt) {
  hg_error err;
  hg_error_clear(&err);
  hg_status st = hg_le_group(g->start, g->deaths, g->pop, g->n, opt, lt, &err);
  if (st != HG_OK)
    print_error("hg_le_group: %s\n", err.message);
  assert_int_equal(st, HG_OK);
}

/* Compares band i of lt with row r of want (columns named as R names them). */
static void check_row(const hg_life_table *lt, size_t i, const hg_table *want, size_t r, double tol,
                      int abs_tol, const char *const *cols, size_t ncols) {
  char msg[160];
  for (size_t c = 0; c < ncols; c++) {
    const char *name = cols[c];
    double got;
    if (!strcmp(name, "value"))
      got = lt->value[i];
    else if (!strcmp(name, "pops_used"))
      got = lt->pops_used[i];
    else if (!strcmp(name, "dths_used"))
      got = lt->dths_used[i];
    else if (!strcmp(name, "lowercl"))
      got = lt->lower[i];
    else if (!strcmp(name, "uppercl"))
      got = lt->upper[i];
    else {
      /* lowerXX_Ycl / upperXX_Ycl: find the matching confidence. */
      int up = name[0] == 'u';
      double pct = 0;
      char a[8] = "", b[8] = "";
      assert_int_equal(sscanf(name + 5, "%7[0-9]_%7[0-9]cl", a, b), 2);
      pct = atof(a) + atof(b) / 10;
      size_t k = lt->n_conf;
      for (size_t cc = 0; cc < lt->n_conf; cc++)
        if (fabs(lt->conf[cc] * 100 - pct) < 1e-9)
          k = cc;
      assert_true(k < lt->n_conf);
      got = (up ? lt->upper : lt->lower)[k * lt->n + i];
    }
    double w = hg_test_num(want, r, name);
    snprintf(msg, sizeof msg, "%s row %zu %s", hg_table_name(want), r + 1, name);
    if (abs_tol) {
      if (isnan(w))
        assert_true(isnan(got));
      else if (!(fabs(got - w) <= tol)) {
        print_error("%s: got %.10f want %.10f\n", msg, got, w);
        fail();
      }
    } else {
      hg_assert_close(got, w, tol, msg);
    }
  }
}

static const double conf2[] = {0.95, 0.998};

static void test_df1_full_2ci(void **state) {
  (void)state;
  hg_table *in = hg_test_table(D "LE_inline__df1_input.csv");
  hg_table *want = hg_test_table(D "generated__LE_df1_full_2ci.csv");
  grp g;
  load_rows(in, 0, hg_table_nrows(in), "startage", "pops", "deaths", &g);
  hg_le_options opt = {.confidence = conf2, .n_confidence = 2};
  hg_life_table lt;
  run(&g, &opt, &lt);
  assert_int_equal(lt.status, HG_LE_OK);
  assert_string_equal(lt.message, "");
  static const char *const cols[] = {"value",       "lower95_0cl", "lower99_8cl", "upper95_0cl",
                                     "upper99_8cl", "pops_used",   "dths_used"};
  for (size_t i = 0; i < lt.n; i++)
    check_row(&lt, i, want, i, 1e-9, 0, cols, 7);
  hg_life_table_free(&lt);
  hg_table_free(in);
  hg_table_free(want);
}

static void test_df1_conf90_and_percent_form(void **state) {
  (void)state;
  hg_table *in = hg_test_table(D "LE_inline__df1_input.csv");
  hg_table *want = hg_test_table(D "generated__LE_df1_conf90.csv");
  grp g;
  load_rows(in, 0, hg_table_nrows(in), "startage", "pops", "deaths", &g);
  static const double c90[] = {90};
  hg_le_options opt = {.confidence = c90, .n_confidence = 1};
  hg_life_table lt;
  run(&g, &opt, &lt);
  static const char *const cols[] = {"value", "lowercl", "uppercl", "pops_used", "dths_used"};
  for (size_t i = 0; i < lt.n; i++)
    check_row(&lt, i, want, i, 1e-9, 0, cols, 5);
  hg_life_table_free(&lt);
  hg_table_free(in);
  hg_table_free(want);
}

/* The R test's expectations (Excel, z = 1.96): 1e-4, as the R test rounds to 4 dp.
 * The unordered and string-labelled inputs must give the same answer. */
static void test_df1_df2_df3_expected(void **state) {
  (void)state;
  static const char *const inputs[] = {D "LE_inline__df1_input.csv",
                                       D "LE_inline__df2_input_unordered.csv",
                                       D "LE_inline__df3_input_string_agebands.csv"};
  hg_table *want = hg_test_table(D "LE_inline__df1_expected.csv");
  static const char *const cols[] = {"value", "lowercl", "uppercl", "pops_used", "dths_used"};
  for (size_t f = 0; f < 3; f++) {
    hg_table *in = hg_test_table(inputs[f]);
    grp g;
    load_rows(in, 0, hg_table_nrows(in), "startage", "pops", "deaths", &g);
    hg_life_table lt;
    run(&g, NULL, &lt);
    assert_int_equal(lt.n, 20);
    for (size_t i = 0; i < lt.n; i++)
      check_row(&lt, i, want, i, 1e-4, 1, cols, 5);
    hg_life_table_free(&lt);
    hg_table_free(in);
  }
  hg_table_free(want);
}

static void check_intermediates(const hg_life_table *lt, const hg_table *want) {
  char msg[120];
  struct {
    const char *name;
    const double *col;
  } cols[] = {{"n_i", lt->width}, {"a_i", lt->a},
              {"M_i", lt->m},     {"q_i", lt->q},
              {"l_i", lt->l},     {"d_i", lt->d},
              {"L_i", lt->L},     {"T_i", lt->T},
              {"e_i", lt->e},     {"s2p_i", lt->s2p},
              {"W_i", lt->w},     {"ST_i", lt->st},
              {"se_e_i", lt->se}, {"value_reported", lt->value}};
  assert_int_equal(hg_table_nrows(want), lt->n);
  for (size_t i = 0; i < lt->n; i++)
    for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
      snprintf(msg, sizeof msg, "%s band %zu %s", hg_table_name(want), i, cols[c].name);
      hg_assert_close(cols[c].col[i], hg_test_num(want, i, cols[c].name), 1e-9, msg);
    }
  for (size_t i = 0; i < lt->n; i++)
    hg_assert_close(lt->p[i], 1 - lt->q[i], 1e-15, "p = 1 - q");
}

static void test_lifetable_intermediates(void **state) {
  (void)state;
  hg_table *in = hg_test_table(D "LE_inline__df1_input.csv");
  hg_table *want = hg_test_table(D "derived__LE_df1_lifetable_intermediates.csv");
  grp g;
  load_rows(in, 0, hg_table_nrows(in), "startage", "pops", "deaths", &g);
  hg_life_table lt;
  run(&g, NULL, &lt);
  check_intermediates(&lt, want);
  hg_life_table_free(&lt);
  hg_table_free(in);
  hg_table_free(want);

  in = hg_test_table(D "LE_inline__widecis_input.csv");
  want = hg_test_table(D "derived__LE_widecis_area2_lifetable_intermediates.csv");
  size_t first = 0, n = rows_of(in, "area", "Area 2", &first);
  load_rows(in, first, n, "startage", "pops", "deaths", &g);
  run(&g, NULL, &lt);
  check_intermediates(&lt, want);
  hg_life_table_free(&lt);
  hg_table_free(in);
  hg_table_free(want);
}

static void test_widecis(void **state) {
  (void)state;
  hg_table *in = hg_test_table(D "LE_inline__widecis_input.csv");
  hg_table *want = hg_test_table(D "generated__LE_widecis_full_2ci.csv");
  hg_table *want4 = hg_test_table(D "LE_inline__widecis_expected.csv");
  static const char *const cols[] = {"value",       "lower95_0cl", "lower99_8cl", "upper95_0cl",
                                     "upper99_8cl", "pops_used",   "dths_used"};
  static const char *const cols4[] = {"value", "lower95_0cl", "upper95_0cl"};
  static const char *const areas[] = {"Area 1", "Area 2"};
  for (size_t a = 0; a < 2; a++) {
    size_t first = 0, wfirst = 0, n = rows_of(in, "area", areas[a], &first);
    assert_int_equal(rows_of(want, "area", areas[a], &wfirst), n);
    grp g;
    load_rows(in, first, n, "startage", "pops", "deaths", &g);
    hg_le_options opt = {.confidence = conf2, .n_confidence = 2};
    hg_life_table lt;
    run(&g, &opt, &lt);
    if (a == 0) {
      assert_int_equal(lt.status, HG_LE_DEATHS_GT_POP);
      assert_string_equal(lt.message, "some age bands have more deaths than population; outputs "
                                      "have been suppressed to NAs");
    } else {
      assert_int_equal(lt.status, HG_LE_WIDE_CI);
      assert_string_equal(lt.message, "some life expectancy values have a 95% confidence "
                                      "interval > 20 years; these values have been suppressed "
                                      "to NAs");
    }
    for (size_t i = 0; i < n; i++)
      check_row(&lt, i, want, wfirst + i, 1e-9, 0, cols, 7);
    for (size_t i = 0; i < n; i++)
      check_row(&lt, i, want4, wfirst + i, 1e-4, 1, cols4, 3);
    hg_life_table_free(&lt);
  }
  hg_table_free(in);
  hg_table_free(want);
  hg_table_free(want4);
}

static void test_grouped_with_warnings(void **state) {
  (void)state;
  hg_table *in = hg_test_table(D "LE_inline__grouped_with_warnings_input.csv");
  hg_table *want = hg_test_table(D "generated__LE_grouped_with_warnings_output.csv");
  static const struct {
    const char *area;
    hg_le_group_status st;
  } cases[] = {{"Good data", HG_LE_OK},
               {"Negative deaths", HG_LE_NEGATIVE_DEATHS},
               {"Negative pops", HG_LE_NONPOSITIVE_POP},
               {"Missing age band", HG_LE_BAND_COUNT},
               {"Deaths more than pops", HG_LE_DEATHS_GT_POP},
               {"Low pops", HG_LE_LOW_POP}};
  static const char *const cols[] = {"value", "lowercl", "uppercl", "pops_used", "dths_used"};
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    size_t first = 0, wfirst = 0, n = rows_of(in, "area", cases[c].area, &first);
    assert_int_equal(rows_of(want, "area", cases[c].area, &wfirst), n);
    grp g;
    load_rows(in, first, n, "age", "pop", "deaths", &g);
    hg_life_table lt;
    run(&g, NULL, &lt);
    assert_int_equal(lt.status, cases[c].st);
    assert_string_equal(lt.message, hg_le_status_message(cases[c].st));
    for (size_t i = 0; i < n; i++)
      check_row(&lt, i, want, wfirst + i, 1e-9, 0, cols, 5);
    hg_life_table_free(&lt);
  }
  hg_table_free(in);
  hg_table_free(want);
}

/* The single-group warning cases of the R test: every value and limit NA, with the
 * group's status and R's message. */
static void test_warning_inputs(void **state) {
  (void)state;
  static const struct {
    const char *file;
    hg_le_group_status st;
    const char *msg;
  } cases[] = {
      {D "LE_inline__neg_deaths_input.csv", HG_LE_NEGATIVE_DEATHS,
       "some age bands have negative deaths; outputs have been suppressed to NAs"},
      {D "LE_inline__zero_pop_input.csv", HG_LE_NONPOSITIVE_POP,
       "some age bands have a zero or less population; outputs have been suppressed to NAs"},
      {D "LE_inline__deaths_gt_pops_input.csv", HG_LE_DEATHS_GT_POP,
       "some age bands have more deaths than population; outputs have been suppressed to NAs"},
      {D "LE_inline__low_pops_input.csv", HG_LE_LOW_POP,
       "some groups have a total population of less than 5,000; outputs have been suppressed "
       "to NAs"},
      {D "LE_inline__missing_ageband_input.csv", HG_LE_BAND_COUNT,
       "some groups contain a different number of age bands than 20; life expectancy cannot be "
       "calculated for these. These groups will contain NAs."},
  };
  /* R passes a 19-element age_contents for the missing band; the 20 rule still fails it. */
  static const double ages19[] = {0,  1,  5,  10, 15, 20, 25, 30, 35, 40,
                                  45, 50, 55, 60, 65, 70, 75, 80, 85};
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    hg_table *in = hg_test_table(cases[c].file);
    grp g;
    load_rows(in, 0, hg_table_nrows(in), "age", "pop", "deaths", &g);
    hg_le_options opt = {0};
    if (cases[c].st == HG_LE_BAND_COUNT) {
      opt.age_contents = ages19;
      opt.n_age_contents = 19;
      opt.r_twenty_bands = 1;
    }
    hg_life_table lt;
    run(&g, &opt, &lt);
    assert_int_equal(lt.status, cases[c].st);
    assert_string_equal(lt.message, cases[c].msg);
    for (size_t i = 0; i < lt.n; i++) {
      assert_true(isnan(lt.value[i]));
      assert_true(isnan(lt.lower[i]));
      assert_true(isnan(lt.upper[i]));
    }
    hg_life_table_free(&lt);
    hg_table_free(in);
  }
}

/* Issue 96: an 85+ structure computes when the band structure says so, and the
 * default structure names the expected count. */
static void test_85_plus_structure(void **state) {
  (void)state;
  static const double ages19[] = {0,  1,  5,  10, 15, 20, 25, 30, 35, 40,
                                  45, 50, 55, 60, 65, 70, 75, 80, 85};
  hg_table *in = hg_test_table(D "LE_inline__missing_ageband_input.csv");
  grp g;
  load_rows(in, 0, hg_table_nrows(in), "age", "pop", "deaths", &g);
  hg_le_options opt = {.age_contents = ages19, .n_age_contents = 19};
  hg_life_table lt;
  run(&g, &opt, &lt);
  assert_int_equal(lt.status, HG_LE_OK);
  assert_int_equal(lt.n, 19);
  /* The open band is 85+: q = 1 there and the table closes on it. */
  assert_true(lt.q[18] == 1);
  assert_true(isfinite(lt.value[0]) && lt.value[0] > lt.value[18]);
  hg_assert_close(lt.T[0], lt.value[0] * lt.l[0], 1e-12, "T0 = e0 l0");
  hg_life_table_free(&lt);
  /* Default structure: 19 bands is the band-count status. */
  run(&g, NULL, &lt);
  assert_int_equal(lt.status, HG_LE_BAND_COUNT);
  hg_life_table_free(&lt);
  /* A structure of 19 against a 20-band group names 19 in the message. */
  hg_table *in20 = hg_test_table(D "LE_inline__df1_input.csv");
  load_rows(in20, 0, hg_table_nrows(in20), "startage", "pops", "deaths", &g);
  run(&g, &opt, &lt);
  assert_int_equal(lt.status, HG_LE_BAND_COUNT);
  assert_non_null(strstr(lt.message, "than 19;"));
  hg_life_table_free(&lt);
  hg_table_free(in20);
  hg_table_free(in);
}

/* A closed last band (70-74, no 75+): temporary life expectancy to 75.  Values worked
 * by hand from the Chiang II formulas: in the last band alone M = 270/8100 = 1/30, n = 5,
 * a = 0.5, so q = nM / (1 + n(1 - a)M) = (1/6) / (13/12) = 2/13 and
 * e(70 to 75) = n (1 - a q) = 5 (1 - 1/13) = 60/13, with
 * var = n^2 (1 - a)^2 q^2 (1 - q) / D = 6.25 (4/169) (11/13) / 270; e0 = 70.335606861154986
 * from the whole table worked in Python (tests/cli/stat_le.sh does it in the test). */
static void test_closed_last_band(void **state) {
  (void)state;
  static const double ages[] = {0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70};
  grp g = {.start = {0, 1, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70},
           .deaths = {12, 3, 2, 2, 5, 8, 9, 12, 17, 25, 40, 62, 90, 128, 185, 270},
           .pop = {2600, 10400, 13100, 12800, 12100, 13900, 15600, 16200, 15300, 14100, 13800,
                   13200, 11600, 10100, 9000, 8100},
           .n = 16};
  hg_le_options opt = {.age_contents = ages, .n_age_contents = 16, .last_band_end = 75};
  hg_life_table lt;
  run(&g, &opt, &lt);
  assert_int_equal(lt.status, HG_LE_OK);
  hg_assert_close(lt.value[15], 60.0 / 13, 1e-12, "e(70 to 75)");
  hg_assert_close(lt.se[15], sqrt(6.25 * 4.0 / 169 * 11.0 / 13 / 270), 1e-12, "se(70 to 75)");
  hg_assert_close(lt.value[0], 70.335606861154986, 1e-12, "e(0 to 75)");
  assert_true(lt.value[0] < 75);
  hg_life_table_free(&lt);
  /* No deaths in a closed band: nobody dies there, e = the band's width. */
  g.deaths[15] = 0;
  run(&g, &opt, &lt);
  assert_int_equal(lt.status, HG_LE_OK);
  hg_assert_close(lt.value[15], 5, 1e-12, "e(70 to 75) without deaths");
  hg_life_table_free(&lt);
  /* Open (R): the same data read as 70+ has no end. */
  opt.last_band_end = 0;
  run(&g, &opt, &lt);
  assert_int_equal(lt.status, HG_LE_NO_FINAL_DEATHS);
  hg_life_table_free(&lt);
  hg_error err;
  opt.last_band_end = 70;
  assert_int_equal(hg_le_group(g.start, g.deaths, g.pop, 16, &opt, &lt, &err), HG_ERR_INVALID);
  assert_string_equal(err.message, "the last age band must end after it starts");
}

static void test_option_errors(void **state) {
  (void)state;
  grp g = {.start = {0}, .deaths = {1}, .pop = {10}, .n = 1};
  hg_life_table lt;
  hg_error err;
  static const double bad[][1] = {{0.5}, {1.5}, {89}, {101}};
  for (size_t i = 0; i < 4; i++) {
    hg_le_options opt = {.confidence = bad[i], .n_confidence = 1};
    assert_int_equal(hg_le_group(g.start, g.deaths, g.pop, 1, &opt, &lt, &err), HG_ERR_RANGE);
    assert_string_equal(err.message,
                        "all confidence levels must be between 90 and 100 or between 0.9 and 1");
  }
  static const double first1[] = {1, 5, 10};
  hg_le_options o1 = {.age_contents = first1, .n_age_contents = 3};
  assert_int_equal(hg_le_group(g.start, g.deaths, g.pop, 1, &o1, &lt, &err), HG_ERR_INVALID);
  assert_string_equal(err.message, "first age band in age_contents must be 0");
  static const double unordered[] = {0, 5, 1, 10};
  hg_le_options o2 = {.age_contents = unordered, .n_age_contents = 4};
  assert_int_equal(hg_le_group(g.start, g.deaths, g.pop, 1, &o2, &lt, &err), HG_ERR_INVALID);
  assert_string_equal(err.message, "age_contents doesn't appear to be in ascending order; the "
                                   "following age bands appear out of position: 5, 1");
  double v;
  assert_int_equal(hg_le_parse_startage("10 \xe2\x80\x93 14", &v), HG_OK);
  assert_true(v == 10);
  assert_int_equal(hg_le_parse_startage("90 +", &v), HG_OK);
  assert_true(v == 90);
  assert_int_equal(hg_le_parse_startage("all", &v), HG_ERR_PARSE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_df1_full_2ci),
      cmocka_unit_test(test_df1_conf90_and_percent_form),
      cmocka_unit_test(test_df1_df2_df3_expected),
      cmocka_unit_test(test_lifetable_intermediates),
      cmocka_unit_test(test_widecis),
      cmocka_unit_test(test_grouped_with_warnings),
      cmocka_unit_test(test_warning_inputs),
      cmocka_unit_test(test_85_plus_structure),
      cmocka_unit_test(test_closed_last_band),
      cmocka_unit_test(test_option_errors),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
