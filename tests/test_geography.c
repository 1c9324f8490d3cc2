/* test_geography.c: the London area hierarchy and aggregation of counts up it.
 * Expected totals are ONS published figures: mid-2019 London population
 * 8,961,989 (MYE2) and Census 2011 usual residents 8,173,941. */
#include "hg_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DATA "tests/data/inequalities/"

static hg_geo *london(void) {
  hg_geo *g = hg_geo_new();
  assert_non_null(g);
  hg_geo_london_paths p = {DATA "ons_lsoa11_msoa11_lad17_london_lookup.csv",
                           DATA "gla_msoa21_to_lad23_london.csv",
                           DATA "london_borough_icb_lookup.csv"};
  hg_error err;
  hg_error_clear(&err);
  hg_status st = hg_geo_load_london(g, &p, &err);
  if (st) {
    char buf[1400];
    fail_msg("%s", hg_error_format(&err, buf, sizeof buf));
  }
  return g;
}

static void test_hierarchy(void **state) {
  (void)state;
  hg_geo *g = london();
  assert_int_equal(hg_geo_count(g, HG_GEO_LSOA), 4835);
  assert_int_equal(hg_geo_count(g, HG_GEO_LAD), 33);
  assert_int_equal(hg_geo_count(g, HG_GEO_ICB), 5);
  assert_int_equal(hg_geo_count(g, HG_GEO_REGION), 1);
  assert_true(hg_geo_count(g, HG_GEO_MSOA) >= 1002); /* 983 (2011) and 1,002 (2021), shared codes */
  assert_string_equal(hg_geo_ancestor(g, "E01000001", HG_GEO_MSOA), "E02000001");
  assert_string_equal(hg_geo_ancestor(g, "E01000001", HG_GEO_LAD), "E09000001");
  assert_string_equal(hg_geo_ancestor(g, "E01000001", HG_GEO_ICB), "E54000029");
  assert_string_equal(hg_geo_ancestor(g, "E01000001", HG_GEO_COUNTRY), "E92000001");
  assert_string_equal(hg_geo_name(g, "E09000002"), "Barking and Dagenham");
  assert_string_equal(hg_geo_ancestor(g, "E09000002", HG_GEO_LAD), "E09000002");
  assert_null(hg_geo_ancestor(g, "E09000002", HG_GEO_MSOA));
  assert_null(hg_geo_parent(g, "E99999999"));
  assert_int_equal(hg_geo_level_get(g, "E54000027"), HG_GEO_ICB);
  /* A second, different parent is refused. */
  hg_error err;
  assert_int_equal(hg_geo_add(g, "E01000001", NULL, "E02000002", NULL, &err), HG_ERR_INVALID);
  assert_int_equal(hg_geo_add(g, "E09000001", NULL, "E01000001", NULL, &err), HG_ERR_INVALID);
  assert_int_equal(hg_geo_add(g, "", NULL, "E01000001", NULL, &err), HG_ERR_INVALID);
  hg_geo_free(g);
}

static double *column(hg_table *t, const char *col) {
  double *v = malloc(hg_table_nrows(t) * sizeof *v);
  for (size_t r = 0; r < hg_table_nrows(t); r++)
    v[r] = hg_test_num(t, r, col);
  return v;
}

static const char **codes(hg_table *t, const char *col) {
  const char **c = malloc(hg_table_nrows(t) * sizeof *c);
  long j = hg_table_col(t, col);
  assert_true(j >= 0);
  for (size_t r = 0; r < hg_table_nrows(t); r++)
    c[r] = hg_table_cell(t, r, (size_t)j);
  return c;
}

