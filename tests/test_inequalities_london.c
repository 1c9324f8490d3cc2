/* test_inequalities_london.c: deprivation gradients on the real London files.
 *   1. MSOA life expectancy (GLA MSOA Atlas) by London-wide IMD 2019 MSOA score
 *      deciles: population-weighted decile means (approximate: the atlas has no
 *      deaths or limits), SII point estimate and the most - least deprived gap.
 *   2. LAEI 2019 PM2.5 and NO2 by LSOA with London-wide IMD 2019 deciles (from the
 *      IoD ranks), weighted by mid-2019 LSOA populations.
 *   3. Borough smoking prevalence (APS 2019, Fingertips export) against borough IMD
 *      2019 average score: SII across the 32 boroughs, and quintiles of boroughs.
 * Published references asserted: the shared data README's diagnostic (LE gap
 * 6.1 years males, 3.7 females, least minus most deprived decile, population-
 * weighted) and Fingertips' London APS prevalence 12.948% (the boroughs' counts
 * add up to it).  The other figures are printed for the report and checked for
 * direction only (no published value exists for them). */
#include "hg_test.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DATA "tests/data/inequalities/"

/* code -> row index of a table column. */
static GHashTable *index_of(hg_table *t, const char *col) {
  GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
  long j = hg_table_col(t, col);
  assert_true(j >= 0);
  for (size_t r = 0; r < hg_table_nrows(t); r++)
    g_hash_table_insert(h, (gpointer)hg_table_cell(t, r, (size_t)j), GSIZE_TO_POINTER(r + 1));
  return h;
}

static long row_of(GHashTable *h, const char *code) {
  return (long)GPOINTER_TO_SIZE(g_hash_table_lookup(h, code)) - 1;
}

static void print_table(const char *title, const double *mean, const double *w, int nq) {
  print_message("%s\n", title);
  for (int j = 0; j < nq; j++)
    print_message("  decile %2d (1 = most deprived): %8.3f  (population %.0f)\n", j + 1, mean[j],
                  w[j]);
}

/* SII point estimate over quantile means (no limits: approximate). */
static double sii_of(const double *mean, const double *w, int nq, double *intercept) {
  hg_ineq_quantile q[10];
  for (int j = 0; j < nq; j++)
    q[j] = (hg_ineq_quantile){NULL, mean[j], NAN, NAN, NAN, NAN, w[j]};
  hg_ineq_results *res = hg_ineq_results_new();
  hg_ineq_key k = {"x", "E12000007", "p", "Persons", "", NAN};
  hg_ineq_options o = {.no_ci = 1, .note = "approximate"};
  hg_error err;
  assert_int_equal(hg_ineq_deprivation(&k, NULL, (size_t)nq, q, &o, res, &err), HG_OK);
  const hg_ineq_row *r = hg_ineq_results_find(res, NULL, NULL, NULL, NULL, "sii", NULL);
  assert_non_null(r);
  assert_string_equal(r->note, "approximate");
  double s = r->value;
  *intercept = r->group_value;
  hg_ineq_results_free(res);
  return s;
}

static void test_msoa_life_expectancy(void **state) {
  (void)state;
  hg_table *le = hg_test_table(DATA "msoa_atlas_life_expectancy.csv");
  hg_table *imd = hg_test_table(DATA "imd2019_msoa11_london_score.csv");
  GHashTable *ix = index_of(imd, "msoa_code");
  size_t n = hg_table_nrows(le);
  assert_int_equal(n, 983);
  double *score = malloc(n * sizeof *score), *pop = malloc(n * sizeof *pop);
  double *m = malloc(n * sizeof *m), *f = malloc(n * sizeof *f);
  int *q = malloc(n * sizeof *q);
  long cc = hg_table_col(le, "MSOA Code");
  for (size_t r = 0; r < n; r++) {
    long i = row_of(ix, hg_table_cell(le, r, (size_t)cc));
    assert_true(i >= 0);
    score[r] = hg_test_num(imd, (size_t)i, "Score");
    pop[r] = hg_test_num(le, r, "All Ages (2011 Census)");
    m[r] = hg_test_num(le, r, "Life Expectancy Males");
    f[r] = hg_test_num(le, r, "Life Expectancy Females");
  }
  hg_error err;
  /* London-wide deciles of MSOAs by score (PHE method: counts areas). */
  assert_int_equal(hg_ineq_assign_quantiles(n, score, NULL, 10, 1, q, &err), HG_OK);
  double mm[10], fm[10], w[10], b0;
  hg_ineq_quantile_means(n, q, m, pop, 10, mm, w);
  hg_ineq_quantile_means(n, q, f, pop, 10, fm, w);
  print_table("MSOA life expectancy, males (approximate: population-weighted means)", mm, w, 10);
  print_table("MSOA life expectancy, females (approximate)", fm, w, 10);
  double sm = sii_of(mm, w, 10, &b0), sf;
  print_message("  males: SII %.2f years (intercept %.2f), gap least - most %.2f\n", sm, b0,
                mm[9] - mm[0]);
  sf = sii_of(fm, w, 10, &b0);
  print_message("  females: SII %.2f years (intercept %.2f), gap least - most %.2f\n", sf, b0,
                fm[9] - fm[0]);
  /* The shared data README's diagnostic: 6.1 (M) and 3.7 (F). */
  assert_true(fabs((mm[9] - mm[0]) - 6.1) < 0.05);
  assert_true(fabs((fm[9] - fm[0]) - 3.7) < 0.05);
  assert_true(sm > 0 && sf > 0); /* LE rises from most to least deprived */
  free(score);
  free(pop);
  free(m);
  free(f);
  free(q);
  g_hash_table_destroy(ix);
  hg_table_free(le);
  hg_table_free(imd);
}

