/* test_run_state.c: what a run keeps in memory gives what the files gave.
 * Ingest parses each input once and the later stages use the parsed tables
 * (the registry, targets and London hierarchy loaders from a table must
 * equal those from the path); render draws from the results in memory (chart
 * data from rows must equal the same rows written as results/indicators.csv
 * and read back); the results' columns are declared once (the writer's
 * header is the declaration). */
#include "hg_test.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define LONDON "fixtures/london/real/"

static void test_geography_from_tables(void **state) {
  (void)state;
  hg_geo_london_paths p = {LONDON "ons_lsoa11_msoa11_lad17_london_lookup.csv", NULL,
                           LONDON "london_borough_icb_lookup.csv"};
  hg_error err;
  hg_geo *a = hg_geo_new(), *b = hg_geo_new();
  assert_int_equal(hg_geo_load_london(a, &p, &err), HG_OK);
  hg_table *lsoa = hg_test_table(p.lsoa11_msoa11_lad), *icb = hg_test_table(p.borough_icb);
  hg_geo_london_tables t = {lsoa, NULL, icb};
  assert_int_equal(hg_geo_load_london_tables(b, &t, &err), HG_OK);
  for (int lv = HG_GEO_LSOA; lv <= HG_GEO_COUNTRY; lv++)
    assert_int_equal(hg_geo_count(a, (hg_geo_level)lv), hg_geo_count(b, (hg_geo_level)lv));
  assert_true(hg_geo_count(b, HG_GEO_ICB) == 5);
  const char *code = hg_table_cell(lsoa, 0, (size_t)hg_table_col(lsoa, "LSOA11CD"));
  static const hg_geo_level up[] = {HG_GEO_MSOA, HG_GEO_LAD, HG_GEO_ICB, HG_GEO_REGION,
                                    HG_GEO_COUNTRY};
  for (size_t k = 0; k < G_N_ELEMENTS(up); k++)
    assert_string_equal(hg_geo_ancestor(a, code, up[k]), hg_geo_ancestor(b, code, up[k]));
  hg_table_free(lsoa);
  hg_table_free(icb);
  hg_geo_free(a);
  hg_geo_free(b);
}

static void test_registry_and_targets_from_tables(void **state) {
  (void)state;
  hg_error err;
  const char *meta = "fixtures/london/indicator_metadata.csv";
  hg_indicator_registry *a = hg_indicator_registry_new(), *b = hg_indicator_registry_new();
  assert_int_equal(hg_indicator_registry_load_csv(a, meta, &err), HG_OK);
  hg_table *t = hg_test_table(meta);
  assert_int_equal(hg_indicator_registry_load_table(b, t, &err), HG_OK);
  assert_int_equal(hg_indicator_registry_size(a), hg_indicator_registry_size(b));
  for (size_t i = 0; i < hg_indicator_registry_size(a); i++)
    assert_string_equal(hg_indicator_registry_at(a, i)->name, hg_indicator_registry_at(b, i)->name);
  hg_table_free(t);
  hg_indicator_registry_free(a);
  hg_indicator_registry_free(b);

  const char *targets = "fixtures/targets.csv";
  hg_target_set *x = hg_target_set_new(), *y = hg_target_set_new();
  assert_int_equal(hg_target_set_load_csv(x, targets, &err), HG_OK);
  t = hg_test_table(targets);
  assert_int_equal(hg_target_set_load_table(y, t, &err), HG_OK);
  assert_true(hg_target_set_size(x) > 0);
  assert_int_equal(hg_target_set_size(x), hg_target_set_size(y));
  for (size_t i = 0; i < hg_target_set_size(x); i++)
    assert_string_equal(hg_target_set_at(x, i)->target_id, hg_target_set_at(y, i)->target_id);
  hg_table_free(t);
  hg_target_set_free(x);
  hg_target_set_free(y);
}

/* Four areas of one indicator, with a -0 and a missing limit: the cases
 * where a number's published form differs from the double. */
static hg_arow *sample_rows(size_t *n) {
  static const char *codes[] = {"E92000001", "E09000001", "E09000002", "E09000003"};
  static const char *names[] = {"England", "City of London", "Barking and Dagenham", "Barnet"};
  static const double values[] = {12.5, -0.0, 14.25, 11.125};
  *n = G_N_ELEMENTS(codes);
  hg_arow *a = g_new0(hg_arow, *n);
  for (size_t i = 0; i < *n; i++) {
    a[i].indicator_id = "92443";
    a[i].indicator_name = "Smoking prevalence";
    a[i].area_code = codes[i];
    a[i].area_name = names[i];
    a[i].period = "2019";
    a[i].period_sortable = 20190000;
    a[i].sex = "Persons";
    a[i].age = "18+ yrs";
    a[i].value = values[i];
    a[i].lower95 = values[i] - 1.5;
    a[i].upper95 = i == 2 ? NAN : values[i] + 1.5;
    a[i].lower998 = a[i].upper998 = a[i].count = a[i].denominator = NAN;
    a[i].annual_change = a[i].annual_change_lower = a[i].annual_change_upper = NAN;
    a[i].change_difference = a[i].change_lower = a[i].change_upper = NAN;
    a[i].compared_to_england = i ? (i == 2 ? "Worse" : "Similar") : "";
  }
  return a;
}