static void test_population_totals(void **state) {
  (void)state;
  hg_geo *g = london();
  hg_table *t = hg_test_table(DATA "ons_mid2019_pop_london_lsoa11_broad_age_sex.csv");
  size_t n = hg_table_nrows(t);
  double *pop = column(t, "Persons_All-Ages");
  const char **c = codes(t, "LSOA11CD");
  hg_geo_sum *s = NULL;
  size_t ns = 0;
  hg_error err;
  assert_int_equal(hg_geo_aggregate(g, n, c, NULL, pop, NULL, HG_GEO_REGION, &s, &ns, &err), HG_OK);
  assert_int_equal(ns, 1);
  assert_string_equal(s[0].code, "E12000007");
  assert_true(s[0].num == 8961989); /* ONS MYE2 mid-2019 London */
  assert_int_equal(s[0].n_rows, 4835);
  free(s);
  /* Through the ICBs: five totals that add back to London. */
  assert_int_equal(hg_geo_aggregate(g, n, c, NULL, pop, NULL, HG_GEO_ICB, &s, &ns, &err), HG_OK);
  assert_int_equal(ns, 5);
  double tot = 0;
  for (size_t i = 0; i < ns; i++)
    tot += s[i].num;
  assert_true(tot == 8961989);
  assert_string_equal(s[0].code, "E54000027");
  free(s);
  /* By age band: the five broad bands sum to the all-ages total. */
  static const char *const bands[] = {"Persons_0-15", "Persons_16-29", "Persons_30-44",
                                      "Persons_45-64", "Persons_65+"};
  size_t nb = 5 * n;
  double *bp = malloc(nb * sizeof *bp);
  long *bi = malloc(nb * sizeof *bi);
  const char **bc = malloc(nb * sizeof *bc);
  for (size_t b = 0; b < 5; b++) {
    double *v = column(t, bands[b]);
    for (size_t r = 0; r < n; r++) {
      bp[b * n + r] = v[r];
      bi[b * n + r] = (long)b;
      bc[b * n + r] = c[r];
    }
    free(v);
  }
  assert_int_equal(hg_geo_aggregate(g, nb, bc, bi, bp, NULL, HG_GEO_COUNTRY, &s, &ns, &err), HG_OK);
  assert_int_equal(ns, 5);
  tot = 0;
  for (size_t i = 0; i < ns; i++) {
    assert_int_equal(s[i].band, (long)i);
    tot += s[i].num;
  }
  assert_true(tot == 8961989);
  free(s);
  free(bp);
  free(bi);
  free(bc);
  /* Missing is not zero; unknown areas are named. */
  pop[0] = NAN;
  assert_int_equal(hg_geo_aggregate(g, n, c, NULL, pop, pop, HG_GEO_LAD, &s, &ns, &err), HG_OK);
  assert_string_equal(s[0].code, "E09000001");
  assert_true(isnan(s[0].num) && isnan(s[0].den));
  assert_int_equal(s[0].n_missing, 1);
  assert_false(isnan(s[1].num));
  free(s);
  c[1] = "E01999999";
  assert_int_equal(hg_geo_aggregate(g, n, c, NULL, pop, NULL, HG_GEO_LAD, &s, &ns, &err),
                   HG_ERR_NOT_FOUND);
  assert_non_null(strstr(err.message, "E01999999"));
  assert_null(s);
  free(pop);
  free(c);
  hg_table_free(t);

  t = hg_test_table(DATA "london_msoa2011_to_lad_census2011_pop.csv");
  pop = column(t, "USUALRES");
  c = codes(t, "MSOA11CD");
  assert_int_equal(
      hg_geo_aggregate(g, hg_table_nrows(t), c, NULL, pop, NULL, HG_GEO_REGION, &s, &ns, &err),
      HG_OK);
  assert_int_equal(ns, 1);
  assert_true(s[0].num == 8173941); /* Census 2011 London usual residents */
  free(s);
  free(pop);
  free(c);
  hg_table_free(t);
  hg_geo_free(g);
}

static void test_level_of_code(void **state) {
  (void)state;
  assert_int_equal(hg_geo_level_of_code("E01000001"), HG_GEO_LSOA);
  assert_int_equal(hg_geo_level_of_code("E06000001"), HG_GEO_LAD);
  assert_int_equal(hg_geo_level_of_code("E92000001"), HG_GEO_COUNTRY);
  assert_int_equal(hg_geo_level_of_code("X"), HG_GEO_UNKNOWN);
  assert_string_equal(hg_geo_level_name(HG_GEO_ICB), "ICB");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_hierarchy),
      cmocka_unit_test(test_population_totals),
      cmocka_unit_test(test_level_of_code),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