static void air_quality(const char *file, const char *col, const char *label) {
  hg_table *aq = hg_test_table(file);
  hg_table *iod = hg_test_table(DATA "iod2019_file2_imd_london_lsoa.csv");
  hg_table *pop = hg_test_table(DATA "ons_mid2019_pop_london_lsoa11_broad_age_sex.csv");
  GHashTable *iq = index_of(aq, "LSOA11CD"), *pp = index_of(pop, "LSOA11CD");
  size_t n = hg_table_nrows(iod);
  assert_int_equal(n, 4835);
  double *rank = malloc(n * sizeof *rank), *w = malloc(n * sizeof *w), *v = malloc(n * sizeof *v);
  double *natdec = malloc(n * sizeof *natdec);
  int *q = malloc(n * sizeof *q), *qn = malloc(n * sizeof *qn);
  for (size_t r = 0; r < n; r++) {
    const char *code = hg_table_cell(iod, r, 0);
    long a = row_of(iq, code), p = row_of(pp, code);
    assert_true(a >= 0 && p >= 0);
    rank[r] =
        hg_test_num(iod, r, "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)");
    natdec[r] = hg_test_num(
        iod, r,
        "Index of Multiple Deprivation (IMD) Decile (where 1 is most deprived 10% of LSOAs)");
    qn[r] = (int)natdec[r];
    v[r] = hg_test_num(aq, (size_t)a, col);
    w[r] = hg_test_num(pop, (size_t)p, "Persons_All-Ages");
  }
  hg_error err;
  /* London-wide deciles from the national rank (rank 1 = most deprived). */
  assert_int_equal(hg_ineq_assign_quantiles(n, rank, NULL, 10, 0, q, &err), HG_OK);
  double mean[10], wt[10], b0;
  hg_ineq_quantile_means(n, q, v, w, 10, mean, wt);
  char title[200];
  snprintf(title, sizeof title, "%s 2019 by London-wide IMD decile (population-weighted)", label);
  print_table(title, mean, wt, 10);
  double s = sii_of(mean, wt, 10, &b0);
  print_message("  SII %.3f ug/m3 (most deprived end %.3f), most - least %.3f\n", s, b0,
                mean[0] - mean[9]);
  /* Population-weighted deciles: each holds about a tenth of London's 8,961,989. */
  assert_int_equal(hg_ineq_assign_quantiles(n, rank, w, 10, 0, q, &err), HG_OK);
  hg_ineq_quantile_means(n, q, v, w, 10, mean, wt);
  for (int j = 0; j < 10; j++)
    assert_true(fabs(wt[j] - 896198.9) < 5000);
  s = sii_of(mean, wt, 10, &b0);
  print_message("  population-weighted deciles: SII %.3f, most - least %.3f\n", s,
                mean[0] - mean[9]);
  hg_ineq_quantile_means(n, qn, v, w, 10, mean, wt);
  snprintf(title, sizeof title, "%s 2019 by national IMD decile (IoD File 2)", label);
  print_table(title, mean, wt, 10);
  s = sii_of(mean, wt, 10, &b0);
  print_message("  SII %.3f ug/m3, most - least %.3f\n", s, mean[0] - mean[9]);
  assert_true(mean[0] > mean[9]); /* the most deprived breathe dirtier air */
  free(rank);
  free(w);
  free(v);
  free(natdec);
  free(q);
  free(qn);
  g_hash_table_destroy(iq);
  g_hash_table_destroy(pp);
  hg_table_free(aq);
  hg_table_free(iod);
  hg_table_free(pop);
}