static void assert_same_spec(const hg_chart_spec *x, const hg_chart_spec *y) {
  assert_string_equal(x->title, y->title);
  assert_string_equal(x->subtitle ? x->subtitle : "", y->subtitle ? y->subtitle : "");
  assert_int_equal(x->nseries, y->nseries);
  for (size_t s = 0; s < x->nseries; s++) {
    assert_int_equal(x->series[s].n, y->series[s].n);
    for (size_t i = 0; i < x->series[s].n; i++) {
      const hg_chart_point *p = &x->series[s].pts[i], *q = &y->series[s].pts[i];
      assert_string_equal(p->code ? p->code : "", q->code ? q->code : "");
      assert_string_equal(p->label ? p->label : "", q->label ? q->label : "");
      hg_assert_close(q->value, p->value, 0, "value");
      hg_assert_close(q->lower, p->lower, 0, "lower");
      hg_assert_close(q->upper, p->upper, 0, "upper");
      assert_int_equal(p->sig, q->sig);
      assert_int_equal(p->role, q->role);
    }
  }
}

static void test_chart_data_from_rows_equals_file(void **state) {
  (void)state;
  size_t n;
  hg_arow *a = sample_rows(&n);
  char *dir = g_dir_make_tmp("hg-test-state-XXXXXX", NULL);
  char *path = g_build_filename(dir, "indicators.csv", NULL);
  FILE *fp = fopen(path, "wb");
  assert_non_null(fp);
  assert_int_equal(hg_indicators_write_csv(fp, a, n), HG_OK);
  fclose(fp);

  /* The writer's header is the one declaration of the columns. */
  static const char *const cols[] = {HG_INDICATORS_COLUMNS(HG_COLUMN_NAME)};
  hg_table *t = hg_test_table(path);
  assert_int_equal(hg_table_ncols(t), G_N_ELEMENTS(cols));
  for (size_t j = 0; j < G_N_ELEMENTS(cols); j++)
    assert_string_equal(hg_table_colname(t, j), cols[j]);
  hg_table_free(t);

  hg_chart_data *from_file = NULL, *from_rows = NULL;
  hg_error err;
  assert_int_equal(hg_chart_data_read(path, &from_file, &err), HG_OK);
  hg_chart_row *rows = g_new0(hg_chart_row, n);
  for (size_t i = 0; i < n; i++) {
    /* as the render stage takes them: each number in its published form */
    double v = a[i].value, hi = a[i].upper95;
    rows[i] = (hg_chart_row){.indicator_id = a[i].indicator_id,
                             .indicator_name = a[i].indicator_name,
                             .area_code = a[i].area_code,
                             .area_name = a[i].area_name,
                             .period = a[i].period,
                             .sex = a[i].sex,
                             .age = a[i].age,
                             .compared_to_england = a[i].compared_to_england,
                             .period_sortable = (double)a[i].period_sortable,
                             .value = v == 0 ? 0.0 : v,
                             .lower95 = a[i].lower95,
                             .upper95 = isfinite(hi) ? hi : NAN,
                             .lower998 = NAN,
                             .upper998 = NAN,
                             .count = NAN,
                             .denominator = NAN,
                             .group_value = NAN};
  }
  assert_int_equal(hg_chart_data_from_rows(path, rows, n, &from_rows), HG_OK);
  g_free(rows);
  static const hg_chart_kind kinds[] = {HG_CHART_COMPARE, HG_CHART_OVERVIEW};
  for (size_t k = 0; k < G_N_ELEMENTS(kinds); k++) {
    hg_chart_request req = {.kind = kinds[k], .indicator = "92443", .area_prefix = "E09"};
    hg_chart_built *x = NULL, *y = NULL;
    assert_int_equal(hg_chart_build(from_file, &req, &x, &err), HG_OK);
    assert_int_equal(hg_chart_build(from_rows, &req, &y, &err), HG_OK);
    assert_same_spec(hg_chart_built_spec(x), hg_chart_built_spec(y));
    hg_chart_built_free(x);
    hg_chart_built_free(y);
  }
  hg_chart_data_free(from_file);
  hg_chart_data_free(from_rows);
  g_remove(path);
  g_rmdir(dir);
  g_free(path);
  g_free(dir);
  g_free(a);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_geography_from_tables),
      cmocka_unit_test(test_registry_and_targets_from_tables),
      cmocka_unit_test(test_chart_data_from_rows_equals_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