static void test_air_quality(void **state) {
  (void)state;
  air_quality(DATA "laei_lsoa11_2019_PM25.csv", "PM25-2019-mean", "PM2.5");
  air_quality(DATA "laei_lsoa11_2019_NO2.csv", "NO2-2019-mean", "NO2");
}

/* Deciles within each borough: every borough has all ten; the City of London has
 * only 6 LSOAs, too few for deciles, so the PHE method leaves them unassigned. */
static void test_deciles_within_boroughs(void **state) {
  (void)state;
  hg_geo *g = hg_geo_new();
  hg_geo_london_paths p = {DATA "ons_lsoa11_msoa11_lad17_london_lookup.csv", NULL,
                           DATA "london_borough_icb_lookup.csv"};
  hg_error err;
  assert_int_equal(hg_geo_load_london(g, &p, &err), HG_OK);
  hg_table *iod = hg_test_table(DATA "iod2019_file2_imd_london_lsoa.csv");
  size_t n = hg_table_nrows(iod);
  const char **codes = malloc(n * sizeof *codes);
  double *rank = malloc(n * sizeof *rank);
  int *q = malloc(n * sizeof *q);
  for (size_t r = 0; r < n; r++) {
    codes[r] = hg_table_cell(iod, r, 0);
    rank[r] =
        hg_test_num(iod, r, "Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)");
  }
  assert_int_equal(
      hg_ineq_assign_quantiles_within(g, HG_GEO_LAD, n, codes, rank, NULL, 10, 0, q, &err), HG_OK);
  GHashTable *cnt = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  for (size_t r = 0; r < n; r++) {
    if (strcmp(hg_geo_ancestor(g, codes[r], HG_GEO_LAD), "E09000001") == 0) {
      assert_int_equal(q[r], 0);
      continue;
    }
    assert_true(q[r] >= 1 && q[r] <= 10);
    char *k = g_strdup_printf("%s/%d", hg_geo_ancestor(g, codes[r], HG_GEO_LAD), q[r]);
    int *c = g_hash_table_lookup(cnt, k);
    if (!c) {
      c = g_new0(int, 1);
      g_hash_table_insert(cnt, k, c);
    } else {
      g_free(k);
    }
    (*c)++;
  }
  assert_int_equal(g_hash_table_size(cnt), 32 * 10);
  /* Within the ICB level too: 5 ICBs x 10 deciles. */
  assert_int_equal(
      hg_ineq_assign_quantiles_within(g, HG_GEO_ICB, n, codes, rank, NULL, 10, 0, q, &err), HG_OK);
  codes[0] = "E01999999";
  assert_int_equal(
      hg_ineq_assign_quantiles_within(g, HG_GEO_LAD, n, codes, rank, NULL, 10, 0, q, &err),
      HG_ERR_NOT_FOUND);
  g_hash_table_destroy(cnt);
  free(codes);
  free(rank);
  free(q);
  hg_table_free(iod);
  hg_geo_free(g);
}

static void test_borough_smoking(void **state) {
  (void)state;
  hg_table *t = hg_test_table(DATA "fingertips_tobacco_profile_london_2019.csv");
  hg_table *imd = hg_test_table(DATA "imd2019_lad19_london_score.csv");
  GHashTable *ix = index_of(imd, "lad_code");
  long ci = hg_table_col(t, "Indicator ID"), ca = hg_table_col(t, "Area Code");
  double score[40], v[40], l[40], u[40], x[40], d[40];
  const char *code[40];
  size_t n = 0;
  double london = NAN;
  for (size_t r = 0; r < hg_table_nrows(t); r++) {
    if (strcmp(hg_table_cell(t, r, (size_t)ci), "92443") != 0)
      continue;
    const char *a = hg_table_cell(t, r, (size_t)ca);
    if (strcmp(a, "E12000007") == 0)
      london = hg_test_num(t, r, "Value");
    long i = row_of(ix, a);
    if (strncmp(a, "E09", 3) != 0 || i < 0 || isnan(hg_test_num(t, r, "Value")))
      continue; /* City of London has no APS value */
    assert_true(n < 40);
    code[n] = a;
    score[n] = hg_test_num(imd, (size_t)i, "Score");
    v[n] = hg_test_num(t, r, "Value");
    l[n] = hg_test_num(t, r, "Lower CI 95.0 limit");
    u[n] = hg_test_num(t, r, "Upper CI 95.0 limit");
    x[n] = hg_test_num(t, r, "Count");
    /* The export has no denominator: recover it from the modelled count. */
    d[n] = x[n] * 100 / v[n];
    n++;
  }
  assert_int_equal(n, 32);
  /* The boroughs' counts add up to Fingertips' London value (12.948%). */
  double sx = 0, sd = 0;
  for (size_t i = 0; i < n; i++) {
    sx += x[i];
    sd += d[i];
  }
  print_message("APS smoking 2019: boroughs' counts give London %.3f%% (Fingertips %.3f%%)\n",
                100 * sx / sd, london);
  assert_true(fabs(100 * sx / sd - 12.948) < 0.05);

  /* Boroughs ordered most -> least deprived by IMD score: SII over 32 points. */
  size_t ord[40];
  for (size_t i = 0; i < n; i++)
    ord[i] = i;
  for (size_t i = 1; i < n; i++) /* insertion sort: 32 items */
    for (size_t j = i; j > 0 && score[ord[j - 1]] < score[ord[j]]; j--) {
      size_t tmp = ord[j];
      ord[j] = ord[j - 1];
      ord[j - 1] = tmp;
    }
  hg_ineq_quantile q[40];
  for (size_t i = 0; i < n; i++) {
    size_t k = ord[i];
    q[i] = (hg_ineq_quantile){code[k], v[k], l[k], u[k], NAN, NAN, d[k]};
  }
  hg_ineq_results *res = hg_ineq_results_new();
  hg_ineq_key key = {"92443", "E12000007", "2019", "Persons", "18+ yrs", NAN};
  hg_ineq_options o = {.value_type = HG_GAP_PROPORTION, .multiplier = 100, .seed = 3};
  hg_error err;
  assert_int_equal(
      hg_ineq_deprivation(&key, "London boroughs by IMD 2019 score", n, q, &o, res, &err), HG_OK);
  const hg_ineq_row *s = hg_ineq_results_find(res, NULL, NULL, NULL, NULL, "sii", NULL);
  const hg_ineq_row *ri = hg_ineq_results_find(res, NULL, NULL, NULL, NULL, "rii", NULL);
  print_message("  32 boroughs: SII %.2f points (%.2f to %.2f), RII %.3f (%.3f to %.3f)\n",
                s->value, s->lower95, s->upper95, ri->value, ri->lower95, ri->upper95);
  hg_ineq_results_free(res);

  /* Quintiles of boroughs (PHE method), counts aggregated per quintile. */
  int qq[40];
  assert_int_equal(hg_ineq_assign_quantiles(n, score, NULL, 5, 1, qq, &err), HG_OK);
  double qx[5], qd[5];
  hg_ineq_quantile_sums(n, qq, x, d, 5, qx, qd);
  hg_ineq_quantile q5[5];
  for (int j = 0; j < 5; j++) {
    q5[j] = (hg_ineq_quantile){NULL, NAN, NAN, NAN, qx[j], qd[j], NAN};
    print_message("  IMD quintile %d of boroughs: %.2f%%\n", j + 1, 100 * qx[j] / qd[j]);
  }
  res = hg_ineq_results_new();
  assert_int_equal(hg_ineq_deprivation(&key, "borough IMD quintiles", 5, q5, &o, res, &err), HG_OK);
  s = hg_ineq_results_find(res, NULL, NULL, NULL, NULL, "sii", NULL);
  const hg_ineq_row *g = hg_ineq_results_find(res, NULL, NULL, NULL, NULL, "abs_gap", NULL);
  const hg_ineq_row *rg = hg_ineq_results_find(res, NULL, NULL, NULL, NULL, "rel_gap", NULL);
  print_message("  quintiles: SII %.2f (%.2f to %.2f); most - least %.2f (%.2f to %.2f); "
                "ratio %.3f (%.3f to %.3f)\n",
                s->value, s->lower95, s->upper95, g->value, g->lower95, g->upper95, rg->value,
                rg->lower95, rg->upper95);
  assert_true(g->lower95 < g->value && g->value < g->upper95);
  hg_ineq_results_free(res);
  g_hash_table_destroy(ix);
  hg_table_free(t);
  hg_table_free(imd);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_msoa_life_expectancy),
      cmocka_unit_test(test_air_quality),
      cmocka_unit_test(test_borough_smoking),
      cmocka_unit_test(test_deciles_within_boroughs),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
